/**
 * `npm run bench`: runs every benchmark one after another (never in parallel: they would
 * measure each other on a 2-core machine) against the simulator on loopback and prints one
 * table of figures with goal, ratio and verdict.
 *
 *   npm run bench                   full run (< 10 min), README's Performance table
 *   npm run bench -- --quick        reduced forms for `npm test` (< 60 s, no thresholds)
 *   npm run bench -- --json[=FILE]  also the figures as JSON, to FILE or to stdout
 *                                   (the table then goes to stderr)
 *   npm run bench -- --only a,b     just those benchmarks (names as in the table)
 *
 * Exit code: 1 when a benchmark could not run (the harness is broken), or — full run only —
 * when a correctness figure (decisions lost or duplicated) is not zero. A missed
 * performance goal is reported, never fatal.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BenchContext, Benchmark } from './common';
import { decideLatency } from './decide-latency';
import { drainBench } from './drain';
import { heapBench } from './heap';
import { notifyLatency } from './notify-latency';
import { pollCost } from './poll-cost';
import { rendererBench } from './renderer';
import { soakBench } from './soak';
import { contentionSoak } from './contention-soak';
import { failedCorrectness, formatTable, toReport, type Figure } from './table';

const ALL: Benchmark[] = [pollCost, notifyLatency, decideLatency, drainBench, heapBench, rendererBench, soakBench, contentionSoak];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
  },
  args: normaliseJsonFlag(process.argv.slice(2)),
});

/** `--json FILE` and `--json=FILE` name a file; a bare `--json` means stdout ('-'). */
function normaliseJsonFlag(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a !== '--json') out.push(a);
    else if (args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('--')) out.push(`--json=${args[++i] as string}`);
    else out.push('--json=-');
  }
  return out;
}

const quick = values.quick ?? false;
const jsonTarget = values.json;
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
const unknown = only ? [...only].filter((n) => !ALL.some((b) => b.name === n)) : [];
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${ALL.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
// With JSON on stdout, everything human goes to stderr so the JSON stays parseable.
const say = (text: string) => (jsonTarget === '-' ? process.stderr : process.stdout).write(`${text}\n`);

const ctx: BenchContext = { quick, log: (m) => process.stderr.write(`  ${m}\n`) };
const startedAt = new Date();
const t0 = performance.now();
const figures: Figure[] = [];
const errors: { bench: string; message: string }[] = [];

for (const b of ALL.filter((x) => !only || only.has(x.name))) {
  const started = performance.now();
  process.stderr.write(`bench ${b.name}${quick ? ' (quick)' : ''} …\n`);
  try {
    figures.push(...(await b.run(ctx)));
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    errors.push({ bench: b.name, message });
    process.stderr.write(`bench ${b.name} FAILED TO RUN: ${message}\n`);
  }
  process.stderr.write(`bench ${b.name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const durationMs = performance.now() - t0;
say('');
say(formatTable(figures));
say('');
say(`${quick ? 'quick' : 'full'} run, ${figures.length} figures in ${(durationMs / 1000).toFixed(1)} s, ${startedAt.toISOString()}, node ${process.version}`);

const broken = failedCorrectness(figures);
if (broken.length > 0) say(`CORRECTNESS: ${broken.map((f) => `${f.bench}: ${f.name} = ${f.value ?? 'unknown'}`).join('; ')}`);
if (errors.length > 0) say(`HARNESS: ${errors.map((e) => e.bench).join(', ')} could not run`);

if (jsonTarget !== undefined) {
  const json = `${JSON.stringify(toReport(quick ? 'quick' : 'full', startedAt, durationMs, figures, errors), null, 2)}\n`;
  if (jsonTarget === '-' || jsonTarget === '') process.stdout.write(json);
  else writeFileSync(jsonTarget, json);
}

// --quick has no thresholds: only a broken harness fails it. Explicit exit: keep-alive
// sockets to closed simulators must not hold the process open.
const failed = errors.length > 0 || (!quick && broken.length > 0);
process.exit(failed ? 1 : 0);
