/**
 * The Windows Notifier: Electron's Notification with our own toast XML (buttons and a
 * "Justification" input). What the user did arrives two ways in Electron 45 (electron/electron
 * shell/browser/notifications/win/windows_toast_notification.cc and windows_toast_activator.cc):
 * - a button (`type=action` arguments, see windows-toast.ts) always through
 *   `Notification.handleActivation`, with the typed input, whether the app was running,
 *   started by the click (COM activator), or the toast sat in Action Center;
 * - a click on the body of a toast this run showed arrives as the instance's `click` event
 *   only; from an earlier run (Action Center, cold start) through `handleActivation`.
 * The same activation could reach us both ways, so one (item, action) counts once within a
 * short window. handleActivation replays an activation that happened before it was called
 * (notification.md), which can be before anyone listens: those wait for the first listener.
 * The AUMID and activator CLSID are set at start-up (main/electron/windows-identity.ts).
 */
import { Notification } from 'electron';
import type { NotificationAction, Notifier } from '../../core/notify/notifier';
import { createElectronNotifier } from './electron-notifier';
import { justificationInputId, parseToastArguments, windowsToastXml } from './windows-toast';

/** Two reports of one (item, action) closer than this are one activation. */
export const ACTIVATION_DEDUPE_MS = 2_000;

export interface WindowsNotifierOptions {
  now?: () => number;
}

export function createWindowsNotifier(options: WindowsNotifierOptions = {}): Notifier {
  const now = options.now ?? Date.now;
  const recent = new Map<string, number>();
  const waiting: Array<[string, NotificationAction, string | undefined]> = [];
  let listening = false;

  const deliver = (id: string, action: NotificationAction, reply?: string) => {
    const at = now();
    for (const [key, when] of recent) if (at - when >= ACTIVATION_DEDUPE_MS) recent.delete(key);
    const key = `${action}\n${id}`;
    if (recent.has(key)) return;
    recent.set(key, at);
    if (listening) notifier.emit(id, action, reply);
    else waiting.push([id, action, reply]);
  };

  const notifier = createElectronNotifier({
    capabilities: { actions: true, reply: true },
    // `silent` is not passed: Electron ignores it with toastXml; the XML says it.
    build: (spec) => new Notification({ title: spec.title, body: spec.body, toastXml: windowsToastXml(spec) }),
    wire: (n, spec) => n.on('click', () => deliver(spec.id, 'open')),
    keepUntilWithdrawn: true,
  });
  Notification.handleActivation((details) => {
    const parsed = parseToastArguments(details.arguments ?? '');
    if (!parsed) return;
    const typed = details.userInputs?.[justificationInputId] ?? details.reply;
    deliver(parsed.id, parsed.action, typed && typed.trim() ? typed : undefined);
  });
  return {
    ...notifier,
    onAction(listener) {
      const off = notifier.onAction(listener);
      if (!listening) {
        listening = true;
        for (const [id, action, reply] of waiting.splice(0)) notifier.emit(id, action, reply);
      }
      return off;
    },
  };
}
