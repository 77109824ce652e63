/**
 * The Linux notifier against a fake org.freedesktop.Notifications server on a private
 * D-Bus session bus (a real dbus-daemon, real dbus-next on both sides), and end to end: a
 * request from the PIM simulator pops up with Approve/Deny, ActionInvoked('approve') goes
 * through AppCore's `decision:submit` (the window's path) and the simulator records it.
 */
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createAppCore } from '../../core/app/create-app-core';
import { createDirectDecisions } from '../../core/app/direct-decisions';
import { systemClock } from '../../core/clock';
import { createNotificationCenter } from '../../core/notify/center';
import { queueItem } from '../../../test/kit/item-fixture';
import { defaultNotifyPrefs } from '../../core/notify/prefs';
import type { ActionRoute } from '../../core/notify/route-action';
import type { NotificationAction, Notifier } from '../../core/notify/notifier';
import { changeBetween, requestNotification } from '../../core/notify/plan';
import { demoSession } from '../../demo/demo-session';
import { startSimulator } from '../../demo/simulator';
import { startFakeNotificationServer, type FakeNotificationServer } from '../../../test/fakes/fake-notification-server';
import { createLinuxDbusNotifier, escapeMarkup } from './linux-dbus';
import { canStartPrivateBus, startPrivateBus, type PrivateBus } from '../../../test/fakes/private-bus';
import { ipcHandlers } from '../../bridge/ipc-handlers';

