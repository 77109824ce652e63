/**
 * `approve` on a full disk, for real: the data dir is a small tmpfs filled to the last page
 * (needs root and permission to mount, as on the CI machine; otherwise the test is skipped
 * and says why). The decision cannot be journaled, so it must say so — "could not save the
 * decision (disk full); nothing was sent" — and send nothing, instead of "could not use the
 * outbox: ENOSPC". Against the PIM simulator, through main().
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startCliWorld, type CliWorld } from './cli-test-kit';

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

/** Writes pages until the file system says ENOSPC. */
function fillUp(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const page = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, page);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

const probe = await mountTmpfs().then(
  async (dir) => (await unmount(dir), { ok: true, why: '' }),
  (err: unknown) => ({ ok: false, why: `cannot mount a tmpfs here (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); needs root` }),
);
if (!probe.ok) console.warn(`CLI disk-full test skipped: ${probe.why}`);

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe.runIf(probe.ok)('approve on a full disk', () => {
  it('says the decision could not be saved and sends nothing (exit 1)', async () => {
    const w: CliWorld = await startCliWorld('quiet');
    cleanup.push(() => w.close());
    const [item] = (await w.items()).filter((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    const dataDir = await mountTmpfs();
    cleanup.push(() => unmount(dataDir));
    fillUp(dataDir);
    w.s.sim.clearLog();
    const r = await w.cli(['approve', item.requestName.slice(0, 8), '--justification', 'no room'], { PIM_DATA_DIR: dataDir });
    expect(r).toEqual({ code: 1, out: '', err: 'pim-approvals: could not save the decision (disk full); nothing was sent.\n' });
    expect(w.s.sim.callLog()).toEqual([]);
  });
});
