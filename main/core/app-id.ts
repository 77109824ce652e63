/**
 * The application's identity, declared once. Windows only delivers toasts (and their
 * activations) to the AUMID the installer registered, which electron-builder takes from
 * `appId`: keep this equal to `appId` in electron-builder.yml. Plain data, no imports.
 */
export const APP_ID = 'io.github.pimapprovals.app';

/** Shown as the notification's application name and in the autostart entry. */
export const APP_NAME = 'PIM Approvals';

/**
 * Windows: the COM class that receives toast activations when the app is not running, or
 * when a toast is clicked in Action Center. Electron registers its activator under a random
 * CLSID each run unless `app.setToastActivatorCLSID` is called first (electron/electron
 * docs/api/app.md, shell/browser/notifications/win/windows_toast_activator.cc), so toasts
 * from an earlier run would point at a class nobody serves. Fixed here, set at start-up
 * (main/electron/windows-identity.ts) and stamped on the installer's Start-menu shortcut
 * (build/installer.nsh). Never change it: shortcuts of installed copies carry it.
 */
export const TOAST_ACTIVATOR_CLSID = '{B346C388-C58F-40AD-A9EB-9EDF6EF5694D}';
