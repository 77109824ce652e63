/**
 * Disk full, on a real file system that fills up: a small tmpfs mounted for each test
 * (needs root and permission to mount, as on the CI machine; otherwise the tests are
 * skipped and say why). tmpfs hands out space a page at a time, so a test frees exactly
 * the pages one step needs and the next step hits ENOSPC.
 *
 * - A decision whose append succeeded is journaled, so `enqueue` reports it created even
 *   when the compaction after it fails; the compaction is retried later.
 * - When the outcome of a call to Azure cannot be recorded, the drain does not throw: it
 *   stops, returns the outcome in `unsaved` with a short `journalError`, and the entry stays
 *   `sending` on disk; once there is room, the next drain re-reads the stage and records
 *   the decision without writing it again.
 */
import { execFile } from 'node:child_process';
import { closeSync, ftruncateSync, fstatSync, openSync, statfsSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { openJournal, SNAPSHOT_FILE } from './journal';
import { openOutbox, type Outbox } from './outbox';
import { bareStageId, startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import { makeEntry } from '../../../test/kit/test-entries';
import { armRoute } from '../../../test/kit/arm-route';

const run = promisify(execFile);

async function mountTmpfs(size: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'outbox-tmpfs-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  } catch (err) {
    await rmdir(dir);
    throw err;
  }
  return dir;
}

async function unmount(dir: string): Promise<void> {
  // Lazy: a failed test may still hold a file open in it.
  await run('umount', ['-l', dir]);
  await rmdir(dir);
}

const fillers: { release(): void }[] = [];

/** Whether this machine lets the test mount a tmpfs, and if not why. */
const probe = await mountTmpfs('64k').then(
  async (dir) => (await unmount(dir), { ok: true, why: '' }),
  (err: unknown) => ({ ok: false, why: `cannot mount a tmpfs here (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); needs root` }),
);
if (!probe.ok) console.warn(`disk-full tests skipped: ${probe.why}`);

/** Fills the file system holding `dir` to the last page; returns a handle to give pages back. */
function fill(dir: string): { free(pages: number): void; release(): void } {
  const page = statfsSync(dir).bsize;
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(page, 1);
  let open = true;
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  const handle = {
    free: (pages: number) => ftruncateSync(fd, Math.max(0, fstatSync(fd).size - pages * page)),
    release: () => {
      if (!open) return;
      open = false;
      ftruncateSync(fd, 0);
      closeSync(fd);
    },
  };
  fillers.push(handle);
  return handle;
}

/** A justification longer than a page, so every journal line needs a page of its own. */
const longWords = (tag: string) => `${tag} ${'because the change window is open and the ticket is approved; '.repeat(90)}`;

let tenant: Tenant | undefined;
let mounted: string | undefined;
const outboxes: Outbox[] = [];
afterEach(async () => {
  for (const f of fillers.splice(0)) f.release();
  await Promise.all(outboxes.splice(0).map((o) => o.close()));
  await tenant?.close();
  tenant = undefined;
  if (mounted) await unmount(mounted);
  mounted = undefined;
});

describe('outbox on a full disk (tmpfs)', () => {
  it.skipIf(!probe.ok)('a compaction that fails after the append does not fail enqueue; it is retried once there is room', async () => {
    tenant = await startTenant();
    mounted = await mountTmpfs('512k');
    const dir = join(mounted, 'outbox');
    const warnings: string[] = [];
    const logger = { info: () => undefined, warn: (m: string, f?: Record<string, unknown>) => warnings.push(`${m} ${JSON.stringify(f ?? {})}`) };
    // Offline: nothing is sent; every journal change compacts.
    const outbox = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, online: false, compactEvery: 1, logger });
    outboxes.push(outbox);
    const [d1, d2] = tenant.decisions(2);

    const disk = fill(mounted);
    disk.free(3); // the journal lock (a page) and the new line (two pages); no room for a snapshot
    const first = await outbox.enqueue({ ...d1!, justification: longWords('first') });
    expect(first.status).toBe('created');
    expect(warnings).toEqual([expect.stringMatching(/^outbox journal compaction failed; will retry later .*"error":"ENOSPC"/)]);
    const onDisk = await openJournal(dir);
    expect(onDisk.journal.entries().get(first.entry.id)).toMatchObject({ state: 'queued', stageId: d1!.stageId });
    expect(await readdir(dir)).not.toContain(SNAPSHOT_FILE);

    disk.release();
    const second = await outbox.enqueue({ ...d2!, justification: longWords('second') });
    expect(second.status).toBe('created');
    expect(warnings).toHaveLength(1);
    expect(await readdir(dir)).toContain(SNAPSHOT_FILE); // folded at last
    const again = await openJournal(dir);
    expect([...again.journal.entries().keys()].sort()).toEqual([first.entry.id, second.entry.id].sort());
    expect(again.journal.logLength()).toBe(0);
  });

  it.skipIf(!probe.ok)('an outcome Azure gave that cannot be recorded: the drain stops without throwing, hands it back, and the entry stays sending', async () => {
    // The write is answered 300 ms after the simulator applied it: the disk fills meanwhile.
    tenant = await startTenant({ knobs: { latencyMs: 300 } });
    mounted = await mountTmpfs('512k');
    const dir = join(mounted, 'outbox');
    const outbox = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, undoMs: 0, recoveryGraceMs: 50 });
    outboxes.push(outbox);
    const [d] = tenant.decisions(1, { result: 'Approve' });
    const entry = (await outbox.enqueue({ ...d!, justification: longWords('approve') })).entry;
    const stage = bareStageId(entry.stageId);
    const writes = () => tenant!.running.sim.callLog().filter((c) => c.kind === 'write' && c.stageId !== undefined && bareStageId(c.stageId) === stage);

    let disk: ReturnType<typeof fill> | undefined;
    const filled = (async () => {
      while (writes().length === 0) await new Promise((r) => setTimeout(r, 2));
      disk = fill(mounted!);
    })();
    const summary = await outbox.sync(undefined, { waitMs: 0 });
    await filled;
    expect(tenant.running.sim.appliedDecisions().filter((a) => a.stageId === stage)).toEqual([expect.objectContaining({ by: 'me', result: 'Approve' })]);
    expect(summary.journalError).toBe('The disk is full: the outbox journal could not be written.');
    expect(summary.unsaved).toEqual([expect.objectContaining({ id: entry.id, state: 'done', outcomeMessage: 'Approved', attempts: 1 })]);
    expect(summary.done).toEqual([]);
    expect(summary.pending).toEqual([entry.id]);
    expect(JSON.stringify(summary)).not.toContain(mounted); // no paths
    expect((await readdir(dir)).filter((n) => n.endsWith('.lock'))).toEqual([]); // no empty lock left to block others

    disk!.release();
    const onDisk = await openJournal(dir);
    expect(onDisk.journal.entries().get(entry.id)).toMatchObject({ state: 'sending', attempts: 1 });
    // With room again: the stage is read, found decided by me, recorded — never written twice.
    const next = await outbox.sync(undefined, { waitMs: 5_000 });
    expect(next).toMatchObject({ done: [entry.id], unsaved: [], journalError: null });
    expect(outbox.get(entry.id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(writes()).toHaveLength(1);
  });

  it.skipIf(!probe.ok)('a decision that cannot be marked sending is not sent: no call, the drain stops and says why', async () => {
    tenant = await startTenant();
    mounted = await mountTmpfs('512k');
    const dir = join(mounted, 'outbox');
    const outbox = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, undoMs: 0 });
    outboxes.push(outbox);
    const [d] = tenant.decisions(1);
    const entry = (await outbox.enqueue({ ...d!, justification: longWords('mark') })).entry;
    tenant.running.sim.clearLog();
    const disk = fill(mounted);
    const full = 'The disk is full: the outbox journal could not be written.';
    // No room even for the drain lock.
    expect(await outbox.sync(undefined, { waitMs: 0 })).toMatchObject({ journalError: full, unsaved: [], done: [], pending: [entry.id] });
    // Room for the drain lock only: the journal cannot even be read under its lock.
    disk.free(1);
    expect(await outbox.sync(undefined, { waitMs: 0 })).toMatchObject({ journalError: full, unsaved: [], done: [], pending: [entry.id] });
    // Room for both locks (a page each), not for the line that marks the entry sending.
    disk.free(1);
    expect(await outbox.sync(undefined, { waitMs: 0 })).toMatchObject({ journalError: full, unsaved: [], done: [], pending: [entry.id], drained: true });
    expect(tenant.running.sim.callLog()).toEqual([]); // both drains returned: nothing was sent
    expect(outbox.get(entry.id)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it.skipIf(!probe.ok)('an append cut short by a full disk leaves no torn line for the next append to glue onto', async () => {
    mounted = await mountTmpfs('512k');
    const dir = join(mounted, 'outbox');
    const { journal } = await openJournal(dir);
    await journal.append([makeEntry({ id: 'before' })]);
    const disk = fill(mounted);
    disk.free(1); // room for part of the next line only
    await expect(journal.append([makeEntry({ id: 'cut', justification: longWords('cut').repeat(2) })])).rejects.toMatchObject({ code: 'ENOSPC' });
    disk.release();
    await journal.append([makeEntry({ id: 'after' })]);
    const { journal: again, report } = await openJournal(dir);
    expect(report.problems).toEqual([]);
    expect([...again.entries().keys()].sort()).toEqual(['after', 'before']);
  });
});
