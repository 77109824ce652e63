/**
 * What `approve` and `deny` say is what was recorded and what Azure answered (issue 15):
 * an opposite decision is refused whatever the request is called, a repeat tells the
 * decision's true state, the app's entry for the same person and stage is the same
 * decision (one write), and a clock that runs ahead hides nothing and decides nothing.
 * Against the PIM simulator, through main(); output parsed, exit codes and writes asserted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { systemClock } from '../core/clock';
import { openOutbox, requestSummaryOf } from '../core/outbox';
import type { QueueItem } from '../core/queue/queue-item';
import { deadEndpoint, startCliWorld, simAccountId, writes, type CliWorld, type Item } from '../../test/kit/cli-test-kit';

const worlds: CliWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(scenario = 'quiet'): Promise<CliWorld> {
  const w = await startCliWorld(scenario);
  worlds.push(w);
  return w;
}

async function twoActionable(w: CliWorld): Promise<[Item, Item]> {
  const [a, b] = (await w.items()).filter((i) => i.actionable && i.kind === 'azureResource');
  if (!a || !b) throw new Error('need two actionable Azure resource items');
  return [a, b];
}

interface DecisionJson {
  schema: string;
  requestId: string | null;
  stageId: string;
  kind: string;
  role: string;
  scope: string;
  requester: string;
  recordedResult: string | null;
  state: string | null;
  reviewedBy: string | null;
  message: string;
  exitCode: number;
  refused?: boolean;
  existing?: boolean;
}

// The namings of one request a user may type: what `list` shows, the stage id in two letter cases, the request id.
const namings: [string, (i: Item) => string][] = [
  ['a request-name prefix', (i) => i.requestName.slice(0, 8)],
  ['the stage id', (i) => i.id],
  ['the stage id upper-cased', (i) => i.id.toUpperCase()],
  ['the request id', (i) => i.requestId],
];

describe('approve/deny say what was recorded', () => {
  it.each(namings)('deny after approve is refused (exit 6) when named by %s; Azure keeps the approval', async (_label, name) => {
    const w = await world();
    const [a] = await twoActionable(w);
    const approved = await w.cli(['approve', a.requestName.slice(0, 8), '--justification', 'checked INC0012345']);
    expect(approved).toMatchObject({ code: 0, out: `Approved: ${a.role.displayName} on ${a.scope.displayName} for ${a.requester.displayName}\n` });

    const denied = await w.cli(['deny', name(a), '--justification', 'oops']);
    expect(denied.out).toBe('');
    expect(denied.err).toMatch(/^pim-approvals: refused: You already approved this; it was sent at \d\d:\d\d and Azure records Approve\.\n$/);
    expect(denied.code).toBe(6);
    expect(writes(w.s)).toHaveLength(1);
    expect(w.s.sim.appliedDecisions().map((d) => d.result)).toEqual(['Approve']);
  });

  it('approve after deny is refused the same way, and --json says so in one object', async () => {
    const w = await world();
    const [, b] = await twoActionable(w);
    expect((await w.cli(['deny', b.id, '--justification', 'not now'])).out).toMatch(/^Denied: /);
    const r = await w.cli(['approve', b.requestName, '--justification', 'changed my mind', '--json']);
    expect(r.code).toBe(6);
    const json = JSON.parse(r.out) as DecisionJson;
    expect(json).toMatchObject({ schema: 'pim-approvals/decision@1', refused: true, recordedResult: 'Deny', state: 'done', exitCode: 6, stageId: b.id, kind: 'azureResource' });
    expect(json.message).toMatch(/^refused: You already denied this/);
    expect(r.err).toMatch(/^pim-approvals: refused: /);
    expect(w.s.sim.appliedDecisions().map((d) => d.result)).toEqual(['Deny']);
  });

  it('--json on a decision sent now carries the request, the recorded verb, the state and who reviewed', async () => {
    const w = await world();
    const [a] = await twoActionable(w);
    const r = await w.cli(['approve', a.requestName.slice(0, 8), '--justification', 'INC1', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const json = JSON.parse(r.out) as DecisionJson;
    expect(json).toMatchObject({
      schema: 'pim-approvals/decision@1',
      requestId: a.requestId,
      stageId: a.id,
      kind: 'azureResource',
      role: a.role.displayName,
      scope: a.scope.displayName,
      requester: a.requester.displayName,
      recordedResult: 'Approve',
      state: 'done',
      reviewedBy: w.s.principals['me']?.displayName,
      exitCode: 0,
    });
    expect(json).not.toHaveProperty('refused');
    expect(r.out).not.toContain('INC1');
  });

  it('a repeat of a decision still waiting says so (exit 0); the opposite one is refused until it is undone', async () => {
    const w = await world();
    const [a] = await twoActionable(w);
    const offline = ['--arm-endpoint', await deadEndpoint()];
    const first = await w.cli(['approve', a.id, '--justification', 'on a train', ...offline]);
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/not sent yet.*saved in the outbox/);
    const again = await w.cli(['approve', a.id, '--justification', 'on a train', ...offline]);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toMatch(/^Already approved; it waits to be sent \(.+\)\.\n$/);
    const opposite = await w.cli(['deny', a.id.toUpperCase(), '--justification', 'no', ...offline]);
    expect(opposite.code).toBe(6);
    expect(opposite.err).toBe('pim-approvals: refused: You already approved this; the approval waits to be sent — undo it first.\n');
    expect(writes(w.s)).toEqual([]);
  });

  it.each(namings.slice(0, 2))('another approver first is exit 4 when named by %s', async (_label, name) => {
    const w = await world();
    const [a] = await twoActionable(w);
    w.s.sim.decideAs('approver2', a.id, 'Deny', 'no');
    const r = await w.cli(['approve', name(a), '--justification', 'yes']);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/^pim-approvals: Already denied by .+; nothing was changed\.\n$/);
    expect(writes(w.s)).toEqual([]);
  });
});

describe('Graph requests named after they were decided', () => {
  // Graph lists a request only while it waits, so after a decision only the outbox still knows it.
  it.each([
    ['the request id', (i: Item) => i.requestId],
    ['the stage path', (i: Item) => i.id],
  ])('deny after approve of an Entra ID role named by %s is refused (exit 6), not "not found"', async (_label, name) => {
    const w = await world('mixed');
    const entra = (await w.items()).find((i) => i.kind === 'entraRole' && i.actionable);
    if (!entra) throw new Error('no actionable Entra ID item');
    expect((await w.cli(['approve', entra.requestName, '--justification', 'INC0077001'])).code).toBe(0);
    const r = await w.cli(['deny', name(entra), '--justification', 'oops']);
    expect(r.err).toMatch(/^pim-approvals: refused: You already approved this; it was sent at \d\d:\d\d and Azure records Approve\.\n$/);
    expect(r.code).toBe(6);
    expect(w.s.sim.appliedDecisions().map((d) => d.result)).toEqual(['Approve']);
  });
});

describe("the app's decision and the CLI's are one decision", () => {
  /**
   * The app's decision for `me`: its outbox enqueues with the session's account id (MSAL's
   * homeAccountId, `{oid}.{tid}`), as main/core/app/outbox-decisions.ts does; this app is offline
   * or signed out for sending (api null), so the entry waits.
   */
  async function appDecides(w: CliWorld, item: Item, online: boolean) {
    const outbox = await openOutbox({ dir: join(w.dataDir, 'outbox'), api: () => null, clock: systemClock, undoMs: 5_000, online });
    try {
      const shown = JSON.parse((await w.cli(['show', item.id, '--json'])).out) as { item: QueueItem };
      const enqueued = await outbox.enqueue({
        accountId: simAccountId(w.s, 'me'),
        kind: shown.item.kind,
        stageId: shown.item.id,
        result: 'Approve',
        justification: 'approved in the app',
        request: requestSummaryOf(shown.item),
      });
      return enqueued.status;
    } finally {
      await outbox.close();
    }
  }

  it('an app decision queued offline and `approve` for the same stage (other letter case) make one write', async () => {
    const w = await world();
    const [a] = await twoActionable(w);
    expect(await appDecides(w, a, false)).toBe('created');
    w.s.sim.clearLog();
    const r = await w.cli(['approve', a.id.toUpperCase(), '--justification', 'approved on the command line']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(`Approved: ${a.role.displayName} on ${a.scope.displayName} for ${a.requester.displayName} (it was already waiting in the outbox; sent now)\n`);
    expect(writes(w.s)).toHaveLength(1);
    // Nothing is left for the app or a sync to send a second time.
    expect(await w.cli(['sync'])).toMatchObject({ code: 0, out: 'Nothing to send.\n' });
    const again = await w.cli(['approve', a.requestName, '--justification', 'approved on the command line']);
    expect(again.code).toBe(4);
    expect(again.err).toMatch(/Already approved by you at \d\d:\d\d; nothing changed/);
    expect(writes(w.s)).toHaveLength(1);
    expect(w.s.sim.appliedDecisions()).toHaveLength(1);
  });

  it("an app decision in its undo window is reported as waiting, and the CLI does not cut the window short", async () => {
    const w = await world();
    const [a] = await twoActionable(w);
    await appDecides(w, a, true);
    w.s.sim.clearLog();
    const r = await w.cli(['approve', a.id, '--justification', 'approved on the command line', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as DecisionJson;
    expect(json).toMatchObject({ existing: true, state: 'queued', recordedResult: 'Approve' });
    expect(json.message).toMatch(/^Already approved; it waits to be sent \(it goes out in \d s\)\.$/);
    expect(writes(w.s)).toEqual([]);
  });
});

describe('a clock two days ahead', () => {
  const ahead = { now: () => Date.now() + 2 * 24 * 3_600_000, sleep: systemClock.sleep };

  it('list still shows what Azure lists as waiting, and approve sends it (one write, exit 0)', async () => {
    const w = await world();
    const [a] = await twoActionable(w);
    const listed = await w.cli(['list', '--json'], {}, { clock: ahead });
    expect(listed.code).toBe(0);
    const ids = (JSON.parse(listed.out) as { items: Item[] }).items.map((i) => i.id);
    expect(ids).toContain(a.id);
    const table = await w.cli(['list'], {}, { clock: ahead });
    expect(table.out).not.toMatch(/expired/i);
    const r = await w.cli(['approve', a.requestName.slice(0, 8), '--justification', 'clock is off'], {}, { clock: ahead });
    expect(r.err).toBe('');
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^Approved: /) });
    expect(writes(w.s)).toHaveLength(1);
    expect(w.s.sim.appliedDecisions().map((d) => d.result)).toEqual(['Approve']);
  });
});
