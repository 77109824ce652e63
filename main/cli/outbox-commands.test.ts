import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock';
import { openOutbox, type Outbox } from '../core/outbox/outbox';
import { bareStageId, startTenant, type Tenant } from '../../test/kit/sim-fixture';
import type { OutboxOptions } from '../core/outbox/outbox';
import { exitCodeFor, outboxList, sync, type OutboxCommandContext } from './outbox-commands';
import { armRoute } from '../../test/kit/arm-route';

let dir: string;
let tenant: Tenant;
let app: Outbox; // the app's handle on the same directory: it enqueues, the CLI lists and sends
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-cli-'));
  tenant = await startTenant();
  app = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, undoMs: 0 });
});
afterEach(async () => {
  await app.close();
  await tenant.close();
  await rm(dir, { recursive: true, force: true });
});

function ctx(json = false, outboxOptions: Partial<OutboxOptions> = {}): OutboxCommandContext & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    io: { out: (t) => void (out += t), err: (t) => void (err += t) },
    options: { json },
    clock: systemClock,
    // The fixture's decisions belong to 'me@sim' (sim-fixture.ts); sync sends that account's only.
    arm: async () => ({ ok: true, client: tenant.api, tokenSource: 'test', principalId: tenant.running.principals['me']!.id, accountId: 'me@sim' }),
    outboxDir: dir,
    outboxOptions: { syncWaitMs: 5_000, ...outboxOptions },
    stdout: () => out,
    stderr: () => err,
  };
}

describe('pim-approvals outbox / sync', () => {
  it('lists decisions as a table and as JSON, never with the justification, names made inert', async () => {
    const [d] = tenant.decisions(1, { justification: 'HIDDEN-REASON', request: { role: 'Owner', scope: 'Prod-Payments', requester: 'Jordan \u001b[31mLee\u202e' } });
    await app.enqueue(d!);
    const c = ctx();
    expect(await outboxList(c)).toBe(0);
    expect(c.stdout()).toMatch(/^ID +STATE +DECISION +REQUEST +REQUESTER +DECIDED +DETAIL\n[0-9a-f]{8} +waiting +(Approve|Deny) +Owner on Prod-Payments +Jordan Lee +\d{4}-\d\d-\d\d \d\d:\d\d +Waiting to send\n$/);
    const j = ctx(true);
    expect(await outboxList(j)).toBe(0);
    const parsed = JSON.parse(j.stdout()) as Record<string, unknown>[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ state: 'queued', stageId: d!.stageId });
    expect(parsed[0]).not.toHaveProperty('justification');
    expect(j.stdout()).not.toContain('HIDDEN-REASON');
    expect(j.stdout()).not.toContain('\u202e');
  });

  it('an empty outbox says so', async () => {
    const c = ctx();
    expect(await outboxList(c)).toBe(0);
    expect(c.stdout()).toBe('The outbox is empty.\n');
    const s = ctx();
    expect(await sync(s)).toBe(0);
    expect(s.stdout()).toBe('Nothing to send.\n');
  });

  it('sync prints each outcome; exit 0 when all were sent', async () => {
    const [d] = tenant.decisions(1, { result: 'Approve', request: { role: 'Reader', scope: 'Dev', requester: 'Jordan Lee' } });
    await app.enqueue(d!);
    const c = ctx();
    expect(await sync(c)).toBe(0);
    expect(c.stdout()).toBe('Approved — Reader on Dev (Jordan Lee)\n');
    await app.refresh();
    expect(app.list()[0]?.state).toBe('done'); // the app sees what the CLI sent
  });

  it('exit 4 when another approver won', async () => {
    const [d] = tenant.decisions(1, { request: { role: 'Owner', scope: 'Prod', requester: 'Jordan Lee' } });
    tenant.running.sim.decideAs('approver2', bareStageId(d!.stageId), 'Approve', 'mine');
    await app.enqueue(d!);
    const c = ctx();
    expect(await sync(c)).toBe(4);
    expect(c.stdout()).toBe('Already approved by Sam Okafor — Owner on Prod (Jordan Lee)\n');
  });

  it('exit 5 when the request expired; JSON carries the summary and the code', async () => {
    const [d] = tenant.decisions(1);
    await app.enqueue(d!);
    await tenant.running.sim.advance(25 * 3_600_000);
    const c = ctx(true);
    expect(await sync(c)).toBe(5);
    const out = JSON.parse(c.stdout()) as { exitCode: number; expired: string[]; entries: { outcomeMessage: string }[] };
    expect(out.exitCode).toBe(5);
    expect(out.entries[0]!.outcomeMessage).toBe('Expired before it could be sent');
  });

  it('exit 1 when Azure refused (403), with its reason', async () => {
    const [d] = tenant.decisions(1, { approvers: ['approver2'] });
    await app.enqueue(d!);
    const c = ctx();
    expect(await sync(c)).toBe(1);
    expect(c.stdout()).toMatch(/^Azure refused the decision \(403\): .+ — Owner on Sub-\d+ \(Jordan Lee\)\n$/);
  });

  it('exit 1 while offline, saying the decisions wait', async () => {
    const [d] = tenant.decisions(1);
    await app.enqueue(d!);
    const c = ctx(false, { probe: async () => 'offline' });
    expect(await sync(c)).toBe(1);
    expect(c.stdout()).toBe('Offline: 1 decision(s) wait in the outbox and will be sent when Azure is reachable.\n');
  });

  it('without a token sync stops before touching the outbox', async () => {
    const c = { ...ctx(), arm: async () => ({ ok: false as const, exitCode: 3 }) };
    expect(await sync(c)).toBe(3);
  });

  it('exit code precedence: error, auth, conflict, expired', () => {
    const base = { done: [], conflict: [], expired: [], failed: [], pending: [], offline: false, needsSignIn: [], throttled: 0, drained: true, unsaved: [], journalError: null };
    expect(exitCodeFor(base)).toBe(0);
    expect(exitCodeFor({ ...base, expired: ['a'] })).toBe(5);
    expect(exitCodeFor({ ...base, expired: ['a'], conflict: ['b'] })).toBe(4);
    expect(exitCodeFor({ ...base, conflict: ['b'], pending: ['c'], needsSignIn: ['acc'] })).toBe(3);
    expect(exitCodeFor({ ...base, expired: ['a'], conflict: ['b'], failed: ['c'] })).toBe(1);
    expect(exitCodeFor({ ...base, pending: ['a'] })).toBe(1);
  });
});
