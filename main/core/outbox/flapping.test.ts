/**
 * A flapping network: 30 % of ARM calls fail (500, 503, dropped connections, hangs — for
 * writes half of the drops and hangs happen after the write was applied). The outbox must
 * end with every decision final and no stage written twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { isFinal } from './types';
import { openOutbox } from './outbox';
import { bareStageId, startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import { armRoute } from '../../../test/kit/arm-route';

let tenant: Tenant | undefined;
let dir: string | undefined;
afterAll(async () => {
  await tenant?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('outbox on a flapping network', () => {
  it('errorRate 0.3: every decision final, each applied exactly once', async () => {
    // Short read-back pauses and settle time: hung writes are re-read within the test's 30 s, as they would be over minutes.
    const t = await startTenant({ knobs: { latencyMs: 5 }, timeoutMs: 400, seed: 7, confirmDelaysMs: [50, 100, 200, 400] });
    tenant = t;
    dir = await mkdtemp(join(tmpdir(), 'outbox-flap-'));
    const outbox = await openOutbox({ dir, api: armRoute(t.api), clock: systemClock, undoMs: 0, backoff: { baseMs: 20, maxMs: 250 }, maxAttempts: 40, concurrency: 4, writeSettleMs: 1_000 });
    const ds = t.decisions(25);
    for (const d of ds) await outbox.enqueue(d);
    t.running.sim.setKnobs({ errorRate: 0.3 });

    const summary = await outbox.sync(undefined, { waitMs: 30_000 });
    const entries = outbox.list();
    await outbox.close();
    const log = t.running.sim.callLog();
    const faults = log.filter((c) => c.fault).length;
    console.log(
      `flapping: ${entries.length} decisions, ${log.length} calls, ${faults} faulted, ` +
        `${log.filter((c) => c.kind === 'write').length} writes, attempts max ${Math.max(...entries.map((e) => e.attempts))}, ` +
        `final: ${JSON.stringify(Object.fromEntries(['done', 'failed', 'conflict', 'expired'].map((s) => [s, entries.filter((e) => e.state === s).length])))}`,
    );
    expect(faults).toBeGreaterThan(10);
    expect(summary.pending).toEqual([]);
    expect(entries.filter((e) => !isFinal(e.state))).toEqual([]);
    expect(entries.filter((e) => e.state !== 'done').map((e) => `${e.state}: ${e.outcomeMessage}`)).toEqual([]);
    const applied = t.running.sim.appliedDecisions();
    for (const e of entries) {
      expect(applied.filter((a) => a.stageId === bareStageId(e.stageId))).toEqual([expect.objectContaining({ by: 'me', result: e.result })]);
    }
    expect(applied).toHaveLength(ds.length);
  }, 60_000);
});
