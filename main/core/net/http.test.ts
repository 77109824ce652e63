import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { createArmClient, type ArmClientOptions } from '../arm/client';
import { fixtures, sendJson, startLoopback, type Handler, type LoopbackServer } from '../../../test/kit/loopback-server';
import type { Clock } from '../clock';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<LoopbackServer> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}

/** A clock whose sleeps return at once but are recorded, so backoff is asserted, not waited. */
function recordingClock(): Clock & { sleeps: number[] } {
  let t = Date.UTC(2026, 0, 5, 9);
  const sleeps: number[] = [];
  return { sleeps, now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) };
}

function client(server: LoopbackServer, extra: Partial<ArmClientOptions> = {}) {
  return createArmClient({ endpoint: server.url, getToken: async () => 'secret-token', clock: recordingClock(), random: () => 0.5, ...extra });
}

const stageId = fixtures.stageId('a1', 's1');
const list = (items: unknown[], nextLink?: string) => ({ value: items, ...(nextLink ? { nextLink } : {}) });

describe('ARM HTTP helper through the client', () => {
  it('sends the bearer token, a fresh client request id per call, and keeps ARM ids in meta', async () => {
    const server = await serve((_hit, res) =>
      sendJson(res, 200, fixtures.stage('a1', 's1'), { 'x-ms-request-id': 'req-1', 'x-ms-correlation-request-id': 'corr-1' }),
    );
    const arm = client(server);
    const first = await arm.getStage(stageId);
    const second = await arm.getStage(stageId);
    expect(first.ok && first.meta).toMatchObject({ status: 200, requestId: 'req-1', correlationId: 'corr-1' });
    expect(server.hits[0]?.headers.authorization).toBe('Bearer secret-token');
    const ids = server.hits.map((h) => h.headers['x-ms-client-request-id']);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(second.ok && second.meta.clientRequestId).toBe(ids[1]);
    expect(server.hits[0]?.path).toBe(`${stageId}?api-version=2021-01-01-preview`);
  });

  it('charges the meter once per attempt sent: a GET retried after a 503 is two reads, and a 429 is reported with its wait', async () => {
    let n = 0;
    const server = await serve((_hit, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } });
      if (n === 2) return sendJson(res, 200, fixtures.stage('a1', 's1'));
      return sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '7' });
    });
    const charges: string[] = [];
    const waits: (number | undefined)[] = [];
    const meter = { charge: async (op: 'read' | 'write') => void charges.push(op), throttled: (ms: number | undefined) => void waits.push(ms) };
    const arm = client(server, { retry: { maxAttempts: 2 } });
    expect((await arm.getStage(stageId, undefined, meter)).ok).toBe(true);
    expect(charges).toEqual(['read', 'read']);
    const throttled = await arm.getStage(stageId, undefined, meter);
    expect(!throttled.ok && throttled.error.kind).toBe('throttled');
    expect(charges).toEqual(['read', 'read', 'read', 'read']);
    expect(waits).toEqual([7_000, 7_000]);
    expect(server.hits).toHaveLength(4);
  });

  it('uses api-version 2020-10-01 and the asApprover filter for schedule requests', async () => {
    const server = await serve((_hit, res) => sendJson(res, 200, list([fixtures.request('r1')])));
    const result = await client(server).listScheduleRequests('asApprover');
    expect(result.ok && result.value[0]?.principal?.displayName).toBe('Ada Lovelace');
    expect(server.hits[0]?.path).toBe('/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?api-version=2020-10-01&$filter=asApprover()');
  });

  it('turns malformed JSON into a parse error', async () => {
    const server = await serve((_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"value": [');
    });
    const result = await client(server).listScheduleRequests('asApprover');
    expect(result).toMatchObject({ ok: false, error: { kind: 'parse', message: expect.stringContaining('malformed JSON') } });
  });

  it('stops reading at the size cap: a 10 MB body is too-large and nothing crashes', async () => {
    const server = await serve((_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no content-length
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 10) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const result = await client(server).listScheduleRequests('asApprover');
    expect(result).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });

  it('refuses a declared content-length over the cap before reading', async () => {
    const server = await serve((_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(6 * 1024 * 1024) });
      res.write('{');
      res.on('error', () => undefined);
      setTimeout(() => res.destroy(), 200);
    });
    const result = await client(server, { maxBodyBytes: 1024 }).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });

  it('shows ARM error messages and keeps their code (403, 404)', async () => {
    const server = await serve((hit, res) =>
      hit.path.includes('/s403')
        ? sendJson(res, 403, { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization.' } })
        : sendJson(res, 404, { error: { code: 'ResourceNotFound', message: 'The stage was not found.' } }),
    );
    const arm = client(server);
    expect(await arm.getStage(fixtures.stageId('a1', 's403'))).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization.' },
    });
    expect(await arm.getStage(fixtures.stageId('a1', 's404'))).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 404, code: 'ResourceNotFound', message: 'The stage was not found.' },
    });
  });

  it('maps 401 to unauthorized, with claims when ARM sends a claims challenge', async () => {
    const claims = 'eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoicDEifX19';
    const server = await serve((hit, res) => {
      const headers: Record<string, string> = hit.path.includes('/claims')
        ? { 'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${claims}"` }
        : { 'www-authenticate': 'Bearer error="invalid_token"' };
      sendJson(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } }, headers);
    });
    const arm = client(server);
    const plain = await arm.getStage(fixtures.stageId('a1', 'plain'));
    expect(plain).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401, message: 'The access token is invalid.' } });
    expect(!plain.ok && plain.error.claims).toBeUndefined();
    expect(await arm.getStage(fixtures.stageId('a1', 'claims'))).toMatchObject({ ok: false, error: { kind: 'unauthorized', claims } });
    expect(server.hits).toHaveLength(2); // 401 is never retried
  });

  it('a failing token source is unauthorized and sends nothing', async () => {
    const server = await serve((_hit, res) => sendJson(res, 200, {}));
    const arm = client(server, { getToken: () => Promise.reject(new Error('no cached account')) });
    expect(await arm.getStage(stageId)).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: expect.stringContaining('no cached account') } });
    expect(server.hits).toHaveLength(0);
  });

  it('retries a read after 429, waiting at least Retry-After', async () => {
    const server = await serve((_hit, res, i) =>
      i === 0 ? sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '7' }) : sendJson(res, 200, fixtures.stage('a1', 's1')),
    );
    const clock = recordingClock();
    const result = await client(server, { clock, random: () => 0 }).getStage(stageId);
    expect(result.ok).toBe(true);
    expect(server.hits).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('gives up on 429 after bounded attempts and reports throttled with retryAfterMs', async () => {
    const server = await serve((_hit, res) => sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '2' }));
    const clock = recordingClock();
    const result = await client(server, { clock, retry: { maxAttempts: 3 } }).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', retryAfterMs: 2000, status: 429 } });
    expect(server.hits).toHaveLength(3);
    expect(clock.sleeps.every((ms) => ms >= 2000)).toBe(true);
  });

  it('does not wait out a Retry-After longer than the policy allows', async () => {
    const server = await serve((_hit, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }));
    const clock = recordingClock();
    const result = await client(server, { clock }).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', retryAfterMs: 900_000 } }); // an hour, capped at 15 min
    expect(server.hits).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries a read after 500 then succeeds, with jittered exponential backoff', async () => {
    const server = await serve((_hit, res, i) => (i < 2 ? sendJson(res, 500, { error: { code: 'InternalError', message: 'oops' } }) : sendJson(res, 200, fixtures.stage('a1', 's1'))));
    const clock = recordingClock();
    const result = await client(server, { clock, random: () => 0.5, retry: { baseDelayMs: 100 } }).getStage(stageId);
    expect(result.ok).toBe(true);
    expect(server.hits).toHaveLength(3);
    expect(clock.sleeps).toEqual([50, 100]); // 0.5 × 100, 0.5 × 200
  });

  it('never retries a write: a 500 on PUT is sent once, and may still be in flight', async () => {
    let puts = 0;
    const server = await serve((hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('a1', 's1'));
      puts++;
      sendJson(res, 500, { error: { code: 'InternalError', message: 'boom' } });
    });
    const result = await client(server).decide(stageId, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 500, code: 'InternalError', writeMayBeInFlight: true, message: expect.stringMatching(/^boom\. /) } });
    expect(puts).toBe(1);
  });

  it('times out a silent server and retries reads only a bounded number of times', async () => {
    const server = await serve(() => undefined); // never answers
    const result = await client(server, { timeoutMs: 150, retry: { maxAttempts: 2 } }).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(server.hits).toHaveLength(2);
  });

  it('reports a connection reset as a network error', async () => {
    const server = await serve((_hit, res) => void res.socket?.destroy());
    const result = await client(server, { retry: { maxAttempts: 2 } }).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(server.hits).toHaveLength(2);
  });

  it('honours the caller\'s abort signal', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await client(server).getStage(stageId, controller.signal);
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: 'The request was cancelled.' } });
    expect(server.hits).toHaveLength(1);
  });

  it('does not follow redirects (the token stays on the ARM host)', async () => {
    const other = await serve((_hit, res) => sendJson(res, 200, fixtures.stage('a1', 's1')));
    const server = await serve((_hit, res) => {
      res.writeHead(302, { location: `${other.url}${stageId}` });
      res.end();
    });
    const result = await client(server).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 302 } });
    expect(other.hits).toHaveLength(0);
  });
});

