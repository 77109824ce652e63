/**
 * queuePoll against the simulator's ARM and Graph listeners with the real clients: the three
 * kinds in one queue, the cost of a quiet poll, a kind turned off by missing consent (and
 * back on once consent is given), and ARM working on regardless.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Knobs, type RunningSimulator } from '../../demo/simulator';
import { demoSession } from '../../demo/demo-session';
import { VirtualClock } from '../clock';
import { queuePoll, DEFAULT_RECHECK_MS } from './queue-poll';
import type { GraphSession } from '../services/graph-session';
import { sessionServices } from '../services/registry';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function setup(knobs: Partial<Knobs> = {}, graph: 'demo' | 'none' | ((base: GraphSession) => GraphSession) = 'demo') {
  const clock = new VirtualClock(Date.parse('2026-11-23T12:00:00Z'));
  const s = await startSimulator({ scenario: 'mixed', clock, knobs });
  running.push(s);
  const session = demoSession(s, clock);
  const base = session.graph as GraphSession;
  const poll = queuePoll({
    services: sessionServices({ api: session.api, graph: graph === 'none' ? undefined : graph === 'demo' ? base : graph(base) }),
    accountId: session.account.id,
    principalId: session.principalId,
    clock,
  });
  return { s, clock, poll, signal: new AbortController().signal };
}

const calls = (s: RunningSimulator) => {
  const log = s.sim.callLog();
  return { arm: log.filter((c) => !c.route.startsWith('graph.')).length, graph: log.filter((c) => c.route.startsWith('graph.')).length, total: log.length };
};

describe('queuePoll: three kinds in one queue', () => {
  it('merges Azure resource, Entra ID role and group items, soonest expiry first', async () => {
    const { poll, signal } = await setup();
    const result = await poll.poll(signal);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kinds = new Set(result.value.map((i) => i.kind));
    expect(kinds).toEqual(new Set(['azureResource', 'entraRole', 'group']));
    const expiries = result.value.map((i) => Date.parse(i.expiresAt));
    expect(expiries).toEqual([...expiries].sort((a, b) => a - b));
    expect(poll.kinds()).toEqual([
      { kind: 'azureResource', status: 'active', reason: null },
      { kind: 'entraRole', status: 'active', reason: null },
      { kind: 'group', status: 'active', reason: null },
    ]);
  });

  it('costs one list call per kind on a quiet poll once the approvals are known', async () => {
    const { s, poll, signal } = await setup();
    await poll.poll(signal);
    const first = calls(s);
    s.sim.clearLog();
    await poll.poll(signal);
    const steady = calls(s);
    // First poll: three lists plus one approval GET per pending approval; then three lists.
    expect(first.total).toBeGreaterThan(3);
    expect(steady).toEqual({ arm: 1, graph: 2, total: 3 });
    expect(s.sim.callLog().map((c) => c.route).sort()).toEqual(['graph.listEntraRequests', 'graph.listGroupRequests', 'listScheduleRequests']);
  });

  it('turns a kind off on a 403 (no consent) with its reason, keeps the others, and tries again later', async () => {
    const { s, clock, poll, signal } = await setup({ graphConsent: { entraRole: false, group: true } });
    const result = await poll.poll(signal);
    expect(result.ok && result.value.some((i) => i.kind === 'entraRole')).toBe(false);
    expect(result.ok && result.value.some((i) => i.kind === 'group')).toBe(true);
    expect(result.ok && result.value.some((i) => i.kind === 'azureResource')).toBe(true);
    const entra = poll.kinds().find((k) => k.kind === 'entraRole');
    expect(entra?.status).toBe('off');
    expect(entra?.reason).toMatch(/403 PermissionScopeNotGranted.*An administrator must grant consent for RoleAssignmentSchedule\.ReadWrite\.Directory/);

    // Off: not asked again on the next polls…
    s.sim.clearLog();
    await poll.poll(signal);
    expect(s.sim.callLog().some((c) => c.route === 'graph.listEntraRequests')).toBe(false);

    // …until consent is given and either the recheck time passes or the user refreshes.
    s.sim.setKnobs({ graphConsent: { entraRole: true, group: true } });
    poll.recheck();
    const again = await poll.poll(signal);
    expect(again.ok && again.value.some((i) => i.kind === 'entraRole')).toBe(true);
    expect(poll.kinds().find((k) => k.kind === 'entraRole')).toEqual({ kind: 'entraRole', status: 'active', reason: null });

    s.sim.setKnobs({ graphConsent: { entraRole: false, group: true } });
    await poll.poll(signal); // off again
    s.sim.setKnobs({ graphConsent: { entraRole: true, group: true } });
    await clock.advance(DEFAULT_RECHECK_MS);
    const later = await poll.poll(signal);
    expect(later.ok && later.value.some((i) => i.kind === 'entraRole')).toBe(true);
  });

  it('turns a kind off without a call when its token cannot be had (no consent), and says why', async () => {
    const reason = 'An administrator must grant consent for PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup.';
    const { s, poll, signal } = await setup({}, (base) => ({ ...base, access: async (kind) => (kind === 'group' ? { ok: false, reason } : { ok: true }) }));
    const result = await poll.poll(signal);
    expect(result.ok && result.value.some((i) => i.kind === 'group')).toBe(false);
    expect(poll.kinds().find((k) => k.kind === 'group')).toEqual({ kind: 'group', status: 'off', reason });
    expect(s.sim.callLog().some((c) => c.route.startsWith('graph.') && c.route.includes('Group'))).toBe(false);
  });

  it('keeps a kind and its last items when Graph fails for a moment, and says the list may be stale', async () => {
    const { s, poll, signal } = await setup();
    const first = await poll.poll(signal);
    const graphBefore = first.ok ? first.value.filter((i) => i.kind !== 'azureResource').map((i) => i.id).sort() : [];
    // One Graph call left in the bucket: of the two kinds' lists, one is throttled (429).
    s.sim.setKnobs({ graphBucket: { burst: 1, perSecond: 0.001 } });
    const second = await poll.poll(signal);
    expect(second.ok && second.value.filter((i) => i.kind !== 'azureResource').map((i) => i.id).sort()).toEqual(graphBefore);
    const stale = poll.kinds().filter((k) => k.reason !== null);
    expect(stale).toHaveLength(1);
    expect(stale[0]?.status).toBe('active');
    expect(stale[0]?.reason).toMatch(/The last check failed: .*may be out of date/);
  });

  it('without Graph in the session, shows the kinds off and ARM alone', async () => {
    const { poll, signal } = await setup({}, 'none');
    const result = await poll.poll(signal);
    expect(result.ok && result.value.every((i) => i.kind === 'azureResource')).toBe(true);
    expect(poll.kinds().filter((k) => k.status === 'off').map((k) => k.kind)).toEqual(['entraRole', 'group']);
  });
});
