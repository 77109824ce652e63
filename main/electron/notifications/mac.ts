/**
 * The macOS Notifier: Electron's Notification with Approve/Deny buttons and a reply field
 * ("Justification"). macOS delivers a reply on its own, without saying which button it
 * belongs to, so a reply opens the window on that request with the text pre-filled instead
 * of guessing a decision. No decisions here; the center routes what the user did.
 */
import { Notification } from 'electron';
import type { Notifier } from '../../core/notify/notifier';
import { createElectronNotifier } from './electron-notifier';

const buttonText = { approve: 'Approve', deny: 'Deny' } as const;

export interface MacNotifierOptions {
  /**
   * macOS refused a notification: Electron emits `failed` when the app may not notify
   * (turned off in System Settings, or an unsigned build: electron/electron
   * docs/api/notification.md, "Unsigned binaries will emit a `failed` event").
   */
  onBlocked?: (error: string) => unknown;
}

export function createMacNotifier(options: MacNotifierOptions = {}): Notifier {
  // Delivered notifications from an earlier run may name requests decided since; their
  // buttons would act on stale facts. Notification.removeAll() (macOS, Electron 45:
  // docs/api/notification.md) clears ours from Notification Center at start.
  if (typeof Notification.removeAll === 'function') Notification.removeAll();
  return createElectronNotifier({
    ...(options.onBlocked ? { onFailed: options.onBlocked } : {}),
    // Buttons come back; a reply does not travel with a button (see the top comment).
    capabilities: { actions: true, reply: false },
    build: (spec) =>
      new Notification({
        id: spec.id,
        title: spec.title,
        body: spec.body,
        silent: !spec.sticky,
        actions: spec.actions.map((a) => ({ type: 'button' as const, text: buttonText[a] })),
        hasReply: spec.reply,
        replyPlaceholder: 'Justification',
      }),
    wire(n, spec, emit) {
      n.on('action', (details, legacyIndex) => {
        const index = typeof details?.actionIndex === 'number' ? details.actionIndex : legacyIndex;
        const action = spec.actions[index];
        if (action) emit(spec.id, action);
      });
      n.on('reply', (details, legacyReply) => emit(spec.id, 'open', typeof details?.reply === 'string' ? details.reply : legacyReply));
      n.on('click', () => emit(spec.id, 'open'));
    },
  });
}