describe('paging', () => {
  it('follows same-origin nextLinks', async () => {
    const server: LoopbackServer = await serve((hit, res) =>
      hit.path.includes('page=2') ? sendJson(res, 200, list([fixtures.request('r2')])) : sendJson(res, 200, list([fixtures.request('r1')], `${server.url}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?api-version=2020-10-01&page=2`)),
    );
    const result = await client(server).listScheduleRequests('asApprover');
    expect(result.ok && result.value.map((r) => r.name)).toEqual(['r1', 'r2']);
  });

  it('refuses a nextLink to another origin and sends nothing there', async () => {
    const foreign = await serve((_hit, res) => sendJson(res, 200, list([])));
    const server = await serve((_hit, res) => sendJson(res, 200, list([fixtures.request('r1')], `${foreign.url}/steal?page=2`)));
    const result = await client(server).listScheduleRequests('asApprover');
    expect(result).toMatchObject({ ok: false, error: { kind: 'foreign-link' } });
    expect(foreign.hits).toHaveLength(0);
  });

  it('treats a different port on the same host as foreign', async () => {
    const foreign = await serve((_hit, res) => sendJson(res, 200, list([])));
    const server = await serve((_hit, res) => sendJson(res, 200, list([], foreign.url.replace('127.0.0.1', 'localhost') + '/x')));
    expect(await client(server).listApprovals('asApprover')).toMatchObject({ ok: false, error: { kind: 'foreign-link' } });
    expect(foreign.hits).toHaveLength(0);
  });

  it('bounds the number of pages (a nextLink loop ends)', async () => {
    const server: LoopbackServer = await serve((_hit, res) => sendJson(res, 200, list([], `${server.url}/providers/Microsoft.Authorization/roleAssignmentApprovals?api-version=2021-01-01-preview&again=1`)));
    const result = await client(server, { maxPages: 5 }).listApprovals('asApprover');
    expect(result).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    expect(server.hits).toHaveLength(5);
  });
});

