/**
 * Several accounts at once (issue 21), end to end on real collaborators: two simulated
 * tenants (two simulators: their own tenant ids, token registries and requests), the real
 * ARM and Graph clients, one durable outbox for the app on disk, the remembered accounts in
 * accounts.json. Each tenant only accepts its own tokens, so a decision that reaches the
 * right simulator was sent with the right account's credentials; the call logs say who wrote.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppState, QueueItemDto } from '../model/state';
import { accountStore, type AccountRecord } from '../accounts/account-store';
import { systemClock } from '../clock';
import { demoSession } from '../../demo/demo-session';
import { startNetworkGate, type NetworkGate } from '../../demo/network-gate';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { until } from '../../../test/kit/until';
import type { AccountSession, AppCore, AppCoreOptions } from './app-core';
import { createAppCore } from './create-app-core';
import { createArmClient } from '../arm/client';
import { openAppOutbox } from './outbox-decisions';
import { NO_GRAPH_VIA_AZURE_CLI } from './azure-cli-session';
import { ipcHandlers } from '../../bridge/ipc-handlers';

interface Tenant {
  name: string;
  sim: RunningSimulator;
  gate: NetworkGate;
  accountId: string;
}

let tenants: Tenant[] = [];
let cores: AppCore[] = [];
let dir: string | null = null;
afterEach(async () => {
  for (const core of cores) await core.stop();
  for (const t of tenants) {
    await t.gate.close();
    await t.sim.close();
  }
  if (dir) await rm(dir, { recursive: true, force: true });
  tenants = [];
  cores = [];
  dir = null;
});

async function tenant(name: string, seed: number): Promise<Tenant> {
  const sim = await startSimulator({ scenario: 'mixed', clock: systemClock, seed });
  // ARM through a gate this test can close (connection refused), Graph direct.
  const gate = await startNetworkGate(sim.url, { open: true });
  const t = { name, sim, gate, accountId: `${sim.principals.me?.id}.${sim.tenantId}`.toLowerCase() };
  tenants.push(t);
  return t;
}

function sessionOf(t: Tenant): AccountSession {
  return { ...demoSession(t.sim, systemClock, 'me', { arm: t.gate.url, graph: t.sim.graphUrl }), tenant: { id: t.sim.tenantId, name: t.name }, source: 'demo' };
}

/** One run of the app on the data dir: the accounts it adds come from `adding`, in order. */
async function run(all: Tenant[], adding: Tenant[] = [], over: Partial<AppCoreOptions> = {}): Promise<AppCore & { forgotten: AccountRecord[] }> {
  const d = (dir ??= await mkdtemp(path.join(tmpdir(), 'several-accounts-')));
  const byTenant = (tenantId: string) => all.find((t) => t.sim.tenantId === tenantId) ?? null;
  const forgotten: AccountRecord[] = [];
  const core = createAppCore({
    mode: 'demo',
    clock: systemClock,
    session: null,
    outbox: (routes) => openAppOutbox({ dir: path.join(d, 'outbox'), clock: systemClock, undoMs: 0, routes }),
    accounts: accountStore(d),
    restoreSessions: async (_settings, remembered) =>
      remembered.map((r) => {
        const t = byTenant(r.tenantId);
        return t ? sessionOf(t) : { accountId: r.id, problem: 'That tenant is gone.' };
      }),
    addAccount: async () => {
      const next = adding.shift();
      return next ? sessionOf(next) : { problem: 'No more tenants in this test.' };
    },
    signInAgain: async (record) => {
      const t = byTenant(record.tenantId);
      return t ? sessionOf(t) : { problem: 'That tenant is gone.' };
    },
    forgetAccount: async (record) => void forgotten.push(record),
    openExternal: async () => true,
    poller: { minGapMs: 0 },
    ...over,
  });
  cores.push(core);
  await core.start();
  return Object.assign(core, { forgotten });
}

const ofTenant = (state: AppState, t: Tenant) => state.queue.filter((i) => i.accountId === t.accountId);
const decidable = (state: AppState, t: Tenant): QueueItemDto => {
  const item = ofTenant(state, t).find((i) => i.actionable && i.kind === 'azureResource');
  if (!item) throw new Error(`${t.name} has no actionable Azure resource request`);
  return item;
};
const bare = (stageId: string) => stageId.split('/').pop() ?? stageId;
const writesTo = (t: Tenant) => t.sim.sim.callLog().filter((c) => c.kind === 'write');
const entryFor = (state: AppState, itemId: string) => state.decisions?.find((e) => e.itemId === itemId);
const settled = (core: AppCore, itemId: string) => until(() => (entryFor(core.state(), itemId)?.state === 'done' ? entryFor(core.state(), itemId) : undefined));

