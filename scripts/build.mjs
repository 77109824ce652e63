#!/usr/bin/env node
/**
 * `npm run build`: everything the app and the CLI run from, into out/.
 *   out/main/index.cjs     Electron main (CJS, node22: Electron 45's Node), natives external
 *   out/preload/index.cjs  sandboxed preload: one CJS file, only `electron` left to require
 *   out/cli/index.mjs      the CLI (ESM, Node 20), with a `require` shim for bundled CJS deps
 *   out/icons/             tray icons the main process loads at runtime (from build/icons/tray)
 *   out/renderer/          `vite build` (vite.config.ts, owned by the renderer)
 * An entry whose source does not exist yet is skipped with a note, so the build works while
 * other parts are mid-work. Any esbuild error fails the build.
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
    options: { ...cjsImportMetaUrl, outfile: 'out/main/index.cjs', platform: 'node', format: 'cjs', target: 'node22', external: ['electron', ...NATIVE_EXTERNALS] },
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
    notes.push(`skipped ${entry.name}: ${entry.source} does not exist yet`);
    continue;
  }
  const outfile = outPath(entry.options.outfile);
  await rm(path.dirname(outfile), { recursive: true, force: true });
  try {
    await build({ ...common, ...entry.options, outfile, entryPoints: [entry.source] });
    console.log(`built ${entry.name}: ${path.relative(root, outfile)}`);
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

if (!only.has('renderer')) {
  // not asked for
} else if (existsSync(at('vite.config.ts')) && existsSync(at('renderer', 'index.html'))) {
  const vite = spawnSync(process.execPath, [at('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (vite.status === 0) console.log('built renderer: out/renderer');
  else {
    failed = true;
    console.error('vite build failed');
  }
} else {
  notes.push('skipped renderer: vite.config.ts or renderer/index.html does not exist yet');
}

for (const note of notes) console.log(`note: ${note}`);
process.exit(failed ? 1 : 0);
