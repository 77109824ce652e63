/**
 * The one HTTP helper of every service client (ARM, Microsoft Graph). Owns: the bearer header, a fresh
 * x-ms-client-request-id per call, the timeout (combined with the caller's signal), the
 * body size cap (read as a stream), error bodies (`{error:{code,message}}`, both services), 401 claims challenges, 429
 * Retry-After, retries — for GET only — and charging a caller's rate budget per attempt sent (`meter`). Returns errors as values and never throws.
 * Must never log or echo the token, and never retry a write: a token a header cannot carry
 * is refused before any request, and every error text passes redactSecrets with the token
 * the call used (undici quotes a bad header value whole in its error).
 */
import { randomUUID } from 'node:crypto';
import type { ArmError, ArmResult, CallMeta, CallMeter } from './types';
import type { Clock } from '../clock';
import { backoffDelay, httpRetryRule, parseRetryAfter, type RetryPolicy } from './backoff';
import { redactSecrets } from '../log/redact';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpOptions {
  getToken: () => Promise<string>;
  fetch: FetchLike;
  clock: Clock;
  timeoutMs: number;
  maxBodyBytes: number;
  retry: RetryPolicy;
  random: () => number;
  /** Who answers, for messages and trace headers. */
  service: ServiceFacts;
}

/** How one service names itself and its trace headers (ARM and Microsoft Graph differ). */
export interface ServiceFacts {
  name: string;
  clientRequestIdHeader: string;
  requestIdHeader: string;
  correlationIdHeader: string | null;
}

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST';
  /** Absolute URL; the caller has already checked its origin. */
  url: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Charged once per attempt sent (GET a read, anything else a write) and told of a 429. */
  meter?: CallMeter;
}

/** A 2xx answer: `json` is undefined when the body was empty (204 and friends). */
export interface HttpReply {
  status: number;
  json: unknown;
}

export type Send = (request: HttpRequest) => Promise<ArmResult<HttpReply>>;

export function createHttp(options: HttpOptions): Send {
  return async (request) => {
    const attempts = request.method === 'GET' ? Math.max(1, options.retry.maxAttempts) : 1;
    let last: ArmResult<HttpReply> | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (request.meter) {
        try {
          await request.meter.charge(request.method === 'GET' ? 'read' : 'write', request.signal);
        } catch {
          return fail({ kind: 'network', message: 'The request was cancelled.' }); // the caller gave up while waiting for the budget
        }
      }
      last = await sendOnce(options, request);
      if (!last.ok && last.error.kind === 'throttled') request.meter?.throttled(last.error.retryAfterMs);
      if (last.ok || attempt === attempts || !isRetryable(last.error) || request.signal?.aborted) return last;
      if (last.error.retryAfterMs !== undefined && last.error.retryAfterMs > options.retry.maxRetryAfterMs) return last;
      const delay = backoffDelay(attempt, httpRetryRule(options.retry), options.random(), last.error.retryAfterMs);
      try {
        await options.clock.sleep(delay, request.signal);
      } catch {
        return last; // the caller gave up while we waited
      }
    }
    return last as ArmResult<HttpReply>;
  };
}

/** `send` with every request charged to `meter` (no meter: `send` itself). */
export function metered(send: Send, meter: CallMeter | undefined): Send {
  return meter ? (request) => send({ ...request, meter }) : send;
}

function isRetryable(error: ArmError): boolean {
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'throttled') return true;
  return error.kind === 'http' && error.status !== undefined && error.status >= 500;
}

