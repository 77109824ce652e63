/**
 * Reads the caller's object id (`oid`) from an access token's payload, without verifying
 * it: ARM verifies the token; we only need to recognise our own review on a stage.
 * Never logs or returns the token itself.
 */
export function objectIdFromToken(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof claims !== 'object' || claims === null) return null;
    const oid = (claims as { oid?: unknown }).oid;
    return typeof oid === 'string' && oid ? oid : null;
  } catch {
    return null;
  }
}
