import { describe, expect, it } from 'vitest';
import { queueItem } from '../../../test/kit/item-fixture';
import { formatDuration, notificationTitle, plainLine, requestBody, requestTitle, summaryBody, summaryTitle } from './wording';

describe('notification wording (ux.md)', () => {
  it('names the request by role on scope and the requester, duration and reason in the body', () => {
    const item = queueItem(1);
    expect(requestTitle(item)).toBe('Owner on Prod-Payments');
    expect(requestBody(item)).toBe('Ada Lovelace · 2 h · "Deploy hotfix INC-42"');
  });

  it('names Entra ID roles and groups by kind, Azure resources unchanged', () => {
    const finance = { id: 'g-1', displayName: 'Finance Admins' };
    const ga = queueItem(1, { kind: 'entraRole', role: { id: 'ga', displayName: 'Global Administrator' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } });
    expect(requestTitle(ga)).toBe('Global Administrator (Entra ID)');
    expect(requestTitle({ ...ga, scope: { id: '/administrativeUnits/au-1', displayName: '/administrativeUnits/au-1', type: 'directory' } })).toBe('Global Administrator on /administrativeUnits/au-1 (Entra ID)');
    expect(requestTitle(queueItem(2, { kind: 'group', access: 'member', role: finance, scope: { ...finance, type: 'group' } }))).toBe('Member of Finance Admins (group)');
    expect(requestTitle(queueItem(3, { kind: 'group', access: 'owner', role: finance, scope: { ...finance, type: 'group' } }))).toBe('Owner of Finance Admins (group)');
    expect(requestTitle(queueItem(4))).toBe('Owner on Prod-Payments');
  });

  it('shortens long names, never the words that say the kind', () => {
    const long = 'G'.repeat(200);
    const group = queueItem(1, { kind: 'group', access: 'owner', role: { id: 'g', displayName: long }, scope: { id: 'g', displayName: long, type: 'group' } });
    const title = requestTitle(group);
    expect([...title].length).toBeLessThanOrEqual(90);
    expect(title.startsWith('Owner of GGG')).toBe(true);
    expect(title.endsWith('G… (group)')).toBe(true);
    const entra = requestTitle(queueItem(1, { kind: 'entraRole', role: { id: 'r', displayName: `Role\n${long}` }, scope: { id: '/', displayName: 'Directory', type: 'directory' } }));
    expect(entra.endsWith('… (Entra ID)')).toBe(true);
    expect(entra).not.toContain('\n');
    // Two long Azure names share the room; a short one keeps all of its letters.
    const both = requestTitle(queueItem(1, { role: { id: 'r', displayName: 'R'.repeat(100) }, scope: { id: 's', displayName: 'S'.repeat(100), type: 'subscription' } }));
    expect([...both].length).toBeLessThanOrEqual(90);
    expect(both).toMatch(/^R{40,}… on S{40,}…$/);
    expect(requestTitle(queueItem(1, { scope: { id: 's', displayName: 'S'.repeat(100), type: 'subscription' } }))).toMatch(/^Owner on S+…$/);
  });

  it('leaves out what is unknown and falls back to the UPN or "Someone"', () => {
    expect(requestBody(queueItem(1, { duration: null, justification: null }))).toBe('Ada Lovelace');
    expect(requestBody(queueItem(1, { requester: { id: 'x', displayName: '', upn: 'ada@x' }, justification: '  ' }))).toBe('ada@x · 2 h');
    expect(requestBody(queueItem(1, { requester: { id: 'x', displayName: '', upn: null }, duration: null, justification: null }))).toBe('Someone');
    expect(requestTitle(queueItem(1, { scope: { id: '/', displayName: '', type: '' } }))).toBe('Owner');
    expect(requestTitle(queueItem(1, { role: { id: '', displayName: '' } }))).toBe('A role on Prod-Payments');
  });

  it('says so when the request must be decided in the portal', () => {
    expect(requestBody(queueItem(1, { actionable: false, requestType: 'SelfExtend' }))).toBe('Ada Lovelace · 2 h · "Deploy hotfix INC-42" · decide in the Azure portal');
  });

  it('drops bidi controls from tenant text: a name cannot reorder what follows it', () => {
    const item = queueItem(1, { requester: { id: 'x', displayName: 'Invoice \u202Egnp.exe', upn: null }, scope: { id: '/s', displayName: 'rg-\u2067evil\u2069', type: 'resourcegroup' } });
    expect(requestBody(item)).toBe('Invoice gnp.exe · 2 h · "Deploy hotfix INC-42"');
    expect(requestTitle(item)).toBe('Owner on rg-evil');
  });

  it('keeps names and reasons to one plain, short line', () => {
    const item = queueItem(1, {
      requester: { id: 'x', displayName: 'Eve\n<b>Admin</b>\u0007', upn: null },
      justification: 'line one\r\nline two\u2028' + 'x'.repeat(300),
    });
    const body = requestBody(item);
    for (const ch of ['\n', '\r', '\u0007', '\u2028']) expect(body).not.toContain(ch);
    expect(body.startsWith('Eve <b>Admin</b> · 2 h · "line one line two x')).toBe(true); // escaping is the adapter's job
    expect(body.endsWith('…"')).toBe(true);
    expect(plainLine('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
    expect(plainLine('  short  ', 5)).toBe('short');
  });

  it('formats ISO 8601 durations in hours and minutes', () => {
    expect(formatDuration('PT2H')).toBe('2 h');
    expect(formatDuration('PT30M')).toBe('30 min');
    expect(formatDuration('PT1H30M')).toBe('1 h 30 min');
    expect(formatDuration('P1DT2H')).toBe('26 h');
    expect(formatDuration('PT90S')).toBe('2 min');
    for (const bad of [null, '', 'P', 'PT', 'PT0H', '2 hours', 'P1W']) expect(formatDuration(bad)).toBeNull();
  });

  it('summarises a burst', () => {
    const items = [queueItem(1), queueItem(2, { role: { id: 'r', displayName: 'Reader' }, scope: { id: 's', displayName: 'Dev', type: 'resourceGroup' } }), queueItem(3), queueItem(4)];
    expect(summaryTitle(4)).toBe('4 PIM requests waiting');
    expect(summaryBody(items)).toBe('Owner on Prod-Payments, Reader on Dev and 2 more');
    expect(summaryBody(items.slice(0, 2))).toBe('Owner on Prod-Payments, Reader on Dev');
  });

  it('summarises a burst of every kind in the same words', () => {
    const finance = { id: 'g', displayName: 'Finance Admins' };
    const items = [
      queueItem(1, { kind: 'entraRole', role: { id: 'ga', displayName: 'Global Administrator' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } }),
      queueItem(2, { kind: 'group', access: 'member', role: finance, scope: { ...finance, type: 'group' } }),
      queueItem(3),
      queueItem(4),
    ];
    expect(summaryBody(items)).toBe('Global Administrator (Entra ID), Member of Finance Admins (group) and 2 more');
  });
});

describe('notification titles with several accounts', () => {
  const item = queueItem(1);
  it('starts with the tenant when tenants are named, and only then', () => {
    const inFabrikam = { ...item, tenant: { id: 't-f', name: 'Fabrikam' } };
    expect(notificationTitle(inFabrikam, true)).toBe('Fabrikam · Owner on Prod-Payments');
    expect(notificationTitle(inFabrikam, false)).toBe('Owner on Prod-Payments');
    expect(notificationTitle(item, true)).toBe('Owner on Prod-Payments');
    expect(notificationTitle({ ...item, tenant: { id: 't-f', name: '' } }, true)).toBe('t-f · Owner on Prod-Payments');
  });
  it('flattens the tenant’s name, shortens it first, and keeps the title within its length', () => {
    const hostile = { ...item, tenant: { id: 't', name: `Evil\u202E\n${'x'.repeat(80)}` } };
    const title = notificationTitle(hostile, true, 90);
    expect(title).not.toMatch(/[\u202e\n]/);
    expect([...title].length).toBeLessThanOrEqual(90);
    expect(title.split(' · ')[0]).toHaveLength(40);
    expect(title.endsWith('Owner on Prod-Payments')).toBe(true);
  });
});
