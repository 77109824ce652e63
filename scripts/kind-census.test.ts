/**
 * The census must count what it says it counts: a branch on the kind planted in a
 * production file is counted as production, the same line in an adapter or the labels is
 * counted apart, and tests and the simulator are not counted at all. And the repository
 * itself stays at issue 19's goal: at most 3 kind branches outside adapters and labels.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const script = join(__dirname, 'kind-census.mjs');
type Counts = Record<string, { production: number; adapters: number; labels: number }>;
const census = (root?: string): Counts => JSON.parse(execFileSync(process.execPath, [script, '--json', ...(root ? ['--root', root] : [])], { encoding: 'utf8' })) as Counts;

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kind-census-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

it('counts a planted kind branch where it stands: production, adapters or labels; never tests or the simulator', async () => {
  const branch = "export const f = (item: { kind: string }) => (item.kind === 'group' ? 1 : 0);\n";
  root = await tree({
    'main/core/outbox/planted.ts': branch,
    'main/core/poller/planted-switch.ts': "export function g(kind: string) {\n  switch (kind) {\n    case 'entraRole':\n      return 1;\n  }\n  return 0;\n}\n",
    'main/core/graph/planted.ts': branch,
    'main/core/model/item-labels.ts': branch,
    'main/core/outbox/planted.test.ts': branch,
    'main/demo/planted.ts': branch,
    'preload/empty.ts': '// nothing\n',
  });
  expect(census(root)['kind branches']).toEqual({ production: 2, adapters: 1, labels: 1 });
});

it('counts an own-request rule, not any value named own', async () => {
  root = await tree({
    'main/core/queue/planted.ts': 'export function isOwnThing(a: string, b: string) {\n  return a === b;\n}\nexport const f = (r: { requestorId: string }, principalId: string) => {\n  const own = r.requestorId === principalId;\n  return own;\n};\n',
    'main/cli/planted.ts': 'export const g = (t: string) => {\n  const own = t.trim();\n  return own;\n};\n',
    'preload/empty.ts': '// nothing\n',
  });
  expect(census(root)['own-request rules']).toEqual({ production: 2, adapters: 0, labels: 0 });
});

it('this repository stays at the goal: at most 3 kind branches outside the adapters and the labels', () => {
  expect(census()['kind branches']?.production).toBeLessThanOrEqual(3);
});
