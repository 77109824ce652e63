/**
 * `createAuth`: MSAL's PublicClientApplication behind our `Auth` interface, with the state
 * machine the tray and CLI show (signed-out, signing-in, signed-in, offline,
 * keychain-unavailable, error). Every failure becomes a state and an AuthResult value, never
 * a throw. Tokens and codes go to callers only: nothing here logs them.
 *
 * App: createAuth({ settings, dataDir: app.getPath('userData'), openBrowser: (u) => shell.openExternal(u),
 *   networkClient: fetchNetworkClient(net.fetch), logger }) then `await auth.start()`.
 * CLI: createAuth({ settings, dataDir, deviceCode: print, logger }) — see main/cli/auth-commands.ts.
 */
import { LogLevel, PublicClientApplication, type AccountInfo, type AuthenticationResult, type Configuration, type INetworkModule } from '@azure/msal-node';
import { systemClock, type Clock } from '../clock';
import { encryptedCachePlugin, type EncryptedCachePlugin } from './cache-plugin';
import { decodeClaimsChallenge } from './claims';
import { resolveAuthConfig, type AuthSettings, type ResolvedAuthConfig } from './config';
import { classifyAuthError, keychainMessage } from './errors';
import type { TurnLockOptions } from '../fs/file-lock';
import { browserSignIn, deviceCodeSignIn } from './interactive';
import { msalLoggerOptions } from './msal-logger';
import { keytarSecretStore } from './secret-store';
import { silentLogger, type AccessToken, type AccountRef, type Auth, type AuthAccount, type AuthError, type AuthResult, type AuthState, type AuthStatus, type DeviceCodeInfo, type Logger, type SecretStore, type SignInOptions } from './types';

export interface AuthOptions {
  settings: AuthSettings;
  /** Directory for `msal-cache.bin` (the app's userData dir; the CLI uses the same). */
  dataDir: string;
  /** Holds the cache key. Default: the OS keychain via keytar. `null`: memory-only from the start. */
  secrets?: SecretStore | null;
  /** Keychain account name of the cache key (tests use a unique one). */
  keyAccount?: string;
  /** Opens the system browser at Entra's authorize URL (app: shell.openExternal). */
  openBrowser?: (url: string) => Promise<void>;
  /** Shows a device code; used for step-up when there is no browser (CLI). */
  deviceCode?: (info: DeviceCodeInfo) => void;
  /** Entra's HTTP client (app: net.fetch based, see network-client.ts). Default: MSAL's own (Node fetch). */
  networkClient?: INetworkModule;
  logger?: Logger;
  msalLogLevel?: LogLevel;
  clock?: Clock;
  /** How long an interactive or device-code sign-in may wait for the user (default 5 min). */
  signInTimeoutMs?: number;
  lock?: TurnLockOptions;
}

export interface AuthHandle extends Auth {
  /** Stops a browser or device-code sign-in (or step-up) in progress, as its Cancel button. */
  cancelSignIn(): void;
  /** The `.default` ARM scope of the configured cloud; null when the settings are invalid. */
  readonly armScope: string | null;
  /** The encrypted cache file, or null in a memory-only session. */
  cachePath(): string | null;
  /**
   * Several accounts in one cache (issue 21). Every account × tenant MSAL holds: one entry per
   * tenant profile (the home tenant, and each tenant a guest account has had a token for).
   */
  accounts(): Promise<AuthAccount[]>;
  /**
   * A token for one account in one tenant, silently: MSAL's acquireTokenSilent with that
   * account and the authority `<authority host>/<tenantId>`, so a guest tenant is served by the
   * home account's refresh token. With `claims` it steps up in the browser for that account.
   * Never changes another account or the shared state.
   */
  tokenFor(ref: AccountRef, scopes: string[], claims?: string): Promise<AuthResult<AccessToken>>;
  /** `tokenFor` bound to one account × tenant: what a session and its decision step-up take. */
  forAccount(ref: AccountRef): Pick<Auth, 'token'>;
  /**
   * Browser sign-in of one more account (the account picker is shown), pinned to `tenant` when
   * given (the authority becomes that tenant's); the accounts already signed in stay.
   */
  addAccount(opts?: SignInOptions & { tenant?: string }): Promise<AuthResult<AuthAccount>>;
  /** Removes one account (its every tenant profile and token) from the cache; the others stay. */
  forget(homeAccountId: string): Promise<void>;
}

