/**
 * The audit export of decisions kept in the outbox journal, for the CLI (`pim-approvals
 * history`) and the window ("Export CSV"): one row per decision with its ids (request,
 * approval, stage), what was recorded, when it was sent and what Azure confirmed, and —
 * only when asked — the justification. CSV follows RFC 4180 and neutralises spreadsheet
 * formulas (tenant text is hostile). Pure: entries in, rows and text out; never reads the
 * journal, never logs.
 */
import { redactText } from '../log/redact';
import { approvalIdOfStage } from '../services/stage-ids';
import type { DecisionKind, DecisionResult, EntryState, OutboxEntry } from './types';
import { isFinal } from './types';

export const HISTORY_SCHEMA = 'pim-approvals/history@1';

/** One decision for an audit. Times are ISO 8601 UTC. */
export interface HistoryRow {
  /** The outbox entry's id (`pim-approvals cancel`/`outbox` show its first 8 characters). */
  entryId: string;
  /** Whose decision: `{oid}.{tid}`. */
  accountId: string;
  kind: DecisionKind;
  requestId: string | null;
  approvalId: string | null;
  /** ARM stage id or Graph stage path: where the decision was sent. */
  stageId: string;
  role: string;
  scope: string;
  requester: string;
  requesterUpn: string | null;
  /** The verb the journal recorded (never the one typed later and refused). */
  recordedResult: DecisionResult;
  /** When the person decided (the entry was journaled). */
  decidedAt: string;
  /** When this app first called Azure for it; null while it was never sent. */
  firstSentAt: string | null;
  attempts: number;
  state: EntryState;
  /** The outcome in words (stored texts redacted as log lines are). */
  outcome: string;
  /** Who Azure says decided the stage, for a final state (me, or who won). */
  reviewedBy: string | null;
  /** Azure's review time of the stage, for a final state; null when Azure gave none or an older journal did not keep it. */
  reviewedDateTime: string | null;
  /** When this app recorded the final state (our clock, not Azure's); null while not final. */
  outcomeRecordedAt: string | null;
  /** Per call made for it: Azure's request id, else our client request id (support traces a decision with them). */
  traceIds: string[];
  /** Only with `withJustifications`. */
  justification?: string;
}

export interface HistoryOptions {
  /** Only decisions made at or after this time (epoch ms); null for all kept. */
  since: number | null;
  withJustifications: boolean;
}

/** The columns, in CSV order; `justification` last and only when asked. */
export const HISTORY_COLUMNS = [
  'decidedAt',
  'kind',
  'recordedResult',
  'state',
  'outcome',
  'role',
  'scope',
  'requester',
  'requesterUpn',
  'reviewedBy',
  'reviewedDateTime',
  'outcomeRecordedAt',
  'firstSentAt',
  'attempts',
  'requestId',
  'approvalId',
  'stageId',
  'entryId',
  'accountId',
  'traceIds',
] as const satisfies readonly (keyof HistoryRow)[];

const iso = (ms: number) => new Date(ms).toISOString();

/** The approval a stage belongs to: as recorded, else read from the stage id (an older journal kept none). */
function approvalIdOf(entry: OutboxEntry): string | null {
  return entry.request.approvalId || approvalIdOfStage(entry.stageId);
}

const pastTense: Record<DecisionResult, string> = { Approve: 'Approved', Deny: 'Denied' };

/** What became of it, in words; a stored sentence wins, redacted like a log line. */
function outcomeOf(entry: OutboxEntry): string {
  if (entry.outcomeMessage) return redactText(entry.outcomeMessage);
  switch (entry.state) {
    case 'queued':
      return 'Waiting to be sent';
    case 'sending':
      return 'Being sent';
    case 'done':
      return pastTense[entry.result];
    case 'conflict':
      return 'Decided by someone else first';
    case 'expired':
      return 'Expired before it could be sent';
    case 'failed':
      return entry.lastError ? redactText(entry.lastError.message) : 'Failed';
    case 'cancelled':
      return 'Cancelled before it was sent';
  }
}

export function historyRow(entry: OutboxEntry, withJustification: boolean): HistoryRow {
  const first = entry.requestIds[0];
  const final = isFinal(entry.state);
  return {
    entryId: entry.id,
    accountId: entry.accountId,
    kind: entry.kind,
    requestId: entry.request.requestId ?? null,
    approvalId: approvalIdOf(entry),
    stageId: entry.stageId,
    role: entry.request.role,
    scope: entry.request.scope,
    requester: entry.request.requester,
    requesterUpn: entry.request.requesterUpn ?? null,
    recordedResult: entry.result,
    decidedAt: iso(entry.createdAt),
    firstSentAt: first ? iso(first.at) : null,
    attempts: entry.attempts,
    state: entry.state,
    outcome: outcomeOf(entry),
    reviewedBy: final ? entry.decidedBy : null,
    reviewedDateTime: final ? (entry.reviewedAt ?? null) : null,
    outcomeRecordedAt: final ? iso(entry.updatedAt) : null,
    traceIds: entry.requestIds.map((t) => t.requestId ?? t.clientRequestId),
    ...(withJustification ? { justification: entry.justification } : {}),
  };
}

/** Every kept decision made since `options.since`, oldest first (an audit reads forward). */
export function historyRows(entries: readonly OutboxEntry[], options: HistoryOptions): HistoryRow[] {
  return entries
    .filter((e) => options.since === null || e.createdAt >= options.since)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => historyRow(e, options.withJustifications));
}

/** A spreadsheet would run a cell starting with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
// Escape, other C0 controls but tab/CR/LF, DEL, C1 and bidi controls: they move or hide text in a viewer.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;

/** One CSV field: hidden characters dropped, a formula start defused with `'`, quoted per RFC 4180 when needed. */
export function csvCell(value: string | number | boolean | null | undefined | readonly string[]): string {
  const raw = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  let text = raw.replace(HIDDEN, '');
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: a header line, then one record per row, every line ending CRLF. */
export function historyCsv(rows: readonly HistoryRow[], options: Pick<HistoryOptions, 'withJustifications'>): string {
  const columns: (keyof HistoryRow)[] = [...HISTORY_COLUMNS, ...(options.withJustifications ? (['justification'] as const) : [])];
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return lines.map((l) => `${l}\r\n`).join('');
}
