import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CacheCorruptError, decryptCache, encryptCache, newCacheKey, readFileIfExists, writeFileAtomic } from './crypto-file';

describe('encryptCache / decryptCache', () => {
  const key = newCacheKey();
  const plain = Buffer.from('{"RefreshToken":{"k":{"secret":"very-secret-refresh-token"}}}');

  test('round-trips, with a fresh IV each time and no plaintext in the output', () => {
    const a = encryptCache(plain, key);
    const b = encryptCache(plain, key);
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(0, 5).toString('latin1')).toBe('PIMC\x01');
    expect(a.includes(Buffer.from('very-secret'))).toBe(false);
    expect(decryptCache(a, key)).toEqual(plain);
    expect(decryptCache(b, key)).toEqual(plain);
  });

  test.each([
    ['magic', 0],
    ['version', 4],
    ['iv', 8],
    ['tag', 20],
    ['body', -1],
  ])('a flipped bit in the %s is detected', (_part, offset) => {
    const data = encryptCache(plain, key);
    const at = offset < 0 ? data.length + offset : offset;
    data[at] = (data[at] ?? 0) ^ 0x01;
    expect(() => decryptCache(data, key)).toThrow(CacheCorruptError);
  });

  test('a wrong key, a truncated file and an empty file are corrupt, not crashes', () => {
    const data = encryptCache(plain, key);
    expect(() => decryptCache(data, newCacheKey())).toThrow(CacheCorruptError);
    expect(() => decryptCache(data.subarray(0, 20), key)).toThrow(CacheCorruptError);
    expect(() => decryptCache(Buffer.alloc(0), key)).toThrow(CacheCorruptError);
    expect(() => decryptCache(data, key.subarray(0, 16))).toThrow(CacheCorruptError);
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pim-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('replaces the file, owner-only, leaving no temp file', async () => {
    const path = join(dir, 'msal-cache.bin');
    await writeFile(path, 'old');
    await writeFileAtomic(path, Buffer.from('new'));
    expect((await readFileIfExists(path))?.toString()).toBe('new');
    expect(await readdir(dir)).toEqual(['msal-cache.bin']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  test('readFileIfExists answers null for a missing file', async () => {
    expect(await readFileIfExists(join(dir, 'nope'))).toBeNull();
  });
});
