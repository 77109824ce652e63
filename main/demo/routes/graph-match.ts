/**
 * Maps a Microsoft Graph method + path onto one of the simulator's Graph routes. The routes
 * are one table (GRAPH_ROUTES), spelled as Microsoft's SDK URI templates spell them, so the
 * conformance test can hold every served route against those templates
 * (test/kit/graph-uri-templates.ts). Segment names match case-insensitively as Graph does, and the
 * filterByCurrentUser(on='approver') segment is accepted raw or percent-encoded. Knows paths
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

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphRoute {
  name: GraphRouteName;
  kind: GraphKind;
  /** "v1.0" or "beta", lower-cased, for @odata.context and the approval's steps/stages. */
  version: GraphVersion;
  approvalId?: string;
  stageId?: string;
  /** The lists' filterByCurrentUser(on=…): what waits for me, or my own requests. */
  on?: 'approver' | 'principal';
}

/** One served route: `path` follows the version segment; {approvalId}, {stageId} and {on} are parameters. */
export interface GraphRouteShape {
  name: GraphRouteName;
  kind: GraphKind;
  version: GraphVersion;
  method: 'GET' | 'PATCH';
  path: string;
}

export type GraphMatch = { ok: true; route: GraphRoute } | { ok: false; status: 400 | 405; message: string };

const ENTRA = '/roleManagement/directory';
const GROUP = '/identityGovernance/privilegedAccess/group';
const ENTRA_LIST = `${ENTRA}/roleAssignmentScheduleRequests/filterByCurrentUser(on='{on}')`;
const GROUP_LIST = `${GROUP}/assignmentScheduleRequests/filterByCurrentUser(on='{on}')`;
const ENTRA_APPROVAL = `${ENTRA}/roleAssignmentApprovals/{approvalId}`;
const GROUP_APPROVAL = `${GROUP}/assignmentApprovals/{approvalId}`;

const both = (shape: Omit<GraphRouteShape, 'version'>): GraphRouteShape[] => [
  { ...shape, version: 'v1.0' },
  { ...shape, version: 'beta' },
];

/**
 * What Graph serves and we simulate. Entra ID approvals exist only in beta. Group approvals
 * hold `stages` in v1.0 and `steps` in beta (each version's SDK knows only its own word).
 */
export const GRAPH_ROUTES: readonly GraphRouteShape[] = [
  ...both({ name: 'listEntraRequests', kind: 'entraRole', method: 'GET', path: ENTRA_LIST }),
  { name: 'getEntraApproval', kind: 'entraRole', version: 'beta', method: 'GET', path: ENTRA_APPROVAL },
  { name: 'getEntraStep', kind: 'entraRole', version: 'beta', method: 'GET', path: `${ENTRA_APPROVAL}/steps/{stageId}` },
  { name: 'patchEntraStep', kind: 'entraRole', version: 'beta', method: 'PATCH', path: `${ENTRA_APPROVAL}/steps/{stageId}` },
  ...both({ name: 'listGroupRequests', kind: 'group', method: 'GET', path: GROUP_LIST }),
  ...both({ name: 'getGroupApproval', kind: 'group', method: 'GET', path: GROUP_APPROVAL }),
  { name: 'getGroupStage', kind: 'group', version: 'v1.0', method: 'GET', path: `${GROUP_APPROVAL}/stages/{stageId}` },
  { name: 'patchGroupStage', kind: 'group', version: 'v1.0', method: 'PATCH', path: `${GROUP_APPROVAL}/stages/{stageId}` },
  { name: 'getGroupStage', kind: 'group', version: 'beta', method: 'GET', path: `${GROUP_APPROVAL}/steps/{stageId}` },
  { name: 'patchGroupStage', kind: 'group', version: 'beta', method: 'PATCH', path: `${GROUP_APPROVAL}/steps/{stageId}` },
];

const VERSIONS: readonly string[] = ['v1.0', 'beta'];
const KIND_PREFIX: Record<GraphKind, string[]> = { entraRole: ['rolemanagement', 'directory'], group: ['identitygovernance', 'privilegedaccess', 'group'] };
const FUNCTION_SEGMENT = /^filterbycurrentuser\(on='([^']*)'\)$/;

