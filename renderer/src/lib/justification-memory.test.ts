import { describe, expect, it } from 'vitest';
import { initialJustification, lastJustification, rememberJustification } from './justification-memory';

describe('justification memory', () => {
  it('round-trips through storage and survives a broken one', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    rememberJustification('Planned change CHG-7', storage);
    expect(lastJustification(storage)).toBe('Planned change CHG-7');
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(lastJustification(broken)).toBe('');
    expect(() => rememberJustification('x', broken)).not.toThrow();
  });
  it('prefers the default the user chose over the last one typed', () => {
    expect(initialJustification('Approved per policy', 'last')).toBe('Approved per policy');
    expect(initialJustification('  ', 'last')).toBe('last');
    expect(initialJustification(undefined, 'last')).toBe('last');
  });
});
