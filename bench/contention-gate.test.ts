/**
 * The contention soak's gate over a real loopback upstream: it passes calls through
 * untouched, and an armed strike runs at the first read of a stage the process has not
 * written — before the answer reaches the process, once — never at a read after the write.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopback, type LoopbackServer } from '../test/kit/loopback-server';
import { startGate, stageOfPath, type Gate } from './contention-gate';

const STAGE = '/providers/Microsoft.Authorization/roleAssignmentApprovals/A1/stages/S1';
let upstream: LoopbackServer | undefined;
let gate: Gate | undefined;
afterEach(async () => {
  await gate?.close();
  await upstream?.close();
});

async function world() {
  upstream = await startLoopback((hit, res) => {
    res.writeHead(hit.method === 'GET' ? 200 : 204, { 'content-type': 'application/json', 'x-ms-request-id': 'r1' });
    res.end(hit.method === 'GET' ? JSON.stringify({ path: hit.path, body: hit.body }) : undefined);
  });
  gate = await startGate(upstream.url);
  return { upstream, gate };
}

describe('stageOfPath', () => {
  it('names the stage of ARM stage URLs and Graph step/stage paths, nothing else', () => {
    expect(stageOfPath(`${STAGE}?api-version=2021-01-01-preview`)).toBe('s1');
    expect(stageOfPath('/beta/roleManagement/directory/roleAssignmentApprovals/a/steps/S2')).toBe('s2');
    expect(stageOfPath('/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?$filter=asApprover()')).toBeNull();
  });
});

describe('gate', () => {
  it('passes method, path, body, status and headers through', async () => {
    const { upstream, gate } = await world();
    const put = await fetch(`${gate.url}${STAGE}?api-version=x`, { method: 'PUT', body: '{"properties":{}}', headers: { authorization: 'Bearer t' } });
    expect(put.status).toBe(204);
    const get = await fetch(`${gate.url}/other?q=1`);
    expect(get.headers.get('x-ms-request-id')).toBe('r1');
    expect(await get.json()).toEqual({ path: '/other?q=1', body: '' });
    expect(upstream.hits.map((h) => [h.method, h.path, h.body, h.headers.authorization])).toEqual([
      ['PUT', `${STAGE}?api-version=x`, '{"properties":{}}', 'Bearer t'],
      ['GET', '/other?q=1', '', undefined],
    ]);
  });

  it('strikes once, at the first read of an unwritten stage, before the answer arrives', async () => {
    const { gate } = await world();
    let answered = false;
    const strikes: { stage: string; answeredYet: boolean }[] = [];
    gate.arm((stage) => strikes.push({ stage, answeredYet: answered }));
    await fetch(`${gate.url}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests`).then((r) => r.text());
    await fetch(`${gate.url}${STAGE}`).then(async (r) => {
      await r.text();
      answered = true;
    });
    await fetch(`${gate.url}${STAGE}`).then((r) => r.text());
    expect(strikes).toEqual([{ stage: 's1', answeredYet: false }]);
  });

  it('never strikes at a read after the process wrote that stage, nor once disarmed', async () => {
    const { gate } = await world();
    const strikes: string[] = [];
    await fetch(`${gate.url}${STAGE}`, { method: 'PUT', body: '{}' }).then((r) => r.text());
    gate.arm((stage) => strikes.push(stage));
    await fetch(`${gate.url}${STAGE}`).then((r) => r.text());
    expect(strikes).toEqual([]);
    gate.disarm();
    await fetch(`${gate.url}${STAGE.replace('S1', 'S2')}`).then((r) => r.text());
    expect(strikes).toEqual([]);
    gate.arm((stage) => strikes.push(stage));
    await fetch(`${gate.url}${STAGE.replace('S1', 'S3')}`).then((r) => r.text());
    expect(strikes).toEqual(['s3']);
  });
});
