/**
 * createArmClient: the ArmApi over ARM's REST endpoints. Owns wiring (options, defaults,
 * URLs, parsing, paging, decisions); HTTP details live in http.ts. Returns errors as
 * values and never throws; sends the token only to the configured ARM origin.
 */
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { ApprovalStage, ArmApi, ArmResult } from './types';
import { createHttp, type FetchLike, type Send, type ServiceFacts } from './http';
import { defaultRetryPolicy, type RetryPolicy } from './backoff';
import { checkArmEndpoint } from './clouds';
import { listAllPages } from './paging';
import { parseApproval, parseScheduleRequest, parseStage, type Parsed } from './parse';
import { approvalsUrl, approvalUrl, scheduleRequestsUrl, stageUrl } from './urls';
import { decideStage, type DecideForm } from './decide';
import { objectIdFromToken } from './token-identity';

export interface ArmClientOptions extends ClientTuning {
  /** ARM origin, e.g. https://management.azure.com (http only on loopback). */
  endpoint: string;
  getToken: () => Promise<string>;
}

/** How a service client talks HTTP, shared by the ARM and Graph clients. */
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

export interface ArmClient extends ArmApi {
  /** The decision body form that last worked (starts at PUT nested). */
  decideForm(): DecideForm;
  readonly origin: string;
}

export const defaultTimeoutMs = 30_000;
export const defaultMaxBodyBytes = 5 * 1024 * 1024;
export const defaultMaxPages = 100;

/** Throws only for a programmer mistake: an endpoint that fails the https/loopback rule. */
export function createArmClient(options: ArmClientOptions): ArmClient {
  const checked = checkArmEndpoint(options.endpoint);
  if (!checked.ok) throw new Error(checked.error);
  const origin = checked.origin;
  const clock = options.clock ?? systemClock;
  const send: Send = httpFor(options, options.getToken);
  const maxPages = options.maxPages ?? defaultMaxPages;
  const memory: { form: DecideForm } = { form: 'put-nested' };
  const whoAmI =
    options.principalId ??
    (async () => {
      try {
        return objectIdFromToken(await options.getToken());
      } catch {
        return null;
      }
    });

  const getStage = async (stageId: string, signal?: AbortSignal): Promise<ArmResult<ApprovalStage>> => {
    const url = stageUrl(origin, stageId);
    if (!url) return { ok: false, error: { kind: 'http', message: 'That is not an approval stage id ARM returned.' } };
    return getOne(send, url, parseStage, signal);
  };

  return {
    origin,
    decideForm: () => memory.form,
    listScheduleRequests: (filter, signal) => listAllPages(send, origin, scheduleRequestsUrl(origin, filter), parseScheduleRequest, maxPages, signal),
    listApprovals: (filter, signal) => listAllPages(send, origin, approvalsUrl(origin, filter), parseApproval, maxPages, signal),
    getApproval: async (approvalId, signal) => {
      const url = approvalUrl(origin, approvalId);
      if (!url) return { ok: false, error: { kind: 'http', message: 'That is not an approval id ARM returned.' } };
      return getOne(send, url, parseApproval, signal);
    },
    getStage,
    decide: (stageId, result, justification, signal, decideOptions) =>
      decideStage(
        { send, origin, getStage, whoAmI, memory, clock, ...(options.confirmDelaysMs ? { confirmDelaysMs: options.confirmDelaysMs } : {}) },
        stageId,
        result,
        justification,
        signal,
        decideOptions,
      ),
  };
}

/** The HTTP helper for one token source with a client's tuning (and defaults). */
export function httpFor(options: ClientTuning, getToken: () => Promise<string>, service?: ServiceFacts): Send {
  return createHttp({
    getToken,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    clock: options.clock ?? systemClock,
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes,
    retry: { ...defaultRetryPolicy, ...options.retry },
    random: options.random ?? Math.random,
    ...(service ? { service } : {}),
  });
}

/** One GET, parsed; a parse failure keeps the call's trace ids. Shared with the Graph client. */
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
