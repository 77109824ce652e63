/**
 * Durable file replacement for everything core keeps on disk (token cache, settings,
 * outbox snapshots): a reader, or a crash at any instant, sees the old file or the new
 * one, never a mix. Owns bytes on disk only; never interprets them.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { systemClock } from '../clock';

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
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
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
export async function renameWithRetry(from: string, to: string): Promise<void> {
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

export async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable. Windows cannot open a directory for fsync; NTFS
  // journals the rename, so skipping there is the usual practice. Some filesystems refuse
  // fsync on a directory: the rename is still atomic, only its durability is up to them.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // see above
  } finally {
    await handle.close();
  }
}

const TEMP_SUFFIX = '.tmp';

/** A temp file writeFileAtomic leaves behind when its process died mid-write. */
export function isAtomicTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}
