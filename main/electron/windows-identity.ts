/**
 * Windows identity, set once at start-up before anything can show a toast: the AUMID
 * (Windows routes toasts and their activations by it; electron-builder's appId) and then the
 * toast activator's CLSID. Electron registers its COM activator lazily with the first
 * `new Notification()` (shell/browser/notifications/win/notification_presenter_win.cc calls
 * NotificationActivator::RegisterActivator) using whatever CLSID is set by then, random
 * unless `app.setToastActivatorCLSID` was called (docs/api/app.md: "should be called early
 * (before showing notifications) so the value is baked into the registration/shortcut").
 */
import type { App } from 'electron';
import { APP_ID, TOAST_ACTIVATOR_CLSID } from '../core/app-id';

export function applyWindowsIdentity(app: Pick<App, 'setAppUserModelId' | 'setToastActivatorCLSID'>, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'win32') return;
  app.setAppUserModelId(APP_ID);
  app.setToastActivatorCLSID(TOAST_ACTIVATOR_CLSID);
}
