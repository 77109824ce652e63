/**
 * The real ARM client against the PIM simulator (main/demo) on loopback: listing, joining,
 * deciding in each tenant quirk, conflicts, expiry, hostile data and throttling.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Knobs, type RunningSimulator } from '../../demo/simulator';
import { createArmClient } from './client';
import { buildQueue } from '../queue/build-queue';
import type { Approval } from './types';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sim(scenario: string, knobs: Partial<Knobs> = {}, token: 'me' | 'meMfa' = 'me') {
  const s = await startSimulator({ scenario, knobs });
  running.push(s);
  const arm = createArmClient({ endpoint: s.url, getToken: async () => s.tokens[token] as string, retry: { maxAttempts: 1 } });
  return { s, arm };
}

async function queueOf(arm: ReturnType<typeof createArmClient>, now = Date.now()) {
  const requests = await arm.listScheduleRequests('asApprover');
  if (!requests.ok) throw new Error(requests.error.message);
  const approvals = new Map<string, Approval>();
  for (const r of requests.value) {
    if (r.status !== 'PendingApproval' || !r.approvalId) continue;
    const a = await arm.getApproval(r.approvalId);
    if (a.ok) approvals.set(r.approvalId, a.value);
  }
  return buildQueue(requests.value, approvals, { accountId: 'acct', now });
}

describe('ARM client on the simulator', () => {
  it('lists the quiet queue with names, one SelfExtend read-only', async () => {
    const { arm } = await sim('quiet');
    const queue = await queueOf(arm);
    expect(queue.length).toBeGreaterThanOrEqual(3);
    expect(queue.some((i) => i.requestType === 'SelfExtend' && !i.actionable)).toBe(true);
    expect(queue.every((i) => i.role.displayName && i.requester.displayName)).toBe(true);
    const sorted = [...queue].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    expect(queue.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
  });

  it('lists the approvals seed API and my own requests', async () => {
    const { arm } = await sim('quiet');
    const approvals = await arm.listApprovals('asApprover');
    expect(approvals.ok && approvals.value.length).toBeGreaterThan(0);
    const mine = await arm.listScheduleRequests('asRequestor');
    expect(mine.ok && mine.value.length).toBeGreaterThan(0);
  });

  it.each([204, 200] as const)('approves with PUT nested when the tenant answers %i', async (patchAnswers) => {
    const { s, arm } = await sim('quiet', { patchAnswers });
    const item = (await queueOf(arm)).find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    s.sim.clearLog();
    const result = await arm.decide(item.id, 'Approve', 'checked the incident');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'done', stage: { reviewResult: 'Approve', status: 'Completed' } } });
    expect(s.sim.callLog().map((c) => c.route)).toEqual(['getStage', 'putStage', 'getStage']);
    expect(s.sim.appliedDecisions()).toHaveLength(1);
    // Idempotent: deciding again writes nothing and is still done.
    s.sim.clearLog();
    expect(await arm.decide(item.id, 'Approve', 'checked the incident')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(s.sim.callLog().filter((c) => c.kind === 'write')).toEqual([]);
  });

  it('falls back to PATCH flat on a flat-body-only tenant and remembers it', async () => {
    const { s, arm } = await sim('quiet', { flatBodyOnly: true });
    const items = (await queueOf(arm)).filter((i) => i.actionable);
    s.sim.clearLog();
    expect(await arm.decide(items[0]?.id ?? '', 'Deny', 'not during the freeze')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(s.sim.callLog().filter((c) => c.kind === 'write').map((c) => `${c.route} ${c.status}`)).toEqual(['putStage 400', 'patchStage 204']);
    s.sim.clearLog();
    expect(await arm.decide(items[1]?.id ?? '', 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(s.sim.callLog().filter((c) => c.kind === 'write').map((c) => c.route)).toEqual(['patchStage']);
    expect(arm.decideForm()).toBe('patch-flat');
  });

  it('reports conflict when another approver decided first (pre-GET, no write)', async () => {
    const { s, arm } = await sim('quiet');
    const item = (await queueOf(arm)).find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    s.sim.decideAs('approver2', item.id, 'Deny', 'no');
    s.sim.clearLog();
    const result = await arm.decide(item.id, 'Approve', 'yes');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'conflict', stage: { reviewResult: 'Deny', reviewedBy: { displayName: s.principals.approver2?.displayName } } } });
    expect(s.sim.callLog().filter((c) => c.kind === 'write')).toEqual([]);
  });

  it.each([409, 400] as const)('a late decision answered %i is a conflict', async (lateDecisionStatus) => {
    const { s, arm } = await sim('quiet', { lateDecisionStatus });
    const item = (await queueOf(arm)).find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    // Another approver wins between our pre-GET and our write: the fetch seam lets them act just before the PUT.
    let raced = false;
    const racing = createArmClient({
      endpoint: s.url,
      getToken: async () => s.tokens.me,
      fetch: (url, init) => {
        if (init.method === 'PUT' && !raced) {
          raced = true;
          s.sim.decideAs('approver2', item.id, 'Approve', 'mine');
        }
        return fetch(url, init);
      },
    });
    s.sim.clearLog();
    const result = await racing.decide(item.id, 'Deny', 'late');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'conflict', stage: { reviewResult: 'Approve' } } });
    const writes = s.sim.callLog().filter((c) => c.kind === 'write');
    expect(writes.map((c) => c.status)).toEqual([lateDecisionStatus]);
    expect(s.sim.appliedDecisions().map((d) => d.result)).toEqual(['Approve']);
  });

  it('reports expired after 25 hours', async () => {
    const { s, arm } = await sim('quiet');
    const item = (await queueOf(arm)).find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    await s.sim.advance(25 * 3600_000);
    const result = await arm.decide(item.id, 'Approve', 'too late');
    expect(result.ok && result.value.outcome).toBe('expired');
    expect(s.sim.appliedDecisions()).toEqual([]);
  });

  it('refuses self-approval with ARM\'s message', async () => {
    const { s, arm } = await sim('quiet');
    const mine = s.sim.createRequest({ requester: 'me', approvers: ['me', 'approver2'] });
    const approval = await arm.getApproval(mine.approvalId);
    const stage = approval.ok ? approval.value.stages[0] : undefined;
    if (!stage) throw new Error('no stage');
    const result = await arm.decide(stage.id, 'Approve', 'self');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/self/i);
    expect(s.sim.appliedDecisions()).toEqual([]);
  });

  it('keeps hostile names as data and unknown enum values as strings', async () => {
    const { arm } = await sim('hostile');
    const requests = await arm.listScheduleRequests('asApprover');
    expect(requests.ok).toBe(true);
    const names = requests.ok ? requests.value.map((r) => r.principal?.displayName ?? '') : [];
    expect(names.some((n) => n.includes('<script>'))).toBe(true);
    expect(names.some((n) => n.includes('\u202e'))).toBe(true);
  });

  it('pages the busy tenant (1,000 items) with same-origin nextLinks', async () => {
    const { s, arm } = await sim('busy', { pageSize: 200 });
    const requests = await arm.listScheduleRequests('asApprover');
    expect(requests.ok && requests.value.filter((r) => r.status === 'PendingApproval').length).toBeGreaterThanOrEqual(1000);
    expect(s.sim.callLog().filter((c) => c.route === 'listScheduleRequests').length).toBeGreaterThanOrEqual(5);
  });

  it('a tiny write bucket answers 429 with Retry-After; the write is not retried', async () => {
    const { s, arm } = await sim('quiet', { writeBucket: { burst: 1, perSecond: 0.01 } });
    const items = (await queueOf(arm)).filter((i) => i.actionable);
    expect(await arm.decide(items[0]?.id ?? '', 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    s.sim.clearLog();
    const second = await arm.decide(items[1]?.id ?? '', 'Approve', 'ok');
    expect(second).toMatchObject({ ok: false, error: { kind: 'throttled', status: 429 } });
    expect(!second.ok && second.error.retryAfterMs).toBeGreaterThan(0);
    expect(s.sim.callLog().filter((c) => c.kind === 'write')).toHaveLength(1);
  });

  it('a claims challenge on write comes back with claims; the MFA token passes', async () => {
    const { s, arm } = await sim('quiet', { requireClaimsOnWrite: true });
    const item = (await queueOf(arm)).find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    const challenged = await arm.decide(item.id, 'Approve', 'ok');
    expect(challenged).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401 } });
    expect(!challenged.ok && challenged.error.claims).toBeTruthy();
    const mfa = createArmClient({ endpoint: s.url, getToken: async () => s.tokens.meMfa as string });
    expect(await mfa.decide(item.id, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
  });
});
