/**
 * Test helpers for the simulator's own tests: start a simulator on a VirtualClock and
 * call its ARM or Graph listener over real loopback HTTP with a principal's token. Used by
 * *.test.ts only.
 */
import { VirtualClock } from '../../main/core/clock';
import { startSimulator, type RunningSimulator, type StartOptions } from '../../main/demo/simulator';

export const REQUESTS = '/providers/Microsoft.Authorization/roleAssignmentScheduleRequests';
export const APPROVALS = '/providers/Microsoft.Authorization/roleAssignmentApprovals';
export const REQ_API = 'api-version=2020-10-01';
export const APPR_API = 'api-version=2021-01-01-preview';

/** Graph paths exactly as docs/graph-api.md writes them. */
export const ENTRA_LIST = "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=status eq 'PendingApproval'&$expand=principal,roleDefinition";
export const GROUP_LIST = "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=status eq 'PendingApproval'&$expand=principal,group";
export const entraApprovalUrl = (approvalId: string): string => `/beta/roleManagement/directory/roleAssignmentApprovals/${approvalId}`;
export const entraStepUrl = (approvalId: string, stepId: string): string => `${entraApprovalUrl(approvalId)}/steps/${stepId}`;
export const groupApprovalUrl = (approvalId: string): string => `/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/${approvalId}`;
export const groupStageUrl = (approvalId: string, stageId: string): string => `${groupApprovalUrl(approvalId)}/stages/${stageId}`;
export const decision = (reviewResult: 'Approve' | 'Deny', justification = 'Looks right') => ({ reviewResult, justification });

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body; undefined when empty. */
  json: unknown;
}

export interface CallOptions {
  /** Principal key whose token to send (default me; ARM or Graph token by the listener called); null sends
   * none; a string starting with "raw:" sends that token. */
  as?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface TestSim {
  running: RunningSimulator;
  clock: VirtualClock;
  /** Calls the ARM listener (relative paths) or any absolute URL with ARM tokens. */
  call(method: string, pathAndQuery: string, opts?: CallOptions): Promise<Answer>;
  /** Calls the Graph listener (relative paths) or any absolute URL with Graph tokens. */
  graph(method: string, pathAndQuery: string, opts?: CallOptions): Promise<Answer>;
}

export async function startTestSim(opts: StartOptions = {}): Promise<TestSim> {
  const clock = new VirtualClock();
  const running = await startSimulator({ clock, ...opts });
  const send = async (api: 'arm' | 'graph', method: string, pathAndQuery: string, o: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const as = o.as === undefined ? 'me' : o.as;
    if (as !== null) {
      const token = as.startsWith('raw:') ? as.slice(4) : (api === 'arm' ? running.tokens : running.graphTokens)[as];
      if (token === undefined) throw new Error(`no token for '${as}'`);
      headers['Authorization'] = `Bearer ${token}`;
    }
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const url = pathAndQuery.startsWith('http') ? pathAndQuery : `${api === 'arm' ? running.url : running.graphUrl}${pathAndQuery}`;
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return { running, clock, call: (m, p, o) => send('arm', m, p, o), graph: (m, p, o) => send('graph', m, p, o) };
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
