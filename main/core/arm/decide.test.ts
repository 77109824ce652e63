import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient } from './client';
import { fixtures, sendJson, startLoopback, type Hit, type LoopbackServer } from '../../../test/kit/loopback-server';
import type { ServerResponse } from 'node:http';

const me = 'me-oid';
const stageId = fixtures.stageId('a1', 's1');
const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Form = 'put-nested' | 'patch-flat' | 'batch';
interface TenantOptions {
  accepts: Form[];
  successStatus?: 200 | 204;
  /** What the write answers instead of deciding (e.g. 403 self-approval). */
  refuse?: { status: number; code: string; message: string };
  stage?: Record<string, unknown>;
}

/** A one-stage fake tenant that records the decision the way ARM would. */
async function tenant(options: TenantOptions) {
  let stage = fixtures.stage('a1', 's1', options.stage ?? {});
  const decide = (result: string, justification: string, res: ServerResponse) => {
    stage = fixtures.stage('a1', 's1', {
      status: 'Completed',
      reviewResult: result,
      justification,
      reviewedBy: { principalId: me, principalName: 'Me', principalType: 'user', userPrincipalName: 'me@example.com' },
    });
    if (options.successStatus === 204) {
      res.writeHead(204);
      res.end();
    } else sendJson(res, 200, stage);
  };
  const badBody = (res: ServerResponse) => sendJson(res, 400, { error: { code: 'InvalidRequestBody', message: 'The request body is invalid.' } });
  const server = await startLoopback((hit: Hit, res) => {
    const path = hit.path.split('?')[0];
    if (hit.method === 'GET' && path === stageId) return sendJson(res, 200, stage);
    if (options.refuse && hit.method !== 'GET') return sendJson(res, options.refuse.status, { error: { code: options.refuse.code, message: options.refuse.message } });
    const body = JSON.parse(hit.body || '{}') as Record<string, unknown>;
    if (hit.method === 'PUT' && path === stageId) {
      const props = body.properties as Record<string, string> | undefined;
      return options.accepts.includes('put-nested') && props ? decide(props.reviewResult ?? '', props.justification ?? '', res) : badBody(res);
    }
    if (hit.method === 'PATCH' && path === stageId) {
      return options.accepts.includes('patch-flat') && typeof body.reviewResult === 'string' ? decide(body.reviewResult, String(body.justification), res) : badBody(res);
    }
    if (hit.method === 'POST' && path === '/batch') {
      const request = (body.requests as { httpMethod: string; url: string; content: { properties: Record<string, string> } }[])[0];
      if (!options.accepts.includes('batch') || request?.url.split('?')[0] !== stageId) return badBody(res);
      decide(request.content.properties.reviewResult ?? '', request.content.properties.justification ?? '', { writeHead: () => undefined, end: () => undefined } as unknown as ServerResponse);
      return sendJson(res, 200, { responses: [{ name: 'x', httpStatusCode: 200, content: stage }] });
    }
    sendJson(res, 404, { error: { code: 'NotFound', message: 'no route' } });
  });
  servers.push(server);
  const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me });
  const writes = () => server.hits.filter((h) => h.method !== 'GET').map((h) => `${h.method} ${h.path.split('?')[0]}`);
  return { server, arm, writes };
}