/** Adds the tenants as accounts through the window's "Add account", as a person would. */
async function addBoth(core: AppCore): Promise<void> {
  await ipcHandlers(core)['account:add']({ source: 'demo' });
  await ipcHandlers(core)['account:add']({ source: 'demo' });
  await until(() => (core.state().accounts?.every((a) => a.lastCheckedAt !== null) && core.state().accounts?.length === 2 ? true : undefined));
}

describe('several accounts', () => {
  it('merges both tenants’ requests, each marked with its tenant, and sends each decision to its own tenant with its own token', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    const core = await run([contoso, fabrikam], [contoso, fabrikam]);
    await addBoth(core);

    const state = core.state();
    expect(state.accounts?.map((a) => [a.tenant.name, a.status])).toEqual([
      ['Contoso', 'signed-in'],
      ['Fabrikam', 'signed-in'],
    ]);
    expect(state.account?.id).toBe(contoso.accountId);
    expect(ofTenant(state, contoso).length).toBeGreaterThan(0);
    expect(ofTenant(state, fabrikam).length).toBeGreaterThan(0);
    for (const item of state.queue) expect(item.tenant?.name).toBe(item.accountId === contoso.accountId ? 'Contoso' : 'Fabrikam');
    // One list across tenants, soonest expiry first (not one tenant's block after the other's).
    const expiries = state.queue.map((i) => Date.parse(i.expiresAt));
    expect(expiries).toEqual([...expiries].sort((a, b) => a - b));
    expect(new Set(state.queue.slice(0, Math.ceil(state.queue.length / 2)).map((i) => i.tenant?.name)).size).toBe(2);

    const inContoso = decidable(state, contoso);
    const inFabrikam = decidable(state, fabrikam);
    contoso.sim.sim.clearLog();
    fabrikam.sim.sim.clearLog();
    const outcomes = await ipcHandlers(core)['decision:submit']({ itemIds: [inContoso.id, inFabrikam.id], result: 'Approve', justification: 'Both tenants' });
    expect(outcomes.map((o) => o.outcome)).toEqual(['queued', 'queued']);
    expect((await settled(core, inContoso.id)).tenantName).toBe('Contoso');
    expect((await settled(core, inFabrikam.id)).tenantName).toBe('Fabrikam');

    // Each tenant recorded exactly its own decision, written with its own approver's token.
    expect(contoso.sim.sim.appliedDecisions().map((d) => [d.stageId, d.by])).toEqual([[bare(inContoso.id), 'me']]);
    expect(fabrikam.sim.sim.appliedDecisions().map((d) => [d.stageId, d.by])).toEqual([[bare(inFabrikam.id), 'me']]);
    for (const [t, item] of [[contoso, inContoso], [fabrikam, inFabrikam]] as const) {
      const writes = writesTo(t);
      expect(writes.length).toBeGreaterThan(0);
      // The call log names the bearer token's tenant and principal: this tenant's token for its approver.
      for (const w of writes) expect([w.principal, w.tid, w.oid, w.status < 300, bare(w.stageId ?? '')]).toEqual(['me', t.sim.tenantId, t.sim.principals['me']?.id, true, bare(item.id)]);
    }
  });

  it('one account offline, then signed out: the other keeps checking and deciding', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    const core = await run([contoso, fabrikam], [contoso, fabrikam]);
    await addBoth(core);

    // Contoso's network goes: its lane says offline, the app stays online through Fabrikam.
    await contoso.gate.close();
    const before = fabrikam.sim.sim.callLog().length;
    await ipcHandlers(core)['queue:refresh'](undefined);
    const contosoAccount = () => core.state().accounts?.find((a) => a.id === contoso.accountId);
    await until(() => (contosoAccount()?.connection === 'offline' ? true : undefined));
    expect(core.state().connection).toBe('online');
    expect(core.state().problem).toMatch(/^Contoso: /);
    expect(fabrikam.sim.sim.callLog().length).toBeGreaterThan(before);
    expect(ofTenant(core.state(), contoso).length).toBeGreaterThan(0); // its last queue stays shown

    const first = decidable(core.state(), fabrikam);
    await ipcHandlers(core)['decision:submit']({ itemIds: [first.id], result: 'Deny', justification: 'Not while Contoso is down' });
    await settled(core, first.id);
    expect(fabrikam.sim.sim.appliedDecisions().map((d) => d.stageId)).toEqual([bare(first.id)]);

    // Contoso signed out: its requests leave, it stays listed, Fabrikam still decides.
    await contoso.gate.open();
    await ipcHandlers(core)['account:signOut']({ accountId: contoso.accountId });
    expect(core.state().accounts?.map((a) => [a.tenant.name, a.status])).toEqual([
      ['Fabrikam', 'signed-in'],
      ['Contoso', 'signed-out'],
    ]);
    expect(core.forgotten.map((r) => r.id)).toEqual([contoso.accountId]);
    expect(ofTenant(core.state(), contoso)).toEqual([]);
    expect(core.state().account?.id).toBe(fabrikam.accountId);
    const second = decidable(core.state(), fabrikam);
    await ipcHandlers(core)['decision:submit']({ itemIds: [second.id], result: 'Approve', justification: 'Still deciding' });
    await settled(core, second.id);
    expect(fabrikam.sim.sim.appliedDecisions().map((d) => d.stageId)).toEqual([bare(first.id), bare(second.id)]);
  });

  it('a 401 in one account makes that account an error to sign in again; the other stays signed in', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    // Contoso's ARM client carries a token its tenant never issued (Fabrikam's): ARM answers 401.
    const refused: AccountSession = { ...sessionOf(contoso), api: createArmClient({ endpoint: contoso.gate.url, getToken: async () => fabrikam.sim.tokens.me, clock: systemClock }) };
    const core = await run([contoso, fabrikam], [], { restoreSessions: async () => [refused, sessionOf(fabrikam)] });
    const contosoAccount = await until(() => core.state().accounts?.find((a) => a.id === contoso.accountId && a.status === 'error'));
    expect(contosoAccount.problem).toMatch(/Sign in again/);
    expect(core.state().accounts?.find((a) => a.id === fabrikam.accountId)?.status).toBe('signed-in');
    expect(core.state().connection).toBe('online');
    expect(ofTenant(core.state(), fabrikam).length).toBeGreaterThan(0);
  });

  it('removing an account keeps its waiting decision, worded as waiting for it, and sends it only after that account is added again', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    const d = (dir = await mkdtemp(path.join(tmpdir(), 'several-accounts-')));
    // A few seconds to undo: long enough to remove the account before the decision is due.
    const core = await run([contoso, fabrikam], [contoso, fabrikam, contoso], {
      outbox: (routes) => openAppOutbox({ dir: path.join(d, 'outbox'), clock: systemClock, undoMs: 5_000, routes }),
    });
    await addBoth(core);
    const waiting = decidable(core.state(), contoso);
    expect((await ipcHandlers(core)['decision:submit']({ itemIds: [waiting.id], result: 'Approve', justification: 'Before removal' }))[0]?.outcome).toBe('queued');
    await ipcHandlers(core)['account:remove']({ accountId: contoso.accountId });

    expect(core.state().accounts?.map((a) => a.tenant.name)).toEqual(['Fabrikam']);
    expect(core.forgotten.map((r) => r.id)).toEqual([contoso.accountId]);
    expect((await accountStore(d).load()).accounts.map((a) => a.tenantName)).toEqual(['Fabrikam']);
    expect(ofTenant(core.state(), contoso)).toEqual([]);

    // A Fabrikam decision made after it, sent once its own window ends: the outbox has been
    // through the waiting Contoso entry by then, and left it waiting.
    const other = decidable(core.state(), fabrikam);
    await ipcHandlers(core)['decision:submit']({ itemIds: [other.id], result: 'Approve', justification: 'After removal' });
    await settled(core, other.id);
    const held = entryFor(core.state(), waiting.id);
    expect(held).toMatchObject({ state: 'queued', accountId: contoso.accountId, tenantName: 'Contoso', message: 'Waiting for you to sign in to Contoso again.' });
    expect((await ipcHandlers(core)['outbox:list'](undefined)).find((e) => e.itemId === waiting.id)?.message).toBe('Waiting for you to sign in to Contoso again.');
    expect(contoso.sim.sim.appliedDecisions()).toEqual([]);
    expect(writesTo(contoso)).toEqual([]);

    // Added again: the decision goes, once, with Contoso's own token.
    await ipcHandlers(core)['account:add']({ source: 'demo' });
    await settled(core, waiting.id);
    expect(contoso.sim.sim.appliedDecisions().map((x) => [x.stageId, x.by])).toEqual([[bare(waiting.id), 'me']]);
  });

  it('a restart restores both accounts from accounts.json and checks both', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    const first = await run([contoso, fabrikam], [contoso, fabrikam]);
    await addBoth(first);
    await first.stop();

    const again = await run([contoso, fabrikam]);
    expect(again.state().accounts?.map((a) => [a.tenant.name, a.status])).toEqual([
      ['Contoso', 'signed-in'],
      ['Fabrikam', 'signed-in'],
    ]);
    expect(ofTenant(again.state(), contoso).length).toBeGreaterThan(0);
    expect(ofTenant(again.state(), fabrikam).length).toBeGreaterThan(0);
  });

  it('a remembered account that cannot be restored is listed with its problem, and the others start', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    const first = await run([contoso, fabrikam], [contoso, fabrikam]);
    await addBoth(first);
    await first.stop();

    const again = await run([fabrikam]);
    expect(again.state().accounts?.map((a) => [a.tenant.name, a.status, a.problem])).toEqual([
      ['Fabrikam', 'signed-in', null],
      ['Contoso', 'error', 'That tenant is gone.'],
    ]);
    expect(again.state().connection).toBe('online');
  });
});

