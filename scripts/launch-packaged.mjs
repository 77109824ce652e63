#!/usr/bin/env node
/**
 * `npm run package:launch` (CI, after `npm run package`): starts the app electron-builder
 * just unpacked under dist/, once, as `--demo --smoke-test`, and exits with its exit code:
 * 0 only once the packaged app has polled the embedded demo tenant (main/electron/smoke-test.ts).
 * This is what proves, per OS, that the fused, signed (macOS: at least ad hoc) binary starts.
 * On Linux run it under a display (xvfb-run). Gives up after LAUNCH_TIMEOUT_MS.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCH_TIMEOUT_MS = 180_000;
const PRODUCT_NAME = 'PIM Approvals'; // electron-builder.yml productName
const EXECUTABLE_NAME = 'pim-approvals'; // electron-builder.yml linux.executableName

/**
 * Where electron-builder --dir puts the executable: linux-unpacked/, win-unpacked/, and on
 * macOS mac/, mac-arm64/ or mac-universal/ (by architecture). Null when nothing is there.
 */
export function packagedExecutable(dist, platform) {
  const candidates = [];
  if (platform === 'linux') candidates.push(path.join(dist, 'linux-unpacked', EXECUTABLE_NAME));
  else if (platform === 'win32') candidates.push(path.join(dist, 'win-unpacked', `${PRODUCT_NAME}.exe`));
  else if (platform === 'darwin') {
    const dirs = existsSync(dist) ? readdirSync(dist).filter((d) => /^mac(-[\w]+)?$/.test(d)).sort() : [];
    for (const dir of dirs) candidates.push(path.join(dist, dir, `${PRODUCT_NAME}.app`, 'Contents', 'MacOS', PRODUCT_NAME));
  }
  return candidates.find((file) => existsSync(file)) ?? null;
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const executable = packagedExecutable(path.join(root, 'dist'), process.platform);
  if (!executable) {
    console.error('launch-packaged: no unpacked app under dist/ (run `npm run package` first)');
    return 1;
  }
  console.log(`launch-packaged: ${executable} --demo --smoke-test`);
  const child = spawn(executable, ['--demo', '--smoke-test'], { stdio: 'inherit', env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } });
  const timer = setTimeout(() => {
    console.error(`launch-packaged: no exit within ${LAUNCH_TIMEOUT_MS} ms`);
    child.kill();
  }, LAUNCH_TIMEOUT_MS);
  const code = await new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`launch-packaged: could not start it: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  clearTimeout(timer);
  console.log(`launch-packaged: exit code ${code}`);
  return code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
