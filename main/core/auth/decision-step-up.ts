/**
 * Decisions that step up once when the service asks for more claims (mandatory MFA on
 * writes, pim-api.md), wrapped around a service client where the session is built: the
 * decision path (outbox → service → client → HTTP) runs through here and never back into
 * core/app. The token — a stepped-up one on the retry — travels with its one decision in
 * DecideOptions, never pinned on the shared client, so a concurrent decision cannot take
 * it; the caller's options (the outbox's fence, its meter) travel with it.
 */
import type { ArmApi } from '../arm/types';
import type { GraphApi, GraphKind } from '../graph/types';
import { kindOfStagePath } from '../graph/urls';
import { graphScope } from '../net/clouds';
import { kindPermission } from '../model/item-labels';
import { withClaimsStepUp } from './claims';
import type { Auth } from './types';

type TokenSource = Pick<Auth, 'token'>;

/** ARM decisions with a token for `scopes` that steps up once on a claims challenge; reads unchanged. */
export function armDecisionsWithStepUp<A extends ArmApi>(api: A, auth: TokenSource, scopes: string[]): A {
  return {
    ...api,
    decide: (stageId, result, justification, signal, decideOptions) =>
      withClaimsStepUp(auth, scopes, (token) => api.decide(stageId, result, justification, signal, { ...decideOptions, accessToken: token })),
  };
}

/** The Graph scope a kind's calls need: its own delegated permission on this Graph origin. */
export function graphKindScope(endpoint: string, kind: GraphKind): string {
  return graphScope(endpoint, kindPermission(kind) ?? '');
}

/** Graph decisions with a token for the stage's kind that steps up once on a claims challenge; reads unchanged. */
export function graphDecisionsWithStepUp(api: GraphApi, auth: TokenSource, endpoint: string): GraphApi {
  return {
    ...api,
    decide: (path, result, justification, signal, decideOptions) => {
      const kind = kindOfStagePath(path);
      if (!kind) return api.decide(path, result, justification, signal, decideOptions); // refused by the client, before any call
      return withClaimsStepUp(auth, [graphKindScope(endpoint, kind)], (token) => api.decide(path, result, justification, signal, { ...decideOptions, accessToken: token }));
    },
  };
}
