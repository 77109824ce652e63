/**
 * ARM's side of the decision flow (core/net/decide-flow.ts): its three body forms — PUT
 * nested → PATCH flat → ARM batch, remembered per client (pim-api.md) — and the batch
 * answer's inner status. Never logs the justification.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { ApprovalStage, ArmError, ArmResult, CallMeta, CallMeter, DecideOptions, DecideOutcome } from './types';
import { claimsFrom, type HttpReply, type Send } from '../net/http';
import { parseRetryAfter } from '../net/backoff';
import { batchUrl, stageUrl } from './urls';
import { parseStage } from './parse';
import { runDecision, type DecideFlow, type Written } from '../net/decide-flow';
import { redactSecrets } from '../log/redact';

export type DecideForm = 'put-nested' | 'patch-flat' | 'batch';
export const decideForms: readonly DecideForm[] = ['put-nested', 'patch-flat', 'batch'];

export interface DecideDeps {
  send: Send;
  origin: string;
  getStage: (stageId: string, signal?: AbortSignal) => Promise<ArmResult<ApprovalStage>>;
  whoAmI: () => Promise<string | null>;
  /** The client's clock: Retry-After dates inside a batch answer, and the confirm backoff. */
  clock: Clock;
  /** The form that last worked for this client; decide() updates it. */
  memory: { form: DecideForm };
  confirmDelaysMs?: readonly number[];
  /** The decision's meter (`send` already charges it): told of a 429 inside a batch answer, which HTTP saw as 200. */
  meter?: CallMeter;
}

export async function decideStage(
  deps: DecideDeps,
  stageId: string,
  result: 'Approve' | 'Deny',
  justification: string,
  signal?: AbortSignal,
  options?: DecideOptions,
): Promise<ArmResult<DecideOutcome>> {
  const url = stageUrl(deps.origin, stageId);
  if (!url) return { ok: false, error: { kind: 'http', message: 'That is not an approval stage id ARM returned.' } };
  const writers = decideForms.map((form) => ({ form, write: (id: string, r: 'Approve' | 'Deny', j: string, s?: AbortSignal) => write(deps, form, url, id, r, j, s) }));
  const flow: DecideFlow<DecideForm> = {
    service: 'ARM',
    getStage: deps.getStage,
    whoAmI: deps.whoAmI,
    writers,
    memory: deps.memory,
    sleep: (ms, s) => deps.clock.sleep(ms, s),
    stageOfReply: parseStage,
    ...(deps.confirmDelaysMs ? { confirmDelaysMs: deps.confirmDelaysMs } : {}),
  };
  return runDecision(flow, stageId, result, justification, signal, options);
}

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
  const inner = unwrapBatch(reply.value, reply.meta, stageId, deps.clock.now());
  if (!inner.ok && inner.error.kind === 'throttled') deps.meter?.throttled(inner.error.retryAfterMs);
  return inner;
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
  // The inner message is the server's text: it could quote a token, so it is redacted.
  const message = typeof armError?.message === 'string' ? redactSecrets(armError.message) : `ARM answered HTTP ${status} for stage ${stageId.split('/').pop()}.`;
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

function fail(error: ArmError): { ok: false; error: ArmError } {
  return { ok: false, error };
}
