import { describe, expect, it } from 'vitest';
import { queueItem } from '../../../test/kit/item-fixture';
import { createMemoryNotifier } from '../../preview/memory-notifier';
import { createNotificationCenter } from './center';
import { defaultNotifyPrefs, type NotifyPrefs } from './prefs';
import { planReminders, reminderId, reminderItemId } from './reminders';

const MIN = 60_000;
const expires = Date.parse('2026-01-05T12:00:00Z');
const kv = (n: number, over: Parameters<typeof queueItem>[1] = {}) => queueItem(n, { role: { id: 'kv', displayName: 'Key Vault Administrator' }, expiresAt: new Date(expires).toISOString(), ...over });
const prefs = (over: Partial<NotifyPrefs> = {}): NotifyPrefs => ({ ...defaultNotifyPrefs, timeZone: 'UTC', ...over });

describe('planReminders', () => {
  it('reminds once, when an hour is left, of a request I can decide', () => {
    const queue = [kv(1), kv(2, { actionable: false, readOnly: 'portal-only' })];
    const early = planReminders(queue, prefs(), expires - 61 * MIN, new Set());
    expect(early.show).toEqual([]);
    const due = planReminders(queue, prefs(), expires - 60 * MIN, early.reminded);
    expect(due.show.map((s) => [s.id, s.title, s.actions])).toEqual([[reminderId(kv(1).id), '1 h left — Key Vault Administrator on Prod-Payments', ['approve', 'deny']]]);
    expect(planReminders(queue, prefs(), expires - 30 * MIN, due.reminded).show).toEqual([]);
  });
  it('withdraws the reminder once the request is gone, and forgets it', () => {
    const due = planReminders([kv(1)], prefs(), expires - 10 * MIN, new Set());
    expect(due.show[0]?.title).toBe('10 min left — Key Vault Administrator on Prod-Payments');
    const gone = planReminders([], prefs(), expires - 9 * MIN, due.reminded);
    expect(gone.withdraw).toEqual([reminderId(kv(1).id)]);
    expect([...gone.reminded]).toEqual([]);
  });
  it('holds a reminder through quiet hours and shows it after; never when switched off or expired', () => {
    const quiet = prefs({ quietHours: { start: '10:00', end: '11:30' } });
    const held = planReminders([kv(1)], quiet, expires - 50 * MIN, new Set()); // 11:10 UTC
    expect(held.show).toEqual([]);
    expect(planReminders([kv(1)], quiet, expires - 25 * MIN, held.reminded).show).toHaveLength(1); // 11:35
    expect(planReminders([kv(1)], prefs({ expiryReminder: false }), expires - 30 * MIN, new Set()).show).toEqual([]);
    expect(planReminders([kv(1)], prefs(), expires + MIN, new Set()).show).toEqual([]);
  });
  it('reads its own keys back, and no others', () => {
    expect(reminderItemId(reminderId('/a/b'))).toBe('/a/b');
    expect(reminderItemId('/a/b')).toBeNull();
  });
});

describe('the notification center on a virtual clock', () => {
  it('shows the reminder at an hour left, decides from its button, and withdraws it when decided elsewhere', async () => {
    let now = expires - 2 * 60 * MIN;
    const queue = new Map([kv(1), kv(2)].map((i) => [i.id, i]));
    const notifier = createMemoryNotifier();
    const decided: string[] = [];
    const center = createNotificationCenter({
      notifier,
      prefs: () => prefs({ oneClick: true, defaultJustification: 'Reviewed' }),
      now: () => now,
      findItem: (id) => queue.get(id) ?? null,
      decide: async (itemId) => {
        decided.push(itemId);
        queue.delete(itemId);
        return { itemId, outcome: 'done', message: '' };
      },
      openWindow: () => undefined,
    });
    center.remind([...queue.values()]);
    expect(notifier.visible()).toEqual([]);
    now = expires - 60 * MIN + 1;
    center.remind([...queue.values()]);
    expect(notifier.visible().map((n) => n.id)).toEqual([reminderId(kv(1).id), reminderId(kv(2).id)]);
    // Approve on the reminder decides the request it stands for.
    expect(notifier.press(reminderId(kv(1).id), 'approve')).toBe(true);
    await center.settled();
    expect(decided).toEqual([kv(1).id]);
    // The other is decided in the window: the next state drops it, and its reminder goes.
    queue.delete(kv(2).id);
    center.remind([...queue.values()]);
    expect(notifier.visible().filter((n) => reminderItemId(n.id) !== null)).toEqual([]);
    center.dispose();
  });
});

describe('planReminders with several accounts', () => {
  it('puts the tenant after the time left', () => {
    const item = { ...kv(1), tenant: { id: 't-f', name: 'Fabrikam' } };
    expect(planReminders([item], prefs(), expires - 10 * MIN, new Set(), true).show[0]?.title).toBe('10 min left — Fabrikam · Key Vault Administrator on Prod-Payments');
  });
});
