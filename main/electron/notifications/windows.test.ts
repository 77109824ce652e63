import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { APP_ID } from '../../core/app-id';
import { queueItem } from '../../../test/kit/item-fixture';
import { requestNotification, SUMMARY_NOTIFICATION_ID } from '../../core/notify/plan';
import { escapeXml, parseToastArguments, toastArguments, windowsToastXml } from './windows-toast';

const made: FakeNotification[] = [];
let activate: ((details: { type: string; arguments: string; actionIndex?: number; reply?: string; userInputs?: Record<string, string> }) => void) | null = null;
class FakeNotification extends EventEmitter {
  closed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    made.push(this);
  }
  show() {
    this.emit('show');
  }
  close() {
    this.closed = true;
    this.emit('close');
  }
  static handleActivation(cb: typeof activate) {
    activate = cb;
  }
}
const setAppUserModelId = vi.fn();
vi.mock('electron', () => ({ Notification: FakeNotification, app: { setAppUserModelId } }));
const { createWindowsNotifier } = await import('./windows');

describe('Windows toast XML', () => {
  it('carries title, body, a Justification input and Approve/Deny with item and action in their arguments', () => {
    const item = queueItem(1);
    const xml = windowsToastXml(requestNotification(item));
    const args = (a: string) => escapeXml(toastArguments(a as 'approve', item.id));
    expect(xml).toBe(
      `<toast launch="${args('open')}" activationType="foreground" duration="long">` +
        '<visual><binding template="ToastGeneric"><text>Owner on Prod-Payments</text><text>Ada Lovelace · 2 h · &quot;Deploy hotfix INC-42&quot;</text></binding></visual>' +
        '<actions><input id="justification" type="text" placeHolderContent="Justification"/>' +
        `<action content="Approve" arguments="${args('approve')}" activationType="foreground" hint-inputId="justification"/>` +
        `<action content="Deny" arguments="${args('deny')}" activationType="foreground" hint-inputId="justification"/>` +
        '</actions></toast>',
    );
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
    expect(parseToastArguments(toastArguments('deny', id))).toEqual({ action: 'deny', id });
    expect(parseToastArguments('action=delete&id=x')).toBeNull();
    expect(parseToastArguments('action=approve')).toBeNull();
    expect(parseToastArguments('')).toBeNull();
  });
});

describe('Windows notifier', () => {
  it('sets the AUMID to the electron-builder appId', () => {
    createWindowsNotifier();
    expect(setAppUserModelId).toHaveBeenCalledWith('io.github.pimapprovals.app');
    expect(APP_ID).toBe('io.github.pimapprovals.app');
    // When the packaging config exists, it must name the same id.
    for (const file of ['electron-builder.yml', 'electron-builder.yaml']) {
      if (existsSync(file)) expect((parseYaml(readFileSync(file, 'utf8')) as { appId?: string }).appId).toBe(APP_ID);
    }
  });

  it('shows our toast XML and routes activations with the typed justification', async () => {
    made.length = 0;
    const notifier = createWindowsNotifier();
    const got: Array<[string, string, string | undefined]> = [];
    notifier.onAction((id, action, reply) => got.push([id, action, reply]));
    const item = queueItem(1);
    expect(await notifier.show(requestNotification(item)).shown).toBe(true);
    expect(made[0]?.options.toastXml).toBe(windowsToastXml(requestNotification(item)));
    expect(notifier.capabilities).toEqual({ actions: true, reply: true });

    activate?.({ type: 'action', arguments: toastArguments('approve', item.id), actionIndex: 0, userInputs: { justification: 'INC-42 verified' } });
    activate?.({ type: 'action', arguments: toastArguments('deny', item.id), actionIndex: 1, userInputs: { justification: '  ' } });
    activate?.({ type: 'click', arguments: toastArguments('open', item.id) });
    activate?.({ type: 'click', arguments: 'something=else' });
    expect(got).toEqual([
      [item.id, 'approve', 'INC-42 verified'],
      [item.id, 'deny', undefined],
      [item.id, 'open', undefined],
    ]);
    notifier.withdraw(item.id);
    expect(made[0]?.closed).toBe(true);
    await notifier.dispose();
  });
});
