/**
 * Fault injection: which ARM and Graph calls fail and how (500, 503, dropped connection, hang).
 * Drawn from its own seeded stream so the fault sequence does not shift when a test
 * creates more requests. For writes, a drop or hang happens after the write was applied
 * half of the time: the client cannot tell, which is what the outbox must survive.
 */
import type { Rng } from './rng';

export type Fault =
  | { kind: 'error'; status: 500 | 503 }
  | { kind: 'drop'; afterApply: boolean }
  | { kind: 'hang'; afterApply: boolean };

export function pickFault(rng: Rng, errorRate: number, isWrite: boolean): Fault | null {
  if (errorRate <= 0 || rng() >= errorRate) return null;
  const which = Math.floor(rng() * 4);
  const afterApply = isWrite && rng() < 0.5;
  if (which === 0) return { kind: 'error', status: 500 };
  if (which === 1) return { kind: 'error', status: 503 };
  if (which === 2) return { kind: 'drop', afterApply };
  return { kind: 'hang', afterApply };
}
