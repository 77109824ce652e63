/**
 * The two Graph lists of what waits for the caller: Entra ID role requests and PIM for
 * Groups requests, `filterByCurrentUser(on='approver')` — or, with on='principal', the
 * caller's own requests of any status — with `$filter=status eq '…'` and
 * paging through an absolute @odata.nextLink carrying `$skiptoken`. principal and
 * roleDefinition/group are relationships: as on Graph, they are in an item only when
 * `$expand` names them (and the nextLink keeps the $expand).
 */
import { graphError } from '../graph-errors';
import { graphRequestJson, type GraphExpansion } from '../graph-json';
import type { RequestRec } from '../model';
import { openStage } from '../rules';
import type { Reply } from '../surface';
import type { GraphCall, GraphContext, GraphKind } from './graph-context';
import type { GraphRoute } from './graph-match';
import { page } from './list-query';

const ENTITY: Record<GraphKind, string> = {
  entraRole: 'unifiedRoleAssignmentScheduleRequest',
  group: 'privilegedAccessGroupAssignmentScheduleRequest',
};

/** Graph reads system query options case-insensitively; routes see one spelling. */
function normalizedQuery(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k.startsWith('$') ? k.toLowerCase() : k, v]));
}

type StatusFilter = { ok: true; status: string | null } | { ok: false; reply: Reply };

function parseStatusFilter(filter: string | undefined): StatusFilter {
  if (filter === undefined || filter.trim() === '') return { ok: true, status: null };
  const m = /^status\s+eq\s+'([^']+)'$/i.exec(filter.trim());
  if (m?.[1]) return { ok: true, status: m[1] };
  return { ok: false, reply: graphError(400, 'BadRequest', `Invalid filter clause: '${filter}' is not supported. Supported: status eq '{status}'.`) };
}

/** The relationships each kind's item has (its SDK model's navigation properties we serve). */
const EXPANDABLE: Record<GraphKind, readonly GraphExpansion[]> = {
  entraRole: ['principal', 'roleDefinition'],
  group: ['principal', 'group'],
};

type Expansion = { ok: true; expand: Set<GraphExpansion> } | { ok: false; reply: Reply };

/** `$expand=principal,roleDefinition`: names compared without case, as Graph does; others refused, not ignored. */
function parseExpand(kind: GraphKind, expand: string | undefined): Expansion {
  const wanted = new Set<GraphExpansion>();
  for (const name of (expand ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const known = EXPANDABLE[kind].find((e) => e.toLowerCase() === name.toLowerCase());
    if (!known) return { ok: false, reply: graphError(400, 'BadRequest', `Could not find a property named '${name}' that can be expanded here; the simulator expands ${EXPANDABLE[kind].join(', ')}.`) };
    wanted.add(known);
  }
  return { ok: true, expand: wanted };
}

/**
 * Listed for approver K: requests whose open stage lists K — what waits for K now. Unlike
 * ARM's asApprover() (any stage), a later serial stage appears only once its turn comes.
 */
function waitsFor(rec: RequestRec, principalKey: string): boolean {
  return openStage(rec)?.approvers.includes(principalKey) ?? false;
}

/** on='principal': the caller's own requests (they are the principal), any status; else what waits for them. */
function listedFor(rec: RequestRec, principalKey: string, route: GraphRoute): boolean {
  return route.on === 'principal' ? rec.target === principalKey : waitsFor(rec, principalKey);
}

export function listGraphRequests(ctx: GraphContext, call: GraphCall, route: GraphRoute): Reply {
  const query = normalizedQuery(call.query);
  const filter = parseStatusFilter(query['$filter']);
  if (!filter.ok) return filter.reply;
  const expansion = parseExpand(route.kind, query['$expand']);
  if (!expansion.ok) return expansion.reply;
  const wanted = filter.status?.toLowerCase() ?? null;
  const items = ctx.tenant
    .requests()
    .filter((rec) => rec.kind === route.kind && listedFor(rec, ctx.caller, route) && (wanted === null || rec.status.toLowerCase() === wanted));
  const result = page(items, query, ctx.linkOrigin, call.pathname, ctx.knobs.pageSize, '$skiptoken');
  if (!result.ok) return graphError(400, 'BadRequest', 'The $skiptoken is invalid.');
  const { value, nextLink } = result.value;
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.origin}/${route.version}/$metadata#Collection(${ENTITY[route.kind]})`,
      value: value.map((rec) => graphRequestJson(ctx.tenant, rec, expansion.expand)),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    },
  };
}
