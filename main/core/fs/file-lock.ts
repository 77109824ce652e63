/**
 * The one cross-process lock file of the app: the app and the CLI share one outbox
 * directory (one drainer, one journal writer at a time) and one MSAL token cache (one
 * reader-writer at a time). Taken by exclusive create (`wx`) of a file holding
 * `{pid, host, at, token}`. A lock is stale when its pid is dead (same
 * host) or its heartbeat is older than `staleMs`; breaking a stale lock is itself guarded
 * by a short-lived `.break` file so two processes never both break and both win.
 * Never deletes a lock it does not own unless it proved the lock stale.
 *
 * A holder can lose its lock without knowing: stopped (SIGSTOP, a laptop lid, a debugger)
 * or stalled past `staleMs`, another process breaks it and takes it. So holders ask
 * `owned()` right before any step that must not be taken twice (a write to Azure, a
 * journal append or compaction), and the heartbeat only ever touches a lock that is
 * still theirs — it never writes the file, so it cannot overwrite a new owner's lock.
 */
import { open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { systemClock, type Clock } from '../clock';

interface LockOwner {
  pid: number;
  host: string;
  at: number;
  token: string;
}

export interface FileLock {
  readonly path: string;
  /** Refreshes the heartbeat so a long drain is not mistaken for a stale lock. */
  heartbeat(): Promise<void>;
  /** Whether the lock file still holds this lock's token (false once another process took it over, or after release). */
  owned(): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockOptions {
  /**
   * Wall time by default, on purpose: stamps are compared across processes (each with its
   * own clock) and with file mtimes, so a test's virtual clock must not reach in here.
   */
  clock?: Clock;
  /** A lock whose heartbeat is older than this is stale even if its pid lives (pid reuse, hung process). */
  staleMs: number;
  /** How long `acquire` keeps trying; 0 = one try. */
  waitMs: number;
  /** Pause between tries. */
  retryMs?: number;
  signal?: AbortSignal;
}

/** Whether a process with this pid exists on this host (a zombie counts until reaped). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || !('pid' in parsed)) return null;
    // The token cache's lock once stamped `createdAt`: a process of that version may hold it.
    const { at, createdAt } = parsed as { at?: unknown; createdAt?: unknown };
    const stamp = typeof at === 'number' ? at : typeof createdAt === 'number' ? createdAt : null;
    return stamp === null ? null : { ...(parsed as LockOwner), at: stamp };
  } catch {
    return null; // missing, or half-written by a process killed mid-create: judged by mtime
  }
}

async function isStale(path: string, staleMs: number, now: number): Promise<boolean> {
  const owner = await readOwner(path);
  let mtime: number;
  try {
    mtime = (await stat(path)).mtimeMs;
  } catch {
    return false; // gone already; the next create attempt will tell
  }
  if (!owner) return now - mtime > Math.min(staleMs, 2_000);
  if (owner.host === hostname() && !pidAlive(owner.pid)) return true;
  // The heartbeat touches mtime; trust the later of the two stamps.
  return now - Math.max(owner.at, mtime) > staleMs;
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    // `createdAt` too, for a process of the version whose token-cache lock read only that.
    await fh.writeFile(JSON.stringify({ ...owner, createdAt: owner.at }));
  } catch (err) {
    // Disk full: an empty lock would block everyone until judged stale by its age.
    await fh.close();
    await rm(path, { force: true });
    throw err;
  }
  await fh.close();
  return true;
}

/** Removes `path` if it is (still) stale; guarded so only one process breaks it. True when removed. */
async function breakIfStale(path: string, staleMs: number, now: number, me: LockOwner): Promise<boolean> {
  const breaker = `${path}.break`;
  if (!(await tryCreate(breaker, me))) {
    // Someone else is breaking it — unless that someone died doing so.
    if (await isStale(breaker, 5_000, now)) await rm(breaker, { force: true });
    return false;
  }
  try {
    if (!(await isStale(path, staleMs, now))) return false;
    await rm(path, { force: true });
    return true;
  } finally {
    await rm(breaker, { force: true });
  }
}

let counter = 0;

/** Takes the lock at `path`, or returns null when it stays held for `waitMs`. */
export async function acquireLock(path: string, opts: LockOptions): Promise<FileLock | null> {
  const { clock = systemClock, staleMs, waitMs, retryMs = 25, signal } = opts;
  const token = `${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  const deadline = clock.now() + waitMs;
  for (;;) {
    signal?.throwIfAborted();
    const me: LockOwner = { pid: process.pid, host: hostname(), at: clock.now(), token };
    if (await tryCreate(path, me)) return makeLock(path, token);
    if ((await isStale(path, staleMs, clock.now())) && (await breakIfStale(path, staleMs, clock.now(), me))) continue;
    if (clock.now() >= deadline) return null;
    await clock.sleep(retryMs, signal);
  }
}

function makeLock(path: string, token: string): FileLock {
  let released = false;
  const ownsIt = async () => (await readOwner(path))?.token === token;
  return {
    path,
    async heartbeat() {
      if (released || !(await ownsIt())) return;
      // Only the mtime moves (staleness trusts the later of it and the stamp inside). Had
      // the lock been taken over since the check above, this would merely freshen the new
      // owner's lock — never replace it with ours.
      const t = new Date();
      await utimes(path, t, t).catch(() => undefined);
    },
    owned: async () => !released && (await ownsIt()),
    async release() {
      if (released) return;
      released = true;
      // Only remove our own lock: if it was broken as stale and retaken, it is not ours.
      if (await ownsIt()) await rm(path, { force: true });
    },
  };
}

export class LockTimeoutError extends Error {
  constructor(path: string, timeoutMs: number) {
    super(`Could not lock ${path} within ${timeoutMs} ms; another PIM Approvals process holds it.`);
    this.name = 'LockTimeoutError';
  }
}

/** For holders of short turns (the token cache): defaults instead of a wait to choose, an error instead of null. */
export interface TurnLockOptions {
  /** A lock older than this is taken over even if its owner seems alive (default 30 s). */
  staleMs?: number;
  /** Give up waiting after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 20 ms). */
  retryMs?: number;
  clock?: Clock;
}

/** Takes the lock at `path`, waiting up to `timeoutMs`; throws LockTimeoutError when it stays held. */
export async function acquireFileLock(path: string, opts: TurnLockOptions = {}): Promise<FileLock> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const lock = await acquireLock(path, {
    staleMs: opts.staleMs ?? 30_000,
    waitMs: timeoutMs,
    retryMs: opts.retryMs ?? 20,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  if (!lock) throw new LockTimeoutError(path, timeoutMs);
  return lock;
}

/** Runs `work` while holding the lock. */
export async function withFileLock<T>(path: string, work: () => Promise<T>, opts?: TurnLockOptions): Promise<T> {
  const lock = await acquireFileLock(path, opts);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
