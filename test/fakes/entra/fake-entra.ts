/**
 * A loopback fake of Microsoft Entra ID good enough for real @azure/msal-node: OpenID
 * discovery, authorize (form_post as MSAL 7 requires, or query redirect), token
 * (authorization_code with PKCE, refresh_token with rotation, device_code), devicecode.
 * Honours the `claims` parameter (step-up `acrs`, `xms_cc` capabilities end up in the access
 * token), can expire refresh tokens (→ invalid_grant), refuse scopes the tenant has not
 * consented to (→ invalid_grant / consent_required / AADSTS65001, as Entra answers) and drop
 * every connection ("network down"). Access tokens carry the requested resource as `aud` and
 * its permissions as `scp`, so one account can hold ARM and Graph tokens. Several people: the
 * browser signs in as whoever `signInAs` names (the first user by default), and a person may
 * be a guest in other tenants: a token asked for at `/{thatTenant}/` names the guest object
 * (its own oid, that tid), while client_info keeps naming the home account, as Entra does.
 * Records every request and every secret it issued, so tests can assert
 * on them and grep files and logs for them. Test-only: tokens are unsigned look-alikes.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeSelfSignedCert } from './cert';

export interface FakeUser {
  oid: string;
  tid: string;
  username: string;
  name: string;
  /** Tenants where this person is a guest: their object id there, by tenant id. */
  guestIn?: Record<string, string>;
}

export interface FakeEntraOptions {
  clientId: string;
  user?: Partial<FakeUser>;
  /** Lifetime of issued access tokens. MSAL refreshes any token within 5 min of expiry. */
  accessTokenLifetimeSec?: number;
  deviceCodeIntervalSec?: number;
  /** Scopes (e.g. a Graph permission) no one has consented to: token requests for them fail. */
  unconsentedScopes?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
}

export interface IssuedSecrets {
  accessTokens: string[];
  refreshTokens: string[];
  idTokens: string[];
  authCodes: string[];
  deviceCodes: string[];
  codeVerifiers: string[];
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  claims: string | null;
  used: boolean;
  user: FakeUser;
}

interface RefreshGrant {
  clientId: string;
  scopes: string[];
  valid: boolean;
  user: FakeUser;
}

interface DeviceGrant {
  clientId: string;
  userCode: string;
  scopes: string[];
  claims: string | null;
  approved: boolean;
  redeemed: boolean;
  user: FakeUser;
}

