/**
 * What `approve` and `deny` say and return, worded from the recorded entry and Azure's
 * answer, never from the verb that was typed (design.md: "A decision is sacred"). A
 * repeat says the decision's true state; an opposite decision is refused with the reason;
 * a failure says what was saved and what is known. Pure: facts in, lines and an exit code out.
 * Never holds or prints the justification; every name passes through inertText.
 */
import { itemHeadline } from '../core/model/item-labels';
import type { DecisionResult, OutboxEntry, RequestSummary } from '../core/outbox/types';
import type { DecisionKind } from '../core/outbox/types';
import type { DecisionRun } from './commands/decide-via-outbox';
import { exitCodes } from './exit-codes';
import { inertText } from './inert-text';
import { shortId } from './short-ids';

export interface DecisionReport {
  /** Lines for stdout (each ends with "\n"). */
  out: string[];
  /** Lines for stderr. */
  err: string[];
  exitCode: number;
  /** The one object `-o json` prints. */
  json: DecisionJson;
}

/** `pim-approvals/decision@1` (stable: fields may be added, none removed or renamed). */
export interface DecisionJson {
  schema: 'pim-approvals/decision@1';
  /** The short ID `list` shows for the request (null when only a stage id was given). */
  shortId: string | null;
  requestId: string | null;
  stageId: string;
  kind: DecisionKind;
  role: string;
  scope: string;
  requester: string;
  recordedResult: DecisionResult | null;
  state: OutboxEntry['state'] | null;
  reviewedBy: string | null;
  message: string;
  exitCode: number;
  /** existing, refused, saved, unsaved, sentByAnotherProcess when they apply. */
  [flag: string]: unknown;
}

/** What the CLI knew of the request before deciding (names from Azure when it looked them up). */
export interface DecisionSubject {
  kind: DecisionKind;
  stageId: string;
  summary: RequestSummary;
  /** "Owner on Prod-Payments for Jordan Lee", when the CLI looked the request up. */
  label: string | null;
  /** Found in the queue kept from the last check because Azure could not be reached. */
  offline?: boolean;
}

const pastTense: Record<DecisionResult, string> = { Approve: 'Approved', Deny: 'Denied' };
const pastLower: Record<DecisionResult, string> = { Approve: 'approved', Deny: 'denied' };

/** "Owner on Prod-Payments for Jordan Lee" from what an entry kept of its request; null when it kept no names. */
export function entryLabel(kind: DecisionKind, summary: RequestSummary): string | null {
  if (!summary.role && !summary.scope) return null;
  const headline = inertText(itemHeadline({ kind, access: summary.access, role: { displayName: summary.role }, scope: { displayName: summary.scope } }, '(role)'));
  const requester = inertText(summary.requester);
  return requester ? `${headline} for ${requester}` : headline;
}

function localTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** What the user reads for the entry's reason to still wait. */
function waitingDetail(entry: OutboxEntry, now: number): string {
  if (entry.state === 'sending') return 'it is being sent';
  if (entry.lastError) return `last try: ${inertText(entry.lastError.message)}`;
  const wait = Math.ceil((entry.notBefore - now) / 1000);
  return wait > 0 ? `it goes out in ${wait} s` : 'it goes out with the next sync';
}

