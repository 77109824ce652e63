/**
 * routeAction: what a click on a notification means. Pure. A button decides at once only
 * for a request without the High-privilege cue: with a reply typed in the notification
 * (where the OS has one), or with one-click decisions on and a default justification that
 * needs nothing from the request. Everything else — High privilege, no text to use, a
 * template with placeholders only the window fills, a request that cannot be decided here —
 * opens the window on that request with the decision chosen and the justification field
 * focused (a typed reply pre-filled). Never decides without a justification.
 */
import type { QueueItemDto, ReviewResult } from '../model/state';
import { itemIsHighPrivilege } from '../model/privilege';
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

/** What the router needs of a request: whether it can be decided here, and its privilege. */
export type RoutableItem = Pick<QueueItemDto, 'id' | 'actionable' | 'kind' | 'role' | 'scope'>;

/** The default justification's placeholders ({ticket}, {requester}, …) are filled by the window only. */
const PLACEHOLDER = /\{(ticket|requester|role|scope|request)\}/;

export function routeAction(action: NotificationAction, reply: string | undefined, item: RoutableItem | null, prefs: Pick<NotifyPrefs, 'oneClick' | 'defaultJustification' | 'highPrivilegeGroups'>): ActionRoute {
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
  const dialog: ActionRoute = { openWindow: { itemId: item.id, decision: result, focusJustification: true, ...(typed !== null ? { justification: typed } : {}) } };
  // A High-privilege request is always decided in the window, where its cues and details show.
  if (itemIsHighPrivilege(item, prefs.highPrivilegeGroups)) return dialog;
  if (typed !== null) return { decide: { itemId: item.id, result, justification: typed } };
  const template = prefs.oneClick ? usable(prefs.defaultJustification) : null;
  if (template !== null && !PLACEHOLDER.test(template)) return { decide: { itemId: item.id, result, justification: template } };
  return dialog;
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
