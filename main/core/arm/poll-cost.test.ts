/**
 * What one poll costs in ARM calls, measured with the simulator's call log: a first poll is
 * one list plus one approval GET per new request (or, above a handful of newcomers, one
 * approvals-list call for all of them); a steady-state poll is exactly one call.
 * Prints the figures so they can be quoted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { createArmClient } from './client';
import { pollOnce } from '../queue/poll-once';
import type { Approval } from './types';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function measure(scenario: 'quiet' | 'busy') {
  // At the simulator's default (ARM's) read limits: a first poll must not need more.
  const s = await startSimulator({ scenario });
  running.push(s);
  const arm = createArmClient({ endpoint: s.url, getToken: async () => s.tokens.me });
  const seen = new Set<string>();
  const ctx = { accountId: 'acct', now: Date.now(), approvals: new Map<string, Approval>() };

  s.sim.clearLog();
  const first = await pollOnce(arm, seen, ctx);
  if (!first.ok) throw new Error(first.error.message);
  const firstCalls = s.sim.callLog();
  const lists = firstCalls.filter((c) => c.route === 'listScheduleRequests').length;
  const gets = firstCalls.filter((c) => c.route === 'getApproval').length;
  const bulk = firstCalls.filter((c) => c.route === 'listApprovals').length;

  s.sim.clearLog();
  const steady = await pollOnce(arm, seen, ctx);
  if (!steady.ok) throw new Error(steady.error.message);
  const steadyCalls = s.sim.callLog();

  // A new request arrives: the next poll fetches exactly its approval.
  s.sim.createRequest({ requester: 'requester', approvers: ['me'] });
  s.sim.clearLog();
  const afterNew = await pollOnce(arm, seen, ctx);
  if (!afterNew.ok) throw new Error(afterNew.error.message);
  const afterNewCalls = s.sim.callLog();

  console.log(
    `[poll-cost] ${scenario}: first poll ${firstCalls.length} calls (${lists} list + ${bulk} approvals list + ${gets} approval GETs, ${first.value.length} items); ` +
      `steady-state poll ${steadyCalls.length} call(s); poll after one new request ${afterNewCalls.length} calls`,
  );
  return { first: first.value, firstCalls, lists, gets, bulk, steady: steady.value, steadyCalls, afterNew: afterNew.value, afterNewCalls };
}

describe('poll cost', () => {
  it('quiet: first poll = 1 list + 1 GET per new request; steady state = 1 call', async () => {
    const m = await measure('quiet');
    const pending = new Set(m.first.map((i) => i.approvalId)).size;
    expect(m.lists).toBe(1);
    expect(m.gets).toBeGreaterThanOrEqual(pending);
    expect(m.firstCalls).toHaveLength(1 + m.gets);
    expect(m.steadyCalls.map((c) => c.route)).toEqual(['listScheduleRequests']);
    expect(m.steady).toEqual(m.first);
    expect(m.afterNewCalls.map((c) => c.route)).toEqual(['listScheduleRequests', 'getApproval']);
    expect(m.afterNew).toHaveLength(m.first.length + 1);
  });

  it('busy (1,000 requests): first poll = 1 list + 1 approvals list; steady state = 1 call', async () => {
    const m = await measure('busy');
    expect(m.first.length).toBeGreaterThanOrEqual(1000);
    expect(m.lists).toBe(1);
    expect(m.bulk).toBe(1);
    expect(m.gets).toBe(0);
    expect(m.firstCalls.filter((c) => c.status === 429)).toEqual([]);
    expect(m.steadyCalls).toHaveLength(1);
    expect(m.steadyCalls[0]?.route).toBe('listScheduleRequests');
    expect(m.steady).toEqual(m.first);
  });
});

describe('poll cost, serial multi-stage approvals', () => {
  it('a request waiting on another approver\'s stage is re-read until my stage opens', async () => {
    const s = await startSimulator({ scenario: 'multistage' });
    running.push(s);
    const arm = createArmClient({ endpoint: s.url, getToken: async () => s.tokens.me });
    const seen = new Set<string>();
    const ctx = { accountId: 'acct', now: Date.now(), approvals: new Map<string, Approval>() };
    const first = await pollOnce(arm, seen, ctx);
    if (!first.ok) throw new Error(first.error.message);
    const waiting = [...ctx.approvals.values()].find((a) => a.stages[0]?.status === 'InProgress' && !a.stages[0].assignedToMe && a.stages[1]?.assignedToMe);
    if (!waiting) throw new Error('multistage scenario has no approval waiting on another approver first');
    expect(first.value.map((i) => i.approvalId)).not.toContain(waiting.id);

    s.sim.decideAs('approver2', waiting.stages[0]?.id ?? '', 'Approve', 'ok');
    s.sim.clearLog();
    const second = await pollOnce(arm, seen, ctx);
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.find((i) => i.approvalId === waiting.id)?.stage).toMatchObject({ index: 2, count: 2 });
    const rereads = s.sim.callLog().filter((c) => c.route === 'getApproval').length;
    console.log(`[poll-cost] multistage: poll with ${rereads} approval(s) waiting on others = ${s.sim.callLog().length} calls`);
  });
});
