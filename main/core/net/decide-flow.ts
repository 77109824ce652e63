/**
 * The decision flow every service shares, for one stage: GET first (idempotence: already
 * mine → done, someone else's → conflict, expired → expired), then write in the form the
 * service last accepted (the adapter passes its writers: ARM three body forms, Graph one
 * PATCH), then GET to confirm — with backoff, because Azure may accept a write (202) and
 * apply it seconds later. Conflict and expiry are outcomes, not errors; only the service
 * says "expired" (a GET answering 404, or the stage's status). Never writes twice in one
 * flow once a write may have landed, never writes when the caller's fence says no, never
 * logs the justification.
 */
import type { Clock } from '../clock';
import type { ApprovalStage, ArmError, ArmResult, CallMeta, DecideOptions, DecideOutcome } from './types';
import type { HttpReply } from './http';
import type { Parsed } from './parse-result';
import { stageVerdict, type VerdictContext } from './decide-outcome';

/**
 * Pauses between the reads that confirm a write (pim-api.md: writes have taken over 10 s,
 * and a 202 means "accepted, not yet visible"): 7.5 s in all before the flow says "not
 * shown yet" and the outbox takes over with reads only.
 */
export const CONFIRM_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000];

/** One way of writing a decision; the flow tries them in order and only a 400 moves on. */
export interface DecisionWriter<F extends string> {
  form: F;
  write(stageId: string, result: 'Approve' | 'Deny', justification: string, signal?: AbortSignal): Promise<Written>;
}

/** What the service-neutral flow needs: ARM passes three writers, Graph its one PATCH. */
export interface DecideFlow<F extends string> {
  /** "ARM" or "Microsoft Graph", for the one message the flow words itself. */
  service: string;
  getStage: (stageId: string, signal?: AbortSignal) => Promise<ArmResult<ApprovalStage>>;
  whoAmI: () => Promise<string | null>;
  writers: readonly DecisionWriter<F>[];
  /** The form that last worked; tried first next time. */
  memory: { form: F };
  /** Waits between confirming reads, on the client's Clock. */
  sleep: Clock['sleep'];
  /** Defaults to CONFIRM_DELAYS_MS. */
  confirmDelaysMs?: readonly number[];
  /** The stage in a write's own answer (ARM's 200 carries one), read when the stage cannot be. */
  stageOfReply?: (json: unknown) => Parsed<ApprovalStage>;
}

export const FENCED_MESSAGE = 'The decision was not sent: this process may no longer send decisions (another one holds the outbox).';

/**
 * The decision flow every service shares: read the stage (settled already → outcome), write
 * in the remembered form first, then confirm with reads. A write that may have landed (2xx,
 * no answer, 5xx, 404, 409) is never followed by another: the stage, read back with backoff,
 * says what happened, and while it still looks open the result says the write may be in
 * flight. Only a 400 (this body form refused) moves on to the next form.
 */
export async function runDecision<F extends string>(
  flow: DecideFlow<F>,
  stageId: string,
  result: 'Approve' | 'Deny',
  justification: string,
  signal?: AbortSignal,
  options: DecideOptions = {},
): Promise<ArmResult<DecideOutcome>> {
  const ctx: VerdictContext = { me: await flow.whoAmI(), result, justification, justWrote: false };

  const before = await flow.getStage(stageId, signal);
  if (!before.ok) return before.error.status === 404 ? expired(null, before.error.meta) : before;
  const early = settle(before.value, ctx, before.meta);
  if (early) return early;

  const order = [...flow.writers.filter((w) => w.form === flow.memory.form), ...flow.writers.filter((w) => w.form !== flow.memory.form)];
  let lastError: ArmError | undefined;
  for (const writer of order) {
    // Asked right before each write: a sender that lost its lock must not write at all.
    if (options.beforeWrite && !(await options.beforeWrite())) return fail({ kind: 'fenced', message: FENCED_MESSAGE });
    const written = await writer.write(stageId, result, justification, signal);
    if (written.ok) {
      flow.memory.form = writer.form;
      return confirmWrite(flow, stageId, { ...ctx, justWrote: true }, { reply: written.value }, signal);
    }
    const error = written.error;
    if (mayHaveLanded(error)) return confirmWrite(flow, stageId, ctx, { error }, signal);
    if (error.status !== 400) return fail(error); // refused for good (401, 403, 429…): nothing landed
    // A 400 may mean the stage moved on (it then says so) or that this body form is not the
    // one this tenant accepts: only then is the next form tried.
    const again = await flow.getStage(stageId, signal);
    if (!again.ok && again.error.status === 404) return expired(null, again.error.meta);
    if (again.ok) {
      const settled = settle(again.value, ctx, again.meta);
      if (settled) return settled;
    }
    lastError = error;
  }
  return fail(lastError ?? { kind: 'http', message: `${flow.service} refused every form of the decision.` });
}

