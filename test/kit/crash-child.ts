/**
 * A minimal drainer process for the crash test: opens the outbox at <dir> and drains it
 * against <armUrl> as the holder of <token>, then exits 0 when nothing is left to send.
 * The test SIGKILLs it at random moments, so it must do nothing a kill could corrupt
 * beyond what the outbox itself guarantees. Prints one JSON line per outbox log event
 * (ids and states only) so the test can time kills to land mid-flight.
 *
 *   node --import tsx test/kit/crash-child.ts <armUrl> <token> <dir> <principalId> <graphUrl> <graphToken>
 *
 * Entries of every kind are sent, each through its own client (ARM or Graph).
 *
 * Env: CRASH_CONCURRENCY (default 2), CRASH_GRACE_MS (recovery grace, default 100),
 * CRASH_COMPACT_EVERY (journal compaction interval, default 16 so kills also land mid-compaction),
 * CRASH_TIMEOUT_MS (per-call timeout, default 2000: the fencing test stops the child for
 * longer than that mid-call and needs the answer, not a timeout, when it resumes),
 * CRASH_DRAIN_STALE_MS / CRASH_JOURNAL_STALE_MS (lock staleness; the production defaults
 * unless a test lowers them so a stopped child is taken over in a second, not 30 s).
 */
import { createArmClient } from '../../main/core/arm/client';
import { createGraphClient } from '../../main/core/graph/client';
import { systemClock } from '../../main/core/clock';
import { openOutbox } from '../../main/core/outbox/outbox';
import { createRateBudget } from '../../main/core/outbox/rate-budget';

const [armUrl, token, dir, principalId, graphUrl, graphToken] = process.argv.slice(2);
if (!armUrl || !token || !dir || !principalId || !graphUrl || !graphToken) {
  process.stderr.write('usage: crash-child.ts <armUrl> <token> <dir> <principalId> <graphUrl> <graphToken>\n');
  process.exit(2);
}

const timeoutMs = Number(process.env['CRASH_TIMEOUT_MS'] ?? 2_000);
const drainStale = process.env['CRASH_DRAIN_STALE_MS'];
const journalStale = process.env['CRASH_JOURNAL_STALE_MS'];
const api = createArmClient({
  endpoint: armUrl,
  getToken: async () => token,
  timeoutMs,
  retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 100 },
  principalId: async () => principalId,
});
const graph = createGraphClient({
  endpoint: graphUrl,
  getToken: async () => graphToken,
  timeoutMs,
  retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 100 },
  principalId: async () => principalId,
});
const emit = (event: string, fields?: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
const clock = systemClock;
const outbox = await openOutbox({
  dir,
  api: (_accountId, kind) => (kind === 'azureResource' ? api : graph),
  clock,
  undoMs: 0,
  concurrency: Number(process.env['CRASH_CONCURRENCY'] ?? 2),
  recoveryGraceMs: Number(process.env['CRASH_GRACE_MS'] ?? 100),
  backoff: { baseMs: 20, maxMs: 300 },
  compactEvery: Number(process.env['CRASH_COMPACT_EVERY'] ?? 16),
  maxAttempts: 1_000, // the test wants every decision to finish, however many kills it takes
  // This process is not throttling-tested: keep the budget out of the way.
  budgets: { reads: createRateBudget({ capacity: 10_000, refillPerSecond: 10_000, clock }), writes: createRateBudget({ capacity: 10_000, refillPerSecond: 10_000, clock }) },
  logger: { info: emit, warn: emit },
  ...(drainStale ? { drainLockStaleMs: Number(drainStale) } : {}),
  ...(journalStale ? { journalLockStaleMs: Number(journalStale) } : {}),
});
emit('started', { pid: process.pid, entries: outbox.list().length });
for (;;) {
  const summary = await outbox.sync(undefined, { waitMs: 5_000 });
  emit('synced', { pending: summary.pending.length, drained: summary.drained });
  if (summary.pending.length === 0) break;
  if (!summary.drained) await clock.sleep(50);
}
await outbox.close();
emit('finished');
