/**
 * The two interactive flows with cancel and timeout, which MSAL itself lacks:
 * - browser: MSAL's loopback server waits for the authorization response forever. To stop
 *   it we post an `error=access_denied` response with the request's own `state` to the
 *   loopback redirect URI (taken from the authorize URL MSAL hands to openBrowser); MSAL then
 *   closes its server and rejects, and we report cancelled/timeout.
 * - device code: MSAL polls while `request.cancel` is false; we set it and stop waiting.
 * Never logs the authorize URL (it carries the PKCE challenge and state) or any code.
 */
import type { AuthenticationResult, PublicClientApplication } from '@azure/msal-node';
import type { DeviceCodeRequest, InteractiveRequest } from '@azure/msal-node';
import type { Clock } from '../clock';
import { SignInStoppedError } from './errors';
import type { DeviceCodeInfo } from './types';

export interface StopOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  clock: Clock;
}

/** Grace for MSAL to settle after we asked its loopback server to stop. */
const SETTLE_MS = 5_000;

type BrowserRequest = Omit<InteractiveRequest, 'openBrowser'>;

export async function browserSignIn(
  pca: PublicClientApplication,
  request: BrowserRequest,
  openBrowser: (url: string) => Promise<void>,
  stop: StopOptions,
): Promise<AuthenticationResult> {
  let pending: { redirectUri: string; state: string } | null = null;
  return withStop(stop, async (stopped, onStop) => {
    onStop(() => {
      if (pending) void postStopToLoopback(pending.redirectUri, pending.state);
    });
    return pca.acquireTokenInteractive({
      ...request,
      openBrowser: async (url) => {
        const params = new URL(url).searchParams;
        pending = { redirectUri: params.get('redirect_uri') ?? '', state: params.get('state') ?? '' };
        const reason = stopped();
        if (reason) throw new SignInStoppedError(reason);
        await openBrowser(url);
      },
    });
  });
}

export async function deviceCodeSignIn(
  pca: PublicClientApplication,
  request: Omit<DeviceCodeRequest, 'deviceCodeCallback'>,
  onCode: (info: DeviceCodeInfo) => void,
  stop: StopOptions,
): Promise<AuthenticationResult> {
  const full: DeviceCodeRequest = {
    ...request,
    timeout: Math.ceil(stop.timeoutMs / 1000),
    deviceCodeCallback: (r) => onCode({ userCode: r.userCode, verificationUri: r.verificationUri, message: r.message }),
  };
  return withStop(stop, async (_stopped, onStop) => {
    // MSAL reads `cancel` on the same request object before each poll.
    onStop(() => {
      full.cancel = true;
    });
    const result = await pca.acquireTokenByDeviceCode(full);
    if (!result) throw new Error('device code flow returned no result');
    return result;
  });
}

type Reason = 'cancelled' | 'timeout';

/**
 * Runs `flow` until it settles, the signal aborts or the timeout fires. After a stop the
 * flow gets SETTLE_MS to finish on its own (a code that already arrived still counts as a
 * sign-in); after that we give up waiting and report the stop.
 */
async function withStop<T>(
  stop: StopOptions,
  flow: (stopped: () => Reason | null, onStop: (fn: () => void) => void) => Promise<T>,
): Promise<T> {
  if (stop.signal?.aborted) throw new SignInStoppedError('cancelled');
  let reason: Reason | null = null;
  const stopHandlers: (() => void)[] = [];
  let gaveUp: (e: Error) => void = () => {};
  const giveUp = new Promise<never>((_, reject) => (gaveUp = reject));
  const timerAbort = new AbortController();

  const fire = (why: Reason) => {
    if (reason) return;
    reason = why;
    for (const fn of stopHandlers.splice(0)) fn();
    stop.clock.sleep(SETTLE_MS, timerAbort.signal).then(
      () => gaveUp(new SignInStoppedError(why)),
      () => undefined,
    );
  };
  const onAbort = () => fire('cancelled');
  stop.signal?.addEventListener('abort', onAbort, { once: true });
  stop.clock.sleep(stop.timeoutMs, timerAbort.signal).then(
    () => fire('timeout'),
    () => undefined,
  );
  try {
    const run = flow(
      () => reason,
      (fn) => {
        if (reason) fn();
        else stopHandlers.push(fn);
      },
    );
    return await Promise.race([run, giveUp]);
  } catch (e) {
    if (reason) throw new SignInStoppedError(reason);
    throw e;
  } finally {
    timerAbort.abort();
    stop.signal?.removeEventListener('abort', onAbort);
  }
}

async function postStopToLoopback(redirectUri: string, state: string): Promise<void> {
  try {
    const url = new URL(redirectUri);
    if (url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return;
    // MSAL's server listens on 127.0.0.1 but names itself "localhost" in the redirect URI.
    if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ error: 'access_denied', error_description: 'sign-in stopped by the app', state }).toString(),
      signal: AbortSignal.timeout(3_000),
    });
  } catch {
    // The server may already be gone; the settle timer ends the wait either way.
  }
}
