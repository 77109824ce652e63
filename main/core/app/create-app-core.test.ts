/**
 * The AppCore on real collaborators: the PIM simulator on loopback, the real ARM client
 * and poller on a virtual clock, the direct decision sink. What the window and tray rely on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { demoSession } from '../../demo/demo-session';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { createAppCore } from './create-app-core';
import { createDirectDecisions } from './direct-decisions';
import type { AppCore } from './app-core';
import { until } from '../../../test/kit/until';
import { ipcHandlers } from '../../bridge/ipc-handlers';

let sim: RunningSimulator | null = null;
let core: AppCore | null = null;
afterEach(async () => {
  await core?.stop();
  await sim?.close();
  core = null;
  sim = null;
});

/** Runs `work` while moving virtual time on, so sleeps inside it (gaps, backoff) elapse. */
async function drive<T>(clock: VirtualClock, work: Promise<T>): Promise<T> {
  let done = false;
  const settled = work.finally(() => (done = true));
  for (let i = 0; i < 600 && !done; i++) await clock.advance(1_000);
  return settled;
}

async function startOnQuiet(clock = new VirtualClock(), readDeadlineMs = 500) {
  sim = await startSimulator({ scenario: 'quiet', clock });
  const s = sim;
  core = createAppCore({
    mode: 'demo',
    clock,
    session: demoSession(s, clock),
    decisions: (session) => createDirectDecisions(session, clock),
    openExternal: async () => true,
    // A read that hangs (one of the simulator's faults) counts as failed after half a second.
    poller: { readDeadlineMs },
  });
  await core.start();
  return { sim: s, core, clock };
}

