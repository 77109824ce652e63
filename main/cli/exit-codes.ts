/**
 * The CLI's exit codes, one place, documented in --help. Scripts rely on them: never
 * renumber.
 */
import type { ArmError } from '../core/arm/types';

export const exitCodes = {
  ok: 0,
  error: 1,
  usage: 2,
  auth: 3, // no token, a token refused here or by Azure (401), a token that does not say whose it is
  conflict: 4, // decided by someone else first, or the same decision already sent earlier
  gone: 5, // Azure says expired, or no such request
  refused: 6, // the opposite decision is already recorded for this request (undo it first while it waits)
} as const;

export function exitCodeFor(error: ArmError): number {
  if (error.kind === 'unauthorized') return exitCodes.auth;
  if (error.status === 404) return exitCodes.gone;
  return exitCodes.error;
}
