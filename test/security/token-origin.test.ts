/**
 * The bearer token goes to the configured ARM origin and nowhere else. Two real loopback
 * servers: "ARM" (the configured endpoint, scripted per test) and "elsewhere" (a second
 * origin that must never see an Authorization header — nor any request at all). Every way
 * the ARM client could be steered to another host is tried through the real client and
 * Node's real fetch: foreign nextLinks in all their spellings, 3xx redirects for reads and
 * writes, Location / Azure-AsyncOperation headers, batch answers pointing away, stage and
 * approval ids that are absolute URLs, and endpoints that are not an origin.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createArmClient, type ArmClient } from '../../main/core/arm/client';
import { fixtures, sendJson, startLoopback, type Hit, type LoopbackServer } from '../kit/loopback-server';

/** JWT-shaped, so a leak is easy to spot in any header. */
const TOKEN = 'eyJhbGciOiJub25lIn0.eyJvaWQiOiJtZS0xIiwidGlkIjoidDEifQ.c2lnbmF0dXJl-token-origin';
const STAGE = fixtures.stageId('ap-1', 'st-1');

type Script = (hit: Hit, res: Parameters<Parameters<typeof startLoopback>[0]>[1]) => void;
let script: Script = (_hit, res) => sendJson(res, 404, { error: { code: 'NotScripted', message: 'no script' } });
let arm: LoopbackServer;
let elsewhere: LoopbackServer;
/** The same ARM server reached under another name: a different origin, so also "elsewhere". */
let armByName: string;

beforeAll(async () => {
  arm = await startLoopback((hit, res) => script(hit, res));
  // It answers like ARM would (a page, a stage, 200s), so a leak would not stop at an error.
  elsewhere = await startLoopback((hit, res) => (hit.path.includes('/stages/') ? sendJson(res, 200, fixtures.stage('ap-1', 'st-1')) : sendJson(res, 200, { value: [] })));
  armByName = arm.url.replace('127.0.0.1', 'localhost');
});
afterAll(async () => {
  await arm.close();
  await elsewhere.close();
});
afterEach(() => {
  // The point of every test: the other origin saw nothing, and ARM's own hits carried the token.
  expect(elsewhere.hits.map((h) => `${h.method} ${h.path} auth=${h.headers.authorization ? 'yes' : 'no'}`)).toEqual([]);
  for (const hit of arm.hits) expect(hit.headers.authorization).toBe(`Bearer ${TOKEN}`);
  arm.hits.length = 0;
});

function client(endpoint = arm.url): ArmClient {
  return createArmClient({ endpoint, getToken: async () => TOKEN, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, principalId: async () => 'me-1' });
}

