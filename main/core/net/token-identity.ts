/**
 * Who an access token belongs to, read from its payload without verifying it: Azure
 * verifies the token; we only need to recognise our own review on a stage and to know
 * which account a decision belongs to. The account id has the shape of MSAL's
 * homeAccountId (`{oid}.{tid}`), so the app and the CLI name one person the same way.
 * Never logs or returns the token itself.
 */

/** The payload's claims, or null when the token is not JWT-shaped (opaque, garbled). */
export function tokenClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function stringClaim(claims: Record<string, unknown> | null, name: string): string | null {
  const value = claims?.[name];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** The caller's object id (`oid`). */
export function objectIdFromToken(token: string): string | null {
  return stringClaim(tokenClaims(token), 'oid');
}

/**
 * `${oid}.${tid}` lower-cased: the account a decision made with this token belongs to, or
 * null when the token does not say (then it must not decide: nobody could tell whose it is).
 */
export function accountIdFromToken(token: string): string | null {
  const claims = tokenClaims(token);
  const oid = stringClaim(claims, 'oid');
  const tid = stringClaim(claims, 'tid');
  // A dot inside either part would make two different pairs spell one account id.
  if (!oid || !tid || oid.includes('.') || tid.includes('.')) return null;
  return `${oid}.${tid}`.toLowerCase();
}
