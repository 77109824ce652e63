import { ClientAuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { expect, test } from 'vitest';
import { classifyAuthError, SignInStoppedError } from './errors';
import { LockTimeoutError } from '../fs/file-lock';
import { redact } from './redact';
import { KeychainUnavailableError } from './secret-store';

test.each([
  [new InteractionRequiredAuthError('interaction_required', ''), 'signed-out'],
  [new ServerError('invalid_grant', '', 'AADSTS700082: expired'), 'signed-out'],
  [new InteractionRequiredAuthError('no_tokens_found', ''), 'signed-out'],
  [new ClientAuthError('network_error', ''), 'offline'],
  [new ClientAuthError('openid_config_error', ''), 'offline'],
  [new ClientAuthError('device_code_polling_cancelled', ''), 'cancelled'],
  [new ServerError('access_denied', ''), 'cancelled'],
  [new SignInStoppedError('timeout'), 'cancelled'],
  [new KeychainUnavailableError(new Error('no bus')), 'keychain-unavailable'],
  [new LockTimeoutError('/x.lock', 10), 'error'],
  [new ServerError('temporarily_unavailable', '', 'try later'), 'error'],
  [new Error('boom'), 'error'],
  ['weird', 'error'],
])('%s → %s', (error, kind) => {
  expect(classifyAuthError(error).kind).toBe(kind);
});

test('redact removes JWTs, bearer values and secret parameters', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjMifQ.c2lnbmF0dXJl';
  const text = redact(`Bearer abcdefghijkl ${jwt} code=0.AXYZ&state=ok {"refresh_token":"1.ABC"} claims={"a":1}`);
  expect(text).not.toContain(jwt);
  expect(text).not.toContain('abcdefghijkl');
  expect(text).not.toContain('0.AXYZ');
  expect(text).not.toContain('1.ABC');
  expect(text).toContain('state=ok');
});
