import { describe, expect, it } from 'vitest';
import type { AccountDto, AppState } from '../model/state';
import type { QueueItem } from '../queue/queue-item';
import { queueItem } from '../../../test/kit/item-fixture';
import { timeLeft } from './time-text';
import { escapeMenuLabel, maxMenuRequests, trayMenuModel, type TrayMenuEntry, type TrayPrefs } from './tray-menu';

const now = Date.parse('2026-01-05T12:00:00Z');
const prefs: TrayPrefs = { notificationsPausedUntil: null, startAtLogin: false, timeZone: 'UTC' };
const account = { id: 'a', name: 'Me', username: 'me@contoso.example' };
const expiring = (n: number, inMinutes: number, extra = {}) => queueItem(n, { expiresAt: new Date(now + inMinutes * 60_000).toISOString(), ...extra });
const labels = (entries: TrayMenuEntry[]) => entries.map((e) => (e.type === 'separator' ? '---' : e.label));
const model = (p: Partial<Pick<AppState, 'connection' | 'queue' | 'account'>>, tp: Partial<TrayPrefs> = {}) =>
  trayMenuModel({ connection: 'online', queue: [], account, ...p }, { ...prefs, ...tp }, now);

describe('trayMenuModel', () => {
  it('lists nothing-waiting then the actions and Quit', () => {
    expect(labels(model({}))).toEqual(['Nothing waiting', '---', 'Open PIM Approvals', 'Refresh now', 'Pause notifications (1 hour)', 'Sign out me@contoso.example', 'Start at login', 'Copy diagnostics', '---', 'Quit PIM Approvals']);
  });

  it('lists waiting requests soonest expiry first, with time left and Approve…/Deny…', () => {
    const late = expiring(1, 600);
    const soon = expiring(2, 45, { role: { id: 'r', displayName: 'Reader' }, requester: { id: 'g', displayName: 'Grace Hopper', upn: null } });
    const entries = model({ queue: [late, soon] });
    expect(labels(entries).slice(0, 3)).toEqual([
      '2 waiting',
      'Reader on Prod-Payments — Grace Hopper — 45 min left',
      'Owner on Prod-Payments — Ada Lovelace — 10 h left',
    ]);
    expect(entries[1]).toEqual({
      type: 'submenu',
      label: 'Reader on Prod-Payments — Grace Hopper — 45 min left',
      itemId: soon.id,
      entries: [
        { type: 'command', label: 'Approve…', command: { kind: 'decide', itemId: soon.id, decision: 'Approve' }, enabled: true },
        { type: 'command', label: 'Deny…', command: { kind: 'decide', itemId: soon.id, decision: 'Deny' }, enabled: true },
        { type: 'command', label: 'Details…', command: { kind: 'open', itemId: soon.id }, enabled: true },
      ],
    });
  });

  it('names every kind of request as notifications do', () => {
    const finance = { id: 'g-1', displayName: 'Finance Admins' };
    const ga = expiring(1, 30, { kind: 'entraRole', role: { id: 'ga', displayName: 'Global Administrator' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } });
    const owner = expiring(2, 60, { kind: 'group', access: 'owner', role: finance, scope: { ...finance, type: 'group' } });
    const arm = expiring(3, 90);
    expect(labels(model({ queue: [arm, owner, ga] })).slice(1, 4)).toEqual([
      'Global Administrator (Entra ID) — Ada Lovelace — 30 min left',
      'Owner of Finance Admins (group) — Ada Lovelace — 1 h left',
      'Owner on Prod-Payments — Ada Lovelace — 1 h 30 min left',
    ]);
    expect(model({ queue: [owner] })[1]).toMatchObject({ type: 'submenu', entries: [{ label: 'Approve…' }, { label: 'Deny…' }, { label: 'Details…' }] });
  });

  it('offers only details for requests ARM cannot decide', () => {
    const entries = model({ queue: [expiring(1, 90, { actionable: false })] });
    expect(entries[1]).toMatchObject({ type: 'submenu', entries: [{ label: 'Details (decide in the Azure portal)…', command: { kind: 'open' } }] });
  });

  it('shows at most ten requests and points to the rest', () => {
    const queue = Array.from({ length: 13 }, (_, i) => expiring(i, 60 + i));
    const entries = model({ queue });
    const submenus = entries.filter((e) => e.type === 'submenu');
    expect(submenus).toHaveLength(maxMenuRequests);
    expect(submenus.map((e) => e.type === 'submenu' && e.itemId)).toEqual(queue.slice(0, 10).map((q) => q.id));
    expect(entries[11]).toEqual({ type: 'command', label: '3 more…', command: { kind: 'open', itemId: null }, enabled: true });
  });

  it('breaks expiry ties by id so the order is stable', () => {
    const a = expiring(1, 60);
    const b = expiring(2, 60);
    expect(model({ queue: [b, a] }).slice(1, 3).map((e) => e.type === 'submenu' && e.itemId)).toEqual([a.id, b.id]);
  });

  it('offers sign-in and no refresh or requests when signed out', () => {
    const entries = model({ connection: 'signed-out', account: null, queue: [expiring(1, 60)] });
    expect(labels(entries)).toEqual(['Signed out', '---', 'Open PIM Approvals', 'Refresh now', 'Pause notifications (1 hour)', 'Sign in…', 'Start at login', 'Copy diagnostics', '---', 'Quit PIM Approvals']);
    expect(entries.find((e) => e.type === 'command' && e.command.kind === 'refresh')).toMatchObject({ enabled: false });
    expect(model({ account: null }).find((e) => e.type === 'command' && e.command.kind === 'sign-in')).toBeTruthy();
  });

  it('keeps requests listed while offline', () => {
    expect(labels(model({ connection: 'offline', queue: [expiring(1, 60)] })).slice(0, 2)).toEqual(['Offline · 1 waiting', 'Owner on Prod-Payments — Ada Lovelace — 1 h left']);
  });

  it('turns pause into resume while notifications are paused', () => {
    const paused = model({}, { notificationsPausedUntil: now + 3_600_000 });
    expect(paused.find((e) => e.type === 'command' && e.command.kind === 'resume-notifications')).toMatchObject({ label: 'Resume notifications (paused until 13:00)' });
    const over = model({}, { notificationsPausedUntil: now });
    expect(over.find((e) => e.type === 'command' && e.command.kind === 'pause-notifications')).toBeTruthy();
  });

  it('start at login is a checkbox whose command flips it', () => {
    expect(model({}).find((e) => e.type === 'checkbox')).toEqual({ type: 'checkbox', label: 'Start at login', checked: false, command: { kind: 'set-start-at-login', enabled: true } });
    expect(model({}, { startAtLogin: true }).find((e) => e.type === 'checkbox')).toMatchObject({ checked: true, command: { enabled: false } });
  });

  it('escapes ampersands for Electron menus', () => {
    expect(escapeMenuLabel('Owner on R&D')).toBe('Owner on R&&D');
  });
});