describe('parsing through the client', () => {
  it('keeps unknown enum values as strings and tolerates missing optional fields', async () => {
    const server = await serve((_hit, res: ServerResponse) =>
      sendJson(res, 200, list([{ id: '/x/roleAssignmentScheduleRequests/r9', properties: { status: 'QuantumPending', requestType: 'SelfTeleport' } }])),
    );
    const result = await client(server).listScheduleRequests('asApprover');
    expect(result.ok && result.value[0]).toMatchObject({ name: 'r9', status: 'QuantumPending', requestType: 'SelfTeleport', principal: null, approvalId: null, createdOn: null });
  });

  it('reports wrong types as a parse error naming the field', async () => {
    const server = await serve((_hit, res) => sendJson(res, 200, list([{ id: '/x/r1', properties: { status: 42 } }])));
    const result = await client(server).listScheduleRequests('asApprover');
    expect(result).toMatchObject({ ok: false, error: { kind: 'parse', message: expect.stringContaining('properties.status') } });
  });

  it('refuses ids that would leave the ARM path space without sending anything', async () => {
    const server = await serve((_hit, res) => sendJson(res, 200, {}));
    const arm = client(server);
    expect((await arm.getStage('/providers/../../evil')).ok).toBe(false);
    expect((await arm.getStage('https://evil.example/x')).ok).toBe(false);
    expect((await arm.getApproval('a?b=c')).ok).toBe(false);
    expect(server.hits).toHaveLength(0);
  });
});