describe('decide', () => {
  it('PUTs the nested body, accepts 200, confirms with a GET → done', async () => {
    const { arm, server, writes } = await tenant({ accepts: ['put-nested'] });
    const result = await arm.decide(stageId, 'Approve', 'looks right');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'done', stage: { reviewResult: 'Approve' } } });
    expect(writes()).toEqual([`PUT ${stageId}`]);
    expect(JSON.parse(server.hits.find((h) => h.method === 'PUT')?.body ?? '')).toEqual({ properties: { reviewResult: 'Approve', justification: 'looks right' } });
    expect(server.hits.map((h) => h.method)).toEqual(['GET', 'PUT', 'GET']);
  });

  it('accepts 204 with no body', async () => {
    const { arm } = await tenant({ accepts: ['put-nested'], successStatus: 204 });
    expect(await arm.decide(stageId, 'Deny', 'no ticket')).toMatchObject({ ok: true, value: { outcome: 'done', stage: { reviewResult: 'Deny' } } });
  });

  it('falls back PUT 400 → PATCH flat and remembers it for the next decision', async () => {
    const { arm, server, writes } = await tenant({ accepts: ['patch-flat'], successStatus: 204 });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(writes()).toEqual([`PUT ${stageId}`, `PATCH ${stageId}`]);
    expect(JSON.parse(server.hits.find((h) => h.method === 'PATCH')?.body ?? '')).toEqual({ reviewResult: 'Approve', justification: 'ok' });
    expect(arm.decideForm()).toBe('patch-flat');

  });

  it('starts with the remembered form on the next decision', async () => {
    let stageState: 'open' | 'done' = 'open';
    const server = await startLoopback((hit, res) => {
      const path = hit.path.split('?')[0];
      if (hit.method === 'GET') {
        return sendJson(
          res,
          200,
          stageState === 'open'
            ? fixtures.stage('a1', path?.split('/').pop() ?? '')
            : fixtures.stage('a1', path?.split('/').pop() ?? '', { status: 'Completed', reviewResult: 'Approve', reviewedBy: { principalId: me, principalName: 'Me' } }),
        );
      }
      if (hit.method === 'PATCH') {
        stageState = 'done';
        res.writeHead(204);
        return res.end();
      }
      sendJson(res, 400, { error: { code: 'BadRequest', message: 'bad body' } });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me });
    await arm.decide(fixtures.stageId('a1', 's1'), 'Approve', 'ok');
    stageState = 'open';
    server.hits.length = 0;
    expect(await arm.decide(fixtures.stageId('a1', 's2'), 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(server.hits.filter((h) => h.method !== 'GET').map((h) => h.method)).toEqual(['PATCH']);
  });

  it('falls back to the ARM batch endpoint when both direct forms answer 400', async () => {
    const { arm, server, writes } = await tenant({ accepts: ['batch'] });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(writes()).toEqual([`PUT ${stageId}`, `PATCH ${stageId}`, 'POST /batch']);
    const batch = server.hits.find((h) => h.method === 'POST');
    expect(batch?.path).toBe('/batch?api-version=2020-06-01');
    expect(JSON.parse(batch?.body ?? '')).toMatchObject({
      requests: [{ httpMethod: 'PUT', url: `${stageId}?api-version=2021-01-01-preview`, content: { properties: { reviewResult: 'Approve', justification: 'ok' } } }],
    });
    expect(arm.decideForm()).toBe('batch');
  });

  it('is idempotent: a stage already approved by me is done without writing', async () => {
    const { arm, writes } = await tenant({
      accepts: ['put-nested'],
      stage: { status: 'Completed', reviewResult: 'Approve', justification: 'ok', reviewedBy: { principalId: me, principalName: 'Me' } },
    });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(writes()).toEqual([]);
  });

  it('a stage decided by someone else is a conflict, without writing', async () => {
    const { arm, writes } = await tenant({
      accepts: ['put-nested'],
      stage: { status: 'Completed', reviewResult: 'Deny', reviewedBy: { principalId: 'other', principalName: 'Grace' } },
    });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'conflict', stage: { reviewedBy: { displayName: 'Grace' } } } });
    expect(writes()).toEqual([]);
  });

  it('an expired stage is expired, without writing; a vanished one (404) too', async () => {
    const { arm, writes } = await tenant({ accepts: ['put-nested'], stage: { status: 'Expired' } });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'expired' } });
    expect(writes()).toEqual([]);
    expect(await arm.decide(fixtures.stageId('a1', 'gone'), 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'expired', stage: null } });
  });

  it('a 409 on write is a conflict, not an error', async () => {
    let decided = false;
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') {
        return sendJson(res, 200, decided ? fixtures.stage('a1', 's1', { status: 'Completed', reviewResult: 'Approve', reviewedBy: { principalId: 'other', principalName: 'Grace' } }) : fixtures.stage('a1', 's1'));
      }
      decided = true;
      sendJson(res, 409, { error: { code: 'Conflict', message: 'Already decided' } });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'conflict', stage: { reviewedBy: { displayName: 'Grace' } } } });
  });

  it('a 400 whose re-GET shows someone else decided is a conflict, and nothing more is written', async () => {
    let decided = false;
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') {
        return sendJson(res, 200, decided ? fixtures.stage('a1', 's1', { status: 'Completed', reviewResult: 'Deny', reviewedBy: { principalId: 'other', principalName: 'Grace' } }) : fixtures.stage('a1', 's1'));
      }
      decided = true;
      sendJson(res, 400, { error: { code: 'BadRequest', message: 'The stage is completed.' } });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'conflict' } });
    expect(server.hits.filter((h) => h.method !== 'GET')).toHaveLength(1);
    expect(arm.decideForm()).toBe('put-nested'); // a refusal teaches nothing about the body form
  });

  it('self-approval and 403 are errors carrying ARM\'s message', async () => {
    const selfApproval = await tenant({ accepts: ['put-nested'], refuse: { status: 400, code: 'SelfApprovalNotAllowed', message: "Request doesn't allow Self-Approval" } });
    expect(await selfApproval.arm.decide(stageId, 'Approve', 'ok')).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 400, code: 'SelfApprovalNotAllowed', message: "Request doesn't allow Self-Approval" },
    });
    const forbidden = await tenant({ accepts: ['put-nested'], refuse: { status: 403, code: 'AuthorizationFailed', message: 'Not allowed.' } });
    expect(await forbidden.arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { kind: 'http', status: 403, message: 'Not allowed.' } });
    expect(forbidden.writes()).toHaveLength(1);
  });

  it('a 401 claims challenge on write comes back as unauthorized with claims', async () => {
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('a1', 's1'));
      sendJson(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'MFA required' } }, { 'www-authenticate': 'Bearer error="insufficient_claims", claims="e30="' });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { kind: 'unauthorized', claims: 'e30=' } });
    expect(server.hits.filter((h) => h.method !== 'GET')).toHaveLength(1);
  });

  it('reads my object id from the token when no principalId is given', async () => {
    const payload = Buffer.from(JSON.stringify({ oid: me })).toString('base64url');
    const server = await startLoopback((_hit, res) =>
      sendJson(res, 200, fixtures.stage('a1', 's1', { status: 'Completed', reviewResult: 'Approve', justification: 'other words', reviewedBy: { principalId: me, principalName: 'Me' } })),
    );
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => `h.${payload}.s` });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
  });
});

