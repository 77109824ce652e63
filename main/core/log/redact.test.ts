import { describe, expect, it } from 'vitest';
import { isSensitiveKey, REDACTED, redactSecrets, redactText, redactValue } from './redact';

const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjMiLCJ1cG4iOiJhQGIuY29tIn0.c2lnbmF0dXJlLXBhcnQ';

describe('redactSecrets (error texts people read)', () => {
  it('removes the given secret wherever it appears, and token shapes, but keeps addresses', () => {
    const token = 'opaque-access-token-1234';
    const out = redactSecrets(`invalid header value "x${token}y" for ada@contoso.com; also ${jwt} and Bearer 1.AbCdEfGhIjKl`, [token]);
    expect(out).toBe(`invalid header value "x${REDACTED}y" for ada@contoso.com; also [redacted-jwt] and Bearer ${REDACTED}`);
  });

  it('leaves secrets too short to tell from words alone, and plain text as it is', () => {
    expect(redactSecrets('Could not get an access token', ['tok'])).toBe('Could not get an access token');
    expect(redactSecrets("Request doesn't allow Self-Approval")).toBe("Request doesn't allow Self-Approval");
  });
});

describe('redactText', () => {
  it.each([
    ['a JWT', `token is ${jwt} ok`, jwt],
    ['a JWT header alone / client_info', 'client info eyJ1aWQiOiIxMjMiLCJ1dGlkIjoiNDU2In0', 'eyJ1aWQiOiIxMjMiLCJ1dGlkIjoiNDU2In0'],
    ['a bearer value', 'sent Bearer 1.AbCdEfGhIjKlMnOp', '1.AbCdEfGhIjKlMnOp'],
    ['an Authorization header', 'headers: Authorization: Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
    ['an Authorization header as JSON', '{"authorization":"Negotiate YIIabc123"}', 'YIIabc123'],
    ['an OAuth code in a URL', 'http://127.0.0.1:5000/?code=0.AXYZabc123&state=s1', '0.AXYZabc123'],
    ['a refresh token in JSON', '{"refresh_token":"1.ARrefresh-secret"}', '1.ARrefresh-secret'],
    ['a client secret', 'client_secret=Sup3rS3cret~', 'Sup3rS3cret~'],
    ['a justification in JSON text', '{"justification":"INC-4242-fix-prod"}', 'INC-4242-fix-prod'],
    ['an e-mail', 'requested by ada.lovelace@contoso.com today', 'ada.lovelace@contoso.com'],
    ['a guest UPN', 'grace_fabrikam.com#EXT#@contoso.onmicrosoft.com approved', 'grace_fabrikam.com#EXT#@contoso.onmicrosoft.com'],
  ])('removes %s', (_name, text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[redacted/);
  });

  it('keeps harmless text', () => {
    expect(redactText('poll done: 3 items, state=ok, 200 OK')).toBe('poll done: 3 items, state=ok, 200 OK');
  });

  it('does not leak a token cut off by the scan limit', () => {
    const text = `${'x '.repeat(128 * 1024 - 10)}${jwt}${jwt}`;
    const out = redactText(text);
    expect(out).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(out.length).toBeLessThanOrEqual(256 * 1024 + 1);
  });
});

describe('isSensitiveKey', () => {
  it.each(['justification', 'reviewJustification', 'defaultJustification', 'claims', 'code', 'token', 'accessToken', 'refresh_token', 'idToken', 'client_secret', 'Authorization', 'password', 'email', 'upn', 'userPrincipalName', 'preferred_username', 'cookie'])(
    '%s is sensitive',
    (key) => expect(isSensitiveKey(key)).toBe(true),
  );
  it.each(['status', 'kind', 'itemId', 'count', 'message', 'url', 'scope', 'errorCode'])('%s is not', (key) => expect(isSensitiveKey(key)).toBe(false));
});

describe('redactValue', () => {
  it('replaces sensitive keys at any depth and redacts every string', () => {
    const out = redactValue({
      status: 401,
      request: { headers: { Authorization: 'Bearer abc.def.ghi', accept: 'application/json' }, body: { properties: { reviewResult: 'Approve', justification: 'INC-1' } } },
      tokens: [{ accessToken: 'x' }],
      note: `for ${jwt}`,
    });
    expect(out).toEqual({
      status: 401,
      request: { headers: { Authorization: REDACTED, accept: 'application/json' }, body: { properties: { reviewResult: 'Approve', justification: REDACTED } } },
      tokens: REDACTED,
      note: 'for [redacted-jwt]',
    });
  });

  it('survives cycles, depth, huge arrays, errors, throwing getters and odd values', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { deep };
    const hostile = Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('no'); } });
    const out = redactValue({ cyclic, deep, list: Array.from({ length: 100 }, (_, i) => i), error: new Error(`failed for ${jwt}`), hostile, n: NaN, f: () => 1, big: 10n, u: undefined }) as Record<string, unknown>;
    expect((out.cyclic as Record<string, unknown>).self).toBe('[cycle]');
    expect(JSON.stringify(out.deep)).toContain('[too deep]');
    expect((out.list as unknown[]).at(-1)).toBe('[+50 more]');
    expect(out.error).toEqual({ name: 'Error', message: 'failed for [redacted-jwt]' });
    expect(out.hostile).toEqual({ boom: '[unreadable]' });
    expect([out.n, out.f, out.big, out.u]).toEqual(['NaN', '[function]', '10', null]);
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('keeps prototype-pollution keys as plain data', () => {
    const out = redactValue(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
  });

  it('reads Headers and Maps by their entries', () => {
    const headers = new Headers({ authorization: 'Bearer secretvalue123', 'x-ms-request-id': 'r1' });
    expect(redactValue({ headers })).toEqual({ headers: { authorization: REDACTED, 'x-ms-request-id': 'r1' } });
    expect(redactValue(new Map<string, unknown>([['refreshToken', 'r'], ['ok', 1]]))).toEqual({ refreshToken: REDACTED, ok: 1 });
  });
});
