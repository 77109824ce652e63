/**
 * The simulator's bearer tokens, one set per audience (ARM and Graph), so a client that
 * sends an ARM token to Graph (or the reverse) gets the 401 the real services give.
 * Tokens are JWT-shaped like Entra ID's (base64url header.payload.signature, the payload
 * carrying `oid`, `tid`, `aud`), so clients can read whose token it is as they do on Azure;
 * the signature part is random and checked by nobody: a token is valid only because this
 * registry issued it (exact lookup). Owns issuing and checking; never logs a token.
 * Each simulated tenant has its own registry, so another tenant's token is `invalid` here.
 */
import { randomBytes } from 'node:crypto';

export type Audience = 'arm' | 'graph';

export interface Caller {
  key: string;
  /** Token carries the MFA claim (passes requireClaimsOnWrite). */
  mfa: boolean;
}

/** Who the token names, as Entra ID's claims do. */
export interface TokenIdentity {
  /** The principal's object id in the tenant. */
  oid: string;
  /** The tenant id. */
  tid: string;
  upn?: string;
  name?: string;
}

export type TokenCheck = { ok: true; caller: Caller } | { ok: false; reason: 'missing' | 'invalid' | 'otherAudience' };

/** The `aud` each audience's tokens carry on Azure (public cloud). */
export const AUDIENCE_URI: Record<Audience, string> = {
  arm: 'https://management.core.windows.net/',
  graph: 'https://graph.microsoft.com',
};

const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export class TokenRegistry {
  private readonly byToken = new Map<string, Caller & { audience: Audience }>();

  issue(audience: Audience, caller: Caller, identity: TokenIdentity): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: 'pim-simulator' };
    const payload = {
      aud: AUDIENCE_URI[audience],
      iss: `https://sts.windows.net/${identity.tid}/`,
      oid: identity.oid,
      tid: identity.tid,
      ...(identity.upn ? { upn: identity.upn } : {}),
      ...(identity.name ? { name: identity.name } : {}),
      amr: caller.mfa ? ['pwd', 'mfa'] : ['pwd'],
      // A unique token id, as Entra ID's `uti`: two tokens of one caller differ.
      uti: randomBytes(12).toString('base64url'),
    };
    const token = `${part(header)}.${part(payload)}.${randomBytes(32).toString('base64url')}`;
    this.byToken.set(token, { ...caller, audience });
    return token;
  }

  /** Makes every token issued to `key` (ARM and Graph, MFA or not) invalid from now on. */
  revoke(key: string): void {
    for (const [token, caller] of this.byToken) if (caller.key === key) this.byToken.delete(token);
  }

  /** Reads `Authorization: Bearer …` and says who calls, or why nobody does. */
  check(authorization: string | undefined, audience: Audience): TokenCheck {
    if (!authorization) return { ok: false, reason: 'missing' };
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const found = token ? this.byToken.get(token) : undefined;
    if (!found) return { ok: false, reason: 'invalid' };
    if (found.audience !== audience) return { ok: false, reason: 'otherAudience' };
    return { ok: true, caller: { key: found.key, mfa: found.mfa } };
  }
}

/**
 * The tenant and principal a bearer token names (`tid`, `oid`), read from its payload without
 * checking it, for the call log: a test can then say which tenant's token for whom reached a
 * tenant, a refused one included. Null when the header holds no JWT-shaped token with both.
 */
export function namedIdentity(authorization: string | undefined): { tid: string; oid: string } | null {
  const payload = authorization ? /^Bearer\s+[^.\s]+\.([^.\s]+)\.\S+$/i.exec(authorization)?.[1] : undefined;
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return null;
    const { tid, oid } = claims as Record<string, unknown>;
    return typeof tid === 'string' && typeof oid === 'string' ? { tid, oid } : null;
  } catch {
    return null;
  }
}
