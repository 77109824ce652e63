/**
 * `history [--since 30d] [-o json|csv|table|tsv|none] [--with-justifications]`: every
 * decision kept in the local outbox journal, for audits — ids, the recorded verb, when it
 * was sent, Azure's confirmation and the outcome. Reads the journal only (no token, no
 * network); rows and CSV come from core/outbox/history-export.ts, shared with the window.
 * Justifications only with the flag; tenant text is inert in a table and defused in CSV.
 */
import { join } from 'node:path';
import { kindLabel } from '../../core/model/item-labels';
import { openOutbox } from '../../core/outbox';
import { HISTORY_COLUMNS, HISTORY_SCHEMA, historyCsv, historyRows, type HistoryRow } from '../../core/outbox/history-export';
import type { Command, CommandContext } from '../context';
import { exitCodes } from '../exit-codes';
import { table } from '../format';
import { fsProblem } from '../fs-problem';
import { inertText } from '../inert-text';
import { STANDARD_FORMATS, writeResult } from '../output';
import { parseSince } from '../since';
import { accountColumn, entriesOfAccount, type AccountColumn } from '../account-column';

export const historyCommand: Command = {
  summary: 'Every decision kept locally, for audits (JSON, CSV, table).',
  usage: 'history [--since SPAN|DATE] [--with-justifications] [-o FORMAT]',
  options: { since: { type: 'string' }, 'with-justifications': { type: 'boolean' } },
  outputs: [...STANDARD_FORMATS, 'csv'],
  optionHelp: [
    ['--since SPAN|DATE', 'only decisions made since then: 30d, 12h, 90m, 2w, or a date such as 2026-11-01 (default: all kept)'],
    ['--with-justifications', 'add each decision\'s justification (left out unless asked)'],
  ],
  details: [
    'Reads the local outbox journal (the app\'s and the CLI\'s decisions); needs no token. Oldest first.',
    '--account: that account\'s decisions only; with more than one account the table has an ACCOUNT column.',
    'reviewedBy is who Azure says decided; reviewedDateTime is Azure\'s time when kept (empty otherwise);',
    'outcomeRecordedAt is when this app recorded the final state (its clock); firstSentAt its first call.',
    'CSV is RFC 4180 (CRLF) with a header; a cell starting with = + - @ tab or CR gets a leading \' so no',
    `spreadsheet runs it. Columns: ${HISTORY_COLUMNS.join(', ')}[, justification]. -o tsv: the same, no header.`,
  ].join('\n'),
  examples: ['pim-approvals history --since 30d', 'pim-approvals history --since 30d -o csv > decisions.csv', 'pim-approvals history --since 2026-11-01 -o json --with-justifications'],
  run: runHistory,
};

async function runHistory(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) {
    ctx.io.err(`pim-approvals: history takes no arguments (got "${inertText(ctx.args[0])}").\n`);
    return exitCodes.usage;
  }
  const since = parseSince(ctx.options.since, ctx.clock.now());
  if (!since.ok) {
    ctx.io.err(`pim-approvals: ${since.error}\n`);
    return exitCodes.usage;
  }
  const withJustifications = ctx.options['with-justifications'] === true;
  const { defaultDataDir } = await import('../auth-commands');
  let entries;
  try {
    // Read only: nothing is sent (no service for any account) and nothing is added.
    const outbox = await openOutbox({ dir: join(defaultDataDir(ctx.env), 'outbox'), api: () => null, clock: ctx.clock });
    try {
      entries = outbox.list();
    } finally {
      await outbox.close();
    }
  } catch (err) {
    ctx.io.err(`pim-approvals: could not read the outbox (${fsProblem(err)}).\n`);
    return exitCodes.error;
  }
  const known = await ctx.accounts.remembered();
  const mine = entriesOfAccount(ctx.accounts, known, entries);
  if (!mine.ok) return mine.exitCode;
  const rows = historyRows(mine.entries, { since: since.since, withJustifications });
  const column = accountColumn(known, rows.map((r) => r.accountId));
  writeResult(ctx.io, ctx.output, {
    json: () => ({ schema: HISTORY_SCHEMA, since: since.since === null ? null : new Date(since.since).toISOString(), withJustifications, decisions: rows }),
    csv: () => historyCsv(rows, { withJustifications }),
    tsv: () => rows.map((r) => [...HISTORY_COLUMNS.map((c) => cellText(r[c])), ...(withJustifications ? [r.justification ?? ''] : [])]),
    table: () => (rows.length === 0 ? `No decisions are kept${since.since === null ? '' : ' since then'}.\n` : historyTable(rows, withJustifications, column)),
  });
  return exitCodes.ok;
}

const cellText = (v: HistoryRow[keyof HistoryRow]): string | number | null => (Array.isArray(v) ? v.join(' ') : (v ?? null));

const minute = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}` : '');

function historyTable(rows: readonly HistoryRow[], withJustifications: boolean, column: AccountColumn): string {
  const header = ['DECIDED (UTC)', ...(column.show ? ['ACCOUNT'] : []), 'KIND', 'DECISION', 'REQUEST', 'REQUESTER', 'REVIEWED BY', 'OUTCOME', ...(withJustifications ? ['JUSTIFICATION'] : [])];
  const body = rows.map((r) => [
    minute(r.decidedAt),
    ...(column.show ? [column.label(r.accountId)] : []),
    kindLabel(r.kind),
    r.recordedResult,
    r.role || r.scope ? `${inertText(r.role)} on ${inertText(r.scope)}` : `stage ${inertText(r.stageId.split('/').pop())}`,
    inertText(r.requester),
    inertText(r.reviewedBy),
    inertText(r.outcome),
    ...(withJustifications ? [inertText(r.justification)] : []),
  ]);
  return table(header, body);
}
