import { describe, expect, it } from 'vitest';
import { csvObjects, csvRecords } from '../../../test/kit/csv-records';
import { csvCell, HISTORY_COLUMNS, historyCsv, historyRows } from './history-export';
import { makeEntry } from '../../../test/kit/test-entries';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 23, 10, 4);

const done = makeEntry({
  id: 'e-done',
  createdAt: T0,
  updatedAt: T0 + 3_000,
  attempts: 1,
  state: 'done',
  outcomeMessage: 'Approved',
  decidedBy: 'Alex Rivera',
  request: {
    role: 'Owner',
    scope: 'Prod-Payments',
    requester: 'Jordan Lee',
    requesterUpn: 'jordan@contoso.example',
    requestId: '/subscriptions/s1/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/r1',
    approvalId: '/providers/Microsoft.Authorization/roleAssignmentApprovals/a1',
  },
  requestIds: [{ attempt: 1, clientRequestId: 'c-1', requestId: 'arm-1', at: T0 + 1_000 }],
});
const queued = makeEntry({ id: 'e-queued', kind: 'entraRole', stageId: '/beta/roleManagement/directory/roleAssignmentApprovals/ap9/steps/st9', createdAt: T0 + DAY, updatedAt: T0 + DAY });
const old = makeEntry({ id: 'e-old', createdAt: T0 - 40 * DAY, updatedAt: T0 - 40 * DAY, state: 'cancelled' });

describe('history rows', () => {
  it('one row per decision, oldest first, with its ids, what was recorded, sent and confirmed', () => {
    const rows = historyRows([queued, done, old], { since: null, withJustifications: false });
    expect(rows.map((r) => r.entryId)).toEqual(['e-old', 'e-done', 'e-queued']);
    expect(rows[1]).toEqual({
      entryId: 'e-done',
      accountId: 'acc',
      kind: 'azureResource',
      requestId: '/subscriptions/s1/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/r1',
      approvalId: '/providers/Microsoft.Authorization/roleAssignmentApprovals/a1',
      stageId: done.stageId,
      role: 'Owner',
      scope: 'Prod-Payments',
      requester: 'Jordan Lee',
      requesterUpn: 'jordan@contoso.example',
      recordedResult: 'Approve',
      decidedAt: '2026-11-23T10:04:00.000Z',
      firstSentAt: '2026-11-23T10:04:01.000Z',
      attempts: 1,
      state: 'done',
      outcome: 'Approved',
      reviewedBy: 'Alex Rivera',
      reviewedDateTime: null,
      outcomeRecordedAt: '2026-11-23T10:04:03.000Z',
      traceIds: ['arm-1'],
    });
  });

  it('a waiting decision has no confirmation yet; a Graph stage path names its approval', () => {
    const [row] = historyRows([queued], { since: null, withJustifications: false });
    expect(row).toMatchObject({ state: 'queued', outcome: 'Waiting to be sent', firstSentAt: null, reviewedBy: null, outcomeRecordedAt: null, approvalId: 'ap9' });
  });

  it('an older entry without a recorded approval id gets it from the stage id, in the shape its service names approvals', () => {
    const arm = makeEntry({ id: 'e-arm', stageId: '/subscriptions/s1/providers/Microsoft.Authorization/roleAssignmentApprovals/a7/stages/s7', request: { role: 'Owner', scope: 'Prod', requester: 'Ada', approvalId: null } });
    const group = makeEntry({ id: 'e-group', kind: 'group', stageId: '/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/g7/stages/gs7', request: { role: 'Owner', scope: 'Prod', requester: 'Ada', approvalId: null } });
    const odd = makeEntry({ id: 'e-odd', stageId: 'not/a/stage/id', request: { role: 'Owner', scope: 'Prod', requester: 'Ada', approvalId: null } });
    const rows = historyRows([arm, group, odd], { since: null, withJustifications: false });
    expect(rows.map((r) => [r.entryId, r.approvalId])).toEqual([
      ['e-arm', '/subscriptions/s1/providers/Microsoft.Authorization/roleAssignmentApprovals/a7'],
      ['e-group', 'g7'],
      ['e-odd', null],
    ]);
  });

  it('--since keeps decisions made at or after it', () => {
    expect(historyRows([queued, done, old], { since: T0, withJustifications: false }).map((r) => r.entryId)).toEqual(['e-done', 'e-queued']);
  });

  it('carries the justification only when asked', () => {
    expect(historyRows([done], { since: null, withJustifications: false })[0]).not.toHaveProperty('justification');
    expect(historyRows([done], { since: null, withJustifications: true })[0]?.justification).toBe('secret words');
  });

  it('redacts a token an older version stored in an outcome text', () => {
    const token = `eyJ${'a'.repeat(20)}.${'b'.repeat(20)}.${'c'.repeat(20)}`;
    const [row] = historyRows([makeEntry({ state: 'failed', outcomeMessage: `Authorization: Bearer ${token}` })], { since: null, withJustifications: false });
    expect(row?.outcome).not.toContain(token.slice(0, 24));
  });
});

describe('history CSV', () => {
  it('is RFC 4180: a header, CRLF records, quotes doubled, commas and newlines quoted', () => {
    const tricky = makeEntry({ id: 'e-tricky', request: { role: 'Owner, "all"', scope: 'line one\nline two', requester: 'Ada' }, justification: 'because, "really"\r\nyes' });
    const csv = historyCsv(historyRows([tricky], { since: null, withJustifications: true }), { withJustifications: true });
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = csvRecords(csv);
    expect(records[0]).toEqual([...HISTORY_COLUMNS, 'justification']);
    const [row] = csvObjects(csv);
    expect(row).toMatchObject({ role: 'Owner, "all"', scope: 'line one\nline two', justification: 'because, "really"\r\nyes', entryId: 'e-tricky' });
  });

  it('has no justification column without the flag', () => {
    const csv = historyCsv(historyRows([done], { since: null, withJustifications: false }), { withJustifications: false });
    expect(csvRecords(csv)[0]).not.toContain('justification');
    expect(csv).not.toContain('secret words');
  });

  it.each([['=HYPERLINK("http://evil.example","x")'], ['+1+1'], ['-2+3'], ['@SUM(A1)'], ['\tstarts with a tab'], ['\r=cmd']])('defuses a cell starting like a formula: %j', (hostile) => {
    const csv = historyCsv(historyRows([makeEntry({ request: { role: hostile, scope: 'Prod', requester: hostile } })], { since: null, withJustifications: false }), { withJustifications: false });
    const [row] = csvObjects(csv);
    expect(row?.role).toBe(`'${hostile}`);
    expect(row?.requester).toBe(`'${hostile}`);
  });

  it('drops escape, control and bidi characters, keeps the text', () => {
    expect(csvCell('\u001b[31mEvil\u001b[0m \u202egnp.exe\u0007')).toBe('[31mEvil[0m gnp.exe');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['a', 'b'])).toBe('a b');
    expect(csvCell('plain')).toBe('plain');
  });
});
