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
    expect(runs).toContain('npm run package -- --publish never');
    expect(scripts.package).toContain('electron-builder --dir');
  });

  it('launches the packaged app once per OS with the smoke flag (Linux under a virtual display)', () => {
    const launches = job.steps.filter((s) => s.run?.includes('npm run package:launch'));
    expect(launches.map((s) => [s.if, s.run])).toEqual([
      ["runner.os == 'Linux'", 'xvfb-run -a npm run package:launch'],
      ["runner.os != 'Linux'", 'npm run package:launch'],
    ]);
    expect(readFileSync(path.join(root, 'scripts', 'launch-packaged.mjs'), 'utf8')).toContain("['--demo', '--smoke-test']");
    const packaging = job.steps.findIndex((s) => s.run?.includes('npm run package --'));
    expect(packaging).toBeGreaterThanOrEqual(0);
    expect(job.steps.findIndex((s) => s.run?.includes('npm run package:launch'))).toBeGreaterThan(packaging);
  });

  it('signs the macOS package ad hoc (no certificate in CI): a fused, unsigned arm64 app does not launch', () => {
    const packaging = job.steps.find((s) => s.run?.includes('npm run package --'));
    expect(packaging?.run).toContain('if [ "$RUNNER_OS" = macOS ]; then args+=(-c.mac.identity=- -c.mac.hardenedRuntime=false); fi');
  });

  it('gives dev packages their own macOS bundle id', () => {
    expect(scripts.package).toContain('-c.mac.appId=io.github.pimapprovals.app.dev');
  });
});

describe.each(['ci.yml', 'release.yml'])('%s matrix', (file) => {
  it('lets every OS finish when one fails (no fail-fast)', () => {
    const w = parse(readFileSync(path.join(root, '.github', 'workflows', file), 'utf8')) as { jobs: Record<string, { strategy?: { 'fail-fast'?: boolean } }> };
    const matrixJobs = Object.values(w.jobs).filter((j) => j.strategy);
    expect(matrixJobs.length).toBeGreaterThan(0);
    for (const j of matrixJobs) expect(j.strategy?.['fail-fast']).toBe(false);
  });
});
