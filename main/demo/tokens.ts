/**
 * The simulator's bearer tokens: opaque random strings, one set per audience (ARM and
 * Graph), so a client that sends an ARM token to Graph (or the reverse) gets the 401 the
 * real services give. Owns issuing and checking; never logs a token.
 */
import { randomBytes } from 'node:crypto';

export type Audience = 'arm' | 'graph';

export interface Caller {
  key: string;
  /** Token carries the MFA claim (passes requireClaimsOnWrite). */
  mfa: boolean;
}

export type TokenCheck = { ok: true; caller: Caller } | { ok: false; reason: 'missing' | 'invalid' | 'otherAudience' };

export class TokenRegistry {
  private readonly byToken = new Map<string, Caller & { audience: Audience }>();

  issue(audience: Audience, caller: Caller): string {
    const token = `sim.${audience === 'graph' ? 'graph.' : ''}${caller.key}${caller.mfa ? '.mfa' : ''}.${randomBytes(16).toString('base64url')}`;
    this.byToken.set(token, { ...caller, audience });
    return token;
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
