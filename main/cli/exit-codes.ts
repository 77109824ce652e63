/**
 * The CLI's exit codes, one place, documented in --help. Scripts rely on them: never
 * renumber.
 */
import type { ArmError } from '../core/arm/types';

export const exitCodes = {
  ok: 0,
  error: 1,
  usage: 2,
  auth: 3, // no token, invalid token, 401
  conflict: 4, // decided by someone else first
  gone: 5, // expired or not found
} as const;

export function exitCodeFor(error: ArmError): number {
  if (error.kind === 'unauthorized') return exitCodes.auth;
  if (error.status === 404) return exitCodes.gone;
  return exitCodes.error;
}
