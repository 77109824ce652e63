/**
 * `approve` on a full disk, for real: the data dir is a small tmpfs filled to the last page
 * (needs root and permission to mount, as on the CI machine; otherwise the test is skipped
 * and says why). The decision cannot be journaled, so it must say so — "could not save the
 * decision (disk full); nothing was sent" — and send nothing, instead of "could not use the
 * outbox: ENOSPC". Against the PIM simulator, through main().
 */
import { execFile } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { deadEndpoint, startCliWorld, type CliWorld } from '../../test/kit/cli-test-kit';

const run = promisify(execFile);

async function mountTmpfs(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-tmpfs-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir]);
  } catch (err) {
    await rmdir(dir);
    throw err;
  }
  return dir;
}

async function unmount(dir: string): Promise<void> {
  await run('umount', ['-l', dir]); // lazy: a failed test may still hold a file open in it
  await rmdir(dir);
}

/** Writes pages until the file system says ENOSPC; returns how to give the room back. */
function fillUp(dir: string): { release(): void } {
  const fd = openSync(join(dir, 'filler'), 'w');
  const page = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, page);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  let open = true;
  return {
    release: () => {
      if (!open) return;
      open = false;
      ftruncateSync(fd, 0);
      closeSync(fd);
    },
  };
}

const probe = await mountTmpfs().then(
  async (dir) => (await unmount(dir), { ok: true, why: '' }),
  (err: unknown) => ({ ok: false, why: `cannot mount a tmpfs here (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); needs root` }),
);
if (!probe.ok) console.warn(`CLI disk-full test skipped: ${probe.why}`);

/** Fills the disk as soon as the simulator has applied a write (its answer is still 300 ms away). */
function fillOnFirstWrite(w: CliWorld, dir: string): { filled: Promise<void>; release(): void } {
  let disk: { release(): void } | undefined;
  const filled = (async () => {
    while (!w.s.sim.callLog().some((c) => c.kind === 'write')) await new Promise((r) => setTimeout(r, 2));
    disk = fillUp(dir);
  })();
  cleanup.push(async () => disk?.release());
  return { filled, release: () => disk?.release() };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Every step runs even if one fails, so no tmpfs stays mounted.
  const errors: unknown[] = [];
  for (const c of cleanup.splice(0).reverse()) await c().catch((err: unknown) => errors.push(err));
  if (errors.length > 0) throw errors[0];
});

describe.runIf(probe.ok)('approve on a full disk', () => {
  it('says the decision could not be saved and sends nothing (exit 1)', async () => {
    const w: CliWorld = await startCliWorld('quiet');
    cleanup.push(() => w.close());
    const [item] = (await w.items()).filter((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    const dataDir = await mountTmpfs();
    cleanup.push(() => unmount(dataDir));
    const disk = fillUp(dataDir);
    cleanup.push(async () => disk.release());
    w.s.sim.clearLog();
    const r = await w.cli(['approve', item.requestName.slice(0, 8), '--justification', 'no room'], { PIM_DATA_DIR: dataDir });
    expect(r).toEqual({ code: 1, out: '', err: 'pim-approvals: could not save the decision (disk full); nothing was sent.\n' });
    expect(w.s.sim.callLog()).toEqual([]);
  });

  it('an approval Azure recorded but the disk could not: says what Azure recorded and what to do; sync records it later without a second write', async () => {
    // Each answer comes 300 ms after the simulator acted: the disk fills while the write is answered.
    const w: CliWorld = await startCliWorld('quiet', { latencyMs: 300 });
    cleanup.push(() => w.close());
    const [item] = (await w.items()).filter((i) => i.actionable && i.kind === 'azureResource');
    if (!item) throw new Error('no actionable item');
    const dataDir = await mountTmpfs();
    cleanup.push(() => unmount(dataDir));
    w.s.sim.clearLog();
    const { filled, release } = fillOnFirstWrite(w, dataDir);
    // A long justification: every journal line needs room of its own, so recording the outcome needs a new page.
    const r = await w.cli(['approve', item.id, '--justification', 'ticket INC0012345 checked; '.repeat(70)], { PIM_DATA_DIR: dataDir });
    await filled;
    expect(r.out).toBe('');
    expect(r.err).toBe('pim-approvals: Azure recorded: Approved — but the result could not be saved (disk full); run `pim-approvals sync` when there is space.\n');
    expect(r.code).toBe(1);
    expect(w.s.sim.appliedDecisions().map((d) => d.result)).toEqual(['Approve']);

    release();
    const synced = await w.cli(['sync'], { PIM_DATA_DIR: dataDir });
    expect(synced.code).toBe(0);
    expect(synced.out).toMatch(/^Approved — /);
    expect(w.s.sim.callLog().filter((c) => c.kind === 'write')).toHaveLength(1);
  });

  it('sync of a decision Azure recorded but the disk could not: says so per decision (exit 1)', async () => {
    const w: CliWorld = await startCliWorld('quiet', { latencyMs: 300 });
    cleanup.push(() => w.close());
    const [item] = (await w.items()).filter((i) => i.actionable && i.kind === 'azureResource');
    if (!item) throw new Error('no actionable item');
    const dataDir = await mountTmpfs();
    cleanup.push(() => unmount(dataDir));
    const offline = await w.cli(['approve', item.id, '--justification', 'ticket INC0012345 checked; '.repeat(70), '--arm-endpoint', await deadEndpoint()], { PIM_DATA_DIR: dataDir });
    expect(offline.code).toBe(1); // saved, not sent
    w.s.sim.clearLog();
    const { filled, release } = fillOnFirstWrite(w, dataDir);
    const r = await w.cli(['sync'], { PIM_DATA_DIR: dataDir });
    await filled;
    expect(r.out).toBe(
      `Azure recorded: Approved — but the result could not be saved (disk full); run \`pim-approvals sync\` when there is space — stage ${item.id.split('/').pop()}\n`,
    );
    expect(r.code).toBe(1);
    release();
    expect((await w.cli(['sync'], { PIM_DATA_DIR: dataDir })).code).toBe(0);
    expect(w.s.sim.callLog().filter((c) => c.kind === 'write')).toHaveLength(1);
  });
});
