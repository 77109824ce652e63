/**
 * The application's identity, declared once. Windows only delivers toasts (and their
 * activations) to the AUMID the installer registered, which electron-builder takes from
 * `appId`: keep this equal to `appId` in electron-builder.yml. Plain data, no imports.
 */
export const APP_ID = 'io.github.pimapprovals.app';

/** Shown as the notification's application name and in the autostart entry. */
export const APP_NAME = 'PIM Approvals';