function decodedSegments(pathname: string): string[] | null {
  try {
    return pathname.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/** The kind whose prefix follows the version segment. */
function kindAt(lower: string[]): GraphKind | null {
  return (Object.keys(KIND_PREFIX) as GraphKind[]).find((kind) => KIND_PREFIX[kind].every((p, i) => lower[1 + i] === p)) ?? null;
}

/** Which PIM kind a Graph path belongs to (for consent), whatever else is wrong with it. */
export function graphKindOf(pathname: string): GraphKind | null {
  return kindAt((decodedSegments(pathname) ?? []).map((s) => s.toLowerCase()));
}

type Params = { approvalId?: string; stageId?: string; on?: string };

/** Does one (lower-cased) request segment fit one template segment? Fills in parameters. */
function segmentFits(template: string, lower: string, raw: string, params: Params): boolean {
  if (template === '{approvalId}' || template === '{stageId}') {
    params[template === '{approvalId}' ? 'approvalId' : 'stageId'] = raw;
    return raw.length > 0;
  }
  if (template.includes('{on}')) {
    const on = FUNCTION_SEGMENT.exec(lower)?.[1];
    if (on === undefined) return false;
    params.on = on;
    return true;
  }
  return template.toLowerCase() === lower;
}

const templateSegments = (shape: GraphRouteShape): string[] => shape.path.split('/').filter((s) => s.length > 0);

/** How many leading segments of the request fit the route (for naming the first that does not). */
function fittingPrefix(shape: GraphRouteShape, lower: string[], raw: string[]): number {
  const segments = templateSegments(shape);
  let n = 0;
  while (n < lower.length && n < segments.length && segmentFits(segments[n] ?? '', lower[n] ?? '', raw[n] ?? '', {})) n += 1;
  return n;
}

export function matchGraphRoute(method: string, pathname: string): GraphMatch {
  const raw = decodedSegments(pathname);
  if (!raw || raw.length === 0) return { ok: false, status: 400, message: 'Invalid request: the path names no resource.' };
  const version = (raw[0] ?? '').toLowerCase();
  if (!VERSIONS.includes(version)) return { ok: false, status: 400, message: `Invalid version: ${raw[0] ?? ''}` };
  const restRaw = raw.slice(1);
  const rest = restRaw.map((s) => s.toLowerCase());
  const candidates = GRAPH_ROUTES.filter((shape) => shape.version === version);
  const fitting: { shape: GraphRouteShape; params: Params }[] = [];
  for (const shape of candidates) {
    const segments = templateSegments(shape);
    const params: Params = {};
    if (segments.length === rest.length && segments.every((s, i) => segmentFits(s, rest[i] ?? '', restRaw[i] ?? '', params))) fitting.push({ shape, params });
  }
  if (fitting.length === 0) {
    // Real Graph names the first segment it cannot resolve.
    const resolved = Math.max(0, ...candidates.map((shape) => fittingPrefix(shape, rest, restRaw)));
    return { ok: false, status: 400, message: `Resource not found for the segment '${restRaw[Math.min(resolved, restRaw.length - 1)] ?? raw[0] ?? ''}'.` };
  }
  const chosen = fitting.find((f) => f.shape.method === method);
  if (!chosen) return { ok: false, status: 405, message: `The HTTP method '${method}' is not allowed on this resource.` };
  const { shape, params } = chosen;
  if (params.on !== undefined && params.on !== 'approver' && params.on !== 'principal') {
    return { ok: false, status: 400, message: `The value '${params.on}' of parameter 'on' is not supported here; the simulator serves on='approver' and on='principal'.` };
  }
  return {
    ok: true,
    route: {
      name: shape.name,
      kind: shape.kind,
      version: shape.version,
      ...(params.approvalId !== undefined ? { approvalId: params.approvalId } : {}),
      ...(params.stageId !== undefined ? { stageId: params.stageId } : {}),
      ...(params.on === 'approver' || params.on === 'principal' ? { on: params.on } : {}),
    },
  };
}
