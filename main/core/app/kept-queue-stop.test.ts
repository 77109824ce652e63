/**
 * Stopping the core waits for a kept-queue write still under way (a slow disk or keychain):
 * without the wait, stop() returned while the write's temp file was still being made, so
 * whoever then removed the data directory (an uninstall, a test's clean-up) met ENOTEMPTY, and
 * a write could land after its owner was gone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { memorySecretStore } from '../auth/secret-store';
import { systemClock } from '../clock';
import { demoSession } from '../../demo/demo-session';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { persistedQueueStore, type PersistedQueueStore } from '../queue/persisted-queue';
import { keychainQueueKey } from '../queue/queue-key';
import type { AppCore } from './app-core';
import { createAppCore } from './create-app-core';
import { openOutboxDecisions } from './outbox-decisions';

let sim: RunningSimulator | null = null;
let core: AppCore | null = null;
let dir: string | null = null;
afterEach(async () => {
  await core?.stop();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  sim = core = dir = null;
});

it('stop() returns only after the kept-queue write under way has finished', async () => {
  sim = await startSimulator({ scenario: 'mixed' });
  dir = await mkdtemp(path.join(tmpdir(), 'kept-sign-out-'));
  const real = persistedQueueStore({ dataDir: dir, key: keychainQueueKey(memorySecretStore()) });
  // A slow disk: the poll's write waits until the test lets it go.
  let letGo!: () => void;
  const slow = new Promise<void>((resolve) => (letGo = resolve));
  let started = 0;
  let finished = 0;
  const store: PersistedQueueStore = {
    ...real,
    save: (...args) => {
      started += 1;
      return slow.then(() => real.save(...args)).finally(() => void (finished += 1));
    },
  };
  core = createAppCore({
    mode: 'demo',
    clock: systemClock,
    session: demoSession(sim, systemClock),
    decisions: (session, budgets, reachability) => openOutboxDecisions({ dir: path.join(dir!, 'outbox'), session, clock: systemClock, undoMs: 0, budgets, reachability }),
     openExternal: async () => true,
    keptQueue: { store, warn: () => undefined },
  });
  await core.start();
  const accountId = core.state().account!.id;
  while (started === 0) await new Promise((r) => setTimeout(r, 10)); // the first poll's write began
  const stopped = core.stop();
  letGo();
  await stopped;
  expect(finished).toBe(started);
  expect((await real.load(accountId)).status).toBe('ok');
});
