/**
 * routeAction: what a click on a notification means. Pure. A reply is the justification
 * where the OS has one; otherwise one-click decisions use the default justification when
 * the user turned them on; otherwise the window opens on that request with the decision
 * chosen and the justification field focused. Never decides without a justification.
 */
import type { QueueItemDto, ReviewResult } from '../../../preload/api';
import type { NotificationAction } from './notifier';
import type { NotifyPrefs } from './prefs';

export type ActionRoute =
  | { decide: { itemId: string; result: ReviewResult; justification: string } }
  | {
      openWindow: {
        /** null: the queue as a whole (summary, or a request that is gone). */
        itemId: string | null;
        decision: ReviewResult | null;
        focusJustification: boolean;
        /** A reply typed without a decision (macOS), to pre-fill the field. */
        justification?: string;
      };
    };

/** Same bounds as the IPC contract's justification (preload/api.ts). */
export const maxJustificationLength = 2000;

export function routeAction(
  action: NotificationAction,
  reply: string | undefined,
  item: Pick<QueueItemDto, 'id' | 'actionable'> | null,
  prefs: Pick<NotifyPrefs, 'oneClick' | 'defaultJustification'>,
): ActionRoute {
  const typed = usable(reply);
  if (item === null) return { openWindow: { itemId: null, decision: null, focusJustification: false } };
  if (action === 'open' || !item.actionable) {
    return {
      openWindow: {
        itemId: item.id,
        decision: null,
        focusJustification: typed !== null && item.actionable,
        ...(typed !== null && item.actionable ? { justification: typed } : {}),
      },
    };
  }
  const result: ReviewResult = action === 'approve' ? 'Approve' : 'Deny';
  if (typed !== null) return { decide: { itemId: item.id, result, justification: typed } };
  const remembered = prefs.oneClick ? usable(prefs.defaultJustification) : null;
  if (remembered !== null) return { decide: { itemId: item.id, result, justification: remembered } };
  return { openWindow: { itemId: item.id, decision: result, focusJustification: true } };
}

/** Trimmed text within the contract's bounds, or null when there is nothing to use. */
function usable(text: string | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length <= maxJustificationLength) return trimmed;
  let out = '';
  // Cut by code point, counting UTF-16 units as the contract's zod check does.
  for (const ch of trimmed) {
    if (out.length + ch.length > maxJustificationLength) break;
    out += ch;
  }
  return out.trimEnd();
}
