/**
 * The decision flow for one stage: GET first (idempotence: already mine → done, someone
 * else's → conflict, expired → expired), then write in the form this tenant accepts
 * (PUT nested → PATCH flat → ARM batch, remembered per client), then GET to confirm.
 * Conflict and expiry are outcomes, not errors. Never retries a write blindly and never
 * logs the justification.
 */
import { randomUUID } from 'node:crypto';
import type { ApprovalStage, ArmError, ArmResult, CallMeta, DecideOutcome } from './types';
import { claimsFrom, type HttpReply, type Send } from './http';
import { parseRetryAfter } from './backoff';
import { batchUrl, stageUrl } from './urls';
import { parseStage } from './parse';
import { stageVerdict, type VerdictContext } from './decide-outcome';

export type DecideForm = 'put-nested' | 'patch-flat' | 'batch';
export const decideForms: readonly DecideForm[] = ['put-nested', 'patch-flat', 'batch'];

export interface DecideDeps {
  send: Send;
  origin: string;
  getStage: (stageId: string, signal?: AbortSignal) => Promise<ArmResult<ApprovalStage>>;
  whoAmI: () => Promise<string | null>;
  /** Clock time, to turn an HTTP-date Retry-After inside a batch answer into a delay. */
  now: () => number;
  /** The form that last worked for this client; decide() updates it. */
  memory: { form: DecideForm };
}

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
}

export async function decideStage(
  deps: DecideDeps,
  stageId: string,
  result: 'Approve' | 'Deny',
  justification: string,
  signal?: AbortSignal,
): Promise<ArmResult<DecideOutcome>> {
  const url = stageUrl(deps.origin, stageId);
  if (!url) return fail({ kind: 'http', message: 'That is not an approval stage id ARM returned.' });
  const writers = decideForms.map((form) => ({ form, write: (id: string, r: 'Approve' | 'Deny', j: string, s?: AbortSignal) => write(deps, form, url, id, r, j, s) }));
  return runDecision({ service: 'ARM', getStage: deps.getStage, whoAmI: deps.whoAmI, writers, memory: deps.memory }, stageId, result, justification, signal);
}

/**
 * The decision flow every service shares: read the stage (settled already → outcome), write
 * in the remembered form first, then confirm with a read. A 409 is a conflict; a refused or
 * broken write is checked against the stage before anything else is tried.
 */