describe('kinds over several accounts', () => {
  it('a kind is active when any account reads it; an account without Graph says why in its own row', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    const { graph: _dropped, ...armOnly } = sessionOf(contoso);
    const core = await run([contoso, fabrikam], [], { restoreSessions: async () => [{ ...armOnly, source: 'azure-cli' }, sessionOf(fabrikam)] });
    await until(() => (core.state().kinds.every((k) => k.status === 'active') ? true : undefined));
    const contosoKinds = core.state().accounts?.find((a) => a.id === contoso.accountId)?.kinds;
    expect(contosoKinds?.map((k) => [k.kind, k.status, k.reason])).toEqual([
      ['azureResource', 'active', null],
      ['entraRole', 'off', NO_GRAPH_VIA_AZURE_CLI],
      ['group', 'off', NO_GRAPH_VIA_AZURE_CLI],
    ]);
    expect(core.state().accounts?.find((a) => a.id === contoso.accountId)?.source).toBe('azure-cli');
  });
});

describe('signing one account in again', () => {
  it('after Azure stops accepting one account’s token (401), Sign in again gives it a fresh session; the other never stopped', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    const core = await run([contoso, fabrikam], [contoso, fabrikam]);
    await addBoth(core);

    contoso.sim.sim.revokeTokens('me');
    await ipcHandlers(core)['queue:refresh'](undefined);
    const refused = await until(() => core.state().accounts?.find((a) => a.id === contoso.accountId && a.status === 'error'));
    expect(refused.connection).toBe('signed-out');
    expect(core.state().accounts?.find((a) => a.id === fabrikam.accountId)?.status).toBe('signed-in');

    // signInAgain makes a session from the simulator's current (re-issued) tokens.
    await ipcHandlers(core)['account:signIn']({ demo: false, accountId: contoso.accountId });
    await until(() => (core.state().accounts?.find((a) => a.id === contoso.accountId)?.status === 'signed-in' ? true : undefined));
    const item = decidable(core.state(), contoso);
    await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'Back in' });
    await settled(core, item.id);
    expect(contoso.sim.sim.appliedDecisions().map((d) => d.stageId)).toEqual([bare(item.id)]);
    expect(core.state().accounts?.map((a) => a.status)).toEqual(['signed-in', 'signed-in']);
  });
});

describe('my requests over several accounts', () => {
  it('lists my requests from every account; one account unreachable leaves the others’ list', async () => {
    const contoso = await tenant('Contoso', 11);
    const fabrikam = await tenant('Fabrikam', 12);
    const core = await run([contoso, fabrikam], [contoso, fabrikam]);
    await addBoth(core);
    const both = await core.myRequests();
    const alone = async (t: Tenant) => {
      const only = await run([t], [t]);
      await only.addAccount({ source: 'demo' });
      const mine = await only.myRequests();
      await only.stop();
      return mine;
    };
    dir = null; // each single-account run gets its own data dir
    const fromContoso = await alone(contoso);
    dir = null;
    const fromFabrikam = await alone(fabrikam);
    expect(fromContoso.length).toBeGreaterThan(0);
    expect(fromFabrikam.length).toBeGreaterThan(0);
    expect(both.map((r) => r.id).sort()).toEqual([...fromContoso, ...fromFabrikam].map((r) => r.id).sort());

    await contoso.gate.close();
    expect((await core.myRequests()).map((r) => r.id).sort()).toEqual(fromFabrikam.map((r) => r.id).sort());
  });
});
