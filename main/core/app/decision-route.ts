/**
 * Which client decides an item of each kind for a session: ARM for Azure resources, the
 * Graph client for Entra ID roles and groups. Null when the session cannot decide that
 * kind, so nothing is ever sent to the wrong service (a Graph path is a valid-looking ARM
 * id, and the ARM token must never carry it).
 */
import type { ItemKind } from '../../../preload/api';
import type { DecisionRoute } from '../outbox/sender';
import type { AccountSession } from './app-core';

export function decisionRoute(session: Pick<AccountSession, 'api' | 'graph'>, kind: ItemKind): DecisionRoute | null {
  if (kind === 'azureResource') return session.api;
  const graph = session.graph?.api;
  return graph ? { getStage: (id, signal) => graph.getStage(id, signal), decide: (...args) => graph.decide(...args) } : null;
}
