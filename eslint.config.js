import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

/** One forbidden target: a regex over the import text and why it is forbidden. */
const ELECTRON = { regex: '^electron(/|$)', message: 'Only main/electron, main/index.ts and preload/index.ts may import electron.' };
const ELECTRON_ADAPTERS = { regex: '(^|/)electron/', message: 'main/electron holds the Electron adapters; only main/index.ts wires them.' };
const RENDERER = { regex: '(^|/)renderer/', message: 'The renderer is a separate, sandboxed program: reach it through the IPC contract (preload/api.ts).' };
const DEMO = { regex: '(^|/)demo/', message: 'The PIM simulator is for demo mode, the preview and tests; production code must not depend on it.' };
// demo-session.ts is the real ARM and Graph clients pointed at a tenant's URLs (types only from the simulator).
const DEMO_AT_RUNTIME = {
  regex: '(^|/)demo/(?!demo-session$)',
  allowTypeImports: true,
  message: 'Load the simulator with a dynamic import() in demo mode only: it is built as its own bundle (out/main/demo.cjs).',
};
const PREVIEW = { regex: '(^|/)preview/', message: 'The browser preview is a composition root of its own; nothing imports it.' };
const CLI = { regex: '(^|/)cli/', message: 'The CLI is a composition root of its own; nothing imports it.' };
const BRIDGE = { regex: '(^|/)bridge/', message: 'main/bridge adapts the core to the IPC contract; the core never reaches out to its edge.' };
const MAIN = { regex: '(^|/)main/', message: 'The renderer and the preload reach main only through IPC (preload/api.ts).' };
// The preload (the contract) carries the core's model: the data schemas and their labels, pure and bundled with it.
const MAIN_BUT_MODEL = {
  regex: '(^|/)main/(?!core/model/)',
  message: 'The renderer and the preload reach main only through IPC; the preload may carry the core\'s model (main/core/model).',
};
const CONTRACT = {
  regex: '(^|/)preload/',
  message: 'The core owns its model (main/core/model); the IPC contract adapts to it at the edge (main/bridge), never the other way round.',
};
// The model is pure data that the preload and the renderer bundle too: zod and its own files only.
const MODEL_ONLY = { regex: '^(?!zod$|\\./)', message: 'main/core/model is pure data: it imports zod and its own files only.' };
// core/app wires the other core folders into the app's core; they never reach back into it
// (that was the poller <-> app cycle). Types are fine: a listener may name AppCore.
const CORE_APP_AT_RUNTIME = {
  regex: '^(\\.\\./)*\\.{1,2}/app/',
  allowTypeImports: true,
  message: 'core/app builds the core from the other core folders; they do not import it back (no cycles).',
};
const TEST_HELPERS = [
  { regex: '(^|/)(test|bench)/', message: 'Test helpers live in test/ (and benchmarks in bench/); production code never imports them.' },
  { regex: '\\.(test|spec)(\\.ts)?$', message: 'Production code never imports a test file.' },
  { regex: '^(vitest|@playwright/test)(/|$)', message: 'Production code never imports a test runner.' },
];

/**
 * One eslint config object per folder (flat config replaces a rule's options per file, so
 * each file must match exactly one of these), each forbidding its targets plus test helpers.
 * Test files are left out: they may reach any layer.
 * @param {Record<string, Array<{ regex: string, message: string, allowTypeImports?: boolean }>>} table
 */
function layers(table) {
  const globs = Object.keys(table);
  const filesOf = (glob) => (glob.endsWith('**') ? `${glob}/*.{ts,svelte,mjs,cjs,js}` : glob);
  return Object.entries(table).map(([glob, forbidden]) => ({
    files: [filesOf(glob)],
    // A file or folder with a row of its own is left out of the row of the folder around it.
    ignores: ['**/*.test.ts', '**/*.spec.ts', ...globs.filter((g) => g !== glob && g.startsWith(glob.replace(/\*\*$/, ''))).map(filesOf)],
    rules: { 'no-restricted-imports': ['error', { patterns: [...forbidden, ...TEST_HELPERS] }] },
  }));
}

export default ts.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', 'docs/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  // The layers of design.md, enforced: what each folder may not import. Patterns match the
  // import text, so each names the folder a relative import would spell (`../../demo/x`).
  // Test files may reach anything (they start simulators and use test/kit); production may
  // not reach test helpers. Dynamic import() is not checked: main/index.ts loads the demo
  // bundle that way, only in demo mode (scripts/build.mjs keeps it out of index.cjs).
  ...layers({
    'main/core/app/**': [ELECTRON, ELECTRON_ADAPTERS, RENDERER, DEMO, PREVIEW, CLI, BRIDGE, CONTRACT],
    'main/core/**': [ELECTRON, ELECTRON_ADAPTERS, RENDERER, DEMO, PREVIEW, CLI, BRIDGE, CONTRACT, CORE_APP_AT_RUNTIME],
    'main/core/model/**': [MODEL_ONLY],
    'main/bridge/**': [ELECTRON, ELECTRON_ADAPTERS, RENDERER, DEMO, PREVIEW, CLI],
    'main/demo/**': [ELECTRON, ELECTRON_ADAPTERS, RENDERER, PREVIEW, CLI],
    'main/cli/**': [ELECTRON, ELECTRON_ADAPTERS, RENDERER, PREVIEW, DEMO],
    'main/preview/**': [ELECTRON, ELECTRON_ADAPTERS, RENDERER, CLI],
    'main/electron/**': [RENDERER, PREVIEW, CLI, DEMO],
    'main/index.ts': [RENDERER, PREVIEW, CLI, DEMO_AT_RUNTIME],
    'preload/index.ts': [MAIN_BUT_MODEL, RENDERER],
    'preload/**': [ELECTRON, MAIN_BUT_MODEL, RENDERER],
    'renderer/**': [ELECTRON, MAIN],
  }),
);
