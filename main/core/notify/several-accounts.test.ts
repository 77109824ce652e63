/**
 * Notifications with several accounts, on the real path: the demo world's two tenants
 * (Contoso, Fabrikam), the app core holding one lane per account, and the notification center
 * connected as the app connects it, with a memory notifier standing for the OS surface.
 * ux.md "Several tenants": once more than one account is present, notifications name the
 * tenant first; with one, they do not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { demoSession, nextDemoTenant } from '../../demo/demo-session';
import { startDemoWorld, type DemoWorld } from '../../demo/demo-world';
import { createMemoryNotifier } from '../../preview/memory-notifier';
import type { AppCore } from '../app/app-core';
import { createAppCore } from '../app/create-app-core';
import { until } from '../../../test/kit/until';
import { connectNotificationCenter, type ConnectedCenter } from './connect-center';
import { defaultNotifyPrefs } from './prefs';
import { ipcHandlers } from '../../bridge/ipc-handlers';

let world: DemoWorld | null = null;
let core: AppCore | null = null;
let connected: ConnectedCenter | null = null;
afterEach(async () => {
  connected?.dispose();
  await core?.stop();
  await world?.close();
  connected = core = world = null;
});

describe('notifications with several accounts', { timeout: 60_000 }, () => {
  it('leave the tenant out with one account, and name it first once a second account is added', async () => {
    const w = (world = await startDemoWorld({ scenario: 'quiet', clock: systemClock }));
    const c: AppCore = (core = createAppCore({
      mode: 'demo',
      clock: systemClock,
      session: demoSession(w.contoso, systemClock),
      addAccount: async () => nextDemoTenant(w, systemClock, (c.state().accounts ?? []).map((a) => a.id)) ?? { problem: 'No more demo tenants.' },
      openExternal: async () => true,
      poller: { minGapMs: 0 },
    }));
    await c.start();
    const notifier = createMemoryNotifier();
    connected = connectNotificationCenter(c, notifier, { prefs: () => defaultNotifyPrefs, now: () => Date.now(), showWindow: () => undefined });
    // By tenant too: each simulator makes its own ids, and nothing says two tenants' never meet.
    const titleOf = (approvalId: string, tenant = 'Contoso') => {
      const item = c.state().queue.find((i) => i.approvalId.endsWith(approvalId) && i.tenant?.name === tenant);
      return item ? notifier.visible().find((n) => n.id === item.id)?.title : undefined;
    };

    const alone = w.contoso.sim.createRequest({ role: 'Key Vault Administrator', requester: 'requester' });
    await ipcHandlers(c)['queue:refresh'](undefined);
    expect(await until(() => titleOf(alone.approvalId))).toMatch(/^Key Vault Administrator on /);

    const after = await ipcHandlers(c)['account:add']({ source: 'demo' });
    expect((after.accounts ?? []).map((a) => a.tenant.name)).toEqual(['Contoso', 'Fabrikam']);
    // Fabrikam's waiting requests arrive together first (one summary); the new ones after that, each on its own.
    await until(() => (c.state().queue.some((i) => i.tenant?.name === 'Fabrikam') ? true : undefined));
    const inFabrikam = w.fabrikam.sim.createRequest({ role: 'Contributor', requester: 'requester' });
    const inContoso = w.contoso.sim.createRequest({ role: 'Contributor', requester: 'requester' });
    await ipcHandlers(c)['queue:refresh'](undefined);
    expect(await until(() => titleOf(inFabrikam.approvalId, 'Fabrikam'))).toMatch(/^Fabrikam · Contributor on /);
    expect(await until(() => titleOf(inContoso.approvalId))).toMatch(/^Contoso · Contributor on /);
  });
});
