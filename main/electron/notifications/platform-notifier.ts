/**
 * Picks the Notifier for this OS: macOS → Electron with buttons and reply; Windows → toast
 * XML with activation; Linux → D-Bus (actions when the server has them), or Electron's
 * plain notification when no notification server answers on the session bus.
 */
import type { Notifier } from '../../core/notify/notifier';
import { createLinuxDbusNotifier } from './linux-dbus';
import { createMacNotifier } from './mac';
import { createPlainNotifier } from './plain';
import { createWindowsNotifier } from './windows';

export interface PlatformNotifierOptions {
  platform?: NodeJS.Platform;
  /** Linux: basename of the installed .desktop file (electron-builder: the executable name). */
  desktopEntry?: string;
  /** Linux: icon name or absolute path. */
  appIcon?: string;
  /** Linux: a bus other than the session bus (tests). */
  busAddress?: string;
  /** Told why the D-Bus path was not taken; never receives notification text. */
  onFallback?: (reason: string) => void;
}

export async function createPlatformNotifier(options: PlatformNotifierOptions = {}): Promise<Notifier> {
  const platform = options.platform ?? process.platform;
  if (platform === 'darwin') return createMacNotifier();
  if (platform === 'win32') return createWindowsNotifier();
  try {
    return await createLinuxDbusNotifier({
      ...(options.busAddress ? { busAddress: options.busAddress } : {}),
      ...(options.desktopEntry ? { desktopEntry: options.desktopEntry } : {}),
      ...(options.appIcon ? { appIcon: options.appIcon } : {}),
    });
  } catch (err) {
    options.onFallback?.(`no D-Bus notification server: ${err instanceof Error ? err.message : String(err)}`);
    return createPlainNotifier();
  }
}
