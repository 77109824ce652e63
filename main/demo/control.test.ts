// The HTTP control channel under /_sim/: guarded by x-sim-secret, same powers as SimControl,
// never in the ARM call log.
import { afterEach, describe, expect, it } from 'vitest';
import { APPROVALS, APPR_API, REQ_API, REQUESTS, approve, at, stageUrl, startTestSim, type TestSim } from '../../test/kit/sim-test-kit';

let t: TestSim;
afterEach(async () => {
  await t.running.close();
});

async function control(method: string, path: string, body?: unknown, secret: string | null = t.running.controlSecret) {
  const res = await fetch(`${t.running.url}/_sim/${path}`, {
    method,
    headers: { ...(secret !== null ? { 'x-sim-secret': secret } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('control channel', () => {
  it('answers 403 without the secret or with a wrong one, and changes nothing', async () => {
    t = await startTestSim({ scenario: { name: 'empty', requests: [] } });
    expect((await control('POST', 'requests', {}, null)).status).toBe(403);
    expect((await control('POST', 'requests', {}, 'wrong')).status).toBe(403);
    expect((await control('GET', 'log', undefined, null)).status).toBe(403);
    const list = await t.call('GET', `${APPROVALS}?${APPR_API}&$filter=asApprover()`);
    expect(at(list.json, 'value')).toEqual([]);
  });

  it('creates requests, lets another approver win, moves time and reports the log and oracle', async () => {
    t = await startTestSim({ scenario: { name: 'empty', requests: [] }, controlSecret: 'test-secret' });
    const created = await control('POST', 'requests', { requester: 'requester2', role: 'Owner', scope: 'prod' });
    expect(created.status).toBe(201);
    const approvalId = String(at(created.json, 'approvalId'));
    const stageId = String(at(created.json, 'stageIds', 0));
    expect((await control('POST', 'decide', { principal: 'approver2', stageId, result: 'Approve' })).status).toBe(200);
    const late = await t.call('PUT', stageUrl(approvalId, stageId), { body: approve() });
    expect(late.status).toBe(409);
    expect((await control('GET', 'applied')).json).toEqual([{ stageId, by: 'approver2', result: 'Approve', at: t.clock.now() }]);
    expect(at((await control('GET', `stages/${stageId}`)).json, 'properties', 'status')).toBe('Completed');

    const log = await control('GET', 'log');
    expect((log.json as unknown[]).map((e) => at(e, 'route'))).toEqual(['putStage']);
    expect((await control('POST', 'clear-log')).status).toBe(200);
    expect((await control('GET', 'log')).json).toEqual([]);

    const before = t.clock.now();
    expect((await control('POST', 'advance', { ms: 60_000 })).status).toBe(200);
    expect(t.clock.now()).toBe(before + 60_000);

    const knobs = await control('POST', 'knobs', { pageSize: 1, writeBucket: { burst: 5 } });
    expect(at(knobs.json, 'pageSize')).toBe(1);
    expect(at(knobs.json, 'writeBucket')).toEqual({ burst: 5, perSecond: 10 });
    const page = await t.call('GET', `${REQUESTS}?${REQ_API}&$filter=asApprover()`);
    expect(at(page.json, 'value')).toHaveLength(1);
    expect((await control('POST', 'knobs', { pageSize: 0 })).status).toBe(400);
    expect((await control('POST', 'knobs', { nonsense: true })).status).toBe(400);
    expect((await control('POST', 'decide', { principal: 'me', stageId: 'nope', result: 'Approve' })).status).toBe(400);
    expect(at((await control('GET', 'identities')).json, 'tokens', 'me')).toBe(t.running.tokens.me);
  });

  it('expires requests after advancing past the 24-hour window', async () => {
    t = await startTestSim({ scenario: 'expiring' });
    const pending = async () => {
      const res = await t.call('GET', `${REQUESTS}?${REQ_API}&$filter=asApprover()`);
      return (at(res.json, 'value') as unknown[]).filter((v) => at(v, 'properties', 'status') === 'PendingApproval').length;
    };
    expect(await pending()).toBe(5);
    await control('POST', 'advance', { ms: 10 * 60_000 });
    expect(await pending()).toBe(3);
    await control('POST', 'advance', { ms: 60 * 60_000 });
    expect(await pending()).toBe(1);
  });
});
