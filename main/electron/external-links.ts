/**
 * Owns the one way a URL leaves the app: `shell.openExternal`, only for https links to the
 * Azure portals and Microsoft Learn, and for one fixed URL of ours (macOS notification settings). The check is a pure function so its nasty cases are
 * tested without Electron. Must never open anything the allowlist does not name, and never
 * hands the OS the caller's raw string (only the parsed, normalised URL).
 */
import { shell } from 'electron';

/** Exact hosts, plus `*.portal.azure.com` (regional and preview portals). */
const ALLOWED_HOSTS = new Set(['portal.azure.com', 'portal.azure.us', 'portal.azure.cn', 'learn.microsoft.com']);
const ALLOWED_HOST_SUFFIXES = ['.portal.azure.com'];
const MAX_URL_LENGTH = 4096;

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Returns the normalised URL to open, or null when the link is not allowed. */
export function allowedExternalUrl(raw: string): string | null {
  // Whitespace and control characters are stripped by the URL parser; refuse them instead,
  // because another parser (the OS handler) may read them differently.
  if (raw.length === 0 || raw.length > MAX_URL_LENGTH || /[\s\\]/u.test(raw) || hasControlCharacter(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  // userinfo (`https://portal.azure.com@evil.example`) exists only to mislead a reader.
  if (url.username !== '' || url.password !== '') return null;
  if (url.port !== '') return null;
  // The parser has already lower-cased the host and turned IDN into punycode, so a
  // look-alike (`pоrtal.azure.com` with a Cyrillic о) arrives as `xn--…` and fails here.
  const host = url.hostname;
  const allowed = ALLOWED_HOSTS.has(host) || ALLOWED_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
  return allowed ? url.href : null;
}

export function isAllowedExternalUrl(raw: string): boolean {
  return allowedExternalUrl(raw) !== null;
}

/** Opens an allowed link in the system browser; answers false (and opens nothing) otherwise. */
export async function openAllowedExternal(raw: string): Promise<boolean> {
  const url = allowedExternalUrl(raw);
  if (url === null) return false;
  await shell.openExternal(url, { activate: true });
  return true;
}

/** System Settings → Notifications on macOS (the pane's long-standing URL scheme). */
export const NOTIFICATION_SETTINGS_URL = 'x-apple.systempreferences:com.apple.preference.notifications';

/** Opens macOS's notification settings: a constant of ours, never a caller's string. */
export async function openNotificationSettings(): Promise<void> {
  await shell.openExternal(NOTIFICATION_SETTINGS_URL);
}
