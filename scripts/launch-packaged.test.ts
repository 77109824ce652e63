import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { packagedExecutable } from './launch-packaged.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dist(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pim-dist-'));
  dirs.push(dir);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '');
  }
  return dir;
}

describe('the packaged app CI launches', () => {
  it('is found where electron-builder --dir puts it on each OS', () => {
    const d = dist(['linux-unpacked/pim-approvals', 'win-unpacked/PIM Approvals.exe', 'mac-arm64/PIM Approvals.app/Contents/MacOS/PIM Approvals']);
    expect(packagedExecutable(d, 'linux')).toBe(path.join(d, 'linux-unpacked', 'pim-approvals'));
    expect(packagedExecutable(d, 'win32')).toBe(path.join(d, 'win-unpacked', 'PIM Approvals.exe'));
    expect(packagedExecutable(d, 'darwin')).toBe(path.join(d, 'mac-arm64', 'PIM Approvals.app', 'Contents', 'MacOS', 'PIM Approvals'));
  });

  it('is null when nothing was packaged', () => {
    const d = dist([]);
    expect(packagedExecutable(d, 'linux')).toBeNull();
    expect(packagedExecutable(path.join(d, 'missing'), 'darwin')).toBeNull();
  });
});
