/**
 * The one redaction layer every log line passes through (main/core/log/logger.ts) and that
 * auth uses on error messages. Two passes:
 *   - by key: a field whose name says it holds a secret, a justification or a person's
 *     address is replaced whole, whatever its value (`justification`, `*Token*`, `code`…);
 *   - by shape: inside any remaining text, JWTs and other `eyJ…` blobs, bearer values,
 *     `Authorization:` headers, OAuth parameters and e-mail addresses / UPNs are replaced.
 * A safety net only: callers still must not log tokens, codes or justifications. Pure;
 * never throws (cycles, getters that throw and odd objects come out as placeholders).
 */

export const REDACTED = '[redacted]';

/** Field names whose values are never logged. `token` anywhere in the name covers access/refresh/id tokens. */
const SENSITIVE_KEY = /token|justification|secret|password|passwd|authorization|cookie|assertion|verifier|credential|private.?key|^code$|^claims$|^upn$|e-?mail|^mail$|username|userprincipalname|^otp$/i;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** Base64url JSON that is not a JWT (client_info, a JWT's header alone, a cut-off token). */
const JSON_BLOB = /\beyJ[A-Za-z0-9_-]{12,}={0,2}/g;
/** `Authorization: <scheme> <value>` (a header dumped as text) — the whole value goes. */
const AUTH_HEADER = /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const SECRET_PARAMS =
  /\b(code|refresh_token|access_token|id_token|device_code|code_verifier|client_info|user_code|claims|client_secret|client_assertion|assertion|password|token|justification|reviewJustification|session_state)(=|":\s*"|'?:\s*'|:\s*)([^&\s",'}]+)/gi;
/** An e-mail address or a UPN, guest UPNs (`alice_contoso.com#EXT#@tenant…`) included. */
const EMAIL = /[A-Za-z0-9._%+#'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Longest text redacted as a whole; beyond it the tail is dropped first (see redactText). */
const MAX_SCAN = 256 * 1024;

/** Replaces every secret-shaped piece of `text`. */
export function redactText(text: string): string {
  let scanned = text;
  if (scanned.length > MAX_SCAN) {
    // Cut, then drop a token-like run at the cut: half a JWT no longer looks like one.
    scanned = `${scanned.slice(0, MAX_SCAN).replace(/[A-Za-z0-9._~+/=-]+$/, '')}…`;
  }
  return scanned
    .replace(JWT, '[redacted-jwt]')
    .replace(JSON_BLOB, '[redacted-blob]')
    .replace(AUTH_HEADER, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(SECRET_PARAMS, `$1$2${REDACTED}`)
    .replace(EMAIL, '[redacted-email]');
}

/** Shortest secret removed by its literal text; shorter strings would eat ordinary words. */
const MIN_LITERAL_SECRET = 8;

/**
 * For error texts a person reads (an HTTP failure, a server's message): removes the given
 * secrets (e.g. the token the call used) wherever they appear, then anything shaped like a
 * token — JWTs, `eyJ…` blobs, bearer values, Authorization headers. Unlike redactText it
 * keeps e-mail addresses and query words, which such messages need to be useful.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_LITERAL_SECRET) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(JWT, '[redacted-jwt]')
    .replace(JSON_BLOB, '[redacted-blob]')
    .replace(AUTH_HEADER, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`);
}

export interface RedactLimits {
  /** How deep objects are followed; deeper values become a placeholder. */
  maxDepth: number;
  /** Array items and object keys kept per level. */
  maxEntries: number;
}

const DEFAULT_LIMITS: RedactLimits = { maxDepth: 6, maxEntries: 50 };

/**
 * A JSON-safe copy of `value` with sensitive keys replaced and every string redacted.
 * Errors keep their name and message; functions, symbols and cycles become placeholders.
 */
export function redactValue(value: unknown, limits: RedactLimits = DEFAULT_LIMITS): unknown {
  return walk(value, 0, new WeakSet(), limits);
}

function walk(value: unknown, depth: number, seen: WeakSet<object>, limits: RedactLimits): unknown {
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'function':
      return '[function]';
    case 'symbol':
      return '[symbol]';
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return '[cycle]';
  if (depth >= limits.maxDepth) return '[too deep]';
  seen.add(object);
  try {
    if (object instanceof Error) {
      const cause = (object as Error & { cause?: unknown }).cause;
      return {
        name: redactText(object.name),
        message: redactText(object.message),
        ...(cause !== undefined ? { cause: walk(cause, depth + 1, seen, limits) } : {}),
      };
    }
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    if (Array.isArray(object)) {
      const items = object.slice(0, limits.maxEntries).map((item) => walk(item, depth + 1, seen, limits));
      if (object.length > limits.maxEntries) items.push(`[+${object.length - limits.maxEntries} more]`);
      return items;
    }
    if (object instanceof Map) return walk(Object.fromEntries(object), depth, seen, limits);
    // Headers, URLSearchParams and friends: their entries are what matters.
    const withEntries = object as { entries?: () => Iterable<[string, unknown]> };
    if (typeof withEntries.entries === 'function' && Symbol.iterator in object) {
      try {
        return walk(Object.fromEntries(withEntries.entries()), depth, seen, limits);
      } catch {
        return '[unreadable]';
      }
    }
    const out: Record<string, unknown> = {};
    const keys = Object.keys(object);
    for (const key of keys.slice(0, limits.maxEntries)) {
      const safeKey = redactText(key);
      let field: unknown;
      try {
        field = (object as Record<string, unknown>)[key];
      } catch {
        field = '[unreadable]';
      }
      // defineProperty: a key named __proto__ stays a plain key, never a prototype.
      Object.defineProperty(out, safeKey, { value: isSensitiveKey(key) ? REDACTED : walk(field, depth + 1, seen, limits), enumerable: true, writable: true, configurable: true });
    }
    if (keys.length > limits.maxEntries) out['…'] = `[+${keys.length - limits.maxEntries} more keys]`;
    return out;
  } finally {
    seen.delete(object);
  }
}
