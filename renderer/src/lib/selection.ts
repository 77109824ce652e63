/**
 * What the user chose for a bulk decision. Choosing is separate from opening: a plain click
 * on a row opens it (the cursor), and only a checkbox, Ctrl/Cmd-click, Shift-click, `x` or
 * Space chooses. Moving the cursor never changes the choice. Pure: ids in, ids out, order
 * from the list.
 */

export interface Selection {
  ids: ReadonlySet<string>;
  /** Where a Shift-click range starts: the last request ticked or unticked. */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

/** What a click on a row means. */
export type Gesture = 'open' | 'toggle' | 'range';

export function gestureFor(click: { shift: boolean; toggle: boolean; onCheckbox: boolean }): Gesture {
  if (click.shift) return 'range';
  if (click.toggle || click.onCheckbox) return 'toggle';
  return 'open';
}

export function toggle(sel: Selection, id: string): Selection {
  const ids = new Set(sel.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/**
 * Adds the rows from the anchor (or, before anything was ticked, the open request) to `id`;
 * what was already chosen stays chosen. Without a start in the list, only `id` is added.
 */
export function selectRange(sel: Selection, id: string, order: readonly string[], cursor: string | null = null): Selection {
  const start = sel.anchor ?? cursor;
  const from = start === null ? -1 : order.indexOf(start);
  const to = order.indexOf(id);
  const ids = new Set(sel.ids);
  if (to < 0) return sel;
  if (from < 0) {
    ids.add(id);
    return { ids, anchor: id };
  }
  const [lo, hi] = from < to ? [from, to] : [to, from];
  for (const rowId of order.slice(lo, hi + 1)) ids.add(rowId);
  return { ids, anchor: start };
}

/** A click's effect on the choice; 'open' leaves it exactly as it was. */
export function applyGesture(sel: Selection, gesture: Gesture, id: string, order: readonly string[], cursor: string | null): Selection {
  switch (gesture) {
    case 'open':
      return sel;
    case 'toggle':
      return toggle(sel, id);
    case 'range':
      return selectRange(sel, id, order, cursor);
  }
}

/** "Select all shown": exactly what the filter shows now, nothing hidden by it. */
export function selectAll(order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null };
}

/** Drops ids no longer shown (decided, filtered out), keeping the list's order. */
export function visibleSelection(sel: Selection, order: readonly string[]): string[] {
  return order.filter((id) => sel.ids.has(id));
}

/** Chosen requests still waiting that the filter now hides: they are not part of a bulk decision. */
export function hiddenSelected(sel: Selection, shown: readonly string[], waiting: readonly string[]): number {
  if (sel.ids.size === 0) return 0;
  const visible = new Set(shown);
  return waiting.filter((id) => sel.ids.has(id) && !visible.has(id)).length;
}
