/**
 * Auto-update from GitHub releases (electron-updater), OFF unless asked for: only in a
 * packaged app that carries its update config (app-update.yml, written by electron-builder
 * when `publish` is set), on a target that can update itself (Windows NSIS, macOS, Linux
 * AppImage — not deb), and only when PIM_AUTO_UPDATE=1 or the caller's setting enables it;
 * PIM_AUTO_UPDATE=0 always wins (an admin's off switch). The decision is a pure function;
 * electron-updater is loaded lazily so an app with updates off never runs its code.
 * Never sends a credential (GitHub releases are public) and never installs without the
 * signature checks electron-updater and the OS make (sha512 from latest*.yml, Authenticode
 * publisher on Windows, the code signature on macOS).
 */
import { app } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/log';

export interface UpdaterGateInput {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** A user/admin setting; false until settings carry one. */
  settingEnabled: boolean;
  /** resources/app-update.yml exists (electron-builder wrote a publish config). */
  hasUpdateConfig: boolean;
}

export type UpdaterGate = { enabled: true } | { enabled: false; reason: string };

export function updaterGate(input: UpdaterGateInput): UpdaterGate {
  const flag = input.env.PIM_AUTO_UPDATE?.trim().toLowerCase();
  if (flag === '0' || flag === 'false' || flag === 'off') return { enabled: false, reason: 'turned off by PIM_AUTO_UPDATE' };
  if (!(flag === '1' || flag === 'true' || flag === 'on') && !input.settingEnabled) return { enabled: false, reason: 'not enabled (set PIM_AUTO_UPDATE=1 or the setting)' };
  if (!input.isPackaged) return { enabled: false, reason: 'not a packaged app' };
  if (!input.hasUpdateConfig) return { enabled: false, reason: 'this build has no update configuration' };
  if (input.platform === 'linux' && !input.env.APPIMAGE) return { enabled: false, reason: 'only the AppImage updates itself on Linux (use the package manager for deb)' };
  if (!['win32', 'darwin', 'linux'].includes(input.platform)) return { enabled: false, reason: `no updates for ${input.platform}` };
  return { enabled: true };
}

/** The part of electron-updater's AppUpdater this module uses. */
export interface UpdaterLike {
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

export interface StartUpdaterOptions {
  log: Logger;
  settingEnabled?: boolean;
  /** Default every 6 hours. */
  checkEveryMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  /** Loads electron-updater; tests pass a fake. */
  load?: () => Promise<UpdaterLike>;
}

export interface UpdaterHandle {
  stop(): void;
}

const SIX_HOURS = 6 * 60 * 60 * 1000;

async function loadElectronUpdater(): Promise<UpdaterLike> {
  const { autoUpdater } = await import('electron-updater');
  return autoUpdater;
}

/** Starts periodic checks when the gate allows; returns null (and logs why) otherwise. */
export async function startUpdater(options: StartUpdaterOptions): Promise<UpdaterHandle | null> {
  const gate = updaterGate({
    isPackaged: app.isPackaged,
    platform: process.platform,
    env: options.env ?? process.env,
    settingEnabled: options.settingEnabled ?? false,
    hasUpdateConfig: app.isPackaged && existsSync(path.join(process.resourcesPath, 'app-update.yml')),
  });
  if (!gate.enabled) {
    options.log.info(`auto-update off: ${gate.reason}`);
    return null;
  }
  let updater: UpdaterLike;
  try {
    updater = await (options.load ?? loadElectronUpdater)();
  } catch (error) {
    options.log.warn('auto-update off: electron-updater could not be loaded', { error });
    return null;
  }
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  updater.logger = { info: (m) => options.log.info(text(m)), warn: (m) => options.log.warn(text(m)), error: (m) => options.log.error(text(m)) };
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  // Only stable releases, never back to an older (possibly vulnerable) version.
  updater.allowPrerelease = false;
  updater.allowDowngrade = false;
  const check = () => void updater.checkForUpdatesAndNotify().catch((error: unknown) => options.log.warn('update check failed', { error }));
  check();
  const timer = setInterval(check, options.checkEveryMs ?? SIX_HOURS);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
