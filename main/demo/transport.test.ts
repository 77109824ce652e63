// The HTTP contract around every ARM call: identity, claims challenges, api-version,
// routing errors, headers, throttling, faults, hangs, latency and paging — over loopback.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Knobs } from './knobs';
import { startSimulator } from './simulator';
import { APPR_API, APPROVALS, REQ_API, REQUESTS, approve, at, stageUrl, startTestSim, type TestSim } from '../../test/kit/sim-test-kit';

const LIST = `${REQUESTS}?${REQ_API}&$filter=asApprover()`;
let t: TestSim;

async function fresh(knobs: Partial<Knobs> = {}, scenario: string | { name: string; requests: [] } = 'quiet'): Promise<TestSim> {
  t = await startTestSim({ scenario, knobs });
  return t;
}

afterEach(async () => {
  await t.running.close();
});

describe('identity', () => {
  it('answers 401 InvalidAuthenticationToken with WWW-Authenticate for a missing or unknown token', async () => {
    await fresh();
    for (const as of [null, 'raw:not-a-token']) {
      const res = await t.call('GET', LIST, { as });
      expect(res.status).toBe(401);
      expect(at(res.json, 'error', 'code')).toBe('InvalidAuthenticationToken');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
    expect(t.running.sim.callLog().map((e) => [e.status, e.principal])).toEqual([
      [401, null],
      [401, null],
    ]);
  });

  it('sends a claims challenge on writes when MFA is required, and accepts the MFA token', async () => {
    await fresh({ requireClaimsOnWrite: true }, { name: 'empty', requests: [] });
    const { approvalId, stageIds } = t.running.sim.createRequest({});
    const url = stageUrl(approvalId, stageIds[0] ?? '');
    expect((await t.call('GET', url)).status).toBe(200);
    const challenged = await t.call('PUT', url, { body: approve() });
    expect(challenged.status).toBe(401);
    const header = challenged.headers.get('www-authenticate') ?? '';
    expect(header).toContain('error="insufficient_claims"');
    const claims = /claims="([^"]+)"/.exec(header)?.[1] ?? '';
    expect(JSON.parse(Buffer.from(claims, 'base64').toString('utf8'))).toHaveProperty('access_token');
    expect(t.running.sim.appliedDecisions()).toEqual([]);
    expect(t.running.tokens['meMfa']).toBeDefined();
    expect((await t.call('PUT', url, { as: 'meMfa', body: approve() })).status).toBe(204);
  });
});

