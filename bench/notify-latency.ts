/**
 * Request created → notification raised, on one VirtualClock: the real poller (60 s
 * interval ± 10 % jitter) polling the simulator through the real ARM client, each poll's
 * diff fed to the real notification center with an in-memory notifier. Requests arrive at
 * seeded random times; another approver decides each one after it was notified, so the
 * queue stays the size a real one has. Measures virtual time, so a noisy machine does not
 * move the figures.
 */
import { VirtualClock } from '../main/core/clock';
import { azureResourceService } from '../main/core/services/azure-resource';
import { createPoller } from '../main/core/poller/poller';
import { defaultPollSchedulePolicy } from '../main/core/poller/schedule';
import { benchNotificationCenter, median, percentile, seeded, WIDE_READS, type Benchmark } from './common';
import { simWorld } from './sim-world';
import { drivePoller } from '../test/kit/virtual-time';

const bench = 'notify-latency';
const MIN = 60_000;

export const notifyLatency: Benchmark = {
  name: bench,
  async run(ctx) {
    const requests = ctx.quick ? 50 : 1000;
    const intervalMs = defaultPollSchedulePolicy.intervalMs;
    // About one arrival per interval: bursts still happen (Poisson-like), summaries included.
    const horizon = requests * MIN;
    const clock = new VirtualClock();
    const world = await simWorld({ scenario: 'quiet', clock, knobs: WIDE_READS, client: { retry: { maxAttempts: 1 }, timeoutMs: 5_000 } });
    const { sim, arm } = world;
    const poller = createPoller({ clock, poll: azureResourceService(arm).waiting({ accountId: 'bench', principalId: null }), random: seeded(11) });
    const { notifier, center } = benchNotificationCenter(() => clock.now());

    const createdAt = new Map<string, number>();
    const delays: number[] = [];
    let failedPolls = 0;
    let suppressed = 0;
    /** Virtual time of each poll that found newcomers → how many it found. */
    const discoveries = new Map<number, number>();
    poller.onPoll((e) => {
      if (!e.ok) {
        failedPolls++;
        return;
      }
      const plan = center.update({ added: e.diff.added, removed: e.diff.removed });
      suppressed += plan.suppressed;
      if (e.diff.added.length > 0) discoveries.set(e.at, (discoveries.get(e.at) ?? 0) + e.diff.added.length);
      const onScreen = new Set(plan.show.flatMap((spec) => plan.shown.get(spec.id) ?? []));
      for (const item of e.diff.added) {
        const at = createdAt.get(item.requestName);
        if (at === undefined || !onScreen.has(item.id)) continue;
        delays.push(e.at - at);
        createdAt.delete(item.requestName);
        // Someone decides it, as happens to real requests, so the list stays realistic.
        sim.sim.decideAs('approver2', item.id, 'Approve', 'bench');
      }
    });

    const { settle, runUntil } = drivePoller(poller, clock);

    try {
      const rnd = seeded(42);
      const times = Array.from({ length: requests }, () => Math.floor(rnd() * horizon)).sort((a, b) => a - b);
      const t0 = clock.now();
      poller.start();
      await settle();
      sim.sim.clearLog();
      for (const t of times) {
        await runUntil(t0 + t);
        const { requestId } = sim.sim.createRequest({ requester: 'requester', approvers: ['me', 'approver2'] });
        createdAt.set(requestId, clock.now());
      }
      await runUntil(clock.now() + 3 * intervalMs);
      const log = sim.sim.callLog();
      const calls = log.length;
      const polls = log.filter((c) => c.route === 'listScheduleRequests').length;
      // The clock stands still during a poll (no simulated latency), so a poll's calls share its time.
      const discoveryCalls = log.filter((c) => discoveries.has(c.at)).length;
      const discovered = [...discoveries.values()].reduce((a, b) => a + b, 0);
      ctx.log(`${bench}: ${delays.length}/${requests} notified, ${polls} polls (${failedPolls} failed), ${calls} ARM calls, ${suppressed} suppressed`);
      const note = `${requests} requests, ${intervalMs / 1000} s interval ±10 %, virtual clock`;
      return [
        { bench, name: 'request → notification, median', value: median(delays) / 1000, unit: 's', goal: { op: '<=', target: intervalMs / 2 / 1000 }, note },
        { bench, name: 'request → notification, p95', value: percentile(delays, 95) / 1000, unit: 's', goal: { op: '<=', target: (intervalMs * 1.1) / 1000 }, note: 'goal: interval + jitter' },
        { bench, name: 'requests never notified', value: requests - delays.length, unit: '', goal: { op: '=', target: 0 } },
        {
          bench,
          name: 'ARM calls per new request, polls that found some',
          value: discoveryCalls / Math.max(1, discovered),
          unit: 'calls',
          goal: { op: '<=', target: 2 },
          note: `${discoveries.size} of ${polls} polls`,
        },
      ];
    } finally {
      await poller.stop();
      center.dispose();
      await notifier.dispose();
      await world.close();
    }
  },
};
