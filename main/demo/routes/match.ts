/**
 * Maps an ARM method + path onto one of the simulator's routes (tenant-level and
 * `/{scope}/…` forms), case-insensitively as ARM does. Knows paths only, not behaviour.
 */

export type RouteName =
  | 'listScheduleRequests'
  | 'getScheduleRequest'
  | 'putScheduleRequest'
  | 'cancelScheduleRequest'
  | 'validateScheduleRequest'
  | 'listApprovals'
  | 'getApproval'
  | 'listStages'
  | 'getStage'
  | 'putStage'
  | 'patchStage'
  | 'batch'
  | 'listTenants';

export interface MatchedRoute {
  name: RouteName;
  /** The `{scope}` part without leading slash ("" at tenant level), as the caller wrote it. */
  scope: string;
  /** {roleAssignmentScheduleRequestName}, {approvalId}, {stageId} as given. */
  id?: string;
  stageId?: string;
  apiVersions: string[];
}

export type Match = { ok: true; route: MatchedRoute } | { ok: false; status: 404 | 405 };

const REQUESTS_API = ['2020-10-01'];
const APPROVALS_API = ['2021-01-01-preview'];
const BATCH_API = ['2020-06-01'];
const TENANTS_API = ['2022-12-01'];

export function matchRoute(method: string, pathname: string): Match {
  let segments: string[];
  try {
    segments = pathname.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
  } catch {
    return { ok: false, status: 404 };
  }
  const lower = segments.map((s) => s.toLowerCase());
  if (lower.length === 1 && lower[0] === 'batch') {
    return method === 'POST' ? { ok: true, route: { name: 'batch', scope: '', apiVersions: BATCH_API } } : { ok: false, status: 405 };
  }
  if (lower.length === 1 && lower[0] === 'tenants') {
    return method === 'GET' ? { ok: true, route: { name: 'listTenants', scope: '', apiVersions: TENANTS_API } } : { ok: false, status: 405 };
  }
  // The scope may itself contain "providers/…" (e.g. providers/Microsoft.Subscription/…), so use the last provider segment.
  let at = -1;
  for (let i = lower.length - 2; i >= 0; i--) {
    if (lower[i] === 'providers' && lower[i + 1] === 'microsoft.authorization') {
      at = i;
      break;
    }
  }
  if (at < 0) return { ok: false, status: 404 };
  const scope = segments.slice(0, at).join('/');
  const rest = lower.slice(at + 2);
  const raw = segments.slice(at + 2);
  const found = (name: RouteName, apiVersions: string[], id?: string, stageId?: string): Match => ({
    ok: true,
    route: { name, scope, apiVersions, ...(id !== undefined ? { id } : {}), ...(stageId !== undefined ? { stageId } : {}) },
  });
  const wrongMethod: Match = { ok: false, status: 405 };

  if (rest[0] === 'roleassignmentschedulerequests') {
    if (rest.length === 1) return method === 'GET' ? found('listScheduleRequests', REQUESTS_API) : wrongMethod;
    if (rest.length === 2) {
      if (method === 'GET') return found('getScheduleRequest', REQUESTS_API, raw[1]);
      if (method === 'PUT') return found('putScheduleRequest', REQUESTS_API, raw[1]);
      return wrongMethod;
    }
    if (rest.length === 3 && (rest[2] === 'cancel' || rest[2] === 'validate')) {
      if (method !== 'POST') return wrongMethod;
      return found(rest[2] === 'cancel' ? 'cancelScheduleRequest' : 'validateScheduleRequest', REQUESTS_API, raw[1]);
    }
  }
  if (rest[0] === 'roleassignmentapprovals') {
    if (rest.length === 1) return method === 'GET' ? found('listApprovals', APPROVALS_API) : wrongMethod;
    if (rest.length === 2) return method === 'GET' ? found('getApproval', APPROVALS_API, raw[1]) : wrongMethod;
    if (rest.length === 3 && rest[2] === 'stages') return method === 'GET' ? found('listStages', APPROVALS_API, raw[1]) : wrongMethod;
    if (rest.length === 4 && rest[2] === 'stages') {
      if (method === 'GET') return found('getStage', APPROVALS_API, raw[1], raw[3]);
      if (method === 'PUT') return found('putStage', APPROVALS_API, raw[1], raw[3]);
      if (method === 'PATCH') return found('patchStage', APPROVALS_API, raw[1], raw[3]);
      return wrongMethod;
    }
  }
  return { ok: false, status: 404 };
}

/** "providers/Microsoft.Subscription/subscriptions/x" and "subscriptions/x" both mean /subscriptions/x. */
export function normalizeScope(scope: string): string {
  if (scope === '') return '';
  return `/${scope}`.replace(/^\/providers\/Microsoft\.Subscription(?=\/)/i, '');
}

/** True when `id` is the scope itself or lies below it. */
export function isAtOrBelow(id: string, scope: string): boolean {
  if (scope === '') return true;
  const a = id.toLowerCase();
  const s = scope.toLowerCase();
  return a === s || a.startsWith(`${s}/`);
}
