import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { acquireFileLock, LockTimeoutError, withFileLock } from './file-lock';

let dir: string;
let lockPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pim-lock-'));
  lockPath = join(dir, 'msal-cache.bin.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

test('holders take turns', async () => {
  const order: string[] = [];
  const work = (name: string) =>
    withFileLock(lockPath, async () => {
      order.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 30));
      order.push(`${name} out`);
    });
  await Promise.all([work('a'), work('b'), work('c')]);
  for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]?.replace('in', 'out'));
});

test('the lock file names its owner, with the stamp under both names (a process of the version that read createdAt may wait on it)', async () => {
  const lock = await acquireFileLock(lockPath);
  const record = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number; host: string; at: number; createdAt: number };
  expect(record).toMatchObject({ pid: process.pid, host: hostname() });
  expect(record.createdAt).toBe(record.at);
  expect(Math.abs(record.at - Date.now())).toBeLessThan(60_000);
  await lock.release();
  await lock.release(); // twice is fine
});

test('a lock whose owner died is taken over at once', async () => {
  await writeFile(lockPath, JSON.stringify({ pid: deadPid(), host: hostname(), createdAt: Date.now(), token: 'dead' }));
  const started = Date.now();
  const lock = await acquireFileLock(lockPath, { timeoutMs: 2_000 });
  expect(Date.now() - started).toBeLessThan(1_000);
  await lock.release();
});

test('a lock older than staleMs is taken over even if its owner lives', async () => {
  // Written 60 s ago, as such a file is: its stamp and its mtime both (a heartbeat moves the mtime, so a fresh mtime would mean a live holder).
  await writeFile(lockPath, JSON.stringify({ pid: process.ppid, host: hostname(), createdAt: Date.now() - 60_000, token: 'old' }));
  const old = new Date(Date.now() - 60_000);
  await utimes(lockPath, old, old);
  const lock = await acquireFileLock(lockPath, { staleMs: 30_000, timeoutMs: 2_000 });
  await lock.release();
});

test('a live, fresh lock makes others wait and then time out', async () => {
  await writeFile(lockPath, JSON.stringify({ pid: process.ppid, host: hostname(), createdAt: Date.now(), token: 'live' }));
  await expect(acquireFileLock(lockPath, { timeoutMs: 150 })).rejects.toBeInstanceOf(LockTimeoutError);
});

test('an unreadable lock is judged by its age', async () => {
  await writeFile(lockPath, 'garbage');
  await expect(acquireFileLock(lockPath, { timeoutMs: 150 })).rejects.toBeInstanceOf(LockTimeoutError);
  const old = new Date(Date.now() - 120_000);
  await utimes(lockPath, old, old);
  const lock = await acquireFileLock(lockPath, { timeoutMs: 2_000 });
  await lock.release();
});

test('release leaves a lock that was taken over alone', async () => {
  const mine = await acquireFileLock(lockPath);
  await writeFile(lockPath, JSON.stringify({ pid: process.ppid, host: hostname(), createdAt: Date.now(), token: 'theirs' }));
  await mine.release();
  expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ token: 'theirs' });
});
