import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ARM_SCOPE, entraHarness, type EntraHarness } from '../../../test/fakes/entra/harness';
import { jwtPayload } from '../../../test/fakes/entra/fake-entra';
import type { ArmResult } from '../arm/types';
import { decodeClaimsChallenge, withClaimsStepUp } from './claims';

const STEP_UP = { access_token: { acrs: { essential: true, value: 'c1' } } };
const STEP_UP_B64 = Buffer.from(JSON.stringify(STEP_UP)).toString('base64');

describe('decodeClaimsChallenge', () => {
  test('accepts base64, base64url and JSON; rejects junk', () => {
    expect(decodeClaimsChallenge(STEP_UP_B64)).toBe(JSON.stringify(STEP_UP));
    expect(decodeClaimsChallenge(Buffer.from(JSON.stringify(STEP_UP)).toString('base64url'))).toBe(JSON.stringify(STEP_UP));
    expect(decodeClaimsChallenge(JSON.stringify(STEP_UP))).toBe(JSON.stringify(STEP_UP));
    expect(decodeClaimsChallenge('')).toBeNull();
    expect(decodeClaimsChallenge('not claims')).toBeNull();
    expect(decodeClaimsChallenge(Buffer.from('[1]').toString('base64'))).toBeNull();
  });
});

/** A tiny ARM stand-in: answers 401 with a claims challenge unless the token carries `acrs`. */
async function startArm(opts: { alwaysChallenge?: boolean } = {}) {
  const seen: { acrs: unknown }[] = [];
  const server = http.createServer((req, res) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const acrs = jwtPayload(token).acrs;
    seen.push({ acrs });
    if (opts.alwaysChallenge || !acrs) {
      res.writeHead(401, {
        'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${STEP_UP_B64}"`,
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Claims challenge' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ decided: true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/decide`;
  // What the ARM client does with the answer (simplified): 401 + claims → unauthorized with claims.
  const call = async (token: string): Promise<ArmResult<{ decided: boolean }>> => {
    const res = await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
    const meta = { status: res.status, clientRequestId: 'test', requestId: null, correlationId: null };
    if (res.status === 401) {
      const claims = /claims="([^"]*)"/.exec(res.headers.get('www-authenticate') ?? '')?.[1];
      return { ok: false, error: { kind: 'unauthorized', message: 'Claims challenge', status: 401, ...(claims ? { claims } : {}), meta } };
    }
    return { ok: true, value: (await res.json()) as { decided: boolean }, meta };
  };
  return { seen, call, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let h: EntraHarness;
let arm: Awaited<ReturnType<typeof startArm>>;
describe('withClaimsStepUp against real MSAL and the fake Entra', () => {
  beforeEach(async () => {
    h = await entraHarness();
    arm = await startArm();
  });
  afterEach(async () => {
    await arm.close();
    await h.close();
  });

  test('a claims challenge leads to one interactive step-up and one retry', async () => {
    const auth = h.makeAuth();
    await auth.signIn();
    const result = await withClaimsStepUp(auth, [ARM_SCOPE], arm.call);

    expect(result).toMatchObject({ ok: true, value: { decided: true } });
    expect(arm.seen).toEqual([{ acrs: undefined }, { acrs: ['c1'] }]);
    expect(h.browserVisits).toHaveLength(2); // sign-in, then step-up
    const stepUp = new URL(h.browserVisits[1] ?? '');
    expect(JSON.parse(stepUp.searchParams.get('claims') ?? '{}')).toMatchObject({ access_token: { acrs: { value: 'c1' }, xms_cc: { values: ['cp1'] } } });
    expect(stepUp.searchParams.get('login_hint')).toBe('approver@contoso.example');
    expect(auth.state().status).toBe('signed-in');
  });

  test('a second challenge is returned, not retried again', async () => {
    await arm.close();
    arm = await startArm({ alwaysChallenge: true });
    const auth = h.makeAuth();
    await auth.signIn();
    const result = await withClaimsStepUp(auth, [ARM_SCOPE], arm.call);
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized', claims: STEP_UP_B64 } });
    expect(arm.seen).toHaveLength(2);
  });

  test('a cancelled step-up returns unauthorized and keeps the session', async () => {
    let visits = 0;
    const auth = h.makeAuth({
      openBrowser: async (url) => {
        visits++;
        if (visits === 1) {
          const { followAuthorize } = await import('../../../test/fakes/entra/browser');
          await followAuthorize(url, h.fetch);
        } else {
          setTimeout(() => auth.cancelSignIn(), 20); // the user presses Cancel in the window
        }
      },
    });
    await auth.signIn();
    const result = await withClaimsStepUp(auth, [ARM_SCOPE], arm.call);
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(result.ok ? '' : result.error.message).toMatch(/fresh sign-in.*cancelled/);
    expect(arm.seen).toHaveLength(1);
    expect(auth.state().status).toBe('signed-in');
  });
});
