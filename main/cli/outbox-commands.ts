/**
 * CLI handlers for the outbox: `pim-approvals outbox [--json]` lists decisions and their
 * state (newest first); `pim-approvals sync [--json]` sends what waits and prints each
 * outcome; `pim-approvals cancel ID` withdraws a decision never sent. They open the outbox
 * the app uses (same directory, so its locks decide who drains), print through `io`, and
 * return an exit code; they never parse argv or exit.
 *
 * `sync` runs as the token's account (`{oid}.{tid}`, as the app's MSAL home account id) and
 * sends that account's decisions only: another person's decisions (the app's, signed in as
 * someone else) and entries an older CLI wrote without an account ('cli') are left alone
 * and reported, never sent with this token. A token that does not say whose it is cannot sync.
 *
 * Exit codes (exit-codes.ts): 0 all of this account's decisions sent, or nothing to send
 * (other accounts' waiting decisions do not count: they are not this token's to send); 1 an
 * error, a failed decision, an outcome that could not be saved, or decisions still waiting
 * (offline, throttled, another process is sending); 3 the token was refused or does not say
 * whose it is; 4 a decision lost to another approver (conflict); 5 Azure says a decision's
 * request expired. When several apply: 1, 3, 4, 5 in that order.
 * Never prints a justification or a token: stored error texts pass through the log redactor
 * too (journals of older versions may hold one); tenant text goes through inertText.
 */
import type { Clock } from '../core/clock';
import { redactText } from '../core/log/redact';
import { openOutbox, type Outbox, type OutboxOptions } from '../core/outbox/outbox';
import { describeReport } from '../core/outbox/journal';
import { armProbe } from '../core/outbox/online';
import { accountKey } from '../core/outbox/stage-key';
import type { OutboxEntry, SyncSummary } from '../core/outbox/types';
import type { CliIo, CommandContext, OptionValues } from './context';
import { exitCodes } from './exit-codes';
import { fsProblem, fsProblemFromText } from './fs-problem';
import { inertText } from './inert-text';
import { isJson, writeResult, type OutputFormat } from './output';
import { accountOf } from './whose-token';
import { clientServices } from './services';
import { accountColumn, entriesOfAccount, type AccountColumn } from './account-column';
import type { AccountRun } from './run-account';

export interface OutboxCommandContext {
  io: CliIo;
  options: OptionValues;
  clock: Clock;
  /** Builds the ARM client; only `sync` calls it. */
  arm: CommandContext['arm'];
  /** The Graph client for Entra ID and group decisions; absent or failing leaves those waiting. */
  graph?: CommandContext['graph'];
  /** The app's outbox directory: join(defaultDataDir(env), 'outbox'). */
  outboxDir: string;
  /** -o/--output; when absent, `options.json` picks json, else table. */
  output?: OutputFormat;
  signal?: AbortSignal;
  /** The run's accounts: --account narrows `outbox`; more than one adds the account column. */
  accounts?: AccountRun;
  /** Test seam: extra outbox options (probe, budgets, backoff). */
  outboxOptions?: Partial<OutboxOptions>;
}

/** The account id an older CLI wrote on its entries; it names nobody, so they are never sent. */
export const LEGACY_CLI_ACCOUNT = 'cli';

/** A stored text (an error Azure or the network gave) as printed: redacted like a log line, then made inert. */
const storedText = (text: string) => inertText(redactText(text));

const formatOf = (ctx: OutboxCommandContext): OutputFormat => ctx.output ?? (ctx.options.json === true ? 'json' : 'table');

/** What the CLI shows of an entry: everything but the justification, stored texts redacted; its short ID too. */
export function publicEntry(e: OutboxEntry): Omit<OutboxEntry, 'justification'> & { shortId: string } {
  const { justification: _hidden, ...rest } = e;
  return {
    ...rest,
    shortId: shortEntryId(e.id),
    outcomeMessage: e.outcomeMessage === null ? null : redactText(e.outcomeMessage),
    lastError: e.lastError ? { ...e.lastError, message: redactText(e.lastError.message) } : null,
  };
}