export function reportDecision(run: DecisionRun, subject: DecisionSubject, now: number, timeText: (ms: number) => string = localTime): DecisionReport {
  const entry = run.kind === 'not-saved' ? null : run.entry;
  const summary = entry?.request ?? subject.summary;
  const label = subject.label ?? (entry ? entryLabel(entry.kind, entry.request) : null) ?? entryLabel(subject.kind, subject.summary) ?? `stage ${inertText(subject.stageId.split('/').pop())}`;
  const json = (message: string, exitCode: number, extra: Record<string, unknown> = {}): DecisionJson => ({
    schema: 'pim-approvals/decision@1',
    shortId: summary.requestId ? shortId(summary.requestId.split('/').pop() ?? summary.requestId) : null,
    requestId: summary.requestId ?? null,
    stageId: entry?.stageId ?? subject.stageId,
    kind: entry?.kind ?? subject.kind,
    role: summary.role,
    scope: summary.scope,
    requester: summary.requester,
    recordedResult: entry?.result ?? null,
    state: entry?.state ?? null,
    reviewedBy: entry?.decidedBy ?? null,
    message,
    exitCode,
    ...extra,
  });
  const fine = (line: string, extra: Record<string, unknown> = {}): DecisionReport => ({ out: [`${line}\n`], err: [], exitCode: exitCodes.ok, json: json(line, exitCodes.ok, extra) });
  const bad = (line: string, exitCode: number, extra: Record<string, unknown> = {}): DecisionReport => ({ out: [], err: [`pim-approvals: ${line}\n`], exitCode, json: json(line, exitCode, extra) });

  if (run.kind === 'not-saved') return bad(`could not save the decision (${run.problem}); nothing was sent.`, exitCodes.error, { saved: false });

  if (run.kind === 'refused') {
    const held = run.entry;
    // The exit code follows what holds the request: someone else's decision, Azure's expiry, or mine.
    const code = held.state === 'conflict' ? exitCodes.conflict : held.state === 'expired' ? exitCodes.gone : exitCodes.refused;
    return bad(`refused: ${inertText(run.message)}`, code, { refused: true });
  }

  const { entry: current, before, status } = run;
  const verb = current.result;
  const existing = status === 'existing' ? { existing: true } : {};

  if (run.unsaved) {
    const u = run.unsaved;
    const said = u.state === 'done' ? `Azure recorded: ${pastTense[u.result]}` : `Azure answered: ${inertText(u.outcomeMessage ?? u.state)}`;
    return bad(`${said} — but the result could not be saved (${run.sendProblem ?? 'the outbox could not be written'}); run \`pim-approvals sync\` when there is space.`, exitCodes.error, { ...existing, state: u.state, unsaved: true });
  }

  switch (current.state) {
    case 'done': {
      if (status === 'existing' && before.state === 'done') {
        return bad(`Already ${pastLower[verb]} by you at ${timeText(current.updatedAt)}; nothing changed.`, exitCodes.conflict, existing);
      }
      const how = run.sentBy === 'other' ? ' (sent by another PIM Approvals process)' : status === 'existing' ? ' (it was already waiting in the outbox; sent now)' : '';
      return fine(`${pastTense[verb]}: ${label}${how}`, { ...existing, sentByAnotherProcess: run.sentBy === 'other' });
    }
    case 'conflict':
      return bad(`${inertText(current.outcomeMessage ?? 'Already decided by someone else')}; nothing was changed.`, exitCodes.conflict, existing);
    case 'expired':
      // Only Azure's answer makes an entry expired (a 404 or an Expired stage), so this says what Azure said.
      return bad(`${inertText(current.outcomeMessage ?? 'Expired')}; Azure can no longer decide this request.`, exitCodes.gone, existing);
    case 'failed': {
      const e = current.lastError;
      const text = `${inertText(e?.message ?? current.outcomeMessage ?? 'Azure refused the decision')}${e?.code ? ` (code ${inertText(e.code)})` : ''}`;
      return bad(text, e?.status === 401 ? exitCodes.auth : exitCodes.error, existing);
    }
    case 'cancelled':
      return bad('the decision was undone before it was sent; nothing was sent.', exitCodes.error, existing);
    case 'queued':
    case 'sending': {
      if (run.sendProblem) {
        const known = current.state === 'sending' || current.attempts > 0 ? 'it may already have reached Azure; `pim-approvals sync` checks before sending again' : 'nothing was sent yet';
        return bad(
          `the decision is saved in the outbox, but it could not be sent (${run.sendProblem}): ${known}. Run \`pim-approvals sync\` when there is space.`,
          exitCodes.error,
          existing,
        );
      }
      if (status === 'existing') return fine(`Already ${pastLower[verb]}; it waits to be sent (${waitingDetail(current, now)}).`, existing);
      // Decided offline from the kept queue: waiting is what was asked for, not a failure.
      if (subject.offline && !run.waitedForOther) return fine('queued: will be sent when Azure is reachable; run `pim-approvals sync`.', { queued: true, offline: true });
      const why = run.waitedForOther
        ? 'another PIM Approvals process is sending decisions and has not sent this one yet'
        : current.lastError
          ? inertText(current.lastError.message)
          : null;
      const line = `not sent yet${why ? ` (${why})` : ''}; the decision is saved in the outbox and goes out with \`pim-approvals sync\` or the app.`;
      return bad(line, current.lastError?.status === 401 ? exitCodes.auth : exitCodes.error);
    }
  }
}
