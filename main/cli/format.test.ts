import { describe, expect, it } from 'vitest';
import { errorLine, shortId, table, timeLeft } from './format';

describe('format', () => {
  const now = Date.parse('2026-01-05T12:00:00Z');
  it.each([
    ['2026-01-05T15:12:30Z', '3 h 12 min'],
    ['2026-01-05T12:45:00Z', '45 min'],
    ['2026-01-05T12:00:30Z', '0 min'],
    ['2026-01-05T12:00:00Z', 'time up'],
    ['2026-01-04T12:00:00Z', 'time up'],
    ['garbage', 'unknown'],
  ])('time left until %s is %s', (at, text) => {
    expect(timeLeft(at, now)).toBe(text);
  });

  it('pads columns except the last', () => {
    expect(table(['A', 'BB'], [['xxx', 'y']])).toBe('A    BB\nxxx  y\n');
  });

  it('short ids are the first 8 characters', () => {
    expect(shortId('0123456789abcdef')).toBe('01234567');
  });

  it('error lines are inert and carry code and client request id', () => {
    expect(errorLine({ kind: 'http', message: 'bad\u001b[31m thing\n', code: 'C', meta: { status: 400, clientRequestId: 'id-1', requestId: null, correlationId: null } })).toBe(
      'pim-approvals: bad thing  (code C; client request id id-1)\n',
    );
  });
});
