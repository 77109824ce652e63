/**
 * `--smoke-test`: the packaged app proves it starts for real (CI launches it once per OS,
 * .github/workflows/ci.yml): once the first poll has answered and the app is online, it
 * quits with exit code 0; if that has not happened within the deadline it exits 1, saying
 * what it saw. Used with `--demo`, so the poll goes to the embedded simulator. Reads the
 * state only; never prints a token or a justification.
 */
import type { AppState } from '../core/model/state';

export const SMOKE_TEST_FLAG = '--smoke-test';
export const SMOKE_TEST_DEADLINE_MS = 60_000;

export interface SmokeTestOptions {
  state(): AppState;
  onState(listener: (state: AppState) => void): () => void;
  /** 0: quit in order; anything else: exit at once with that code. */
  finish(code: number): void;
  log(line: string): void;
  deadlineMs?: number;
}

export function watchSmokeTest(options: SmokeTestOptions): () => void {
  let done = false;
  const check = (state: AppState) => {
    if (done || state.lastCheckedAt === null || state.connection !== 'online') return;
    done = true;
    stop();
    options.log(`smoke test: first poll answered at ${state.lastCheckedAt}, ${state.queue.length} request(s) waiting`);
    options.finish(0);
  };
  const timer = setTimeout(() => {
    if (done) return;
    done = true;
    stop();
    const s = options.state();
    options.log(`smoke test: no answered poll within ${options.deadlineMs ?? SMOKE_TEST_DEADLINE_MS} ms (connection ${s.connection}, problem ${s.problem ?? 'none'})`);
    options.finish(1);
  }, options.deadlineMs ?? SMOKE_TEST_DEADLINE_MS);
  const off = options.onState(check);
  function stop() {
    clearTimeout(timer);
    off();
  }
  check(options.state());
  return () => {
    done = true;
    stop();
  };
}
