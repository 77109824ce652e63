/**
 * Text widths for text-fit.ts, from a canvas with the row's own font (no layout is forced:
 * measureText does not touch the DOM). Widths are cached per string; the cache is small
 * because rows repeat the same tags and a screenful of reasons.
 */
import type { Measure } from './text-fit';

const measures = new Map<string, Measure>();

/** `font` as CSS's font shorthand: "600 13px system-ui, sans-serif". */
export function canvasMeasure(font: string): Measure {
  const known = measures.get(font);
  if (known) return known;
  const context = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  // Without a 2D context (never seen in Chromium), a generous per-character guess.
  const raw: Measure = context ? (text) => context.measureText(text).width : (text) => [...text].length * 9;
  if (context) context.font = font;
  const measure: Measure = (text) => {
    let width = cache.get(text);
    if (width === undefined) {
      if (cache.size > 4000) cache.clear();
      width = raw(text);
      cache.set(text, width);
    }
    return width;
  };
  measures.set(font, measure);
  return measure;
}

/**
 * The page's font family as app.css sets it on :root. A constant, not getComputedStyle: reading
 * computed style while the first rows mount would force a style pass of the whole page.
 */
export const PAGE_FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