/**
 * Answers to a write after which the decision may still be applied: no answer or a broken
 * one (network, timeout, garbled body), a server error or 408, a 409 (a retry of a slow
 * write answers 409 although the first applied; a late one, because someone else decided)
 * and a 404 from the write path (the stage itself is read to tell whether it is gone).
 */
function mayHaveLanded(error: ArmError): boolean {
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'parse' || error.kind === 'too-large') return true;
  const status = error.status ?? 0;
  return status === 404 || status === 408 || status === 409 || status >= 500;
}

function settle(stage: ApprovalStage, ctx: VerdictContext, meta: CallMeta): ArmResult<DecideOutcome> | null {
  switch (stageVerdict(stage, ctx)) {
    case 'done':
      return { ok: true, value: { outcome: 'done', stage }, meta };
    case 'conflict':
      return { ok: true, value: { outcome: 'conflict', stage }, meta };
    case 'expired':
      return expired(stage, meta);
    case 'mine-other-result':
      return fail({
        kind: 'http',
        code: 'AlreadyReviewed',
        message: `You already decided this request (${stage.reviewResult}); a decision cannot be changed.`,
        meta,
      });
    case 'open':
      return null;
  }
}

type Sent = { reply: { value: HttpReply; meta: CallMeta }; error?: undefined } | { error: ArmError; reply?: undefined };

/**
 * Reads the stage after a write that may have landed, backing off between reads, until it
 * shows how the decision ended. Still open after the last read, or unreadable: an error
 * marked writeMayBeInFlight, so the outbox reads again later and does not write again.
 */
async function confirmWrite<F extends string>(
  flow: DecideFlow<F>,
  stageId: string,
  ctx: VerdictContext,
  sent: Sent,
  signal?: AbortSignal,
): Promise<ArmResult<DecideOutcome>> {
  const delays = flow.confirmDelaysMs ?? CONFIRM_DELAYS_MS;
  let meta = sent.reply ? sent.reply.meta : sent.error.meta;
  let readError: ArmError | undefined;
  for (let round = 0; ; round++) {
    const after = await flow.getStage(stageId, signal);
    if (after.ok) {
      const settled = settle(after.value, ctx, after.meta);
      if (settled) return settled;
      meta = after.meta;
    } else {
      if (after.error.status === 404) return expired(null, after.error.meta);
      // The read failed; a stage in the write's own answer (200) may still tell.
      const settled = sent.reply ? settleFromReply(flow.stageOfReply, sent.reply, ctx) : null;
      if (settled) return settled;
      readError = after.error;
      break; // offline or throttled: reading on now would not help; the outbox reads later
    }
    const pause = delays[round];
    if (pause === undefined) break;
    try {
      await flow.sleep(pause, signal);
    } catch {
      break; // the caller gave up
    }
  }
  return fail(inFlightError(flow.service, sent, readError, meta));
}

function inFlightError(service: string, sent: Sent, readError: ArmError | undefined, meta: CallMeta | undefined): ArmError {
  const cause = sent.error;
  const said = cause
    ? `${cause.message.replace(/[.\s]+$/, '')}. The stage does not show the decision yet and it may still be applied`
    : `${service} accepted the decision (HTTP ${sent.reply.value.status}) but the stage does not show it yet`;
  // The kind carries the hints the outbox acts on: offline (no answer) or throttled (wait).
  const hint = [readError?.kind, cause?.kind].find((k) => k === 'network' || k === 'timeout' || k === 'throttled');
  return {
    kind: hint ?? 'http',
    message: `${said}; it will be checked again, not sent twice.`,
    writeMayBeInFlight: true,
    ...(cause?.status !== undefined ? { status: cause.status } : {}),
    ...(cause?.code !== undefined ? { code: cause.code } : {}),
    ...(readError?.retryAfterMs !== undefined ? { retryAfterMs: readError.retryAfterMs } : {}),
    ...(meta ? { meta } : {}),
  };
}

export type Written = { ok: true; value: { value: HttpReply; meta: CallMeta } } | { ok: false; error: ArmError };

/** The verdict of the stage a write's own answer carries (a 200 does); null when none or open. */
function settleFromReply(parse: DecideFlow<string>['stageOfReply'], reply: { value: HttpReply; meta: CallMeta }, ctx: VerdictContext): ArmResult<DecideOutcome> | null {
  if (!parse) return null;
  const parsed = parse(reply.value.json); // an empty answer (204) parses as no stage
  return parsed.ok ? settle(parsed.value, ctx, reply.meta) : null;
}

function expired(stage: ApprovalStage | null, meta: CallMeta | undefined): ArmResult<DecideOutcome> {
  return { ok: true, value: { outcome: 'expired', stage }, meta: meta ?? { status: 404, clientRequestId: '', requestId: null, correlationId: null } };
}

function fail(error: ArmError): { ok: false; error: ArmError } {
  return { ok: false, error };
}
