/**
 * The short IDs the CLI shows: the start of each request's name (its GUID), long enough to
 * name one request among those listed together, as git shortens hashes. `show`, `approve`
 * and `deny` take any unique prefix of a request name, so a short ID from a table works
 * there as typed. Pure.
 */

export const SHORT_ID_LENGTH = 8;

/** The short form of one name, when it is not listed beside others. */
export function shortId(name: string): string {
  return name.slice(0, SHORT_ID_LENGTH);
}

/**
 * name → its shortest prefix (at least SHORT_ID_LENGTH) that no other listed name starts
 * with, compared without letter case as lookups are. Two names that are the same (or one a
 * prefix of the other) get the whole name.
 */
export function uniqueShortIds(names: readonly string[]): Map<string, string> {
  const lower = [...new Set(names)].map((n) => ({ name: n, key: n.toLowerCase() })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const common = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  const ids = new Map<string, string>();
  lower.forEach(({ name, key }, i) => {
    // In sorted order, the names sharing the longest prefix with this one are its neighbours.
    const shared = Math.max(i > 0 ? common(key, lower[i - 1]?.key ?? '') : 0, i < lower.length - 1 ? common(key, lower[i + 1]?.key ?? '') : 0);
    ids.set(name, name.slice(0, Math.max(SHORT_ID_LENGTH, shared + 1)));
  });
  return ids;
}
