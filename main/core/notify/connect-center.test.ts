/**
 * Notifications on the real path: AppCore with the durable outbox on the PIM simulator, a
 * memory notifier standing for the OS surface, wired as the app wires it. What a person sees
 * after pressing a notification's button, and after a decision fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { demoSession } from '../../demo/demo-session';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import type { AppCore } from '../app/app-core';
import { createAppCore } from '../app/create-app-core';
import { openOutboxDecisions } from '../app/outbox-decisions';
import { connectNotificationCenter, type ConnectedCenter } from './connect-center';
import { outcomeNotificationId } from './decision-follower';
import { createMemoryNotifier, type MemoryNotifier } from '../../preview/memory-notifier';
import { defaultNotifyPrefs } from './prefs';
import { ipcHandlers } from '../../bridge/ipc-handlers';

let sim: RunningSimulator | null = null;
let core: AppCore | null = null;
let connected: ConnectedCenter | null = null;
let dir: string | null = null;
afterEach(async () => {
  connected?.dispose();
  await core?.stop();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  connected = core = sim = dir = null;
});

async function start(scenario: string, undoMs: number): Promise<{ sim: RunningSimulator; core: AppCore; notifier: MemoryNotifier; shown: string[] }> {
  sim = await startSimulator({ scenario });
  dir = await mkdtemp(path.join(tmpdir(), 'notify-outbox-'));
  const s = sim;
  const d = dir;
  core = createAppCore({
    mode: 'demo',
    clock: systemClock,
    session: demoSession(s, systemClock),
    decisions: (session, budgets, reachability) => openOutboxDecisions({ dir: d, session, clock: systemClock, undoMs, budgets, reachability }),
    openExternal: async () => true,
    poller: { minGapMs: 0 },
  });
  await core.start();
  // Connected after the first check, as a running app is: only requests that arrive from now on pop up.
  const notifier = createMemoryNotifier();
  const shown: string[] = [];
  connected = connectNotificationCenter(core, notifier, { prefs: () => defaultNotifyPrefs, now: () => Date.now(), showWindow: () => shown.push('window') });
  return { sim: s, core, notifier, shown };
}

async function until<T>(probe: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

// Real sends on a shared machine: generous waits, each ending on a positive signal.
describe('notifications on the outbox path', { timeout: 60_000 }, () => {
  it('approve, then deny on the same request: the confirmation names the approval, is replaced once sent, and Azure gets Approve once', async () => {
    const { sim, core, notifier } = await start('quiet', 1_500);
    const created = sim.sim.createRequest({ role: 'Key Vault Administrator', requester: 'requester' });
    await ipcHandlers(core)['queue:refresh'](undefined);
    const item = core.state().queue.find((i) => i.approvalId.endsWith(created.approvalId));
    if (!item) throw new Error('the new request is in the queue');
    expect(notifier.press(item.id, 'approve', 'CHG-1001')).toBe(true);
    await connected?.center.settled();
    const outcomeId = outcomeNotificationId(item.id);
    expect(notifier.visible().find((n) => n.id === outcomeId)?.title).toMatch(/^Approval waits \d s — Key Vault Administrator on /);
    // The stage is still open in Azure during the undo window: the next check shows it again.
    await ipcHandlers(core)['queue:refresh'](undefined);
    await until(() => (notifier.visible().some((n) => n.id === item.id) ? true : undefined));
    notifier.press(item.id, 'deny', 'No, deny it');
    await connected?.center.settled();
    const refused = notifier.visible().find((n) => n.id === outcomeId);
    expect(refused?.title).toMatch(/^Already approved by you — /);
    expect(refused?.body).toMatch(/^You already approved this/);
    // Once Azure recorded it, the same notification says so.
    await until(() => (notifier.visible().find((n) => n.id === outcomeId)?.title.startsWith('Approved — ') ? true : undefined));
    expect(sim.sim.appliedDecisions().filter((d) => item.id.endsWith(d.stageId)).map((d) => d.result)).toEqual(['Approve']);
    expect(JSON.stringify(notifier.history())).not.toMatch(/CHG-1001|No, deny it/);
  });

  it('a decision that fails raises one notification with what happened, wherever it was made', async () => {
    const { sim, core, notifier } = await start('mixed', 300);
    const item = core.state().queue.find((i) => i.kind === 'entraRole' && i.actionable);
    if (!item) throw new Error('mixed has an actionable Entra ID role request');
    // Decided in the window (not from a notification), then Graph refuses the write (403).
    const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [item.id], result: 'Approve', justification: 'INC-9' });
    sim.sim.setKnobs({ graphConsent: { entraRole: false } });
    const alert = await until(() => notifier.visible().find((n) => n.id === outcomeNotificationId(item.id)));
    expect(alert.title).toMatch(/^Not sent — /);
    expect(alert.body).toMatch(/403/);
    // More state pushes (polls, other entries) do not raise it again.
    await ipcHandlers(core)['queue:refresh'](undefined);
    expect(notifier.history().filter((n) => n.id === outcomeNotificationId(item.id))).toHaveLength(1);
    expect(core.state().decisions?.find((e) => e.id === outcome?.entryId)?.state).toBe('failed');
  });
});
