/**
 * What every benchmark file shares: the Benchmark contract run.ts calls, the quick/full
 * switch, small statistics and a seeded random source so figures are repeatable run to
 * run. Holds no benchmark logic and never asserts: goals are judged in table.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './table';
import { createNotificationCenter } from '../main/core/notify/center';
import { createMemoryNotifier } from '../main/preview/memory-notifier';
import { defaultNotifyPrefs } from '../main/core/notify/prefs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchContext {
  /** The reduced form for `npm test`: few items, few cycles, no thresholds. */
  quick: boolean;
  /** Progress lines (stderr) so a slow run shows where it is. */
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** The loopback simulator must not throttle benchmarks that count calls or time paths, not limits. */
export const WIDE_READS = { readBucket: { burst: 1_000_000, perSecond: 1_000_000 } } as const;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p % of the samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Deterministic [0, 1) numbers: the same generator the simulator and tests use. */
export { seededRng as seeded } from '../main/core/random';

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * The real notification center over an in-memory notifier, as the benchmarks feed it:
 * default preferences, no decisions from notifications (they measure planning, not deciding).
 */
export function benchNotificationCenter(now: () => number) {
  const notifier = createMemoryNotifier();
  const center = createNotificationCenter({
    notifier,
    prefs: () => defaultNotifyPrefs,
    now,
    findItem: () => null,
    decide: async (itemId) => ({ itemId, outcome: 'failed', message: 'benchmarks do not decide from notifications' }),
    openWindow: () => undefined,
  });
  return { notifier, center };
}
