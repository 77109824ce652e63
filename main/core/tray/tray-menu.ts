/**
 * trayMenuModel: the tray menu as plain data — the waiting requests (soonest expiry
 * first, at most ten, each with Approve…/Deny…), then Open, Refresh now, Pause
 * notifications, Sign in/out, Start at login, Quit. Pure; main/electron/tray.ts renders
 * it and maps each `command` to a handler. Items never decide by themselves: "Approve…"
 * opens the decide dialog with that decision chosen (hence the ellipsis). With more than one
 * account the status line keeps the total, and the requests sit in one section per account,
 * headed by its tenant and how it stands ("Fabrikam — 2 waiting", "Contoso — signed out").
 */
import type { AccountDto, AppState, QueueItemDto, ReviewResult } from '../model/state';
import { namesTenants } from '../model/item-labels';
import { plainLine, requestTitle } from '../notify/wording';
import { clockTime, timeLeft } from './time-text';
import { trayStatusText, type TrayInput } from './tray-state';

export type TrayCommand =
  | { kind: 'open'; itemId: string | null }
  | { kind: 'decide'; itemId: string; decision: ReviewResult }
  | { kind: 'refresh' }
  | { kind: 'pause-notifications' }
  | { kind: 'resume-notifications' }
  | { kind: 'sign-in' }
  | { kind: 'sign-out' }
  | { kind: 'set-start-at-login'; enabled: boolean }
  | { kind: 'copy-diagnostics' }
  | { kind: 'quit' };

export type TrayMenuEntry =
  | { type: 'label'; label: string }
  | { type: 'separator' }
  | { type: 'command'; label: string; command: TrayCommand; enabled: boolean }
  | { type: 'checkbox'; label: string; checked: boolean; command: TrayCommand }
  | { type: 'submenu'; label: string; itemId: string; entries: TrayMenuEntry[] };

export interface TrayPrefs {
  /** Epoch ms until which notifications are paused; null when not paused. */
  notificationsPausedUntil: number | null;
  startAtLogin: boolean;
  timeZone?: string;
}

/** A screen-high menu helps nobody; the window has the full list. */
export const maxMenuRequests = 10;

export function trayMenuModel(state: TrayInput & Pick<AppState, 'account'> & Partial<Pick<AppState, 'accounts'>>, prefs: TrayPrefs, now: number): TrayMenuEntry[] {
  const entries: TrayMenuEntry[] = [{ type: 'label', label: trayStatusText(state) }];
  const signedOut = state.connection === 'signed-out';
  const sections = namesTenants(state.accounts);
  if (!signedOut && (state.queue.length > 0 || sections)) {
    const sorted = [...state.queue].sort(bySoonestExpiry);
    const listed = sorted.slice(0, maxMenuRequests);
    if (sections) entries.push(...accountSections(state.accounts ?? [], state.queue, listed, now));
    else for (const item of listed) entries.push(requestEntry(item, now));
    const hidden = sorted.length - maxMenuRequests;
    if (hidden > 0) entries.push({ type: 'command', label: `${hidden} more…`, command: { kind: 'open', itemId: null }, enabled: true });
  }
  entries.push(
    { type: 'separator' },
    { type: 'command', label: 'Open PIM Approvals', command: { kind: 'open', itemId: null }, enabled: true },
    { type: 'command', label: 'Refresh now', command: { kind: 'refresh' }, enabled: !signedOut },
    notificationsEntry(prefs, now),
    signedOut || state.account === null
      ? { type: 'command', label: 'Sign in…', command: { kind: 'sign-in' }, enabled: true }
      : // Sign-out without an account id signs every account out; with several, the label says so.
        { type: 'command', label: sections ? 'Sign out of every account' : `Sign out ${state.account.username}`, command: { kind: 'sign-out' }, enabled: true },
    { type: 'checkbox', label: 'Start at login', checked: prefs.startAtLogin, command: { kind: 'set-start-at-login', enabled: !prefs.startAtLogin } },
    // For a support ticket: versions, settings without secrets, the redacted log tail.
    { type: 'command', label: 'Copy diagnostics', command: { kind: 'copy-diagnostics' }, enabled: true },
    { type: 'separator' },
    { type: 'command', label: 'Quit PIM Approvals', command: { kind: 'quit' }, enabled: true },
  );
  return entries;
}

/**
 * One section per account, in the accounts' order: a heading with its tenant and how it stands,
 * then its requests among those `listed` (the soonest-expiring ten of all accounts, so the
 * menu stays short whatever the split). A request whose account is not listed (a race with a
 * removal) still shows, under its own tenant's name, rather than vanish from the menu.
 */
