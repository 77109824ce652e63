import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from './file-lock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cross-process lock file', () => {
  it('is exclusive until released', async () => {
    const path = join(dir, 'x.lock');
    const a = await acquireLock(path, { staleMs: 10_000, waitMs: 0 });
    expect(a).not.toBeNull();
    expect(await acquireLock(path, { staleMs: 10_000, waitMs: 50, retryMs: 10 })).toBeNull();
    const owner = JSON.parse(await readFile(path, 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    await a!.release();
    const b = await acquireLock(path, { staleMs: 10_000, waitMs: 0 });
    expect(b).not.toBeNull();
    await b!.release();
  });

  it('waits for a holder that lets go', async () => {
    const path = join(dir, 'x.lock');
    const a = await acquireLock(path, { staleMs: 10_000, waitMs: 0 });
    setTimeout(() => void a!.release(), 50);
    const b = await acquireLock(path, { staleMs: 10_000, waitMs: 2_000, retryMs: 10 });
    expect(b).not.toBeNull();
    await b!.release();
  });

  it('breaks the lock of a dead process', async () => {
    const path = join(dir, 'x.lock');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await new Promise((r) => child.once('spawn', r));
    await writeFile(path, JSON.stringify({ pid: child.pid, host: hostname(), at: Date.now(), token: 't' }));
    expect(await acquireLock(path, { staleMs: 60_000, waitMs: 0 })).toBeNull(); // alive: respected
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const b = await acquireLock(path, { staleMs: 60_000, waitMs: 0 });
    expect(b).not.toBeNull();
    await b!.release();
  });

  it('breaks a lock whose heartbeat is too old (hung owner, other host) and an unreadable one', async () => {
    const path = join(dir, 'x.lock');
    await writeFile(path, JSON.stringify({ pid: process.pid, host: 'elsewhere', at: Date.now() - 120_000, token: 't' }));
    const old = new Date(Date.now() - 120_000);
    await utimes(path, old, old);
    const b = await acquireLock(path, { staleMs: 60_000, waitMs: 0 });
    expect(b).not.toBeNull();
    await b!.release();
    await writeFile(path, '{"pid":');
    await utimes(path, old, old);
    const c = await acquireLock(path, { staleMs: 60_000, waitMs: 0 });
    expect(c).not.toBeNull();
    await c!.release();
  });

  it('a breaker left by a process that died while breaking does not block for long', async () => {
    const path = join(dir, 'x.lock');
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.once('exit', r));
    const dead = JSON.stringify({ pid: child.pid, host: hostname(), at: Date.now(), token: 'dead' });
    await writeFile(path, dead);
    await writeFile(`${path}.break`, dead);
    const t0 = Date.now();
    const b = await acquireLock(path, { staleMs: 60_000, waitMs: 1_000, retryMs: 10 });
    expect(b).not.toBeNull();
    expect(Date.now() - t0).toBeLessThan(500);
    await b!.release();
  });

  it('release never removes a lock someone else took over', async () => {
    const path = join(dir, 'x.lock');
    const a = await acquireLock(path, { staleMs: 60_000, waitMs: 0 });
    await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), token: 'someone-else' }));
    await a!.release();
    expect(JSON.parse(await readFile(path, 'utf8')).token).toBe('someone-else');
  });

  it('heartbeat refreshes the stamp, so a held lock is not judged stale', async () => {
    const path = join(dir, 'x.lock');
    const a = await acquireLock(path, { staleMs: 60_000, waitMs: 0 });
    const old = new Date(Date.now() - 120_000);
    await utimes(path, old, old);
    await a!.heartbeat();
    expect((await stat(path)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect(await acquireLock(path, { staleMs: 60_000, waitMs: 0 })).toBeNull();
    await a!.release();
  });

  it('owned(): a holder that stalled past staleMs learns another took its lock; its heartbeat and release leave the new lock alone', async () => {
    const path = join(dir, 'x.lock');
    const a = (await acquireLock(path, { staleMs: 100, waitMs: 0 }))!;
    expect(await a.owned()).toBe(true);
    // Another process waits until a's heartbeat is older than staleMs, then takes over.
    const b = (await acquireLock(path, { staleMs: 100, waitMs: 5_000, retryMs: 10 }))!;
    expect(b).not.toBeNull();
    const taken = await readFile(path, 'utf8');
    expect(await a.owned()).toBe(false);
    expect(await b.owned()).toBe(true);
    const bStamp = new Date(Date.now() - 30);
    await utimes(path, bStamp, bStamp);
    await a.heartbeat(); // a's heartbeat must not keep b's lock alive either
    expect(Math.abs((await stat(path)).mtimeMs - bStamp.getTime())).toBeLessThan(2);
    await a.release();
    expect(await readFile(path, 'utf8')).toBe(taken);
    expect(await b.owned()).toBe(true);
    await b.release();
    expect(await b.owned()).toBe(false);
  });

  it('only one of many concurrent contenders wins a stale lock', async () => {
    const path = join(dir, 'x.lock');
    await writeFile(path, JSON.stringify({ pid: 999_999_999, host: hostname(), at: 0, token: 'dead' }));
    const got = await Promise.all(Array.from({ length: 8 }, () => acquireLock(path, { staleMs: 60_000, waitMs: 0 })));
    expect(got.filter(Boolean)).toHaveLength(1);
  });
});

describe('cross-process lock file: what is not stale', () => {
  it('a lock on another host is not broken because its pid is not alive here', async () => {
    const path = join(dir, 'x.lock');
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = child.pid;
    await new Promise((r) => child.once('exit', r));
    await writeFile(path, JSON.stringify({ pid: deadPid, host: 'elsewhere', at: Date.now(), token: 't' }));
    expect(await acquireLock(path, { staleMs: 60_000, waitMs: 0 })).toBeNull();
  });

  it('an unreadable lock (its owner may still be writing it) is respected while it is fresh', async () => {
    const path = join(dir, 'x.lock');
    await writeFile(path, '{"pid":');
    expect(await acquireLock(path, { staleMs: 60_000, waitMs: 0 })).toBeNull();
  });

  it('a lock file holding JSON that is not an owner is judged by its age, like an unreadable one', async () => {
    const path = join(dir, 'x.lock');
    await writeFile(path, '{}');
    const old = new Date(Date.now() - 120_000);
    await utimes(path, old, old);
    const b = await acquireLock(path, { staleMs: 60_000, waitMs: 0 });
    expect(b).not.toBeNull();
    await b!.release();
  });

  it('a holder whose lock file vanished learns it does not own it, without a throw', async () => {
    const path = join(dir, 'x.lock');
    const a = (await acquireLock(path, { staleMs: 60_000, waitMs: 0 }))!;
    await rm(path);
    expect(await a.owned()).toBe(false);
    await a.heartbeat();
    await a.release();
  });

  it('a lock that cannot be created (no such folder) is an error, not "held by someone"', async () => {
    await expect(acquireLock(join(dir, 'missing', 'x.lock'), { staleMs: 60_000, waitMs: 0 })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
