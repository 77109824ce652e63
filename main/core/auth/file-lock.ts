/**
 * A cross-process lock around the token cache file, so the app and the CLI can share one
 * cache. The lock is a file created with O_EXCL holding {pid, host, createdAt, token}. A lock
 * whose owner pid is dead (same host) or that is older than `staleMs` is recovered: it is
 * renamed aside and checked to be the very lock judged stale before it is removed, so two
 * waiters recovering at once cannot delete each other's fresh lock.
 * Owns lock files only; never touches the cache file itself.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { systemClock, type Clock } from '../clock';

export interface LockOptions {
  /** A lock older than this is taken over even if its owner seems alive (default 30 s). */
  staleMs?: number;
  /** Give up waiting after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 20 ms, jittered). */
  retryMs?: number;
  clock?: Clock;
}

export interface FileLock {
  readonly path: string;
  /** Removes the lock if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

export class LockTimeoutError extends Error {
  constructor(path: string, timeoutMs: number) {
    super(`Could not lock ${path} within ${timeoutMs} ms; another PIM Approvals process holds it.`);
    this.name = 'LockTimeoutError';
  }
}

interface LockRecord {
  pid: number;
  host: string;
  createdAt: number;
  token: string;
}

export async function acquireFileLock(path: string, opts: LockOptions = {}): Promise<FileLock> {
  const clock = opts.clock ?? systemClock;
  const staleMs = opts.staleMs ?? 30_000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retryMs = opts.retryMs ?? 20;
  const deadline = clock.now() + timeoutMs;
  const record: LockRecord = { pid: process.pid, host: hostname(), createdAt: clock.now(), token: randomBytes(12).toString('hex') };

  for (;;) {
    record.createdAt = clock.now();
    if (await tryCreate(path, record)) return heldLock(path, record.token);
    await recoverIfStale(path, staleMs, clock);
    if (clock.now() >= deadline) throw new LockTimeoutError(path, timeoutMs);
    await clock.sleep(retryMs / 2 + Math.random() * retryMs);
  }
}

/** Runs `work` while holding the lock. */
export async function withFileLock<T>(path: string, work: () => Promise<T>, opts?: LockOptions): Promise<T> {
  const lock = await acquireFileLock(path, opts);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

async function tryCreate(path: string, record: LockRecord): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(JSON.stringify(record));
  } finally {
    await handle.close();
  }
  return true;
}

function heldLock(path: string, token: string): FileLock {
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      const current = await readRecord(path);
      // Someone took it over as stale (we were too slow); theirs now, leave it.
      if (current && current.token !== token) return;
      await unlink(path).catch(ignoreMissing);
    },
  };
}

async function readRecord(path: string): Promise<LockRecord | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockRecord>;
    if (typeof parsed.pid === 'number' && typeof parsed.token === 'string' && typeof parsed.createdAt === 'number') {
      return { pid: parsed.pid, host: String(parsed.host ?? ''), createdAt: parsed.createdAt, token: parsed.token };
    }
    return null;
  } catch {
    return null; // missing, or caught between create and write
  }
}

/** Whether a process with this pid exists on this host (a zombie counts until reaped). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, not ours
  }
}

async function isStale(path: string, staleMs: number, clock: Clock): Promise<{ stale: boolean; token: string | null }> {
  const record = await readRecord(path);
  if (record) {
    const ownerDead = record.host === hostname() && record.pid !== process.pid && !pidAlive(record.pid);
    return { stale: ownerDead || clock.now() - record.createdAt > staleMs, token: record.token };
  }
  // Unreadable lock: its owner may be between create and write, so judge by age only.
  try {
    const info = await stat(path);
    return { stale: clock.now() - info.mtimeMs > staleMs, token: null };
  } catch {
    return { stale: false, token: null };
  }
}

async function recoverIfStale(path: string, staleMs: number, clock: Clock): Promise<void> {
  const judged = await isStale(path, staleMs, clock);
  if (!judged.stale) return;
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    ignoreMissing(e);
    return;
  }
  const moved = await readRecord(aside);
  if (judged.token !== null && moved?.token !== judged.token) {
    // We moved a fresh lock someone created after our check: put it back if the slot is free.
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(ignoreMissing);
}

function ignoreMissing(e: unknown): void {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
}
