/**
 * Test helpers for the simulator's own tests: start a simulator on a VirtualClock and
 * call it over real loopback HTTP with a principal's token. Used by *.test.ts only.
 */
import { VirtualClock } from '../core/clock';
import { startSimulator, type RunningSimulator, type StartOptions } from './simulator';

export const REQUESTS = '/providers/Microsoft.Authorization/roleAssignmentScheduleRequests';
export const APPROVALS = '/providers/Microsoft.Authorization/roleAssignmentApprovals';
export const REQ_API = 'api-version=2020-10-01';
export const APPR_API = 'api-version=2021-01-01-preview';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body; undefined when empty. */
  json: unknown;
}

export interface CallOptions {
  /** Principal key whose token to send (default me); null sends none; a string starting with "raw:" sends that token. */
  as?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface TestSim {
  running: RunningSimulator;
  clock: VirtualClock;
  call(method: string, pathAndQuery: string, opts?: CallOptions): Promise<Answer>;
}

export async function startTestSim(opts: StartOptions = {}): Promise<TestSim> {
  const clock = new VirtualClock();
  const running = await startSimulator({ clock, ...opts });
  const call = async (method: string, pathAndQuery: string, o: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const as = o.as === undefined ? 'me' : o.as;
    if (as !== null) {
      const token = as.startsWith('raw:') ? as.slice(4) : running.tokens[as];
      if (token === undefined) throw new Error(`no token for '${as}'`);
      headers['Authorization'] = `Bearer ${token}`;
    }
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const url = pathAndQuery.startsWith('http') ? pathAndQuery : `${running.url}${pathAndQuery}`;
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return { running, clock, call };
}

/** Reads a nested property without casting at every step. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

export function stageUrl(approvalId: string, stageId: string): string {
  return `${APPROVALS}/${approvalId}/stages/${stageId}?${APPR_API}`;
}

export const approve = (justification = 'Looks right') => ({ properties: { reviewResult: 'Approve', justification } });
export const deny = (justification = 'Not now') => ({ properties: { reviewResult: 'Deny', justification } });
