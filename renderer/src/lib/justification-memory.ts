/**
 * Where a justification starts, and what the user typed for each request. A draft belongs to
 * the one request it was typed for and lives in memory for this session only: a draft can
 * hold sensitive text, so it is never written to storage. A request without a draft starts
 * from the user's default template filled from that request, or empty — never from text
 * typed for another request. (An earlier version kept the last text typed in localStorage
 * and offered it on the next request; eraseLegacyMemory removes what it left behind.)
 */
import { fillTemplate, type Filled, type TemplateSource } from './justification-template';

export interface DraftStore {
  get(itemId: string): string | undefined;
  /** Keeps `text` as this request's draft; an empty text or the untouched start forgets it. */
  set(itemId: string, text: string, start: string): void;
  forget(itemId: string): void;
  readonly size: number;
}

/** At most `limit` drafts; the oldest goes first (a session rarely has more than a few). */
export function createDraftStore(limit = 200): DraftStore {
  const drafts = new Map<string, string>();
  return {
    get: (itemId) => drafts.get(itemId),
    set(itemId, text, start) {
      drafts.delete(itemId);
      if (text.trim() === '' || text === start) return;
      drafts.set(itemId, text.slice(0, 2000));
      while (drafts.size > limit) {
        const oldest = drafts.keys().next().value;
        if (oldest === undefined) break;
        drafts.delete(oldest);
      }
    },
    forget: (itemId) => void drafts.delete(itemId),
    get size() {
      return drafts.size;
    },
  };
}

/** This window's drafts: kept across tab switches, gone when the window reloads or the app quits. */
export const sessionDrafts: DraftStore = createDraftStore();

/** The text a request's justification starts from, before any draft: its filled template, or empty. */
export function templateStart(item: TemplateSource, template: string | undefined): Filled {
  if (!template?.trim()) return { text: '', missing: [] };
  return fillTemplate(template, item);
}

/** The request's own draft when there is one, else its filled template, else empty. */
export function startingJustification(item: TemplateSource & { id: string }, template: string | undefined, drafts: DraftStore): string {
  return drafts.get(item.id) ?? templateStart(item, template).text;
}

const LEGACY_KEY = 'pim.lastJustification';

/** Removes the last-typed justification the earlier version kept across restarts. Best effort. */
export function eraseLegacyMemory(storage: Pick<Storage, 'removeItem'> | null = safeStorage()): void {
  try {
    storage?.removeItem(LEGACY_KEY);
  } catch {
    // Storage can be unavailable; then nothing was kept there either.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
