/**
 * What a parser of service JSON answers: the value, or a 'parse' error naming the first
 * fields that did not fit, worded for the service that sent them. Pure.
 */
import type { z } from 'zod';
import type { ArmError } from './types';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ArmError };

export function parseError(what: string, error: z.ZodError, service = 'ARM'): { ok: false; error: ArmError } {
  const issues = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: { kind: 'parse', message: `${service} sent a ${what} in an unexpected shape: ${issues}` } };
}
