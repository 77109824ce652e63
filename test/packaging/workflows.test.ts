/**
 * Every GitHub workflow, kept honest by reading (they cannot run here): each parses, calls
 * only npm scripts and npx binaries that exist, uses only GitHub's own actions, keeps the
 * token's permissions minimal, and never interpolates event text into a shell (script
 * injection). The release workflow runs on v* tags on all three OSes and publishes with
 * electron-builder; CI never publishes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = path.join(root, '.github', 'workflows');
interface Step { run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Job { 'runs-on': string; needs?: string | string[]; permissions?: Record<string, string>; strategy?: { matrix: { os: string[] } }; steps: Step[] }
interface Workflow { name: string; on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const workflows = Object.fromEntries(files.map((f) => [f, parse(readFileSync(path.join(dir, f), 'utf8')) as Workflow]));
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const runs = (w: Workflow) => steps(w).map((s) => s.run ?? '').join('\n');

describe.each(files)('%s', (file) => {
  const workflow = workflows[file]!;

  it('parses into jobs with steps', () => {
    expect(workflow.name).toEqual(expect.any(String));
    expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(workflow.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  it('calls only npm scripts that exist', () => {
    const called = [...runs(workflow).matchAll(/\bnpm (?:run ([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]!);
    for (const name of called) expect(scripts, `npm script "${name}"`).toHaveProperty([name]);
  });

  it('calls only npx binaries that are installed (never a download)', () => {
    const bins = [...runs(workflow).matchAll(/\bnpx (?:--no )?([\w@/.-]+)/g)].map((m) => m[1]!);
    for (const bin of bins) expect(existsSync(path.join(root, 'node_modules', '.bin', bin)), `npx ${bin}`).toBe(true);
  });

  it("uses only GitHub's own actions, pinned to a major version", () => {
    for (const step of steps(workflow)) if (step.uses) expect(step.uses).toMatch(/^actions\/[\w-]+@v\d+$/);
  });

  it('reads by default and never runs untrusted pull-request code with secrets', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.on).not.toHaveProperty('pull_request_target');
    expect(workflow.on).not.toHaveProperty('workflow_run');
  });

  it('audits the production dependencies', () => {
    expect(runs(workflow)).toContain('npm audit --omit=dev --audit-level=high');
  });

  it('never puts event text into a shell (script injection)', () => {
    expect(runs(workflow)).not.toMatch(/\$\{\{\s*github\.(event|head_ref)/);
  });
});

describe('release.yml', () => {
  const release = workflows['release.yml']!;

  it('runs on version tags only', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
  });

  it('checks the tag against package.json, then drafts one release', () => {
    const draft = release.jobs.draft!;
    expect(draft.steps.map((s) => s.run ?? '').join('\n')).toMatch(/package\.json[\s\S]*GITHUB_REF_NAME[\s\S]*gh release create "\$GITHUB_REF_NAME" --draft/);
    expect(draft.permissions).toEqual({ contents: 'write' });
  });

  it('builds, tests and publishes on Linux, Windows and macOS', () => {
    const build = release.jobs.build!;
    expect(build.needs).toBe('draft');
    expect(build.strategy?.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    const text = build.steps.map((s) => s.run ?? '').join('\n');
    expect(text).toContain('npm run check');
    expect(text).toContain('xvfb-run -a npm test');
    expect(text).toContain('npm run test:e2e:electron');
    const publish = build.steps.find((s) => s.run?.includes('electron-builder'));
    expect(publish?.run).toContain('npx electron-builder --publish always');
    // No certificate: macOS is signed ad hoc rather than not at all.
    expect(publish?.run).toContain('if [ "$RUNNER_OS" = macOS ] && [ -z "$CSC_LINK" ]; then args+=(-c.mac.identity=- -c.mac.hardenedRuntime=false); fi');
    expect(publish?.env).toMatchObject({ GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}', APPLE_ID: '${{ secrets.APPLE_ID }}' });
  });
});

describe('ci.yml', () => {
  it('packages without publishing', () => {
    const text = runs(workflows['ci.yml']!);
    expect(text).toContain('--publish never');
    expect(text).not.toContain('--publish always');
  });
});
