import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { queueItem } from '../../../test/kit/item-fixture';
import { requestNotification } from '../../core/notify/plan';

const made: FakeNotification[] = [];
class FakeNotification extends EventEmitter {
  shownCount = 0;
  closed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    made.push(this);
  }
  show() {
    this.shownCount += 1;
    this.emit('show');
  }
  close() {
    this.closed = true;
    this.emit('close');
  }
  static removedAll = 0;
  static removeAll() {
    FakeNotification.removedAll += 1;
  }
}
vi.mock('electron', () => ({ Notification: FakeNotification }));
const { createMacNotifier } = await import('./mac');

function setup() {
  made.length = 0;
  const notifier = createMacNotifier();
  const got: Array<[string, string, string | undefined]> = [];
  notifier.onAction((id, action, reply) => got.push([id, action, reply]));
  return { notifier, got };
}

describe('macOS notifier', () => {
  it('shows Approve/Deny buttons and a Justification reply field', async () => {
    const { notifier } = setup();
    const item = queueItem(1);
    expect(await notifier.show(requestNotification(item)).shown).toBe(true);
    expect(made[0]?.options).toEqual({
      id: item.id,
      title: 'Owner on Prod-Payments',
      body: 'Ada Lovelace · 2 h · "Deploy hotfix INC-42"',
      silent: false,
      actions: [
        { type: 'button', text: 'Approve' },
        { type: 'button', text: 'Deny' },
      ],
      hasReply: true,
      replyPlaceholder: 'Justification',
    });
    expect(notifier.capabilities).toEqual({ actions: true, reply: false });
  });

  it('reports buttons by index, clicks as open, and a reply as open with the text', () => {
    const { notifier, got } = setup();
    const item = queueItem(1);
    notifier.show(requestNotification(item));
    const n = made[0] as FakeNotification;
    n.emit('action', { actionIndex: 0 }, 0);
    n.emit('action', { actionIndex: 1 }, 1);
    n.emit('action', {}, 0); // older event shape: index as the second argument
    n.emit('action', { actionIndex: 7 }, 7); // unknown index is ignored
    n.emit('click');
    n.emit('reply', { reply: 'Checked the ticket' }, 'Checked the ticket');
    expect(got).toEqual([
      [item.id, 'approve', undefined],
      [item.id, 'deny', undefined],
      [item.id, 'approve', undefined],
      [item.id, 'open', undefined],
      [item.id, 'open', 'Checked the ticket'],
    ]);
  });

  it('replaces by key, withdraws with close(), and plain notices are silent without reply', () => {
    const { notifier } = setup();
    const item = queueItem(2);
    notifier.show(requestNotification(item));
    notifier.show(requestNotification(item));
    expect(made[0]?.closed).toBe(true);
    notifier.withdraw(item.id);
    expect(made[1]?.closed).toBe(true);
    notifier.withdraw('unknown');
    notifier.show({ id: 'ok', title: 'Approved — X', body: '', actions: [], reply: false, sticky: false });
    expect(made[2]?.options).toMatchObject({ silent: true, actions: [], hasReply: false });
  });

  it('reports failure to show and stops reporting after dispose', async () => {
    const { notifier, got } = setup();
    class Failing extends FakeNotification {
      override show() {
        this.emit('failed', {}, 'denied');
      }
    }
    made.length = 0;
    const original = FakeNotification.prototype.show;
    FakeNotification.prototype.show = Failing.prototype.show;
    try {
      expect(await notifier.show(requestNotification(queueItem(3))).shown).toBe(false);
    } finally {
      FakeNotification.prototype.show = original;
    }
    await notifier.dispose();
    made[0]?.emit('click');
    expect(got).toEqual([]);
  });

  it('clears delivered notifications of an earlier run when it starts', () => {
    const before = FakeNotification.removedAll;
    createMacNotifier();
    expect(FakeNotification.removedAll).toBe(before + 1);
  });

  it('tells onBlocked what macOS said when it refuses to show', async () => {
    made.length = 0;
    const blocked: string[] = [];
    const notifier = createMacNotifier({ onBlocked: (error) => blocked.push(error) });
    const original = FakeNotification.prototype.show;
    FakeNotification.prototype.show = function (this: FakeNotification) {
      this.emit('failed', {}, 'Notifications are not allowed for this application');
    };
    try {
      expect(await notifier.show(requestNotification(queueItem(4))).shown).toBe(false);
    } finally {
      FakeNotification.prototype.show = original;
    }
    expect(blocked).toEqual(['Notifications are not allowed for this application']);
  });
});
