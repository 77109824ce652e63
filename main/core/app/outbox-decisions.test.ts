/**
 * The app's decision path end to end: AppCore → durable outbox → simulator, on the real
 * clock with a short undo window. What "Outbox & history" shows and what Azure records.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { demoSession } from '../../demo/demo-session';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import type { AppCore } from './app-core';
import { createAppCore } from './create-app-core';
import { openOutboxDecisions } from './outbox-decisions';
import { until } from '../../../test/kit/until';
import { ipcHandlers } from '../../bridge/ipc-handlers';

let sim: RunningSimulator | null = null;
let core: AppCore | null = null;
let dir: string | null = null;
afterEach(async () => {
  await core?.stop();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  core = sim = dir = null;
});

async function start(undoMs: number, scenario = 'quiet') {
  sim = await startSimulator({ scenario });
  dir = await mkdtemp(path.join(tmpdir(), 'outbox-decisions-'));
  const s = sim;
  const d = dir;
  core = createAppCore({
    mode: 'demo',
    clock: systemClock,
    session: demoSession(s, systemClock),
    decisions: (session) => openOutboxDecisions({ dir: d, session, clock: systemClock, undoMs }),
    openExternal: async () => true,
    // Checks on demand at once: the tests refresh within the undo window.
    poller: { minGapMs: 0 },
  });
  await core.start();
  return { sim: s, core };
}

const actionable = (c: AppCore) => {
  const item = c.state().queue.find((i) => i.actionable);
  if (!item) throw new Error('quiet has an actionable item');
  return item;
};

describe('decisions through the outbox', () => {
  it('queues, then sends after the undo window: history shows done and Azure records it once', async () => {
    const { sim, core } = await start(100);
    const item = actionable(core);
    const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'Ticket CHG-7' });
    expect(outcome).toMatchObject({ outcome: 'queued', message: expect.stringMatching(/^Approval (waits \d+ s|is about to be sent|is being sent)$/), recordedResult: 'Approve' });
    expect(core.state().queue.find((i) => i.id === item.id)).toBeUndefined();
    const done = await until(async () => (await ipcHandlers(core)['outbox:list'](undefined)).find((e) => e.itemId === item.id && e.state === 'done'));
    expect(done.message).toMatch(/Approved/);
    expect(sim.sim.appliedDecisions().filter((d) => item.id.endsWith(d.stageId))).toHaveLength(1);
    expect(JSON.stringify(await ipcHandlers(core)['outbox:list'](undefined))).not.toContain('CHG-7');
    await until(() => (core.state().sync.pending === 0 ? true : undefined));
  });

  it('undo within the window cancels the decision and nothing reaches Azure', async () => {
    const { sim, core } = await start(3_000);
    const item = actionable(core);
    const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Deny', justification: 'Not now' });
    expect(outcome?.entryId).toBeTruthy();
    expect(await ipcHandlers(core)['decision:cancel']({ entryId: outcome?.entryId ?? '' })).toEqual({ ok: true });
    const listed = await ipcHandlers(core)['outbox:list'](undefined);
    expect(listed.find((e) => e.id === outcome?.entryId)?.state).toBe('cancelled');
    expect(sim.sim.callLog().filter((c) => c.kind === 'write')).toEqual([]);
  });

  it('offline: the decision waits, then is sent exactly once when the network returns', async () => {
    const { sim, core } = await start(0);
    const item = actionable(core);
    core.setPaused('offline');
    const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'On the train' });
    expect(outcome?.message).toBe('Approval waiting to send (offline)');
    // The header and tray say so too, at once (not after a poll).
    expect(core.state()).toMatchObject({ connection: 'offline', problem: expect.stringMatching(/decisions wait and are sent when you are back/) });
    expect(core.state().decisions?.find((e) => e.id === outcome?.entryId)).toMatchObject({ state: 'queued', undoable: true });
    expect(sim.sim.callLog().filter((c) => c.kind === 'write')).toEqual([]);
    core.setPaused(null);
    await until(async () => (await ipcHandlers(core)['outbox:list'](undefined)).find((e) => e.itemId === item.id && e.state === 'done'));
    expect(sim.sim.appliedDecisions().filter((d) => item.id.endsWith(d.stageId))).toHaveLength(1);
  });

  it('an Entra ID role and a group decision go through the same outbox to Graph, each once', async () => {
    const { sim, core } = await start(50, 'mixed');
    expect(core.state().kinds.map((k) => [k.kind, k.status])).toEqual([
      ['azureResource', 'active'],
      ['entraRole', 'active'],
      ['group', 'active'],
    ]);
    const pick = (kind: 'entraRole' | 'group') => {
      const item = core.state().queue.find((i) => i.kind === kind && i.actionable);
      if (!item) throw new Error(`mixed has an actionable ${kind} item`);
      return item;
    };
    const entra = pick('entraRole');
    const group = pick('group');
    await ipcHandlers(core)['decision:submit']({ itemIds: [entra.id, group.id], result: 'Approve', justification: 'INC0077001' });
    const history = await until(async () => {
      const list = await ipcHandlers(core)['outbox:list'](undefined);
      const done = list.filter((e) => (e.itemId === entra.id || e.itemId === group.id) && e.state === 'done');
      return done.length === 2 ? list : undefined;
    });
    expect(history.filter((e) => e.state === 'done').map((e) => e.kind).sort()).toEqual(['entraRole', 'group']);
    // History keeps what the group request granted, so it can say "Member of …" / "Owner of …".
    expect(history.find((e) => e.itemId === group.id)?.summary.access).toBe(group.access);
    const writes = sim.sim.callLog().filter((c) => c.kind === 'write');
    expect(writes.map((c) => c.route).sort()).toEqual(['graph.patchEntraStep', 'graph.patchGroupStage']);
    expect(sim.sim.appliedDecisions()).toHaveLength(2);
  });

  it('approve then deny the same request: the deny is refused in the words of the approval, and Azure gets Approve once', async () => {
    const { sim, core } = await start(3_000);
    const item = actionable(core);
    const [approved] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'CHG-1' });
    expect(approved).toMatchObject({ outcome: 'queued', recordedResult: 'Approve', message: expect.stringMatching(/^Approval waits \d s$/) });
    // The stage is still open in Azure during the undo window, so a check brings the request back.
    await ipcHandlers(core)['queue:refresh'](undefined);
    expect(core.state().queue.some((i) => i.id === item.id)).toBe(true);
    const [denied] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Deny', justification: 'Changed my mind' });
    expect(denied).toMatchObject({ outcome: 'refused', recordedResult: 'Approve', entryId: approved?.entryId });
    expect(denied?.message).toMatch(/^You already approved this/);
    expect(denied?.message).not.toMatch(/Denial/);
    // The same verb again answers with the one entry there is, in its true state.
    await ipcHandlers(core)['queue:refresh'](undefined);
    const [again] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'CHG-1 again' });
    expect(again).toMatchObject({ outcome: 'queued', entryId: approved?.entryId, recordedResult: 'Approve' });
    await until(async () => (await ipcHandlers(core)['outbox:list'](undefined)).find((e) => e.id === approved?.entryId && e.state === 'done'));
    expect(sim.sim.appliedDecisions().filter((d) => item.id.endsWith(d.stageId)).map((d) => d.result)).toEqual(['Approve']);
  });

  it('AppState carries each decision from waiting to done, so a message can follow it in place', async () => {
    const { core } = await start(400);
    const item = actionable(core);
    const seen: string[] = [];
    core.onState((s) => {
      const entry = s.decisions?.find((e) => e.itemId === item.id);
      if (entry && seen.at(-1) !== entry.state) seen.push(entry.state);
    });
    const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Deny', justification: 'No ticket' });
    await until(() => (seen.includes('done') ? true : undefined));
    expect(seen[0]).toBe('queued');
    expect(seen.at(-1)).toBe('done');
    const done = core.state().decisions?.find((e) => e.id === outcome?.entryId);
    expect(done).toMatchObject({ result: 'Deny', message: 'Denied', undoable: false, undoBlocked: null });
    expect(core.state().sync).toMatchObject({ pending: 0, busy: false, failed: 0 });
  });

  it('a decision Azure refuses (403) is failed: counted in AppState, never undoable, with what to do', async () => {
    const { sim, core } = await start(300, 'mixed');
    const item = core.state().queue.find((i) => i.kind === 'entraRole' && i.actionable);
    if (!item) throw new Error('mixed has an actionable Entra ID role request');
    const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'INC-9' });
    // Consent for Entra ID roles is withdrawn before the undo window ends: Graph answers 403.
    sim.sim.setKnobs({ graphConsent: { entraRole: false } });
    const failed = await until(() => core.state().decisions?.find((e) => e.id === outcome?.entryId && e.state === 'failed'));
    expect(failed.message).toMatch(/403/);
    expect(failed.undoable).toBe(false);
    expect(core.state().sync.failed).toBe(1);
    expect(sim.sim.appliedDecisions()).toEqual([]);
  });
});
