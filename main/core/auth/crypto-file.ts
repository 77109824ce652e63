/**
 * The token cache's on-disk form: AES-256-GCM with a fresh random IV per write, the GCM tag,
 * and an authenticated header (magic + version byte), written atomically (../fs/atomic-file). Owns bytes only: it never sees the keychain, never
 * logs contents, and reports damage as CacheCorruptError so callers can set the file aside.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

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

export { readFileIfExists, writeFileAtomic } from '../fs/atomic-file';
