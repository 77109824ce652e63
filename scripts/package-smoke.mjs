#!/usr/bin/env node
/**
 * `npm run package:smoke`: runs electron-builder's real `--dir` packaging for Linux on a
 * machine without the Electron binary, using a fake Electron distribution that carries only
 * the fuse wire. Proves here what the GitHub matrix proves for real: the config packs out/
 * and package.json into app.asar, and the Electron fuses are flipped as electron-builder.yml
 * says. Needs `npm run build` first. Works in .tmp/package-smoke (ignored by git), removed
 * on success and kept for a look on failure.
 */
import { getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.tmp', 'package-smoke');
const fakeDist = path.join(work, 'electron-dist');
const output = path.join(work, 'dist');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'; // @electron/fuses' marker before the fuse wire
const FUSE_ORDER = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'];

if (!existsSync(path.join(root, 'out', 'main', 'index.cjs'))) {
  console.error('out/main/index.cjs is missing: run `npm run build` first');
  process.exit(1);
}
const electronVersion = JSON.parse(await readFile(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

await rm(work, { recursive: true, force: true });
await mkdir(fakeDist, { recursive: true });
// Electron's own defaults on the wire (1 = on, 0 = off), so every flip is visible.
const wire = Buffer.concat([Buffer.from('fake electron\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001'), Buffer.from('\n')]);
await writeFile(path.join(fakeDist, 'electron'), wire);
await chmod(path.join(fakeDist, 'electron'), 0o755);
await writeFile(path.join(fakeDist, 'version'), electronVersion);
await writeFile(path.join(fakeDist, 'LICENSE'), 'fake');

const builder = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--dir', '--linux', '--publish', 'never',
    `-c.electronDist=${fakeDist}`, `-c.electronVersion=${electronVersion}`,
    // Rebuilding keytar for Electron needs Electron's headers from the internet.
    '-c.npmRebuild=false', `-c.directories.output=${output}`,
  ],
  { cwd: root, stdio: 'inherit' },
);
if (builder.status !== 0) process.exit(builder.status ?? 1);

const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8'));
const unpacked = path.join(output, 'linux-unpacked');
const executable = path.join(unpacked, 'pim-approvals');
const flipped = await getCurrentFuseWire(executable);
const problems = [];
FUSE_ORDER.forEach((name, index) => {
  const want = config.electronFuses[name];
  if (want === undefined) return;
  const got = String.fromCharCode(flipped[index]);
  if (got !== (want ? '1' : '0')) problems.push(`fuse ${name}: wanted ${want}, binary has "${got}"`);
});
const asar = spawnSync(process.execPath, [path.join(root, 'node_modules', '@electron', 'asar', 'bin', 'asar.js'), 'list', path.join(unpacked, 'resources', 'app.asar')], { encoding: 'utf8' });
const files = asar.stdout.split('\n');
for (const needed of ['/package.json', '/out/main/index.cjs', '/out/main/demo.cjs', '/out/preload/index.cjs', '/out/renderer/index.html', '/out/icons/tray-idle-16.png']) {
  if (!files.includes(needed)) problems.push(`app.asar lacks ${needed}`);
}
if (files.some((f) => f.startsWith('/out/') && f.endsWith('.map'))) problems.push('app.asar contains our source maps');

if (problems.length > 0) {
  for (const p of problems) console.error(`package smoke: ${p}`);
  process.exit(1);
}
const modules = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/').slice(2, f.split('/')[2]?.startsWith('@') ? 4 : 3).join('/')));
await rm(work, { recursive: true, force: true });
console.log(`package smoke: ok — ${files.filter((f) => f.startsWith('/out/')).length} out/ entries in app.asar, fuses as configured`);
console.log(`package smoke: ${modules.size} packages from node_modules ride along (production dependencies; only natives are needed at runtime)`);
