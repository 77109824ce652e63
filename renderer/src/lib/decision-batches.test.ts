import { describe, expect, it } from 'vitest';
import { batchesByText } from './decision-batches';

describe('batches by text', () => {
  it('sends each text once with the requests it belongs to, in order', () => {
    const batches = batchesByText([
      { item: 'A', justification: 'For CHG1' },
      { item: 'B', justification: 'For CHG2' },
      { item: 'C', justification: 'For CHG1' },
    ]);
    expect(batches).toEqual([
      { justification: 'For CHG1', items: ['A', 'C'] },
      { justification: 'For CHG2', items: ['B'] },
    ]);
    expect(batchesByText([])).toEqual([]);
  });
});