export interface FakeEntra {
  /** https://127.0.0.1:<port> */
  readonly origin: string;
  readonly host: string;
  /** PEM of the self-signed cert: trust it as a CA. */
  readonly ca: string;
  readonly user: FakeUser;
  readonly requests: RecordedRequest[];
  /** Another person in the directory (their own home tenant unless given); returns them. */
  addUser(user: Partial<FakeUser>): FakeUser;
  /** Who the next browser or device-code sign-in is (a user from `user` or addUser). */
  signInAs(user: FakeUser): void;
  readonly issued: IssuedSecrets;
  /** Every refresh token issued so far answers invalid_grant from now on. */
  expireRefreshTokens(): void;
  /** The user "enters the code" for every pending device code. */
  approveDeviceCodes(): void;
  setAccessTokenLifetime(seconds: number): void;
  /**
   * From now on, token requests (any grant) asking for one of `scopes` answer 400
   * invalid_grant / consent_required / AADSTS65001 — the refresh token stays valid, as in
   * Entra. `[]` = an administrator granted consent for everything. Case-insensitive.
   */
  setUnconsentedScopes(scopes: string[]): void;
  /** While down, every connection is dropped without an answer. */
  setNetworkDown(down: boolean): void;
  tokenRequests(grantType?: string): RecordedRequest[];
  close(): Promise<void>;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export async function startFakeEntra(opts: FakeEntraOptions): Promise<FakeEntra> {
  const { key, cert } = makeSelfSignedCert();
  const user: FakeUser = {
    oid: opts.user?.oid ?? randomUUID(),
    tid: opts.user?.tid ?? randomUUID(),
    username: opts.user?.username ?? 'approver@contoso.example',
    name: opts.user?.name ?? 'Avery Approver',
    ...(opts.user?.guestIn ? { guestIn: opts.user.guestIn } : {}),
  };
  const users: FakeUser[] = [user];
  let signingIn = user;
  let accessTokenLifetime = opts.accessTokenLifetimeSec ?? 3600;
  let networkDown = false;
  let unconsented = new Set((opts.unconsentedScopes ?? []).map((s) => s.toLowerCase()));
  const requests: RecordedRequest[] = [];
  const issued: IssuedSecrets = { accessTokens: [], refreshTokens: [], idTokens: [], authCodes: [], deviceCodes: [], codeVerifiers: [] };
  const codes = new Map<string, CodeGrant>();
  const refreshTokens = new Map<string, RefreshGrant>();
  const deviceCodes = new Map<string, DeviceGrant>();
  let origin = '';

  const server = https.createServer({ key, cert }, (req, res) => {
    if (networkDown) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', origin);
      const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) : {};
      const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), form };
      requests.push(record);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json', ...headers });
        res.end(text);
      };
      const segments = url.pathname.split('/').filter(Boolean);
      const tenant = segments[0] ?? '';
      const rest = segments.slice(1).join('/');
      if (req.method === 'GET' && rest === 'v2.0/.well-known/openid-configuration') return send(200, discovery(tenant));
      if (req.method === 'GET' && rest === 'discovery/v2.0/keys') return send(200, { keys: [] });
      if (req.method === 'GET' && rest === 'oauth2/v2.0/authorize') return authorize(record.query, send);
      if (req.method === 'POST' && rest === 'oauth2/v2.0/token') return token(form, send, tenant);
      if (req.method === 'POST' && rest === 'oauth2/v2.0/devicecode') return deviceCode(form, send);
      send(404, { error: 'not_found', error_description: `fake Entra has no ${req.method} ${url.pathname}` });
    });
  });

  function knownTenant(tenant: string): boolean {
    return users.some((u) => u.tid === tenant || Object.hasOwn(u.guestIn ?? {}, tenant));
  }

  /** Who the token names in the tenant the request went to: the guest object there, else the home one. */
  function identityIn(u: FakeUser, tenant: string): { oid: string; tid: string } {
    const guestOid = u.guestIn?.[tenant];
    return guestOid ? { oid: guestOid, tid: tenant } : { oid: u.oid, tid: u.tid };
  }

  function discovery(tenant: string) {
    const base = `${origin}/${tenant}`;
    return {
      issuer: `${origin}/${tenant === 'organizations' || tenant === 'common' ? '{tenantid}' : knownTenant(tenant) ? tenant : user.tid}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'oid', 'tid', 'preferred_username', 'name'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'fake-entra.test',
    };
  }

  type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

  /** Entra's error JSON; the description ends with trace, correlation id and time as Entra's does. */
  function oauthError(send: Send, error: string, description: string, errorCode = 90000, suberror?: string) {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    send(400, {
      error,
      error_description: `AADSTS${errorCode}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [errorCode],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      ...(suberror ? { suberror } : {}),
      error_uri: `${origin}/error?code=${errorCode}`,
    });
  }

  /** True (and the consent error sent) when `scopes` include one nobody has consented to. */
  function refusedConsent(scopes: string[], send: Send): boolean {
    if (!scopes.some((s) => unconsented.has(s.toLowerCase()))) return false;
    const text =
      `The user or administrator has not consented to use the application with ID '${opts.clientId}' named 'PIM Approvals'. ` +
      'Send an interactive authorization request for this user and resource.';
    oauthError(send, 'invalid_grant', text, 65001, 'consent_required');
    return true;
  }

  function authorize(q: Record<string, string>, send: Send) {
    const redirectUri = q.redirect_uri ?? '';
    const loopback = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(redirectUri);
    if (q.client_id !== opts.clientId) return send(400, '<p>AADSTS700016: unknown application</p>');
    if (!loopback) return send(400, '<p>AADSTS50011: redirect URI mismatch</p>');
    if (q.response_type !== 'code' || q.code_challenge_method !== 'S256' || !q.code_challenge) return send(400, '<p>AADSTS9002325: PKCE required</p>');
    const code = `fakecode_${b64url(randomBytes(24))}`;
    issued.authCodes.push(code);
    codes.set(code, { clientId: q.client_id, redirectUri, challenge: q.code_challenge, scopes: splitScopes(q.scope), claims: q.claims ?? null, used: false, user: signingIn });
    const response: Record<string, string> = { code, client_info: clientInfo(signingIn) };
    if (q.state !== undefined) response.state = q.state;
    if (q.response_mode === 'form_post') {
      const inputs = Object.entries(response)
        .map(([n, v]) => `<input type="hidden" name="${escapeHtml(n)}" value="${escapeHtml(v)}" />`)
        .join('');
      return send(200, `<html><body onload="document.forms[0].submit()"><form method="POST" action="${escapeHtml(redirectUri)}">${inputs}</form></body></html>`);
    }
    const target = new URL(redirectUri);
    for (const [n, v] of Object.entries(response)) target.searchParams.set(n, v);
    send(302, '', { location: target.toString() });
  }

  function token(form: Record<string, string>, send: Send, tenant: string) {
    if (form.client_id !== opts.clientId) return oauthError(send, 'unauthorized_client', 'unknown client', 700016);
    switch (form.grant_type) {
      case 'authorization_code': {
        const grant = codes.get(form.code ?? '');
        if (!grant || grant.used) return oauthError(send, 'invalid_grant', 'The provided authorization code is invalid or expired.', 70008);
        if (form.code_verifier) issued.codeVerifiers.push(form.code_verifier);
        if (!form.code_verifier || b64url(createHash('sha256').update(form.code_verifier).digest()) !== grant.challenge) {
          return oauthError(send, 'invalid_grant', 'The code_verifier does not match the code_challenge.', 501481);
        }
        if (form.redirect_uri !== grant.redirectUri) return oauthError(send, 'invalid_grant', 'redirect_uri mismatch', 50011);
        grant.used = true;
        const scopes = splitScopes(form.scope ?? grant.scopes.join(' '));
        if (refusedConsent(scopes, send)) return;
        return send(200, tokenResponse(scopes, form.claims ?? grant.claims, grant.user, tenant));
      }
      case 'refresh_token': {
        const grant = refreshTokens.get(form.refresh_token ?? '');
        if (!grant || !grant.valid) {
          return oauthError(send, 'invalid_grant', 'The refresh token has expired due to inactivity.', 700082);
        }
        // Checked before rotation: a refused scope leaves the refresh token usable.
        if (refusedConsent(splitScopes(form.scope), send)) return;
        grant.valid = false; // rotation: each refresh token is good once
        return send(200, tokenResponse(splitScopes(form.scope), form.claims ?? null, grant.user, tenant));
      }
      case 'urn:ietf:params:oauth:grant-type:device_code':
      case 'device_code': {
        const grant = deviceCodes.get(form.device_code ?? '');
        if (!grant || grant.redeemed) return oauthError(send, 'expired_token', 'device code expired', 70020);
        if (!grant.approved) return oauthError(send, 'authorization_pending', 'The user has not yet completed sign-in.', 70016);
        grant.redeemed = true;
        const scopes = splitScopes(form.scope ?? grant.scopes.join(' '));
        if (refusedConsent(scopes, send)) return;
        return send(200, tokenResponse(scopes, form.claims ?? grant.claims, grant.user, tenant));
      }
      default:
        return oauthError(send, 'unsupported_grant_type', `grant_type ${String(form.grant_type)}`, 70003);
    }
  }

  function deviceCode(form: Record<string, string>, send: Send) {
    if (form.client_id !== opts.clientId) return oauthError(send, 'unauthorized_client', 'unknown client', 700016);
    const device = `fakedevice_${b64url(randomBytes(24))}`;
    const userCode = randomBytes(5).toString('hex').toUpperCase().slice(0, 9);
    issued.deviceCodes.push(device);
    deviceCodes.set(device, { clientId: form.client_id, userCode, scopes: splitScopes(form.scope), claims: form.claims ?? null, approved: false, redeemed: false, user: signingIn });
    const verificationUri = `${origin}/devicelogin`;
    send(200, {
      device_code: device,
      user_code: userCode,
      verification_uri: verificationUri,
      expires_in: 900,
      interval: opts.deviceCodeIntervalSec ?? 1,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    });
  }

  function tokenResponse(requested: string[], claims: string | null, who: FakeUser, tenant: string) {
    const now = Math.floor(Date.now() / 1000);
    const { oid, tid } = identityIn(who, tenant);
    const resourceScopes = requested.filter((s) => !OIDC_SCOPES.has(s));
    const resource = resourceScopes[0]?.replace(/\/+\.default$|\/[^/]+$/, '') ?? 'https://management.azure.com';
    const parsed = parseClaims(claims);
    const accessToken = jwt({
      aud: resource,
      iss: `https://sts.fake-entra.test/${tid}/`,
      iat: now,
      nbf: now,
      exp: now + accessTokenLifetime,
      oid,
      tid,
      upn: who.username,
      scp: delegatedPermissions(resourceScopes),
      jti: b64url(randomBytes(12)),
      ...(parsed.capabilities.length ? { xms_cc: parsed.capabilities } : {}),
      ...(parsed.acrs.length ? { acrs: parsed.acrs } : {}),
    });
    const idToken = jwt({
      aud: opts.clientId,
      iss: `${origin}/${tid}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      oid,
      tid,
      sub: b64url(createHash('sha256').update(oid).digest()),
      preferred_username: who.username,
      name: who.name,
      ver: '2.0',
    });
    const refreshToken = `fakert_${b64url(randomBytes(32))}`;
    refreshTokens.set(refreshToken, { clientId: opts.clientId, scopes: requested, valid: true, user: who });
    issued.accessTokens.push(accessToken);
    issued.idTokens.push(idToken);
    issued.refreshTokens.push(refreshToken);
    return {
      token_type: 'Bearer',
      scope: resourceScopes.join(' '),
      expires_in: accessTokenLifetime,
      ext_expires_in: accessTokenLifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: clientInfo(who),
    };
  }

  /** Always the home account, whichever tenant the token is for (MSAL keys its cache by it). */
  function clientInfo(who: FakeUser): string {
    return b64url(Buffer.from(JSON.stringify({ uid: who.oid, utid: who.tid })));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `https://127.0.0.1:${port}`;

  return {
    origin,
    host: `127.0.0.1:${port}`,
    ca: cert,
    user,
    requests,
    issued,
    addUser(extra) {
      const added: FakeUser = { oid: extra.oid ?? randomUUID(), tid: extra.tid ?? randomUUID(), username: extra.username ?? `person${users.length}@example.test`, name: extra.name ?? `Person ${users.length}`, ...(extra.guestIn ? { guestIn: extra.guestIn } : {}) };
      users.push(added);
      return added;
    },
    signInAs(who) {
      signingIn = who;
    },
    expireRefreshTokens() {
      for (const grant of refreshTokens.values()) grant.valid = false;
    },
    approveDeviceCodes() {
      for (const grant of deviceCodes.values()) grant.approved = true;
    },
    setAccessTokenLifetime(seconds) {
      accessTokenLifetime = seconds;
    },
    setUnconsentedScopes(scopes) {
      unconsented = new Set(scopes.map((s) => s.toLowerCase()));
    },
    setNetworkDown(down) {
      networkDown = down;
      if (down) server.closeAllConnections();
    },
    tokenRequests(grantType) {
      return requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token') && (!grantType || r.form.grant_type === grantType));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The `scp` claim: the permission names of the requested resource ("{resource}/{name}"), or
 * ARM's one delegated permission for a `.default` request.
 */
function delegatedPermissions(resourceScopes: string[]): string {
  const names = resourceScopes.map((s) => /[^/]+$/.exec(s)?.[0] ?? s).filter((n) => n !== '.default');
  return names.length ? names.join(' ') : 'user_impersonation';
}

function splitScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter(Boolean);
}

/** `xms_cc` capabilities and `acrs` step-up values asked for in an OIDC claims request. */
function parseClaims(claims: string | null): { capabilities: string[]; acrs: string[] } {
  if (!claims) return { capabilities: [], acrs: [] };
  try {
    const parsed = JSON.parse(claims) as { access_token?: Record<string, { value?: string; values?: string[] }> };
    const at = parsed.access_token ?? {};
    const list = (c?: { value?: string; values?: string[] }) => [...(c?.values ?? []), ...(c?.value ? [c.value] : [])];
    return { capabilities: list(at.xms_cc), acrs: list(at.acrs) };
  } catch {
    return { capabilities: [], acrs: [] };
  }
}

function jwt(payload: Record<string, unknown>): string {
  const header = { typ: 'JWT', alg: 'RS256', kid: 'fake-entra' };
  return `${b64url(Buffer.from(JSON.stringify(header)))}.${b64url(Buffer.from(JSON.stringify(payload)))}.${b64url(randomBytes(64))}`;
}

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Decodes a JWT payload without verifying it (tests only). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