export async function runDecision<F extends string>(
  flow: DecideFlow<F>,
  stageId: string,
  result: 'Approve' | 'Deny',
  justification: string,
  signal?: AbortSignal,
): Promise<ArmResult<DecideOutcome>> {
  const ctx: VerdictContext = { me: await flow.whoAmI(), result, justification, justWrote: false };

  const before = await flow.getStage(stageId, signal);
  if (!before.ok) return before.error.status === 404 ? expired(null, before.error.meta) : before;
  const early = settle(before.value, ctx, before.meta);
  if (early) return early;

  const order = [...flow.writers.filter((w) => w.form === flow.memory.form), ...flow.writers.filter((w) => w.form !== flow.memory.form)];
  let lastError: ArmError | undefined;
  for (const writer of order) {
    const written = await writer.write(stageId, result, justification, signal);
    if (written.ok) {
      flow.memory.form = writer.form;
      return confirm(flow, stageId, { ...ctx, justWrote: true }, written.value, signal);
    }
    const error = written.error;
    if (error.status === 409) return conflictFromFresh(flow, stageId, before.value, signal);
    if (error.status === 400 || error.status === 404 || error.kind === 'network' || error.kind === 'timeout' || (error.status ?? 0) >= 500) {
      // The write may have been refused because the stage moved on, or may have landed
      // before the connection broke: the stage itself says which.
      const again = await flow.getStage(stageId, signal);
      if (!again.ok && again.error.status === 404) return expired(null, again.error.meta);
      if (again.ok) {
        const settled = settle(again.value, { ...ctx, justWrote: false }, again.meta);
        if (settled) return settled;
      }
    }
    lastError = error;
    if (error.status !== 400) return fail(error); // only a 400 means "try the next body form"
  }
  return fail(lastError ?? { kind: 'http', message: `${flow.service} refused every form of the decision.` });
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

async function confirm<F extends string>(
  deps: DecideFlow<F>,
  stageId: string,
  ctx: VerdictContext,
  reply: { value: HttpReply; meta: CallMeta },
  signal?: AbortSignal,
): Promise<ArmResult<DecideOutcome>> {
  const after = await deps.getStage(stageId, signal);
  if (!after.ok && after.error.status === 404) return expired(null, after.error.meta);
  // If the confirming read failed, a stage in the write's answer (200) still tells us.
  const stage = after.ok ? after.value : stageFromReply(reply.value);
  if (!stage) return after.ok ? fail({ kind: 'parse', message: 'Could not read the stage after deciding.' }) : after;
  const settled = settle(stage, ctx, after.ok ? after.meta : reply.meta);
  if (settled) return settled;
  return fail({
    kind: 'http',
    message: `${deps.service} accepted the decision but the stage does not show it yet; it will be checked again.`,
    meta: after.ok ? after.meta : reply.meta,
  });
}

async function conflictFromFresh<F extends string>(deps: DecideFlow<F>, stageId: string, fallback: ApprovalStage, signal?: AbortSignal): Promise<ArmResult<DecideOutcome>> {
  const fresh = await deps.getStage(stageId, signal);
  const stage = fresh.ok ? fresh.value : fallback;
  const meta = fresh.ok ? fresh.meta : { status: 409, clientRequestId: '', requestId: null, correlationId: null };
  return { ok: true, value: { outcome: 'conflict', stage }, meta };
}

export type Written = { ok: true; value: { value: HttpReply; meta: CallMeta } } | { ok: false; error: ArmError };

async function write(
  deps: DecideDeps,
  form: DecideForm,
  url: string,
  stageId: string,
  result: 'Approve' | 'Deny',
  justification: string,
  signal?: AbortSignal,
): Promise<Written> {
  const nested = { properties: { reviewResult: result, justification } };
  const opt = signal ? { signal } : {};
  if (form === 'put-nested') return wrap(await deps.send({ method: 'PUT', url, body: nested, ...opt }));
  if (form === 'patch-flat') return wrap(await deps.send({ method: 'PATCH', url, body: { reviewResult: result, justification }, ...opt }));

  const reply = await deps.send({
    method: 'POST',
    url: batchUrl(deps.origin),
    body: { requests: [{ name: randomUUID(), httpMethod: 'PUT', url: url.slice(deps.origin.length), content: nested }] },
    ...opt,
  });
  if (!reply.ok) return reply;
  return unwrapBatch(reply.value, reply.meta, stageId, deps.now());
}

function wrap(reply: ArmResult<HttpReply>): Written {
  return reply.ok ? { ok: true, value: { value: reply.value, meta: reply.meta } } : reply;
}

/** ARM batch answers 200 with one response per request; the inner status is what counts. */
function unwrapBatch(reply: HttpReply, meta: CallMeta, stageId: string, now: number): Written {
  const first = (reply.json as { responses?: unknown } | undefined)?.responses;
  const inner = Array.isArray(first) ? (first[0] as Record<string, unknown> | undefined) : undefined;
  const status = Number(inner?.httpStatusCode ?? inner?.statusCode ?? inner?.status ?? NaN);
  if (!inner || !Number.isFinite(status)) {
    return fail({ kind: 'parse', message: 'ARM batch answer holds no response for the decision.', meta });
  }
  const content = inner.content;
  if (status >= 200 && status < 300) return { ok: true, value: { value: { status, json: content }, meta: { ...meta, status } } };
  const armError = (content as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof armError?.code === 'string' ? armError.code : undefined;
  const message = typeof armError?.message === 'string' ? armError.message : `ARM answered HTTP ${status} for stage ${stageId.split('/').pop()}.`;
  const kind = status === 401 ? 'unauthorized' : status === 429 ? 'throttled' : 'http';
  const headers = lowerKeys(inner.headers);
  const claims = status === 401 ? claimsFrom(headers['www-authenticate'] ?? null) : undefined;
  const retryAfterMs = status === 429 ? parseRetryAfter(headers['retry-after'] ?? null, now) : undefined;
  return fail({
    kind,
    status,
    message,
    ...(code ? { code } : {}),
    ...(claims ? { claims } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    meta: { ...meta, status },
  });
}

function lowerKeys(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k.toLowerCase(), v as string]));
}

function stageFromReply(reply: HttpReply): ApprovalStage | null {
  if (reply.json === undefined) return null;
  const parsed = parseStage(reply.json);
  return parsed.ok ? parsed.value : null;
}

function expired(stage: ApprovalStage | null, meta: CallMeta | undefined): ArmResult<DecideOutcome> {
  return { ok: true, value: { outcome: 'expired', stage }, meta: meta ?? { status: 404, clientRequestId: '', requestId: null, correlationId: null } };
}

function fail(error: ArmError): { ok: false; error: ArmError } {
  return { ok: false, error };
}
