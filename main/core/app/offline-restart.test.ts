/**
 * Offline first (issue 20), end to end on real collaborators: the simulator behind a real
 * loopback gate (closed = connection refused), the real ARM and Graph clients, the durable
 * outbox, the persisted queue encrypted with the keychain-held key (an in-memory keychain
 * that outlives the "restart", as the OS keychain does). A first run polls online; a second
 * run starts with Azure unreachable, shows the kept queue, decides from it; the network
 * returns; the simulator's call log shows one write, and a conflict names the other approver.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { memorySecretStore } from '../auth/secret-store';
import { systemClock } from '../clock';
import { demoSession } from '../../demo/demo-session';
import { startNetworkGate, type NetworkGate } from '../../demo/network-gate';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { persistedQueueStore, type PersistedQueueStore } from '../queue/persisted-queue';
import { keychainQueueKey } from '../queue/queue-key';
import { queueItem } from '../../../test/kit/item-fixture';
import type { AppCore } from './app-core';
import type { AppState } from '../model/state';
import { createAppCore } from './create-app-core';
import type { KeptQueue } from './kept-queue';
import { openOutboxDecisions } from './outbox-decisions';
import { trayBadge, trayIconState } from '../tray/tray-state';
import { until } from '../../../test/kit/until';
import { ipcHandlers } from '../../bridge/ipc-handlers';

let sim: RunningSimulator | null = null;
let gates: NetworkGate[] = [];
let cores: AppCore[] = [];
let dir: string | null = null;
afterEach(async () => {
  for (const core of cores) await core.stop();
  for (const gate of gates) await gate.close();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  sim = dir = null;
  cores = [];
  gates = [];
});

interface World {
  sim: RunningSimulator;
  store: PersistedQueueStore;
  warnings: string[];
  arm: NetworkGate;
  graph: NetworkGate;
  /** One run of the app: a fresh AppCore on the same data dir and keychain. */
  run(): Promise<AppCore>;
  /** Every state the last run published, from before its start. */
  states: AppState[];
}

async function world(): Promise<World> {
  const s = (sim = await startSimulator({ scenario: 'mixed' }));
  const d = (dir = await mkdtemp(path.join(tmpdir(), 'offline-restart-')));
  const secrets = memorySecretStore();
  const store = persistedQueueStore({ dataDir: d, key: keychainQueueKey(secrets) });
  const warnings: string[] = [];
  const kept: KeptQueue = { store, warn: (m) => warnings.push(m) };
  const arm = await startNetworkGate(s.url, { open: true });
  const graph = await startNetworkGate(s.graphUrl, { open: true });
  gates.push(arm, graph);
  const states: AppState[] = [];
  const run = async () => {
    const core = createAppCore({
      mode: 'demo',
      clock: systemClock,
      session: demoSession(s, systemClock, 'me', { arm: arm.url, graph: graph.url }),
      decisions: (session, budgets, reachability) => openOutboxDecisions({ dir: path.join(d, 'outbox'), session, clock: systemClock, undoMs: 0, budgets, reachability }),
      openExternal: async () => true,
      keptQueue: kept,
      poller: { minGapMs: 0 },
    });
    cores.push(core);
    states.length = 0;
    core.onState((state) => states.push(state));
    await core.start();
    return core;
  };
  return { sim: s, store, warnings, arm, graph, run, states };
}

const writes = (s: RunningSimulator) => s.sim.callLog().filter((c) => c.kind === 'write');

