/**
 * What every service client (ARM, Microsoft Graph) shares: its HTTP tuning and defaults, the
 * HTTP helper for one token source, and one parsed GET. Errors are values; never throws.
 */
import { systemClock, type Clock } from '../clock';
import { defaultRetryPolicy, type RetryPolicy } from './backoff';
import { createHttp, type FetchLike, type Send, type ServiceFacts } from './http';
import type { Parsed } from './parse-result';
import type { ArmResult } from './types';

/** How a service client talks HTTP. */
export interface ClientTuning {
  fetch?: FetchLike;
  clock?: Clock;
  timeoutMs?: number;
  maxBodyBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Source of jitter in [0, 1); tests pass a fixed one. */
  random?: () => number;
  maxPages?: number;
  /**
   * Pauses between the reads that confirm a decision after a write that may have landed
   * (default CONFIRM_DELAYS_MS in decide.ts); tests that run on real time shorten them.
   */
  confirmDelaysMs?: readonly number[];
  /**
   * My principal object id, to recognise my own review on a stage. Defaults to the
   * token's `oid` claim; when neither is known, a matching result and justification count.
   */
  principalId?: () => Promise<string | null>;
}

export const defaultTimeoutMs = 30_000;
export const defaultMaxBodyBytes = 5 * 1024 * 1024;
export const defaultMaxPages = 100;

/** The HTTP helper for one token source with a client's tuning (and defaults). */
export function httpFor(options: ClientTuning, getToken: () => Promise<string>, service: ServiceFacts): Send {
  return createHttp({
    getToken,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    clock: options.clock ?? systemClock,
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes,
    retry: { ...defaultRetryPolicy, ...options.retry },
    random: options.random ?? Math.random,
    service,
  });
}

/** One GET, parsed; a parse failure keeps the call's trace ids. */
export async function getOne<T>(
  send: Send,
  url: string,
  parse: (json: unknown) => Parsed<T>,
  signal?: AbortSignal,
): Promise<ArmResult<T>> {
  const reply = await send({ method: 'GET', url, ...(signal ? { signal } : {}) });
  if (!reply.ok) return reply;
  const parsed = parse(reply.value.json);
  return parsed.ok ? { ok: true, value: parsed.value, meta: reply.meta } : { ok: false, error: { ...parsed.error, meta: reply.meta } };
}
