import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../arm/client';
import { fixtures, sendJson, startLoopback, type LoopbackServer } from '../../../test/kit/loopback-server';
import type { Approval } from '../arm/types';
import { pollOnce } from './poll-once';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const now = Date.parse('2026-01-05T12:00:00Z');

/** A fake tenant whose pending request names the test can change between polls. */
async function tenant(initial: string[], approvalStatus = 200) {
  let names = initial;
  const server = await startLoopback((hit, res) => {
    if (hit.path.includes('roleAssignmentScheduleRequests')) return sendJson(res, 200, { value: names.map((n) => fixtures.request(n)) });
    const guid = hit.path.split('?')[0]?.split('/').pop() ?? '';
    if (approvalStatus !== 200) return sendJson(res, approvalStatus, { error: { code: 'X', message: 'refused' } });
    sendJson(res, 200, { id: fixtures.approvalId(guid), name: guid, properties: { stages: [fixtures.stage(guid, `st-${guid}`)] } });
  });
  servers.push(server);
  const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', retry: { maxAttempts: 1 } });
  return { server, arm, setNames: (n: string[]) => void (names = n) };
}

describe('pollOnce', () => {
  it('fetches approvals only for unseen ids and forgets those no longer pending', async () => {
    const { server, arm, setNames } = await tenant(['r1', 'r2']);
    const seen = new Set<string>();
    const ctx = { accountId: 'a', now, approvals: new Map<string, Approval>() };
    const first = await pollOnce(arm, seen, ctx);
    expect(first.ok && first.value.map((i) => i.requestName).sort()).toEqual(['r1', 'r2']);
    expect(server.hits).toHaveLength(3);

    server.hits.length = 0;
    setNames(['r2', 'r3']);
    const second = await pollOnce(arm, seen, ctx);
    expect(second.ok && second.value.map((i) => i.requestName).sort()).toEqual(['r2', 'r3']);
    expect(server.hits.map((h) => h.path.split('?')[0]?.split('/').pop())).toEqual(['roleAssignmentScheduleRequests', 'a-r3']);
    expect([...seen].sort()).toEqual([fixtures.approvalId('a-r2'), fixtures.approvalId('a-r3')]);
    expect(ctx.approvals.size).toBe(2);
  });

  it('a 401 on an approval GET fails the poll; a 403 skips the item and retries next time', async () => {
    const unauthorized = await tenant(['r1'], 401);
    expect(await pollOnce(unauthorized.arm, new Set(), { accountId: 'a', now, approvals: new Map() })).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });

    const forbidden = await tenant(['r1'], 403);
    const seen = new Set<string>();
    const result = await pollOnce(forbidden.arm, seen, { accountId: 'a', now, approvals: new Map() });
    expect(result).toMatchObject({ ok: true, value: [] });
    expect(seen.size).toBe(0);
  });

  it('many newcomers: one approvals-list call replaces the GETs; what it misses is fetched one by one', async () => {
    const names = Array.from({ length: 15 }, (_, i) => `r${i}`);
    const server = await startLoopback((hit, res) => {
      const path = hit.path.split('?')[0] ?? '';
      if (path.endsWith('roleAssignmentScheduleRequests')) return sendJson(res, 200, { value: names.map((n) => fixtures.request(n)) });
      // The list leaves r14 out (it may lag behind); ids come back upper-cased (ARM ids are case-insensitive).
      const approval = (guid: string, id = fixtures.approvalId(guid)) => ({ id, name: guid, properties: { stages: [fixtures.stage(guid, `st-${guid}`)] } });
      if (path.endsWith('roleAssignmentApprovals')) return sendJson(res, 200, { value: names.slice(0, 14).map((n) => approval(`a-${n}`, fixtures.approvalId(`a-${n}`).toUpperCase())) });
      sendJson(res, 200, approval(path.split('/').pop() ?? ''));
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', retry: { maxAttempts: 1 } });
    const result = await pollOnce(arm, new Set(), { accountId: 'a', now, approvals: new Map() });
    expect(result.ok && result.value).toHaveLength(15);
    expect(server.hits.map((h) => h.path.split('?')[0]?.split('/').pop())).toEqual(['roleAssignmentScheduleRequests', 'roleAssignmentApprovals', 'a-r14']);
  });

  it('a throttled approvals list fails the poll so the poller waits as asked', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `r${i}`);
    const server = await startLoopback((hit, res) => {
      if (hit.path.includes('roleAssignmentScheduleRequests')) return sendJson(res, 200, { value: names.map((n) => fixtures.request(n)) });
      res.setHeader('Retry-After', '7');
      sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', retry: { maxAttempts: 1 } });
    expect(await pollOnce(arm, new Set(), { accountId: 'a', now, approvals: new Map() })).toMatchObject({ ok: false, error: { kind: 'throttled', retryAfterMs: 7000 } });
  });

  it('a failing list fails the poll', async () => {
    const server = await startLoopback((_h, res) => sendJson(res, 500, { error: { code: 'E', message: 'down' } }));
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', retry: { maxAttempts: 1 } });
    expect(await pollOnce(arm, new Set(), { accountId: 'a', now, approvals: new Map() })).toMatchObject({ ok: false, error: { kind: 'http', status: 500 } });
  });
});
