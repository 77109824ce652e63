import { describe, expect, it } from 'vitest';
import { shortId, uniqueShortIds } from './short-ids';

describe('short IDs', () => {
  it('are eight characters when that names one request', () => {
    const ids = uniqueShortIds(['5dd6cd92-aaaa', 'b0cf5eda-bbbb']);
    expect([...ids.values()]).toEqual(['5dd6cd92', 'b0cf5eda']);
    expect(shortId('5dd6cd92-aaaa')).toBe('5dd6cd92');
  });

  it('grow until no other listed name starts with them, ignoring letter case', () => {
    const ids = uniqueShortIds(['abcdef12-1111', 'ABCDEF12-1199', 'abcdef99-0000']);
    expect(ids.get('abcdef12-1111')).toBe('abcdef12-111');
    expect(ids.get('ABCDEF12-1199')).toBe('ABCDEF12-119');
    expect(ids.get('abcdef99-0000')).toBe('abcdef99');
    for (const [name, id] of ids) {
      const others = [...ids.keys()].filter((n) => n !== name);
      expect(others.some((o) => o.toLowerCase().startsWith(id.toLowerCase()))).toBe(false);
    }
  });

  it('give the whole name when one name is the start of another (an exact name wins over a prefix)', () => {
    const ids = uniqueShortIds(['abcdef12', 'abcdef12-1']);
    expect(ids.get('abcdef12')).toBe('abcdef12');
    expect(ids.get('abcdef12-1')).toBe('abcdef12-');
  });
});
