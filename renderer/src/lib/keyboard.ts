/**
 * The queue's shortcuts (ux.md): j/k move, Enter open, a/d decide, / search, Esc close,
 * Ctrl/Cmd+R check now, x or Space select for bulk. Pure mapping from a key to a command so
 * the rules (e.g. letters do nothing while typing) are tested without a browser.
 */

export type Command = 'next' | 'previous' | 'open' | 'close' | 'approve' | 'deny' | 'search' | 'refresh' | 'toggle-select' | 'first' | 'last';

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** Focus is in a text field, select or textarea. */
  typing: boolean;
}

export function commandFor(k: KeyInput): Command | null {
  if ((k.ctrlKey || k.metaKey) && !k.altKey && k.key.toLowerCase() === 'r') return 'refresh';
  if (k.key === 'Escape') return 'close';
  if (k.typing || k.ctrlKey || k.metaKey || k.altKey) return null;
  switch (k.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Enter':
      return 'open';
    case 'a':
      return 'approve';
    case 'd':
      return 'deny';
    case '/':
      return 'search';
    case 'x':
    case ' ':
      return 'toggle-select';
    default:
      return null;
  }
}

/** True when the event target takes text, so letters must reach it untouched. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}
