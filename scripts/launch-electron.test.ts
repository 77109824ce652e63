/**
 * The launcher behind `npm start` / `npm run demo`, run as a real process in a throw-away
 * project whose Electron package has no binary and whose installer fails the way it does
 * offline: a two-line reason naming `npm run preview`, exit 1, no stack trace. And with a
 * binary present (a stand-in script), it runs it with the arguments given.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const launcher = path.join(import.meta.dirname, 'launch-electron.mjs');
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(installScript: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'launch-'));
  made.push(root);
  mkdirSync(path.join(root, 'scripts'));
  copyFileSync(launcher, path.join(root, 'scripts', 'launch-electron.mjs'));
  const pkg = path.join(root, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron","version":"45.0.0"}');
  writeFileSync(path.join(pkg, 'install.js'), installScript);
  return root;
}

const run = (root: string, ...args: string[]) => spawnSync(process.execPath, [path.join(root, 'scripts', 'launch-electron.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' } });

describe('launch-electron', () => {
  it('without a binary and with a failing download: names the cause and npm run preview, no stack trace', () => {
    const root = project("console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (x.js:1:1)'); process.exit(1);");
    const r = run(root, '.', '--demo');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Electron cannot start here');
    expect(r.stderr).toContain('(RequestError: getaddrinfo ENOTFOUND github.com)');
    expect(r.stderr).toContain('npm run preview');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('delete `node_modules/electron`');
  });

  // The stand-in binary is a shell script.
  it.skipIf(process.platform === 'win32')('with a binary present: runs it with the arguments and passes its exit code on', () => {
    const root = project('process.exit(0);');
    const pkg = path.join(root, 'node_modules', 'electron');
    mkdirSync(path.join(pkg, 'dist'));
    const fake = path.join(pkg, 'dist', 'electron');
    writeFileSync(fake, `#!/bin/sh\necho "args: $*"\nexit 7\n`);
    chmodSync(fake, 0o755);
    writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    const r = run(root, '.', '--demo');
    expect(r.stdout).toContain('args: . --demo');
    expect(r.status).toBe(7);
  });
});
