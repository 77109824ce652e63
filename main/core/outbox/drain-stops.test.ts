/**
 * The network going away mid-drain stops the drain at once (no more sends into a dead link)
 * and it says "offline". Surviving mutants of drain.ts in the 2026-12-03 run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import { openOutbox, type Outbox, type OutboxOptions } from './outbox';
import type { Reachability } from './online';
import { armRoute } from '../../../test/kit/arm-route';

let dir: string;
let tenant: Tenant | undefined;
const opened: Outbox[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drain-stops-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
  await tenant?.close().catch(() => undefined);
  tenant = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function open(t: Tenant, over: Partial<OutboxOptions>): Promise<Outbox> {
  const outbox = await openOutbox({ dir, api: armRoute(t.api), clock: systemClock, undoMs: 0, backoff: { baseMs: 20, maxMs: 200 }, syncWaitMs: 0, ...over });
  opened.push(outbox);
  return outbox;
}

it('the network gone mid-drain: the first failed send stops the drain, reported offline, the rest untouched', async () => {
  tenant = await startTenant({ timeoutMs: 1_000 });
  const decisions = tenant.decisions(3);
  // Reachable when the drain starts; gone once a send has failed (the probe is the OS's word).
  const answers: Reachability[] = [];
  const probe = async (): Promise<Reachability> => (answers.push(answers.length === 0 ? 'online' : 'offline'), answers.at(-1)!);
  const outbox = await open(tenant, { probe, concurrency: 1 });
  for (const d of decisions) await outbox.enqueue(d);
  await tenant.close(); // the link dies: every connection is refused from now on
  const summary = await outbox.sync(undefined, { waitMs: 0 });
  expect(summary).toMatchObject({ offline: true, done: [], failed: [] });
  expect(answers).toEqual(['online', 'offline']);
  const tried = outbox.list().filter((e) => e.attempts > 0);
  expect(tried).toHaveLength(1);
  expect(outbox.list().filter((e) => e.attempts === 0)).toHaveLength(2);
  expect(outbox.list().every((e) => e.state === 'queued')).toBe(true);
});
