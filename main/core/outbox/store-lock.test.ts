/**
 * The store's journal lock in one process: another holder makes it wait and then say so
 * (JournalBusy, never a silent skip), and a lock taken over mid-update makes it redo the
 * step on fresh state rather than write on a stale picture. The multi-process versions run
 * in fencing.test.ts (SIGSTOP) and crash.test.ts; these reach the same lines in-process, so
 * mutation testing sees them (they were uncovered or surviving in the 2026-12-03 run).
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEntry } from '../../../test/kit/test-entries';
import { acquireLock, type FileLock } from '../fs/file-lock';
import { JOURNAL_LOCK, JournalBusy, openStore } from './store';

let dir: string;
const others: FileLock[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-lock-'));
});
afterEach(async () => {
  await Promise.all(others.splice(0).map((l) => l.release()));
  await rm(dir, { recursive: true, force: true });
});

async function otherHolder(): Promise<FileLock> {
  const lock = await acquireLock(join(dir, JOURNAL_LOCK), { staleMs: 60_000, waitMs: 0 });
  if (!lock) throw new Error('the test could not take the journal lock');
  others.push(lock);
  return lock;
}

describe('journal lock held by someone else', () => {
  it('opening waits, then fails with JournalBusy and its words; once released, the store opens', async () => {
    const other = await otherHolder();
    const busy = await openStore(dir, { lockWaitMs: 50 }).catch((err: unknown) => err);
    expect(busy).toBeInstanceOf(JournalBusy);
    expect(busy).toMatchObject({ name: 'JournalBusy', message: 'The outbox journal is locked by another process; try again.' });
    await other.release();
    const store = await openStore(dir, { lockWaitMs: 50 });
    expect(store.entries().size).toBe(0);
  });

  it('an update while another holds the lock fails with JournalBusy and writes nothing; the next one succeeds', async () => {
    const store = await openStore(dir, { lockWaitMs: 50 });
    const other = await otherHolder();
    await expect(store.update(() => ({ write: [makeEntry({ id: 'x' })], value: null }))).rejects.toBeInstanceOf(JournalBusy);
    expect(store.entries().has('x')).toBe(false);
    await other.release();
    await store.update(() => ({ write: [makeEntry({ id: 'x' })], value: null }));
    expect(store.entries().get('x')).toMatchObject({ state: 'queued' });
  });
});

describe('journal lock taken over mid-update', () => {
  it('the step is redone on fresh state after the lock is taken back, the takeover is logged, one line is written', async () => {
    const warnings: string[] = [];
    const store = await openStore(dir, { lockWaitMs: 5_000, lockStaleMs: 200, logger: { info: () => undefined, warn: (msg) => void warnings.push(msg) } });
    await store.update(() => ({ write: [makeEntry({ id: 'before' })], value: null }));
    let runs = 0;
    const value = await store.update((entries) => {
      runs += 1;
      if (runs === 1) {
        // Another process judged our lock stale and took it while we were mid-step (its
        // stamp, not ours, is now in the lock file); it then stalls, so its lock goes stale.
        writeFileSync(join(dir, JOURNAL_LOCK), JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), token: 'another-process' }));
        return { write: [makeEntry({ id: 'y', attempts: 1 })], value: 'stale picture' };
      }
      return { write: [makeEntry({ id: 'y', attempts: 2 })], value: `fresh picture of ${entries.size}` };
    });
    expect(runs).toBe(2);
    expect(value).toBe('fresh picture of 1');
    expect(warnings).toEqual(['outbox journal lock was taken over while held; redoing on fresh state']);
    expect(store.entries().get('y')).toMatchObject({ attempts: 2 });
    // Nothing of the stale step reached the disk: a fresh reader sees the redo only.
    const reader = await openStore(dir, { lockWaitMs: 1_000 });
    expect(reader.entries().get('y')).toMatchObject({ attempts: 2 });
  });
});
