/**
 * The composition root, run for real where Electron cannot: the built main bundle
 * (scripts/build.mjs --only main,preload,icons) runs in plain Node with a recording stand-in
 * for the `electron` module (fixtures/fake-electron.cjs). It shows the wiring of
 * main/index.ts: scheme registered before ready, single-instance lock, a hardened window on
 * app://, every IPC channel handled by the real core (and strangers refused), tray icons that
 * exist, the user's presence read from powerMonitor, links through the allowlist only, demo
 * tenant started and an orderly quit. The simulator is a bundle of its own (demo.cjs) that
 * index.cjs loads only in demo mode.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../preload/api';
import { encodeLine } from '../../main/core/outbox/journal-lines';
import { TOAST_ACTIVATOR_CLSID } from '../../main/core/app-id';

const root = path.resolve(import.meta.dirname, '..', '..');
const fakeElectron = path.join(import.meta.dirname, 'fixtures', 'fake-electron.cjs');
type Entry = [string, unknown?];

let outDir: string;

function runMain(args: string[], env: Record<string, string> = {}): { status: number | null; log: Entry[]; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', fakeElectron, path.join(outDir, 'main', 'index.cjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    // The bundle lives in a temp dir; its external modules (keytar, dbus-next) resolve from the repo.
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules'), ...env },
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('FAKE_ELECTRON_LOG '));
  const log = line ? (JSON.parse(line.slice('FAKE_ELECTRON_LOG '.length)) as Entry[]) : [];
  return { status: result.status, log, stderr: result.stderr };
}

const entries = (log: Entry[], name: string) => log.filter(([what]) => what === name).map(([, detail]) => detail);

beforeAll(() => {
  outDir = mkdtempSync(path.join(tmpdir(), 'pim-main-bundle-'));
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only', 'main,preload,icons', '--out', outDir], { cwd: root, stdio: 'pipe' });
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

/** The source files a bundle was built from, as its source map lists them (repo-relative). */
function bundledSources(bundle: string): string[] {
  const map = JSON.parse(readFileSync(path.join(outDir, 'main', `${bundle}.map`), 'utf8')) as { sources: string[] };
  return map.sources.map((source) => path.relative(root, path.resolve(outDir, 'main', source)));
}

describe('main bundle contents', () => {
  it('index.cjs holds no simulator: its only file from main/demo is the session that points the real clients at a tenant', () => {
    const sources = bundledSources('index.cjs');
    expect(sources).toContain('main/core/app/create-app-core.ts');
    expect(sources.filter((source) => source.startsWith('main/demo/'))).toEqual(['main/demo/demo-session.ts']);
    // The scenario's name and the control endpoint's header, both in demo.cjs (below).
    expect(readFileSync(path.join(outDir, 'main', 'index.cjs'), 'utf8')).not.toMatch(/hostile|x-sim-secret/i);
  });

  it('demo.cjs holds the simulator and its scenarios, hostile included', () => {
    const sources = bundledSources('demo.cjs');
    expect(sources).toEqual(expect.arrayContaining(['main/demo/simulator.ts', 'main/demo/scenarios/hostile.json']));
    expect(readFileSync(path.join(outDir, 'main', 'demo.cjs'), 'utf8')).toMatch(/hostile[\s\S]*x-sim-secret|x-sim-secret[\s\S]*hostile/i);
  });
});

describe('main bundle in demo mode', () => {
  let run: ReturnType<typeof runMain>;
  beforeAll(() => {
    run = runMain(['--demo']);
  }, 40_000);

  it('starts and quits cleanly', () => {
    expect(entries(run.log, 'error'), run.stderr).toEqual([]);
    expect(run.status, run.stderr).toBe(0);
    expect(entries(run.log, 'tray.destroy')).toHaveLength(1);
  });

  it('registers app:// before ready and serves it after', () => {
    const [registration] = entries(run.log, 'protocol.registerSchemesAsPrivileged') as Array<{ beforeReady: boolean; schemes: Array<{ scheme: string; privileges: Record<string, boolean> }> }>;
    expect(registration?.beforeReady).toBe(true);
    expect(registration?.schemes[0]).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(entries(run.log, 'protocol.handle')).toEqual(['app']);
    expect(entries(run.log, 'app.requestSingleInstanceLock')).toHaveLength(1);
  });

  it('sandboxes every renderer before ready', () => {
    expect(entries(run.log, 'app.enableSandbox')).toEqual([{ beforeReady: true }]);
  });

  it('keeps its data where the CLI looks for it', () => {
    expect(entries(run.log, 'app.setPath')).toContainEqual({ name: 'userData', value: 'pim-approvals' });
  });

  it('denies permissions on the default session and opens one hardened window on app://', () => {
    expect(entries(run.log, 'session.permissionCheckHandler')).toContain(false);
    const windows = entries(run.log, 'BrowserWindow') as Array<Record<string, unknown>>;
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ width: 420, height: 640, show: false, preloadExists: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false } });
    expect(entries(run.log, 'window.loadURL')).toEqual(['app://renderer/index.html']);
    expect(entries(run.log, 'window.openHandler')).toContainEqual({ action: 'deny' });
  });

  it('handles every IPC channel with the real core, and refuses strangers and bad payloads', () => {
    expect((entries(run.log, 'ipcMain.handle') as string[]).sort()).toEqual(Object.keys(invokeChannels).sort());
    const ipc = entries(run.log, 'ipc') as Array<{ label: string; ok: boolean; mode?: string; connection?: string; waiting?: number; error?: string }>;
    const byLabel = Object.fromEntries(ipc.map((c) => [c.label, c]));
    expect(byLabel['state from our window']).toMatchObject({ ok: true, mode: 'demo', connection: 'online' });
    // npm run demo: the embedded simulator's mixed scenario is polled and shown.
    expect(byLabel['state from our window']?.waiting).toBeGreaterThan(0);
    expect(byLabel['state from a stranger']).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: /) });
    expect(byLabel['bad payload']).toMatchObject({ ok: false });
  });

  it('asks whether Azure is reachable through Electron net (Chromium\'s proxy and trust store), not Node fetch', () => {
    expect(entries(run.log, 'net.request')).toContainEqual({ method: 'GET', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/), redirect: 'manual' });
  });

  it('opens only allowlisted links', () => {
    expect(entries(run.log, 'shell.openExternal')).toEqual(['https://portal.azure.com/']);
  });

  it('shows a tray icon that exists, hides to tray on close and reopens for a second instance', () => {
    const [icon] = entries(run.log, 'Tray') as Array<{ file: string; exists: boolean }>;
    expect(icon?.exists).toBe(true);
    expect(entries(run.log, 'tray.menu').at(-1)).toEqual(expect.arrayContaining(['Open PIM Approvals', 'Quit PIM Approvals']));
    expect(run.log.map(([what]) => what)).toContain('window.close prevented');
    expect(run.log.map(([what]) => what)).toContain('window.show');
  });

  it('asks the OS whether the user is at the machine, after ready, with a threshold Electron accepts', () => {
    expect(entries(run.log, 'powerMonitor.getSystemIdleState')).toContain(300);
    expect(entries(run.log, 'powerMonitor.isOnBatteryPower')).toHaveLength(1);
  });
});