describe('AppCore on the simulated tenant', () => {
  it('shows the waiting queue after start, soonest expiry first, my own request read-only', async () => {
    const { core } = await startOnQuiet();
    const state = core.state();
    expect(state.connection).toBe('online');
    expect(state.lastCheckedAt).not.toBeNull();
    expect(state.queue.length).toBeGreaterThan(1);
    const expiries = state.queue.map((i) => Date.parse(i.expiresAt));
    expect(expiries).toEqual([...expiries].sort((a, b) => a - b));
    const mine = state.queue.filter((i) => i.requester.id === state.account?.id);
    for (const item of mine) expect(item.actionable).toBe(false);
    expect(state.queue.some((i) => i.requestType === 'SelfExtend' && !i.actionable)).toBe(true);
  });

  it('approves through the sink: the simulator records it once and the item leaves the queue', async () => {
    const { sim, core } = await startOnQuiet();
    const item = core.state().queue.find((i) => i.actionable);
    if (!item) throw new Error('quiet has an actionable item');
    const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'Change CHG-1 approved' });
    expect(outcome).toMatchObject({ outcome: 'done', message: 'Approved' });
    expect(core.state().queue.find((i) => i.id === item.id)).toBeUndefined();
    const applied = sim.sim.appliedDecisions().filter((d) => item.id.endsWith(d.stageId));
    expect(applied).toEqual([expect.objectContaining({ by: 'me', result: 'Approve' })]);
    const history = await ipcHandlers(core)['outbox:list'](undefined);
    expect(history[0]).toMatchObject({ itemId: item.id, state: 'done', result: 'Approve' });
    expect(JSON.stringify(history)).not.toContain('CHG-1');
  });

  it('says who won when another approver decided first', async () => {
    const { sim, core } = await startOnQuiet();
    const item = core.state().queue.find((i) => i.actionable && i.requester.id !== core.state().account?.id);
    if (!item) throw new Error('quiet has an actionable item');
    sim.sim.decideAs('approver2', item.id, 'Approve', 'I was faster');
    const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Deny', justification: 'Too broad' });
    expect(outcome?.outcome).toBe('conflict');
    expect(outcome?.message).toMatch(/^Already approved by .+/);
  });

  it('refuses read-only items and unknown ids without calling Azure', async () => {
    const { sim, core } = await startOnQuiet();
    const readOnly = core.state().queue.find((i) => !i.actionable);
    if (!readOnly) throw new Error('quiet has a read-only item');
    sim.sim.clearLog();
    const outcomes = await ipcHandlers(core)['decision:submit']({ itemIds: [readOnly.id, 'no-such-stage'], result: 'Approve', justification: 'x' });
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
    expect(sim.sim.callLog().filter((c) => c.kind === 'write')).toEqual([]);
  });

  it('a refresh costs one list call per kind in steady state (ARM, Entra ID roles, groups)', async () => {
    const { sim, core, clock } = await startOnQuiet();
    await clock.advance(5_000); // past the poller's minimum gap
    sim.sim.clearLog();
    await ipcHandlers(core)['queue:refresh'](undefined);
    expect(sim.sim.callLog().map((c) => c.route).sort()).toEqual(['graph.listEntraRequests', 'graph.listGroupRequests', 'listScheduleRequests']);
    expect(core.state().kinds.every((k) => k.status === 'active')).toBe(true);
  });

  it('lists my own requests of every kind: Azure resources, Entra ID roles and groups', async () => {
    const { core, sim } = await startOnQuiet();
    sim.sim.createRequest({ kind: 'entraRole', requester: 'me', approvers: ['requester'], role: 'Global Administrator' });
    sim.sim.createRequest({ kind: 'group', access: 'owner', requester: 'me', approvers: ['requester'] });
    const mine = await ipcHandlers(core)['requests:mine'](undefined);
    expect(mine.length).toBeGreaterThan(2);
    expect(new Set(mine.map((r) => r.kind))).toEqual(new Set(['azureResource', 'entraRole', 'group']));
    expect(mine.find((r) => r.kind === 'entraRole')?.role.displayName).toBe('Global Administrator');
    expect(mine.find((r) => r.kind === 'group')?.access).toBe('owner');
    // Newest first, across kinds.
    expect(mine.map((r) => r.createdOn)).toEqual([...mine.map((r) => r.createdOn)].sort().reverse());
  });

  it('starts signed out and signs in to the demo tenant on request', async () => {
    const clock = new VirtualClock();
    sim = await startSimulator({ scenario: 'quiet', clock });
    const s = sim;
    core = createAppCore({
      mode: 'demo',
      clock,
      session: null,
      decisions: (session) => createDirectDecisions(session, clock),
      signIn: async (demo) => (demo ? demoSession(s, clock) : { problem: 'No Azure sign-in here' }),
      openExternal: async () => true,
    });
    await core.start();
    expect(core.state()).toMatchObject({ connection: 'signed-out', account: null, queue: [] });
    expect(await ipcHandlers(core)['account:signIn']({ demo: false })).toMatchObject({ problem: 'No Azure sign-in here' });
    await ipcHandlers(core)['account:signIn']({ demo: true });
    await drive(clock, ipcHandlers(core)['queue:refresh'](undefined));
    expect(core.state().connection).toBe('online');
    expect(core.state().queue.length).toBeGreaterThan(0);
  });

  it('goes offline with a clear problem when the tenant cannot be reached, keeping the last queue', async () => {
    const { sim, core, clock } = await startOnQuiet();
    const before = core.state().queue.length;
    await sim.close();
    await drive(clock, ipcHandlers(core)['queue:refresh'](undefined));
    // The reachability probe confirms it: nothing answers at the ARM origin.
    await until(() => (core.state().connection === 'offline' ? true : undefined));
    expect(core.state().problem).toBe('Azure cannot be reached from this network: decisions wait and are sent when you are back.');
    expect(core.state().queue).toHaveLength(before);
  });

  it('says Offline at once when the OS says so, and checks again when it is back', async () => {
    const { sim, core, clock } = await startOnQuiet();
    expect(core.state().connection).toBe('online');
    core.setPaused('offline');
    expect(core.state()).toMatchObject({ connection: 'offline', problem: 'The network is off: decisions wait and are sent when you are back.' });
    sim.sim.clearLog();
    core.setPaused(null);
    await drive(clock, new Promise<void>((resolve) => core.onState((s) => s.connection === 'online' && resolve())));
    expect(sim.sim.callLog().some((c) => c.route === 'listScheduleRequests')).toBe(true);
  });

  it('checks every 15 s while the user is here and every 60 s while away; Settings change both', async () => {
    const clock = new VirtualClock();
    sim = await startSimulator({ scenario: 'quiet', clock });
    const c = createAppCore({
      mode: 'demo',
      clock,
      session: demoSession(sim, clock),
      decisions: (session) => createDirectDecisions(session, clock),
      openExternal: async () => true,
      poller: { random: () => 0.5 }, // no jitter: the waits are exact
    });
    core = c;
    c.setPresence({ presence: 'active', powerSaver: false }); // told before the account's poller exists
    await c.start();
    const wait = () => {
      const { nextPollAt, lastSuccessAt } = c.poller()?.status() ?? {};
      return (nextPollAt ?? NaN) - (lastSuccessAt ?? NaN);
    };
    expect(wait()).toBe(15_000);
    c.setPresence({ presence: 'idle', powerSaver: false });
    expect(wait()).toBe(60_000);
    await ipcHandlers(c)['settings:set']({ activePollIntervalSeconds: 30, pollIntervalSeconds: 120 });
    c.setPresence({ presence: 'active', powerSaver: true }); // on battery
    expect(wait()).toBe(120_000);
    c.setPresence({ presence: 'active', powerSaver: false });
    expect(wait()).toBe(30_000);
    c.setPresence({ presence: 'locked', powerSaver: false });
    expect(wait()).toBe(120_000);
  });

  it('a failed check says what failed and what to do, and keeps every request it showed', async () => {
    const { sim, core, clock } = await startOnQuiet();
    const before = core.state();
    expect(before.queue.length).toBeGreaterThan(0);
    sim.sim.setKnobs({ errorRate: 1 });
    await clock.advance(5_000); // past the poller's minimum gap
    const event = await drive(clock, core.poller()?.trigger('refresh') ?? Promise.resolve(null));
    expect(event?.ok).toBe(false);
    // A hang or a dropped connection looks like "offline" until the probe finds Azure answering.
    await until(() => (core.state().connection === 'error' ? true : undefined));
    expect(core.state().lastCheckedAt).toBe(before.lastCheckedAt);
    expect(core.state().problem).toMatch(/^Could not check for requests: /);
    expect(core.state().problem).toMatch(/Retry checks now|Azure answered|did not answer/);
    expect(core.state().queue.map((i) => i.id)).toEqual(before.queue.map((i) => i.id));
  });

  it('a slow check is said while it goes on, and the words go when it answers', async () => {
    const { sim, core, clock } = await startOnQuiet(new VirtualClock(), 15_000);
    await clock.advance(5_000); // past the poller's minimum gap
    sim.sim.setKnobs({ latencyMs: 1_500 }); // real time: the answers take a while
    const checked = core.poller()?.trigger('refresh');
    await until(() => (core.poller()?.status().polling ? true : undefined));
    await clock.advance(4_000);
    expect(core.state().problem).toBe('Checking for requests: Azure has not answered for 4 s. Still trying; the list shown is from the last check.');
    expect((await checked)?.ok).toBe(true);
    expect(core.state()).toMatchObject({ problem: null, connection: 'online' });
  });

  it('asks for Touch ID before approving a High-privilege request when the setting is on, and sends nothing if it fails', async () => {
    const clock = new VirtualClock();
    sim = await startSimulator({ scenario: 'quiet', clock });
    const s = sim;
    const asked: string[] = [];
    let answer: { ok: true } | { ok: false; reason: string } = { ok: false, reason: 'cancelled by the user' };
    core = createAppCore({
      mode: 'demo',
      clock,
      session: demoSession(s, clock),
      decisions: (session) => createDirectDecisions(session, clock),
      openExternal: async () => true,
      confirmHighPrivilege: async (why) => (asked.push(why), answer),
    });
    await core.start();
    const c = core;
    const owner = c.state().queue.find((i) => i.actionable && i.role.displayName === 'Owner');
    const ordinary = c.state().queue.find((i) => i.actionable && i.role.displayName === 'Key Vault Administrator');
    if (!owner || !ordinary) throw new Error('quiet has an actionable Owner and Key Vault Administrator request');
    // Off by default: no prompt.
    expect(await ipcHandlers(c)['settings:get'](undefined)).not.toHaveProperty('touchIdForHighPrivilege', true);
    await ipcHandlers(c)['settings:set']({ touchIdForHighPrivilege: true });
    s.sim.clearLog();
    const [refused] = await ipcHandlers(c)['decision:submit']({ itemIds: [owner.id], result: 'Approve', justification: 'CHG-77' });
    expect(refused).toMatchObject({ outcome: 'failed', message: 'Touch ID did not confirm the approval (cancelled by the user); nothing was sent.' });
    expect(asked).toEqual(['approve a High-privilege request']);
    expect(s.sim.callLog().filter((call) => call.kind === 'write')).toEqual([]);
    expect(c.state().queue.some((i) => i.id === owner.id)).toBe(true);
    // A request without the cue, and any denial, never ask.
    await ipcHandlers(c)['decision:submit']({ itemIds: [ordinary.id], result: 'Approve', justification: 'CHG-78' });
    expect(asked).toHaveLength(1);
    answer = { ok: true };
    const [approved] = await ipcHandlers(c)['decision:submit']({ itemIds: [owner.id], result: 'Approve', justification: 'CHG-77' });
    expect(approved).toMatchObject({ outcome: 'done', recordedResult: 'Approve' });
    expect(asked).toHaveLength(2);
  });

  it('shows sign-in progress, offers memory-only when the keychain is missing, and signs out', async () => {
    const clock = new VirtualClock();
    sim = await startSimulator({ scenario: 'quiet', clock });
    const s = sim;
    // The browser step of a sign-in, held open until the test lets it finish.
    const browser = { finish: () => {} };
    const calls: string[] = [];
    let keychain = false;
    core = createAppCore({
      mode: 'azure',
      clock,
      session: null,
      decisions: (session) => createDirectDecisions(session, clock),
      signIn: async () => {
        await new Promise<void>((resolve) => (browser.finish = resolve));
        return keychain ? demoSession(s, clock) : { problem: 'The OS keychain is not available.', keychainUnavailable: true };
      },
      cancelSignIn: () => calls.push('cancel'),
      signOut: async () => void calls.push('signOut'),
      useMemoryOnly: async () => void (calls.push('memoryOnly'), (keychain = true)),
      openExternal: async () => true,
    });
    await core.start();
    const c = core;
    const first = ipcHandlers(c)['account:signIn']({ demo: false });
    await Promise.resolve();
    expect(c.state().signIn).toEqual({ status: 'signing-in', message: 'Continue in your browser to sign in.' });
    browser.finish();
    expect((await first).signIn.status).toBe('keychain-unavailable');
    await ipcHandlers(c)['account:useMemoryOnly'](undefined);
    const second = ipcHandlers(c)['account:signIn']({ demo: false });
    await Promise.resolve();
    await ipcHandlers(c)['account:cancelSignIn'](undefined);
    expect(c.state().signIn.status).toBe('idle');
    browser.finish();
    await second;
    await drive(clock, ipcHandlers(c)['queue:refresh'](undefined));
    expect(c.state().queue.length).toBeGreaterThan(0);
    const out = await ipcHandlers(c)['account:signOut'](undefined);
    expect(out).toMatchObject({ account: null, connection: 'signed-out', queue: [] });
    expect(calls).toEqual(['memoryOnly', 'cancel', 'signOut']);
  });
});
