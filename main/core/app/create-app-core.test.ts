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

async function startOnQuiet(clock = new VirtualClock()) {
  sim = await startSimulator({ scenario: 'quiet', clock });
  const s = sim;
  core = createAppCore({
    mode: 'demo',
    clock,
    session: demoSession(s, clock),
    decisions: (session) => createDirectDecisions(session, clock),
    openExternal: async () => true,
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
    const [outcome] = await core.handlers['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'Change CHG-1 approved' });
    expect(outcome).toMatchObject({ outcome: 'done', message: 'Approved' });
    expect(core.state().queue.find((i) => i.id === item.id)).toBeUndefined();
    const applied = sim.sim.appliedDecisions().filter((d) => item.id.endsWith(d.stageId));
    expect(applied).toEqual([expect.objectContaining({ by: 'me', result: 'Approve' })]);
    const history = await core.handlers['outbox:list'](undefined);
    expect(history[0]).toMatchObject({ itemId: item.id, state: 'done', result: 'Approve' });
    expect(JSON.stringify(history)).not.toContain('CHG-1');
  });

  it('says who won when another approver decided first', async () => {
    const { sim, core } = await startOnQuiet();
    const item = core.state().queue.find((i) => i.actionable && i.requester.id !== core.state().account?.id);
    if (!item) throw new Error('quiet has an actionable item');
    sim.sim.decideAs('approver2', item.id, 'Approve', 'I was faster');
    const [outcome] = await core.handlers['decision:submit']({ itemIds: [item.id], result: 'Deny', justification: 'Too broad' });
    expect(outcome?.outcome).toBe('conflict');
    expect(outcome?.message).toMatch(/^Already approved by .+/);
  });

  it('refuses read-only items and unknown ids without calling Azure', async () => {
    const { sim, core } = await startOnQuiet();
    const readOnly = core.state().queue.find((i) => !i.actionable);
    if (!readOnly) throw new Error('quiet has a read-only item');
    sim.sim.clearLog();
    const outcomes = await core.handlers['decision:submit']({ itemIds: [readOnly.id, 'no-such-stage'], result: 'Approve', justification: 'x' });
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
    expect(sim.sim.callLog().filter((c) => c.kind === 'write')).toEqual([]);
  });

  it('a refresh costs one list call per kind in steady state (ARM, Entra ID roles, groups)', async () => {
    const { sim, core, clock } = await startOnQuiet();
    await clock.advance(5_000); // past the poller's minimum gap
    sim.sim.clearLog();
    await core.handlers['queue:refresh'](undefined);
    expect(sim.sim.callLog().map((c) => c.route).sort()).toEqual(['graph.listEntraRequests', 'graph.listGroupRequests', 'listScheduleRequests']);
    expect(core.state().kinds.every((k) => k.status === 'active')).toBe(true);
  });

  it('lists my own requests', async () => {
    const { core } = await startOnQuiet();
    const mine = await core.handlers['requests:mine'](undefined);
    expect(mine.length).toBeGreaterThan(0);
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
    expect(await core.handlers['account:signIn']({ demo: false })).toMatchObject({ problem: 'No Azure sign-in here' });
    await core.handlers['account:signIn']({ demo: true });
    await drive(clock, core.handlers['queue:refresh'](undefined));
    expect(core.state().connection).toBe('online');
    expect(core.state().queue.length).toBeGreaterThan(0);
  });

  it('goes offline with a clear problem when the tenant cannot be reached, keeping the last queue', async () => {
    const { sim, core, clock } = await startOnQuiet();
    const before = core.state().queue.length;
    await sim.close();
    await drive(clock, core.handlers['queue:refresh'](undefined));
    expect(core.state().connection).toBe('offline');
    expect(core.state().problem).toMatch(/Cannot reach Azure/);
    expect(core.state().queue).toHaveLength(before);
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
    const first = c.handlers['account:signIn']({ demo: false });
    await Promise.resolve();
    expect(c.state().signIn).toEqual({ status: 'signing-in', message: 'Continue in your browser to sign in.' });
    browser.finish();
    expect((await first).signIn.status).toBe('keychain-unavailable');
    await c.handlers['account:useMemoryOnly'](undefined);
    const second = c.handlers['account:signIn']({ demo: false });
    await Promise.resolve();
    await c.handlers['account:cancelSignIn'](undefined);
    expect(c.state().signIn.status).toBe('idle');
    browser.finish();
    await second;
    await drive(clock, c.handlers['queue:refresh'](undefined));
    expect(c.state().queue.length).toBeGreaterThan(0);
    const out = await c.handlers['account:signOut'](undefined);
    expect(out).toMatchObject({ account: null, connection: 'signed-out', queue: [] });
    expect(calls).toEqual(['memoryOnly', 'cancel', 'signOut']);
  });
});
