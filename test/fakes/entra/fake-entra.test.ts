import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { jwtPayload, startFakeEntra, type FakeEntra } from './fake-entra';
import { httpsFetch } from './https-fetch';

// The fake's own contract, so a real-MSAL test failure points at our code, not the fake.
const clientId = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
let fake: FakeEntra;
let get: ReturnType<typeof httpsFetch>;
beforeEach(async () => {
  fake = await startFakeEntra({ clientId });
  get = httpsFetch(fake.ca);
});
afterEach(async () => {
  await fake.close();
});

const post = (path: string, form: Record<string, string>) =>
  get(`${fake.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

async function authorize(verifier: string): Promise<string> {
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: 'http://localhost:1234', code_challenge: challenge, code_challenge_method: 'S256', state: 's1', scope: 'openid' });
  const res = await get(`${fake.origin}/organizations/oauth2/v2.0/authorize?${q}`, { method: 'GET', headers: {} });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('s1');
  return location.searchParams.get('code') ?? '';
}

test('discovery document has what MSAL checks', async () => {
  const res = await get(`${fake.origin}/organizations/v2.0/.well-known/openid-configuration`, { method: 'GET', headers: {} });
  const doc = (await res.json()) as Record<string, string>;
  expect(doc).toMatchObject({ token_endpoint: `${fake.origin}/organizations/oauth2/v2.0/token`, issuer: `${fake.origin}/{tenantid}/v2.0` });
  expect(doc.jwks_uri).toBeTruthy();
});

test('PKCE: a wrong verifier is refused, the right one works once', async () => {
  const verifier = randomBytes(32).toString('base64url');
  const code = await authorize(verifier);
  const base = { client_id: clientId, grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:1234', scope: 'openid' };
  const wrong = await post('/organizations/oauth2/v2.0/token', { ...base, code_verifier: 'nope' });
  expect(wrong.status).toBe(400);
  expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
  const right = await post('/organizations/oauth2/v2.0/token', { ...base, code_verifier: verifier });
  expect(right.status).toBe(200);
  expect(await right.json()).toMatchObject({ token_type: 'Bearer', client_info: expect.any(String), id_token: expect.any(String) });
  expect((await post('/organizations/oauth2/v2.0/token', { ...base, code_verifier: verifier })).status).toBe(400); // used
});

test('refresh tokens rotate and can be expired', async () => {
  const verifier = randomBytes(32).toString('base64url');
  const code = await authorize(verifier);
  await post('/organizations/oauth2/v2.0/token', { client_id: clientId, grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: 'http://localhost:1234' });
  const rt = fake.issued.refreshTokens[0] ?? '';
  const refresh = (token: string) => post('/organizations/oauth2/v2.0/token', { client_id: clientId, grant_type: 'refresh_token', refresh_token: token, scope: 'https://management.azure.com/.default' });
  expect((await refresh(rt)).status).toBe(200);
  expect((await refresh(rt)).status).toBe(400); // rotated
  fake.expireRefreshTokens();
  expect(await (await refresh(fake.issued.refreshTokens[1] ?? '')).json()).toMatchObject({ error: 'invalid_grant', error_codes: [700082] });
});

test('network down drops connections', async () => {
  fake.setNetworkDown(true);
  await expect(get(`${fake.origin}/organizations/v2.0/.well-known/openid-configuration`, { method: 'GET', headers: {} })).rejects.toThrow();
  fake.setNetworkDown(false);
  expect((await get(`${fake.origin}/organizations/v2.0/.well-known/openid-configuration`, { method: 'GET', headers: {} })).status).toBe(200);
});

test('unconsented scopes answer invalid_grant / consent_required / 65001 like Entra; the refresh token survives', async () => {
  const graph = 'https://graph.microsoft.com/RoleAssignmentSchedule.ReadWrite.Directory';
  const verifier = randomBytes(32).toString('base64url');
  const code = await authorize(verifier);
  await post('/organizations/oauth2/v2.0/token', { client_id: clientId, grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: 'http://localhost:1234', scope: 'https://management.azure.com/.default openid offline_access' });
  const rt = fake.issued.refreshTokens[0] ?? '';
  const refresh = (scope: string) => post('/organizations/oauth2/v2.0/token', { client_id: clientId, grant_type: 'refresh_token', refresh_token: rt, scope: `${scope} openid profile offline_access` });
  fake.setUnconsentedScopes([graph.toUpperCase()]); // scopes compare case-insensitively

  const refused = await refresh(graph);

  expect(refused.status).toBe(400);
  const body = (await refused.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ error: 'invalid_grant', suberror: 'consent_required', error_codes: [65001], trace_id: expect.any(String), correlation_id: expect.any(String), timestamp: expect.any(String) });
  expect(body.error_description).toMatch(new RegExp(`^AADSTS65001: The user or administrator has not consented to use the application with ID '${clientId}'.* Trace ID: ${String(body.trace_id)} Correlation ID: ${String(body.correlation_id)} Timestamp: `));

  fake.setUnconsentedScopes([]);
  const granted = await refresh(graph); // the same refresh token: a refusal does not rotate it
  expect(granted.status).toBe(200);
  const token = (await granted.json()) as { access_token: string; scope: string };
  expect(jwtPayload(token.access_token)).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'RoleAssignmentSchedule.ReadWrite.Directory' });
  expect(token.scope).toBe(graph);
});