describe('request validation', () => {
  it('rejects a missing or unknown api-version with ARM errors', async () => {
    await fresh();
    const missing = await t.call('GET', `${REQUESTS}?$filter=asApprover()`);
    expect(missing.status).toBe(400);
    expect(at(missing.json, 'error', 'code')).toBe('MissingApiVersionParameter');
    const wrong = await t.call('GET', `${APPROVALS}?api-version=1999-01-01`);
    expect(wrong.status).toBe(400);
    expect(at(wrong.json, 'error')).toEqual({
      code: 'InvalidApiVersionParameter',
      message: "The api-version '1999-01-01' is invalid. The supported versions are '2021-01-01-preview'.",
    });
  });

  it('answers 404 with an ARM error for unknown routes, 400 for malformed JSON and unsupported filters', async () => {
    await fresh();
    const unknown = await t.call('GET', `/providers/Microsoft.Authorization/somethingElse?${REQ_API}`);
    expect(unknown.status).toBe(404);
    expect(at(unknown.json, 'error', 'code')).toEqual(expect.any(String));
    const { approvalId, stageIds } = t.running.sim.createRequest({});
    const bad = await t.call('PUT', stageUrl(approvalId, stageIds[0] ?? ''), { rawBody: '{"properties": ' });
    expect(bad.status).toBe(400);
    const createdBy = await t.call('GET', `${REQUESTS}?${REQ_API}&$filter=asCreatedBy()`);
    expect(createdBy.status).toBe(400);
    expect(at(createdBy.json, 'error', 'code')).toBe('InvalidFilter');
    expect((await t.call('GET', `${APPROVALS}?${APPR_API}&$filter=asCreatedBy()`)).status).toBe(200);
  });

  it('serves only loopback', async () => {
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await fresh();
    // fetch does not let a caller set Host, so use node:http as a rebinding page's browser would send it.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.running.url}${LIST}`, { headers: { Host: 'evil.example', Authorization: `Bearer ${t.running.tokens.me}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});

describe('headers', () => {
  it('sends request ids, echoes the client request id and reports remaining reads and writes', async () => {
    await fresh();
    const res = await t.call('GET', LIST, { headers: { 'x-ms-client-request-id': 'abc-123' } });
    expect(res.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-ms-correlation-request-id')).toBe('abc-123');
    expect(res.headers.get('x-ms-ratelimit-remaining-tenant-reads')).toBe('249');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { approvalId, stageIds } = t.running.sim.createRequest({});
    const put = await t.call('PUT', stageUrl(approvalId, stageIds[0] ?? ''), { body: approve() });
    expect(put.headers.get('x-ms-ratelimit-remaining-tenant-writes')).toBe('199');
  });
});

describe('throttling', () => {
  it('answers 429 with Retry-After once the read bucket is empty, and recovers on the sim clock', async () => {
    await fresh({ readBucket: { burst: 3, perSecond: 0.5 } });
    for (let i = 0; i < 3; i++) expect((await t.call('GET', LIST)).status).toBe(200);
    const throttled = await t.call('GET', LIST);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(at(throttled.json, 'error', 'code')).toBe('TooManyRequests');
    expect(t.running.sim.callLog().at(-1)).toMatchObject({ status: 429, fault: 'throttle' });
    await t.running.sim.advance(2000);
    expect((await t.call('GET', LIST)).status).toBe(200);
  });

  it('throttles writes separately from reads', async () => {
    await fresh({ writeBucket: { burst: 1, perSecond: 10 } }, { name: 'empty', requests: [] });
    const a = t.running.sim.createRequest({});
    const b = t.running.sim.createRequest({});
    expect((await t.call('PUT', stageUrl(a.approvalId, a.stageIds[0] ?? ''), { body: approve() })).status).toBe(204);
    const throttled = await t.call('PUT', stageUrl(b.approvalId, b.stageIds[0] ?? ''), { body: approve() });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await t.call('GET', LIST)).status).toBe(200);
  });
});

describe('faults', () => {
  it('fails a fraction of calls with 500, 503, drops and hangs, and logs each', async () => {
    await fresh({ errorRate: 1 });
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) {
      try {
        const res = await t.call('GET', LIST, { signal: AbortSignal.timeout(250) });
        seen.add(String(res.status));
      } catch (err) {
        seen.add(err instanceof Error && err.name === 'TimeoutError' ? 'hang' : 'drop');
      }
    }
    expect(seen).toEqual(new Set(['500', '503', 'drop', 'hang']));
    const faults = new Set(t.running.sim.callLog().map((e) => e.fault));
    expect(faults).toEqual(new Set(['error', 'drop', 'hang']));
  });

  it('sometimes applies a write whose connection then drops or hangs (the outbox must cope)', async () => {
    await fresh({ errorRate: 1 }, { name: 'empty', requests: [] });
    const created = Array.from({ length: 16 }, () => t.running.sim.createRequest({}));
    for (const c of created) {
      await t.call('PUT', stageUrl(c.approvalId, c.stageIds[0] ?? ''), { body: approve(), signal: AbortSignal.timeout(150) }).catch(() => undefined);
    }
    const applied = t.running.sim.appliedDecisions().length;
    const cut = t.running.sim.callLog().filter((e) => e.fault === 'drop' || e.fault === 'hang');
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(cut.length + 1);
    expect(cut.every((e) => e.status === 0)).toBe(true);
  });

  it('lets most calls through at a low error rate', async () => {
    await fresh({ errorRate: 0.1 });
    let ok = 0;
    for (let i = 0; i < 40; i++) {
      try {
        if ((await t.call('GET', LIST, { signal: AbortSignal.timeout(400) })).status === 200) ok += 1;
      } catch {
        // drops and hangs are expected here
      }
    }
    expect(ok).toBeGreaterThan(25);
    expect(ok).toBeLessThan(40);
  });

  it('closes promptly even with a hung call open', async () => {
    await fresh({ errorRate: 1 });
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) pending.push(t.call('GET', LIST).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 100));
    expect(t.running.sim.callLog().some((e) => e.fault === 'hang')).toBe(true);
    const started = Date.now();
    await t.running.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await Promise.all(pending);
  });

  it('adds latency to every ARM response', async () => {
    await fresh({ latencyMs: 120 });
    const started = Date.now();
    await t.call('GET', LIST);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('paging', () => {
  it('pages with an absolute nextLink on its own origin until the list ends', async () => {
    await fresh({ pageSize: 2 });
    const names: unknown[] = [];
    let next: string | undefined = LIST;
    let pages = 0;
    while (next) {
      const res = await t.call('GET', next);
      expect(res.status).toBe(200);
      names.push(...(at(res.json, 'value') as unknown[]).map((v) => at(v, 'name')));
      next = at(res.json, 'nextLink') as string | undefined;
      if (next) expect(new URL(next).origin).toBe(t.running.url);
      if (next) expect(next).toContain('$skipToken=');
      pages += 1;
    }
    t.running.sim.setKnobs({ pageSize: 1000 });
    const all = await t.call('GET', LIST);
    expect(names).toHaveLength((at(all.json, 'value') as unknown[]).length);
    expect(new Set(names).size).toBe(names.length);
    expect(pages).toBe(Math.ceil(names.length / 2));
  });
});