it('restart offline: the kept queue shows, a decision waits, and on reconnect it is sent once; another approver’s win is a conflict with their name', async () => {
  const w = await world();
  const accountId = `${w.sim.principals.me?.id}.${w.sim.tenantId}`.toLowerCase();

  // Run 1, online: the poll's queue (every kind) is kept on disk.
  const first = await w.run();
  expect(first.state().connection).toBe('online');
  const polled = first.state().queue;
  expect(polled.filter((i) => i.actionable).length).toBeGreaterThanOrEqual(3);
  expect(new Set(polled.map((i) => i.kind))).toEqual(new Set(['azureResource', 'entraRole', 'group']));
  const asOf = first.state().lastCheckedAt;
  const kept = await until(async () => {
    const loaded = await w.store.load(accountId);
    return loaded.status === 'ok' && loaded.items.length === polled.length ? loaded : undefined;
  });
  expect(kept.items.map((i) => i.id)).toEqual(polled.map((i) => i.id));
  await first.stop();

  // The plane: Azure cannot be reached. Meanwhile, another approver decides two of them.
  await w.arm.close();
  await w.graph.close();
  const [mine, taken, gone] = polled.filter((i) => i.actionable && i.kind === 'azureResource' && !i.readOnly);
  if (!mine || !taken || !gone) throw new Error('mixed has three actionable Azure resource requests');
  w.sim.sim.decideAs('approver2', taken.id, 'Approve', 'Handled on the phone');
  w.sim.sim.decideAs('approver2', gone.id, 'Deny', 'Not this week');
  w.sim.sim.clearLog();

  // Run 2, offline: the kept queue is shown at once, marked with its time.
  const second = await w.run();
  expect(second.state().queue.map((i) => i.id)).toEqual(polled.map((i) => i.id));
  expect(second.state()).toMatchObject({ queueAsOf: asOf, lastCheckedAt: asOf });
  // Shown before any check answered ("As of 10:26 · checking…", or offline already when the
  // outbox's probe answered first), never as a fresh list.
  const shownFirst = w.states.find((st) => st.queue.length > 0);
  expect(shownFirst).toMatchObject({ queueAsOf: asOf, connection: expect.stringMatching(/^(starting|offline)$/) });
  const offline = await until(() => (second.state().connection === 'offline' ? second.state() : undefined));
  expect(offline.offlineSince).toEqual(expect.any(String));
  expect(offline.queue).toHaveLength(polled.length);
  // The tray: the kept queue's count, with the offline glyph.
  expect(trayIconState(offline)).toBe('offline');
  expect(trayBadge(offline)).toBe(String(polled.length));

  const outcomes = await ipcHandlers(second)['decision:submit']({ itemIds: [mine.id, taken.id], result: 'Approve', justification: 'Checked INC0012345 offline' });
  expect(outcomes.map((o) => [o.outcome, o.message])).toEqual([
    ['queued', 'Approval waiting to send (offline)'],
    ['queued', 'Approval waiting to send (offline)'],
  ]);
  expect(writes(w.sim)).toEqual([]);

  // The network returns; the user presses Retry. The first poll reconciles, the outbox sends.
  await w.arm.open();
  await w.graph.open();
  await ipcHandlers(second)['queue:refresh'](undefined);
  const settled = await until(async () => {
    const entries = await ipcHandlers(second)['outbox:list'](undefined);
    const done = entries.find((e) => e.itemId === mine.id && e.state === 'done');
    const conflict = entries.find((e) => e.itemId === taken.id && e.state === 'conflict');
    return done && conflict ? { done, conflict } : undefined;
  });
  expect(settled.conflict.message).toBe(`Already approved by ${w.sim.principals.approver2?.displayName}`);
  const stageWrites = writes(w.sim).filter((c) => c.status >= 200 && c.status < 300);
  expect(stageWrites.map((c) => c.stageId)).toEqual([mine.id.split('/').pop()]);
  expect(w.sim.sim.appliedDecisions().filter((d) => d.by === 'me').map((d) => d.stageId)).toEqual([mine.id.split('/').pop()]);

  // The reconnect poll may have run before the outbox sent; the next one sees Azure's answer.
  await ipcHandlers(second)['queue:refresh'](undefined);
  const after = second.state();
  expect(after).toMatchObject({ connection: 'online', queueAsOf: null, offlineSince: null });
  for (const id of [mine.id, taken.id, gone.id]) expect(after.queue.some((i) => i.id === id)).toBe(false);
  // The kept queue is this poll's now.
  await until(async () => {
    const loaded = await w.store.load(accountId);
    return loaded.status === 'ok' && !loaded.items.some((i) => i.id === gone.id) ? true : undefined;
  });
  expect(w.warnings).toEqual([]);

  // Another check sends nothing more.
  await ipcHandlers(second)['queue:refresh'](undefined);
  expect(writes(w.sim).filter((c) => c.status >= 200 && c.status < 300)).toHaveLength(1);
});

