/**
 * The one clock. Everything that waits or stamps time takes a Clock so tests and the
 * simulator can run on virtual time. Never call Date.now() or setTimeout directly in core.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest delay one setTimeout can hold: Node stores it as a signed 32-bit int and
 * fires a longer one at once (with a warning), which turned a "wait for days" into a spin.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      // A long sleep is a chain of timers of at most MAX_TIMER_MS each: still long, never immediate.
      const until = Date.now() + Math.max(0, ms);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const arm = (left: number) => {
        timer = setTimeout(() => {
          const rest = until - Date.now();
          if (rest > 0) return arm(rest);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, timerDelay(left));
      };
      arm(Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** One timer's share of a sleep: the whole wait when it fits, else the longest a timer holds. */
export function timerDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_MS : 0;
  return Math.min(MAX_TIMER_MS, Math.max(0, ms));
}

/** A clock that only moves when told to; sleepers wake in time order as it advances. */
export class VirtualClock implements Clock {
  private current: number;
  private sleepers: { at: number; resolve: () => void; seq: number }[] = [];
  private seq = 0;

  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper = { at: this.current + Math.max(0, ms), resolve, seq: this.seq++ };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward, waking each sleeper at its due time and letting its work run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.current = Math.max(this.current, due.at);
      due.resolve();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  pendingSleepers(): number {
    return this.sleepers.length;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
