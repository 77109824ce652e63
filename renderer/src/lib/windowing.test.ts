import { describe, expect, it } from 'vitest';
import { scrollToReveal, visibleRows } from './windowing';

describe('visibleRows', () => {
  it('renders the viewport plus overscan, clamped to the list', () => {
    expect(visibleRows(0, 400, 80, 1000, 2)).toEqual({ start: 0, end: 8 });
    expect(visibleRows(8000, 400, 80, 1000, 2)).toEqual({ start: 98, end: 108 });
    expect(visibleRows(80_000, 400, 80, 1000, 2)).toEqual({ start: 997, end: 1000 });
  });
  it('renders a screenful before the viewport is measured, nothing for an empty list', () => {
    expect(visibleRows(0, 0, 80, 1000, 0).end).toBeGreaterThan(0);
    expect(visibleRows(0, 400, 80, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls only when the row is not fully visible', () => {
    expect(scrollToReveal(2, 0, 400, 80)).toBeNull();
    expect(scrollToReveal(5, 0, 400, 80)).toBe(80);
    expect(scrollToReveal(1, 400, 400, 80)).toBe(80);
  });
});