describe('main bundle with a damaged outbox journal', () => {
  it("reports the damage through the app's logger", () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'pim-main-bundle-userdata-'));
    try {
      mkdirSync(path.join(userData, 'outbox'));
      // Checksummed, but not an entry: the journal drops it and tells its logger.
      writeFileSync(path.join(userData, 'outbox', 'outbox.wal'), encodeLine({ seq: 1, entry: { id: 'not-an-entry' } }));
      const run = runMain(['--demo'], { FAKE_USER_DATA: userData });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/ WARN {2}outbox: outbox journal damage (kept aside|dropped) .*"reason":"not an outbox entry"/);
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  }, 40_000);
});

describe('main bundle as a second instance', () => {
  it('quits without building anything', () => {
    const run = runMain([], { FAKE_LOCK: 'taken' });
    expect(entries(run.log, 'app.quit')).toHaveLength(1);
    expect(entries(run.log, 'BrowserWindow')).toEqual([]);
    expect(entries(run.log, 'protocol.handle')).toEqual([]);
  }, 40_000);
});

describe('main bundle on Windows (process.platform faked as win32)', () => {
  it('sets the AUMID, then the toast activator CLSID, before the first notification', () => {
    const run = runMain(['--demo'], { FAKE_PLATFORM: 'win32' });
    expect(entries(run.log, 'error'), run.stderr).toEqual([]);
    const order = run.log.map(([what]) => what);
    const aumid = order.indexOf('app.setAppUserModelId');
    const clsid = order.indexOf('app.setToastActivatorCLSID');
    const firstToast = order.indexOf('Notification');
    expect(entries(run.log, 'app.setAppUserModelId')).toEqual(['io.github.pimapprovals.app']);
    expect(entries(run.log, 'app.setToastActivatorCLSID')).toEqual([TOAST_ACTIVATOR_CLSID]);
    // The demo tenant has requests waiting: a toast (our XML) is shown during the run.
    expect(entries(run.log, 'Notification')[0]).toMatchObject({ toastXml: true });
    expect(aumid).toBeGreaterThanOrEqual(0);
    expect(clsid).toBeGreaterThan(aumid);
    expect(firstToast).toBeGreaterThan(clsid);
    expect(run.status, run.stderr).toBe(0);
  }, 40_000);
});

describe('main bundle signed out (first run)', () => {
  it('shows the window by itself, before anyone asks', () => {
    const run = runMain([]);
    expect(entries(run.log, 'error'), run.stderr).toEqual([]);
    const order = run.log.map(([what]) => what);
    const firstShow = order.indexOf('window.show');
    expect(firstShow).toBeGreaterThanOrEqual(0);
    // Before the test's own close + second-instance, which would show it anyway.
    expect(firstShow).toBeLessThan(order.indexOf('window.close prevented'));
  }, 40_000);
});

describe('main bundle with --smoke-test (what CI runs on the packaged app)', () => {
  it('quits with 0 by itself once the first poll of the demo tenant answered', () => {
    // The fake's own scripted quit is held off: only the app's smoke test can end this run.
    const result = spawnSync(process.execPath, ['-r', fakeElectron, path.join(outDir, 'main', 'index.cjs'), '--demo', '--smoke-test'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 40_000,
      env: { ...process.env, NODE_PATH: path.join(root, 'node_modules'), FAKE_SETTLE_MS: '600000' },
    });
    expect(result.stdout).toMatch(/^smoke test: first poll answered at \S+, [1-9]\d* request\(s\) waiting$/m);
    expect(result.status, result.stderr).toBe(0);
  }, 45_000);
});

describe('main bundle on macOS (process.platform faked as darwin)', () => {
  it('runs cleanly, brings the menu-bar app forward with app.focus({ steal: true }) when the window opens, and sets no Windows identity', () => {
    const run = runMain(['--demo'], { FAKE_PLATFORM: 'darwin' });
    expect(entries(run.log, 'error'), run.stderr).toEqual([]);
    expect(entries(run.log, 'app.focus')).toContainEqual({ steal: true });
    expect(entries(run.log, 'app.setToastActivatorCLSID')).toEqual([]);
    expect(run.status, run.stderr).toBe(0);
  }, 40_000);
});
