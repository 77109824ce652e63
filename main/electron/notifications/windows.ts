/**
 * The Windows Notifier: Electron's Notification with our own toast XML (buttons and a
 * "Justification" input), activations through Notification.handleActivation so clicks on
 * toasts from an earlier run (Action Center) still arrive. Sets the AUMID from the one
 * APP_ID constant: Windows routes toasts by it and it must equal electron-builder's appId.
 */
import { app, Notification } from 'electron';
import { APP_ID } from '../../core/app-id';
import type { Notifier } from '../../core/notify/notifier';
import { createElectronNotifier } from './electron-notifier';
import { justificationInputId, parseToastArguments, windowsToastXml } from './windows-toast';

export function createWindowsNotifier(): Notifier {
  app.setAppUserModelId(APP_ID);
  const notifier = createElectronNotifier({
    capabilities: { actions: true, reply: true },
    build: (spec) => new Notification({ title: spec.title, body: spec.body, silent: !spec.sticky, toastXml: windowsToastXml(spec) }),
    // No per-notification wiring: instance 'action'/'click' events would report twice.
  });
  Notification.handleActivation((details) => {
    const parsed = parseToastArguments(details.arguments ?? '');
    if (!parsed) return;
    const typed = details.userInputs?.[justificationInputId] ?? details.reply;
    notifier.emit(parsed.id, parsed.action, typed && typed.trim() ? typed : undefined);
  });
  return notifier;
}
