/**
 * Each service spends its own rate budget (issue 19): Graph polls take from Graph's budget,
 * one token per Graph call actually made, and a Graph decision sent by the outbox takes from
 * Graph's budget, never ARM's. Budgets that barely refill make every token taken visible.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { demoSession } from '../../demo/demo-session';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { createRateBudget } from '../outbox/rate-budget';
import { queuePoll } from '../poller/queue-poll';
import { sessionServices } from '../services/registry';
import { budgetedGraph, budgetedReads } from './budgeted-arm';
import { openOutboxDecisions } from './outbox-decisions';
import type { DecisionSink } from './app-core';

const running: RunningSimulator[] = [];
const dirs: string[] = [];
const sinks: DecisionSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close?.()));
  await Promise.all(running.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A budget that refills one token in about 17 minutes: what is taken stays taken during a test. */
const slow = (capacity: number) => createRateBudget({ capacity, refillPerSecond: 0.001, clock: systemClock });
const pair = (capacity: number) => ({ reads: slow(capacity), writes: slow(capacity) });

describe('rate budgets per service', () => {
  it('Graph polls take one Graph read per Graph call; ARM reads take from ARM only', async () => {
    const s = await startSimulator({ scenario: 'mixed' });
    running.push(s);
    const session = demoSession(s, systemClock);
    const arm = pair(500);
    const graph = pair(500);
    const poll = queuePoll({
      services: sessionServices({ api: budgetedReads(session.api, arm), graph: budgetedGraph(session.graph as NonNullable<typeof session.graph>, graph) }),
      accountId: session.account.id,
      principalId: session.principalId,
      clock: systemClock,
    });
    s.sim.clearLog();
    const result = await poll.poll(new AbortController().signal);
    expect(result.ok).toBe(true);
    const log = s.sim.callLog();
    const graphCalls = log.filter((c) => c.route.startsWith('graph.')).length;
    const armCalls = log.length - graphCalls;
    expect(graphCalls).toBeGreaterThan(1);
    expect(500 - Math.floor(graph.reads.available())).toBe(graphCalls);
    expect(500 - Math.floor(arm.reads.available())).toBe(armCalls);
  });

  it('a Graph decision sent by the outbox takes from Graph\'s budget, never from ARM\'s', async () => {
    const s = await startSimulator({ scenario: 'quiet' });
    running.push(s);
    const dir = await mkdtemp(path.join(tmpdir(), 'service-budgets-'));
    dirs.push(dir);
    const session = demoSession(s, systemClock);
    s.sim.createRequest({ kind: 'entraRole', approvers: ['me'] });
    const read = await sessionServices(session).of('entraRole')?.waiting({ accountId: session.account.id, principalId: session.principalId })(new AbortController().signal);
    const item = read?.ok ? read.value.find((i) => i.actionable) : undefined;
    if (!item) throw new Error('the simulator lists the Entra ID request just created');
    const arm = pair(50);
    const graph = pair(50);
    const sink = await openOutboxDecisions({ dir, session, clock: systemClock, undoMs: 0, budgets: { ...arm, graph } });
    sinks.push(sink);
    await sink.submit(item, 'Approve', 'Budget check');
    const end = Date.now() + 10_000;
    while (!(await sink.list()).some((e) => e.state === 'done') && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect((await sink.list()).map((e) => e.state)).toEqual(['done']);
    expect(arm.writes.available()).toBe(50);
    expect(arm.reads.available()).toBe(50);
    expect(Math.floor(graph.writes.available())).toBe(49);
    expect(graph.reads.available()).toBeLessThan(50);
  });
});
