import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queueItem } from '../../../test/kit/item-fixture';
import { requestNotification } from '../../core/notify/plan';
import { startFakeNotificationServer } from '../../../test/fakes/fake-notification-server';
import { canStartPrivateBus, startPrivateBus, type PrivateBus } from '../../../test/fakes/private-bus';

const made: FakeNotification[] = [];
class FakeNotification extends EventEmitter {
  constructor(readonly options: Record<string, unknown>) {
    super();
    made.push(this);
  }
  show() {
    this.emit('show');
  }
  close() {
    this.emit('close');
  }
  static handleActivation() {}
}
vi.mock('electron', () => ({ Notification: FakeNotification, app: { setAppUserModelId: () => undefined } }));
const { createPlatformNotifier } = await import('./platform-notifier');

// dbus-daemon exists on Linux only: the Windows and macOS jobs (and a faked platform) skip these.
const dbus = canStartPrivateBus();
let bus: PrivateBus;
beforeAll(async () => {
  if (dbus) bus = await startPrivateBus();
});
afterAll(async () => {
  if (dbus) await bus.close();
});

describe('createPlatformNotifier', () => {
  it('macOS and Windows get buttons; Windows also a reply that travels with them', async () => {
    expect((await createPlatformNotifier({ platform: 'darwin' })).capabilities).toEqual({ actions: true, reply: false });
    expect((await createPlatformNotifier({ platform: 'win32' })).capabilities).toEqual({ actions: true, reply: true });
  });

  it.skipIf(!dbus)('Linux uses D-Bus when a notification server answers', async () => {
    const server = await startFakeNotificationServer(bus.address, ['actions']);
    try {
      const notifier = await createPlatformNotifier({ platform: 'linux', busAddress: bus.address, desktopEntry: 'pim-approvals' });
      expect(notifier.capabilities).toEqual({ actions: true, reply: false });
      notifier.show(requestNotification(queueItem(1)));
      expect((await server.nextNotify(1)).hints).toMatchObject({ 'desktop-entry': 'pim-approvals' });
      await notifier.dispose();
    } finally {
      await server.stop();
    }
  });

  it.skipIf(!dbus)('Linux falls back to a plain Electron notification without a server, and says why', async () => {
    const reasons: string[] = [];
    made.length = 0;
    const notifier = await createPlatformNotifier({ platform: 'linux', busAddress: bus.address, onFallback: (r) => reasons.push(r) });
    expect(notifier.capabilities).toEqual({ actions: false, reply: false });
    expect(reasons).toHaveLength(1);
    const got: string[] = [];
    notifier.onAction((id, action) => got.push(`${action}:${id}`));
    const item = queueItem(2);
    expect(await notifier.show(requestNotification(item)).shown).toBe(true);
    expect(made[0]?.options).toEqual({ title: 'Owner on Prod-Payments', body: 'Ada Lovelace · 2 h · "Deploy hotfix INC-42"', silent: false, timeoutType: 'never' });
    made[0]?.emit('click');
    expect(got).toEqual([`open:${item.id}`]);
    notifier.withdraw(item.id);
    await notifier.dispose();
  });

  // A unix socket that accepts and never answers: dbus-next would wait forever (no dbus-daemon needed).
  it.skipIf(process.platform === 'win32')('Linux gives up on a session bus that never answers, falls back, and closes the socket', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pim-stalled-bus-'));
    const socketPath = path.join(dir, 'bus');
    const sockets: Socket[] = [];
    const closed = new Promise<void>((resolve) => {
      const server = createServer((socket) => {
        sockets.push(socket);
        socket.on('data', () => undefined); // reads the handshake, answers nothing
        socket.on('close', () => {
          server.close();
          resolve();
        });
      });
      server.listen(socketPath);
    });
    try {
      const reasons: string[] = [];
      const notifier = await createPlatformNotifier({ platform: 'linux', busAddress: `unix:path=${socketPath}`, connectTimeoutMs: 300, onFallback: (r) => reasons.push(r) });
      expect(notifier.capabilities).toEqual({ actions: false, reply: false });
      expect(reasons).toEqual(['no D-Bus notification server: the session bus did not answer within 300 ms']);
      await closed; // our side hung up: nothing left holding the bus
      expect(sockets).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
