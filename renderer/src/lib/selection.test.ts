import { describe, expect, it } from 'vitest';
import { applyGesture, EMPTY_SELECTION, gestureFor, hiddenSelected, selectAll, selectRange, toggle, visibleSelection, type Selection } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();
const sel = (...chosen: string[]): Selection => ({ ids: new Set(chosen), anchor: chosen.at(-1) ?? null });

describe('what a click means', () => {
  it('a plain click opens and never chooses', () => {
    expect(gestureFor({ shift: false, toggle: false, onCheckbox: false })).toBe('open');
    // The bug this replaces: opening c while a and b were chosen gave "Approve 3".
    expect(ids(applyGesture(sel('a', 'b'), 'open', 'c', order, 'c'))).toEqual(['a', 'b']);
    expect(ids(applyGesture(EMPTY_SELECTION, 'open', 'c', order, 'c'))).toEqual([]);
  });
  it('the checkbox and Ctrl/Cmd-click toggle one', () => {
    expect(gestureFor({ shift: false, toggle: false, onCheckbox: true })).toBe('toggle');
    expect(gestureFor({ shift: false, toggle: true, onCheckbox: false })).toBe('toggle');
    const s = applyGesture(sel('a'), 'toggle', 'c', order, 'e');
    expect(ids(s)).toEqual(['a', 'c']);
    expect(ids(applyGesture(s, 'toggle', 'a', order, 'e'))).toEqual(['c']);
  });
  it('Shift-click adds the range from the last ticked row, either direction, keeping the rest', () => {
    expect(gestureFor({ shift: true, toggle: true, onCheckbox: true })).toBe('range');
    expect(ids(selectRange(toggle(EMPTY_SELECTION, 'b'), 'd', order))).toEqual(['b', 'c', 'd']);
    expect(ids(selectRange(toggle(EMPTY_SELECTION, 'd'), 'a', order))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(selectRange({ ids: new Set(['e', 'b']), anchor: 'b' }, 'c', order))).toEqual(['b', 'c', 'e']);
  });
  it('before anything is ticked, a range starts at the open request; with neither, it adds one', () => {
    expect(ids(selectRange(EMPTY_SELECTION, 'c', order, 'a'))).toEqual(['a', 'b', 'c']);
    expect(ids(selectRange(EMPTY_SELECTION, 'd', order, null))).toEqual(['d']);
    expect(ids(selectRange(EMPTY_SELECTION, 'zz', order, 'a'))).toEqual([]);
  });
});

describe('select all and what is shown', () => {
  it('selects exactly what the filter shows', () => {
    expect(ids(selectAll(['b', 'd']))).toEqual(['b', 'd']);
  });
  it('keeps only what is still shown, in list order', () => {
    expect(visibleSelection({ ids: new Set(['e', 'zz', 'a']), anchor: null }, order)).toEqual(['a', 'e']);
  });
  it('counts chosen requests still waiting that the filter hides, not those gone', () => {
    expect(hiddenSelected(sel('a', 'c', 'gone'), ['a', 'b'], order)).toBe(1);
    expect(hiddenSelected(EMPTY_SELECTION, ['a'], order)).toBe(0);
  });
});