describe('decide through the batch endpoint', () => {
  it('carries an inner 401 claims challenge and an inner 429 Retry-After', async () => {
    let inner: 401 | 429 = 401;
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('a1', 's1'));
      if (hit.method !== 'POST') return sendJson(res, 400, { error: { code: 'BadRequest', message: 'shape' } });
      const headers = inner === 401 ? { 'WWW-Authenticate': 'Bearer error="insufficient_claims", claims="abc"' } : { 'Retry-After': '9' };
      sendJson(res, 200, { responses: [{ httpStatusCode: inner, headers, content: { error: { code: 'E', message: `inner ${inner}` } } }] });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401, claims: 'abc', message: 'inner 401' } });
    inner = 429;
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { kind: 'throttled', status: 429, retryAfterMs: 9000 } });
  });
});

describe('decide: rules the mutation run found untested', () => {
  it('a stage I already decided the other way: refused as AlreadyReviewed, without writing', async () => {
    const { arm, writes } = await tenant({
      accepts: ['put-nested'],
      stage: { status: 'Completed', reviewResult: 'Deny', justification: 'no ticket', reviewedBy: { principalId: me, principalName: 'Me' } },
    });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({
      ok: false,
      error: { kind: 'http', code: 'AlreadyReviewed', message: 'You already decided this request (Deny); a decision cannot be changed.' },
    });
    expect(writes()).toEqual([]);
  });

  it('a 400 whose re-GET answers 404: expired, and no other body form is written', async () => {
    let gone = false;
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') return gone ? sendJson(res, 404, { error: { code: 'NotFound', message: 'gone' } }) : sendJson(res, 200, fixtures.stage('a1', 's1'));
      gone = true;
      sendJson(res, 400, { error: { code: 'BadRequest', message: 'The stage is gone.' } });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'expired', stage: null } });
    expect(server.hits.filter((h) => h.method !== 'GET')).toHaveLength(1);
  });

  it('a 400 whose re-GET fails (500): the next body form is tried, the error is the last refusal', async () => {
    let reads = 0;
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') return reads++ === 0 ? sendJson(res, 200, fixtures.stage('a1', 's1')) : sendJson(res, 500, { error: { code: 'InternalError', message: 'read broke' } });
      sendJson(res, 400, { error: { code: 'InvalidRequestBody', message: 'bad body' } });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me, retry: { maxAttempts: 1 } });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { status: 400, code: 'InvalidRequestBody' } });
    expect(server.hits.filter((h) => h.method !== 'GET').map((h) => h.method)).toEqual(['PUT', 'PATCH', 'POST']);
  });
});

