import { describe, expect, it } from 'vitest';
import type { DecisionOutcome, ReviewResult } from '../model/state';
import { confirmation, createNotificationCenter } from './center';
import { queueItem } from '../../../test/kit/item-fixture';
import { createMemoryNotifier } from '../../preview/memory-notifier';
import { SUMMARY_NOTIFICATION_ID } from './plan';
import { defaultNotifyPrefs, type NotifyPrefs } from './prefs';
import type { ActionRoute } from './route-action';

const globalAdmin = queueItem(6, { kind: 'entraRole', role: { id: 'ga', displayName: 'Global Administrator' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } });
/** Without the High-privilege cue, so its buttons may decide from the notification. */
const kvAdmin = (n: number) => queueItem(n, { role: { id: 'kv', displayName: 'Key Vault Administrator' } });
const reports = queueItem(7, { kind: 'entraRole', role: { id: 'rr', displayName: 'Reports Reader' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } });

function setup(prefs: Partial<NotifyPrefs> = {}, answer: DecisionOutcome['outcome'] = 'done') {
  const notifier = createMemoryNotifier();
  const queue = new Map([...[1, 2, 3, 4, 5].map((n) => kvAdmin(n)), globalAdmin, reports].map((item) => [item.id, item]));
  const decisions: Array<{ itemId: string; result: ReviewResult; justification: string }> = [];
  const opened: Array<Extract<ActionRoute, { openWindow: unknown }>['openWindow']> = [];
  const center = createNotificationCenter({
    notifier,
    prefs: () => ({ ...defaultNotifyPrefs, timeZone: 'UTC', ...prefs }),
    now: () => Date.parse('2026-01-05T12:00:00Z'),
    findItem: (id) => queue.get(id) ?? null,
    decide: async (itemId, result, justification) => {
      decisions.push({ itemId, result, justification });
      queue.delete(itemId);
      return { itemId, outcome: answer, message: answer === 'conflict' ? 'Already approved by Grace Hopper' : '' };
    },
    openWindow: (request) => opened.push(request),
  });
  return { notifier, center, decisions, opened, item: (n: number) => kvAdmin(n) };
}

describe('createNotificationCenter', () => {
  it('shows new requests and withdraws the ones that vanished', () => {
    const { notifier, center, item } = setup();
    center.update({ added: [item(1), item(2)], removed: [] });
    expect(notifier.visible().map((n) => n.id)).toEqual([item(1).id, item(2).id]);
    center.update({ added: [], removed: [item(1)] });
    expect(notifier.visible().map((n) => n.id)).toEqual([item(2).id]);
  });

  it('decides from a reply, withdraws the request and confirms quietly', async () => {
    const { notifier, center, decisions, item } = setup();
    center.update({ added: [item(1)], removed: [] });
    notifier.press(item(1).id, 'approve', 'Checked INC-42');
    await center.settled();
    expect(decisions).toEqual([{ itemId: item(1).id, result: 'Approve', justification: 'Checked INC-42' }]);
    expect(notifier.visible()).toEqual([
      { id: `pim-approvals:outcome:${item(1).id}`, title: 'Approved — Key Vault Administrator on Prod-Payments', body: '', actions: [], reply: false, sticky: false },
    ]);
    expect(JSON.stringify(notifier.history())).not.toContain('Checked INC-42'); // the justification is never echoed
  });

  it('confirms a decision on an Entra ID role in the same words as its notification', async () => {
    const { notifier, center } = setup();
    center.update({ added: [reports], removed: [] });
    expect(notifier.visible()[0]?.title).toBe('Reports Reader (Entra ID)');
    notifier.press(reports.id, 'deny', 'Not during the freeze');
    await center.settled();
    expect(notifier.visible()[0]?.title).toBe('Denied — Reports Reader (Entra ID)');
  });

  it('a High-privilege request is never decided from its notification: the dialog opens on it', async () => {
    const { notifier, center, decisions, opened } = setup({ oneClick: true, defaultJustification: 'Routine' });
    center.update({ added: [globalAdmin], removed: [] });
    notifier.press(globalAdmin.id, 'approve', 'Typed in the notification');
    await center.settled();
    expect(decisions).toEqual([]);
    expect(opened).toEqual([{ itemId: globalAdmin.id, decision: 'Approve', focusJustification: true, justification: 'Typed in the notification' }]);
  });

  it('opens the window with the decision chosen when there is no justification to use', async () => {
    const { notifier, center, decisions, opened, item } = setup();
    center.update({ added: [item(1)], removed: [] });
    notifier.press(item(1).id, 'deny');
    await center.settled();
    expect(decisions).toEqual([]);
    expect(opened).toEqual([{ itemId: item(1).id, decision: 'Deny', focusJustification: true }]);
    expect(notifier.visible()).toHaveLength(1); // still there until decided
  });

  it('one-click decisions use the default justification', async () => {
    const { notifier, center, decisions, item } = setup({ oneClick: true, defaultJustification: 'Routine' });
    center.update({ added: [item(2)], removed: [] });
    notifier.press(item(2).id, 'deny');
    await center.settled();
    expect(decisions).toEqual([{ itemId: item(2).id, result: 'Deny', justification: 'Routine' }]);
    expect(notifier.visible()[0]?.title).toBe('Denied — Key Vault Administrator on Prod-Payments');
  });

  it('the summary opens the queue', async () => {
    const { notifier, center, opened, item } = setup();
    center.update({ added: [item(1), item(2), item(3), item(4)], removed: [] });
    notifier.press(SUMMARY_NOTIFICATION_ID, 'open');
    await center.settled();
    expect(opened).toEqual([{ itemId: null, decision: null, focusJustification: false }]);
  });

  it('reports a late decision as decided by someone else, and a throw as not sent', async () => {
    const { notifier, center, item } = setup({}, 'conflict');
    center.update({ added: [item(1)], removed: [] });
    notifier.press(item(1).id, 'approve', 'ok');
    await center.settled();
    expect(notifier.visible()[0]).toMatchObject({ title: 'Already approved by Grace Hopper — Key Vault Administrator on Prod-Payments' });
  });

  it('stops listening after dispose', async () => {
    const { notifier, center, decisions, item } = setup();
    center.update({ added: [item(1)], removed: [] });
    center.dispose();
    notifier.press(item(1).id, 'approve', 'ok');
    await center.settled();
    expect(decisions).toEqual([]);
  });
});

