/**
 * planReminders: one notification when a request I can still decide has an hour left, and
 * its withdrawal once the request is gone (decided here or elsewhere, expired). Pure: the
 * queue, the prefs and the clock in; what to show, what to withdraw and who was reminded out.
 * A reminder held back by quiet hours or a pause is not spent: it shows once they end, if the
 * request is still waiting with time left.
 */
import type { NotificationSpec } from './notifier';
import { quietReason, type NotifyPrefs } from './prefs';
import { notificationTitle, requestBody, type NotifiableItem } from './wording';

/** ux.md: time left turns red under an hour; that is when one reminder goes out. */
export const reminderLeadMs = 60 * 60 * 1000;

const PREFIX = 'pim-approvals:reminder:';

/** The reminder's notification key for a request (distinct from the request's own notification). */
export function reminderId(itemId: string): string {
  return `${PREFIX}${itemId}`;
}

/** The request a reminder key stands for, or null for any other key. */
export function reminderItemId(notificationId: string): string | null {
  return notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;
}

export type RemindableItem = NotifiableItem & { expiresAt: string };

export interface ReminderPlan {
  show: NotificationSpec[];
  withdraw: string[];
  /** Item ids reminded so far and still waiting (the caller keeps this for the next call). */
  reminded: Set<string>;
}

/** `nameTenants`: more than one account, so the title starts with the request's tenant. */
export function planReminders(queue: readonly RemindableItem[], prefs: NotifyPrefs, now: number, reminded: ReadonlySet<string>, nameTenants = false): ReminderPlan {
  const waiting = new Map(queue.map((item) => [item.id, item]));
  const withdraw = [...reminded].filter((id) => !waiting.has(id)).map(reminderId);
  const next = new Set([...reminded].filter((id) => waiting.has(id)));
  const show: NotificationSpec[] = [];
  if (prefs.expiryReminder === false || quietReason(prefs, now) !== null) return { show, withdraw, reminded: next };
  for (const item of queue) {
    if (!item.actionable || next.has(item.id)) continue;
    const left = Date.parse(item.expiresAt) - now;
    if (!(left > 0 && left <= reminderLeadMs)) continue;
    next.add(item.id);
    show.push({
      id: reminderId(item.id),
      title: `${minutesLeft(left)} left — ${notificationTitle(item, nameTenants)}`,
      body: requestBody(item),
      actions: ['approve', 'deny'],
      reply: true,
      sticky: true,
    });
  }
  return { show, withdraw, reminded: next };
}

/** "1 h", "59 min", "under 1 min": how long is left as the reminder goes out. */
function minutesLeft(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 60) return '1 h';
  return minutes < 1 ? 'Under 1 min' : `${minutes} min`;
}
