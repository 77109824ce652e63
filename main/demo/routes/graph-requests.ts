/**
 * The two Graph lists of what waits for the caller: Entra ID role requests and PIM for
 * Groups requests, `filterByCurrentUser(on='approver')`, with `$filter=status eq '…'` and
 * paging through an absolute @odata.nextLink carrying `$skiptoken`. `$expand` is accepted
 * and ignored: principal and roleDefinition/group are always expanded.
 */
import { graphError } from '../graph-errors';
import { graphRequestJson } from '../graph-json';
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

/**
 * Listed for approver K: requests whose open stage lists K — what waits for K now. Unlike
 * ARM's asApprover() (any stage), a later serial stage appears only once its turn comes.
 */
function waitsFor(rec: RequestRec, principalKey: string): boolean {
  return openStage(rec)?.approvers.includes(principalKey) ?? false;
}

export function listGraphRequests(ctx: GraphContext, call: GraphCall, route: GraphRoute): Reply {
  const query = normalizedQuery(call.query);
  const filter = parseStatusFilter(query['$filter']);
  if (!filter.ok) return filter.reply;
  const wanted = filter.status?.toLowerCase() ?? null;
  const items = ctx.tenant
    .requests()
    .filter((rec) => rec.kind === route.kind && waitsFor(rec, ctx.caller) && (wanted === null || rec.status.toLowerCase() === wanted));
  const result = page(items, query, ctx.linkOrigin, call.pathname, ctx.knobs.pageSize, '$skiptoken');
  if (!result.ok) return graphError(400, 'BadRequest', 'The $skiptoken is invalid.');
  const { value, nextLink } = result.value;
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.origin}/${route.version}/$metadata#Collection(${ENTITY[route.kind]})`,
      value: value.map((rec) => graphRequestJson(ctx.tenant, rec)),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    },
  };
}
