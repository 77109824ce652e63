/**
 * Tray app's reason to exist, end to end in the real Electron binary (Linux, CI matrix):
 * a request appears in the demo tenant, the app raises a desktop notification with
 * Approve/Deny over D-Bus, the user clicks Approve, and the demo tenant records the
 * decision. The desktop is a fake org.freedesktop.Notifications server on a private bus
 * that the app is pointed at. Skips, with the reason, where Electron cannot run.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startFakeNotificationServer, type FakeNotificationServer } from '../fakes/fake-notification-server';
import { startPrivateBus, type PrivateBus } from '../fakes/private-bus';
import { findElectronBinary } from './electron-binary';

const root = path.resolve(import.meta.dirname, '..', '..');
const binary = findElectronBinary(root);
const skipReason = !binary.ok
  ? `Electron binary not available on this machine: ${binary.reason}`
  : process.platform !== 'linux'
    ? 'D-Bus notifications are Linux only; macOS and Windows notifications are covered by unit tests'
    : '';

test.describe('notification → decision in the real app (Linux)', () => {
  test.skip(skipReason !== '', skipReason);

  let bus: PrivateBus;
  let desktop: FakeNotificationServer;
  let app: ElectronApplication;
  let tenant: { url: string; secret: string };

  test.beforeAll(async () => {
    if (skipReason) return;
    if (!existsSync(path.join(root, 'out', 'main', 'index.cjs'))) throw new Error('out/main/index.cjs is missing: run `npm run build` first');
    bus = await startPrivateBus();
    desktop = await startFakeNotificationServer(bus.address, ['actions', 'body']);
    if (!binary.ok) return;
    app = await electron.launch({
      executablePath: binary.executablePath,
      args: [root, '--demo'],
      cwd: root,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address },
    });
    tenant = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the app did not print its demo tenant')), 30_000);
      app.process().stdout?.on('data', (chunk: Buffer) => {
        const match = /PIM demo tenant: (\S+) control-secret: (\S+)/.exec(chunk.toString());
        if (match?.[1] && match[2]) {
          clearTimeout(timer);
          resolve({ url: match[1], secret: match[2] });
        }
      });
    });
  });

  test.afterAll(async () => {
    await app?.close();
    await desktop?.stop();
    await bus?.close();
  });

  test('a new request pops up with Approve/Deny, and Approve reaches the tenant', async () => {
    const page = await app.firstWindow();
    // One-click decisions with a default justification: Approve decides without the window.
    await page.evaluate(async () => {
      const pim = (window as unknown as { pim: { saveSettings(p: unknown): Promise<unknown> } }).pim;
      await pim.saveSettings({ oneClickDecisions: true, defaultJustification: 'Approved from the desktop notification' });
    });
    const control = (p: string, init: RequestInit = {}) =>
      fetch(`${tenant.url}${p}`, { ...init, headers: { 'x-sim-secret': tenant.secret, 'content-type': 'application/json' } });
    const created = (await (await control('/_sim/requests', { method: 'POST', body: JSON.stringify({ requester: 'requester', approvers: ['me'], role: 'Owner', justification: 'Deploy hotfix INC-42' }) })).json()) as { stageIds: string[] };
    const stage = created.stageIds[0] ?? '';
    await page.evaluate(async () => {
      await (window as unknown as { pim: { refresh(): Promise<unknown> } }).pim.refresh();
    });
    await expect.poll(() => desktop.notifies().filter((n) => n.actions.includes('approve')).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const popped = desktop.notifies().filter((n) => n.actions.includes('approve')).at(-1);
    expect(popped?.summary).toContain('Owner');
    desktop.invokeAction(popped?.id ?? 0, 'approve');
    await expect
      .poll(async () => ((await (await control('/_sim/applied')).json()) as Array<{ stageId: string; by: string; result: string }>).filter((d) => d.stageId === stage), { timeout: 20_000 })
      .toEqual([expect.objectContaining({ by: 'me', result: 'Approve' })]);
  });
});
