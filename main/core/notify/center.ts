/**
 * createNotificationCenter: the glue between the poller, a Notifier and the app. Applies
 * each poll's plan (show, withdraw), remembers what is on screen, and turns a click into
 * a decision through the same path the window uses (the `decide` it is given, e.g.
 * AppCore's `decision:submit`) or into "open the window here". Shows a quiet confirmation
 * after a decision. Never logs justifications; never decides without one.
 */
import type { DecisionOutcome, ReviewResult } from '../../../preload/api';
import type { NotificationAction, Notifier } from './notifier';
import { planNotifications, SUMMARY_NOTIFICATION_ID, type NotificationPlan, type QueueChange } from './plan';
import type { NotifyPrefs } from './prefs';
import { routeAction, type ActionRoute } from './route-action';
import { requestTitle, type NotifiableItem } from './wording';

export interface NotificationCenterOptions {
  notifier: Notifier;
  prefs: () => NotifyPrefs;
  now: () => number;
  /** The current queue entry for an id, or null when it is gone. */
  findItem: (itemId: string) => NotifiableItem | null;
  decide: (itemId: string, result: ReviewResult, justification: string) => Promise<DecisionOutcome>;
  openWindow: (request: Extract<ActionRoute, { openWindow: unknown }>['openWindow']) => void;
}

export interface NotificationCenter {
  /** Call with every successful poll's diff. */
  update(change: QueueChange): NotificationPlan;
  /** Resolves when the decisions started from notifications so far have settled (tests, quit). */
  settled(): Promise<void>;
  dispose(): void;
}

export function createNotificationCenter(options: NotificationCenterOptions): NotificationCenter {
  const { notifier } = options;
  let shown = new Map<string, string[]>();
  const running = new Set<Promise<void>>();

  async function handle(id: string, action: NotificationAction, reply: string | undefined): Promise<void> {
    const item = id === SUMMARY_NOTIFICATION_ID ? null : options.findItem(id);
    const route = routeAction(action, reply, item, options.prefs());
    if ('openWindow' in route) {
      options.openWindow(route.openWindow);
      return;
    }
    const { itemId, result, justification } = route.decide;
    notifier.withdraw(id);
    shown.delete(id);
    const outcome = await options.decide(itemId, result, justification).catch(
      (): DecisionOutcome => ({ itemId, outcome: 'failed', message: 'The decision could not be sent.' }),
    );
    const title = item ? requestTitle(item) : 'PIM request';
    notifier.show({ id: `pim-approvals:outcome:${itemId}`, ...confirmation(outcome, result, title), actions: [], reply: false, sticky: false });
  }

  const unsubscribe = notifier.onAction((id, action, reply) => {
    const job = handle(id, action, reply).finally(() => running.delete(job));
    running.add(job);
  });

  return {
    update(change) {
      const plan = planNotifications(change, options.prefs(), options.now(), shown);
      for (const id of plan.withdraw) notifier.withdraw(id);
      for (const spec of plan.show) notifier.show(spec);
      shown = plan.shown;
      return plan;
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    dispose() {
      unsubscribe();
    },
  };
}

/** ux.md: "Approved — Owner on Prod-Payments", or the outbox state when it could not go out yet. */
export function confirmation(outcome: DecisionOutcome, result: ReviewResult, title: string): { title: string; body: string } {
  switch (outcome.outcome) {
    case 'done':
      // The verb the outbox recorded, never the button pressed (they differ when a repeat was refused).
      return { title: `${(outcome.recordedResult ?? result) === 'Approve' ? 'Approved' : 'Denied'} — ${title}`, body: '' };
    case 'refused':
      return { title: `Not changed — ${title}`, body: outcome.message };
    case 'queued':
      return { title: `Waiting to send (offline) — ${title}`, body: outcome.message };
    case 'conflict':
      return { title: `Already decided — ${title}`, body: outcome.message };
    case 'expired':
      return { title: `Expired before it could be sent — ${title}`, body: outcome.message };
    case 'failed':
      return { title: `Not sent — ${title}`, body: outcome.message };
  }
}
