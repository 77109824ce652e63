import { describe, expect, it } from 'vitest';
import { queueItem } from '../../../test/kit/item-fixture';
import { changeBetween, planNotifications, SUMMARY_NOTIFICATION_ID } from './plan';
import { defaultNotifyPrefs, type NotifyPrefs } from './prefs';

const now = Date.parse('2026-01-05T12:00:00Z');
const loud: NotifyPrefs = { ...defaultNotifyPrefs, timeZone: 'UTC' };
const items = [1, 2, 3, 4, 5].map((n) => queueItem(n));
const [a, b, c, d, e] = items as [ReturnType<typeof queueItem>, ReturnType<typeof queueItem>, ReturnType<typeof queueItem>, ReturnType<typeof queueItem>, ReturnType<typeof queueItem>];

describe('planNotifications', () => {
  it('shows one notification per new request, with Approve/Deny and a reply', () => {
    const plan = planNotifications({ added: [a], removed: [] }, loud, now);
    expect(plan.show).toEqual([
      { id: a.id, title: 'Owner on Prod-Payments', body: 'Ada Lovelace · 2 h · "Deploy hotfix INC-42"', actions: ['approve', 'deny'], reply: true, sticky: true },
    ]);
    expect(plan.withdraw).toEqual([]);
    expect([...plan.shown]).toEqual([[a.id, [a.id]]]);
  });

  it('names Entra ID roles and group requests by kind, with the same buttons', () => {
    const finance = { id: 'g-1', displayName: 'Finance Admins' };
    const ga = queueItem(7, { kind: 'entraRole', role: { id: 'ga', displayName: 'Global Administrator' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } });
    const member = queueItem(8, { kind: 'group', access: 'member', role: finance, scope: { ...finance, type: 'group' } });
    const plan = planNotifications({ added: [ga, member], removed: [] }, loud, now);
    expect(plan.show.map((s) => [s.title, s.actions])).toEqual([
      ['Global Administrator (Entra ID)', ['approve', 'deny']],
      ['Member of Finance Admins (group)', ['approve', 'deny']],
    ]);
  });

  it('shows up to three separately', () => {
    const plan = planNotifications({ added: [a, b, c], removed: [] }, loud, now);
    expect(plan.show.map((s) => s.id)).toEqual([a.id, b.id, c.id]);
  });

  it('collapses more than three into one summary with Open only', () => {
    const plan = planNotifications({ added: [a, b, c, d], removed: [] }, loud, now);
    expect(plan.show).toEqual([
      { id: SUMMARY_NOTIFICATION_ID, title: '4 PIM requests waiting', body: 'Owner on Prod-Payments, Owner on Prod-Payments and 2 more', actions: [], reply: false, sticky: true },
    ]);
    expect(plan.shown.get(SUMMARY_NOTIFICATION_ID)).toEqual([a.id, b.id, c.id, d.id]);
  });

  it('offers only a click for requests ARM cannot decide', () => {
    const portal = queueItem(9, { actionable: false, requestType: 'SelfRenew' });
    expect(planNotifications({ added: [portal], removed: [] }, loud, now).show[0]).toMatchObject({ actions: [], reply: false });
  });

  it('withdraws notifications of requests that vanished, and the summary once all it stood for are gone', () => {
    const first = planNotifications({ added: [a, b, c, d], removed: [] }, loud, now);
    const second = planNotifications({ added: [e], removed: [a, b] }, loud, now, first.shown);
    expect(second.withdraw.sort()).toEqual([a.id, b.id].sort());
    expect(second.shown.get(SUMMARY_NOTIFICATION_ID)).toEqual([c.id, d.id]);
    const third = planNotifications({ added: [], removed: [c, d, e] }, loud, now, second.shown);
    expect(third.withdraw.sort()).toEqual([SUMMARY_NOTIFICATION_ID, c.id, d.id, e.id].sort());
    expect(third.shown.size).toBe(0);
  });

  it('withdraws vanished requests even when nothing was tracked', () => {
    expect(planNotifications({ added: [], removed: [a] }, loud, now).withdraw).toEqual([a.id]);
  });

  it('a second burst replaces the summary and counts what it still stands for', () => {
    const first = planNotifications({ added: [a, b, c, d], removed: [] }, loud, now);
    const more = [5, 6, 7, 8].map((n) => queueItem(n));
    const second = planNotifications({ added: more, removed: [a] }, loud, now, first.shown);
    expect(second.show).toHaveLength(1);
    expect(second.show[0]).toMatchObject({ id: SUMMARY_NOTIFICATION_ID, title: '7 PIM requests waiting' });
    expect(second.withdraw).toEqual([a.id]);
  });

  it('stays quiet during quiet hours, when paused or disabled, but still withdraws', () => {
    const quiet = { ...loud, quietHours: { start: '11:00', end: '13:00' } };
    const plan = planNotifications({ added: [b, c], removed: [a] }, quiet, now, new Map([[a.id, [a.id]]]));
    expect(plan).toMatchObject({ show: [], withdraw: [a.id], suppressed: 2, quiet: 'quiet-hours' });
    expect(planNotifications({ added: [b], removed: [] }, { ...loud, pausedUntil: now + 1 }, now)).toMatchObject({ show: [], suppressed: 1, quiet: 'paused' });
    expect(planNotifications({ added: [b], removed: [] }, { ...loud, enabled: false }, now)).toMatchObject({ show: [], suppressed: 1, quiet: 'disabled' });
    expect(planNotifications({ added: [b], removed: [] }, { ...loud, pausedUntil: now }, now).show).toHaveLength(1);
  });

  it('does nothing for an empty diff and never shows a request that is also removed', () => {
    expect(planNotifications({ added: [], removed: [] }, loud, now)).toMatchObject({ show: [], withdraw: [], suppressed: 0, quiet: null });
    expect(planNotifications({ added: [a], removed: [a] }, loud, now)).toMatchObject({ show: [], withdraw: [a.id] });
  });

  it('does not re-show requests already on screen', () => {
    const first = planNotifications({ added: [a], removed: [] }, loud, now);
    const second = planNotifications({ added: [b], removed: [] }, loud, now, first.shown);
    expect(second.show.map((s) => s.id)).toEqual([b.id]);
    expect([...second.shown.keys()]).toEqual([a.id, b.id]);
  });
});

