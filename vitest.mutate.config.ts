/**
 * The vitest configuration Stryker uses (`npm run mutate`, see stryker.config.mjs): the unit
 * and integration tests of vitest.config.ts, run in the order that finds a killed mutant soonest.
 * Never used by `npm test`.
 */
import { relative } from 'node:path';
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config';

/**
 * Stryker stops a mutant at its first failing test, so the tests that failed last time (they
 * likely kill the neighbouring mutant too) run first, then the fastest. Vitest's own order is
 * the slowest first, which makes every killed mutant wait for the soak tests.
 */
class FailedThenFastestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const key = (spec: TestSpecification) => `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
    const rank = (spec: TestSpecification): [number, number] => {
      const results = cache.getFileTestResults(key(spec));
      if (results) return [results.failed ? 0 : 1, results.duration];
      // Never run here yet: after the known ones, smallest file first.
      return [2, cache.getFileStats(key(spec))?.size ?? Number.MAX_SAFE_INTEGER];
    };
    return [...files].sort((a, b) => {
      const [groupA, costA] = rank(a);
      const [groupB, costB] = rank(b);
      return groupA - groupB || costA - costB;
    });
  }
}

export default mergeConfig(
  base,
  defineConfig({
    test: {
      sequence: { sequencer: FailedThenFastestFirst },
      exclude: [
        ...configDefaults.exclude,
        // The drains happen in child processes, where Stryker's active mutant does not reach (it
        // lives in the test worker's globals), and it takes a minute: most of every outbox
        // mutant's time for nothing.
        'main/core/outbox/crash.test.ts',
        // Soaks and fuzzing repeat, thousands of times, what the deterministic tests of the same
        // code check once; under a flapping network their timing also varies run to run, and a
        // mutant killed in one run but not the next would make the score noise.
        'main/core/outbox/flapping.test.ts',
        'test/security/ipc-fuzz.test.ts',
        'bench/soak.test.ts',
      ],
    },
  }),
);
