#!/usr/bin/env node
/**
 * `npm start` / `npm run demo`: starts the Electron app, or says in two lines why it cannot.
 * Electron's own launcher (node_modules/electron/cli.js) downloads the binary on first use
 * and, where that fails (no network, a proxy, a headless box), ends in a stack trace that
 * advises deleting node_modules/electron — which does not help. Here the binary is found
 * without `require('electron')` (which would start that download), the download is tried
 * once through Electron's own install.js, and a failure names the cause and the browser
 * preview, which runs the same core and window without Electron.
 *
 *   node scripts/launch-electron.mjs . --demo
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'electron');

/** The executable Electron's package would run, or null when it is not on disk. */
function electronExecutable() {
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  const executable = path.join(distDir, readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/** The last meaningful line Electron's installer printed (e.g. "getaddrinfo ENOTFOUND github.com"). */
function causeOf(output) {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  const named = lines.find((l) => /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|certificate|HTTPError|proxy|\b40\d\b|\b50\d\b/i.test(l));
  return (named ?? lines.at(-1) ?? 'no output').slice(0, 200);
}

function cannotStart(cause) {
  process.stderr.write(
    `PIM Approvals: Electron cannot start here: its binary is not installed and downloading it failed (${cause}).\n` +
      '  The same app runs in a browser on the simulated tenant:  npm run preview\n' +
      '  To install Electron where downloads work:  npx install-electron\n',
  );
  process.exit(1);
}

if (!existsSync(path.join(pkgDir, 'package.json'))) cannotStart('the electron package is not installed; run `npm install`');

let executable = electronExecutable();
if (!executable) {
  process.stderr.write('Electron\'s binary is not installed yet; downloading it once…\n');
  const installed = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  executable = installed.status === 0 ? electronExecutable() : null;
  if (!executable) cannotStart(installed.error ? installed.error.message : causeOf(`${installed.stdout ?? ''}\n${installed.stderr ?? ''}`));
}

const child = spawn(executable, process.argv.slice(2), { stdio: 'inherit', cwd: root });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => cannotStart(err.message));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
