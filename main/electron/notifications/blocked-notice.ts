/**
 * macOS: tells the user, once per run, that notifications are blocked and where to turn them
 * on; without them "Approve from the notification" silently never happens. The words and
 * the settings pane are fixed here; the OS's error text goes to the log only.
 */
import { dialog } from 'electron';
import { openNotificationSettings } from '../external-links';

export const BLOCKED_MESSAGE = 'Notifications are blocked — System Settings → Notifications';
export const BLOCKED_DETAIL =
  'Turn on notifications for PIM Approvals, with the "Alerts" style so Approve and Deny stay on screen. Requests still show in the window and the menu bar.';

/** The returned function settles once the user answered (or at once after the first time). */
export function notificationsBlockedNotice(log: (error: string) => void): (error: string) => Promise<void> {
  let told = false;
  return async (error) => {
    log(error);
    if (told) return;
    told = true;
    await dialog
      .showMessageBox({ type: 'warning', message: BLOCKED_MESSAGE, detail: BLOCKED_DETAIL, buttons: ['Open System Settings', 'Not Now'], defaultId: 0, cancelId: 1 })
      .then(async ({ response }) => {
        if (response === 0) await openNotificationSettings();
      })
      .catch(() => undefined);
  };
}
