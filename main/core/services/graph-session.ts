/**
 * Microsoft Graph for one account, as a session hands it to the Graph adapters: the client,
 * and whether each kind's delegated permission can be had. Types only.
 */
import type { GraphApi, GraphKind } from '../graph/types';
import type { ServiceAccess } from './approval-service';
import type { RateBudget } from '../outbox/rate-budget';

export interface GraphSession {
  api: GraphApi;
  endpoint: string;
  /**
   * Whether a token with the kind's delegated permission can be had (consent given); the
   * reason in words when not. Cheap once MSAL caches the token.
   */
  access(kind: GraphKind): Promise<ServiceAccess>;
  /** Graph's own rate budget for this account, where one is kept (the app's); its decisions draw from it. */
  budgets?: { reads: RateBudget; writes: RateBudget };
}
