import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { createRotatingFile } from './rotating-file';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pim-log-'));
  dirs.push(dir);
  return path.join(dir, 'logs'); // not created yet: the writer creates it
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createRotatingFile', () => {
  it('appends redacted lines to a private file in a private folder', () => {
    const dir = tempDir();
    const file = createRotatingFile({ dir });
    const log = createLogger({ sinks: [file.sink] });
    log.info('signed in as ada@contoso.com', { accessToken: 'abc' });
    const text = readFileSync(file.file, 'utf8');
    expect(text).toMatch(/INFO {2}signed in as \[redacted-email\] \{"accessToken":"\[redacted\]"\}\n$/);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(file.file).mode & 0o777).toBe(0o600);
    }
  });

  it('rotates past maxBytes and keeps only `keep` old files', () => {
    const dir = tempDir();
    const file = createRotatingFile({ dir, maxBytes: 200, keep: 2 });
    const log = createLogger({ sinks: [file.sink] });
    for (let i = 0; i < 40; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(200);
    const tail = file.tail(5);
    expect(tail).toHaveLength(5);
    expect(tail.at(-1)).toContain('line 39');
    expect(tail[0]).toContain('line 35');
    expect(file.failures()).toBe(0);
  });

  it('tail reads across rotated files, oldest first', () => {
    const dir = tempDir();
    const file = createRotatingFile({ dir, maxBytes: 120, keep: 3 });
    const log = createLogger({ sinks: [file.sink] });
    for (let i = 0; i < 6; i++) log.info(`entry ${i}`);
    expect(file.tail(100).map((l) => l.replace(/^.* INFO {2}/, ''))).toEqual(['entry 0', 'entry 1', 'entry 2', 'entry 3', 'entry 4', 'entry 5']);
  });

  it('counts a failed write instead of throwing', () => {
    const dir = tempDir();
    const file = createRotatingFile({ dir: path.join(dir, '\0bad') });
    expect(() => file.sink({ time: 't', level: 'info', line: 'x' })).not.toThrow();
    expect(file.failures()).toBe(1);
    expect(file.tail(10)).toEqual([]);
  });
});
