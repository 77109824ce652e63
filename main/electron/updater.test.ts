import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const electronApp = { isPackaged: false };
vi.mock('electron', () => ({ app: electronApp }));
// If the gate ever let the real module load in a test, this would say so loudly.
vi.mock('electron-updater', () => {
  throw new Error('electron-updater must only load when the gate allows it');
});

const { startUpdater, updaterGate } = await import('./updater');
type UpdaterLike = import('./updater').UpdaterLike;

/** A packaged app's resources folder holding app-update.yml, as electron-builder writes it. */
const realResourcesPath = process.resourcesPath;
const made: string[] = [];
function packagedWithUpdateConfig(): void {
  electronApp.isPackaged = true;
  const dir = mkdtempSync(path.join(tmpdir(), 'pim-upd-'));
  made.push(dir);
  writeFileSync(path.join(dir, 'app-update.yml'), 'provider: github\n');
  Object.defineProperty(process, 'resourcesPath', { value: dir, configurable: true });
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  electronApp.isPackaged = false;
  Object.defineProperty(process, 'resourcesPath', { value: realResourcesPath, configurable: true });
});

const base = { isPackaged: true, platform: 'win32' as NodeJS.Platform, env: { PIM_AUTO_UPDATE: '1' }, settingEnabled: false, hasUpdateConfig: true };
const silent = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('updaterGate', () => {
  it('enables only a packaged, configured build that was asked to update', () => {
    expect(updaterGate(base)).toEqual({ enabled: true });
    expect(updaterGate({ ...base, env: {}, settingEnabled: true })).toEqual({ enabled: true });
    expect(updaterGate({ ...base, platform: 'darwin' })).toEqual({ enabled: true });
    expect(updaterGate({ ...base, platform: 'linux', env: { PIM_AUTO_UPDATE: 'on', APPIMAGE: '/home/a/PIM.AppImage' } })).toEqual({ enabled: true });
  });

  it.each([
    ['off by default', { env: {} }, /not enabled/],
    ['the env off switch beats the setting', { env: { PIM_AUTO_UPDATE: '0' }, settingEnabled: true }, /turned off/],
    ['a development run', { isPackaged: false }, /not a packaged app/],
    ['no app-update.yml', { hasUpdateConfig: false }, /no update configuration/],
    ['a deb install', { platform: 'linux' as NodeJS.Platform }, /only the AppImage/],
    ['another OS', { platform: 'freebsd' as NodeJS.Platform }, /no updates for freebsd/],
  ])('stays off: %s', (_name, change, reason) => {
    const gate = updaterGate({ ...base, ...change });
    expect(gate.enabled).toBe(false);
    expect(gate.enabled ? '' : gate.reason).toMatch(reason);
  });
});

describe('startUpdater', () => {
  it('does not load electron-updater when off (unpackaged here)', async () => {
    const load = vi.fn();
    await expect(startUpdater({ log: silent, env: { PIM_AUTO_UPDATE: '1' }, load })).resolves.toBeNull();
    expect(load).not.toHaveBeenCalled();
    expect(silent.info).toHaveBeenCalledWith(expect.stringMatching(/auto-update off: not a packaged app/));
  });

  it('when on: stable releases only, no downgrade, checks now and periodically', async () => {
    packagedWithUpdateConfig();
    const fake: UpdaterLike & { checkForUpdatesAndNotify: ReturnType<typeof vi.fn> } = { logger: null, autoDownload: false, autoInstallOnAppQuit: false, allowPrerelease: true, allowDowngrade: true, checkForUpdatesAndNotify: vi.fn(async () => null) };
    const env = { PIM_AUTO_UPDATE: '1', APPIMAGE: '/x.AppImage' };
    const handle = await startUpdater({ log: silent, env, load: async () => fake, checkEveryMs: 10 });
    expect(handle).not.toBeNull();
    expect(fake).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowPrerelease: false, allowDowngrade: false });
    // electron-updater's own messages land in our (redacting) logger.
    fake.logger?.info('Checking for update');
    expect(silent.info).toHaveBeenCalledWith('Checking for update');
    await new Promise((r) => setTimeout(r, 35));
    handle?.stop();
    expect(fake.checkForUpdatesAndNotify.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('stays off, logged, when electron-updater fails to load', async () => {
    packagedWithUpdateConfig();
    // No `load` given: the real lazy import runs, and the vi.mock above makes it fail.
    await expect(startUpdater({ log: silent, env: { PIM_AUTO_UPDATE: '1', APPIMAGE: '/x' } })).resolves.toBeNull();
    expect(silent.warn).toHaveBeenCalledWith(expect.stringMatching(/could not be loaded/), expect.anything());
  });
});
