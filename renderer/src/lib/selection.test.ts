import { describe, expect, it } from 'vitest';
import { clickSelect, EMPTY_SELECTION, selectAll, selectOnly, visibleSelection } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

describe('selection', () => {
  it('a plain click selects one', () => {
    expect(ids(clickSelect(selectAll(order), 'c', { shift: false, toggle: false }, order))).toEqual(['c']);
  });
  it('ctrl/cmd-click toggles', () => {
    const s = clickSelect(selectOnly('a'), 'c', { shift: false, toggle: true }, order);
    expect(ids(s)).toEqual(['a', 'c']);
    expect(ids(clickSelect(s, 'a', { shift: false, toggle: true }, order))).toEqual(['c']);
  });
  it('shift-click selects the range from the anchor, either direction', () => {
    expect(ids(clickSelect(selectOnly('b'), 'd', { shift: true, toggle: false }, order))).toEqual(['b', 'c', 'd']);
    expect(ids(clickSelect(selectOnly('d'), 'a', { shift: true, toggle: false }, order))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(clickSelect(EMPTY_SELECTION, 'd', { shift: true, toggle: false }, order))).toEqual(['d']);
  });
  it('keeps only what is still shown, in list order', () => {
    expect(visibleSelection({ ids: new Set(['e', 'zz', 'a']), anchor: null }, order)).toEqual(['a', 'e']);
  });
});
