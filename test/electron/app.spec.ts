/**
 * The packaged shape of the app, end to end: the built main, preload and renderer started by
 * the real Electron binary in demo mode. Checks what only Electron can show: the window
 * opens on app:// with the shell, window.pim is bridged, the page is sandboxed, navigation
 * and popups are refused. Skips (with the reason) where the binary is not available.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findElectronBinary } from './electron-binary';

const root = path.resolve(import.meta.dirname, '..', '..');
const binary = findElectronBinary(root);
const skipReason = binary.ok ? '' : `Electron binary not available on this machine: ${binary.reason}`;
// The list reporter does not print skip reasons; say it once where people look.
if (!binary.ok) console.log(`[electron e2e] skipped: ${skipReason}`);

test.describe('Electron app in demo mode', () => {
  test.skip(!binary.ok, skipReason);

  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    if (!binary.ok) return;
    if (!existsSync(path.join(root, 'out', 'main', 'index.cjs'))) throw new Error('out/main/index.cjs is missing: run `npm run build` first');
    app = await electron.launch({ executablePath: binary.executablePath, args: [root, '--demo'], cwd: root, env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1', PIM_E2E: '1' } });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('opens the app shell from app:// with window.pim bridged', async () => {
    expect(page.url()).toBe('app://renderer/index.html');
    await expect(page.getByRole('heading', { name: 'PIM Approvals' })).toBeVisible();
    await expect(page.getByTestId('account')).toContainText('Demo tenant');
    const state = await page.evaluate(async () => {
      const pim = (window as unknown as { pim: { getState(): Promise<{ mode: string }> } }).pim;
      return pim.getState();
    });
    expect(state.mode).toBe('demo');
  });

  test('the page is sandboxed: no Node, no ipcRenderer, window.pim frozen', async () => {
    const probe = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const before = w.pim;
      try {
        w.pim = {};
      } catch {
        // contextBridge makes it read-only; strict-mode assignment may throw
      }
      return { process: typeof w.process, require: typeof w.require, ipcRenderer: typeof w.ipcRenderer, same: w.pim === before };
    });
    expect(probe).toEqual({ process: 'undefined', require: 'undefined', ipcRenderer: 'undefined', same: true });
  });

  test('one window, popover-sized, with no webview tag', async () => {
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getSize()));
    expect(windows).toEqual([[420, 640]]);
    // webviewTag: false leaves <webview> an unknown element.
    const webview = await page.evaluate(() => customElements.get('webview') === undefined && document.createElement('webview') instanceof HTMLUnknownElement);
    expect(webview).toBe(true);
  });

  test('navigation and window.open are refused, inline script is blocked by the CSP', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://renderer/index.html');
    expect(app.windows()).toHaveLength(1);
    const inlineRan = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
  });

  test('the tray shows the waiting count, the requests and the actions', async () => {
    await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as { __pimApprovalsTray?: { shown(): { icon: string | null } } }).__pimApprovalsTray?.shown().icon), { timeout: 15_000 })
      .toBe('pending');
    const shown = await app.evaluate(() => (globalThis as unknown as { __pimApprovalsTray: { shown(): { tooltip: string; labels: string[] } } }).__pimApprovalsTray.shown());
    expect(shown.tooltip).toMatch(/^PIM Approvals — \d+ waiting · checked /);
    expect(shown.labels).toEqual(expect.arrayContaining(['Open PIM Approvals', 'Refresh now', 'Copy diagnostics', 'Quit PIM Approvals']));
    expect(shown.labels.some((l) => / on .+ — .+ — .+ left$/.test(l))).toBe(true);
  });
});
