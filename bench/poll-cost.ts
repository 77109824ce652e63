/**
 * Poll cost in ARM calls, read from the simulator's call log: a steady-state poll of the
 * `quiet` and `busy` queues (design: exactly one list call) and the calls spent per newly
 * discovered request (one approval GET each, so ≤ 2 even for a lone newcomer), and a quiet
 * poll with all three kinds on (ARM + Graph). Uses the real clients on loopback; counts
 * calls, never times them.
 */
import type { Approval } from '../main/core/arm/types';
import { pollOnce, type PollContext } from '../main/core/queue/poll-once';
import { WIDE_READS, type BenchContext, type Benchmark } from './common';
import { busyScenario, simWorld } from './sim-world';
import type { Figure } from './table';
import { startSimulator } from '../main/demo/simulator';
import { demoSession } from '../main/demo/demo-session';
import { queuePoll } from '../main/core/poller/queue-poll';
import { sessionServices } from '../main/core/services/registry';
import { systemClock } from '../main/core/clock';

const bench = 'poll-cost';

async function measure(ctx: BenchContext, label: 'quiet' | 'busy'): Promise<Figure[]> {
  const steadyPolls = ctx.quick ? 3 : 20;
  const busyCount = ctx.quick ? 100 : 1000;
  const scenario = label === 'quiet' ? 'quiet' : busyScenario(busyCount);
  const world = await simWorld({ scenario, knobs: WIDE_READS });
  try {
    const { sim, arm } = world;
    const seen = new Set<string>();
    const pollCtx: PollContext = { accountId: 'bench', now: Date.now(), approvals: new Map<string, Approval>() };
    const poll = async () => {
      sim.sim.clearLog();
      const got = await pollOnce(arm, seen, pollCtx);
      if (!got.ok) throw new Error(`${label} poll failed: ${got.error.message}`);
      return { items: got.value.length, calls: sim.sim.callLog() };
    };

    const first = await poll();
    const newOnFirst = new Set([...pollCtx.approvals.keys()]).size;
    let steadyCalls = 0;
    for (let i = 0; i < steadyPolls; i++) steadyCalls += (await poll()).calls.length;

    // One newcomer is the worst case per request: the list call is not shared with others.
    sim.sim.createRequest({ requester: 'requester', approvers: ['me'] });
    const afterOne = await poll();
    ctx.log(`${bench} ${label}: first poll ${first.calls.length} calls for ${first.items} items; ${steadyPolls} steady polls ${steadyCalls} calls; one new request ${afterOne.calls.length} calls`);

    const figures: Figure[] = [
      { bench, name: `ARM calls per steady-state poll (${label}, ${first.items} items)`, value: steadyCalls / steadyPolls, unit: 'calls', goal: { op: '=', target: 1 }, note: `mean of ${steadyPolls} polls` },
    ];
    if (label === 'busy') {
      figures.push({ bench, name: `ARM calls per new request, first poll (${newOnFirst} new)`, value: first.calls.length / Math.max(1, newOnFirst), unit: 'calls', goal: { op: '<=', target: 2 } });
    } else {
      figures.push({ bench, name: 'ARM calls per new request, one newcomer in steady state', value: afterOne.calls.length, unit: 'calls', goal: { op: '<=', target: 2 } });
    }
    return figures;
  } finally {
    await world.close();
  }
}

/**
 * All three kinds on (mixed scenario): the app's queuePoll over ARM and Graph. A steady poll
 * is one list call per kind; Graph calls are counted apart from ARM's (their limits differ).
 */
async function measureKinds(ctx: BenchContext): Promise<Figure[]> {
  const steadyPolls = ctx.quick ? 3 : 20;
  const sim = await startSimulator({ scenario: 'mixed', knobs: WIDE_READS });
  try {
    const session = demoSession(sim, systemClock);
    const poll = queuePoll({ services: sessionServices(session), accountId: 'bench', principalId: session.principalId, clock: systemClock });
    const signal = new AbortController().signal;
    sim.sim.clearLog();
    const first = await poll.poll(signal);
    if (!first.ok) throw new Error(`mixed poll failed: ${first.error.message}`);
    const firstCalls = sim.sim.callLog().length;
    const inactive = poll.kinds().filter((k) => k.status !== 'active');
    if (inactive.length > 0) throw new Error(`kinds not active: ${inactive.map((k) => `${k.kind} ${k.reason ?? ''}`).join('; ')}`);
    sim.sim.clearLog();
    for (let i = 0; i < steadyPolls; i++) {
      const got = await poll.poll(signal);
      if (!got.ok) throw new Error(`mixed poll failed: ${got.error.message}`);
    }
    const log = sim.sim.callLog();
    const graph = log.filter((c) => c.route.startsWith('graph.')).length;
    ctx.log(`${bench} mixed: first poll ${firstCalls} calls for ${first.value.length} items (3 kinds); ${steadyPolls} steady polls ${log.length} calls (${graph} Graph)`);
    return [
      { bench, name: `calls per quiet poll, all three kinds on (mixed, ${first.value.length} items)`, value: log.length / steadyPolls, unit: 'calls', goal: { op: '=', target: 3 }, note: `1 ARM + 2 Graph lists; mean of ${steadyPolls} polls` },
      { bench, name: 'calls on the first poll, all three kinds (mixed)', value: firstCalls, unit: 'calls', goal: { op: '<=', target: 3 + first.value.length + 2 }, note: '3 lists + one approval GET per pending approval' },
    ];
  } finally {
    await sim.close();
  }
}

export const pollCost: Benchmark = {
  name: bench,
  async run(ctx) {
    return [...(await measure(ctx, 'quiet')), ...(await measure(ctx, 'busy')), ...(await measureKinds(ctx))];
  },
};
