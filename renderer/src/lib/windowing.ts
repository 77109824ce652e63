/**
 * The arithmetic of a fixed-row-height virtual list: which rows to render for a scroll
 * position, and where to scroll so a row is fully visible. Pure, so it is tested directly.
 */

export interface RowWindow {
  start: number;
  /** Exclusive. */
  end: number;
}

export function visibleRows(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 4): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  // Before the viewport is measured (0), render a screenful so the first paint is not empty.
  const shown = Math.ceil((viewport > 0 ? viewport : 640) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const end = Math.min(count, first + shown + overscan);
  return { start, end };
}

/** The scrollTop that brings row `index` fully into view, or null if it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewport: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return Math.max(0, bottom - viewport);
  return null;
}
