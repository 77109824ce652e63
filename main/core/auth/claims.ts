/**
 * Claims challenges (pim-api.md: mandatory MFA for ARM writes). ARM answers 401 with
 * `WWW-Authenticate: Bearer … error="insufficient_claims", claims="<base64 JSON>"`; the ARM
 * client puts that value in `ArmError.claims`. Here: decode it, get a stepped-up token
 * (interactive, through Auth.token with claims) and retry the call exactly once.
 */
import type { ArmResult } from '../arm/types';
import type { Auth } from './types';

/** The claims request as JSON text, from base64(url) or JSON as ARM sent it; null if neither. */
export function decodeClaimsChallenge(claims: string): string | null {
  const trimmed = claims.trim();
  if (!trimmed) return null;
  const candidates = [trimmed];
  if (!trimmed.startsWith('{')) candidates.push(Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
  for (const text of candidates) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return JSON.stringify(parsed);
    } catch {
      // try the next form
    }
  }
  return null;
}

/**
 * Runs `call` with a token for `scopes`. If ARM asks for more claims, steps up once and
 * retries once; a second challenge is returned to the caller as is (no loops).
 */
export async function withClaimsStepUp<T>(
  auth: Pick<Auth, 'token'>,
  scopes: string[],
  call: (accessToken: string) => Promise<ArmResult<T>>,
): Promise<ArmResult<T>> {
  const first = await auth.token(scopes);
  if (!first.ok) return { ok: false, error: { kind: 'unauthorized', message: first.error.message } };
  const result = await call(first.value.accessToken);
  if (result.ok || result.error.kind !== 'unauthorized' || !result.error.claims) return result;

  const claims = decodeClaimsChallenge(result.error.claims);
  if (!claims) return result;
  const stepped = await auth.token(scopes, claims);
  if (!stepped.ok) {
    return { ok: false, error: { ...result.error, message: `This action needs a fresh sign-in (for example MFA): ${stepped.error.message}` } };
  }
  return call(stepped.value.accessToken);
}
