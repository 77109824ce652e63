/**
 * What the tray icon and tooltip say, from the AppState alone. Pure; the Electron tray
 * only renders it. Every state has its own glyph and words (never colour alone).
 */
import type { AppState } from '../../../preload/api';
import { checkedAt } from './time-text';

export type TrayIconState = 'idle' | 'pending' | 'offline' | 'signed-out' | 'error';
export const trayIconStates: readonly TrayIconState[] = ['idle', 'pending', 'offline', 'signed-out', 'error'];

export function trayIconState(state: Pick<AppState, 'connection' | 'queue'>): TrayIconState {
  switch (state.connection) {
    case 'offline':
      return 'offline';
    case 'signed-out':
      return 'signed-out';
    case 'error':
      return 'error';
    case 'starting':
    case 'online':
      return state.queue.length > 0 ? 'pending' : 'idle';
  }
}

/** The status line: "3 waiting", "Nothing waiting", "Offline · 3 waiting", "Signed out", … */
export function trayStatusText(state: Pick<AppState, 'connection' | 'queue'>): string {
  const count = state.queue.length;
  const waiting = count === 0 ? 'Nothing waiting' : `${count} waiting`;
  switch (state.connection) {
    case 'offline':
      return count > 0 ? `Offline · ${waiting}` : 'Offline';
    case 'signed-out':
      return 'Signed out';
    case 'error':
      return count > 0 ? `Problem checking · ${waiting}` : 'Problem checking for requests';
    case 'starting':
      return count > 0 ? waiting : 'Checking…';
    case 'online':
      return waiting;
  }
}

/** ux.md: `PIM Approvals — 3 waiting · checked 12:04`. */
export function trayTooltip(state: Pick<AppState, 'connection' | 'queue' | 'lastCheckedAt'>, now: number, timeZone?: string): string {
  const at = state.lastCheckedAt === null ? NaN : Date.parse(state.lastCheckedAt);
  const checked = Number.isNaN(at) || state.connection === 'signed-out' ? '' : ` · checked ${checkedAt(at, now, timeZone)}`;
  return `PIM Approvals — ${trayStatusText(state)}${checked}`;
}

/** The count beside the icon (macOS title, badge overlay); empty when nothing waits. */
export function trayBadge(state: Pick<AppState, 'connection' | 'queue'>): string {
  if (state.connection === 'signed-out' || state.queue.length === 0) return '';
  return state.queue.length > 99 ? '99+' : String(state.queue.length);
}
