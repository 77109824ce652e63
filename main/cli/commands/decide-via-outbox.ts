/**
 * How `approve` and `deny` send: through the same durable outbox the app uses (the same
 * directory and locks), so a decision made on the command line is journaled before it is
 * sent and, if the network fails midway, waits there for `pim-approvals sync` or the app
 * instead of being lost. No undo window on the command line: the user already confirmed by
 * typing the command. Loaded only by those two commands.
 */
import { join } from 'node:path';
import type { Clock } from '../../core/clock';
import { armProbe, openOutbox, type OutboxEntry, type RequestSummary } from '../../core/outbox';
import type { ArmClient } from '../../core/arm/client';
import type { GraphClient } from '../../core/graph/client';
import type { DecisionKind } from '../../core/outbox/types';
import { defaultDataDir } from '../auth-commands';

/** Entries the CLI enqueues: the app's outbox sends only its own account's, so these wait for a CLI sync if stuck. */
export const CLI_ACCOUNT = 'cli';

export interface OutboxDecision {
  kind: DecisionKind;
  stageId: string;
  result: 'Approve' | 'Deny';
  justification: string;
  request: RequestSummary;
}

export async function decideViaOutbox(
  env: NodeJS.ProcessEnv,
  clock: Clock,
  arm: { client: ArmClient; principalId: string | null; graph: GraphClient | null },
  decision: OutboxDecision,
): Promise<OutboxEntry> {
  const outbox = await openOutbox({
    dir: join(defaultDataDir(env), 'outbox'),
    api: (accountId, kind) => (accountId !== CLI_ACCOUNT ? null : kind === 'azureResource' ? arm.client : arm.graph),
    clock,
    undoMs: 0,
    probe: armProbe({ endpoint: arm.client.origin }),
    principalId: async () => arm.principalId,
  });
  try {
    const entry = (await outbox.enqueue({ accountId: CLI_ACCOUNT, ...decision })).entry;
    // One attempt now; a transient failure leaves it queued (with its backoff) for sync.
    await outbox.sync(undefined, { waitMs: 0 });
    return outbox.get(entry.id) ?? entry;
  } finally {
    await outbox.close();
  }
}
