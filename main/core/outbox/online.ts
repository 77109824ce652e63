/**
 * Is ARM reachable? The app feeds OS events (online/offline, resume) into `setOnline`;
 * before a drain and after network errors a cheap probe confirms. Any HTTP answer from
 * the ARM origin (even 401/404) means reachable; a proxy asking for credentials (407) or
 * a captive portal (a redirect elsewhere, an HTML page) means "not really online" — never
 * a server error to retry against. Sends no token.
 */

export type Reachability = 'online' | 'offline' | 'proxy-auth' | 'captive-portal';

export type Probe = (signal?: AbortSignal) => Promise<Reachability>;

export interface ProbeOptions {
  /** ARM origin, e.g. https://management.azure.com */
  endpoint: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs?: number;
}

/** A probe that GETs the ARM origin's root without credentials. */
export function armProbe({ endpoint, fetch: f = (i, init) => fetch(i, init), timeoutMs = 5_000 }: ProbeOptions): Probe {
  const origin = new URL(endpoint).origin;
  return async (signal) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await f(`${origin}/`, { method: 'GET', redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      await res.body?.cancel().catch(() => undefined);
      return classifyProbeAnswer(res.status, res.headers.get('location'), res.headers.get('content-type'), origin);
    } catch {
      return 'offline';
    }
  };
}

/** Pure part of the probe, tested on its own. */
export function classifyProbeAnswer(status: number, location: string | null, contentType: string | null, origin: string): Reachability {
  if (status === 407) return 'proxy-auth';
  if (status >= 300 && status < 400) {
    try {
      return new URL(location ?? '', origin).origin === origin ? 'online' : 'captive-portal';
    } catch {
      return 'captive-portal';
    }
  }
  // ARM answers JSON even for errors; an HTML 200 at the API root is someone else's page.
  if (status === 200 && contentType?.includes('text/html')) return 'captive-portal';
  return 'online';
}

export interface Connectivity {
  /** The latest belief; starts from the OS's view. */
  isOnline(): boolean;
  /** OS event: the network came or went. Returns true when it changed. */
  setOnline(online: boolean): boolean;
  /** Asks the probe (if any) and records the answer. */
  check(signal?: AbortSignal): Promise<Reachability>;
  /** Why we think we are offline, for the user. */
  reason(): Reachability;
}

export function createConnectivity(initial: boolean, probe?: Probe): Connectivity {
  let state: Reachability = initial ? 'online' : 'offline';
  return {
    isOnline: () => state === 'online',
    setOnline(online) {
      const before = state;
      state = online ? 'online' : 'offline';
      return before !== state;
    },
    async check(signal) {
      if (probe) state = await probe(signal);
      return state;
    },
    reason: () => state,
  };
}
