/**
 * Routes one authenticated Graph call to its handler, and names Graph calls for the call
 * log (`graph.` + route) so tests can count them apart from ARM's.
 */
import { graphError } from '../graph-errors';
import type { Reply } from '../surface';
import { getGraphApproval, getGraphStep, patchGraphStep } from './graph-approvals';
import type { GraphCall, GraphContext } from './graph-context';
import { matchGraphRoute, type GraphRoute, type GraphRouteName } from './graph-match';
import { listGraphRequests } from './graph-requests';

const HANDLERS: Record<GraphRouteName, (ctx: GraphContext, call: GraphCall, route: GraphRoute) => Reply> = {
  listEntraRequests: listGraphRequests,
  listGroupRequests: listGraphRequests,
  getEntraApproval: (ctx, _call, route) => getGraphApproval(ctx, route),
  getGroupApproval: (ctx, _call, route) => getGraphApproval(ctx, route),
  getEntraStep: (ctx, _call, route) => getGraphStep(ctx, route),
  getGroupStage: (ctx, _call, route) => getGraphStep(ctx, route),
  patchEntraStep: patchGraphStep,
  patchGroupStage: patchGraphStep,
};

/** `graph.listEntraRequests`, …, or `graph.unknown`; runs nothing. */
export function graphRouteName(method: string, pathname: string): string {
  const m = matchGraphRoute(method, pathname);
  return `graph.${m.ok ? m.route.name : 'unknown'}`;
}

export function routeGraph(ctx: GraphContext, call: GraphCall): Reply {
  const m = matchGraphRoute(call.method, call.pathname);
  if (!m.ok) return graphError(m.status, m.status === 405 ? 'MethodNotAllowed' : 'BadRequest', m.message);
  return HANDLERS[m.route.name](ctx, call, m.route);
}