async function sendOnce(options: HttpOptions, request: HttpRequest): Promise<ArmResult<HttpReply>> {
  const service = options.service;
  const name = service.name;
  const clientRequestId = randomUUID();
  let token: string;
  try {
    token = await options.getToken();
  } catch (err) {
    return fail({ kind: 'unauthorized', message: redactSecrets(`Could not get an access token: ${errorText(err)}`) });
  }
  const unusable = tokenProblem(token);
  if (unusable) return fail({ kind: 'unauthorized', message: unusable });
  // From here on, whatever text reaches an error is cleaned of this token.
  const failWith = (error: ArmError) => fail({ ...error, message: redactSecrets(error.message, [token]) });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    [service.clientRequestIdHeader]: clientRequestId,
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await options.fetch(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
      redirect: 'manual', // a redirect must not carry the bearer token to another host
    });
  } catch (err) {
    return failWith(transportError(err, timeout, request.signal, options.timeoutMs, name));
  }
  const meta: CallMeta = {
    status: response.status,
    clientRequestId,
    requestId: response.headers.get(service.requestIdHeader),
    correlationId: service.correlationIdHeader ? response.headers.get(service.correlationIdHeader) : null,
  };

  const body = await readCapped(response, options.maxBodyBytes);
  if (!body.ok) {
    const error = body.error === 'too-large'
      ? { kind: 'too-large' as const, message: `${name} sent a body over ${options.maxBodyBytes} bytes; stopped reading it.` }
      : transportError(body.cause, timeout, request.signal, options.timeoutMs, name);
    return failWith({ ...error, status: response.status, meta });
  }
  const text = body.text;

  if (response.status >= 200 && response.status < 300) {
    if (text.trim() === '') return { ok: true, value: { status: response.status, json: undefined }, meta };
    try {
      return { ok: true, value: { status: response.status, json: JSON.parse(text) as unknown }, meta };
    } catch {
      return fail({ kind: 'parse', message: `${name} sent malformed JSON (HTTP ${response.status}).`, status: response.status, meta });
    }
  }
  return failWith(errorFromResponse(response, text, meta, options.clock.now(), name));
}

/**
 * Why a token cannot be sent, or null when it can. A header value with a line break or other
 * control character is refused by fetch with an error that quotes it whole; we refuse first,
 * with a sentence that does not contain it.
 */
export function tokenProblem(token: string): string | null {
  if (/[\s\p{Cc}]/u.test(token)) return 'The access token contains whitespace or control characters; it was not sent.';
  if (/[^\x21-\x7e]/.test(token)) return 'The access token contains characters an HTTP header cannot carry; it was not sent.';
  return null;
}

function errorFromResponse(response: Response, text: string, meta: CallMeta, now: number, name: string): ArmError {
  const { code, message } = armErrorBody(text);
  const status = response.status;
  const base = { status, meta, ...(code ? { code } : {}) };
  if (status === 401) {
    const claims = claimsFrom(response.headers.get('www-authenticate'));
    return {
      ...base,
      kind: 'unauthorized',
      message: message ?? (claims ? `${name} asks for a stronger sign-in (claims challenge).` : `${name} rejected the access token (401).`),
      ...(claims ? { claims } : {}),
    };
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    return { ...base, kind: 'throttled', message: message ?? `${name} is throttling requests (429).`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (status >= 300 && status < 400) {
    return { ...base, kind: 'http', message: `${name} answered with a redirect (${status}); not followed.` };
  }
  return { ...base, kind: 'http', message: message ?? `${name} answered HTTP ${status}.` };
}

/** `{"error":{"code","message"}}` → its parts; anything else → nothing (never throws). */
export function armErrorBody(text: string): { code?: string; message?: string } {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const error = (parsed as { error?: unknown }).error;
    if (typeof error !== 'object' || error === null) return {};
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      ...(typeof code === 'string' && code ? { code } : {}),
      ...(typeof message === 'string' && message ? { message } : {}),
    };
  } catch {
    return {};
  }
}

/** Pulls `claims="…"` out of a `WWW-Authenticate: Bearer …` header, as sent. */
export function claimsFrom(header: string | null): string | undefined {
  if (!header) return undefined;
  const match = /(?:^|[\s,])claims\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (!match?.[1]) return undefined;
  return match[1].replace(/\\(.)/g, '$1');
}

type CappedBody = { ok: true; text: string } | { ok: false; error: 'too-large' } | { ok: false; error: 'read'; cause: unknown };

/** Reads at most `max` bytes; a longer body is cancelled, never buffered whole. */
async function readCapped(response: Response, max: number): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, error: 'too-large' };
  }
  if (!response.body) return { ok: true, text: '' };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, error: 'too-large' };
      }
      chunks.push(value);
    }
  } catch (cause) {
    return { ok: false, error: 'read', cause };
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

function transportError(err: unknown, timeout: AbortSignal, caller: AbortSignal | undefined, timeoutMs: number, name: string): ArmError {
  if (caller?.aborted) return { kind: 'network', message: 'The request was cancelled.' };
  if (timeout.aborted) return { kind: 'timeout', message: `${name} did not answer within ${Math.round(timeoutMs / 1000)} s.` };
  return { kind: 'network', message: `Could not reach ${name}: ${errorText(err)}` };
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : '';
    return detail && detail !== err.message ? `${err.message} (${detail})` : err.message;
  }
  return String(err);
}

function fail(error: ArmError): { ok: false; error: ArmError } {
  return { ok: false, error };
}
