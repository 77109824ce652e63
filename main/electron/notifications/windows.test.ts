import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { queueItem } from '../../../test/kit/item-fixture';
import { requestNotification, SUMMARY_NOTIFICATION_ID } from '../../core/notify/plan';
import { escapeXml, parseToastArguments, toastArguments, windowsToastXml } from './windows-toast';

type Activation = { type: string; arguments: string; actionIndex?: number; reply?: string; userInputs?: Record<string, string> };
const made: FakeNotification[] = [];
let activate: ((details: Activation) => void) | null = null;
class FakeNotification extends EventEmitter {
  closed = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    made.push(this);
  }
  show() {
    this.emit('show');
  }
  close() {
    this.closed += 1;
    this.emit('close', { reason: 'applicationHidden' });
  }
  static handleActivation(cb: typeof activate) {
    activate = cb;
  }
}
vi.mock('electron', () => ({ Notification: FakeNotification }));
const { ACTIVATION_DEDUPE_MS, createWindowsNotifier } = await import('./windows');

/** How Electron 45 reads toast arguments (shell/browser/notifications/win/windows_toast_activator.cc, HandleToastActivation). */
function electronReads(args: string): { type: string; action: string; tag: string } {
  const out = { type: '', action: '', tag: '' };
  for (const token of args.split('&').filter(Boolean)) {
    const kv = token.split('=').filter(Boolean);
    if (kv.length !== 2) continue;
    if (kv[0] === 'type' || kv[0] === 'action' || kv[0] === 'tag') out[kv[0]] = kv[1] as string;
  }
  return out;
}
/** windows_toast_notification.cc, ToastEventHandler::Invoke: only these reach handleActivation while the app runs. */
const structured = (args: string) => args.includes('type=action') || args.includes('type=reply');
const q = (id: string) => new URLSearchParams({ item: id }).toString().slice('item='.length);

describe('Windows toast XML', () => {
  it('has buttons in Electron\'s action form, the body a click, both naming the item', () => {
    const item = queueItem(1);
    const xml = windowsToastXml(requestNotification(item));
    expect(xml).toBe(
      `<toast launch="type=click&amp;pim=open&amp;item=${q(item.id)}" activationType="foreground" duration="long">` +
        '<visual><binding template="ToastGeneric"><text>Owner on Prod-Payments</text><text>Ada Lovelace · 2 h · &quot;Deploy hotfix INC-42&quot;</text></binding></visual>' +
        '<actions><input id="justification" type="text" placeHolderContent="Justification"/>' +
        `<action content="Approve" arguments="type=action&amp;action=0&amp;pim=approve&amp;item=${q(item.id)}" activationType="foreground" hint-inputId="justification"/>` +
        `<action content="Deny" arguments="type=action&amp;action=1&amp;pim=deny&amp;item=${q(item.id)}" activationType="foreground" hint-inputId="justification"/>` +
        '</actions></toast>',
    );
  });

  it('is read by Electron as an action with its button index, and carries no tag', () => {
    const id = '/providers/Microsoft.Authorization/roleAssignmentApprovals/a 1/stages/s&2=x';
    for (const [action, index] of [['approve', 0], ['deny', 1]] as const) {
      const args = toastArguments(action, id, index);
      expect(structured(args)).toBe(true);
      expect(electronReads(args)).toEqual({ type: 'action', action: String(index), tag: '' });
    }
    // The body's click is not structured: a running app hears it as the instance's `click`.
    expect(structured(toastArguments('open', id))).toBe(false);
    expect(electronReads(toastArguments('open', id)).type).toBe('click');
  });

  it('makes confirmations silent in the XML, requests not', () => {
    const confirmation = windowsToastXml({ id: 'x', title: 'Approved — Owner on Prod', body: '', actions: [], reply: false, sticky: false });
    expect(confirmation).toBe(`<toast launch="${escapeXml(toastArguments('open', 'x'))}" activationType="foreground"><visual><binding template="ToastGeneric"><text>Approved — Owner on Prod</text></binding></visual><audio silent="true"/></toast>`);
    expect(windowsToastXml(requestNotification(queueItem(1)))).not.toContain('<audio');
  });

  it('escapes every piece of text', () => {
    const xml = windowsToastXml({ id: 'a&b"<x>', title: '<script>&', body: "R&D's", actions: ['approve'], reply: false, sticky: false });
    expect(xml).toContain('<text>&lt;script&gt;&amp;</text><text>R&amp;D&apos;s</text>');
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<input');
    expect(xml).not.toContain('duration=');
  });

  it('has no actions element for a plain notice', () => {
    expect(windowsToastXml({ id: SUMMARY_NOTIFICATION_ID, title: '4 PIM requests waiting', body: '', actions: [], reply: false, sticky: true })).toBe(
      `<toast launch="${escapeXml(toastArguments('open', SUMMARY_NOTIFICATION_ID))}" activationType="foreground" duration="long"><visual><binding template="ToastGeneric"><text>4 PIM requests waiting</text></binding></visual></toast>`,
    );
  });

  it('round-trips activation arguments and rejects foreign ones', () => {
    const id = '/providers/Microsoft.Authorization/roleAssignmentApprovals/a 1/stages/s&2';
    expect(parseToastArguments(toastArguments('deny', id, 1))).toEqual({ action: 'deny', id });
    expect(parseToastArguments(toastArguments('open', id))).toEqual({ action: 'open', id });
    expect(parseToastArguments('type=action&action=0&pim=delete&item=x')).toBeNull();
    expect(parseToastArguments('type=action&action=0&pim=approve')).toBeNull();
    expect(parseToastArguments('action=approve&id=x')).toBeNull(); // the old form
    expect(parseToastArguments('')).toBeNull();
  });
});

