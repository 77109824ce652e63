/**
 * Maps a Microsoft Graph method + path onto one of the simulator's Graph routes (the ones in
 * docs/graph-api.md), case-insensitively on segment names as Graph does, with the
 * filterByCurrentUser(on='approver') segment accepted raw or percent-encoded. Knows paths
 * only, not behaviour.
 */
import type { GraphKind } from './graph-context';

export type GraphRouteName =
  | 'listEntraRequests'
  | 'getEntraApproval'
  | 'getEntraStep'
  | 'patchEntraStep'
  | 'listGroupRequests'
  | 'getGroupApproval'
  | 'getGroupStage'
  | 'patchGroupStage';

export interface GraphRoute {
  name: GraphRouteName;
  kind: GraphKind;
  /** "v1.0" or "beta", lower-cased, for @odata.context. */
  version: string;
  approvalId?: string;
  stageId?: string;
}

export type GraphMatch = { ok: true; route: GraphRoute } | { ok: false; status: 400 | 405; message: string };

const VERSIONS = ['v1.0', 'beta'];

/** Each kind's path segments (lower-cased) and route names. */
const PATHS = {
  entraRole: {
    prefix: ['rolemanagement', 'directory'],
    requests: 'roleassignmentschedulerequests',
    approvals: 'roleassignmentapprovals',
    steps: 'steps',
    routes: { list: 'listEntraRequests', approval: 'getEntraApproval', get: 'getEntraStep', patch: 'patchEntraStep' },
    // Entra ID approvals exist only in beta; v1.0 does not know the segment.
    approvalVersions: ['beta'],
  },
  group: {
    prefix: ['identitygovernance', 'privilegedaccess', 'group'],
    requests: 'assignmentschedulerequests',
    approvals: 'assignmentapprovals',
    steps: 'stages',
    routes: { list: 'listGroupRequests', approval: 'getGroupApproval', get: 'getGroupStage', patch: 'patchGroupStage' },
    approvalVersions: ['v1.0', 'beta'],
  },
} as const satisfies Record<GraphKind, unknown>;

const KINDS: GraphKind[] = ['entraRole', 'group'];

function decodedSegments(pathname: string): string[] | null {
  try {
    return pathname.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/** The kind whose prefix follows the version segment. */
function kindAt(lower: string[]): GraphKind | null {
  return KINDS.find((kind) => PATHS[kind].prefix.every((p, i) => lower[1 + i] === p)) ?? null;
}

/** Which PIM kind a Graph path belongs to (for consent), whatever else is wrong with it. */
export function graphKindOf(pathname: string): GraphKind | null {
  return kindAt((decodedSegments(pathname) ?? []).map((s) => s.toLowerCase()));
}

const notFoundSegment = (segment: string): GraphMatch => ({ ok: false, status: 400, message: `Resource not found for the segment '${segment}'.` });

export function matchGraphRoute(method: string, pathname: string): GraphMatch {
  const raw = decodedSegments(pathname);
  if (!raw || raw.length === 0) return { ok: false, status: 400, message: 'Invalid request: the path names no resource.' };
  const lower = raw.map((s) => s.toLowerCase());
  const version = lower[0] ?? '';
  if (!VERSIONS.includes(version)) return { ok: false, status: 400, message: `Invalid version: ${raw[0] ?? ''}` };
  const kind = kindAt(lower);
  if (!kind) return notFoundSegment(raw[1] ?? '');
  const paths = PATHS[kind];
  const at = 1 + paths.prefix.length;
  const rest = lower.slice(at);
  const restRaw = raw.slice(at);
  const found = (name: GraphRouteName, approvalId?: string, stageId?: string): GraphMatch => ({
    ok: true,
    route: { name, kind, version, ...(approvalId !== undefined ? { approvalId } : {}), ...(stageId !== undefined ? { stageId } : {}) },
  });
  const wrongMethod: GraphMatch = { ok: false, status: 405, message: `The HTTP method '${method}' is not allowed on this resource.` };

  if (rest[0] === paths.requests && rest.length === 2) {
    const on = /^filterbycurrentuser\(on='([^']*)'\)$/.exec(rest[1] ?? '')?.[1];
    if (on === undefined) return notFoundSegment(restRaw[1] ?? '');
    if (on !== 'approver') return { ok: false, status: 400, message: `The value '${on}' of parameter 'on' is not supported here; the simulator serves on='approver'.` };
    return method === 'GET' ? found(paths.routes.list) : wrongMethod;
  }
  if (rest[0] === paths.approvals && (rest.length === 2 || (rest.length === 4 && rest[2] === paths.steps))) {
    if (!(paths.approvalVersions as readonly string[]).includes(version)) return notFoundSegment(restRaw[0] ?? '');
    if (rest.length === 2) return method === 'GET' ? found(paths.routes.approval, restRaw[1]) : wrongMethod;
    if (method === 'GET') return found(paths.routes.get, restRaw[1], restRaw[3]);
    if (method === 'PATCH') return found(paths.routes.patch, restRaw[1], restRaw[3]);
    return wrongMethod;
  }
  // Real Graph names the first segment it cannot resolve; the last one is close enough for a client's logs.
  return notFoundSegment(raw[raw.length - 1] ?? '');
}
