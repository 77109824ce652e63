/**
 * Bulk selection as file managers do it: a click selects one, Ctrl/Cmd-click toggles one,
 * Shift-click selects the range from the anchor. Pure: ids in, ids out, order from the list.
 */

export interface Selection {
  ids: ReadonlySet<string>;
  /** Where a Shift-click range starts. */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export function selectOnly(id: string): Selection {
  return { ids: new Set([id]), anchor: id };
}

export function toggle(sel: Selection, id: string): Selection {
  const ids = new Set(sel.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

export function selectRange(sel: Selection, id: string, order: readonly string[]): Selection {
  const from = sel.anchor === null ? -1 : order.indexOf(sel.anchor);
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return selectOnly(id);
  const [lo, hi] = from < to ? [from, to] : [to, from];
  return { ids: new Set(order.slice(lo, hi + 1)), anchor: sel.anchor };
}

export function clickSelect(sel: Selection, id: string, mods: { shift: boolean; toggle: boolean }, order: readonly string[]): Selection {
  if (mods.shift) return selectRange(sel, id, order);
  if (mods.toggle) return toggle(sel, id);
  return selectOnly(id);
}

export function selectAll(order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null };
}

/** Drops ids no longer shown (decided, filtered out), keeping the list's order. */
export function visibleSelection(sel: Selection, order: readonly string[]): string[] {
  return order.filter((id) => sel.ids.has(id));
}
