// @ts-check
/**
 * Mutation testing (`npm run mutate`, StrykerJS): do our tests notice when the code that
 * guards a decision, a token or the bridge is changed? Scoped to the trust-critical core
 * only; a full run takes long (see README "Quality"), so it is not part of `npm test`.
 * Runs in a sandbox copy under .stryker-tmp/, never in place: others may be editing the tree.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The lines of one function inside a larger file, found by its first line and the first line
 * after it that closes it, so the range follows the code when lines above it move. Throws when
 * the code moved away, so the scope never silently shrinks to nothing.
 * @param {string} file
 * @param {string} startsWith text the function's first line starts with (after indentation)
 * @param {string} endLine the exact line that closes it
 */
function linesOf(file, startsWith, endLine) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trimStart().startsWith(startsWith));
  const end = start < 0 ? -1 : lines.findIndex((line, i) => i > start && line === endLine);
  if (start < 0 || end < 0) throw new Error(`stryker.config.mjs: "${startsWith}" not found in ${file}; update the mutate scope.`);
  return `${file}:${start + 1}-${end + 1}`;
}

// Stryker's vitest runner runs every test file in a fresh worker thread of one process. The
// keychain tests load keytar (libsecret); when their thread ends, Node unloads libsecret while
// GLib's type system (never unloaded) keeps its types, so the next thread's load registers
// them again and the process dies with SIGSEGV (GLib-GObject-CRITICAL g_boxed_type_register_static).
// Loading keytar once in each runner process's main thread keeps libsecret loaded for good.
// Children inherit this environment (by absolute path: tests start processes in other folders).
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(createRequire(import.meta.url).resolve('keytar'))}`]
  .filter(Boolean)
  .join(' ');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  // Related mode: each mutant runs only the test files that import its file (and, with
  // perTest coverage, only the tests that reached the mutant). vitest.mutate.config.ts is the
  // unit config minus the soaks and the child-process crash test, fastest tests first.
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    // The outbox: journal, lock, state machine, one-entry-per-stage rule, sending.
    'main/core/outbox/*.ts',
    '!main/core/outbox/*.test.ts',
    // The one cross-process lock (outbox drain and journal, token cache).
    'main/core/fs/file-lock.ts',
    // The neutral layer under ARM and Graph: read → decide → confirm, the stage verdict,
    // paging (host pinning), HTTP, retry backoff; then ARM's body forms and batch.
    'main/core/net/decide-flow.ts',
    'main/core/net/decide-outcome.ts',
    'main/core/net/paging.ts',
    'main/core/net/http.ts',
    'main/core/net/backoff.ts',
    'main/core/arm/decide.ts',
    linesOf('main/core/graph/client.ts', 'decide: async (', '    },'),
    'main/core/graph/urls.ts',
    // Which service (client, token) a decision of each kind goes to.
    'main/core/services/registry.ts',
    // The token cache (encrypted at rest) and what keeps secrets out of logs.
    'main/core/auth/cache-plugin.ts',
    'main/core/auth/crypto-file.ts',
    'main/core/auth/redact.ts',
    'main/core/log/redact.ts',
    // Who may talk to the core: the IPC sender check and the browser preview's guard.
    linesOf('main/electron/ipc.ts', 'export function senderProblem(', '}'),
    'main/preview/guard.ts',
  ],
  // Two shared cores: one mutant at a time. On an idle machine: `npm run mutate -- --concurrency 2`.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Nothing the unit tests read: keeps the sandbox copy small.
  ignorePatterns: ['/out', '/dist', '/test-results', '/playwright-report', '/coverage', '/.tmp', '/docs'],
  // Tests here start real servers and child processes; a slow machine must not read as a kill.
  timeoutMS: 10_000,
  // The initial run executes every test related to the mutated files once, with coverage: for
  // the decide path that is about 50 files and 450 tests (231 s at load average 8, 2 cores).
  // Stryker's default of 5 min made it fail as "Initial test run timed out!", which read as a stall.
  dryRunTimeoutMinutes: 30,
  tempDirName: '.stryker-tmp',
};

export default config;
