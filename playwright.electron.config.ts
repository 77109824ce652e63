import { defineConfig } from '@playwright/test';

// Drives the built Electron app (out/, `npm run build` first) with Playwright's _electron.
// Where no Electron binary exists (these dev machines) every test skips with the reason;
// the GitHub matrix runs them for real (Linux under xvfb-run).
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1, // one app at a time: it holds a single-instance lock
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
