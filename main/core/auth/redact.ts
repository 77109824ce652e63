/**
 * Last-line redaction for text that leaves the auth module (log lines, error messages):
 * JWT-shaped strings, bearer values and OAuth parameters that carry secrets are replaced.
 * A safety net only: callers still must not pass tokens or codes to a logger.
 */

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const SECRET_PARAMS = /\b(code|refresh_token|access_token|id_token|device_code|code_verifier|client_info|user_code|claims|client_secret|assertion|password)(=|":\s*"|:\s*)([^&\s",}]+)/gi;

export function redact(text: string): string {
  return text.replace(JWT, '[redacted-jwt]').replace(BEARER, '$1[redacted]').replace(SECRET_PARAMS, '$1$2[redacted]');
}
