/**
 * The app core's decision path in a process of its own, for the contention soak: the outbox
 * opened exactly as the app opens it (openOutboxDecisions: autoSync, the 5 s undo window,
 * the ARM probe) over a session on the simulator shaped like demoSession's, and decisions
 * submitted through the sink's `submit` as the window and notifications do. The soak
 * SIGSTOPs and SIGKILLs it; it must hold nothing a kill could corrupt beyond what the
 * outbox itself guarantees. A bench helper, never shipped.
 *
 *   node --import tsx bench/contention-app-child.ts <dataDir> <armUrl> <graphUrl> <accountId> <principalId> <displayName>
 *   env ARM_ACCESS_TOKEN, GRAPH_ACCESS_TOKEN: the simulator's tokens for the approver (never printed)
 *
 * stdin, one JSON object a line: {n, stageId, verb, justification} to decide; {n, op:'pending'}
 * for the outbox's pending count; {op:'close'} to close the outbox and exit 0.
 * stdout, one JSON object a line: {event:'ready', items}, then {n, outcome} (the DecisionOutcome
 * the window would show, or outcome 'none' for a stage not in the queue), {n, pending}.
 *
 * The queue is polled once with the real poll code and kept in <dataDir>/app-queue.json, as
 * the app keeps its last queue across restarts: a restarted app still offers what it showed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { QueueItemDto } from '../preload/api';
import type { AccountSession } from '../main/core/app/app-core';
import { openOutboxDecisions } from '../main/core/app/outbox-decisions';
import { createArmClient } from '../main/core/arm/client';
import { systemClock } from '../main/core/clock';
import { createGraphClient } from '../main/core/graph/client';
import { GRAPH_KINDS } from '../main/core/graph/types';
import { stageKey } from '../main/core/outbox/stage-key';
import { graphPollOnce } from '../main/core/queue/graph-poll-once';
import { pollOnce } from '../main/core/queue/poll-once';
import type { QueueItem } from '../main/core/queue/queue-item';

const [dataDir, armUrl, graphUrl, accountId, principalId, displayName] = process.argv.slice(2);
const armToken = process.env['ARM_ACCESS_TOKEN'];
const graphToken = process.env['GRAPH_ACCESS_TOKEN'];
if (!dataDir || !armUrl || !graphUrl || !accountId || !principalId || !displayName || !armToken || !graphToken) {
  process.stderr.write('usage: contention-app-child.ts <dataDir> <armUrl> <graphUrl> <accountId> <principalId> <displayName> (tokens in env)\n');
  process.exit(2);
}
/** The app's own undo window (main/index.ts UNDO_MS). */
const UNDO_MS = 5_000;
const emit = (value: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(value)}\n`);

const clock = systemClock;
const session: AccountSession = {
  account: { id: accountId, name: displayName, username: `${displayName}@sim` },
  principalId,
  armEndpoint: armUrl,
  api: createArmClient({ endpoint: armUrl, getToken: async () => armToken, clock }),
  graph: {
    endpoint: graphUrl,
    api: createGraphClient({ endpoint: graphUrl, getToken: async () => graphToken, clock, principalId: async () => principalId }),
    access: async () => ({ ok: true }),
  },
};

async function loadQueue(): Promise<QueueItem[]> {
  const file = join(dataDir as string, 'app-queue.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as QueueItem[];
  } catch {
    // First start: poll every kind once, as the poller's first round does.
  }
  const ctx = { accountId: accountId as string, now: clock.now(), principalId, approvals: new Map() };
  const items: QueueItem[] = [];
  const arm = await pollOnce(session.api, new Set(), ctx);
  if (!arm.ok) throw new Error(`ARM poll failed: ${arm.error.message}`);
  items.push(...arm.value);
  for (const kind of GRAPH_KINDS) {
    const graph = await graphPollOnce(session.graph!.api, kind, new Set(), { ...ctx, approvals: new Map() });
    if (!graph.ok) throw new Error(`Graph poll (${kind}) failed: ${graph.error.message}`);
    items.push(...graph.value);
  }
  await writeFile(file, JSON.stringify(items));
  return items;
}

const queue = new Map((await loadQueue()).map((item) => [stageKey(item.id), item]));
const sink = await openOutboxDecisions({ dir: join(dataDir, 'outbox'), session, clock, undoMs: UNDO_MS });
emit({ event: 'ready', items: queue.size, pid: process.pid });

interface Command {
  n?: number;
  op?: 'pending' | 'close';
  stageId?: string;
  verb?: 'Approve' | 'Deny';
  justification?: string;
}

// One line at a time, in order, as a person clicks one decision after another.
for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as Command;
  if (cmd.op === 'close') break;
  if (cmd.op === 'pending') {
    emit({ n: cmd.n, pending: sink.pending() });
    continue;
  }
  const item = cmd.stageId ? queue.get(stageKey(cmd.stageId)) : undefined;
  if (!item || !cmd.verb || !cmd.justification) {
    emit({ n: cmd.n, outcome: { outcome: 'none', message: 'not in the queue' } });
    continue;
  }
  try {
    emit({ n: cmd.n, outcome: await sink.submit(item as QueueItemDto, cmd.verb, cmd.justification) });
  } catch (err) {
    emit({ n: cmd.n, outcome: { outcome: 'failed', message: err instanceof Error ? err.message : 'unknown error' } });
  }
}
await sink.close?.();
emit({ event: 'closed' });
process.exit(0);