function setup(now = { t: 1_000 }) {
  made.length = 0;
  const notifier = createWindowsNotifier({ now: () => now.t });
  const got: Array<[string, string, string | undefined]> = [];
  notifier.onAction((id, action, reply) => got.push([id, action, reply]));
  return { notifier, got, now };
}

describe('Windows notifier', () => {
  it('shows our toast XML without a `silent` option (ignored with toastXml)', async () => {
    const { notifier } = setup();
    const item = queueItem(1);
    expect(await notifier.show(requestNotification(item)).shown).toBe(true);
    expect(made[0]?.options).toEqual({ title: 'Owner on Prod-Payments', body: 'Ada Lovelace · 2 h · "Deploy hotfix INC-42"', toastXml: windowsToastXml(requestNotification(item)) });
    expect(notifier.capabilities).toEqual({ actions: true, reply: true });
    await notifier.dispose();
  });

  it('routes buttons from handleActivation with the typed justification, and body clicks from the instance', async () => {
    const { notifier, got, now } = setup();
    const item = queueItem(1);
    notifier.show(requestNotification(item));
    activate?.({ type: 'action', arguments: toastArguments('approve', item.id, 0), actionIndex: 0, userInputs: { justification: 'INC-42 verified' } });
    now.t += 10;
    activate?.({ type: 'action', arguments: toastArguments('deny', item.id, 1), actionIndex: 1, userInputs: { justification: '  ' } });
    made[0]?.emit('click');
    activate?.({ type: 'click', arguments: 'something=else' });
    expect(got).toEqual([
      [item.id, 'approve', 'INC-42 verified'],
      [item.id, 'deny', undefined],
      [item.id, 'open', undefined],
    ]);
    await notifier.dispose();
  });

  it('counts one activation once when it arrives both ways, and again after the window', async () => {
    const { notifier, got, now } = setup();
    const item = queueItem(2);
    notifier.show(requestNotification(item));
    made[0]?.emit('click');
    activate?.({ type: 'click', arguments: toastArguments('open', item.id) });
    expect(got).toEqual([[item.id, 'open', undefined]]);
    now.t += ACTIVATION_DEDUPE_MS;
    activate?.({ type: 'click', arguments: toastArguments('open', item.id) });
    expect(got).toHaveLength(2);
    await notifier.dispose();
  });

  it('keeps an activation that came before anyone listened (a cold start) for the first listener', async () => {
    made.length = 0;
    const notifier = createWindowsNotifier({ now: () => 5 });
    activate?.({ type: 'action', arguments: toastArguments('approve', 'item-9', 0), actionIndex: 0, userInputs: { justification: 'ok' } });
    const got: string[] = [];
    notifier.onAction((id, action, reply) => got.push(`${action}:${id}:${reply}`));
    expect(got).toEqual(['approve:item-9:ok']);
    await notifier.dispose();
  });

  it('closes a decided request\'s toast even after it timed out into Action Center', async () => {
    const { notifier } = setup();
    const item = queueItem(3);
    notifier.show(requestNotification(item));
    const toast = made[0] as FakeNotification;
    toast.emit('close', { reason: 'timedOut' }); // the banner left the screen; the toast sits in Action Center
    notifier.withdraw(item.id);
    expect(toast.closed).toBe(1);
    await notifier.dispose();
  });
});
