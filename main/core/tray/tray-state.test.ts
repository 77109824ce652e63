import { describe, expect, it } from 'vitest';
import type { AppState } from '../model/state';
import { queueItem } from '../../../test/kit/item-fixture';
import { trayBadge, trayIconState, trayIconStates, trayStatusText, trayTooltip } from './tray-state';

const now = Date.parse('2026-01-05T12:30:00Z');
const state = (p: Partial<AppState>): AppState => ({
  mode: 'azure',
  connection: 'online',
  account: { id: 'a', name: 'Me', username: 'me@contoso.example' },
  queue: [],
  lastCheckedAt: '2026-01-05T12:04:00.000Z',
  problem: null,
  sync: { pending: 0, busy: false },
  signIn: { status: 'idle', message: null },
  kinds: [],
  ...p,
});
const three = [queueItem(1), queueItem(2), queueItem(3)];

describe('tray icon state', () => {
  it('maps every connection and queue to one of five glyphs', () => {
    expect(trayIconState(state({}))).toBe('idle');
    expect(trayIconState(state({ queue: three }))).toBe('pending');
    expect(trayIconState(state({ connection: 'starting' }))).toBe('idle');
    expect(trayIconState(state({ connection: 'starting', queue: three }))).toBe('pending');
    expect(trayIconState(state({ connection: 'offline', queue: three }))).toBe('offline');
    expect(trayIconState(state({ connection: 'signed-out' }))).toBe('signed-out');
    expect(trayIconState(state({ connection: 'error', queue: three }))).toBe('error');
    expect(trayIconStates).toEqual(['idle', 'pending', 'offline', 'signed-out', 'error']);
  });
});

describe('tray words', () => {
  it('says the state in words', () => {
    expect(trayStatusText(state({}))).toBe('Nothing waiting');
    expect(trayStatusText(state({ queue: three }))).toBe('3 waiting');
    expect(trayStatusText(state({ connection: 'starting' }))).toBe('Checking…');
    expect(trayStatusText(state({ connection: 'starting', queue: three }))).toBe('3 waiting');
    expect(trayStatusText(state({ connection: 'offline' }))).toBe('Offline');
    expect(trayStatusText(state({ connection: 'offline', queue: three }))).toBe('Offline · 3 waiting');
    expect(trayStatusText(state({ connection: 'signed-out', queue: three }))).toBe('Signed out');
    expect(trayStatusText(state({ connection: 'error' }))).toBe('Problem checking for requests');
    expect(trayStatusText(state({ connection: 'error', queue: three }))).toBe('Problem checking · 3 waiting');
  });

  it('tooltip per ux.md, with the last check', () => {
    expect(trayTooltip(state({ queue: three }), now, 'UTC')).toBe('PIM Approvals — 3 waiting · checked 12:04');
    expect(trayTooltip(state({ queue: three }), now, 'Europe/Berlin')).toBe('PIM Approvals — 3 waiting · checked 13:04');
    expect(trayTooltip(state({ lastCheckedAt: null, connection: 'starting' }), now, 'UTC')).toBe('PIM Approvals — Checking…');
    expect(trayTooltip(state({ connection: 'signed-out' }), now, 'UTC')).toBe('PIM Approvals — Signed out');
    expect(trayTooltip(state({ connection: 'offline', lastCheckedAt: '2026-01-04T23:10:00Z' }), now, 'UTC')).toBe('PIM Approvals — Offline · checked 4 Jan 23:10');
    expect(trayTooltip(state({ lastCheckedAt: 'garbage' }), now, 'UTC')).toBe('PIM Approvals — Nothing waiting');
  });

  it('badge counts what waits', () => {
    expect(trayBadge(state({}))).toBe('');
    expect(trayBadge(state({ queue: three }))).toBe('3');
    expect(trayBadge(state({ connection: 'offline', queue: three }))).toBe('3');
    expect(trayBadge(state({ connection: 'signed-out', queue: three }))).toBe('');
    expect(trayBadge(state({ queue: Array.from({ length: 120 }, (_, i) => queueItem(i)) }))).toBe('99+');
  });

  it('a failed decision turns the icon to error and says so first; offline says decisions wait', () => {
    const failed = state({ queue: three, sync: { pending: 0, busy: false, failed: 1 } });
    expect(trayIconState(failed)).toBe('error');
    expect(trayStatusText(failed)).toBe('1 decision failed · 3 waiting');
    expect(trayTooltip(failed, now, 'UTC')).toBe('PIM Approvals — 1 decision failed · 3 waiting · checked 12:04');
    expect(trayIconState(state({ connection: 'signed-out', sync: { pending: 0, busy: false, failed: 2 } }))).toBe('signed-out');
    const offline = state({ connection: 'offline', queue: three, sync: { pending: 2, busy: false, failed: 0 } });
    expect(trayIconState(offline)).toBe('offline');
    expect(trayStatusText(offline)).toBe('Offline · 3 waiting · 2 decisions wait until you are back');
  });
});
