/**
 * MSAL's `system.networkClient` built on a fetch function we choose: Electron's `net.fetch`
 * in the app (system proxy/PAC, OS trust store), Node's fetch in the CLI, a CA-pinned https
 * fetch in tests. Mirrors MSAL's own HttpClient: JSON bodies, header dict, and failures to
 * connect reported as MSAL `network_error` so they read as "offline".
 */
import { systemClock, type Clock } from '../clock';
import { ClientAuthError, ClientAuthErrorCodes, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response>;

export function fetchNetworkClient(fetchFn: FetchLike, opts: { timeoutMs?: number; clock?: Clock } = {}): INetworkModule {
  const defaultTimeoutMs = opts.timeoutMs ?? 30_000;
  const clock = opts.clock ?? systemClock;
  async function send<T>(url: string, method: 'GET' | 'POST', options?: NetworkRequestOptions, timeoutMs = defaultTimeoutMs): Promise<NetworkResponse<T>> {
    const controller = new AbortController();
    const timer = new AbortController();
    clock.sleep(timeoutMs, timer.signal).then(
      () => controller.abort(),
      () => undefined,
    );
    let response: Response;
    try {
      response = await fetchFn(url, {
        method,
        headers: { ...(options?.headers ?? {}) },
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        signal: controller.signal,
      });
    } catch (e) {
      const why = controller.signal.aborted ? 'request timed out' : e instanceof Error ? `${e.message}${causeOf(e)}` : 'unknown';
      throw new ClientAuthError(ClientAuthErrorCodes.networkError, '', `Network request failed: ${why}`);
    } finally {
      timer.abort();
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    let body: T;
    try {
      body = (await response.json()) as T;
    } catch {
      // A proxy's login page or a captive portal answers HTML: not Entra, so not reachable.
      throw new ClientAuthError(ClientAuthErrorCodes.networkError, '', `Unexpected non-JSON answer (HTTP ${response.status}) from the identity provider`);
    }
    return { headers, body, status: response.status };
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

function causeOf(e: Error): string {
  const cause = (e as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