function accountSections(accounts: readonly AccountDto[], queue: readonly QueueItemDto[], listed: readonly QueueItemDto[], now: number): TrayMenuEntry[] {
  const tenantNames = accounts.map((a) => a.tenant.name.trim() || a.tenant.id);
  // Two accounts in one tenant (two people) are told apart by who they are.
  const heading = (a: AccountDto, i: number) => {
    const tenant = plainLine(tenantNames[i] ?? '', 60) || 'Unnamed tenant';
    return tenantNames.filter((n) => n === tenantNames[i]).length > 1 ? `${tenant} (${plainLine(a.username, 60)})` : tenant;
  };
  const entries: TrayMenuEntry[] = [];
  accounts.forEach((account, i) => {
    const waiting = queue.filter((item) => item.accountId === account.id).length;
    entries.push({ type: 'label', label: `${heading(account, i)} — ${accountStanding(account, waiting)}` });
    for (const item of listed) if (item.accountId === account.id) entries.push(requestEntry(item, now));
  });
  const known = new Set(accounts.map((a) => a.id));
  const strays = listed.filter((item) => !known.has(item.accountId));
  for (const tenant of [...new Set(strays.map((item) => plainLine(item.tenant?.name ?? '', 60) || 'Another account'))]) {
    entries.push({ type: 'label', label: tenant });
    for (const item of strays) if ((plainLine(item.tenant?.name ?? '', 60) || 'Another account') === tenant) entries.push(requestEntry(item, now));
  }
  return entries;
}

/** "3 waiting", "nothing waiting", "signed out", "offline · 2 waiting", "problem checking". */
function accountStanding(account: AccountDto, waiting: number): string {
  const count = waiting === 0 ? 'nothing waiting' : `${waiting} waiting`;
  switch (account.status) {
    case 'signed-out':
      return waiting > 0 ? `signed out · ${count}` : 'signed out';
    case 'signing-in':
      return 'signing in…';
    case 'error':
      return waiting > 0 ? `problem checking · ${count}` : 'problem checking';
    case 'signed-in':
      if (account.connection === 'offline') return `offline · ${count}`;
      if (account.connection === 'error') return waiting > 0 ? `problem checking · ${count}` : 'problem checking';
      return count;
  }
}

/**
 * "Owner on Prod-Payments — Ada Lovelace — 3 h 12 min left" (or "Global Administrator (Entra ID) — …",
 * named as notifications name it), with the decisions one level down.
 */
function requestEntry(item: QueueItemDto, now: number): TrayMenuEntry {
  const who = plainLine(item.requester.displayName, 60) || plainLine(item.requester.upn ?? '', 60) || 'Someone';
  const label = `${requestTitle(item)} — ${who} — ${timeLeft(Date.parse(item.expiresAt), now)}`;
  const entries: TrayMenuEntry[] = item.actionable
    ? [
        { type: 'command', label: 'Approve…', command: { kind: 'decide', itemId: item.id, decision: 'Approve' }, enabled: true },
        { type: 'command', label: 'Deny…', command: { kind: 'decide', itemId: item.id, decision: 'Deny' }, enabled: true },
        { type: 'command', label: 'Details…', command: { kind: 'open', itemId: item.id }, enabled: true },
      ]
    : [{ type: 'command', label: 'Details (decide in the Azure portal)…', command: { kind: 'open', itemId: item.id }, enabled: true }];
  return { type: 'submenu', label, itemId: item.id, entries };
}

function notificationsEntry(prefs: TrayPrefs, now: number): TrayMenuEntry {
  if (prefs.notificationsPausedUntil !== null && now < prefs.notificationsPausedUntil) {
    return {
      type: 'command',
      label: `Resume notifications (paused until ${clockTime(prefs.notificationsPausedUntil, prefs.timeZone)})`,
      command: { kind: 'resume-notifications' },
      enabled: true,
    };
  }
  return { type: 'command', label: 'Pause notifications (1 hour)', command: { kind: 'pause-notifications' }, enabled: true };
}

/** Soonest expiry first — the one that runs out first is the one to look at; ties by id so the menu never flickers. */
function bySoonestExpiry(a: QueueItemDto, b: QueueItemDto): number {
  return Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Electron reads "&" in a menu label as an access-key marker on Windows and Linux; names
 * like "R&D" must show as written, so the renderer passes labels through this.
 */
export function escapeMenuLabel(label: string): string {
  return label.replace(/&/g, '&&');
}
