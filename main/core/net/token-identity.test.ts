import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { accountIdFromToken, objectIdFromToken, tokenClaims } from './token-identity';

const jwt = (claims: unknown) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('token identity', () => {
  it('is `${oid}.${tid}` lower-cased, the shape of MSAL’s homeAccountId', () => {
    expect(accountIdFromToken(jwt({ oid: 'AB-12', tid: 'CD-34' }))).toBe('ab-12.cd-34');
    expect(objectIdFromToken(jwt({ oid: 'AB-12' }))).toBe('AB-12');
  });

  it.each([
    ['no tid', jwt({ oid: 'a' })],
    ['no oid', jwt({ tid: 't' })],
    ['a dot inside a claim', jwt({ oid: 'a.b', tid: 't' })],
    ['an opaque token', 'opaque-token'],
    ['a payload that is not JSON', 'x.bm90IGpzb24.y'],
    ['a JSON array payload', jwt(['oid', 'tid'])],
  ])('says nobody for %s', (_label, token) => {
    expect(accountIdFromToken(token)).toBeNull();
  });

  describe("the simulator's tokens", () => {
    let s: RunningSimulator;
    beforeAll(async () => {
      s = await startSimulator({ scenario: 'quiet' });
    });
    afterAll(async () => {
      await s.close();
    });

    it('carry the principal’s oid, the tenant id and their audience', () => {
      for (const key of ['me', 'approver2']) {
        const id = s.principals[key]?.id ?? '';
        expect(accountIdFromToken(s.tokens[key] ?? '')).toBe(`${id}.${s.tenantId}`.toLowerCase());
        expect(accountIdFromToken(s.graphTokens[key] ?? '')).toBe(`${id}.${s.tenantId}`.toLowerCase());
      }
      expect(tokenClaims(s.tokens.me)).toMatchObject({ aud: 'https://management.core.windows.net/', amr: ['pwd'] });
      expect(tokenClaims(s.tokens.meMfa ?? '')).toMatchObject({ amr: ['pwd', 'mfa'] });
      expect(tokenClaims(s.graphTokens.me)).toMatchObject({ aud: 'https://graph.microsoft.com' });
    });

    it('are checked by exact lookup: the same claims with another signature are refused (401)', async () => {
      const [header, payload] = s.tokens.me.split('.');
      const forged = `${header}.${payload}.bm90LXRoZS1zaWduYXR1cmU`;
      const list = `${s.url}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?api-version=2020-10-01&$filter=asApprover()`;
      expect((await fetch(list, { headers: { Authorization: `Bearer ${forged}` } })).status).toBe(401);
      expect((await fetch(list, { headers: { Authorization: `Bearer ${s.tokens.me}` } })).status).toBe(200);
    });
  });
});
