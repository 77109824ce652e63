/**
 * A decision that only ever meets transient failures is given up after maxAttempts tries,
 * not one sooner and not one later, and the person is told to check the portal (it may have
 * reached Azure). Uncovered in the 2026-12-03 mutation run: no test reached the limit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import { openOutbox, type Outbox } from './outbox';
import { armRoute } from '../../../test/kit/arm-route';

let dir: string;
let tenant: Tenant | undefined;
let outbox: Outbox | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'give-up-'));
});
afterEach(async () => {
  await outbox?.close();
  await tenant?.close();
  outbox = undefined;
  tenant = undefined;
  await rm(dir, { recursive: true, force: true });
});

it('every call failing (5xx, dropped, hung): failed after exactly maxAttempts tries, with the portal advice', async () => {
  tenant = await startTenant({ timeoutMs: 300 });
  const [decision] = tenant.decisions(1);
  tenant.running.sim.setKnobs({ errorRate: 1 });
  outbox = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, undoMs: 0, backoff: { baseMs: 5, maxMs: 20 }, maxAttempts: 3, syncWaitMs: 10_000 });
  const { entry } = await outbox.enqueue(decision!);
  for (let i = 0; i < 20 && outbox.get(entry.id)?.state !== 'failed'; i++) await outbox.sync(undefined, { waitMs: 10_000 });
  const failed = outbox.get(entry.id)!;
  expect(failed).toMatchObject({ state: 'failed', attempts: 3 });
  expect(failed.outcomeMessage).toMatch(/^Gave up after 3 tries \(.+\)\. Check in the Azure portal whether the decision was recorded\.$/);
});
