/**
 * The test's stand-in for the system browser: follows Entra's authorize URL and delivers
 * the response to MSAL's loopback server the way a browser would (auto-submitted form_post,
 * or a 302 to the redirect URI). Use it as the `openBrowser` callback.
 */
import type { FetchLike } from '../../../main/core/auth/network-client';

export interface BrowserVisit {
  /** What the loopback server answered (MSAL's success or error page). */
  status: number;
  body: string;
}

export async function followAuthorize(authorizeUrl: string, fetchFn: FetchLike): Promise<BrowserVisit> {
  const page = await fetchFn(authorizeUrl, { method: 'GET', headers: {} });
  const html = await page.text();
  if (page.status === 302) {
    const location = page.headers.get('location') ?? '';
    const res = await fetchFn(toIpv4(location), { method: 'GET', headers: {} });
    return { status: res.status, body: await res.text() };
  }
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !action) throw new Error(`authorize page was not a form_post (HTTP ${page.status})`);
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.append(unescapeHtml(m[1] ?? ''), unescapeHtml(m[2] ?? ''));
  const res = await fetchFn(toIpv4(unescapeHtml(action)), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
  return { status: res.status, body: await res.text() };
}

/** MSAL's loopback server binds 127.0.0.1 but names itself localhost, which may resolve to ::1. */
function toIpv4(url: string): string {
  const u = new URL(url);
  if (u.hostname === 'localhost') u.hostname = '127.0.0.1';
  return u.toString();
}

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
