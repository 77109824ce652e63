/**
 * The Graph client against a scripted loopback server, for answers the simulator does not
 * give on purpose: malformed JSON, 5xx (reads retried, writes never), a dropped connection,
 * request ids from Graph's own headers, and unknown status values kept as text.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopback, type Hit, type LoopbackServer } from '../../../test/kit/loopback-server';
import { createGraphClient } from './client';
import type { Clock } from '../clock';
import { stagePath } from './urls';

type Script = (hit: Hit, res: Parameters<Parameters<typeof startLoopback>[0]>[1], index: number) => void;
let script: Script = (_hit, res) => sendJson(res, 404, { error: { code: 'NotScripted', message: 'no script' } });
let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback((hit, res, i) => script(hit, res, i));
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.hits.length = 0;
});

/** Sleeps return at once and move this clock on: the decide flow's confirm backoff costs no real time. */
function steppingClock(): Clock & { sleeps: number[] } {
  let t = Date.UTC(2026, 0, 5, 9);
  const sleeps: number[] = [];
  return { sleeps, now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) };
}
let clock = steppingClock();
afterEach(() => {
  clock = steppingClock();
});
const client = () =>
  createGraphClient({ endpoint: server.url, getToken: async () => 'graph-token', clock, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, principalId: async () => 'me-1' });
const STEP = stagePath('entraRole', 'a1', 's1');
const openStep = { id: 's1', status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true, reviewedBy: null, reviewedDateTime: null, justification: null };

describe('Graph client on bad answers', () => {
  it('reports malformed JSON as a parse error naming Microsoft Graph', async () => {
    script = (_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'rid-1' });
      res.end('{"value": [');
    };
    const listed = await client().listPending('entraRole');
    expect(listed.ok).toBe(false);
    if (!listed.ok) {
      expect(listed.error).toMatchObject({ kind: 'parse', message: 'Microsoft Graph sent malformed JSON (HTTP 200).' });
      expect(listed.error.meta?.requestId).toBe('rid-1');
    }
  });

  it('retries a read after a 503 and keeps Graph request ids; sends its client-request-id', async () => {
    script = (_hit, res, i) =>
      i === 0
        ? sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'try later', innerError: {} } }, { 'Retry-After': '0' })
        : sendJson(res, 200, { value: [] }, { 'request-id': 'rid-2' });
    const listed = await client().listPending('group');
    expect(listed).toMatchObject({ ok: true, value: [], meta: { requestId: 'rid-2' } });
    expect(server.hits).toHaveLength(2);
    expect(server.hits[1]?.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.hits[1]?.headers.authorization).toBe('Bearer graph-token');
  });

  it('never retries a write: a 500 on PATCH is read back with backoff on the client\'s clock, then reported as maybe in flight', async () => {
    script = (hit, res) => (hit.method === 'PATCH' ? sendJson(res, 500, { error: { code: 'InternalServerError', message: 'boom' } }) : sendJson(res, 200, openStep));
    const decided = await client().decide(STEP, 'Approve', 'fine');
    expect(decided).toMatchObject({ ok: false, error: { kind: 'http', status: 500, code: 'InternalServerError', writeMayBeInFlight: true } });
    expect(server.hits.map((h) => h.method)).toEqual(['GET', 'PATCH', 'GET', 'GET', 'GET', 'GET', 'GET']);
    expect(clock.sleeps).toEqual([500, 1_000, 2_000, 4_000]);
    expect(JSON.parse(server.hits[1]?.body ?? '{}')).toEqual({ reviewResult: 'Approve', justification: 'fine' });
  });

  it('takes its confirm pauses from the client options', async () => {
    script = (hit, res) => (hit.method === 'PATCH' ? sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } }) : sendJson(res, 200, openStep));
    const graph = createGraphClient({ endpoint: server.url, getToken: async () => 'graph-token', clock, retry: { maxAttempts: 1 }, principalId: async () => 'me-1', confirmDelaysMs: [7] });
    expect(await graph.decide(STEP, 'Approve', 'fine')).toMatchObject({ ok: false, error: { status: 503, writeMayBeInFlight: true } });
    expect(clock.sleeps).toEqual([7]);
    expect(server.hits.filter((h) => h.method === 'PATCH')).toHaveLength(1);
  });

  it('passes the fence to the flow: beforeWrite false → no PATCH', async () => {
    script = (_hit, res) => sendJson(res, 200, openStep);
    expect(await client().decide(STEP, 'Approve', 'fine', undefined, { beforeWrite: async () => false })).toMatchObject({ ok: false, error: { kind: 'fenced' } });
    expect(server.hits.map((h) => h.method)).toEqual(['GET']);
  });

  it('reports a dropped connection as a network error', async () => {
    const dropping = await startLoopback((_hit, res) => res.socket?.destroy());
    try {
      const graph = createGraphClient({ endpoint: dropping.url, getToken: async () => 't', retry: { maxAttempts: 1 } });
      const listed = await graph.listPending('entraRole');
      expect(listed.ok ? 'ok' : listed.error.kind).toBe('network');
      if (!listed.ok) expect(listed.error.message).toMatch(/^Could not reach Microsoft Graph/);
    } finally {
      await dropping.close();
    }
  });

  it('keeps an unknown stage status and result as text (the queue only offers InProgress stages)', async () => {
    script = (_hit, res) => sendJson(res, 200, { ...openStep, status: 'PendingSomethingNew', reviewResult: 'FutureResult' });
    const stage = await client().getStage(STEP);
    expect(stage).toMatchObject({ ok: true, value: { status: 'PendingSomethingNew', reviewResult: 'FutureResult' } });
  });
});

