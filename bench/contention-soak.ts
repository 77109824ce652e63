/**
 * Contention soak (issue 15, "Exactly once, as the user was told"): the app core (its own
 * process, contention-app-child.ts) and two lanes of real CLI processes decide the same
 * stages in one shared outbox directory, as one person on one machine would — each stage by
 * two or three of them, some with the same verb, some with the opposite one — while a
 * seeded schedule SIGSTOPs processes (2–35 s, so some outlive the drain lock's 30 s
 * staleness) and SIGKILLs them (the app is restarted; a CLI lane moves on). A final
 * `pim-approvals sync` sends what is left. Then the simulator's oracle, its call log and
 * the journal judge (contention-verdict.ts): decisions lost, stages written more than once
 * (every write call, accepted or not), stages applied with another verb than the first
 * recorded one, and surface words the outcome contradicts. All four must be 0.
 *
 * Every process calls ARM and Graph through gates of its own (contention-gate.ts), so a
 * strike planned "mid-send" lands exactly between its read of a stage and its write.
 *
 * Env: CONTENTION_SEED (default fixed, printed) replays a run's plan and chaos schedule;
 * CONTENTION_CAP_S stretches the deciding phase (default 165 s) beyond the run's time budget.
 * A stopped CLI is left stopped while its lane starts the next one (a terminal put aside),
 * so stops cost the run no time; the app child, when stopped, answers once continued.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../main/core/clock';
import { openOutbox, type OutboxEntry } from '../main/core/outbox';
import { fullStageId } from '../test/kit/sim-fixture';
import { createArmClient } from '../main/core/arm/client';
import { createGraphClient } from '../main/core/graph/client';
import { GRAPH_KINDS } from '../main/core/graph/types';
import { graphPollOnce } from '../main/core/queue/graph-poll-once';
import { pollOnce } from '../main/core/queue/poll-once';
import { seededRng } from '../main/core/random';
import { startSimulator, type RunningSimulator } from '../main/demo/simulator';
import { median, percentile, type BenchContext, type Benchmark } from './common';
import { planChaos, planDecisions, turnsOf, type Decider, type PlannedDecision } from './contention-plan';
import { signal, startAppChild, startCli, type AppChild } from './contention-procs';
import { chaosRunner, type Lane } from './contention-chaos';
import { startGate, type Gate } from './contention-gate';
import { appClaim, cliClaim, scoreContention, stageKeyOf, stageTruths, type SurfaceReport } from './contention-verdict';
import type { Figure } from './table';

const bench = 'contention-soak';
const DEFAULT_SEED = 20261203;

interface Sizes {
  stages: number;
  /** No CLI is started after this (ms into the deciding phase): keeps the run bounded. */
  decideCapMs: number;
  chaos: Parameters<typeof planChaos>[1];
  drainWaitMs: number;
}

const FULL: Sizes = {
  stages: 200,
  decideCapMs: 165_000,
  chaos: { startMs: 4_000, windowMs: 135_000, stops: 8, kills: 8, holdMinMs: 2_000, holdMaxMs: 35_000, longHoldMs: 33_000, longStops: 4, staleMs: 30_000 },
  drainWaitMs: 60_000,
};
/** The smoke for `npm test`: a handful of stages, one short stop and one kill, no thresholds. */
const QUICK: Sizes = {
  stages: 4,
  decideCapMs: 15_000,
  chaos: { startMs: 1_000, windowMs: 4_000, stops: 1, kills: 1, holdMinMs: 1_000, holdMaxMs: 2_000, longHoldMs: 2_000, longStops: 0, staleMs: 30_000 },
  drainWaitMs: 15_000,
};

interface Stage {
  /** The id the app's queue and a CLI use: full ARM stage id or Graph stage path. */
  stageId: string;
  requestId: string;
  kind: 'azureResource' | 'entraRole' | 'group';
}

const KINDS: Stage['kind'][] = ['azureResource', 'azureResource', 'azureResource', 'entraRole', 'group'];

/**
 * Creates the requests, then reads their stage ids the way the product does — one poll of
 * every kind with the real ARM and Graph clients — so a CLI and the app are handed the id
 * Azure (here: the simulator) names, whatever shape that has.
 */
