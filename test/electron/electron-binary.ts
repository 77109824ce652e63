/**
 * Finds the Electron executable without `require('electron')`, which would try to
 * download it (and throw where the network forbids that). Answers why not, when absent,
 * so the Electron suite can skip with a reason instead of failing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { ok: true; executablePath: string } | { ok: false; reason: string };

export function findElectronBinary(projectRoot: string): ElectronBinary {
  const pkgDir = path.join(projectRoot, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json'))) return { ok: false, reason: 'the electron package is not installed' };
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { ok: false, reason: `${path.relative(projectRoot, pathFile)} is missing (binary never downloaded; run \`npx install-electron\`)` };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
  const executablePath = path.join(distDir, relative);
  if (!existsSync(executablePath)) return { ok: false, reason: `${executablePath} does not exist` };
  return { ok: true, executablePath };
}
