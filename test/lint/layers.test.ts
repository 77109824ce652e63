/**
 * The layers of design.md are enforced by `npm run check` (eslint.config.js,
 * no-restricted-imports per folder). Here real files with forbidden imports are written into
 * the folders they would break, and the real eslint CLI, with the project's config, must
 * refuse each with the rule's message, while files that keep to their layer pass.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const tag = randomBytes(4).toString('hex');

interface Probe {
  /** Repo-relative path of the file the test writes. */
  file: string;
  source: string;
  /** A fragment of the rule's message, or null when the file must pass. */
  refused: string | null;
}

const probe = (folder: string, name: string, source: string, refused: string | null): Probe => ({
  file: path.join(folder, `layer-probe-${tag}-${name}.ts`),
  source,
  refused,
});

const probes: Probe[] = [
  probe('main/core', 'electron', "import { app } from 'electron';\nexport const probe = app;\n", 'Only main/electron, main/index.ts and preload/index.ts may import electron'),
  probe('main/core', 'contract', "import { ItemKind } from '../../preload/api';\nexport const probe = ItemKind;\n", 'The core owns its model'),
  probe('main/core', 'contract-types', "import type { Handlers } from '../../preload/api';\nexport const probe = (h: Handlers) => h;\n", 'The core owns its model'),
  probe('main/core/model', 'clock', "import { systemClock } from '../clock';\nexport const probe = systemClock;\n", 'main/core/model is pure data'),
  probe('preload', 'model', "import { AppState } from '../main/core/model/state';\nexport const probe = AppState;\n", null),
  probe('main/core', 'simulator', "import { startSimulator } from '../demo/simulator';\nexport const probe = startSimulator;\n", 'The PIM simulator is for demo mode'),
  probe('main/core', 'test-kit', "import { startLoopback } from '../../test/kit/loopback-server';\nexport const probe = startLoopback;\n", 'Test helpers live in test/'),
  probe('main/core', 'adapter', "import { mainLog } from '../electron/log';\nexport const probe = mainLog;\n", 'main/electron holds the Electron adapters'),
  probe('main/core/app', 'bridge', "import { ipcHandlers } from '../../bridge/ipc-handlers';\nexport const probe = ipcHandlers;\n", 'the core never reaches out to its edge'),
  probe('main/core/poller', 'app', "import { budgetedReads } from '../app/budgeted-arm';\nexport const probe = budgetedReads;\n", 'they do not import it back'),
  probe('main/core/poller', 'app-types', "import type { AppCore } from '../app/app-core';\nexport const probe = (core: AppCore) => core;\n", null),
  probe('main/demo', 'electron', "import { app } from 'electron';\nexport const probe = app;\n", 'Only main/electron, main/index.ts and preload/index.ts may import electron'),
  probe('renderer/src/lib', 'main', "import { systemClock } from '../../../main/core/clock';\nexport const probe = systemClock;\n", 'reach main only through IPC'),
  probe('preload', 'main', "import { systemClock } from '../main/core/clock';\nexport const probe = systemClock;\n", 'reach main only through IPC'),
  probe('main/cli', 'simulator', "import { startSimulator } from '../demo/simulator';\nexport const probe = startSimulator;\n", 'The PIM simulator is for demo mode'),
  // Within the layers: the core's own modules, its model and the labels in it.
  probe(
    'main/core',
    'allowed',
    [
      "import { systemClock } from './clock';",
      "import type { AppState } from './model/state';",
      "import { kindPermission } from './model/item-labels';",
      'export const probe = (state: AppState) => [systemClock, kindPermission, state];',
      '',
    ].join('\n'),
    null,
  ),
  // A test beside the code may use test helpers and the simulator.
  {
    file: `main/core/layer-probe-${tag}.test.ts`,
    source: "import { startLoopback } from '../../test/kit/loopback-server';\nimport { startSimulator } from '../demo/simulator';\nexport const probe = [startLoopback, startSimulator];\n",
    refused: null,
  },
];

interface EslintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string }>;
}

let results: Map<string, EslintResult['messages']>;

beforeAll(() => {
  for (const p of probes) writeFileSync(path.join(root, p.file), p.source);
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', ...probes.map((p) => p.file)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (!run.stdout) throw new Error(`eslint printed nothing (status ${run.status}): ${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as EslintResult[];
  results = new Map(parsed.map((r) => [path.relative(root, r.filePath), r.messages]));
}, 200_000);

afterAll(() => {
  for (const p of probes) rmSync(path.join(root, p.file), { force: true });
});

describe('layers enforced by eslint', () => {
  it('linted every probe', () => {
    expect([...results.keys()].sort()).toEqual(probes.map((p) => p.file).sort());
  });

  for (const p of probes.filter((x) => x.refused !== null)) {
    it(`refuses ${p.file.replace(`-${tag}`, '')}: ${p.source.split('\n')[0]}`, () => {
      const messages = results.get(p.file) ?? [];
      expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
      expect(messages[0]?.message).toContain(p.refused);
    });
  }

  for (const p of probes.filter((x) => x.refused === null)) {
    it(`lets ${p.file.replace(`-${tag}`, '')} through`, () => {
      expect(results.get(p.file)).toEqual([]);
    });
  }
});
