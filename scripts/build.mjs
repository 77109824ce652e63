#!/usr/bin/env node
/**
 * `npm run build`: everything the app and the CLI run from, into out/.
 *   out/main/index.cjs     Electron main (CJS, node22: Electron 45's Node), natives external
 *   out/main/demo.cjs      the PIM simulator, loaded by index.cjs only in demo mode (--demo)
 *   out/preload/index.cjs  sandboxed preload: one CJS file, only `electron` left to require
 *   out/cli/index.mjs      the CLI (ESM, Node 20), with a `require` shim for bundled CJS deps
 *   out/icons/             tray icons the main process loads at runtime (from build/icons/tray)
 *   out/renderer/          `vite build` (vite.config.ts, owned by the renderer)
 * A missing entry source or any esbuild error fails the build.
 * Options (for tests): --only main,preload,cli,icons,renderer   --out <dir> (not with renderer:
 * vite.config.ts fixes its output).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);
const { values: args } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string' } } });
const ALL = ['main', 'preload', 'cli', 'icons', 'renderer'];
const only = new Set(args.only ? args.only.split(',') : ALL);
for (const name of only) if (!ALL.includes(name)) throw new Error(`--only: unknown part "${name}" (parts: ${ALL.join(', ')})`);
const outRoot = args.out ? path.resolve(args.out) : at('out');
if (args.out && only.has('renderer')) throw new Error('--out cannot move the renderer (vite.config.ts sets its outDir); add --only without renderer');
const outPath = (file) => path.join(outRoot, path.relative('out', file));

/** Native or binary-shipping modules: loaded from node_modules at runtime, never bundled. */
const NATIVE_EXTERNALS = ['keytar', 'dbus-next', 'bufferutil', 'utf-8-validate', 'fsevents'];

/** Fails the bundle when code meant to run without Electron pulls it in (design.md layering). */
const forbidElectron = {
  name: 'forbid-electron',
  setup(b) {
    b.onResolve({ filter: /^electron(\/.*)?$/ }, (args) => ({
      errors: [{ text: `"${args.path}" imported by ${path.relative(root, args.importer)}: the CLI must not depend on Electron` }],
    }));
  },
};

/**
 * The simulator is its own bundle: main/index.ts imports it dynamically, only with --demo,
 * and that import is left as a require of ./demo.cjs beside index.cjs, so the production
 * bundle carries no simulator (nor its `hostile` scenario). Any other way into main/demo
 * from the main bundle fails the build, except demo-session.ts (the real ARM and Graph
 * clients pointed at a tenant's URLs, with types only from the simulator).
 */
const DEMO_BUNDLE_SOURCE = 'main/demo/simulator.ts';
const demoAsOwnBundle = {
  name: 'demo-as-own-bundle',
  setup(b) {
    b.onResolve({ filter: /(^|\/)demo\// }, (args) => {
      const target = path.relative(root, path.resolve(args.resolveDir, args.path));
      if (`${target}.ts` === DEMO_BUNDLE_SOURCE && args.kind === 'dynamic-import') return { path: './demo.cjs', external: true };
      if (target === 'main/demo/demo-session') return undefined;
      return { errors: [{ text: `"${args.path}" (${args.kind}) from ${path.relative(root, args.importer)}: the main bundle loads the simulator only as ./demo.cjs, with a dynamic import` }] };
    });
  },
};

const common = {
  bundle: true,
  absWorkingDir: root,
  logLevel: 'warning',
  sourcemap: 'linked',
  legalComments: 'none',
  // Bundled sources are ESM TypeScript; a few may use import.meta.url. In the CJS bundles,
  // point it at the bundle file itself so such code still finds its neighbours.
  charset: 'utf8',
};
const cjsImportMetaUrl = {
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};

const entries = [
  {
    name: 'main',
    source: 'main/index.ts',
    options: {
      ...cjsImportMetaUrl,
      outfile: 'out/main/index.cjs',
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['electron', ...NATIVE_EXTERNALS],
      plugins: [demoAsOwnBundle],
      // import() of a file outside the bundle (./demo.cjs, keytar) becomes require(): the CJS
      // loader is the one Electron patches to read from app.asar.
      supported: { 'dynamic-import': false },
    },
    // Built into the same folder right after index.cjs.
    alongside: { source: DEMO_BUNDLE_SOURCE, outfile: 'out/main/demo.cjs' },
  },
  {
    name: 'preload',
    source: 'preload/index.ts',
    // A sandboxed preload runs in a renderer with a tiny `require` (electron, events, timers,
    // url): bundle everything else, browser-style.
    options: { outfile: 'out/preload/index.cjs', platform: 'browser', format: 'cjs', target: 'chrome130', external: ['electron'] },
  },
  {
    name: 'cli',
    source: 'main/cli/index.ts',
    options: {
      outfile: 'out/cli/index.mjs',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: NATIVE_EXTERNALS,
      plugins: [forbidElectron],
      // Bundled CJS dependencies call require(); ESM has none, so make one.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    },
  },
];

const notes = [];
let failed = false;

for (const entry of entries) {
  if (!only.has(entry.name)) continue;
  if (!existsSync(at(entry.source))) {
    failed = true;
    console.error(`build of ${entry.name} failed: ${entry.source} does not exist`);
    continue;
  }
  const outfile = outPath(entry.options.outfile);
  await rm(path.dirname(outfile), { recursive: true, force: true });
  try {
    await build({ ...common, ...entry.options, outfile, entryPoints: [entry.source] });
    console.log(`built ${entry.name}: ${path.relative(root, outfile)}`);
    if (entry.alongside) {
      const { plugins: _plugins, ...options } = entry.options;
      const alongside = outPath(entry.alongside.outfile);
      await build({ ...common, ...options, outfile: alongside, entryPoints: [entry.alongside.source] });
      console.log(`built ${entry.name}: ${path.relative(root, alongside)}`);
    }
  } catch {
    // esbuild has already printed its errors.
    failed = true;
    console.error(`build of ${entry.name} failed`);
  }
}

const trayIcons = at('build', 'icons', 'tray');
if (!only.has('icons')) {
  // not asked for
} else if (existsSync(trayIcons)) {
  const iconsOut = path.join(outRoot, 'icons');
  await rm(iconsOut, { recursive: true, force: true });
  await mkdir(iconsOut, { recursive: true });
  await cp(trayIcons, iconsOut, { recursive: true });
  console.log(`copied tray icons: ${path.relative(root, iconsOut)}`);
} else {
  notes.push('skipped tray icons: build/icons/tray does not exist (run npm run icons)');
}

if (only.has('renderer')) {
  const vite = spawnSync(process.execPath, [at('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (vite.status === 0) console.log('built renderer: out/renderer');
  else {
    failed = true;
    console.error('vite build failed');
  }
}

for (const note of notes) console.log(`note: ${note}`);
process.exit(failed ? 1 : 0);
