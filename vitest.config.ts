import { defineConfig } from 'vitest/config';

// Unit and integration tests of main/, preload/ and test/ helpers run in plain Node.
// Only the `electron` module is ever mocked (its binary cannot run here).
export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'preload/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'renderer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
