import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { memorySecretStore } from '../auth/secret-store';
import type { SecretStore } from '../auth/types';
import { persistedQueueStore } from '../queue/persisted-queue';
import { keychainQueueKey } from '../queue/queue-key';
import { queueItem } from '../../../test/kit/item-fixture';
import { keepQueue, restoreKeptQueue, withoutWaitingDecisions, type KeptQueue } from './kept-queue';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pim-kept-queue-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** The OS keychain as a memory-only session finds it: every call fails. */
const noKeychain: SecretStore = {
  get: async () => Promise.reject(new Error('The OS keychain is not available')),
  set: async () => Promise.reject(new Error('The OS keychain is not available')),
  delete: async () => Promise.reject(new Error('The OS keychain is not available')),
};

it('a keychain that is gone is said once, not at every poll, and again once after it came back and went', async () => {
  const warnings: string[] = [];
  const secrets = { current: noKeychain };
  const flaky: SecretStore = { get: (a) => secrets.current.get(a), set: (a, s) => secrets.current.set(a, s), delete: (a) => secrets.current.delete(a) };
  const kept: KeptQueue = { store: persistedQueueStore({ dataDir, key: keychainQueueKey(flaky) }), warn: (m) => warnings.push(m) };
  for (let poll = 0; poll < 3; poll++) await keepQueue(kept, 'a.t', Date.now(), [queueItem(1, { accountId: 'a.t' })]);
  expect(warnings).toEqual(['queue: could not keep the queue for offline use: The OS keychain is not available']);
  secrets.current = memorySecretStore();
  await keepQueue(kept, 'a.t', Date.now(), [queueItem(1, { accountId: 'a.t' })]);
  expect((await restoreKeptQueue(kept, 'a.t'))?.queue).toHaveLength(1);
  secrets.current = noKeychain;
  await keepQueue(kept, 'a.t', Date.now(), [queueItem(1, { accountId: 'a.t' })]);
  expect(warnings).toHaveLength(2);
});

it('leaves out requests whose decisions still wait, whatever the spelling of the stage id', () => {
  const items = [queueItem(1), queueItem(2), queueItem(3)];
  const entry = (itemId: string, state: 'queued' | 'sending' | 'done') => ({ itemId, state });
  const decisions = [entry(items[0]?.id.toUpperCase() ?? '', 'queued'), entry(items[1]?.id ?? '', 'sending'), entry(items[2]?.id ?? '', 'done')];
  expect(withoutWaitingDecisions(items, decisions).map((i) => i.id)).toEqual([items[2]?.id]);
  expect(withoutWaitingDecisions(items, undefined)).toEqual(items);
});
