/**
 * createNotificationCenter: the glue between the poller, a Notifier and the app. Applies
 * each poll's plan (show, withdraw), remembers what is on screen, and turns a click into
 * a decision through the same path the window uses (the `decide` it is given, e.g.
 * AppCore's `decision:submit`) or into "open the window here". Shows a quiet confirmation
 * after a decision, worded from the entry the outbox recorded (never from the button), and
 * replaces it once Azure answered; a decision that fails anywhere raises one notification
 * (decision-follower.ts). Never logs justifications; never decides without one.
 */
import type { DecisionOutcome, OutboxEntryDto, ReviewResult } from '../model/state';
import { createDecisionFollower, outcomeNotificationId } from './decision-follower';
import type { NotificationAction, Notifier } from './notifier';
import { planNotifications, SUMMARY_NOTIFICATION_ID, type NotificationPlan, type QueueChange } from './plan';
import type { NotifyPrefs } from './prefs';
import { routeAction, type ActionRoute } from './route-action';
import { planReminders, reminderItemId, type RemindableItem } from './reminders';
import { notificationTitle, type NotifiableItem } from './wording';

export interface NotificationCenterOptions {
  notifier: Notifier;
  prefs: () => NotifyPrefs;
  now: () => number;
  /** The current queue entry for an id, or null when it is gone. */
  findItem: (itemId: string) => NotifiableItem | null;
  decide: (itemId: string, result: ReviewResult, justification: string) => Promise<DecisionOutcome>;
  openWindow: (request: Extract<ActionRoute, { openWindow: unknown }>['openWindow']) => void;
  /** True while more than one account is present: titles then start with the tenant. Absent: never. */
  nameTenants?: () => boolean;
}

export interface NotificationCenter {
  /** Call with every successful poll's diff. */
  update(change: QueueChange): NotificationPlan;
  /** Call with the whole queue as it changes: one reminder at an hour left, withdrawn once it is gone. */
  remind(queue: readonly RemindableItem[]): void;
  /** Call with every AppState.decisions: failures and settled notification decisions are shown. */
  follow(decisions: readonly OutboxEntryDto[]): void;
  /** Resolves when the decisions started from notifications so far have settled (tests, quit). */
  settled(): Promise<void>;
  dispose(): void;
}

export function createNotificationCenter(options: NotificationCenterOptions): NotificationCenter {
  const { notifier } = options;
  let shown = new Map<string, string[]>();
  const running = new Set<Promise<void>>();
  const follower = createDecisionFollower();
  let reminded = new Set<string>();
  const nameTenants = () => options.nameTenants?.() ?? false;

  async function handle(id: string, action: NotificationAction, reply: string | undefined): Promise<void> {
    // A reminder's buttons act on the request it stands for.
    const item = id === SUMMARY_NOTIFICATION_ID ? null : options.findItem(reminderItemId(id) ?? id);
    const route = routeAction(action, reply, item, options.prefs());
    if ('openWindow' in route) {
      options.openWindow(route.openWindow);
      return;
    }
    const { itemId, result, justification } = route.decide;
    notifier.withdraw(id);
    shown.delete(id);
    if (reminderItemId(id) !== null) notifier.withdraw(itemId);
    const outcome = await options.decide(itemId, result, justification).catch(
      (): DecisionOutcome => ({ itemId, outcome: 'failed', message: 'The decision could not be sent.' }),
    );
    const title = item ? notificationTitle(item, nameTenants()) : 'PIM request';
    if (outcome.entryId && outcome.outcome === 'queued') follower.watch(outcome.entryId);
    notifier.show({ id: outcomeNotificationId(itemId), ...confirmation(outcome, result, title), actions: [], reply: false, sticky: false });
  }

  const unsubscribe = notifier.onAction((id, action, reply) => {
    const job = handle(id, action, reply).finally(() => running.delete(job));
    running.add(job);
  });

  return {
    update(change) {
      const plan = planNotifications(change, options.prefs(), options.now(), shown, nameTenants());
      for (const id of plan.withdraw) notifier.withdraw(id);
      for (const spec of plan.show) notifier.show(spec);
      shown = plan.shown;
      return plan;
    },
    remind(queue) {
      const plan = planReminders(queue, options.prefs(), options.now(), reminded, nameTenants());
      for (const id of plan.withdraw) notifier.withdraw(id);
      for (const spec of plan.show) notifier.show(spec);
      reminded = plan.reminded;
    },
    follow(decisions) {
      const alerts = follower.update(decisions, nameTenants());
      // Only "notifications off" silences these: a failed decision of the user's own needs them.
      if (!options.prefs().enabled) return;
      for (const spec of alerts) notifier.show(spec);
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    dispose() {
      unsubscribe();
    },
  };
}

const past: Record<ReviewResult, string> = { Approve: 'approved', Deny: 'denied' };

/**
 * ux.md: "Approved — Owner on Prod-Payments", or where the decision stands. Worded from the
 * verb the outbox recorded (`recordedResult`), never the button pressed: after a refused
 * change it names what was already decided.
 */
export function confirmation(outcome: DecisionOutcome, result: ReviewResult, title: string): { title: string; body: string } {
  const recorded = outcome.recordedResult ?? result;
  const message = outcome.message.trim();
  switch (outcome.outcome) {
    case 'done':
      return { title: `${recorded === 'Approve' ? 'Approved' : 'Denied'} — ${title}`, body: '' };
    case 'refused':
      return { title: `Already ${past[recorded]} by you — ${title}`, body: message };
    case 'queued':
      // "Approval waits 5 s", "Denial waiting to send (offline)": replaced once Azure answers.
      return { title: `${message || `${recorded === 'Approve' ? 'Approval' : 'Denial'} waiting to send`} — ${title}`, body: '' };
    case 'conflict':
      return { title: `${message || 'Already decided by someone else'} — ${title}`, body: '' };
    case 'expired':
      return { title: `Expired before it could be sent — ${title}`, body: message };
    case 'failed':
      return { title: `Not sent — ${title}`, body: message };
  }
}
