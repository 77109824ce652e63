/**
 * Core heap: a child process (bench/heap-child.ts, --expose-gc) runs the core — ARM
 * client, poller and queue, notification center — against the busy tenant served from
 * this process, and reports heapUsed after gc before the first poll, after the first, the
 * 10th and the last poll. Figures: heap held with 1,000 pending items, the queue's share,
 * and growth across polls once the queue is full (a leak shows as steady growth).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, WIDE_READS, type Benchmark } from './common';
import { busyScenario, simWorld } from './sim-world';

const bench = 'heap';
const MB = 1024 * 1024;

interface Sample {
  label: string;
  poll: number;
  items: number;
  heapUsed: number;
}

export const heapBench: Benchmark = {
  name: bench,
  async run(ctx) {
    const items = ctx.quick ? 100 : 1000;
    const polls = ctx.quick ? 12 : 100;
    // Reads widened: this measures memory; throttling would only make the first poll slow.
    const world = await simWorld({ scenario: busyScenario(items), knobs: WIDE_READS });
    try {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(repoRoot, 'bench', 'heap-child.ts'), world.sim.url, world.sim.tokens.me, String(polls)], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const samples: Sample[] = [];
      let end: { polls: number; failed: number } | null = null;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const parsed = JSON.parse(line) as Sample | { label: 'end'; polls: number; failed: number };
        if (parsed.label === 'end') end = parsed as { polls: number; failed: number };
        else samples.push(parsed as Sample);
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) throw new Error(`heap child exited with ${code}: ${stderr}`);
      const found = end as { polls: number; failed: number } | null;
      if (!found || found.failed > 0) throw new Error(`heap child polls failed: ${JSON.stringify(found)}`);

      const baseline = samples.find((s) => s.label === 'baseline');
      const pollSamples = samples.filter((s) => s.label === 'poll');
      const tenth = pollSamples.find((s) => s.poll === 10);
      const last = pollSamples.at(-1);
      if (!baseline || !tenth || !last) throw new Error('heap child reported too few samples');
      ctx.log(`${bench}: ${pollSamples.map((s) => `poll ${s.poll}: ${(s.heapUsed / MB).toFixed(2)} MB`).join(', ')} (baseline ${(baseline.heapUsed / MB).toFixed(2)} MB)`);
      const growth = (last.heapUsed - tenth.heapUsed) / MB;
      return [
        { bench, name: `core heapUsed after gc, ${last.items} pending items after ${last.poll} polls`, value: last.heapUsed / MB, unit: 'MB', goal: { op: '<=', target: 50 }, note: 'child process, --expose-gc' },
        { bench, name: "pending items' share of it (vs. before the first poll)", value: (last.heapUsed - baseline.heapUsed) / MB, unit: 'MB', goal: { op: '<=', target: 10 }, note: `${(((last.heapUsed - baseline.heapUsed) / Math.max(1, last.items)) / 1024).toFixed(1)} KB per item` },
        { bench, name: `heap growth from poll 10 to poll ${last.poll} (leak check)`, value: growth, unit: 'MB', goal: { op: '<=', target: 1 } },
      ];
    } finally {
      await world.close();
    }
  },
};