// dbus-daemon exists on Linux only: the Windows and macOS jobs (and a faked platform) skip these.
const dbus = canStartPrivateBus();
let bus: PrivateBus;
beforeAll(async () => {
  if (dbus) bus = await startPrivateBus();
});
afterAll(async () => {
  if (dbus) await bus.close();
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serverAndNotifier(caps: string[]): Promise<{ server: FakeNotificationServer; notifier: Notifier; actions: Array<[string, NotificationAction, string | undefined]> }> {
  const server = await startFakeNotificationServer(bus.address, caps);
  cleanups.push(() => server.stop());
  const notifier = await createLinuxDbusNotifier({ busAddress: bus.address, desktopEntry: 'pim-approvals' });
  cleanups.push(() => notifier.dispose());
  const actions: Array<[string, NotificationAction, string | undefined]> = [];
  notifier.onAction((id, action, reply) => actions.push([id, action, reply]));
  return { server, notifier, actions };
}

/** Signals cross the bus asynchronously; wait (briefly) until a condition holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(!dbus)('Linux notifier over D-Bus', () => {
  it('sends Approve/Deny/Open actions when the server has them, and reports clicks', async () => {
    const { server, notifier, actions } = await serverAndNotifier(['actions', 'body', 'body-markup', 'persistence']);
    expect(notifier.capabilities).toEqual({ actions: true, reply: false });
    const item = queueItem(1, { requester: { id: 'e', displayName: 'Eve <b>&</b>', upn: null } });
    const handle = notifier.show(requestNotification(item));
    expect(await handle.shown).toBe(true);
    const sent = await server.nextNotify(1);
    expect(sent).toMatchObject({
      appName: 'PIM Approvals',
      replacesId: 0,
      summary: 'Owner on Prod-Payments',
      body: 'Eve &lt;b&gt;&amp;&lt;/b&gt; · 2 h · &quot;Deploy hotfix INC-42&quot;',
      actions: ['approve', 'Approve', 'deny', 'Deny', 'default', 'Open'],
      hints: { urgency: 1, resident: false, 'desktop-entry': 'pim-approvals' },
      expireTimeout: 0,
    });

    server.invokeAction(sent.id, 'approve');
    server.invokeAction(sent.id, 'default');
    server.invokeAction(sent.id, 'deny');
    server.invokeAction(sent.id, 'something-else'); // a key we never sent
    server.invokeAction(sent.id + 100, 'approve'); // another app's notification
    await until(() => actions.length >= 3, 'three actions');
    await new Promise((r) => setTimeout(r, 50));
    expect(actions).toEqual([
      [item.id, 'approve', undefined],
      [item.id, 'open', undefined],
      [item.id, 'deny', undefined],
    ]);
  });

  it('replaces a notification shown again under the same key and withdraws it with CloseNotification', async () => {
    const { server, notifier } = await serverAndNotifier(['actions', 'body']);
    const item = queueItem(2);
    notifier.show(requestNotification(item));
    const first = await server.nextNotify(1);
    notifier.show({ ...requestNotification(item), title: 'updated' });
    const second = await server.nextNotify(2);
    expect(second.replacesId).toBe(first.id);
    expect(second.body).toBe('Ada Lovelace · 2 h · "Deploy hotfix INC-42"'); // no body-markup: sent as is
    notifier.withdraw(item.id);
    await until(() => server.closed().length === 1, 'CloseNotification');
    expect(server.closed()).toEqual([first.id]);
    notifier.withdraw(item.id); // a second withdraw is a no-op
    notifier.withdraw('never-shown');
    await new Promise((r) => setTimeout(r, 50));
    expect(server.closed()).toEqual([first.id]);
  });

  it('forgets a notification the user closed, so a later click cannot be misrouted', async () => {
    const { server, notifier, actions } = await serverAndNotifier(['actions']);
    const item = queueItem(3);
    notifier.show(requestNotification(item));
    const sent = await server.nextNotify(1);
    server.closeByUser(sent.id);
    await new Promise((r) => setTimeout(r, 50));
    server.invokeAction(sent.id, 'approve');
    await new Promise((r) => setTimeout(r, 50));
    expect(actions).toEqual([]);
    notifier.withdraw(item.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.closed()).toEqual([]);
  });

  it('falls back to a plain notification when the server lacks "actions"', async () => {
    const { server, notifier } = await serverAndNotifier(['body']);
    expect(notifier.capabilities).toEqual({ actions: false, reply: false });
    notifier.show(requestNotification(queueItem(4)));
    const sent = await server.nextNotify(1);
    expect(sent.actions).toEqual([]);
    expect(sent.summary).toBe('Owner on Prod-Payments');
  });

  it('sends a confirmation without actions and with the server default timeout', async () => {
    const { server, notifier } = await serverAndNotifier(['actions']);
    notifier.show({ id: 'done', title: 'Approved — Owner on Prod-Payments', body: '', actions: [], reply: false, sticky: false });
    expect(await server.nextNotify(1)).toMatchObject({ actions: [], expireTimeout: -1 });
  });

  it('closes its notifications when disposed (quit), so no dead buttons stay on screen', async () => {
    const { server, notifier } = await serverAndNotifier(['actions']);
    notifier.show(requestNotification(queueItem(5)));
    notifier.show(requestNotification(queueItem(6)));
    const [first, second] = [await server.nextNotify(1), await server.nextNotify(2)];
    await notifier.dispose();
    expect(server.closed().sort()).toEqual([first.id, second.id].sort());
  });

  it('fails to start when no notification server is on the bus', async () => {
    await expect(createLinuxDbusNotifier({ busAddress: bus.address })).rejects.toThrow();
  });

  it('escapes body markup', () => {
    expect(escapeMarkup(`<a href="x">R&D's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;R&amp;D&apos;s&lt;/a&gt;');
  });
});

describe.skipIf(!dbus)('end to end: notification → decision → simulator', () => {
  it('ActionInvoked(approve) decides through AppCore and the simulator records it', async () => {
    const server = await startFakeNotificationServer(bus.address, ['actions', 'body']);
    cleanups.push(() => server.stop());
    const s = await startSimulator({ scenario: 'quiet' });
    cleanups.push(() => s.close());
    // The demo session and direct sink are the same pieces the preview and the app use.
    const core = createAppCore({
      mode: 'demo',
      clock: systemClock,
      session: demoSession(s, systemClock),
      decisions: (session) => createDirectDecisions(session, systemClock),
      openExternal: async () => false,
    });
    await core.start();
    const notifier = await createLinuxDbusNotifier({ busAddress: bus.address });
    cleanups.push(() => notifier.dispose());
    const opened: Array<Extract<ActionRoute, { openWindow: unknown }>['openWindow']> = [];
    const center = createNotificationCenter({
      notifier,
      prefs: () => ({ ...defaultNotifyPrefs, oneClick: true, defaultJustification: 'Approved from the notification' }),
      now: () => Date.now(),
      findItem: (id) => core.state().queue.find((i) => i.id === id) ?? null,
      decide: async (itemId, result, justification) => {
        const [outcome] = await ipcHandlers(core)['decision:submit']({ itemIds: [itemId], result, justification });
        return outcome ?? { itemId, outcome: 'failed', message: 'no outcome' };
      },
      openWindow: (request) => opened.push(request),
    });
    cleanups.push(async () => center.dispose());
    // The scenario's waiting requests arrive as one burst: a summary.
    center.update(changeBetween([], core.state().queue));
    expect((await server.nextNotify(1)).summary).toMatch(/^\d+ PIM requests waiting$/);

    // A new request: its own notification with Approve/Deny.
    const before = core.state().queue;
    // Without the High-privilege cue: an Owner request's buttons open the window instead.
    const created = s.sim.createRequest({ requester: 'requester', approvers: ['me'], role: 'Key Vault Administrator', justification: 'Deploy hotfix INC-42' });
    const after = await ipcHandlers(core)['queue:refresh'](undefined);
    const plan = center.update(changeBetween(before, after.queue));
    expect(plan.show).toHaveLength(1);
    const popped = await server.nextNotify(2);
    expect(popped.actions).toEqual(['approve', 'Approve', 'deny', 'Deny', 'default', 'Open']);
    const stageGuid = created.stageIds[0] ?? '';
    expect(plan.show[0]?.id.endsWith(stageGuid)).toBe(true);

    server.invokeAction(popped.id, 'approve');
    const confirmation = await server.nextNotify(3);
    await center.settled();
    expect(confirmation.summary).toMatch(/^Approved — Key Vault Administrator on /);
    expect(s.sim.appliedDecisions()).toEqual([expect.objectContaining({ stageId: stageGuid, by: 'me', result: 'Approve' })]);
    expect(server.closed()).toContain(popped.id); // the request's notification is withdrawn
    expect(core.state().queue.some((i) => i.id.endsWith(stageGuid))).toBe(false);
    expect(opened).toEqual([]);
  });
});