const stateLabel: Record<OutboxEntry['state'], string> = {
  queued: 'waiting',
  sending: 'sending',
  done: 'sent',
  conflict: 'conflict',
  expired: 'expired',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** Inert and redacted: stored texts never print a token, even from journals of older versions. */
function detail(e: OutboxEntry, now: number): string {
  if (e.outcomeMessage) return storedText(e.outcomeMessage);
  if (e.state === 'queued') {
    const wait = Math.ceil((e.notBefore - now) / 1000);
    const why = e.lastError ? ` (last try: ${storedText(e.lastError.message)})` : '';
    return (wait > 0 ? `Sends in ${wait} s` : 'Waiting to send') + why;
  }
  if (e.state === 'sending') return `Sending (attempt ${e.attempts})`;
  return e.lastError ? storedText(e.lastError.message) : '';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

function reportDamage(ctx: OutboxCommandContext, outbox: Outbox): void {
  for (const line of describeReport(outbox.report)) ctx.io.err(`pim-approvals: warning: outbox journal: ${inertText(line)}\n`);
}

const errorText = (err: unknown) => inertText(err instanceof Error ? err.message : 'unknown error');

/** `pim-approvals outbox [--json]`: newest first. Needs no token. */
export async function outboxList(ctx: OutboxCommandContext): Promise<number> {
  let outbox: Outbox;
  try {
    outbox = await openOutbox({ dir: ctx.outboxDir, api: () => null, clock: ctx.clock, ...ctx.outboxOptions });
  } catch (err) {
    ctx.io.err(`pim-approvals: could not read the outbox: ${errorText(err)}\n`);
    return exitCodes.error;
  }
  try {
    reportDamage(ctx, outbox);
    const known = ctx.accounts ? await ctx.accounts.remembered() : [];
    const mine = entriesOfAccount(ctx.accounts, known, outbox.list());
    if (!mine.ok) return mine.exitCode;
    const { entries } = mine;
    const column = accountColumn(known, entries.map((e) => e.accountId));
    const now = ctx.clock.now();
    writeResult(ctx.io, formatOf(ctx), {
      json: () => entries.map(publicEntry),
      table: () => (entries.length === 0 ? `The outbox is empty${ctx.accounts?.wanted ? ' for that account' : ''}.\n` : outboxTable(entries, now, column)),
      // short ID, state, verb, kind, role, scope, requester, decided at, detail, stage id, account id
      tsv: () =>
        entries.map((e) => [shortEntryId(e.id), e.state, e.result, e.kind, e.request.role, e.request.scope, e.request.requester, new Date(e.createdAt).toISOString(), detail(e, now), e.stageId, e.accountId]),
    });
    return exitCodes.ok;
  } finally {
    await outbox.close();
  }
}

function outboxTable(entries: readonly OutboxEntry[], now: number, column: AccountColumn): string {
  const account = (cells: string[], value: string) => (column.show ? [cells[0] as string, value, ...cells.slice(1)] : cells);
  const rows = [
    account(['ID', 'STATE', 'DECISION', 'REQUEST', 'REQUESTER', 'DECIDED', 'DETAIL'], 'ACCOUNT'),
    ...entries.map((e) => account([
      shortEntryId(e.id),
      stateLabel[e.state],
      e.result,
      `${inertText(e.request.role)} on ${inertText(e.request.scope)}`,
      inertText(e.request.requester),
      new Date(e.createdAt).toISOString().slice(0, 16).replace('T', ' '),
      detail(e, now),
    ], column.label(e.accountId))),
  ];
  return table(rows);
}

/** The short form `outbox` shows and `cancel` accepts (a unique prefix of the entry id). */
export function shortEntryId(id: string): string {
  return id.slice(0, 8);
}

export function exitCodeFor(summary: SyncSummary): number {
  if (summary.failed.length > 0 || (summary.pending.length > 0 && summary.needsSignIn.length === 0)) return exitCodes.error;
  if (summary.needsSignIn.length > 0) return exitCodes.auth;
  if (summary.conflict.length > 0) return exitCodes.conflict;
  if (summary.expired.length > 0) return exitCodes.gone;
  return exitCodes.ok;
}

/** Waiting decisions that belong to another account (or to none: an older CLI's), grouped for the report. */
export interface OtherAccountWaiting {
  accountId: string;
  /** Entry ids. */
  entries: string[];
  /** Written by an older CLI without an account: no token may send them. */
  legacy: boolean;
}

const isWaiting = (e: OutboxEntry) => e.state === 'queued' || e.state === 'sending';

export function waitingForOthers(entries: readonly OutboxEntry[], accountId: string): OtherAccountWaiting[] {
  const mine = accountKey(accountId);
  const groups = new Map<string, OtherAccountWaiting>();
  for (const e of entries) {
    if (!isWaiting(e) || accountKey(e.accountId) === mine) continue;
    const key = accountKey(e.accountId);
    const group = groups.get(key) ?? { accountId: e.accountId, entries: [], legacy: key === LEGACY_CLI_ACCOUNT };
    group.entries.push(e.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The run as far as this account goes: others' entries and accounts were never this token's
 * to send, and an unsaved outcome is reported as such, not as "still waiting" (on disk it is
 * still `sending`).
 */
function ownSummary(summary: SyncSummary, others: readonly OtherAccountWaiting[], unsaved: readonly OutboxEntry[]): SyncSummary {
  const notPending = new Set([...others.flatMap((o) => o.entries), ...unsaved.map((e) => e.id)]);
  const theirAccounts = new Set(others.map((o) => accountKey(o.accountId)));
  return {
    ...summary,
    pending: summary.pending.filter((id) => !notPending.has(id)),
    needsSignIn: summary.needsSignIn.filter((a) => !theirAccounts.has(accountKey(a))),
  };
}

function othersLines(others: readonly OtherAccountWaiting[]): string[] {
  const lines: string[] = [];
  const accounts = others.filter((o) => !o.legacy);
  const count = accounts.reduce((n, o) => n + o.entries.length, 0);
  if (count > 0) {
    const names = accounts.map((o) => inertText(o.accountId)).join(', ');
    lines.push(`${count} decision(s) wait for another account (${names}); they are sent when that account syncs (the app, or \`pim-approvals sync\` with its token).\n`);
  }
  const legacy = others.filter((o) => o.legacy).flatMap((o) => o.entries);
  if (legacy.length > 0) {
    lines.push(
      `${legacy.length} decision(s) were saved by an older pim-approvals without an account (${legacy.map(shortEntryId).join(', ')}); ` +
        'they are never sent as anyone: check them in the Azure portal, and cancel the ones never tried with `pim-approvals cancel ID`.\n',
    );
  }
  return lines;
}

/** "Owner on Prod (Jordan Lee)"; an entry made from a bare stage id kept no names, so its stage then. */
const requestText = (e: OutboxEntry) =>
  e.request.role || e.request.scope
    ? `${inertText(e.request.role)} on ${inertText(e.request.scope)} (${inertText(e.request.requester)})`
    : `stage ${inertText(e.stageId.split('/').pop())}`;

/** `pim-approvals sync [--json]`: sends this account's waiting decisions (waiting out short backoffs), prints each outcome. */
export async function sync(ctx: OutboxCommandContext): Promise<number> {
  const arm = await ctx.arm();
  if (!arm.ok) return arm.exitCode;
  const account = accountOf(arm, ctx.io);
  if (!account.ok) return account.exitCode;
  const mine = accountKey(account.accountId);
  const { client, principalId } = arm;
  // Building the Graph client calls nothing; its token is asked for only if a Graph entry waits.
  const graph = ctx.graph ? await ctx.graph() : null;
  const services = clientServices(client, graph?.ok ? graph.client : null);
  let outbox: Outbox;
  try {
    outbox = await openOutbox({
      dir: ctx.outboxDir,
      // Another account's decision is never sent with this token: it waits for its own.
      api: (accountId, kind) => (accountKey(accountId) !== mine ? null : services.of(kind)),
      clock: ctx.clock,
      probe: arm.probe ?? armProbe({ endpoint: client.origin }),
      principalId: async () => principalId,
      ...ctx.outboxOptions,
    });
  } catch (err) {
    ctx.io.err(`pim-approvals: could not open the outbox (${fsProblem(err)}).\n`);
    return exitCodes.error;
  }
  try {
    reportDamage(ctx, outbox);
    let facts: SyncSummary;
    try {
      facts = await outbox.sync(ctx.signal);
    } catch (err) {
      await outbox.refresh().catch(() => undefined);
      const maybeSent = outbox.list().filter((e) => e.state === 'sending' && accountKey(e.accountId) === mine).length;
      ctx.io.err(
        `pim-approvals: sending stopped: the outbox could not be written (${fsProblem(err)}). The decisions stay saved in the outbox` +
          `${maybeSent > 0 ? `; ${maybeSent} may already have reached Azure, and the next sync checks before sending again` : ''}. Run \`pim-approvals sync\` again when there is space.\n`,
      );
      return exitCodes.error;
    }
    const others = waitingForOthers(outbox.list(), account.accountId);
    const unsaved = facts.unsaved.filter((e) => accountKey(e.accountId) === mine);
    const summary = ownSummary(facts, others, unsaved);
    const problem = facts.journalError ? fsProblemFromText(facts.journalError) : 'the outbox could not be written';
    const code = unsaved.length > 0 || facts.journalError ? exitCodes.error : exitCodeFor(summary);
    const touched = [...summary.done, ...summary.conflict, ...summary.expired, ...summary.failed]
      .map((id) => outbox.get(id))
      .filter((e): e is OutboxEntry => !!e && !unsaved.some((u) => u.id === e.id));
    const format = formatOf(ctx);
    const said = (e: OutboxEntry) =>
      e.state === 'done' ? `Azure recorded: ${e.result === 'Approve' ? 'Approved' : 'Denied'}` : `Azure answered: ${e.outcomeMessage ? storedText(e.outcomeMessage) : e.state}`;
    const lines = (): string[] => {
      const out: string[] = [];
      for (const e of touched) out.push(`${e.outcomeMessage ? storedText(e.outcomeMessage) : e.state} — ${requestText(e)}\n`);
      for (const e of unsaved) out.push(`${said(e)} — but the result could not be saved (${problem}); run \`pim-approvals sync\` when there is space — ${requestText(e)}\n`);
      if (!summary.drained) out.push('Another PIM Approvals process is sending these decisions right now.\n');
      else if (summary.offline) out.push(`Offline: ${summary.pending.length} decision(s) wait in the outbox and will be sent when Azure is reachable.\n`);
      else if (summary.needsSignIn.length > 0) out.push('Sign in again to send the waiting decisions (pim-approvals login).\n');
      else if (summary.pending.length > 0) out.push(`${summary.pending.length} decision(s) still waiting (Azure asked us to retry later).\n`);
      if (summary.throttled > 0) out.push(`Azure throttled ${summary.throttled} call(s); they were retried after the time it asked for.\n`);
      out.push(...othersLines(others));
      if (touched.length === 0 && unsaved.length === 0 && summary.pending.length === 0 && others.length === 0) out.push('Nothing to send.\n');
      return out;
    };
    writeResult(ctx.io, format, {
      json: () => ({
        ...facts,
        pending: summary.pending,
        needsSignIn: summary.needsSignIn,
        accountId: account.accountId,
        exitCode: code,
        entries: touched.map(publicEntry),
        unsaved: unsaved.map(publicEntry),
        otherAccounts: others,
      }),
      table: () => lines().join(''),
      // One row per decision this run settled: short ID, state, verb, kind, what Azure said, stage id.
      tsv: () => [
        ...touched.map((e) => [shortEntryId(e.id), e.state, e.result, e.kind, e.outcomeMessage ? storedText(e.outcomeMessage) : e.state, e.stageId]),
        ...unsaved.map((e) => [shortEntryId(e.id), `${e.state} (not saved)`, e.result, e.kind, said(e), e.stageId]),
      ],
    });
    if (!isJson(format) && facts.journalError && unsaved.length === 0) {
      ctx.io.err(`pim-approvals: sending stopped: the outbox could not be written (${problem}). The decisions stay saved in the outbox; run \`pim-approvals sync\` again when there is space.\n`);
    }
    return code;
  } finally {
    await outbox.close();
  }
}

/** `pim-approvals cancel ID`: withdraws a decision that was never sent (ID: an entry id or its unique prefix, from `outbox`). Needs no token. */
export async function cancel(ctx: OutboxCommandContext, id: string | undefined): Promise<number> {
  const wanted = id?.trim().toLowerCase();
  if (!wanted) {
    ctx.io.err('pim-approvals: usage: pim-approvals cancel ID (the ID column of `pim-approvals outbox`)\n');
    return exitCodes.usage;
  }
  let outbox: Outbox;
  try {
    outbox = await openOutbox({ dir: ctx.outboxDir, api: () => null, clock: ctx.clock, ...ctx.outboxOptions });
  } catch (err) {
    ctx.io.err(`pim-approvals: could not read the outbox (${fsProblem(err)}).\n`);
    return exitCodes.error;
  }
  try {
    const mine = entriesOfAccount(ctx.accounts, ctx.accounts ? await ctx.accounts.remembered() : [], outbox.list());
    if (!mine.ok) return mine.exitCode;
    const matches = mine.entries.filter((e) => e.id.toLowerCase().startsWith(wanted));
    if (matches.length !== 1) {
      ctx.io.err(
        matches.length === 0
          ? `pim-approvals: no decision "${inertText(id)}" in the outbox (see \`pim-approvals outbox\`).\n`
          : `pim-approvals: "${inertText(id)}" matches ${matches.length} decisions; type more of the ID.\n`,
      );
      return matches.length === 0 ? exitCodes.gone : exitCodes.usage;
    }
    const entry = matches[0] as OutboxEntry;
    const done = await outbox.cancel(entry.id);
    if (!done.ok) {
      ctx.io.err(`pim-approvals: ${inertText(done.reason)}\n`);
      return exitCodes.error;
    }
    writeResult(ctx.io, formatOf(ctx), {
      json: () => ({ schema: 'pim-approvals/cancel@1', id: entry.id, shortId: shortEntryId(entry.id), cancelled: true, recordedResult: entry.result, kind: entry.kind, stageId: entry.stageId, accountId: entry.accountId }),
      table: () => `Cancelled: ${entry.result === 'Approve' ? 'approval' : 'denial'} of ${requestText(entry)}; nothing was sent.\n`,
      tsv: () => [[shortEntryId(entry.id), 'cancelled', entry.result, entry.kind, entry.stageId]],
    });
    return exitCodes.ok;
  } catch (err) {
    ctx.io.err(`pim-approvals: could not cancel (${fsProblem(err)}).\n`);
    return exitCodes.error;
  } finally {
    await outbox.close();
  }
}
