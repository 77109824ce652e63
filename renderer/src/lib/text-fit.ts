/**
 * Fitting words and tags into one line of a known width without cutting anything mid-word:
 * the reason excerpt keeps whole words and ends with "…"; a row of tags keeps whole tags and
 * sums up the rest as "+N". Pure: the text's width comes from `measure` (the canvas in the
 * window, a character count in tests), so the arithmetic is tested on its own.
 */
export type Measure = (text: string) => number;

/**
 * The longest run of whole words from the start of `text` that fits `width` — with "…" when
 * words were left out. A first word wider than the line is kept whole and left to the
 * cell's own wrapping (it is never cut here).
 */
export function fitWords(text: string, width: number, measure: Measure): string {
  if (width <= 0 || measure(text) <= width) return text;
  const words = text.split(' ');
  let lo = 1;
  let hi = words.length - 1;
  // Binary search on the word count: the widest prefix whose "prefix…" still fits.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${words.slice(0, mid).join(' ')}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${words.slice(0, lo).join(' ').replace(/[\s,.;:–—-]+$/u, '')}…`;
}

/**
 * How many tags, in order, fit on a line of `width`, leaving room for a "+N" tag when some do
 * not. Each tag is `pad` wider than its text; `gap` sits between tags.
 */
export function fitTags(labels: readonly string[], width: number, measure: Measure, pad: number, gap: number): number {
  if (width <= 0) return labels.length;
  const widths = labels.map((l) => measure(l) + pad);
  const total = (n: number) => widths.slice(0, n).reduce((a, b) => a + b, 0) + Math.max(0, n - 1) * gap;
  if (total(labels.length) <= width) return labels.length;
  for (let n = labels.length - 1; n >= 0; n--) {
    const more = measure(`+${labels.length - n}`) + pad;
    if (total(n) + (n > 0 ? gap : 0) + more <= width) return n;
  }
  return 0;
}