describe('decide through the batch endpoint: the inner answer counts', () => {
  async function batchTenant(inner: unknown) {
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('a1', 's1'));
      if (hit.method !== 'POST') return sendJson(res, 400, { error: { code: 'BadRequest', message: 'shape' } });
      sendJson(res, 200, inner);
    });
    servers.push(server);
    return createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me, confirmDelaysMs: [] });
  }

  it('an inner 403 is a refusal with its code and message, not an accepted write', async () => {
    const arm = await batchTenant({ responses: [{ httpStatusCode: 403, content: { error: { code: 'AuthorizationFailed', message: 'Not an approver.' } } }] });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'http', status: 403, code: 'AuthorizationFailed', message: 'Not an approver.' }),
    });
  });

  it('an inner 300 without a body is not a success either; the message names the status and the stage', async () => {
    const arm = await batchTenant({ responses: [{ httpStatusCode: 300 }] });
    const result = await arm.decide(stageId, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 300, message: 'ARM answered HTTP 300 for stage s1.' } });
    expect(result.ok || 'code' in result.error).toBe(false);
  });

  it('an inner 429 pauses the decision\'s budget by its Retry-After, as a direct 429 does', async () => {
    const arm = await batchTenant({ responses: [{ httpStatusCode: 429, headers: { 'Retry-After': '7' }, content: { error: { code: 'TooManyRequests', message: 'Slow down.' } } }] });
    const paused: Array<number | undefined> = [];
    const charged: string[] = [];
    const meter = { charge: async (op: 'read' | 'write') => void charged.push(op), throttled: (ms: number | undefined) => void paused.push(ms) };
    const result = await arm.decide(stageId, 'Approve', 'ok', undefined, { meter });
    expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', status: 429, retryAfterMs: 7000 } });
    expect(paused).toEqual([7000]);
    expect(charged).toContain('write');
  });

  it('an inner refusal that is not a 429 never pauses the budget, and carries no Retry-After', async () => {
    const arm = await batchTenant({ responses: [{ httpStatusCode: 403, headers: { 'retry-after': '30' }, content: { error: { code: 5, message: 42 } } }] });
    const paused: Array<number | undefined> = [];
    const meter = { charge: async () => undefined, throttled: (ms: number | undefined) => void paused.push(ms) };
    const result = await arm.decide(stageId, 'Approve', 'ok', undefined, { meter });
    expect(paused).toEqual([]);
    // A code or message that is not text is not passed on: the words are ours, naming the status.
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 403, message: 'ARM answered HTTP 403 for stage s1.' } });
    expect(result.ok || ('code' in result.error || 'retryAfterMs' in result.error)).toBe(false);
  });

  it('an inner 1xx is not a success, and an inner response without any status is no answer', async () => {
    const informational = await batchTenant({ responses: [{ httpStatusCode: 102 }] });
    expect(await informational.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { kind: 'http', status: 102 } });
    const statusless = await batchTenant({ responses: [{ content: { properties: { status: 'Completed' } } }] });
    expect(await statusless.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { writeMayBeInFlight: true, message: expect.stringMatching(/^ARM batch answer holds no response for the decision\. /) } });
  });

  it('inner headers are read whatever their case, and ones that are not text are ignored', async () => {
    const arm = await batchTenant({ responses: [{ httpStatusCode: 429, headers: { 'RETRY-AFTER': '3', 'x-other': 12 } }] });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { kind: 'throttled', retryAfterMs: 3000 } });
    const numeric = await batchTenant({ responses: [{ httpStatusCode: 429, headers: { 'retry-after': 3 } }] });
    const result = await numeric.decide(stageId, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', status: 429 } });
    expect(result.ok || result.error.retryAfterMs).toBeUndefined();
  });

  it('an answer with no inner response may have landed: read back, not written again', async () => {
    const arm = await batchTenant({ nothing: true });
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { writeMayBeInFlight: true, message: expect.stringMatching(/^ARM batch answer holds no response for the decision\. /) } });
  });
});

