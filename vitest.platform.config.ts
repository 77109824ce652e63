import { defineConfig } from 'vitest/config';

// The suites whose behaviour depends on process.platform (the Electron adapters and the
// D-Bus tests), run by test/platform-faked.sh with the platform faked as win32 and darwin:
// what the Windows and macOS CI jobs would see, proved on Linux. Kept small for npm test.
export default defineConfig({
  test: {
    include: ['main/electron/**/*.test.ts'],
    setupFiles: ['test/kit/fake-platform.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
