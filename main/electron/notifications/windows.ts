/**
 * The Windows Notifier: Electron's Notification with our own toast XML (buttons and a
 * "Justification" input), activations through Notification.handleActivation so clicks on
 * toasts from an earlier run (Action Center) still arrive. Sets the AUMID from the one
 * APP_ID constant: Windows routes toasts by it and it must equal electron-builder's appId.
 */
import { app, Notification } from 'electron';
import { APP_ID } from '../../core/app-id';
import type { ActionListener, NotificationHandle, NotificationSpec, Notifier } from '../../core/notify/notifier';
import { justificationInputId, parseToastArguments, windowsToastXml } from './windows-toast';

export function createWindowsNotifier(): Notifier {
  app.setAppUserModelId(APP_ID);
  const live = new Map<string, Notification>();
  const listeners = new Set<ActionListener>();

  // One place for every activation; instance 'action'/'click' events would report them twice.
  Notification.handleActivation((details) => {
    const parsed = parseToastArguments(details.arguments ?? '');
    if (!parsed) return;
    const typed = details.userInputs?.[justificationInputId] ?? details.reply;
    for (const listener of [...listeners]) listener(parsed.id, parsed.action, typed && typed.trim() ? typed : undefined);
  });

  return {
    capabilities: { actions: true, reply: true },
    show(spec: NotificationSpec): NotificationHandle {
      live.get(spec.id)?.close();
      const n = new Notification({ title: spec.title, body: spec.body, silent: !spec.sticky, toastXml: windowsToastXml(spec) });
      const shown = new Promise<boolean>((resolve) => {
        n.once('show', () => resolve(true));
        n.once('failed', () => resolve(false));
      });
      n.on('close', () => {
        if (live.get(spec.id) === n) live.delete(spec.id);
      });
      live.set(spec.id, n);
      n.show();
      return { id: spec.id, shown };
    },
    withdraw(id) {
      const n = live.get(id);
      live.delete(id);
      n?.close();
    },
    onAction(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
      live.clear();
    },
  };
}
