/**
 * `npm run check` runs knip twice (knip.jsonc): once for unused exports, files and
 * dependencies, once in production mode, where a production file that only tests import
 * counts as unused — test helpers belong in test/. Here a helper written into main/core and
 * used only by a test beside it must be reported by the production run, an export nobody
 * imports by the full run, and nothing else in the tree may be reported.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const tag = randomBytes(4).toString('hex');
const helper = `main/core/knip-probe-${tag}.ts`;
const helperTest = `main/core/knip-probe-${tag}.test.ts`;

interface KnipIssue {
  file: string;
  files?: Array<{ name: string }>;
  exports?: Array<{ name: string }>;
}

function knip(...args: string[]): KnipIssue[] {
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'knip', 'bin', 'knip.js'), '--no-config-hints', '--reporter', 'json', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (!run.stdout) throw new Error(`knip printed nothing (status ${run.status}): ${run.stderr}`);
  // Other lint tests may have probe files of their own on disk at the same moment.
  return (JSON.parse(run.stdout) as { issues: KnipIssue[] }).issues.filter((issue) => !issue.file.includes('layer-probe-'));
}

let production: KnipIssue[];
let full: KnipIssue[];

beforeAll(() => {
  writeFileSync(path.join(root, helper), 'export function probeHelper(): number {\n  return 1;\n}\n\nexport const neverImported = 2;\n');
  writeFileSync(path.join(root, helperTest), `import { expect, it } from 'vitest';\nimport { probeHelper } from './knip-probe-${tag}';\n\nit('probe', () => expect(probeHelper()).toBe(1));\n`);
  production = knip('--production', '--include', 'files');
  full = knip();
}, 240_000);

afterAll(() => {
  rmSync(path.join(root, helper), { force: true });
  rmSync(path.join(root, helperTest), { force: true });
});

describe('knip in npm run check', () => {
  it('production mode reports the production file only a test uses, and nothing else', () => {
    expect(production.map((issue) => issue.file)).toEqual([helper]);
  });

  it('the full run reports the export nobody imports, not the one the test uses, and nothing else', () => {
    expect(full.map((issue) => issue.file)).toEqual([helper]);
    expect(full[0]?.exports?.map((e) => e.name)).toEqual(['neverImported']);
    expect(full[0]?.files ?? []).toEqual([]);
  });
});
