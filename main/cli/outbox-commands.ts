/**
 * CLI handlers for the outbox: `pim-approvals outbox [--json]` lists decisions and their
 * state (newest first); `pim-approvals sync [--json]` sends what waits and prints each
 * outcome. They open the outbox the app uses (same directory, so its locks decide who
 * drains), print through `io`, and return an exit code; they never parse argv or exit.
 *
 * Wiring (main/cli/commands.ts / index.ts, owned by the CLI's author) — CommandContext
 * already has io, options, clock and arm(); add the outbox directory:
 *   import { defaultDataDir } from './auth-commands';
 *   const outboxDir = (ctx: CommandContext) => join(defaultDataDir(ctx.env), 'outbox');
 *   outbox: { summary: 'Show decisions waiting to be sent and their results.', usage: 'outbox [--json]',
 *             run: (ctx) => outboxList({ ...ctx, outboxDir: outboxDir(ctx) }) },
 *   sync:   { summary: 'Send the decisions waiting in the outbox.', usage: 'sync [--json]',
 *             run: (ctx) => sync({ ...ctx, outboxDir: outboxDir(ctx) }) },
 * (`--json` is a global option already.) Pass `accountId` once the CLI knows which of the
 * app's accounts its token belongs to; until then sync sends every account's entries with
 * the one token it has.
 *
 * Exit codes (exit-codes.ts): 0 all sent or nothing to send; 1 an error, a failed
 * decision, or decisions still waiting (offline, throttled, another process is sending);
 * 3 the token was refused; 4 a decision lost to another approver (conflict); 5 a decision
 * expired. When several apply: 1, 3, 4, 5 in that order.
 * Never prints a justification or a token; tenant text goes through inertText.
 */
import type { Clock } from '../core/clock';
import { openOutbox, type Outbox, type OutboxOptions } from '../core/outbox/outbox';
import { describeReport } from '../core/outbox/journal';
import { armProbe } from '../core/outbox/online';
import type { OutboxEntry, SyncSummary } from '../core/outbox/types';
import type { CliIo, CommandContext, OptionValues } from './context';
import { exitCodes } from './exit-codes';
import { inertJson, inertText } from './inert-text';

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
  /** Only this account's decisions are sent (others wait for the app). */
  accountId?: string;
  signal?: AbortSignal;
  /** Test seam: extra outbox options (probe, budgets, backoff). */
  outboxOptions?: Partial<OutboxOptions>;
}

/** What the CLI shows of an entry: everything but the justification. */
export function publicEntry(e: OutboxEntry): Omit<OutboxEntry, 'justification'> {
  const { justification: _hidden, ...rest } = e;
  return rest;
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

function detail(e: OutboxEntry, now: number): string {
  if (e.outcomeMessage) return e.outcomeMessage;
  if (e.state === 'queued') {
    const wait = Math.ceil((e.notBefore - now) / 1000);
    const why = e.lastError ? ` (last try: ${e.lastError.message})` : '';
    return (wait > 0 ? `Sends in ${wait} s` : 'Waiting to send') + why;
  }
  if (e.state === 'sending') return `Sending (attempt ${e.attempts})`;
  return e.lastError?.message ?? '';
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
    const entries = outbox.list();
    if (ctx.options.json === true) {
      ctx.io.out(inertJson(entries.map(publicEntry)) + '\n');
      return exitCodes.ok;
    }
    if (entries.length === 0) {
      ctx.io.out('The outbox is empty.\n');
      return exitCodes.ok;
    }
    const now = ctx.clock.now();
    const rows = [
      ['STATE', 'DECISION', 'REQUEST', 'REQUESTER', 'DECIDED', 'DETAIL'],
      ...entries.map((e) => [
        stateLabel[e.state],
        e.result,
        `${inertText(e.request.role)} on ${inertText(e.request.scope)}`,
        inertText(e.request.requester),
        new Date(e.createdAt).toISOString().slice(0, 16).replace('T', ' '),
        inertText(detail(e, now)),
      ]),
    ];
    ctx.io.out(table(rows));
    return exitCodes.ok;
  } finally {
    await outbox.close();
  }
}

export function exitCodeFor(summary: SyncSummary): number {
  if (summary.failed.length > 0 || (summary.pending.length > 0 && summary.needsSignIn.length === 0)) return exitCodes.error;
  if (summary.needsSignIn.length > 0) return exitCodes.auth;
  if (summary.conflict.length > 0) return exitCodes.conflict;
  if (summary.expired.length > 0) return exitCodes.gone;
  return exitCodes.ok;
}

/** `pim-approvals sync [--json]`: sends what waits (waiting out short backoffs), prints each outcome. */
export async function sync(ctx: OutboxCommandContext): Promise<number> {
  const arm = await ctx.arm();
  if (!arm.ok) return arm.exitCode;
  const { client, principalId } = arm;
  // Building the Graph client calls nothing; its token is asked for only if a Graph entry waits.
  const graph = ctx.graph ? await ctx.graph() : null;
  const graphClient = graph?.ok ? graph.client : null;
  let outbox: Outbox;
  try {
    outbox = await openOutbox({
      dir: ctx.outboxDir,
      api: (accountId, kind) => (ctx.accountId !== undefined && accountId !== ctx.accountId ? null : kind === 'azureResource' ? client : graphClient),
      clock: ctx.clock,
      probe: armProbe({ endpoint: client.origin }),
      principalId: async () => principalId,
      ...ctx.outboxOptions,
    });
  } catch (err) {
    ctx.io.err(`pim-approvals: could not open the outbox: ${errorText(err)}\n`);
    return exitCodes.error;
  }
  try {
    reportDamage(ctx, outbox);
    let summary: SyncSummary;
    try {
      summary = await outbox.sync(ctx.signal);
    } catch (err) {
      ctx.io.err(`pim-approvals: could not send the outbox: ${errorText(err)}\n`);
      return exitCodes.error;
    }
    const code = exitCodeFor(summary);
    const touched = [...summary.done, ...summary.conflict, ...summary.expired, ...summary.failed].map((id) => outbox.get(id)).filter((e): e is OutboxEntry => !!e);
    if (ctx.options.json === true) {
      ctx.io.out(inertJson({ ...summary, exitCode: code, entries: touched.map(publicEntry) }) + '\n');
      return code;
    }
    for (const e of touched) {
      const what = `${inertText(e.request.role)} on ${inertText(e.request.scope)} (${inertText(e.request.requester)})`;
      ctx.io.out(`${inertText(e.outcomeMessage ?? e.state)} — ${what}\n`);
    }
    if (!summary.drained) ctx.io.out('Another PIM Approvals process is sending these decisions right now.\n');
    else if (summary.offline) ctx.io.out(`Offline: ${summary.pending.length} decision(s) wait in the outbox and will be sent when Azure is reachable.\n`);
    else if (summary.needsSignIn.length > 0) ctx.io.out('Sign in again to send the waiting decisions (pim-approvals login).\n');
    else if (summary.pending.length > 0) ctx.io.out(`${summary.pending.length} decision(s) still waiting (Azure asked us to retry later).\n`);
    if (summary.throttled > 0) ctx.io.out(`Azure throttled ${summary.throttled} call(s); they were retried after the time it asked for.\n`);
    if (touched.length === 0 && summary.pending.length === 0) ctx.io.out('Nothing to send.\n');
    return code;
  } finally {
    await outbox.close();
  }
}
