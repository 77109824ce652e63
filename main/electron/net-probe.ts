/**
 * The outbox's reachability probe in the app, through Electron's network stack: Node's
 * `fetch` in the main process knows no system proxy, PAC script or OS trust store, so behind
 * a corporate proxy it would call Azure unreachable while the window's requests go through
 * (issue 18, item 7). `net.request` uses Chromium's stack (electron/electron
 * docs/api/net.md: "uses Chromium's native networking library … supports system proxy
 * settings"). The answer is classified by the core's `classifyProbeAnswer`; sends no token.
 *
 * Electron facts this rests on (docs/api/client-request.md, Electron 45):
 * - `redirect: 'manual'` cancels a redirect unless `followRedirect()` is called during the
 *   `redirect` event, whose arguments carry the status and `redirectUrl`: a redirect away
 *   from the ARM origin is a captive portal.
 * - `login` is "emitted when an authenticating proxy is asking for user credentials";
 *   calling its callback with no credentials cancels the request. `authInfo.isProxy` tells
 *   a proxy (407: "proxy-auth") from the server (any server answer means reachable).
 * - `error` is emitted when the request cannot be issued at all: offline.
 */
import { net, type ClientRequest, type ClientRequestConstructorOptions } from 'electron';
import { classifyProbeAnswer, type Probe, type Reachability } from '../core/outbox/online';

export interface NetProbeOptions {
  /** ARM origin, e.g. https://management.azure.com */
  endpoint: string;
  timeoutMs?: number;
  /** Electron's `net.request`; a test hands in the mocked module's. */
  request?: (options: ClientRequestConstructorOptions) => ClientRequest;
}

const header = (headers: Record<string, string | string[]>, name: string): string | null => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
};

export function electronNetProbe({ endpoint, timeoutMs = 5_000, request = (o) => net.request(o) }: NetProbeOptions): Probe {
  const origin = new URL(endpoint).origin;
  return (signal) =>
    new Promise<Reachability>((resolve) => {
      let req: ClientRequest;
      let done = false;
      const finish = (reach: Reachability) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        try {
          req.abort();
        } catch {
          // already finished: nothing to cancel
        }
        resolve(reach);
      };
      const onAbort = () => finish('offline');
      const timer = setTimeout(() => finish('offline'), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // No `credentials` option: Electron then sends no cookies but keeps the session's proxy
        // auth, and still emits `login` for a proxy (client-request.md, `credentials`).
        req = request({ method: 'GET', url: `${origin}/`, redirect: 'manual', cache: 'no-store' });
      } catch {
        clearTimeout(timer);
        resolve('offline');
        return;
      }
      req.on('redirect', (statusCode: number, _method: string, redirectUrl: string) => finish(classifyProbeAnswer(statusCode, redirectUrl, null, origin)));
      req.on('login', (authInfo: { isProxy: boolean }, callback: (username?: string, password?: string) => void) => {
        callback(); // no credentials: cancels (client-request.md, Event: 'login')
        finish(authInfo.isProxy ? 'proxy-auth' : 'online');
      });
      req.on('response', (response) => {
        response.on('data', () => undefined); // drained; the body says nothing more
        response.on('error', () => undefined);
        finish(classifyProbeAnswer(response.statusCode, header(response.headers, 'location'), header(response.headers, 'content-type'), origin));
      });
      req.on('error', () => finish('offline'));
      if (signal?.aborted) return finish('offline');
      req.end();
    });
}