describe('changeBetween', () => {
  it('diffs two snapshots by id', () => {
    const b2 = queueItem(2, { justification: 'changed' });
    expect(changeBetween([a, b, c], [b2, c, d])).toEqual({ added: [d], removed: [a] });
    expect(changeBetween([], [a])).toEqual({ added: [a], removed: [] });
    expect(changeBetween([a], [])).toEqual({ added: [], removed: [a] });
  });
});

describe('planNotifications with several accounts', () => {
  const contoso = { id: 't-contoso', name: 'Contoso' };
  const fabrikam = { id: 't-fabrikam', name: 'Fabrikam' };
  const contributor = { id: 'c', displayName: 'Contributor' };
  const inContoso = { ...queueItem(11, { role: contributor }), tenant: contoso };
  const inFabrikam = { ...queueItem(12, { role: contributor }), tenant: fabrikam };

  it('puts the tenant first in each title, so two Contributors are told apart', () => {
    const plan = planNotifications({ added: [inContoso, inFabrikam], removed: [] }, loud, now, new Map(), true);
    expect(plan.show.map((s) => s.title)).toEqual(['Contoso · Contributor on Prod-Payments', 'Fabrikam · Contributor on Prod-Payments']);
    expect(plan.show[0]?.body).toBe('Ada Lovelace · 2 h · "Deploy hotfix INC-42"');
  });

  it('names the tenants in a summary too', () => {
    const burst = [inContoso, inFabrikam, { ...c, tenant: contoso }, { ...d, tenant: fabrikam }];
    expect(planNotifications({ added: burst, removed: [] }, loud, now, new Map(), true).show[0]?.body).toBe('Contoso · Contributor on Prod-Payments, Fabrikam · Contributor on Prod-Payments and 2 more');
  });

  it('leaves the tenant out with one account', () => {
    expect(planNotifications({ added: [inContoso], removed: [] }, loud, now).show[0]?.title).toBe('Contributor on Prod-Payments');
  });
});