it('a kept request whose window closed shows, but cannot be decided; sign-out removes the kept queue', async () => {
  const w = await world();
  const accountId = `${w.sim.principals.me?.id}.${w.sim.tenantId}`.toLowerCase();
  const expired = queueItem('old', { accountId, expiresAt: new Date(Date.now() - 60_000).toISOString() });
  await w.store.save(accountId, Date.now() - 3_600_000, [expired]);
  await w.arm.close();
  await w.graph.close();
  const core = await w.run();
  expect(core.state().queue.map((i) => i.id)).toEqual([expired.id]);
  const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [expired.id], result: 'Approve', justification: 'Too late' });
  expect(outcome).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/expired before it was decided/) });
  expect(await ipcHandlers(core)['outbox:list'](undefined)).toEqual([]);
  await ipcHandlers(core)['account:signOut'](undefined);
  expect(await w.store.load(accountId)).toEqual({ status: 'none' });
});

it('a tampered or foreign kept queue is ignored with a warning, and the fresh poll goes ahead', async () => {
  const w = await world();
  const accountId = `${w.sim.principals.me?.id}.${w.sim.tenantId}`.toLowerCase();
  // Someone else's queue in this account's place.
  await w.store.save('99999999-9999-4999-8999-999999999999.' + w.sim.tenantId, Date.now(), [queueItem('x', { accountId: 'someone-else' })]);
  const { copyFile } = await import('node:fs/promises');
  await copyFile(w.store.pathOf('99999999-9999-4999-8999-999999999999.' + w.sim.tenantId), w.store.pathOf(accountId));
  const core = await w.run();
  expect(w.warnings).toEqual(['queue: the queue kept from the last check was ignored: it belongs to another account']);
  expect(core.state().connection).toBe('online');
  expect(core.state().queue.some((i) => i.accountId !== accountId)).toBe(false);
  expect(core.state().queue.length).toBeGreaterThan(0);
});

it('a decision made offline before a second restart stays taken: not waiting again, sent once on reconnect', async () => {
  const w = await world();
  const first = await w.run();
  const item = first.state().queue.find((i) => i.actionable && i.kind === 'azureResource');
  if (!item) throw new Error('mixed has an actionable Azure resource request');
  await until(async () => ((await w.store.load(`${w.sim.principals.me?.id}.${w.sim.tenantId}`)).status === 'ok' ? true : undefined));
  await first.stop();
  await w.arm.close();
  await w.graph.close();
  w.sim.sim.clearLog();

  const second = await w.run();
  const [outcome] = await ipcHandlers(second)['decision:submit']({ itemIds: [item.id], result: 'Deny', justification: 'Not during the freeze' });
  expect(outcome).toMatchObject({ outcome: 'queued' });
  await second.stop();

  const third = await w.run();
  expect(third.state().queueAsOf).toEqual(expect.any(String));
  expect(third.state().queue.length).toBeGreaterThan(0);
  expect(third.state().queue.some((i) => i.id === item.id)).toBe(false);
  expect((await ipcHandlers(third)['outbox:list'](undefined)).map((e) => [e.itemId, e.state])).toEqual([[item.id, 'queued']]);

  await w.arm.open();
  await w.graph.open();
  await ipcHandlers(third)['queue:refresh'](undefined);
  await until(async () => ((await ipcHandlers(third)['outbox:list'](undefined)).some((e) => e.itemId === item.id && e.state === 'done') ? true : undefined));
  expect(writes(w.sim).filter((c) => c.status >= 200 && c.status < 300).map((c) => [c.stageId, c.reviewResult])).toEqual([[item.id.split('/').pop(), 'Deny']]);
});