describe('nextLink', () => {
  const hostOf = (url: string) => url.slice('http://'.length);
  /** Built inside the test: the servers' ports exist only after beforeAll. */
  const foreign: Array<[string, () => string]> = [
    ['another origin', () => `${elsewhere.url}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?page=2`],
    ['the same server under another host name', () => `${armByName}/page2`],
    ['userinfo that names ARM', () => `http://${hostOf(arm.url)}@${hostOf(elsewhere.url)}/page2`],
    ['protocol-relative', () => `//${hostOf(elsewhere.url)}/page2`],
    ['https on the ARM host (another scheme)', () => `${arm.url.replace('http:', 'https:')}/page2`],
    ['backslash authority', () => `http:\\\\${hostOf(elsewhere.url)}\\page2`],
    ['a javascript: URL', () => 'javascript:alert(1)'],
  ];

  it.each(foreign)('is not followed to %s', async (_name, link) => {
    script = (_hit, res) => sendJson(res, 200, { value: [fixtures.request('r1')], nextLink: link() });
    const listed = await client().listScheduleRequests('asApprover');
    expect(listed.ok).toBe(false);
    expect(listed.ok ? '' : listed.error.kind).toBe('foreign-link');
    expect(arm.hits).toHaveLength(1);
  });

  it('is followed on the ARM origin (so the refusals above are the origin rule at work)', async () => {
    script = (hit, res) => sendJson(res, 200, hit.path.includes('page=2') ? { value: [fixtures.request('r2')] } : { value: [fixtures.request('r1')], nextLink: `${arm.url}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?page=2` });
    const listed = await client().listScheduleRequests('asApprover');
    expect(listed.ok && listed.value.length).toBe(2);
    expect(arm.hits).toHaveLength(2);
  });

  it('approval lists follow the same rule', async () => {
    script = (_hit, res) => sendJson(res, 200, { value: [], nextLink: `${elsewhere.url}/approvals?page=2` });
    expect((await client().listApprovals('asApprover')).ok).toBe(false);
  });
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('a %i on a read is not followed', async (status) => {
    script = (_hit, res) => {
      res.writeHead(status, { location: `${elsewhere.url}/stolen` });
      res.end();
    };
    const listed = await client().listScheduleRequests('asApprover');
    expect(listed.ok).toBe(false);
    expect((await client().getStage(STAGE)).ok).toBe(false);
    expect((await client().getApproval(fixtures.approvalId('ap-1'))).ok).toBe(false);
  });

  it.each([307, 308])('a %i on the decision write is not followed (it would resend the body and the token)', async (status) => {
    script = (hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('ap-1', 'st-1'));
      res.writeHead(status, { location: `${elsewhere.url}${hit.path}` });
      res.end();
    };
    const decided = await client().decide(STAGE, 'Approve', 'redirect-justification');
    expect(decided.ok).toBe(false);
    expect(arm.hits.filter((h) => h.method !== 'GET').length).toBeGreaterThan(0);
  });

  it('Location and Azure-AsyncOperation headers on an accepted write are not polled', async () => {
    let decided = false;
    script = (hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('ap-1', 'st-1', decided ? { reviewResult: 'Approve', status: 'Completed', reviewedBy: { principalId: 'me-1', principalName: 'Me' }, justification: 'async-j' } : {}));
      decided = true;
      sendJson(res, 202, {}, { location: `${elsewhere.url}/operations/1`, 'azure-asyncoperation': `${elsewhere.url}/operations/1`, 'retry-after': '0' });
    };
    const outcome = await client().decide(STAGE, 'Approve', 'async-j');
    expect(outcome.ok && outcome.value.outcome).toBe('done');
  });

  it('control: a client whose fetch followed redirects would reach the other server (so the checks above can fail)', async () => {
    script = (_hit, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/stolen` });
      res.end();
    };
    const following = createArmClient({ endpoint: arm.url, getToken: async () => TOKEN, retry: { maxAttempts: 1 }, fetch: (url, init) => fetch(url, { ...init, redirect: 'follow' }) });
    await following.getStage(STAGE);
    expect(elsewhere.hits.map((h) => h.path)).toEqual(['/stolen']);
    elsewhere.hits.length = 0;
  });

  it('a 401 naming another authority is not followed', async () => {
    script = (_hit, res) => sendJson(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'no' } }, { 'www-authenticate': `Bearer authorization_uri="${elsewhere.url}/authorize", error="invalid_token"` });
    expect((await client().getStage(STAGE)).ok).toBe(false);
  });
});

describe('ids that are really URLs', () => {
  const hostile = (): string[] => [
    `${elsewhere.url}/providers/Microsoft.Authorization/roleAssignmentApprovals/ap-1/stages/st-1`,
    `//${elsewhere.url.slice('http://'.length)}/providers/Microsoft.Authorization/roleAssignmentApprovals/ap-1/stages/st-1`,
    `/\\${elsewhere.url.slice('http://'.length)}/stages/st-1`,
    `@${elsewhere.url.slice('http://'.length)}/stages/st-1`,
    `/providers/../../${elsewhere.url.slice('http://'.length)}/st-1`,
    `/providers/%2F%2F${elsewhere.url.slice('http://'.length)}/st-1`,
    `/providers/x?redirect=${elsewhere.url}`,
    `/providers/x#${elsewhere.url}`,
    `\t${elsewhere.url}/stages/st-1`,
  ];

  it('refuses every hostile stage id without sending anything, for reads and decisions', async () => {
    for (const id of hostile()) {
      expect((await client().getStage(id)).ok, id).toBe(false);
      expect((await client().decide(id, 'Deny', 'hostile-id-justification')).ok, id).toBe(false);
    }
    expect(arm.hits).toEqual([]);
  });

  it('refuses every hostile approval id', async () => {
    for (const id of hostile()) expect((await client().getApproval(id)).ok, id).toBe(false);
    expect(arm.hits).toEqual([]);
  });

  it('an approval whose stages ARM lists with foreign ids cannot lead a decision away', async () => {
    const evilStage = `${elsewhere.url}/providers/Microsoft.Authorization/roleAssignmentApprovals/ap-1/stages/st-9`;
    script = (_hit, res) => sendJson(res, 200, { id: fixtures.approvalId('ap-1'), name: 'ap-1', properties: { stages: [{ ...fixtures.stage('ap-1', 'st-9'), id: evilStage }] } });
    const approval = await client().getApproval('ap-1');
    const stageIds = approval.ok ? approval.value.stages.map((s) => s.id) : [evilStage];
    for (const id of stageIds) expect((await client().decide(id, 'Approve', 'listed-foreign')).ok).toBe(false);
    expect(arm.hits).toHaveLength(1); // the approval read; no decision left the ARM origin
  });
});

describe('batch', () => {
  it('posts the batch to the ARM origin only, with a relative inner URL, and follows nothing in its answer', async () => {
    let reviewed = false;
    script = (hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('ap-1', 'st-1', reviewed ? { reviewResult: 'Deny', status: 'Completed', reviewedBy: { principalId: 'me-1', principalName: 'Me' }, justification: 'batch-j' } : {}));
      if (hit.method === 'PUT' || hit.method === 'PATCH') return sendJson(res, 400, { error: { code: 'BadRequest', message: 'try another form' } });
      reviewed = true;
      sendJson(res, 200, { responses: [{ httpStatusCode: 202, headers: { location: `${elsewhere.url}/op`, 'azure-asyncoperation': `${elsewhere.url}/op` }, content: { nextLink: `${elsewhere.url}/next` } }] });
    };
    const outcome = await client().decide(STAGE, 'Deny', 'batch-j');
    expect(outcome.ok && outcome.value.outcome).toBe('done');
    const batch = arm.hits.find((h) => h.method === 'POST');
    expect(batch?.path).toMatch(/^\/batch\?api-version=/);
    const inner = (JSON.parse(batch?.body ?? '{}') as { requests: Array<{ url: string }> }).requests[0]?.url ?? '';
    expect(inner.startsWith('/providers/')).toBe(true);
  });
});

describe('endpoint', () => {
  it.each([
    ['plain http off loopback', 'http://management.azure.com.evil.example'],
    ['credentials in the endpoint', 'http://user:pass@127.0.0.1:1'],
    ['a path (would prefix every id)', 'https://management.azure.com/@evil.example'],
    ['a query', 'https://management.azure.com/?x=1'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s', (_name, endpoint) => {
    expect(() => createArmClient({ endpoint, getToken: async () => TOKEN })).toThrow();
  });
});
