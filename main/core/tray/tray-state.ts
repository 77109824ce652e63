/**
 * What the tray icon and tooltip say, from the AppState alone. Pure; the Electron tray
 * only renders it. Every state has its own glyph and words (never colour alone): offline
 * says so whatever the last check said, and a failed decision turns the icon to "error".
 */
import type { AppState } from '../model/state';
import { checkedAt } from './time-text';

export type TrayIconState = 'idle' | 'pending' | 'offline' | 'signed-out' | 'error';
export const trayIconStates: readonly TrayIconState[] = ['idle', 'pending', 'offline', 'signed-out', 'error'];

/** What the tray reads: the connection, the queue, and the outbox's counts when known. */
export type TrayInput = Pick<AppState, 'connection' | 'queue'> & { sync?: AppState['sync'] };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function trayIconState(state: TrayInput): TrayIconState {
  // A decision that failed needs the user: it outranks everything but being signed out.
  if (state.connection !== 'signed-out' && (state.sync?.failed ?? 0) > 0) return 'error';
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

/** The status line: "3 waiting", "Nothing waiting", "Offline · 3 waiting", "1 decision failed · 3 waiting", "Signed out", … */
export function trayStatusText(state: TrayInput): string {
  const count = state.queue.length;
  const waiting = count === 0 ? 'Nothing waiting' : `${count} waiting`;
  const failed = state.sync?.failed ?? 0;
  const failedText = failed > 0 ? `${plural(failed, 'decision', 'decisions')} failed · ` : '';
  switch (state.connection) {
    case 'offline': {
      const held = state.sync?.pending ?? 0;
      const wait = held > 0 ? ` · ${plural(held, 'decision waits', 'decisions wait')} until you are back` : '';
      return `${failedText}Offline${count > 0 ? ` · ${waiting}` : ''}${wait}`;
    }
    case 'signed-out':
      return 'Signed out';
    case 'error':
      return `${failedText}${count > 0 ? `Problem checking · ${waiting}` : 'Problem checking for requests'}`;
    case 'starting':
      return `${failedText}${count > 0 ? waiting : 'Checking…'}`;
    case 'online':
      return `${failedText}${waiting}`;
  }
}

/** ux.md: `PIM Approvals — 3 waiting · checked 12:04`. */
export function trayTooltip(state: TrayInput & Pick<AppState, 'lastCheckedAt'>, now: number, timeZone?: string): string {
  const at = state.lastCheckedAt === null ? NaN : Date.parse(state.lastCheckedAt);
  const checked = Number.isNaN(at) || state.connection === 'signed-out' ? '' : ` · checked ${checkedAt(at, now, timeZone)}`;
  return `PIM Approvals — ${trayStatusText(state)}${checked}`;
}

/** The count beside the icon (macOS title, badge overlay); empty when nothing waits. */
export function trayBadge(state: TrayInput): string {
  if (state.connection === 'signed-out' || state.queue.length === 0) return '';
  return state.queue.length > 99 ? '99+' : String(state.queue.length);
}
