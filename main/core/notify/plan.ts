/**
 * planNotifications: from one poll's diff to what to show and what to withdraw. Pure.
 * One notification per new request; more than three at once collapse into one summary;
 * requests that vanished (decided elsewhere, expired) are withdrawn; quiet hours and
 * "pause for 1 hour" suppress showing (the tray count still tells). Never decides. With more
 * than one account (`nameTenants`), each title starts with the request's tenant.
 */
import type { NotificationSpec } from './notifier';
import { quietReason, type NotifyPrefs, type QuietReason } from './prefs';
import { notificationTitle, requestBody, summaryBody, summaryTitle, type NotifiableItem } from './wording';

/** Key of the one summary notification; a new burst replaces it. */
export const SUMMARY_NOTIFICATION_ID = 'pim-approvals:summary';
/** More new requests than this in one poll collapse into the summary. */
export const maxSeparateNotifications = 3;

export interface QueueChange {
  added: readonly NotifiableItem[];
  removed: readonly Pick<NotifiableItem, 'id'>[];
}

/**
 * What changed between two queue snapshots, by item id. Lets the center follow AppState
 * (which also drops items decided in the window) as well as the poller's own diffs.
 */
export function changeBetween(prev: readonly NotifiableItem[], next: readonly NotifiableItem[]): QueueChange {
  const before = new Set(prev.map((item) => item.id));
  const after = new Set(next.map((item) => item.id));
  return { added: next.filter((item) => !before.has(item.id)), removed: prev.filter((item) => !after.has(item.id)) };
}

/** Notification key → the item ids it stands for (what the caller has on screen now). */
export type ShownNotifications = ReadonlyMap<string, readonly string[]>;

export interface NotificationPlan {
  show: NotificationSpec[];
  withdraw: string[];
  /** The shown map after applying this plan. */
  shown: Map<string, string[]>;
  /** New requests not shown because notifications are quiet, and why. */
  suppressed: number;
  quiet: QuietReason | null;
}

export function planNotifications(
  diff: QueueChange,
  prefs: NotifyPrefs,
  now: number,
  shown: ShownNotifications = new Map(),
  nameTenants = false,
): NotificationPlan {
  const gone = new Set(diff.removed.map((item) => item.id));
  const next = new Map<string, string[]>();
  const withdraw = new Set<string>();
  for (const [key, ids] of shown) {
    const left = ids.filter((id) => !gone.has(id));
    if (left.length === 0) withdraw.add(key);
    else next.set(key, left);
  }
  // Withdraw vanished requests even if the caller does not track them (adapters ignore unknown ids).
  for (const id of gone) withdraw.add(id);

  const quiet = quietReason(prefs, now);
  const fresh = diff.added.filter((item) => !gone.has(item.id));
  if (quiet !== null || fresh.length === 0) {
    return { show: [], withdraw: [...withdraw], shown: next, suppressed: quiet === null ? 0 : fresh.length, quiet };
  }

  const show: NotificationSpec[] = [];
  if (fresh.length > maxSeparateNotifications) {
    // One summary for the burst, also standing for requests an earlier summary still covers.
    const covered = [...new Set([...(next.get(SUMMARY_NOTIFICATION_ID) ?? []), ...fresh.map((item) => item.id)])];
    show.push({ id: SUMMARY_NOTIFICATION_ID, title: summaryTitle(covered.length), body: summaryBody(fresh, nameTenants), actions: [], reply: false, sticky: true });
    next.set(SUMMARY_NOTIFICATION_ID, covered);
    withdraw.delete(SUMMARY_NOTIFICATION_ID);
  } else {
    for (const item of fresh) {
      show.push(requestNotification(item, nameTenants));
      next.set(item.id, [item.id]);
      withdraw.delete(item.id);
    }
  }
  return { show, withdraw: [...withdraw], shown: next, suppressed: 0, quiet: null };
}

/** One request: Approve/Deny (with a justification reply) when it can be decided here, else just a click to open. */
export function requestNotification(item: NotifiableItem, nameTenant = false): NotificationSpec {
  return {
    id: item.id,
    title: notificationTitle(item, nameTenant),
    body: requestBody(item),
    actions: item.actionable ? ['approve', 'deny'] : [],
    reply: item.actionable,
    sticky: true,
  };
}
