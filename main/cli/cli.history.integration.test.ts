/**
 * `pim-approvals history` for audits (issue 17): every decision kept in the local outbox —
 * sent, lost to another approver, still waiting, long past — with its ids, the recorded
 * verb, Azure's confirmation and the outcome; `--since`; justifications only when asked;
 * CSV read back as a spreadsheet would (RFC 4180) with tenant text that starts like a
 * formula defused. Decisions made through the CLI against the PIM simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal } from '../core/outbox/journal';
import { csvObjects, csvRecords } from '../../test/kit/csv-records';
import { HISTORY_COLUMNS } from '../core/outbox/history-export';
import type { OutboxEntry } from '../core/outbox/types';
import { deadEndpoint, simAccountId, startCliWorld, type CliWorld } from '../../test/kit/cli-test-kit';

const worlds: CliWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const DAY = 86_400_000;

/** Three decisions through the CLI (sent, conflict, waiting offline) and one kept from 40 days ago with hostile names. */
async function auditedWorld(): Promise<{ w: CliWorld; ids: { sent: string; conflict: string; waiting: string } }> {
  const w = await startCliWorld('quiet');
  worlds.push(w);
  const [a, b, c] = (await w.items()).filter((i) => i.actionable);
  if (!a || !b || !c) throw new Error('need three actionable items');
  const old: OutboxEntry = {
    id: '0ld00000-0000-4000-8000-000000000001',
    accountId: simAccountId(w.s, 'me'),
    kind: 'azureResource',
    stageId: '/providers/Microsoft.Authorization/roleAssignmentApprovals/old/stages/s1',
    request: { role: '=HYPERLINK("http://evil.example","Owner")', scope: '+Prod', requester: '@SUM(1)' },
    result: 'Approve',
    justification: 'old reason',
    createdAt: Date.now() - 40 * DAY,
    updatedAt: Date.now() - 40 * DAY,
    notBefore: Date.now() - 40 * DAY,
    attempts: 0,
    state: 'cancelled',
    outcomeMessage: null,
    decidedBy: null,
    lastError: null,
    requestIds: [],
  };
  const { journal } = await openJournal(join(w.dataDir, 'outbox'));
  await journal.append([old]);

  expect((await w.cli(['approve', a.requestName.slice(0, 8), '-j', 'INC0012345 checked'])).code).toBe(0);
  w.s.sim.decideAs('approver2', b.id, 'Deny', 'not in the freeze');
  expect((await w.cli(['approve', b.requestName.slice(0, 8), '-j', 'looks fine'])).code).toBe(4);
  expect((await w.cli(['deny', c.id, '-j', 'on a train', '--arm-endpoint', await deadEndpoint()])).code).toBe(1);
  return { w, ids: { sent: a.id, conflict: b.id, waiting: c.id } };
}

describe('history', () => {
  it('-o csv: every kept decision, oldest first, with ids, recorded verb, confirmation and outcome; no justification', async () => {
    const { w, ids } = await auditedWorld();
    const r = await w.cli(['history', '-o', 'csv']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(csvRecords(r.out)[0]).toEqual([...HISTORY_COLUMNS]);
    const rows = csvObjects(r.out);
    expect(rows.map((row) => [row.stageId, row.state, row.recordedResult])).toEqual([
      ['/providers/Microsoft.Authorization/roleAssignmentApprovals/old/stages/s1', 'cancelled', 'Approve'],
      [ids.sent, 'done', 'Approve'],
      [ids.conflict, 'conflict', 'Approve'],
      [ids.waiting, 'queued', 'Deny'],
    ]);
    const [, sent, conflict, waiting] = rows;
    expect(sent).toMatchObject({ reviewedBy: w.s.principals.me?.displayName, outcome: expect.stringMatching(/^Approved/), kind: 'azureResource', accountId: simAccountId(w.s, 'me') });
    expect(Date.parse(sent?.firstSentAt ?? '')).toBeGreaterThanOrEqual(Date.parse(sent?.decidedAt ?? ''));
    expect(Date.parse(sent?.outcomeRecordedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(sent?.firstSentAt ?? ''));
    expect(sent?.requestId).toMatch(/\/roleAssignmentScheduleRequests\/[0-9a-f-]{36}$/i);
    expect(ids.sent.startsWith(`${sent?.approvalId}/stages/`)).toBe(true);
    expect(sent?.traceIds).not.toBe('');
    expect(conflict).toMatchObject({ reviewedBy: w.s.principals.approver2?.displayName, outcome: expect.stringMatching(/denied by/i) });
    expect(waiting).toMatchObject({ reviewedBy: '', outcomeRecordedAt: '', outcome: 'Waiting to be sent' });
    for (const secret of ['INC0012345 checked', 'looks fine', 'on a train', 'old reason']) expect(r.out).not.toContain(secret);
  });

  it('defuses tenant text that a spreadsheet would run as a formula', async () => {
    const { w } = await auditedWorld();
    const [old] = csvObjects((await w.cli(['history', '-o', 'csv'])).out);
    expect(old).toMatchObject({ role: `'=HYPERLINK("http://evil.example","Owner")`, scope: "'+Prod", requester: "'@SUM(1)" });
  });

  it('--since keeps the recent ones; --with-justifications adds them, as typed', async () => {
    const { w, ids } = await auditedWorld();
    const recent = csvObjects((await w.cli(['history', '--since', '30d', '-o', 'csv'])).out);
    expect(recent.map((row) => row.stageId)).toEqual([ids.sent, ids.conflict, ids.waiting]);
    const withReasons = await w.cli(['history', '--since', '30d', '--with-justifications', '-o', 'json']);
    expect(withReasons.code).toBe(0);
    const json = JSON.parse(withReasons.out) as { schema: string; withJustifications: boolean; since: string; decisions: { justification?: string }[] };
    expect(json).toMatchObject({ schema: 'pim-approvals/history@1', withJustifications: true });
    expect(Date.now() - Date.parse(json.since)).toBeGreaterThanOrEqual(30 * DAY);
    expect(json.decisions.map((d) => d.justification)).toEqual(['INC0012345 checked', 'looks fine', 'on a train']);
    const csv = csvObjects((await w.cli(['history', '--since', '30d', '--with-justifications', '-o', 'csv'])).out);
    expect(csv.map((row) => row.justification)).toEqual(['INC0012345 checked', 'looks fine', 'on a train']);
    const without = await w.cli(['history', '-o', 'json']);
    expect((JSON.parse(without.out) as { decisions: object[] }).decisions.every((d) => !('justification' in d))).toBe(true);
  });

  it('-o table reads as an audit trail; a bad --since is a usage error', async () => {
    const { w } = await auditedWorld();
    const table = await w.cli(['history', '--since', '1d']);
    expect(table.code).toBe(0);
    const [header, ...lines] = table.out.trim().split('\n');
    expect(header).toMatch(/^DECIDED \(UTC\)\s+KIND\s+DECISION\s+REQUEST\s+REQUESTER\s+REVIEWED BY\s+OUTCOME$/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d\s+Azure resource\s+Approve\s/);
    expect(await w.cli(['history', '--since', 'yesterday'])).toMatchObject({ code: 2, out: '', err: expect.stringMatching(/--since takes a span such as 30d/) });
  });
});
