/**
 * "Discovered tenants" on the two-tenant demo world: ARM's GET /tenants through the real ARM
 * client (paged, next pages followed on the ARM origin only), offered through the core's
 * accounts:discover, minus the tenants that are accounts already.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { demoSession, nextDemoTenant } from '../../demo/demo-session';
import { startDemoWorld, type DemoWorld } from '../../demo/simulator';
import { startLoopback, type LoopbackServer } from '../../../test/kit/loopback-server';
import type { AppCore } from './app-core';
import { createAppCore } from './create-app-core';
import { createDirectDecisions } from './direct-decisions';
import { ipcHandlers } from '../../bridge/ipc-handlers';

let world: DemoWorld | null = null;
let core: AppCore | null = null;
let stranger: LoopbackServer | null = null;
afterEach(async () => {
  await core?.stop();
  await world?.close();
  await stranger?.close();
  core = world = stranger = null;
});

async function contosoSignedIn(): Promise<{ world: DemoWorld; core: AppCore }> {
  const w = (world = await startDemoWorld({ clock: systemClock }));
  const c: AppCore = (core = createAppCore({
    mode: 'demo',
    clock: systemClock,
    session: demoSession(w.contoso, systemClock),
    decisions: (session) => createDirectDecisions(session, systemClock),
    addAccount: async () => nextDemoTenant(w, systemClock, c.state().accounts?.map((a) => a.id) ?? []) ?? { problem: 'none left' },
    openExternal: async () => true,
  }));
  await c.start();
  return { world: w, core: c };
}

describe('accounts:discover', () => {
  it('offers the guest tenant the signed-in account reaches, over several pages, and not once it is an account', async () => {
    const { world: w, core: c } = await contosoSignedIn();
    w.contoso.sim.setKnobs({ pageSize: 1 }); // one tenant per page: the second comes through nextLink
    const contosoId = c.state().account?.id;
    expect(await ipcHandlers(c)['accounts:discover'](undefined)).toEqual([
      { viaAccountId: contosoId, tenantId: w.fabrikam.tenantId, name: w.fabrikam.tenant.displayName, defaultDomain: expect.any(String) },
    ]);
    const listed = w.contoso.sim.callLog().filter((call) => call.path.startsWith('/tenants'));
    expect(listed.length).toBeGreaterThanOrEqual(2);

    await ipcHandlers(c)['account:add']({ source: 'demo' });
    expect(c.state().accounts?.map((a) => a.tenant.id)).toEqual([w.contoso.tenantId, w.fabrikam.tenantId]);
    expect(await ipcHandlers(c)['accounts:discover'](undefined)).toEqual([]);
  });

  it('a next page on another host is not followed: no token leaves, nothing is offered from it', async () => {
    const { world: w, core: c } = await contosoSignedIn();
    stranger = await startLoopback((_hit, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}'));
    w.contoso.sim.setKnobs({ pageSize: 1, nextLinkOrigin: stranger.url });
    expect(await ipcHandlers(c)['accounts:discover'](undefined)).toEqual([]);
    // The first page was read from ARM; its next page, elsewhere, was never asked for.
    expect(w.contoso.sim.callLog().filter((call) => call.path.startsWith('/tenants')).length).toBe(1);
    expect(stranger.hits).toEqual([]);
  });
});