const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;
/** What the browser tab shows after the loopback redirect (MSAL's defaults name no product). */
const BROWSER_PAGES = {
  successTemplate: '<!doctype html><title>PIM Approvals</title><p>You are signed in to PIM Approvals. You can close this tab.</p>',
  errorTemplate: '<!doctype html><title>PIM Approvals</title><p>Sign-in did not complete. Return to PIM Approvals to try again.</p>',
};

export function createAuth(opts: AuthOptions): AuthHandle {
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.signInTimeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  const resolved = resolveAuthConfig(opts.settings);
  const config: ResolvedAuthConfig | null = resolved.ok ? resolved.value : null;
  const configError: AuthError | null = resolved.ok ? null : resolved.error;

  let memoryOnly = opts.secrets === null;
  let plugin: EncryptedCachePlugin | null = null;
  let pca: PublicClientApplication | null = null;
  let current: AuthState = configError
    ? { status: 'error', message: configError.message, account: null }
    : { status: 'signed-out', message: 'Not signed in.', account: null };
  let homeAccountId: string | null = null;
  let corruptNotice = false;
  let signInController: AbortController | null = null;
  /** Bumped by signOut: a sign-in cancelled by it must not restore the state from before. */
  let signOutCount = 0;
  const listeners = new Set<(s: AuthState) => void>();

  function build(): PublicClientApplication | null {
    if (!config) return null;
    plugin = memoryOnly
      ? null
      : encryptedCachePlugin({
          dataDir: opts.dataDir,
          secrets: opts.secrets ?? keytarSecretStore(),
          ...(opts.keyAccount ? { keyAccount: opts.keyAccount } : {}),
          logger,
          clock,
          ...(opts.lock ? { lock: opts.lock } : {}),
          onCorrupt: () => {
            corruptNotice = true;
          },
        });
    const configuration: Configuration = {
      auth: {
        clientId: config.clientId,
        authority: config.authority,
        knownAuthorities: config.knownAuthorities,
        clientCapabilities: ['cp1'],
      },
      ...(plugin ? { cache: { cachePlugin: plugin } } : {}),
      system: {
        loggerOptions: msalLoggerOptions(logger, opts.msalLogLevel),
        ...(opts.networkClient ? { networkClient: opts.networkClient } : {}),
      },
    };
    return new PublicClientApplication(configuration);
  }
  pca = build();

  function setState(status: AuthStatus, message: string, account: AuthAccount | null = current.account): void {
    const next: AuthState = { status, message, account: status === 'signed-out' ? null : account };
    if (next.status === current.status && next.message === current.message && next.account?.homeAccountId === current.account?.homeAccountId) return;
    current = next;
    logger.info('auth: state', { status });
    for (const listener of listeners) {
      try {
        listener(current);
      } catch (e) {
        logger.error('auth: state listener failed', { error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  function signedOutMessage(fallback: string): string {
    if (!corruptNotice) return fallback;
    corruptNotice = false;
    return 'The saved sign-in could not be read (damaged or changed on disk) and was set aside; sign in again.';
  }

  /**
   * Moves the state after a failure and returns the failure as a value. A silent call that
   * fails while an interactive sign-in is on screen leaves "signing-in" alone (`quiet`).
   * `scopes` (what was asked for) lets a consent refusal name the permission.
   */
  async function fail(e: unknown, account: AccountInfo | null, quiet = false, scopes: readonly string[] = []): Promise<{ ok: false; error: AuthError }> {
    const error = classifyAuthError(e, { scopes, ...(config ? { clientId: config.clientId } : {}) });
    logger.warn('auth: failed', { kind: error.kind, code: error.code });
    // A permission the tenant has not consented to (a Graph kind's) says nothing about the
    // session: the account, its cache and the state stay; the caller turns that kind off.
    if (error.kind === 'consent-required') return { ok: false, error };
    if (error.kind === 'signed-out') {
      // The dead session must not come back at the next start.
      if (account && pca) await pca.signOut({ account }).catch(() => undefined);
      homeAccountId = null;
    }
    if (quiet && signInController) return { ok: false, error };
    switch (error.kind) {
      case 'signed-out':
        setState('signed-out', signedOutMessage(error.message));
        break;
      case 'offline':
        setState('offline', error.message);
        break;
      case 'keychain-unavailable':
        setState('keychain-unavailable', error.message, null);
        break;
      case 'cancelled':
        break; // the caller restores the state from before the sign-in
      default:
        setState('error', error.message);
    }
    return { ok: false, error };
  }

  async function msalAccount(): Promise<AuthResult<AccountInfo | null>> {
    if (!pca) return { ok: false, error: configError ?? { kind: 'config', message: 'not configured' } };
    try {
      const accounts = await pca.getAllAccounts();
      const chosen = accounts.find((a) => a.homeAccountId === homeAccountId) ?? accounts[0] ?? null;
      homeAccountId = chosen?.homeAccountId ?? null;
      return { ok: true, value: chosen };
    } catch (e) {
      return fail(e, null, true);
    }
  }

  /** A token result → signed-in; a silent one does not end a sign-in on screen (`quiet`). */
  function succeed(result: AuthenticationResult, quiet = false): AuthResult<AccessToken> {
    if (!result.account) return { ok: false, error: { kind: 'error', message: 'Entra ID returned no account.' } };
    const account = toAuthAccount(result.account);
    if (!(quiet && signInController)) {
      homeAccountId = account.homeAccountId;
      setState('signed-in', `Signed in as ${account.username}.`, account);
    }
    return { ok: true, value: { accessToken: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? clock.now(), account } };
  }

  /** Runs an interactive flow with the signing-in state around it. */
  async function interactive(
    message: string,
    scopes: readonly string[],
    run: (stop: { signal: AbortSignal; timeoutMs: number; clock: Clock }) => Promise<AuthenticationResult>,
    signal?: AbortSignal,
  ): Promise<AuthResult<AccessToken>> {
    if (signInController) return { ok: false, error: { kind: 'error', code: 'busy', message: 'A sign-in is already in progress.' } };
    const controller = new AbortController();
    signInController = controller;
    const onOuterAbort = () => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', onOuterAbort, { once: true });
    const before = current;
    const signOutsBefore = signOutCount;
    setState('signing-in', message, before.account);
    try {
      return succeed(await run({ signal: controller.signal, timeoutMs, clock }));
    } catch (e) {
      const failed = await fail(e, null, false, scopes);
      if (failed.error.kind === 'cancelled' && signOutCount !== signOutsBefore) {
        setState('signed-out', 'Signed out.');
      } else if (failed.error.kind === 'cancelled') {
        setState(before.status === 'signing-in' ? 'signed-out' : before.status, `${failed.error.message} ${before.status === 'signed-in' ? before.message : ''}`.trim(), before.account);
      } else if (failed.error.kind === 'consent-required') {
        // fail() leaves the state alone, so "signing-in" must be undone here: a refused
        // step-up keeps the session as it was; a refused first sign-in says why.
        const hadSession = before.status !== 'signed-out' && before.status !== 'signing-in' && signOutCount === signOutsBefore;
        if (hadSession) setState(before.status, before.message, before.account);
        else setState('signed-out', failed.error.message);
      }
      return failed;
    } finally {
      signal?.removeEventListener('abort', onOuterAbort);
      signInController = null;
    }
  }

  const auth: AuthHandle = {
    armScope: config?.armScope ?? null,

    cachePath: () => plugin?.cachePath ?? null,

    async start() {
      if (!pca) return current;
      if (memoryOnly) {
        setState('signed-out', 'Not signed in (this session is kept in memory only).');
        return current;
      }
      const found = await msalAccount();
      if (!found.ok) return current;
      if (found.value) setState('signed-in', `Signed in as ${found.value.username}.`, toAuthAccount(found.value));
      else setState('signed-out', signedOutMessage('Not signed in.'));
      return current;
    },

    async signIn(signInOpts: SignInOptions = {}) {
      if (!pca || !config) return { ok: false, error: configError ?? { kind: 'config', message: 'not configured' } };
      if (current.status === 'keychain-unavailable') return { ok: false, error: { kind: 'keychain-unavailable', message: keychainMessage() } };
      const client = pca;
      const scopes = [config.armScope];
      const onCode = signInOpts.deviceCode;
      let result: AuthResult<AccessToken>;
      if (onCode) {
        result = await interactive('Enter the code shown in a browser to sign in.', scopes, (stop) => deviceCodeSignIn(client, { scopes }, onCode, stop), signInOpts.signal);
      } else if (opts.openBrowser) {
        const open = opts.openBrowser;
        result = await interactive('Continue in your browser to sign in.', scopes, (stop) => browserSignIn(client, { scopes, prompt: 'select_account', ...BROWSER_PAGES }, open, stop), signInOpts.signal);
      } else {
        return { ok: false, error: { kind: 'config', message: 'No browser is available here; use the device code sign-in.' } };
      }
      return result.ok ? { ok: true, value: result.value.account } : result;
    },

    async signOut() {
      signOutCount++;
      signInController?.abort();
      if (pca) {
        try {
          for (const account of await pca.getAllAccounts()) await pca.signOut({ account });
        } catch (e) {
          logger.warn('auth: sign-out could not update the cache file', { kind: classifyAuthError(e).kind });
        }
        pca.clearCache();
      }
      homeAccountId = null;
      corruptNotice = false;
      if (current.status !== 'keychain-unavailable' && current.status !== 'error') setState('signed-out', 'Signed out.');
    },

    async account() {
      const found = await msalAccount();
      return found.ok && found.value ? toAuthAccount(found.value) : null;
    },

    async token(scopes, claims) {
      if (!pca) return { ok: false, error: configError ?? { kind: 'config', message: 'not configured' } };
      const client = pca;
      const found = await msalAccount();
      if (!found.ok) return found;
      const account = found.value;
      if (!account) {
        if (!signInController) setState('signed-out', signedOutMessage(current.status === 'signed-out' ? current.message : 'Not signed in.'));
        return { ok: false, error: { kind: 'signed-out', message: 'Not signed in.' } };
      }
      if (claims !== undefined) return stepUp(client, account, scopes, claims);
      try {
        return succeed(await client.acquireTokenSilent({ account, scopes }), true);
      } catch (e) {
        return fail(e, account, true, scopes);
      }
    },

    state: () => current,

    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async useMemoryOnlySession() {
      if (!config) return;
      memoryOnly = true;
      pca = build();
      homeAccountId = null;
      setState('signed-out', 'Not signed in. Because the OS keychain is not available, the sign-in will be kept in memory only until the app quits.');
    },

    cancelSignIn() {
      signInController?.abort();
    },

    async accounts() {
      if (!pca) return [];
      try {
        return (await pca.getAllAccounts()).map(toAuthAccount);
      } catch (e) {
        logger.warn('auth: accounts could not be read', { kind: classifyAuthError(e).kind });
        return [];
      }
    },

    async tokenFor(ref, scopes, claims) {
      if (!pca) return { ok: false, error: configError ?? { kind: 'config', message: 'not configured' } };
      const client = pca;
      let account: AccountInfo | null;
      try {
        account = await cachedAccount(client, ref);
      } catch (e) {
        return { ok: false, error: classifyAuthError(e, { scopes }) };
      }
      if (!account) return { ok: false, error: { kind: 'signed-out', message: 'This account is not signed in; sign it in again.' } };
      const authority = authorityFor(ref.tenantId);
      if (claims !== undefined) return stepUp(client, account, scopes, claims, authority);
      // MSAL looks the cached access token up by `account.tenantId` before the authority's
      // tenant (msal-common 16 SilentFlowClient.acquireCachedToken: `request.account.tenantId ||
      // getTenantFromAuthorityString(request.authority)`), so a guest tenant with no profile yet
      // must be named on the account too, or the home tenant's token comes back. The refresh
      // token is the home account's and not tenant-bound, so it serves the guest tenant.
      const target = account.tenantId.toLowerCase() === ref.tenantId.toLowerCase() ? account : { ...account, tenantId: ref.tenantId };
      try {
        const result = await client.acquireTokenSilent({ account: target, scopes, ...(authority ? { authority } : {}) });
        if (!result.account) return { ok: false, error: { kind: 'error', message: 'Entra ID returned no account.' } };
        return { ok: true, value: { accessToken: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? clock.now(), account: toAuthAccount(result.account) } };
      } catch (e) {
        // This account's failure is this account's: no shared state moves, no other account is touched.
        const error = classifyAuthError(e, { scopes, ...(config ? { clientId: config.clientId } : {}) });
        logger.warn('auth: account token failed', { kind: error.kind, code: error.code });
        return { ok: false, error };
      }
    },

    forAccount(ref) {
      return { token: (scopes, claims) => auth.tokenFor(ref, scopes, claims) };
    },

    async addAccount(addOpts = {}) {
      if (!pca || !config) return { ok: false, error: configError ?? { kind: 'config', message: 'not configured' } };
      if (!opts.openBrowser) return { ok: false, error: { kind: 'config', message: 'No browser is available here; use the device code sign-in.' } };
      if (current.status === 'keychain-unavailable') return { ok: false, error: { kind: 'keychain-unavailable', message: keychainMessage() } };
      const tenant = addOpts.tenant?.trim();
      if (tenant && !/^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/.test(tenant)) return { ok: false, error: { kind: 'config', code: 'invalid_tenant', message: `The tenant "${tenant}" is not a tenant id or domain name.` } };
      const client = pca;
      const open = opts.openBrowser;
      const scopes = [config.armScope];
      const authority = tenant ? authorityFor(tenant) : undefined;
      const result = await interactive('Continue in your browser to add an account.', scopes, (stop) => browserSignIn(client, { scopes, prompt: 'select_account', ...(authority ? { authority } : {}), ...BROWSER_PAGES }, open, stop), addOpts.signal);
      return result.ok ? { ok: true, value: result.value.account } : result;
    },

    async forget(forgetId) {
      if (!pca) return;
      try {
        const all = await pca.getAllAccounts();
        // One removal takes the account entity with every tenant profile and token under it.
        const account = all.find((a) => a.homeAccountId.toLowerCase() === forgetId.toLowerCase());
        if (account) await pca.getTokenCache().removeAccount(account);
        if (homeAccountId?.toLowerCase() === forgetId.toLowerCase()) {
          homeAccountId = null;
          const left = await pca.getAllAccounts();
          if (left.length === 0 && current.status !== 'keychain-unavailable' && current.status !== 'error') setState('signed-out', 'Signed out.');
        }
      } catch (e) {
        logger.warn('auth: an account could not be removed from the cache file', { kind: classifyAuthError(e).kind });
      }
    },
  };

  /** `<authority origin>/<tenant>`: the configured authority with another tenant (a pin, or a guest tenant). */
  function authorityFor(tenant: string): string | undefined {
    return config ? `${new URL(config.authority).origin}/${tenant}` : undefined;
  }

  /** The cached account for `ref`: its profile in that tenant, else its home profile (a guest tenant not used yet). */
  async function cachedAccount(client: PublicClientApplication, ref: AccountRef): Promise<AccountInfo | null> {
    const all = await client.getAllAccounts();
    const same = (a: AccountInfo) => a.homeAccountId.toLowerCase() === ref.homeAccountId.toLowerCase();
    return all.find((a) => same(a) && a.tenantId.toLowerCase() === ref.tenantId.toLowerCase()) ?? all.find((a) => same(a) && a.homeAccountId.toLowerCase().endsWith(`.${a.tenantId.toLowerCase()}`)) ?? all.find(same) ?? null;
  }

  async function stepUp(client: PublicClientApplication, account: AccountInfo, scopes: string[], rawClaims: string, authority?: string): Promise<AuthResult<AccessToken>> {
    const claims = decodeClaimsChallenge(rawClaims);
    if (!claims) return { ok: false, error: { kind: 'error', code: 'invalid_claims', message: 'Azure asked for a claims challenge that could not be read.' } };
    const message = 'Azure asks you to confirm your sign-in (for example with MFA); continue in your browser.';
    const onCode = opts.deviceCode;
    if (opts.openBrowser) {
      const open = opts.openBrowser;
      return interactive(message, scopes, (stop) => browserSignIn(client, { scopes, claims, account, loginHint: account.username, ...(authority ? { authority } : {}), ...BROWSER_PAGES }, open, stop));
    }
    if (onCode) return interactive(message, scopes, (stop) => deviceCodeSignIn(client, { scopes, claims }, onCode, stop));
    return { ok: false, error: { kind: 'signed-out', code: 'interaction_required', message: 'This action needs a fresh sign-in (for example MFA); run `pim-approvals login` and try again.' } };
  }

  return auth;
}

export function toAuthAccount(a: AccountInfo): AuthAccount {
  return { homeAccountId: a.homeAccountId, tenantId: a.tenantId, username: a.username, name: a.name ?? null, environment: a.environment, ...(a.localAccountId ? { localAccountId: a.localAccountId } : {}) };
}
