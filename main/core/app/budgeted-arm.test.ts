/** The poller's reads wait for the shared budget, are charged per HTTP attempt, and a 429 pauses it for everyone. */
import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../arm/client';
import { sendJson, startLoopback, type LoopbackServer } from '../../../test/kit/loopback-server';
import { VirtualClock } from '../clock';
import { createRateBudget } from '../outbox';
import { budgetedReads } from './budgeted-arm';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(answer: (n: number) => { status: number; retryAfter?: string }) {
  let n = 0;
  const server = await startLoopback((_hit, res) => {
    const { status, retryAfter } = answer(++n);
    if (retryAfter) res.setHeader('Retry-After', retryAfter);
    sendJson(res, status, status === 200 ? { value: [] } : { error: { code: 'TooManyRequests', message: 'slow down' } });
  });
  servers.push(server);
  const clock = new VirtualClock();
  const api = createArmClient({ endpoint: server.url, getToken: async () => 't', clock, retry: { maxAttempts: 1 } });
  const budgets = { reads: createRateBudget({ capacity: 2, refillPerSecond: 1, clock }), writes: createRateBudget({ capacity: 2, refillPerSecond: 1, clock }) };
  return { server, clock, budgets, api: budgetedReads(api, budgets) };
}

describe('budgetedReads', () => {
  it('a read beyond the budget waits for a token instead of going out', async () => {
    const { server, clock, api } = await setup(() => ({ status: 200 }));
    await api.listScheduleRequests('asApprover');
    await api.listScheduleRequests('asApprover');
    let third = false;
    const pending = api.listScheduleRequests('asApprover').then(() => (third = true));
    await clock.advance(100);
    expect(third).toBe(false);
    expect(server.hits).toHaveLength(2);
    await clock.advance(1_000);
    await pending;
    expect(server.hits).toHaveLength(3);
  });

  it('a read is charged per HTTP attempt: each page of a list and each retry of a GET take a token', async () => {
    let n = 0;
    const server = await startLoopback((hit, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 200, { value: [], nextLink: `${server.url}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?api-version=2020-10-01&$skipToken=p2` });
      if (n === 2) return sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } });
      return sendJson(res, 200, { value: [] });
    });
    servers.push(server);
    const clock = new VirtualClock();
    // Sleeps between retries return at once; the budgets' clock never moves, so nothing refills.
    const api = createArmClient({ endpoint: server.url, getToken: async () => 't', clock: { now: () => clock.now(), sleep: async () => undefined }, retry: { maxAttempts: 2 } });
    const budgets = { reads: createRateBudget({ capacity: 100, refillPerSecond: 1, clock }), writes: createRateBudget({ capacity: 100, refillPerSecond: 1, clock }) };
    const listed = await budgetedReads(api, budgets).listScheduleRequests('asApprover');
    expect(listed.ok).toBe(true);
    // Page 1, page 2 answered 503, page 2 again: three calls, three read tokens, no write token.
    expect(server.hits).toHaveLength(3);
    expect(100 - budgets.reads.available()).toBe(server.hits.length);
    expect(budgets.writes.available()).toBe(100);
  });

  it('a 429 pauses the shared budget for its Retry-After', async () => {
    const { clock, budgets, api } = await setup((n) => (n === 1 ? { status: 429, retryAfter: '5' } : { status: 200 }));
    const first = await api.listScheduleRequests('asApprover');
    expect(first).toMatchObject({ ok: false, error: { kind: 'throttled' } });
    expect(budgets.reads.tryTake()).toBe(false);
    await clock.advance(5_000);
    expect(budgets.reads.tryTake()).toBe(true);
  });

  it('a read that gets no answer fails as a timeout after its deadline, so the window says so at once', async () => {
    const server = await startLoopback(() => undefined); // takes the call, never answers
    servers.push(server);
    const clock = new VirtualClock();
    const api = createArmClient({ endpoint: server.url, getToken: async () => 't', clock });
    const budgets = { reads: createRateBudget({ capacity: 2, refillPerSecond: 1, clock }), writes: createRateBudget({ capacity: 2, refillPerSecond: 1, clock }) };
    const started = Date.now();
    const result = await budgetedReads(api, budgets, 300).listScheduleRequests('asApprover');
    expect(result).toEqual({ ok: false, error: { kind: 'timeout', message: 'Azure did not answer within 1 s.' } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
