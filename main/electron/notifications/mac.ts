/**
 * The macOS Notifier: Electron's Notification with Approve/Deny buttons and a reply field
 * ("Justification"). macOS delivers a reply on its own, without saying which button it
 * belongs to, so a reply opens the window on that request with the text pre-filled instead
 * of guessing a decision. Holds live notifications so their events stay wired until they
 * close. No decisions here; the center routes what the user did.
 */
import { Notification } from 'electron';
import type { ActionListener, NotificationAction, NotificationHandle, NotificationSpec, Notifier } from '../../core/notify/notifier';

const buttonText = { approve: 'Approve', deny: 'Deny' } as const;

export function createMacNotifier(): Notifier {
  const live = new Map<string, Notification>();
  const listeners = new Set<ActionListener>();
  const emit = (id: string, action: NotificationAction, reply?: string) => {
    for (const listener of [...listeners]) listener(id, action, reply);
  };

  return {
    // Buttons come back; a reply does not travel with a button (see the top comment).
    capabilities: { actions: true, reply: false },
    show(spec: NotificationSpec): NotificationHandle {
      live.get(spec.id)?.close();
      const n = new Notification({
        id: spec.id,
        title: spec.title,
        body: spec.body,
        silent: !spec.sticky,
        actions: spec.actions.map((a) => ({ type: 'button' as const, text: buttonText[a] })),
        hasReply: spec.reply,
        replyPlaceholder: 'Justification',
      });
      const shown = new Promise<boolean>((resolve) => {
        n.once('show', () => resolve(true));
        n.once('failed', () => resolve(false));
      });
      n.on('action', (details, legacyIndex) => {
        const index = typeof details?.actionIndex === 'number' ? details.actionIndex : legacyIndex;
        const action = spec.actions[index];
        if (action) emit(spec.id, action);
      });
      n.on('reply', (details, legacyReply) => emit(spec.id, 'open', typeof details?.reply === 'string' ? details.reply : legacyReply));
      n.on('click', () => emit(spec.id, 'open'));
      n.on('close', () => {
        if (live.get(spec.id) === n) live.delete(spec.id);
      });
      live.set(spec.id, n);
      n.show();
      return { id: spec.id, shown };
    },
    withdraw(id) {
      const n = live.get(id);
      live.delete(id);
      n?.close();
    },
    onAction(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
      live.clear(); // delivered notifications stay in Notification Center; their clicks reopen the app
    },
  };
}
