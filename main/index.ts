/**
 * Composition root of the Electron app, read top to bottom like a table of contents:
 * single instance, the app:// scheme, the demo tenant, the core, the window, IPC, the tray
 * (and what its commands do), and an orderly quit. Builds the object graph once and holds
 * no logic of its own: the core decides, main/electron/* maps it onto the OS. Bundled to out/main/index.cjs (scripts/build.mjs),
 * so paths below are relative to out/main.
 */
import { app, session, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { AppCore } from './core/app/app-core';
import { createAppCore } from './core/app/create-app-core';
import { keytarSecretStore } from './core/auth/secret-store';
import { persistedQueueStore } from './core/queue/persisted-queue';
import { keychainQueueKey } from './core/queue/queue-key';
import { openAppOutbox } from './core/app/outbox-decisions';
import { accountStore } from './core/accounts/account-store';
import { createSettingsStore } from './core/settings/settings-store';
import { readMachinePolicy } from './core/settings/policy-readers';
import type { DemoWorld } from './demo/simulator';
import { addDemoAccount, demoSession } from './demo/demo-session';
import type { AccountRecord } from './core/accounts/account-store';
import type { AddAccountRequest, Settings } from './core/model/state';
import { azureSignIn } from './electron/azure-sign-in';
import { copyDiagnostics } from './electron/diagnostics';
import { mainLog, startFileLog } from './electron/log';
import { startUpdater } from './electron/updater';
import { createPlatformNotifier } from './electron/notifications/platform-notifier';
import { deferredNotifier } from './electron/notifications/deferred-notifier';
import { notificationsBlockedNotice } from './electron/notifications/blocked-notice';
import type { Notifier } from './core/notify/notifier';
import { watchOsEvents } from './electron/os-events';
import { electronNetProbe } from './electron/net-probe';
import { watchPresence } from './electron/presence';
import { applyWindowsIdentity } from './electron/windows-identity';
import { SMOKE_TEST_FLAG, watchSmokeTest } from './electron/smoke-test';
import { connectNotificationCenter } from './core/notify/connect-center';
import { notifyPrefsFromSettings } from './core/notify/prefs';
import { systemClock } from './core/clock';
import type { TrayCommand, TrayPrefs } from './core/tray/tray-menu';
import { openAllowedExternal } from './electron/external-links';
import { ipcHandlers } from './bridge/ipc-handlers';
import { forwardFocusRequests, forwardStateChanges, registerIpcHandlers } from './electron/ipc';
import { createLoginItem } from './electron/login-item';
import { APP_ENTRY_URL, registerAppScheme, serveAppProtocol } from './electron/protocol';
import { createTray, type AppTray } from './electron/tray';
import { touchIdCheck } from './electron/touch-id';
import { saveFileWithDialog } from './electron/save-file';
import { createMainWindow, denyAllPermissions, hardenWebContents, showWindow } from './electron/window';

const demoMode = process.argv.includes('--demo');
// CI launches the packaged app once with this flag: it quits 0 after the first answered poll.
const smokeTest = process.argv.includes(SMOKE_TEST_FLAG);
const outDir = path.join(__dirname, '..');
const paths = {
  renderer: path.join(outDir, 'renderer'),
  preload: path.join(outDir, 'preload', 'index.cjs'),
  trayIcons: path.join(outDir, 'icons'),
};

type DemoTenant = DemoWorld;

/**
 * Demo mode's hook: starts the embedded PIM simulator's demo world on loopback: Contoso ('mixed'
 * scenario: Azure resource roles, Entra ID roles and groups side by side), the first sign-in,
 * and Fabrikam, where the same approver is a guest, for a second account. The simulator is its
 * own bundle, out/main/demo.cjs, loaded here only in demo mode (scripts/build.mjs), so
 * index.cjs has none.
 */
async function startDemoTenant(): Promise<DemoTenant> {
  const { startDemoWorld } = await import('./demo/simulator');
  const world = await startDemoWorld({ scenario: 'mixed' });
  // Lets someone (or the Electron E2E tests) drive the demo tenants: add requests, decide as
  // another approver (a `tenant` field reaches Fabrikam). Loopback only, guarded by this per-run secret.
  console.log(`PIM demo tenant: ${world.contoso.url} control-secret: ${world.controlSecret}`);
  return world;
}

let quitting = false;
let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;
let tray: AppTray | null = null;
let demoTenant: DemoTenant | null = null;
let osNotifier: Notifier | null = null;
const disposers: Array<() => void> = [];
const loginItem = createLoginItem();
/** What the tray shows beside AppState; the notification pause also silences the notification center. */
const trayPrefs: TrayPrefs = { notificationsPausedUntil: null, startAtLogin: false };
const PAUSE_MS = 60 * 60 * 1000;
const DATA_DIR_NAME = 'pim-approvals';
/** How long a decision waits before it is sent, so it can be undone (ux: a few seconds). */
const UNDO_MS = 5_000;

function openWindow(): void {
  if (mainWindow === null || mainWindow.isDestroyed()) return;
  showWindow(mainWindow);
  // design.md: poll at once when the window opens.
  void core?.refresh().catch(() => undefined);
}

async function start(): Promise<void> {
  startFileLog();
  denyAllPermissions(session.defaultSession);
  serveAppProtocol(paths.renderer);
  // Windows: AUMID then the toast activator's CLSID, before anything can show a toast.
  applyWindowsIdentity(app);

  const userData = app.getPath('userData');
  const azure = azureSignIn({ dataDir: userData, clock: systemClock, logger: mainLog.child('auth') });
  const touchId = touchIdCheck();
  const appCore = createAppCore({
    mode: demoMode ? 'demo' : 'azure',
    clock: systemClock,
    session: null,
    // The organisation's machine policy (registry, managed preferences, /etc) over the user's settings.
    settingsStore: createSettingsStore(path.join(userData, 'settings.json'), Date.now, { policy: () => readMachinePolicy(), warn: (message) => mainLog.child('settings').warn(message) }),
    signIn: async (demo, settings) => {
      if (demo || demoMode) return demoSession((demoTenant ??= await startDemoTenant()).contoso, systemClock);
      return azure.signIn(settings);
    },
    cancelSignIn: () => azure.cancel(),
    signOut: () => azure.signOut(),
    useMemoryOnly: () => azure.useMemoryOnly(),
    // Every decision is journaled first and sent after the undo window, exactly once, through
    // its own account's lane; one outbox for every account, open even while nobody is signed in.
    outbox: (routes) => openAppOutbox({ dir: path.join(userData, 'outbox'), clock: systemClock, undoMs: UNDO_MS, routes, logger: mainLog.child('outbox') }),
    // The accounts to restore at start, shared with the CLI.
    accounts: accountStore(userData),
    // Several accounts in one MSAL cache, and the Azure CLI (core/app/azure-accounts.ts).
    signInAgain: async (record, settings) => {
      if (record.source !== 'demo' && !demoMode) return azure.signInAgain(record, settings);
      const tenant = (demoTenant ??= await startDemoTenant()).tenant(record.tenantId);
      return tenant ? demoSession(tenant, systemClock) : { problem: 'That demo tenant is not part of this demo.' };
    },
    // Demo mode: every remembered demo tenant comes back (Contoso alone the first time).
    ...(demoMode
      ? {
          restoreSessions: async (_settings: Settings, remembered: AccountRecord[]) => {
            const world = (demoTenant ??= await startDemoTenant());
            const tenants = remembered.flatMap((r) => world.tenant(r.tenantId) ?? []);
            return (tenants.length > 0 ? tenants : [world.contoso]).map((tenant) => demoSession(tenant, systemClock));
          },
          // "Add the demo's second tenant", or the guest tenant accounts:discover offered.
          addAccount: async (request: AddAccountRequest) => {
            const present = (appCore.state().accounts ?? []).filter((a) => a.status !== 'signed-out').map((a) => a.id);
            return addDemoAccount((demoTenant ??= await startDemoTenant()), systemClock, request, present);
          },
        }
      : {
          restoreSessions: (settings: Settings, remembered: AccountRecord[]) => azure.restoreAll(settings, remembered),
          addAccount: (request: AddAccountRequest, settings: Settings) => azure.add(request, settings),
          forgetAccount: (record: AccountRecord) => azure.forget(record),
        }),
    // Reachability through Chromium's network stack (system proxy, PAC, OS trust store), not Node's fetch.
    probe: (account) => electronNetProbe({ endpoint: account.armEndpoint }),
    openExternal: openAllowedExternal,
    // Offline first: the last queue, encrypted with the token cache's keychain key, shows at start.
    keptQueue: { store: persistedQueueStore({ dataDir: userData, key: keychainQueueKey(keytarSecretStore()) }), warn: (m) => mainLog.child('queue').warn(m) },
    // Outbox & history → Export CSV: the native save dialog, modal to the window.
    saveFile: saveFileWithDialog(() => mainWindow),
    // macOS: Touch ID before a High-privilege approval, when the user turned it on in Settings.
    ...(touchId ? { confirmHighPrivilege: touchId } : {}),
  });
  core = appCore;
  if (smokeTest) {
    disposers.push(
      watchSmokeTest({
        state: () => appCore.state(),
        onState: (listener) => appCore.onState(listener),
        finish: (code) => (code === 0 ? app.quit() : app.exit(code)),
        log: (line) => console.log(line),
      }),
    );
  }

  mainWindow = createMainWindow({
    preloadPath: paths.preload,
    entryUrl: APP_ENTRY_URL,
    // ux.md: a normal window on Linux (its tray may be missing); the demo shows itself.
    showOnStart: demoMode || process.platform === 'linux',
    isQuitting: () => quitting,
  });
  const getWindow = () => mainWindow;
  disposers.push(registerIpcHandlers(ipcHandlers(appCore), getWindow));
  disposers.push(forwardStateChanges((listener) => appCore.onState(listener), getWindow));
  disposers.push(forwardFocusRequests((listener) => appCore.onFocusItem(listener), getWindow));

  trayPrefs.startAtLogin = await loginItem.isEnabled().catch(() => false);
  const trayInputs = () => ({ state: appCore.state(), prefs: trayPrefs, now: systemClock.now() });
  const appTray = createTray(paths.trayIcons, trayInputs(), (command) => void runTrayCommand(appCore, command, () => appTray.update(trayInputs())));
  tray = appTray;
  // The Electron E2E suite reads what the tray shows (Electron has no API to list trays).
  if (process.env.PIM_E2E === '1') Object.assign(globalThis, { __pimApprovalsTray: appTray });
  disposers.push(appCore.onState(() => appTray.update(trayInputs())));
  // Countdowns in the menu move on without a state change.
  const tick = setInterval(() => appTray.update(trayInputs()), 60_000);
  disposers.push(() => clearInterval(tick));

  // Notifications follow the queue as the window sees it, clicks decide through the window's
  // handler, and the outbox's entries raise the follow-ups (a failed decision, a confirmation).
  // Not awaited: Linux's D-Bus connection may take up to 3 s and must not hold up polling;
  // what the center shows meanwhile is handed over once the surface is there.
  const notifier = deferredNotifier(
    createPlatformNotifier({
      desktopEntry: 'pim-approvals',
      onFallback: (reason) => mainLog.warn('notifications: plain Electron notifications', { reason }),
      // macOS: blocked in System Settings (or an unsigned build): say where to turn them on.
      onBlocked: notificationsBlockedNotice((error) => mainLog.warn('notifications: macOS refused to show one', { error })),
    }),
  );
  osNotifier = notifier;
  let settingsNow = await appCore.settings();
  const notifications = connectNotificationCenter(appCore, notifier, {
    prefs: () => notifyPrefsFromSettings(settingsNow, trayPrefs.notificationsPausedUntil),
    now: () => systemClock.now(),
    showWindow: openWindow,
  });
  disposers.push(notifications.dispose);
  disposers.push(appCore.onState(() => void appCore.settings().then((v) => (settingsNow = v))));
  disposers.push(watchOsEvents(appCore));
  // At the machine: check every 15 s; away, locked or on battery: the normal interval.
  disposers.push(watchPresence(appCore));
  const updater = await startUpdater({ log: mainLog.child('updater') });
  disposers.push(() => updater?.stop());

  await appCore.start();
  // First run, or signed out: a tray icon alone looks like nothing happened (issue 18, item 9).
  if (appCore.state().connection === 'signed-out') openWindow();
}

/** What each tray menu command does. Items never decide: "Approve…" only opens the window. */
async function runTrayCommand(appCore: AppCore, command: TrayCommand, rerender: () => void): Promise<void> {
  switch (command.kind) {
    case 'open':
      openWindow();
      if (command.itemId) appCore.focusItem({ itemId: command.itemId, decision: null });
      return;
    case 'decide':
      // The tray never decides by itself: the window opens on the request, decision chosen,
      // cursor in the justification field.
      openWindow();
      appCore.focusItem({ itemId: command.itemId, decision: command.decision });
      return;
    case 'refresh':
      await appCore.refresh().catch(() => undefined);
      return;
    case 'pause-notifications':
      trayPrefs.notificationsPausedUntil = systemClock.now() + PAUSE_MS;
      rerender();
      return;
    case 'resume-notifications':
      trayPrefs.notificationsPausedUntil = null;
      rerender();
      return;
    case 'sign-in':
      await appCore.signIn(demoMode).catch(() => undefined);
      openWindow();
      return;
    case 'sign-out':
      await appCore.signOut().catch(() => undefined);
      return;
    case 'set-start-at-login':
      await loginItem.setEnabled(command.enabled).catch((error: unknown) => mainLog.error('start at login failed', { error: String(error) }));
      trayPrefs.startAtLogin = await loginItem.isEnabled().catch(() => command.enabled);
      rerender();
      return;
    case 'copy-diagnostics': {
      const settings = await appCore.settings();
      copyDiagnostics({ settings: () => settings, state: () => appCore.state() });
      return;
    }
    case 'quit':
      app.quit();
      return;
  }
}

async function shutdown(): Promise<void> {
  for (const dispose of disposers.splice(0)) dispose();
  // Linux: closes our notifications, whose buttons nobody would hear after we are gone.
  await osNotifier?.dispose().catch((error: unknown) => mainLog.error('closing notifications failed', { error: String(error) }));
  tray?.destroy();
  await core?.stop();
  await demoTenant?.close();
}

// The CLI finds the app's token cache, settings and outbox here (main/cli/auth-commands.ts
// defaultDataDir); fixing the folder name keeps that true whatever the product name is.
app.setPath('userData', path.join(app.getPath('appData'), DATA_DIR_NAME));
// Every renderer the app ever creates is sandboxed, not only the windows we configure.
app.enableSandbox();
// Chromium fixes scheme privileges at startup, so this precedes `ready`.
registerAppScheme();
// Every web contents Electron ever creates gets the same no-navigation, no-popup rules.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => openWindow());
  app.on('activate', () => openWindow());
  // A tray app keeps running with its window closed.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
  });
  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    shutDown = true;
    void shutdown()
      .catch((error: unknown) => mainLog.error('shutdown failed', { error: String(error) }))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      mainLog.error('failed to start', { error: String(error) });
      app.exit(1);
    });
}