describe('trayMenuModel with several accounts', () => {
  const acct = (id: string, tenant: string, over: Partial<AccountDto> = {}): AccountDto => ({
    id,
    name: 'Me',
    username: `me@${tenant.toLowerCase()}.example`,
    tenant: { id: `t-${tenant.toLowerCase()}`, name: tenant },
    cloud: 'public',
    source: 'demo',
    status: 'signed-in',
    connection: 'online',
    problem: null,
    kinds: [],
    lastCheckedAt: null,
    ...over,
  });
  const contoso = acct('me.t-contoso', 'Contoso');
  const fabrikam = acct('me.t-fabrikam', 'Fabrikam');
  const inTenant = (n: number, minutes: number, a: AccountDto, extra = {}) => expiring(n, minutes, { accountId: a.id, tenant: a.tenant, ...extra });
  const multi = (accounts: AccountDto[], queue: QueueItem[]) => trayMenuModel({ connection: 'online', queue, account, accounts }, prefs, now);

  it('keeps the total first, then one section per account with its own count and requests', () => {
    const queue = [inTenant(1, 90, contoso), inTenant(2, 30, fabrikam, { role: { id: 'c', displayName: 'Contributor' } }), inTenant(3, 60, contoso, { role: { id: 'c', displayName: 'Contributor' } })];
    expect(labels(multi([contoso, fabrikam], queue)).slice(0, 7)).toEqual([
      '3 waiting',
      'Contoso — 2 waiting',
      'Contributor on Prod-Payments — Ada Lovelace — 1 h left',
      'Owner on Prod-Payments — Ada Lovelace — 1 h 30 min left',
      'Fabrikam — 1 waiting',
      'Contributor on Prod-Payments — Ada Lovelace — 30 min left',
      '---',
    ]);
    expect(labels(multi([contoso, fabrikam], queue))).toContain('Sign out of every account');
  });

  it('says how each account stands, also with nothing waiting', () => {
    const entries = multi([acct('a', 'Contoso', { status: 'signed-out' }), acct('b', 'Fabrikam', { connection: 'offline' }), acct('c', 'Northwind', { status: 'error' })], [inTenant(1, 60, fabrikam, { accountId: 'b' })]);
    expect(labels(entries).slice(0, 5)).toEqual(['1 waiting', 'Contoso — signed out', 'Fabrikam — offline · 1 waiting', 'Owner on Prod-Payments — Ada Lovelace — 1 h left', 'Northwind — problem checking']);
  });

  it('lists the soonest ten across accounts, counts each account’s all, and tells one tenant’s two accounts apart', () => {
    const other = acct('you.t-contoso', 'Contoso', { username: 'you@contoso.example' });
    const queue = [...Array.from({ length: 11 }, (_, i) => inTenant(i, 60 + i, contoso)), inTenant(20, 5, other)];
    const entries = multi([contoso, other], queue);
    expect(entries.filter((e) => e.type === 'submenu')).toHaveLength(maxMenuRequests);
    expect(labels(entries).filter((l) => l.startsWith('Contoso'))).toEqual(['Contoso (me@contoso.example) — 11 waiting', 'Contoso (you@contoso.example) — 1 waiting']);
    expect(labels(entries)).toContain('2 more…');
  });

  it('shows a request whose account is not listed under its tenant rather than drop it', () => {
    const stray = inTenant(1, 60, fabrikam, { accountId: 'gone' });
    expect(labels(multi([contoso, fabrikam], [stray])).slice(0, 5)).toEqual(['1 waiting', 'Contoso — nothing waiting', 'Fabrikam — nothing waiting', 'Fabrikam', 'Owner on Prod-Payments — Ada Lovelace — 1 h left']);
  });

  it('keeps one account’s menu as it was: no sections', () => {
    expect(labels(multi([contoso], [inTenant(1, 60, contoso)])).slice(0, 2)).toEqual(['1 waiting', 'Owner on Prod-Payments — Ada Lovelace — 1 h left']);
  });
});

describe('timeLeft', () => {
  it('counts down in hours and minutes', () => {
    expect(timeLeft(now + (3 * 60 + 12) * 60_000 + 59_000, now)).toBe('3 h 12 min left');
    expect(timeLeft(now + 45 * 60_000, now)).toBe('45 min left');
    expect(timeLeft(now + 2 * 3_600_000, now)).toBe('2 h left');
    expect(timeLeft(now + 30_000, now)).toBe('under 1 min left');
    expect(timeLeft(now, now)).toBe('expired');
    expect(timeLeft(NaN, now)).toBe('expired');
  });
});
