/**
 * Owns the `app://` scheme the window loads from: registration as a privileged standard,
 * secure scheme, and a handler that serves files from the built renderer (out/renderer)
 * with a strict CSP on every response, errors included. Path resolution and the CSP are
 * pure functions so they are tested without Electron. Must never serve a file outside the
 * renderer root (`..`, encoded `..`, backslashes, symlinks out) nor answer another host.
 */
import { protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
/** What Chromium reports as our frames' origin (a standard scheme has a tuple origin). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** No inline script or style, no network at all: the renderer talks to main only over IPC. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `url` is exactly our origin (scheme, host, no userinfo or port). */
export function isAppUrl(url: string): boolean {
  // Node's WHATWG URL gives non-special schemes an opaque origin ("null"), so compare the
  // parts instead of `.origin`.
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * Maps an app:// URL to a file under `root`, or null when the URL must be refused.
 * Lexical check only; `serveAppProtocol` also checks the real path for symlinks.
 */
export function resolveAppPath(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // Refuse any `..` segment outright (after decoding) rather than normalising it away.
  if (decoded.split('/').some((segment) => segment === '..')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, ...relative.split('/'));
  const inside = path.relative(base, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}

/** Headers every app:// response carries, errors included. */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

function refusal(status: number): Response {
  return new Response(status === 404 ? 'Not found' : 'Refused', { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/** Answers one app:// request from `root`. Exported for tests; Electron calls it via protocol.handle. */
export async function respondFromRoot(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
  const file = resolveAppPath(root, request.url);
  if (file === null) return refusal(404);
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    const inside = path.relative(realRoot, realFile);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return refusal(404);
    const body = await readFile(realFile);
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: securityHeaders(mimeTypeFor(realFile)) });
  } catch {
    return refusal(404);
  }
}

/**
 * standard: a real (tuple) origin, relative URLs resolve; secure: a secure context.
 * Vite emits `<script type="module" crossorigin>`, which Chromium fetches in CORS mode;
 * supportFetchAPI + corsEnabled let those same-origin loads through on a custom scheme
 * (as electron-serve does). It widens nothing: no response carries Access-Control-Allow-Origin,
 * and the CSP's connect-src 'none' keeps fetch() out of the page.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } as const;

/** Must run before `app.ready`: Chromium fixes scheme privileges at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Runs after `app.ready`: serves the renderer build from `root`. */
export function serveAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, (request) => respondFromRoot(root, request));
}
