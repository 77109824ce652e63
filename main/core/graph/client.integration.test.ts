/**
 * The real Graph client against the PIM simulator's Graph listener on loopback: both kinds
 * listed and paged, decided (204), first approver wins (409), expiry, self-approval,
 * missing consent (403), throttling, an ARM token refused, and a foreign @odata.nextLink
 * that a second loopback server proves was never followed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Knobs } from '../../demo/simulator';
import { startLoopback, sendJson } from '../../../test/kit/loopback-server';
import { createGraphClient } from './client';
import { buildGraphQueue } from '../queue/graph-item';
import type { Approval } from '../arm/types';
import type { GraphKind } from './types';
import type { FetchLike } from '../net/http';

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sim(knobs: Partial<Knobs> = {}, options: { token?: string; fetch?: FetchLike } = {}) {
  const s = await startSimulator({ scenario: 'mixed', knobs });
  running.push(s);
  const me = s.principals.me?.id ?? null;
  const graph = createGraphClient({
    endpoint: s.graphUrl,
    getToken: async () => options.token ?? (s.graphTokens.me as string),
    retry: { maxAttempts: 1 },
    principalId: async () => me,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { s, graph, me };
}

async function queueOf(graph: ReturnType<typeof createGraphClient>, kind: GraphKind, me: string | null) {
  const listed = await graph.listPending(kind);
  if (!listed.ok) throw new Error(listed.error.message);
  const approvals = new Map<string, Approval>();
  for (const r of listed.value) {
    if (!r.approvalId) continue;
    const got = await graph.getApproval(kind, r.approvalId);
    if (got.ok) approvals.set(r.approvalId, got.value);
  }
  return buildGraphQueue(listed.value, approvals, { accountId: 'acct', now: Date.now(), principalId: me });
}

async function firstActionable(graph: ReturnType<typeof createGraphClient>, kind: GraphKind, me: string | null) {
  const item = (await queueOf(graph, kind, me)).find((i) => i.actionable);
  if (!item) throw new Error(`no actionable ${kind} item`);
  return item;
}

describe('Graph client on the simulator', () => {
  it('lists Entra ID role and group requests with their names, paging through @odata.nextLink', async () => {
    const { s, graph, me } = await sim({ pageSize: 1 });
    const entra = await queueOf(graph, 'entraRole', me);
    const groups = await queueOf(graph, 'group', me);
    expect(entra.length).toBeGreaterThanOrEqual(2);
    expect(entra.some((i) => i.role.displayName === 'Global Administrator' && i.scope.displayName === 'Directory' && i.kind === 'entraRole')).toBe(true);
    expect(groups.map((i) => i.access).sort()).toEqual(['member', 'owner']);
    expect(groups.every((i) => i.kind === 'group' && i.scope.type === 'group' && i.role.displayName !== '')).toBe(true);
    // pageSize 1: every list page after the first came through a nextLink on the Graph origin.
    const lists = s.sim.callLog().filter((c) => c.route === 'graph.listEntraRequests');
    expect(lists.length).toBeGreaterThan(1);
    // My own Entra request is shown read-only, never actionable.
    expect(entra.some((i) => i.readOnly === 'own-request' && !i.actionable)).toBe(true);
  });

  it.each(['entraRole', 'group'] as const)('decides a %s stage: GET, PATCH (204), GET to confirm', async (kind) => {
    const { s, graph, me } = await sim();
    const item = await firstActionable(graph, kind, me);
    s.sim.clearLog();
    const result = await graph.decide(item.id, 'Approve', 'checked the change ticket');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'done', stage: { reviewResult: 'Approve' } } });
    expect(s.sim.callLog().map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'PATCH 204', 'GET 200']);
    expect(s.sim.appliedDecisions()).toHaveLength(1);
    // Deciding again changes nothing and sends no second write.
    s.sim.clearLog();
    expect(await graph.decide(item.id, 'Approve', 'checked the change ticket')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(s.sim.callLog().filter((c) => c.method === 'PATCH')).toHaveLength(0);
    expect(s.sim.appliedDecisions()).toHaveLength(1);
  });

  it('reports a conflict when another approver wins between our read and our write (409)', async () => {
    let race: (() => void) | null = null;
    const racing: FetchLike = async (input, init) => {
      if (init.method === 'PATCH' && race) {
        race();
        race = null;
      }
      return fetch(input, init);
    };
    const { s, graph, me } = await sim({}, { fetch: racing });
    const item = await firstActionable(graph, 'entraRole', me);
    const stageGuid = item.id.split('/').pop() as string;
    race = () => s.sim.decideAs('approver2', stageGuid, 'Deny', 'not during the freeze');
    s.sim.clearLog();
    const result = await graph.decide(item.id, 'Approve', 'looks fine');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'conflict', stage: { reviewResult: 'Deny' } } });
    expect(s.sim.callLog().find((c) => c.method === 'PATCH')?.status).toBe(409);
    expect(s.sim.appliedDecisions().map((d) => d.by)).toEqual(['approver2']);
  });

  it('reports expiry once the 24-hour window has passed', async () => {
    const { s, graph, me } = await sim();
    const item = await firstActionable(graph, 'group', me);
    await s.sim.advance(25 * 60 * 60 * 1000);
    const result = await graph.decide(item.id, 'Approve', 'too late');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'expired' } });
    expect(s.sim.appliedDecisions()).toHaveLength(0);
  });

  it('turns a missing consent into a 403 for that kind only', async () => {
    const { s, graph } = await sim({ graphConsent: { entraRole: false, group: true } });
    const entra = await graph.listPending('entraRole');
    expect(entra.ok).toBe(false);
    if (!entra.ok) {
      expect(entra.error).toMatchObject({ status: 403, code: 'PermissionScopeNotGranted' });
      expect(entra.error.message).toContain('RoleAssignmentSchedule.ReadWrite.Directory');
      expect(entra.error.meta?.requestId).toBeTruthy();
    }
    const groups = await graph.listPending('group');
    expect(groups.ok && groups.value.length).toBeGreaterThan(0);
    expect(s.sim.callLog().some((c) => c.route === 'graph.listGroupRequests' && c.status === 200)).toBe(true);
  });

  it('refuses an ARM token (another audience) with 401, as Graph does', async () => {
    const s0 = await startSimulator({ scenario: 'mixed' });
    running.push(s0);
    const graph = createGraphClient({ endpoint: s0.graphUrl, getToken: async () => s0.tokens.me, retry: { maxAttempts: 1 } });
    const listed = await graph.listPending('entraRole');
    expect(listed.ok ? 'ok' : listed.error.kind).toBe('unauthorized');
  });

  it('carries Retry-After from a throttled Graph call', async () => {
    const { graph } = await sim({ graphBucket: { burst: 1, perSecond: 0.01 } });
    await graph.listPending('entraRole');
    const throttled = await graph.listPending('group');
    expect(throttled.ok).toBe(false);
    if (!throttled.ok) {
      expect(throttled.error.kind).toBe('throttled');
      expect(throttled.error.retryAfterMs).toBeGreaterThan(0);
    }
  });

  it('never follows an @odata.nextLink to another origin, and says so', async () => {
    const elsewhere = await startLoopback((_hit, res) => sendJson(res, 200, { value: [] }));
    running.push(elsewhere);
    const { graph } = await sim({ pageSize: 1, nextLinkOrigin: elsewhere.url });
    const listed = await graph.listPending('entraRole');
    expect(listed.ok ? 'ok' : listed.error.kind).toBe('foreign-link');
    if (!listed.ok) expect(listed.error.message).toBe('Microsoft Graph sent a next-page link to another host; not followed.');
    expect(elsewhere.hits).toEqual([]);
  });

  it('refuses to decide a path it did not read, before any call', async () => {
    const { s, graph } = await sim();
    s.sim.clearLog();
    const refused = await graph.decide('/providers/Microsoft.Authorization/roleAssignmentApprovals/a/stages/b', 'Approve', 'x');
    expect(refused.ok).toBe(false);
    expect(s.sim.callLog()).toEqual([]);
  });

  it.each(['entraRole', 'group'] as const)("lists my own %s requests of every status (on='principal'), none of those I only approve", async (kind) => {
    const { s, graph, me } = await sim();
    const mine = s.sim.createRequest({ kind, requester: 'me', approvers: ['approver2'] });
    const theirs = s.sim.createRequest({ kind, requester: 'approver2', approvers: ['me'] });
    s.sim.decideAs('approver2', mine.stageIds[0] as string, 'Deny', 'not now');
    const listed = await graph.listMine(kind);
    if (!listed.ok) throw new Error(listed.error.message);
    const ids = listed.value.map((r) => r.id);
    expect(ids).toContain(mine.requestId);
    expect(ids).not.toContain(theirs.requestId);
    expect(listed.value.find((r) => r.id === mine.requestId)?.status).not.toBe('PendingApproval');
    expect(listed.value.every((r) => r.principal?.id === me)).toBe(true);
  });
});
