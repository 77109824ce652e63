/**
 * Who runs this CLI, as Graph's own-request rule needs it: the ARM token's `oid`, else the
 * Graph client's answer (its token's `oid`, else `GET /me`). A requester can never approve
 * their own request, so the CLI must never offer it as decidable; when nobody can say who
 * the user is, the caller prints `problem` (once its own read worked, so a missing token is
 * not reported twice). Never prints a token.
 */
import type { GraphClient } from '../core/graph/client';
import type { GraphKind } from '../core/graph/types';
import { inertText } from './inert-text';

export async function graphPrincipal(armPrincipal: string | null, client: GraphClient, kind: GraphKind): Promise<{ id: string | null; problem: string | null }> {
  if (armPrincipal) return { id: armPrincipal, problem: null };
  const me = await client.currentPrincipal(kind);
  if (me.ok) return { id: me.id, problem: null };
  return {
    id: null,
    problem: `pim-approvals: could not tell who you are on Microsoft Graph (${inertText(me.error.message)}); your own requests cannot be told apart from others'.\n`,
  };
}
