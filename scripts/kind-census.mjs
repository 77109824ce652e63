#!/usr/bin/env node
/**
 * Counts how the code handles the three kinds (issue 19), the same way before and after a
 * change, so the figures in a closing note can be compared: `node scripts/kind-census.mjs`
 * (add `--list` for every hit with its file and line, `--json` for the counts as JSON, and
 * `--root DIR` to count another tree: scripts/kind-census.test.ts plants branches in one).
 *
 * Production = main/ and preload/ TypeScript, without tests, the simulator (main/demo) and
 * test helpers. Adapters (main/core/arm, main/core/graph, main/core/services) and the
 * display labels (main/core/model/item-labels.ts, renderer/) are counted apart: branching on the
 * kind is their job. Each figure is a plain pattern count, written down below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const argv = process.argv.slice(2);
const rootArg = argv.indexOf('--root');
const root = rootArg >= 0 ? argv[rootArg + 1] : new URL('..', import.meta.url).pathname;
const list = argv.includes('--list');
const json = argv.includes('--json');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const isTestOnly = (p) =>
  /\.test\.ts$/.test(p) || /(^|\/)(test-kit|cli-test-kit|crash-child|journal-stall-child|loopback-server|scripted-stage|stepping-clock|virtual-time|fake-notification-server|cache-plugin\.child|preview-server\.child)\.ts$/.test(p);
const files = [...walk(join(root, 'main')), ...walk(join(root, 'preload'))]
  .map((p) => relative(root, p))
  .filter((p) => p.endsWith('.ts') && !isTestOnly(p) && !p.startsWith('main/demo/'));
const isAdapter = (p) => /^main\/core\/(arm|graph|services)\//.test(p);
const isLabel = (p) => p === 'main/core/model/item-labels.ts';

const KIND = `'(?:azureResource|entraRole|group)'`;
const figures = {
  /** A comparison with a kind literal, a `case` on one, or a table keyed by kind. */
  'kind branches': new RegExp(`(?:(?:kind|wanted)\\s*[!=]==\\s*${KIND}|case\\s+${KIND}\\s*:|Record<(?:ItemKind|GraphKind|DecisionKind),)`),
  /** Any line that names a kind or the Graph kinds as a set: code that knows which kinds exist. */
  'lines naming a kind': new RegExp(`(?:${KIND}|GRAPH_KINDS|\\bGraphKind\\b)`),
  /** Code that picks a client for a kind (ARM vs Graph) or a Graph kind for a stage path. */
  'kind→client routers': /(?:kind === 'azureResource' \? |return session\.api|kindOfStagePath\(|decisionRoute\(session)/,
  /** A call that lists what waits for me (a poll or a queue load), outside the adapters. */
  'approver-list call sites': /(?:listScheduleRequests\('asApprover'|\.listPending\(|graphPollOnce\(|pollOnce\(api|loadQueue\(|loadGraphQueue\()/,
  /** A rule that tells my own request from others' (the requester is me); a bare `const own =` must compare a requester or principal. */
  'own-request rules': /(?:function isOwn\w*\(|requestorId\?\.toLowerCase\(\) === principalId|const own = [^;]*(?:requestor|principal))/i,
  /** A cross-process lock: a file opened exclusively ('wx'). */
  'lock implementations (exclusive create)': /open\(path, 'wx'/,
  /** An exponential backoff with jitter written out. */
  'backoff implementations': /(?:export function \w*[bB]ackoff\w*\(|export function nextDelay|export function retryDelay)/,
};

const counts = {};
for (const [name, re] of Object.entries(figures)) {
  const hits = { production: [], adapters: [], labels: [] };
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!re.test(line) || /^\s*(\*|\/\/)/.test(line)) return;
      const where = isAdapter(file) ? 'adapters' : isLabel(file) ? 'labels' : 'production';
      hits[where].push(`${file}:${i + 1}: ${line.trim().slice(0, 140)}`);
    });
  }
  counts[name] = { production: hits.production.length, adapters: hits.adapters.length, labels: hits.labels.length };
  if (list) {
    console.log(`\n## ${name}`);
    for (const [where, h] of Object.entries(hits)) for (const line of h) console.log(`  [${where}] ${line}`);
  }
}

// Graph's imports from arm/ (the neutral HTTP layer should not live in arm/).
const graphFromArm = files
  .filter((f) => f.startsWith('main/core/graph/'))
  .flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/import (?:type )?\{([^}]*)\} from '\.\.\/arm\/[^']+'/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()).filter(Boolean)));
counts['names graph/ imports from arm/'] = { production: graphFromArm.length, adapters: 0, labels: 0 };

if (json) {
  console.log(JSON.stringify(counts));
} else {
  console.log(list ? '\n## totals' : '');
  console.table(counts);
}