describe('decide: answers that are not what ARM should send', () => {
  it('an id that is not an approval stage is refused before any call', async () => {
    const { arm, server } = await tenant({ accepts: ['put-nested'] });
    expect(await arm.decide('/subscriptions/../approvals', 'Approve', 'ok')).toEqual({ ok: false, error: { kind: 'http', message: 'That is not an approval stage id ARM returned.' } });
    expect(server.hits).toHaveLength(0);
  });

  async function batchAnswer(answer: (res: ServerResponse) => void) {
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('a1', 's1'));
      if (hit.method !== 'POST') return sendJson(res, 400, { error: { code: 'BadRequest', message: 'shape' } });
      answer(res);
    });
    servers.push(server);
    return createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me, confirmDelaysMs: [] });
  }

  it('a batch answer with an empty body, or an empty list: may have landed, read back, never a throw', async () => {
    const empty = await batchAnswer((res) => {
      res.writeHead(200);
      res.end();
    });
    expect(await empty.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { writeMayBeInFlight: true } });
    const none = await batchAnswer((res) => sendJson(res, 200, { responses: [] }));
    expect(await none.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { writeMayBeInFlight: true } });
  });

  it('an inner answer spelled with `status` and null headers: its status and meta count', async () => {
    const arm = await batchAnswer((res) => sendJson(res, 200, { responses: [{ status: 403, headers: null, content: { error: { code: 'AuthorizationFailed', message: 'No.' } } }] }));
    expect(await arm.decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { kind: 'http', status: 403, code: 'AuthorizationFailed', meta: { status: 403 } } });
  });

  it('a 5xx whose message ends in dots and spaces reads as one sentence', async () => {
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('a1', 's1'));
      sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'Try later. ' } });
    });
    servers.push(server);
    const arm = createArmClient({ endpoint: server.url, getToken: async () => 'tok', principalId: async () => me, confirmDelaysMs: [], retry: { maxAttempts: 1 } });
    const result = await arm.decide(stageId, 'Approve', 'ok');
    expect(result.ok ? '' : result.error.message).toMatch(/^Try later\. The stage does not show the decision yet/);
  });
});
