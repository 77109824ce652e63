/**
 * Whose decisions the CLI sends, and with which token (issue 15): `sync` runs as the
 * token's account and never sends another person's queued decisions; a token that does not
 * say whose it is cannot decide or sync; a token with whitespace or a control character is
 * refused before any request and never printed; `outbox` never prints a token an older
 * version stored in an error text. Against the PIM simulator, through main().
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { systemClock } from '../core/clock';
import { openOutbox } from '../core/outbox';
import { openJournal } from '../core/outbox/journal';
import type { OutboxEntry } from '../core/outbox/types';
import { startCliWorld, simAccountId, writes, type CliWorld, type Item } from '../../test/kit/cli-test-kit';

const worlds: CliWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(): Promise<CliWorld> {
  const w = await startCliWorld('quiet');
  worlds.push(w);
  return w;
}

/** A request both `me` (A) and approver2 (B) may approve. */
function sharedRequest(w: CliWorld): string {
  const r = w.s.sim.createRequest({ kind: 'azureResource', approvers: ['me', 'approver2'] });
  return `/providers/Microsoft.Authorization/roleAssignmentApprovals/${r.approvalId}/stages/${r.stageIds[0]}`;
}

/** What the app does for an account while offline: journal the decision under that account id. */
async function queueAsApp(w: CliWorld, accountId: string, stageId: string): Promise<void> {
  const outbox = await openOutbox({ dir: join(w.dataDir, 'outbox'), api: () => null, clock: systemClock, online: false });
  try {
    const r = await outbox.enqueue({ accountId, stageId, result: 'Approve', justification: 'from the app', request: { role: 'Owner', scope: 'Prod', requester: 'Jordan Lee' } });
    expect(r.status).toBe('created');
  } finally {
    await outbox.close();
  }
}

interface SyncJson {
  exitCode: number;
  accountId: string;
  done: string[];
  pending: string[];
  needsSignIn: string[];
  otherAccounts: { accountId: string; entries: string[]; legacy: boolean }[];
}

describe('sync runs as the token’s account', () => {
  it("B's token sends nothing of A's; A's token sends it once", async () => {
    const w = await world();
    const stage = sharedRequest(w);
    const a = simAccountId(w.s, 'me');
    await queueAsApp(w, a, stage);
    w.s.sim.clearLog();

    const asB = await w.cli(['sync'], { ARM_ACCESS_TOKEN: w.s.tokens.approver2 });
    expect(asB.err).toBe('');
    expect(asB.out).toBe(`1 decision(s) wait for another account (${a}); they are sent when that account syncs (the app, or \`pim-approvals sync\` with its token).\n`);
    expect(asB.code).toBe(0);
    const asBJson = JSON.parse((await w.cli(['sync', '--json'], { ARM_ACCESS_TOKEN: w.s.tokens.approver2 })).out) as SyncJson;
    expect(asBJson).toMatchObject({ exitCode: 0, accountId: simAccountId(w.s, 'approver2'), done: [], pending: [], needsSignIn: [] });
    expect(asBJson.otherAccounts).toEqual([{ accountId: a, entries: [expect.any(String)], legacy: false }]);
    expect(writes(w.s)).toEqual([]);

    const asA = await w.cli(['sync']);
    expect(asA).toMatchObject({ code: 0, out: 'Approved — Owner on Prod (Jordan Lee)\n' });
    expect(writes(w.s)).toHaveLength(1);
    expect(w.s.sim.appliedDecisions().map((d) => [d.by, d.result])).toEqual([['me', 'Approve']]);
  });

  it("B's approve sends B's decision only; A's queued one stays for A", async () => {
    const w = await world();
    const forA = sharedRequest(w);
    const forB = sharedRequest(w);
    await queueAsApp(w, simAccountId(w.s, 'me'), forA);
    w.s.sim.clearLog();
    const r = await w.cli(['approve', forB, '--justification', 'B decides'], { ARM_ACCESS_TOKEN: w.s.tokens.approver2 });
    expect(r.code).toBe(0);
    expect(w.s.sim.appliedDecisions().map((d) => [d.stageId, d.by])).toEqual([[forB.split('/').pop(), 'approver2']]);
    const listed = JSON.parse((await w.cli(['outbox', '--json'])).out) as { stageId: string; state: string }[];
    expect(listed.find((e) => e.stageId === forA)?.state).toBe('queued');
  });

  it("entries an older CLI wrote as 'cli' are left alone, reported, and can be cancelled", async () => {
    const w = await world();
    const stage = sharedRequest(w);
    await queueAsApp(w, 'cli', stage);
    w.s.sim.clearLog();
    const r = await w.cli(['sync']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^1 decision\(s\) were saved by an older pim-approvals without an account \(([0-9a-f]{8})\); they are never sent as anyone: .*`pim-approvals cancel ID`\.\n$/);
    expect(writes(w.s)).toEqual([]);
    const id = /\(([0-9a-f]{8})\)/.exec(r.out)?.[1] ?? '';
    expect(await w.cli(['cancel', id])).toMatchObject({ code: 0, out: 'Cancelled: approval of Owner on Prod (Jordan Lee); nothing was sent.\n' });
    expect((await w.cli(['sync'])).out).toBe('Nothing to send.\n');
  });

  it('a token that does not say whose it is cannot decide or sync, before any request', async () => {
    const w = await world();
    const [item] = (await w.items()).filter((i: Item) => i.actionable);
    if (!item) throw new Error('no actionable item');
    w.s.sim.clearLog();
    const opaque = { ARM_ACCESS_TOKEN: 'an-opaque-token-without-claims' };
    for (const argv of [['approve', item.id, '--justification', 'x'], ['deny', item.id, '--justification', 'x'], ['sync']]) {
      const r = await w.cli(argv, opaque);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/^pim-approvals: cannot tell whose token this is \(it carries no oid and tid claims\)/);
    }
    expect(w.s.sim.callLog()).toEqual([]);
  });
});

