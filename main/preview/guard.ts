/**
 * Who may use the browser preview: whoever shows the per-run secret, once as `?secret=` and
 * then as an HttpOnly cookie, from a loopback Host and, for the bridge, from our own page's
 * Origin. Pure checks over request headers; server.ts decides what a refusal looks like.
 * Must never compare secrets with `===` (timing) nor accept a missing secret.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHostHeader } from '../core/net/loopback';

export const PREVIEW_COOKIE = 'pim_preview';

export function sameSecret(given: string | undefined | null, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieSecret(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === PREVIEW_COOKIE) return rest.join('=');
  }
  return null;
}

export function hasSessionCookie(req: IncomingMessage, secret: string): boolean {
  return sameSecret(cookieSecret(req), secret);
}

/**
 * A test-control POST: our cookie, and no Origin but ours. Tools (curl, Playwright's request
 * context) send no Origin; a page on another origin always does.
 */
export function mayControl(req: IncomingMessage, secret: string, origin: string): boolean {
  return hasSessionCookie(req, secret) && (req.headers.origin === undefined || req.headers.origin === origin);
}

/**
 * A WebSocket upgrade to the bridge. The cookie proves the page came from us; the Origin
 * (which browsers always send on WebSocket) stops other local pages that share the cookie jar.
 */
export function mayOpenBridge(req: IncomingMessage, pathname: string, secret: string, origin: string): boolean {
  return pathname === '/__preview/ws' && isLoopbackHostHeader(req.headers.host) && hasSessionCookie(req, secret) && req.headers.origin === origin;
}
