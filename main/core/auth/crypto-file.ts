/**
 * The token cache's on-disk form: AES-256-GCM with a fresh random IV per write, the GCM tag,
 * and an authenticated header (magic + version byte), written atomically (temp file in the
 * same dir, fsync, rename, fsync dir). Owns bytes only: it never sees the keychain, never
 * logs contents, and reports damage as CacheCorruptError so callers can set the file aside.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, rename, rm, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { systemClock } from '../clock';

const MAGIC = Buffer.from('PIMC', 'ascii');
export const CACHE_FORMAT_VERSION = 1;
const HEADER = Buffer.concat([MAGIC, Buffer.from([CACHE_FORMAT_VERSION])]);
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** The file exists but cannot be read back: truncated, tampered, wrong key, unknown version. */
export class CacheCorruptError extends Error {
  constructor(reason: string) {
    super(`The token cache file cannot be decrypted (${reason}).`);
    this.name = 'CacheCorruptError';
  }
}

export function newCacheKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function encryptCache(plaintext: Buffer, key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('cache key must be 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(HEADER);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([HEADER, iv, cipher.getAuthTag(), body]);
}

export function decryptCache(data: Buffer, key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new CacheCorruptError('the key has the wrong length');
  if (data.length < HEADER.length + IV_BYTES + TAG_BYTES) throw new CacheCorruptError('too short');
  if (!data.subarray(0, MAGIC.length).equals(MAGIC)) throw new CacheCorruptError('not a PIM Approvals cache file');
  const version = data[MAGIC.length];
  if (version !== CACHE_FORMAT_VERSION) throw new CacheCorruptError(`unknown format version ${String(version)}`);
  const iv = data.subarray(HEADER.length, HEADER.length + IV_BYTES);
  const tag = data.subarray(HEADER.length + IV_BYTES, HEADER.length + IV_BYTES + TAG_BYTES);
  const body = data.subarray(HEADER.length + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(HEADER);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new CacheCorruptError('authentication failed: tampered, or encrypted with another key');
  }
}

/** The file's bytes, or null when it does not exist. */
export async function readFileIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Replaces `path` with `data` so that a reader (or a crash at any instant) sees either the old
 * file or the new one, never a mix: temp file beside it, fsync, rename over, fsync the dir.
 */
export async function writeFileAtomic(path: string, data: Buffer): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await renameWithRetry(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

/** Windows refuses to replace a file that a scanner or indexer holds open for a moment. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 4 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw e;
      await systemClock.sleep(50 * (attempt + 1));
    }
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable. Windows cannot open a directory for fsync; NTFS
  // journals the rename, so skipping there is the usual practice.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
