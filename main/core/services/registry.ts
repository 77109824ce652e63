/**
 * The registry of one account's approval services: every kind the session can reach, in
 * the order the window lists kinds, and the kinds it cannot reach with the reason. The one
 * place a kind is mapped to its service (and so to its client and token): poller, outbox,
 * "My requests" and the CLI look services up here and never branch on the kind themselves.
 */
import type { ItemKind } from '../model/state';
import type { ArmApi } from '../arm/types';
import { GRAPH_KINDS } from '../graph/types';
import type { ApprovalService, UnavailableKind } from './approval-service';
import { azureResourceService } from './azure-resource';
import { graphKindService } from './graph-kind';
import type { GraphSession } from './graph-session';

export interface ServiceRegistry {
  /** The services this session can reach, Azure resources first. */
  readonly services: readonly ApprovalService[];
  /** The kinds it cannot reach at all, and why (said in the window and by `status`). */
  readonly unavailable: readonly UnavailableKind[];
  /** The service that reads and decides `kind`; null where this session cannot (nothing is ever sent to the wrong service). */
  of(kind: ItemKind): ApprovalService | null;
}

/** What a session offers: ARM always, Microsoft Graph where the session has it. */
export interface SessionClients {
  api: ArmApi;
  graph?: GraphSession | undefined;
}

export const NO_GRAPH = 'This session has no Microsoft Graph access.';

export function serviceRegistry(services: readonly ApprovalService[], unavailable: readonly UnavailableKind[] = []): ServiceRegistry {
  const byKind = new Map(services.map((s) => [s.kind, s]));
  return { services, unavailable, of: (kind) => byKind.get(kind) ?? null };
}

/**
 * The services of a session's clients: the adapters, each over its own client and token.
 * Without Graph its kinds are unavailable, for `noGraphReason` (NO_GRAPH when not said).
 */
export function sessionServices(clients: SessionClients, noGraphReason = NO_GRAPH): ServiceRegistry {
  const { graph } = clients;
  const graphServices = graph ? GRAPH_KINDS.map((kind) => graphKindService(kind, graph)) : [];
  return serviceRegistry([azureResourceService(clients.api), ...graphServices], graph ? [] : GRAPH_KINDS.map((kind) => ({ kind, reason: noGraphReason })));
}