describe('Graph client: my own requests and who I am', () => {
  const mineItem = {
    id: 'req-mine-1',
    status: 'Granted',
    action: 'selfActivate',
    principalId: 'me-1',
    approvalId: null,
    createdDateTime: '2026-01-05T08:00:00Z',
    principal: { id: 'me-1', displayName: 'Ada Lovelace', userPrincipalName: 'ada@example.com' },
    roleDefinition: { id: 'role-1', displayName: 'Global Reader' },
  };

  it.each([
    ['entraRole', "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='principal')"],
    ['group', "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='principal')"],
  ] as const)('lists my %s requests of every status with filterByCurrentUser(on=principal)', async (kind, path) => {
    script = (_hit, res) => sendJson(res, 200, { value: [mineItem] });
    const listed = await client().listMine(kind);
    expect(listed).toMatchObject({ ok: true, value: [{ id: 'req-mine-1', status: 'Granted', kind }] });
    expect(server.hits).toHaveLength(1);
    const url = new URL(server.hits[0]?.path ?? '', server.url);
    expect(decodeURIComponent(url.pathname)).toBe(path);
    // Every status: no $filter on status, unlike the approver list.
    expect(url.searchParams.get('$filter')).toBeNull();
  });

  it('names the signed-in user from the token claims without a call', async () => {
    const payload = Buffer.from(JSON.stringify({ oid: 'oid-from-claims', tid: 't1' })).toString('base64url');
    const withClaims = createGraphClient({ endpoint: server.url, getToken: async () => `h.${payload}.s`, clock });
    expect(await withClaims.currentPrincipal('entraRole')).toEqual({ ok: true, id: 'oid-from-claims', from: 'token' });
    expect(server.hits).toEqual([]);
  });

  it('asks GET /me when the token does not say (opaque), and reports its refusal as an error', async () => {
    script = (_hit, res) => sendJson(res, 200, { id: 'oid-from-me', displayName: 'Ada' });
    expect(await client().currentPrincipal('group')).toEqual({ ok: true, id: 'oid-from-me', from: 'me' });
    expect(server.hits.map((h) => h.path)).toEqual(['/v1.0/me?$select=id']);
    expect(server.hits[0]?.headers.authorization).toBe('Bearer graph-token');
    script = (_hit, res) => sendJson(res, 403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } });
    expect(await client().currentPrincipal('group')).toMatchObject({ ok: false, error: { status: 403, code: 'Authorization_RequestDenied' } });
  });
});
