/**
 * How `approve` and `deny` send: through the same durable outbox the app uses (the same
 * directory and locks), as the account the token belongs to, so a decision made on the
 * command line is journaled before it is sent and, if the network fails midway, waits
 * there for `pim-approvals sync` or the app instead of being lost. One entry per (account,
 * stage): the app's entry for the same stage and person is this decision too.
 * No undo window on the command line: the user already confirmed by typing the command.
 *
 * Returns what happened to the decision as facts (`DecisionRun`): whether it was saved, the
 * entry as recorded and as it stands now, who sent it, what could not be written. The
 * words are decision-report.ts's. Loaded only by those two commands.
 */
import { join } from 'node:path';
import { systemClock, type Clock } from '../../core/clock';
import { armProbe, openOutbox, type Outbox, type OutboxEntry, type Probe } from '../../core/outbox';
import type { ArmClient } from '../../core/arm/client';
import type { GraphClient } from '../../core/graph/client';
import { accountKey } from '../../core/outbox/stage-key';
import { isFinal, type NewDecision, type SyncSummary } from '../../core/outbox/types';
import { defaultDataDir } from '../auth-commands';
import { fsProblem, fsProblemFromText } from '../fs-problem';
import { clientServices } from '../services';

export interface DecisionAccess {
  client: ArmClient;
  graph: GraphClient | null;
  principalId: string | null;
  /** Whose decision this is; only this account's entries are sent with this token. */
  accountId: string;
  /** The reachability probe over the client's own HTTP layer (ArmAccess.probe). */
  probe?: Probe;
}

/** What became of one decision. */
export type DecisionRun =
  /** The outbox could not be opened or the decision not journaled: nothing was sent. */
  | { kind: 'not-saved'; problem: string }
  /** The opposite decision holds the stage. */
  | { kind: 'refused'; entry: OutboxEntry; message: string }
  | {
      kind: 'recorded';
      /** A new entry, or the one that already held this (account, stage) with the same verb. */
      status: 'created' | 'existing';
      /** The entry as it stood when the decision was made. */
      before: OutboxEntry;
      /** The entry as it stands now. */
      entry: OutboxEntry;
      /** Who moved it to its final state: this process, another (app, CLI), or nobody yet. */
      sentBy: 'this' | 'other' | null;
      /** Sending or recording failed locally (the journal could not be written), in plain words. */
      sendProblem: string | null;
      /** Azure's outcome for it when that outcome could not be written to the journal. */
      unsaved: OutboxEntry | null;
      /** True when another process held the drain and this one waited for it. */
      waitedForOther: boolean;
    };

export interface WaitOptions {
  /** Wall clock for waiting on another process (lock stamps are wall time too). */
  wall?: Clock;
  /** How long to wait for another process that holds the drain to send this decision. */
  otherDrainerWaitMs?: number;
  pollMs?: number;
  /** Called once when this run starts waiting for another process. */
  onWaitForOther?: () => void;
}

export const OTHER_DRAINER_WAIT_MS = 20_000;

/** The outbox the app uses, sending this account's decisions only (others wait for their own account). */
export function openDecisionOutbox(env: NodeJS.ProcessEnv, clock: Clock, access: DecisionAccess): Promise<Outbox> {
  const mine = accountKey(access.accountId);
  const services = clientServices(access.client, access.graph);
  return openOutbox({
    dir: join(defaultDataDir(env), 'outbox'),
    api: (accountId, kind) => (accountKey(accountId) !== mine ? null : services.of(kind)),
    clock,
    undoMs: 0,
    probe: access.probe ?? armProbe({ endpoint: access.client.origin }),
    principalId: async () => access.principalId,
  });
}

const isWaiting = (e: OutboxEntry) => e.state === 'queued' || e.state === 'sending';

function movedBy(summary: SyncSummary, id: string): boolean {
  return [summary.done, summary.conflict, summary.expired, summary.failed].some((ids) => ids.includes(id));
}

export async function decideViaOutbox(outbox: Outbox, decision: NewDecision, options: WaitOptions = {}): Promise<DecisionRun> {
  let enqueued;
  try {
    enqueued = await outbox.enqueue(decision);
  } catch (err) {
    return { kind: 'not-saved', problem: fsProblem(err) };
  }
  if (enqueued.status === 'refused') return { kind: 'refused', entry: enqueued.entry, message: enqueued.message };
  const before = enqueued.entry;
  const run = { kind: 'recorded' as const, status: enqueued.status, before, entry: before, sentBy: null as 'this' | 'other' | null, sendProblem: null as string | null, unsaved: null as OutboxEntry | null, waitedForOther: false };
  if (isFinal(before.state)) return run;

  let byThis = false;
  const attempt = async (): Promise<SyncSummary | null> => {
    try {
      // One attempt now; a transient failure leaves it queued (with its backoff) for sync.
      const summary = await outbox.sync(undefined, { waitMs: 0 });
      byThis ||= movedBy(summary, before.id);
      const unsaved = summary.unsaved.find((e) => e.id === before.id);
      if (unsaved) {
        run.unsaved = unsaved;
        run.sendProblem = summary.journalError ? fsProblemFromText(summary.journalError) : 'the outbox could not be written';
      }
      return summary;
    } catch (err) {
      run.sendProblem = fsProblem(err);
      return null;
    }
  };
  const current = async () => {
    try {
      await outbox.refresh();
    } catch {
      // What we last read stays the best we know.
    }
    return outbox.get(before.id) ?? run.entry;
  };

  const first = await attempt();
  run.entry = await current();
  if (first && !first.drained && isWaiting(run.entry) && !run.sendProblem) {
    // Another process (the app, another CLI) holds the drain: it sends what is due, this
    // entry included when it is the same account. Wait for its answer instead of saying
    // "not sent yet" about a decision that may be on its way; try the drain again meanwhile.
    run.waitedForOther = true;
    options.onWaitForOther?.();
    const wall = options.wall ?? systemClock;
    const deadline = wall.now() + (options.otherDrainerWaitMs ?? OTHER_DRAINER_WAIT_MS);
    const pollMs = options.pollMs ?? 250;
    let nextTry = wall.now() + 2_000;
    while (wall.now() < deadline && isWaiting(run.entry)) {
      await wall.sleep(pollMs);
      run.entry = await current();
      if (!isWaiting(run.entry) || wall.now() < nextTry) continue;
      nextTry = wall.now() + 2_000;
      const again = await attempt();
      run.entry = await current();
      // This process drains now: whatever is still waiting waits for a later sync.
      if (!again || again.drained) break;
    }
  }
  run.sentBy = isWaiting(run.entry) ? null : byThis ? 'this' : 'other';
  return run;
}