async function createStages(sim: RunningSimulator, n: number): Promise<Stage[]> {
  const made = Array.from({ length: n }, (_, i) => {
    const kind = KINDS[i % KINDS.length] as Stage['kind'];
    const r = sim.sim.createRequest({ kind, requester: 'requester', approvers: ['me'] });
    const stage = r.stageIds[0];
    if (!stage) throw new Error('the simulator created a request without a stage');
    return { kind, requestId: r.requestId, key: stage.toLowerCase() };
  });
  const me = sim.principals['me'];
  const ctx = { accountId: 'bench', now: Date.now(), principalId: me?.id ?? null };
  const arm = createArmClient({ endpoint: sim.url, getToken: async () => sim.tokens.me });
  const graph = createGraphClient({ endpoint: sim.graphUrl, getToken: async () => sim.graphTokens.me, principalId: async () => me?.id ?? null });
  const polls = [await pollOnce(arm, new Set(), { ...ctx, approvals: new Map() })];
  for (const kind of GRAPH_KINDS) polls.push(await graphPollOnce(graph, kind, new Set(), { ...ctx, approvals: new Map() }));
  const ids = new Map<string, string>();
  for (const poll of polls) {
    if (!poll.ok) throw new Error(`polling the soak's requests failed: ${poll.error.message}`);
    for (const item of poll.value) ids.set(stageKeyOf(item.id), item.id);
  }
  return made.map(({ kind, requestId, key }) => {
    const stageId = ids.get(key);
    if (!stageId) throw new Error(`the ${kind} request ${requestId} is not in the queue`);
    return { kind, requestId, stageId };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cliEnv(sim: RunningSimulator, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PIM_DATA_DIR: dataDir,
    ARM_ACCESS_TOKEN: sim.tokens.me,
    GRAPH_ACCESS_TOKEN: sim.graphTokens.me,
    PIM_NO_BROWSER: '1',
    NO_COLOR: '1',
  };
}
const endpoints = (sim: RunningSimulator) => ['--arm-endpoint', sim.url, '--graph-endpoint', sim.graphUrl];

async function readJournal(dataDir: string): Promise<OutboxEntry[]> {
  // A read-only look: no route, no autoSync, so this handle never sends anything.
  const outbox = await openOutbox({ dir: path.join(dataDir, 'outbox'), api: () => null, clock: systemClock, undoMs: 0 });
  try {
    return outbox.list();
  } finally {
    await outbox.close();
  }
}

/**
 * The account the CLI files `me`'s decisions under, learned from the CLI itself: one
 * decision in a scratch data dir, then its journal entry's account. The app child uses the
 * same account, as the brief of the soak requires.
 */
async function cliAccountOf(sim: RunningSimulator): Promise<string> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'bench-contention-probe-'));
  try {
    const r = sim.sim.createRequest({ requester: 'requester', approvers: ['me'] });
    const run = startCli(['approve', fullStageId(r.approvalId, r.stageIds[0] ?? ''), '--justification', 'probe', ...endpoints(sim)], cliEnv(sim, scratch));
    const done = await run.done;
    const entry = (await readJournal(scratch))[0];
    if (!entry) throw new Error(`the probe decision left no journal entry (exit ${done.code}): ${done.err.trim().slice(0, 300)}`);
    return entry.accountId;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The ARM and Graph gates one process calls through, and the CLI's endpoint flags for them. */
async function openGates(sim: RunningSimulator): Promise<{ gates: Gate[]; flags: string[] }> {
  const [arm, graph] = await Promise.all([startGate(sim.url), startGate(sim.graphUrl)]);
  return { gates: [arm, graph], flags: ['--arm-endpoint', arm.url, '--graph-endpoint', graph.url] };
}
const closeGates = (gates: Gate[]) => Promise.all(gates.map((g) => g.close())).then(() => undefined);

export async function runContention(ctx: BenchContext, sizes: Sizes, seed: number): Promise<Figure[]> {
  const rng = seededRng(seed);
  const sim = await startSimulator({
    scenario: 'quiet',
    seed,
    // ARM-like latency (150 ms a call, set below): the processes overlap in their sends as they would against ARM;
    // wide buckets: this soak is about contention, not ARM's limits (drain measures those).
    knobs: { readBucket: { burst: 1e6, perSecond: 1e6 }, writeBucket: { burst: 1e6, perSecond: 1e6 }, graphBucket: { burst: 1e6, perSecond: 1e6 } },
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-contention-'));
  const pending: Promise<unknown>[] = [];
  let app: AppChild | null = null;
  try {
    const me = sim.principals['me'];
    if (!me) throw new Error('the simulator has no "me"');
    const accountId = await cliAccountOf(sim);
    const stages = await createStages(sim, sizes.stages);
    // Latency only now: the set-up poll reads 80 Graph approvals one by one.
    sim.sim.setKnobs({ latencyMs: 150 });
    sim.sim.clearLog();
    const plan = planDecisions(stages.length, rng);
    const chaos = planChaos(rng, sizes.chaos);
    ctx.log(
      `${bench}: seed ${seed}; ${stages.length} stages (${stages.filter((s) => s.kind === 'azureResource').length} ARM, ${stages.filter((s) => s.kind !== 'azureResource').length} Graph); ` +
        `${plan.length} planned decisions; account "${accountId}"; ${chaos.filter((c) => c.action === 'stop').length} stops, ${chaos.filter((c) => c.action === 'kill').length} kills planned`,
    );

    const reports: SurfaceReport[] = [];
    const cliTimes: number[] = [];
    const counts = { appRestarts: 0, cliRuns: 0, appDecisions: 0, harnessKills: 0, notIssued: 0 };
    const env = cliEnv(sim, dataDir);
    const justification = (p: PlannedDecision) => `contention soak ${p.decider} stage ${p.stage}`;

    // ---- the app core child ------------------------------------------------------------
    let appGates: Gate[] = [];
    const startApp = async () => {
      const { gates } = await openGates(sim);
      appGates = gates;
      const child = startAppChild([dataDir, gates[0]?.url ?? '', gates[1]?.url ?? '', accountId, me.id, me.displayName], env);
      await child.ready;
      return child;
    };
    app = await startApp();
    /** App decisions sent but not answered: re-sent after a restart, as a person clicks again. */
    const unanswered = new Map<number, PlannedDecision>();
    const appDecide = (n: number, p: PlannedDecision, child: AppChild) => {
      unanswered.set(n, p);
      const stage = stages[p.stage] as Stage;
      const answer = child.decide(n, stage.stageId, p.verb, justification(p)).then((outcome) => {
        if (!outcome) return; // the child died first: re-sent by the restart
        unanswered.delete(n);
        reports.push({ decider: 'app', stage: p.stage, asked: p.verb, claim: appClaim(outcome, p.verb, me.displayName) });
      });
      pending.push(answer);
    };

    // ---- the deciding phase ------------------------------------------------------------
    const t0 = performance.now();
    const elapsed = () => performance.now() - t0;
    const lanes: Lane[] = (['cliA', 'cliB'] as const).map((decider) => ({ decider, current: null, at: -Infinity, detach: null }));

    const runLane = async (lane: Lane) => {
      for (const p of turnsOf(plan, lane.decider)) {
        if (elapsed() > sizes.decideCapMs) {
          counts.notIssued++;
          continue;
        }
        lane.at = p.order;
        const stage = stages[p.stage] as Stage;
        const id = p.byRequestId ? stage.requestId : stage.stageId;
        const { gates, flags } = await openGates(sim);
        const run = startCli([p.verb === 'Approve' ? 'approve' : 'deny', id, '--justification', justification(p), '--json', ...flags], env);
        counts.cliRuns++;
        lane.current = { ...run, gates };
        // Nothing here waits for a fixed time: a run ends, or the chaos runner detaches it.
        const detached = new Promise<void>((resolve) => (lane.detach = resolve));
        const guard = setTimeout(() => {
          counts.harnessKills++;
          signal(run.proc, 'SIGKILL');
        }, 120_000);
        const reported = run.done.then(async (r) => {
          clearTimeout(guard);
          await closeGates(gates);
          if (r.signal === null) cliTimes.push(r.ms);
          reports.push({ decider: lane.decider, stage: p.stage, asked: p.verb, claim: cliClaim(r.out, r.err, r.code, p.verb, me.displayName) });
        });
        pending.push(reported);
        await Promise.race([reported, detached]);
        lane.current = null;
        lane.detach = null;
      }
      lane.at = Infinity;
    };

    const lanesAt = () => {
      const live = lanes.map((l) => l.at).filter((a) => a !== Infinity);
      return live.length === 0 ? Infinity : live.reduce((s, a) => s + a, 0) / live.length;
    };
    const runApp = async () => {
      let n = 0;
      for (const p of turnsOf(plan, 'app')) {
        // Keep pace with the CLI lanes so a stage's deciders meet within seconds of each other.
        while (lanesAt() < p.order && elapsed() <= sizes.decideCapMs) await sleep(50);
        if (elapsed() > sizes.decideCapMs) {
          counts.notIssued++;
          continue;
        }
        counts.appDecisions++;
        appDecide(n++, p, app as AppChild);
        await sleep(20);
      }
    };

    const chaosRun = chaosRunner(chaos, {
      log: (m) => ctx.log(`${bench}: ${m}`),
      elapsed,
      app: () => (app ? { proc: app.proc, gates: appGates } : null),
      lane: (d) => lanes.find((l) => l.decider === d) as Lane,
      writesSince: (stage, seq) => sim.sim.callLog().filter((c) => c.seq > seq && c.kind === 'write' && c.stageId !== undefined && stageKeyOf(c.stageId) === stage).length,
      lastSeq: () => sim.sim.callLog().at(-1)?.seq ?? 0,
      async restartApp() {
        if (!app) return;
        await app.exited;
        await closeGates(appGates);
        counts.appRestarts++;
        app = await startApp();
        // What the dead app never answered, the person decides again in the new one.
        for (const [n, p] of [...unanswered]) appDecide(n, p, app);
      },
    });

    const progress = setInterval(() => ctx.log(`${bench}: ${(elapsed() / 1000).toFixed(0)} s, ${counts.cliRuns} CLI runs, ${counts.appDecisions} app decisions, ${reports.length} answers`), 20_000);
    try {
      await Promise.all([...lanes.map(runLane), runApp(), chaosRun.run()]);
      await chaosRun.settled();
      // Every stopped process was continued: now every answer comes (app answers re-sent on restart).
      while (pending.length > 0) await Promise.all(pending.splice(0));
    } finally {
      clearInterval(progress);
    }
    const chaosCounts = chaosRun.counts;
    const decideSeconds = elapsed() / 1000;

    // ---- the end: the app drains, then a final CLI sync --------------------------------
    const drainStart = performance.now();
    let appPending = await app.pending();
    while ((appPending ?? 0) > 0 && performance.now() - drainStart < sizes.drainWaitMs) {
      await sleep(500);
      appPending = await app.pending();
    }
    await app.close(10_000);
    app = null;
    await closeGates(appGates);
    const sync = await startCli(['sync', '--json', ...endpoints(sim)], env).done;
    ctx.log(`${bench}: deciding ${decideSeconds.toFixed(1)} s; app left ${appPending ?? '?'} pending after ${((performance.now() - drainStart) / 1000).toFixed(1)} s; final sync exit ${sync.code}`);

    // ---- judging ----------------------------------------------------------------------
    const entries = await readJournal(dataDir);
    const keys = new Set(stages.map((s) => stageKeyOf(s.stageId)));
    // The account probe's decision is not one of the soak's stages.
    const applied = sim.sim.appliedDecisions().filter((a) => keys.has(stageKeyOf(a.stageId)));
    const writes = sim.sim.callLog().filter((c) => c.kind === 'write');
    const truths = stageTruths(
      stages.map((s) => s.stageId),
      entries,
      applied,
      writes,
    );
    const score = scoreContention(truths, reports);
    const answered = reports.filter((r) => r.claim.kind !== 'none').length;
    const accounts = new Set(entries.map((e) => e.accountId)).size;
    const reached = new Set(reports.map((r) => r.stage)).size;
    const kinds = (from: (d: Decider) => boolean) =>
      Object.entries(reports.filter((r) => from(r.decider)).reduce<Record<string, number>>((m, r) => ({ ...m, [r.claim.kind]: (m[r.claim.kind] ?? 0) + 1 }), {}))
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
    const silent = reports.flatMap((r) => (r.claim.kind === 'none' ? [`${r.decider === 'app' ? 'app' : 'CLI'} ${r.claim.why}`] : [])).reduce<Record<string, number>>((m, why) => ({ ...m, [why]: (m[why] ?? 0) + 1 }), {});
    ctx.log(`${bench}: CLI said: ${kinds((d) => d !== 'app')}; app said: ${kinds((d) => d === 'app')}; nothing said: ${JSON.stringify(silent)}; CLI run p50 ${(median(cliTimes) / 1000).toFixed(1)} s, p90 ${(percentile(cliTimes, 90) / 1000).toFixed(1)} s`);
    const show = (list: number[]) => list.slice(0, 8).map((i) => `#${i} ${stages[i]?.kind}`).join(', ');
    ctx.log(
      `${bench}: ${reports.length} answers (${answered} with a claim), ${entries.length} journal entries over ${accounts} account(s), ${applied.length} applied, ${writes.length} writes; ` +
        `lost ${score.lost.length} [${show(score.lost)}], multi-write ${score.multiWrite.length} [${show(score.multiWrite)}], wrong verb ${score.wrongVerb.length} [${show(score.wrongVerb)}], contradictions ${score.contradictions.length}`,
    );
    for (const c of score.contradictions.slice(0, 10)) {
      const t = truths[c.stage];
      ctx.log(`${bench}:   contradiction: ${c.decider} asked ${c.asked} on #${c.stage} (${stages[c.stage]?.kind}), said ${JSON.stringify(c.claim)}; Azure ${t?.applied ?? 'nothing'}, first recorded ${t?.firstRecorded ?? 'none'}`);
    }

    const c = chaosCounts;
    const note = `seed ${seed}; ${stages.length} stages, ${c.stops} SIGSTOPs (${c.longStops} > 30 s), ${c.kills} SIGKILLs`;
    const zero = { op: '=', target: 0 } as const;
    return [
      { bench, name: 'decisions lost', value: score.lost.length, unit: '', goal: zero, correctness: true, note },
      { bench, name: 'stages with more than one write call', value: score.multiWrite.length, unit: '', goal: zero, correctness: true, note: `${writes.length} writes for ${applied.length} applied decisions` },
      { bench, name: 'stages applied with another verb than the first recorded', value: score.wrongVerb.length, unit: '', goal: zero, correctness: true },
      { bench, name: 'surface words the recorded outcome contradicts', value: score.contradictions.length, unit: '', goal: zero, correctness: true, note: `of ${answered} answers with a claim` },
      { bench, name: 'decisions made (CLI runs + app submits)', value: counts.cliRuns + counts.appDecisions, unit: '', goal: null, note: `${counts.cliRuns} CLI, ${counts.appDecisions} app, ${counts.notIssued} not issued by the time cap, ${counts.appRestarts} app restarts` },
      // Context for the zeros above: on a loaded machine the time cap leaves later stages undecided.
      { bench, name: 'stages reached by a decider', value: reached, unit: '', goal: null, note: `of ${stages.length}` },
      {
        bench,
        name: 'SIGSTOPs / SIGKILLs',
        value: c.stops + c.kills,
        unit: '',
        goal: null,
        note: `${c.stops} stops (holds ${sizes.chaos.holdMinMs / 1000}–${sizes.chaos.holdMaxMs / 1000} s), ${c.kills} kills; ${c.midSend} at a read before the write; ${c.longMidSend} stops > 30 s there, ${c.takenOver} of them taken over by another process; ${c.skipped} skipped`,
      },
      { bench, name: 'write calls', value: writes.length, unit: '', goal: null, note: `${(decideSeconds + (performance.now() - drainStart) / 1000).toFixed(0)} s; CLI run median ${(median(cliTimes) / 1000).toFixed(2)} s` },
    ];
  } finally {
    for (const p of pending) void p.catch(() => undefined);
    if (app) await app.close(2_000).catch(() => undefined);
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export const contentionSoak: Benchmark = {
  name: bench,
  run: (ctx) => {
    const sizes = ctx.quick ? QUICK : FULL;
    // CONTENTION_CAP_S: a longer deciding phase where a quiet machine can reach every stage.
    const cap = Number(process.env['CONTENTION_CAP_S'] ?? 0) * 1000;
    return runContention(ctx, cap > 0 ? { ...sizes, decideCapMs: cap } : sizes, Number(process.env['CONTENTION_SEED'] ?? DEFAULT_SEED));
  },
};
