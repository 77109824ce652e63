/**
 * Picks the Notifier for this OS: macOS → Electron with buttons and reply; Windows → toast
 * XML with activation; Linux → D-Bus (actions when the server has them), or Electron's
 * plain notification when no notification server answers on the session bus within a few
 * seconds (a bus that accepts the socket and never answers must not hold anything up).
 */
import type { Notifier } from '../../core/notify/notifier';
import { createLinuxDbusNotifier } from './linux-dbus';
import { createMacNotifier } from './mac';
import { createPlainNotifier } from './plain';
import { createWindowsNotifier } from './windows';

/** How long Linux waits for the session bus and the notification server to answer. */
export const DBUS_CONNECT_TIMEOUT_MS = 3_000;

export interface PlatformNotifierOptions {
  platform?: NodeJS.Platform;
  /** Linux: basename of the installed .desktop file (electron-builder: the executable name). */
  desktopEntry?: string;
  /** Linux: icon name or absolute path. */
  appIcon?: string;
  /** Linux: a bus other than the session bus (tests). */
  busAddress?: string;
  /** Linux: DBUS_CONNECT_TIMEOUT_MS unless said otherwise (tests). */
  connectTimeoutMs?: number;
  /** Told why the D-Bus path was not taken; never receives notification text. */
  onFallback?: (reason: string) => void;
  /** macOS: the OS refused a notification (blocked in System Settings, or unsigned). */
  onBlocked?: (error: string) => unknown;
}

export async function createPlatformNotifier(options: PlatformNotifierOptions = {}): Promise<Notifier> {
  const platform = options.platform ?? process.platform;
  if (platform === 'darwin') return createMacNotifier(options.onBlocked ? { onBlocked: options.onBlocked } : {});
  if (platform === 'win32') return createWindowsNotifier();
  const timeoutMs = options.connectTimeoutMs ?? DBUS_CONNECT_TIMEOUT_MS;
  const giveUp = new AbortController();
  const timer = setTimeout(() => giveUp.abort(new Error(`the session bus did not answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    return await createLinuxDbusNotifier({
      signal: giveUp.signal,
      ...(options.busAddress ? { busAddress: options.busAddress } : {}),
      ...(options.desktopEntry ? { desktopEntry: options.desktopEntry } : {}),
      ...(options.appIcon ? { appIcon: options.appIcon } : {}),
    });
  } catch (err) {
    options.onFallback?.(`no D-Bus notification server: ${err instanceof Error ? err.message : String(err)}`);
    return createPlainNotifier();
  } finally {
    clearTimeout(timer);
  }
}
