/** The journal's line format: a checksum over the JSON, checked before the JSON is trusted. */
import { describe, expect, it } from 'vitest';
import { checksum, decodeLine, encodeLine } from './journal-lines';

describe('journal lines', () => {
  it('round-trips a value; the checksum is always 8 hex digits', () => {
    const line = encodeLine({ a: 1 });
    expect(decodeLine(line.slice(0, -1))).toEqual({ ok: true, value: { a: 1 } });
    expect(checksum('')).toBe('00000000');
  });

  it('a line whose checksum matches but whose text is not JSON is refused, never thrown', () => {
    expect(decodeLine(`${checksum('{"a":')} {"a":`)).toEqual({ ok: false, reason: 'not JSON' });
  });
});
