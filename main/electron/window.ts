/**
 * Owns the one application window: a sandboxed, context-isolated BrowserWindow that loads
 * only app:// content, cannot navigate, open windows, attach webviews or get permissions,
 * and hides to the tray when closed. Holds no state of the app; it shows what IPC sends.
 */
import { app, BrowserWindow, type Session, type WebContents, type WebPreferences } from 'electron';
import { isAppUrl } from './protocol';

export const WINDOW_SIZE = { width: 420, height: 640 } as const;

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/**
 * The window is a single page: every navigation, redirect, popup and webview is refused.
 * Applied to our window and (from main/index.ts) to any web contents Electron creates.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  // will-navigate covers the main frame only; a subframe (should one ever exist) is covered here.
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The renderer needs no camera, notifications, clipboard or anything else from Chromium. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export interface MainWindowOptions {
  preloadPath: string;
  entryUrl: string;
  /** Shown at once (demo, or no tray to open it from); otherwise it waits for Open. */
  showOnStart: boolean;
  /** True once the app is quitting: then close really closes instead of hiding. */
  isQuitting: () => boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  // The window only ever shows our own bundle: remote content would get the preload's bridge.
  if (!isAppUrl(options.entryUrl)) throw new Error(`The window loads only app:// content, not ${options.entryUrl}`);
  const window = new BrowserWindow({
    ...WINDOW_SIZE,
    minWidth: 360,
    minHeight: 480,
    show: false,
    title: 'PIM Approvals',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  hardenWebContents(window.webContents);
  denyAllPermissions(window.webContents.session);

  // Closing hides to the tray: the poller keeps running and the tray reopens the window.
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  if (options.showOnStart) window.once('ready-to-show', () => window.show());
  void window.loadURL(options.entryUrl);
  return window;
}

/** Brings the window to the front (tray Open, second instance, notification click). */
/**
 * Brings the window forward. macOS: a menu-bar app (LSUIElement) is not the active app when
 * its tray menu or a notification is used, so its window would open behind the others;
 * `app.focus({ steal: true })` makes it active (electron/electron docs/api/app.md,
 * `app.focus([options])`: "steal … Make the receiver the active app even if another app is
 * currently active"). Only on the user's own request (tray, notification, first run).
 */
export function showWindow(window: BrowserWindow, platform: NodeJS.Platform = process.platform): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (platform === 'darwin') app.focus({ steal: true });
  window.show();
  window.focus();
}
