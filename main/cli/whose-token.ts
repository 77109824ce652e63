/**
 * The rule that a decision is sent only as the person who made it: `approve`, `deny` and
 * `sync` need to know whose token they hold (`{oid}.{tid}` from its claims, or the
 * session's account). A token that does not say may still read (`list`, `show`) but never
 * decides or sends. Prints why; never prints the token.
 */
import type { ArmAccess, CliIo } from './context';
import { exitCodes } from './exit-codes';

export const UNKNOWN_ACCOUNT =
  'cannot tell whose token this is (it carries no oid and tid claims), so it cannot decide or send decisions: ' +
  'each decision is sent only as the person who made it. Use a user\'s ARM access token or `pim-approvals login`.';

/** The account of `access`, or the exit code after saying why there is none. */
export function accountOf(access: ArmAccess, io: CliIo): { ok: true; accountId: string } | { ok: false; exitCode: number } {
  if (access.accountId) return { ok: true, accountId: access.accountId };
  io.err(`pim-approvals: ${UNKNOWN_ACCOUNT}\n`);
  return { ok: false, exitCode: exitCodes.auth };
}
