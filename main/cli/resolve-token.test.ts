import { describe, expect, it } from 'vitest';
import { resolveGraphToken, resolveToken, tokenProblem } from './resolve-token';

const request = { cloud: null, scope: null };

describe('tokens from the environment', () => {
  it.each([
    ['a newline', 'abc\ndef'],
    ['a tab', 'abc\tdef'],
    ['a space', 'abc def'],
    ['a carriage return', 'abc\rdef'],
    ['an escape', 'abc\u001b[31mdef'],
    ['a bidi override', 'abc\u202edef'],
    ['a NUL', 'abc\u0000def'],
  ])('refuses one with %s inside, without echoing it', async (_label, inside) => {
    const found = await resolveToken({ ARM_ACCESS_TOKEN: `eyJ0eXAiOiJKV1QifQ.${inside}.sig` }, request);
    expect(found).toEqual({ refused: 'ARM_ACCESS_TOKEN contains whitespace or a control character; it was not used.' });
  });

  it('trims what a shell or file adds around it, and reads whose it is', async () => {
    const payload = Buffer.from(JSON.stringify({ oid: 'AAAA-1', tid: 'TTTT-2' })).toString('base64url');
    const token = `eyJ0eXAiOiJKV1QifQ.${payload}.sig`;
    expect(await resolveToken({ ARM_ACCESS_TOKEN: ` ${token}\n` }, request)).toEqual({ token, source: 'ARM_ACCESS_TOKEN', accountId: 'aaaa-1.tttt-2' });
  });

  it('refuses a character no token has, and checks GRAPH_ACCESS_TOKEN the same way', async () => {
    expect(tokenProblem('ARM_ACCESS_TOKEN', 'abcé')).toBe('ARM_ACCESS_TOKEN contains a character no access token has; it was not used.');
    expect(await resolveGraphToken({ GRAPH_ACCESS_TOKEN: 'a\u0007b', ARM_ACCESS_TOKEN: 'fine' }, request)).toEqual({
      refused: 'GRAPH_ACCESS_TOKEN contains whitespace or a control character; it was not used.',
    });
  });
});
