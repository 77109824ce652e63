/**
 * Remembers the last justification typed, so the next decision starts from it. The user's
 * chosen default lives in main's settings instead (settings.defaultJustification); this is
 * only a convenience and may fail silently (storage disabled, quota).
 */
const KEY = 'pim.lastJustification';

export function lastJustification(storage: Pick<Storage, 'getItem'> | null = safeStorage()): string {
  try {
    return storage?.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberJustification(text: string, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, text.slice(0, 2000));
  } catch {
    // Storage can be unavailable; forgetting a convenience is harmless.
  }
}

/** The default wins over the last one typed: it is what the user asked for. */
export function initialJustification(defaultJustification: string | undefined, last: string): string {
  return defaultJustification?.trim() ? defaultJustification : last;
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
