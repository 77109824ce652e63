// The HTTP contract around every Graph call, from the shared pipeline: its own listener and
// tokens (ARM tokens refused, and the reverse), Graph's error envelope and ids, per-kind
// consent, its own token bucket, faults, latency, size and Host limits, hostile nextLinks,
// the call log and close().
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { KnobPatch } from './knobs';
import { ENTRA_LIST, GROUP_LIST, REQ_API, REQUESTS, at, decision, entraStepUrl, groupStageUrl, startTestSim, type TestSim } from '../../test/kit/sim-test-kit';

const ARM_LIST = `${REQUESTS}?${REQ_API}&$filter=asApprover()`;
let t: TestSim;

async function fresh(knobs: KnobPatch = {}, scenario: string | { name: string; requests: [] } = 'mixed'): Promise<TestSim> {
  t = await startTestSim({ scenario, knobs });
  return t;
}

afterEach(async () => {
  await t.running.close();
});

describe('listener and audience', () => {
  it('listens on its own loopback port beside ARM', async () => {
    await fresh();
    const graph = new URL(t.running.graphUrl);
    const arm = new URL(t.running.url);
    expect(graph.hostname).toBe(arm.hostname);
    expect(graph.port).not.toBe(arm.port);
    expect(Object.keys(t.running.graphTokens).sort()).toEqual(Object.keys(t.running.principals).sort());
    expect(new Set(Object.values(t.running.graphTokens)).size).toBe(Object.keys(t.running.principals).length);
    for (const token of Object.values(t.running.graphTokens)) expect(Object.values(t.running.tokens)).not.toContain(token);
  });

  it('answers 401 InvalidAuthenticationToken to no token, a bad one and an ARM token', async () => {
    await fresh();
    for (const as of [null, 'raw:not-a-token', `raw:${t.running.tokens.me}`, `raw:${t.running.tokens['meMfa'] ?? ''}`]) {
      const res = await t.graph('GET', ENTRA_LIST, { as });
      expect(res.status, String(as)).toBe(401);
      expect(at(res.json, 'error', 'code')).toBe('InvalidAuthenticationToken');
      expect(at(res.json, 'error', 'innerError', 'request-id')).toBe(res.headers.get('request-id'));
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
    const arm = await t.graph('GET', ENTRA_LIST, { as: `raw:${t.running.tokens.me}` });
    expect(at(arm.json, 'error', 'message')).toMatch(/Invalid audience/);
    expect(t.running.sim.callLog().map((e) => [e.route, e.status, e.principal])).toEqual(Array.from({ length: 5 }, () => ['graph.listEntraRequests', 401, null]));
  });

  it('ARM answers 401 to a Graph token', async () => {
    await fresh();
    const res = await t.call('GET', ARM_LIST, { as: `raw:${t.running.graphTokens.me}` });
    expect(res.status).toBe(401);
    expect(at(res.json, 'error', 'code')).toBe('InvalidAuthenticationToken');
    expect(String(at(res.json, 'error', 'message'))).toMatch(/wrong audience/);
    expect((await t.call('GET', ARM_LIST)).status).toBe(200);
  });

  it('does not serve the control channel', async () => {
    await fresh();
    const res = await fetch(`${t.running.graphUrl}/_sim/identities`, { headers: { 'x-sim-secret': t.running.controlSecret } });
    expect(res.status).toBe(401);
  });
});

describe('headers and error envelope', () => {
  it('sends request-id and echoes client-request-id (or an ARM-style x-ms-client-request-id)', async () => {
    await fresh();
    const plain = await t.graph('GET', ENTRA_LIST);
    const requestId = plain.headers.get('request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(plain.headers.get('client-request-id')).toBe(requestId);
    expect((await t.graph('GET', ENTRA_LIST, { headers: { 'client-request-id': 'graph-1' } })).headers.get('client-request-id')).toBe('graph-1');
    expect((await t.graph('GET', ENTRA_LIST, { headers: { 'x-ms-client-request-id': 'arm-1' } })).headers.get('client-request-id')).toBe('arm-1');
    expect(plain.headers.get('x-ms-ratelimit-remaining-tenant-reads')).toBeNull();
  });

  it('wraps every error as {error: {code, message, innerError: {date, request-id, client-request-id}}}', async () => {
    await fresh({}, { name: 'empty', requests: [] });
    const { approvalId } = t.running.sim.createRequest({ kind: 'entraRole' });
    const res = await t.graph('PATCH', entraStepUrl(approvalId, 'nope'), { body: decision('Approve'), headers: { 'client-request-id': 'c-42' } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      error: {
        code: 'ResourceNotFound',
        message: expect.any(String),
        innerError: { date: new Date(t.clock.now()).toISOString().slice(0, 19), 'request-id': res.headers.get('request-id'), 'client-request-id': 'c-42' },
      },
    });
    const unknown = await t.graph('GET', '/v1.0/me/messages');
    expect(unknown.status).toBe(400);
    expect(at(unknown.json, 'error', 'code')).toBe('BadRequest');
  });

  it('answers 413 to an oversized body, and 421 to a non-loopback Host', async () => {
    await fresh({}, { name: 'empty', requests: [] });
    const { approvalId, stageIds } = t.running.sim.createRequest({ kind: 'group' });
    const big = await t.graph('PATCH', groupStageUrl(approvalId, stageIds[0] ?? ''), { rawBody: JSON.stringify({ reviewResult: 'Approve', justification: 'x'.repeat(1024 * 1024 + 1) }) });
    expect(big.status).toBe(413);
    expect(at(big.json, 'error', 'innerError', 'request-id')).toBe(big.headers.get('request-id'));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.running.graphUrl}${encodeURI(ENTRA_LIST)}`, { headers: { Host: 'evil.example', Authorization: `Bearer ${t.running.graphTokens.me}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});

describe('consent', () => {
  const CONSENT_MESSAGE = {
    entraRole: 'Authorization failed due to missing permission scope RoleAssignmentSchedule.ReadWrite.Directory.',
    group: 'Authorization failed due to missing permission scope PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup.',
  };

  it('without Entra consent, every Entra call answers 403 PermissionScopeNotGranted; groups and ARM still work', async () => {
    await fresh({ graphConsent: { entraRole: false } });
    const { approvalId, stageIds } = t.running.sim.createRequest({ kind: 'entraRole' });
    const step = entraStepUrl(approvalId, stageIds[0] ?? '');
    for (const [method, url] of [
      ['GET', ENTRA_LIST],
      ['GET', step],
      ['PATCH', step],
      ['GET', '/beta/roleManagement/directory/roleAssignmentApprovals/unknown'],
    ] as const) {
      const res = await t.graph(method, url, method === 'PATCH' ? { body: decision('Approve') } : {});
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(at(res.json, 'error', 'code')).toBe('PermissionScopeNotGranted');
      expect(at(res.json, 'error', 'message')).toBe(CONSENT_MESSAGE.entraRole);
    }
    expect(t.running.sim.appliedDecisions()).toEqual([]);
    expect(at((await t.graph('GET', GROUP_LIST)).json, 'value')).toHaveLength(2);
    expect(at((await t.call('GET', ARM_LIST)).json, 'value')).toHaveLength(3);
  });

  it('without group consent only group calls are refused, and consent can come back at run time', async () => {
    await fresh({ graphConsent: { group: false } });
    const refused = await t.graph('GET', GROUP_LIST);
    expect(refused.status).toBe(403);
    expect(at(refused.json, 'error', 'message')).toBe(CONSENT_MESSAGE.group);
    expect((await t.graph('GET', ENTRA_LIST)).status).toBe(200);
    t.running.sim.setKnobs({ graphConsent: { group: true } });
    expect((await t.graph('GET', GROUP_LIST)).status).toBe(200);
  });

  it('is a knob of the HTTP control channel too', async () => {
    await fresh();
    const set = await fetch(`${t.running.url}/_sim/knobs`, {
      method: 'POST',
      headers: { 'x-sim-secret': t.running.controlSecret, 'Content-Type': 'application/json' },
      body: JSON.stringify({ graphConsent: { entraRole: false } }),
    });
    expect(set.status).toBe(200);
    expect(at(await set.json(), 'graphConsent')).toEqual({ entraRole: false, group: true });
    expect((await t.graph('GET', ENTRA_LIST)).status).toBe(403);
  });
});

describe('throttling', () => {
  it('answers 429 with Retry-After from the Graph bucket, leaves ARM alone, and recovers on the sim clock', async () => {
    await fresh({ graphBucket: { burst: 2, perSecond: 0.5 } });
    expect((await t.graph('GET', ENTRA_LIST)).status).toBe(200);
    expect((await t.graph('GET', GROUP_LIST)).status).toBe(200);
    const throttled = await t.graph('GET', ENTRA_LIST);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(at(throttled.json, 'error', 'code')).toBe('TooManyRequests');
    expect(t.running.sim.callLog().at(-1)).toMatchObject({ route: 'graph.listEntraRequests', status: 429, fault: 'throttle' });
    // Writes share Graph's bucket.
    expect((await t.graph('PATCH', entraStepUrl('a', 'b'), { body: decision('Approve') })).status).toBe(429);
    expect((await t.call('GET', ARM_LIST)).status).toBe(200);
    await t.running.sim.advance(2000);
    expect((await t.graph('GET', ENTRA_LIST)).status).toBe(200);
  });

  it('ARM throttling leaves Graph alone', async () => {
    await fresh({ readBucket: { burst: 1, perSecond: 0 } });
    expect((await t.call('GET', ARM_LIST)).status).toBe(200);
    expect((await t.call('GET', ARM_LIST)).status).toBe(429);
    expect((await t.graph('GET', ENTRA_LIST)).status).toBe(200);
  });
});

describe('faults and latency', () => {
  it('fails Graph calls with 500, 503, drops and hangs, and logs each', async () => {
    await fresh({ errorRate: 1 });
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) {
      try {
        const res = await t.graph('GET', ENTRA_LIST, { signal: AbortSignal.timeout(250) });
        seen.add(String(res.status));
        if (res.status >= 500) expect(at(res.json, 'error', 'innerError', 'request-id')).toBe(res.headers.get('request-id'));
      } catch (err) {
        seen.add(err instanceof Error && err.name === 'TimeoutError' ? 'hang' : 'drop');
      }
    }
    expect(seen).toEqual(new Set(['500', '503', 'drop', 'hang']));
    const faults = new Set(t.running.sim.callLog().map((e) => e.fault));
    expect(faults).toEqual(new Set(['error', 'drop', 'hang']));
  });

  it('sometimes applies a PATCH whose connection then drops or hangs', async () => {
    await fresh({ errorRate: 1 }, { name: 'empty', requests: [] });
    const created = Array.from({ length: 16 }, () => t.running.sim.createRequest({ kind: 'entraRole' }));
    for (const c of created) {
      await t.graph('PATCH', entraStepUrl(c.approvalId, c.stageIds[0] ?? ''), { body: decision('Approve'), signal: AbortSignal.timeout(150) }).catch(() => undefined);
    }
    const applied = t.running.sim.appliedDecisions();
    const cut = t.running.sim.callLog().filter((e) => e.fault === 'drop' || e.fault === 'hang');
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.length).toBeLessThan(cut.length + 1);
    expect(cut.every((e) => e.status === 0 && e.route === 'graph.patchEntraStep')).toBe(true);
    // A cut write that was applied still names its stage in the log.
    for (const d of applied) expect(cut.some((e) => e.stageId === d.stageId && e.reviewResult === 'Approve')).toBe(true);
  });

  it('adds latency to Graph responses', async () => {
    await fresh({ latencyMs: 120 });
    const started = Date.now();
    await t.graph('GET', ENTRA_LIST);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('closes both listeners promptly, hung Graph calls included', async () => {
    await fresh({ errorRate: 1 });
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) pending.push(t.graph('GET', ENTRA_LIST).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 100));
    expect(t.running.sim.callLog().some((e) => e.fault === 'hang')).toBe(true);
    const started = Date.now();
    await t.running.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await Promise.all(pending);
    await expect(fetch(`${t.running.graphUrl}/v1.0/`)).rejects.toThrow();
    await expect(fetch(`${t.running.url}/`)).rejects.toThrow();
  });
});

describe('hostile nextLinks', () => {
  it('nextLinkOrigin points Graph @odata.nextLink and ARM nextLink at a foreign origin', async () => {
    await fresh({ pageSize: 1, nextLinkOrigin: 'https://evil.example' });
    const graph = await t.graph('GET', ENTRA_LIST);
    const next = String(at(graph.json, '@odata.nextLink'));
    expect(new URL(next).origin).toBe('https://evil.example');
    expect(next).toContain('/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/');
    // The @odata.context stays on the real listener: only links a client would follow are hostile.
    expect(String(at(graph.json, '@odata.context')).startsWith(t.running.graphUrl)).toBe(true);
    expect(new URL(String(at((await t.call('GET', ARM_LIST)).json, 'nextLink'))).origin).toBe('https://evil.example');
    expect(() => t.running.sim.setKnobs({ nextLinkOrigin: 'https://evil.example/path' })).toThrow(/origin/);
    t.running.sim.setKnobs({ nextLinkOrigin: null });
    expect(new URL(String(at((await t.graph('GET', ENTRA_LIST)).json, '@odata.nextLink'))).origin).toBe(t.running.graphUrl);
  });
});

describe('call log and identities', () => {
  it('names Graph calls graph.* so they count apart from ARM calls', async () => {
    await fresh();
    await t.call('GET', ARM_LIST);
    await t.graph('GET', ENTRA_LIST);
    await t.graph('GET', GROUP_LIST);
    await t.graph('GET', '/v1.0/nothing');
    const routes = t.running.sim.callLog().map((e) => e.route);
    expect(routes).toEqual(['listScheduleRequests', 'graph.listEntraRequests', 'graph.listGroupRequests', 'graph.unknown']);
    expect(routes.filter((r) => r.startsWith('graph.'))).toHaveLength(3);
  });

  it('the control channel reports both URLs and both token sets', async () => {
    await fresh();
    const res = await fetch(`${t.running.url}/_sim/identities`, { headers: { 'x-sim-secret': t.running.controlSecret } });
    const body = (await res.json()) as unknown;
    expect(at(body, 'graphUrl')).toBe(t.running.graphUrl);
    expect(at(body, 'url')).toBe(t.running.url);
    expect(at(body, 'graphTokens', 'me')).toBe(t.running.graphTokens.me);
    expect(at(body, 'tokens', 'me')).toBe(t.running.tokens.me);
  });
});