describe('one run acts as one person', () => {
  it("a Graph token of another person than the ARM token is not used: nothing read or sent with it", async () => {
    const w = await startCliWorld('mixed');
    worlds.push(w);
    const entra = (await w.items()).find((i) => i.kind === 'entraRole' && i.actionable);
    if (!entra) throw new Error('no actionable Entra ID item');
    w.s.sim.clearLog();
    const otherGraph = { GRAPH_ACCESS_TOKEN: w.s.graphTokens.approver2 };
    const listed = await w.cli(['list', '--kind', 'entra'], otherGraph);
    expect(listed.code).not.toBe(0);
    expect(listed.err).toContain('GRAPH_ACCESS_TOKEN belongs to another account than the ARM token; it was not used.');
    const decided = await w.cli(['approve', entra.id, '--justification', 'x'], otherGraph);
    expect(decided.code).not.toBe(0);
    expect(w.s.sim.callLog().filter((c) => c.route.startsWith('graph.'))).toEqual([]);
    expect(w.s.sim.appliedDecisions()).toEqual([]);
  });
});

describe('tokens are never printed', () => {
  /** Every 8-character piece of `secret`: none may appear in what the CLI printed. */
  function pieces(secret: string): string[] {
    const clean = secret.replace(/\s/g, '');
    return Array.from({ length: clean.length - 7 }, (_, i) => clean.slice(i, i + 8));
  }

  it.each([
    ['list', ['list']],
    ['approve', ['approve', 'whatever', '--justification', 'x']],
    ['sync', ['sync']],
    ['status', ['status']],
  ])('ARM_ACCESS_TOKEN with a newline inside: %s exits 3 before any request, printing no piece of it', async (_label, argv) => {
    const w = await world();
    const token = `${w.s.tokens.me.slice(0, 40)}\n${w.s.tokens.me.slice(40)}`;
    w.s.sim.clearLog();
    const r = await w.cli(argv, { ARM_ACCESS_TOKEN: token });
    expect(r.code).toBe(3);
    expect(r.err).toBe('pim-approvals: ARM_ACCESS_TOKEN contains whitespace or a control character; it was not used.\n');
    expect(w.s.sim.callLog()).toEqual([]);
    const printed = r.out + r.err;
    expect(pieces(token).filter((p) => printed.includes(p))).toEqual([]);
  });

  it('GRAPH_ACCESS_TOKEN with a control character is refused for the Graph kinds, unprinted', async () => {
    const w = await world();
    const token = `${w.s.graphTokens.me.slice(0, 30)}\u0007${w.s.graphTokens.me.slice(30)}`;
    const r = await w.cli(['list', '--kind', 'entra'], { GRAPH_ACCESS_TOKEN: token });
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('GRAPH_ACCESS_TOKEN contains whitespace or a control character; it was not used.');
    expect(w.s.sim.callLog().filter((c) => c.route.startsWith('graph.'))).toEqual([]);
    const printed = r.out + r.err;
    expect(pieces(token).filter((p) => printed.includes(p))).toEqual([]);
  });

  it('`outbox` redacts a token an older version stored in an error text, in the table and in JSON', async () => {
    const w = await world();
    const token = w.s.tokens.me;
    const { journal } = await openJournal(join(w.dataDir, 'outbox'));
    const now = Date.now();
    const entry: OutboxEntry = {
      id: '0badc0de-0000-4000-8000-000000000001',
      accountId: simAccountId(w.s, 'me'),
      kind: 'azureResource',
      stageId: '/providers/Microsoft.Authorization/roleAssignmentApprovals/a/stages/s',
      request: { role: 'Owner', scope: 'Prod', requester: 'Jordan Lee' },
      result: 'Approve',
      justification: 'kept secret',
      createdAt: now,
      updatedAt: now,
      notBefore: now,
      attempts: 1,
      state: 'failed',
      outcomeMessage: `Headers.append: "Bearer ${token}" is an invalid header value.`,
      decidedBy: null,
      lastError: { message: `Authorization: Bearer ${token}` },
      requestIds: [],
    };
    await journal.append([entry]);
    for (const argv of [['outbox'], ['outbox', '--json']]) {
      const r = await w.cli(argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain('0badc0de'); // the entry is listed (table: its short id; JSON: its id)
      expect(pieces(token).filter((p) => r.out.includes(p) || r.err.includes(p))).toEqual([]);
      expect(r.out).not.toContain('kept secret');
    }
  });
});
