/**
 * The GitHub workflow cannot run here, so keep it honest by reading it: it parses, runs the
 * three OSes on Node 22, and calls only npm scripts that exist in package.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..', '..');
interface Step { run?: string; if?: string; uses?: string }
const workflow = parse(readFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
  jobs: Record<string, { strategy: { matrix: { os: string[] } }; steps: Step[] }>;
};
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const job = Object.values(workflow.jobs)[0]!;

describe('.github/workflows/ci.yml', () => {
  it('runs on Linux, Windows and macOS with Node 22', () => {
    expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node'))).toMatchObject({ with: { 'node-version': 22 } });
  });

  it('calls only npm scripts that exist', () => {
    const called = job.steps.flatMap((s) => [...(s.run ?? '').matchAll(/\bnpm (?:run |test\b)([\w:-]*)/g)].map((m) => (m[0].startsWith('npm test') ? 'test' : m[1]!)));
    expect(called.length).toBeGreaterThan(0);
    for (const name of called) expect(scripts, `npm script "${name}"`).toHaveProperty([name]);
  });

  it('runs the Electron E2E on every OS and packages the app', () => {
    const runs = job.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('xvfb-run -a npm test');
    expect(runs).toContain('npm run test:e2e:electron');
    expect(runs).toContain('electron-builder --dir');
  });
});