describe('confirmation', () => {
  it('words every outcome', () => {
    const o = (outcome: DecisionOutcome['outcome'], message = 'm') => confirmation({ itemId: 'x', outcome, message }, 'Approve', 'Owner on P');
    expect(o('done')).toEqual({ title: 'Approved — Owner on P', body: '' });
    expect(confirmation({ itemId: 'x', outcome: 'done', message: '' }, 'Deny', 'Owner on P').title).toBe('Denied — Owner on P');
    expect(o('queued', 'Approval waits 5 s')).toEqual({ title: 'Approval waits 5 s — Owner on P', body: '' });
    expect(o('queued', 'Approval waiting to send (offline)').title).toBe('Approval waiting to send (offline) — Owner on P');
    expect(o('conflict', 'Already approved by Sam Okafor').title).toBe('Already approved by Sam Okafor — Owner on P');
    expect(o('expired').title).toBe('Expired before it could be sent — Owner on P');
    expect(o('failed')).toEqual({ title: 'Not sent — Owner on P', body: 'm' });
  });

  it('after a refused or repeated decision, names the verb the outbox recorded, not the button', () => {
    // Deny pressed on a request already approved: the outbox refuses and holds Approve.
    const refused = confirmation({ itemId: 'x', outcome: 'refused', message: 'You already approved this; the approval waits to be sent — undo it first.', recordedResult: 'Approve' }, 'Deny', 'Owner on P');
    expect(refused).toEqual({ title: 'Already approved by you — Owner on P', body: 'You already approved this; the approval waits to be sent — undo it first.' });
    expect(refused.title).not.toMatch(/Denied|Denial/);
    // Approve pressed again on a request already denied and sent: the existing entry answers "done" with Deny.
    expect(confirmation({ itemId: 'x', outcome: 'done', message: 'Denied', recordedResult: 'Deny' }, 'Approve', 'Owner on P').title).toBe('Denied — Owner on P');
    expect(confirmation({ itemId: 'x', outcome: 'queued', message: 'Denial waits 3 s', recordedResult: 'Deny' }, 'Approve', 'Owner on P').title).toBe('Denial waits 3 s — Owner on P');
  });
});

describe('createNotificationCenter with several accounts', () => {
  it('names the tenant in new requests and in the confirmation, as long as several accounts are present', async () => {
    const notifier = createMemoryNotifier();
    const item = { ...kvAdmin(1), tenant: { id: 't-f', name: 'Fabrikam' } };
    let accounts = 2;
    const center = createNotificationCenter({
      notifier,
      prefs: () => ({ ...defaultNotifyPrefs, timeZone: 'UTC' }),
      now: () => Date.parse('2026-01-05T12:00:00Z'),
      findItem: (id) => (id === item.id ? item : null),
      decide: async (itemId) => ({ itemId, outcome: 'done', message: '' }),
      openWindow: () => undefined,
      nameTenants: () => accounts > 1,
    });
    center.update({ added: [item], removed: [] });
    expect(notifier.visible().map((n) => n.title)).toEqual(['Fabrikam · Key Vault Administrator on Prod-Payments']);
    notifier.press(item.id, 'approve', 'CHG-7');
    await center.settled();
    expect(notifier.visible().map((n) => n.title)).toEqual(['Approved — Fabrikam · Key Vault Administrator on Prod-Payments']);
    accounts = 1;
    center.update({ added: [{ ...kvAdmin(2), tenant: item.tenant }], removed: [] });
    expect(notifier.visible().map((n) => n.title)).toContain('Key Vault Administrator on Prod-Payments');
  });
});
