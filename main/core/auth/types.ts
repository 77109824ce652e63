/**
 * The sign-in contract the rest of the app relies on: the `Auth` interface, its states and
 * result values, and the small side-effect interfaces it is built from (logger, secret
 * store). Types only, no I/O. MSAL types never leak past this boundary.
 */

export type AuthStatus = 'signed-out' | 'signing-in' | 'signed-in' | 'offline' | 'keychain-unavailable' | 'error';

/** The signed-in person as the UI and the queue key need it (design.md: keyed by account). */
export interface AuthAccount {
  /** MSAL home account id: `{oid}.{tid}`; the stable key of the account. */
  homeAccountId: string;
  tenantId: string;
  username: string;
  name: string | null;
  /** Authority host the account signed in at, e.g. login.microsoftonline.com. */
  environment: string;
  /** The person's object id in `tenantId` (a guest tenant's own oid for a guest). Absent from older callers' values. */
  localAccountId?: string;
}

/**
 * One account in one tenant as MSAL holds it: the home account (whose refresh token serves
 * every tenant) and the tenant its tokens are for (the home tenant, or one where it is a guest).
 */
export interface AccountRef {
  homeAccountId: string;
  tenantId: string;
}

/** The app's account id (accounts.md): `{oid}.{tid}` of the person in that tenant, lower-case. */
export function accountIdOf(account: Pick<AuthAccount, 'homeAccountId' | 'tenantId' | 'localAccountId'>): string {
  return account.localAccountId ? `${account.localAccountId}.${account.tenantId}`.toLowerCase() : account.homeAccountId.toLowerCase();
}

export interface AuthState {
  status: AuthStatus;
  /** A sentence a person can act on; never contains a token or code. */
  message: string;
  account: AuthAccount | null;
}

export type AuthErrorKind =
  | 'signed-out' // no session, or the session ended (interaction_required, invalid_grant)
  // The tenant has not consented to a permission (AADSTS65001/65004/650057, invalid_scope):
  // the session and the state stay as they are; only what needs that permission is off.
  | 'consent-required'
  | 'offline' // the identity provider could not be reached
  | 'cancelled' // the user cancelled, or the sign-in timed out
  | 'keychain-unavailable' // the OS keychain cannot hold the cache key
  | 'config' // missing client id or a bad setting
  | 'error'; // anything else; see message

export interface AuthError {
  kind: AuthErrorKind;
  message: string;
  /** MSAL/Entra error code when there is one (e.g. invalid_grant); never secret. */
  code?: string;
}

export type AuthResult<T> = { ok: true; value: T } | { ok: false; error: AuthError };

export interface AccessToken {
  accessToken: string;
  /** Epoch ms. */
  expiresOn: number;
  account: AuthAccount;
}

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  /** Entra's instruction text for the user, safe to print. */
  message: string;
}

export interface SignInOptions {
  /** When given, sign in with the device-code flow (CLI); otherwise in the system browser. */
  deviceCode?: (info: DeviceCodeInfo) => void;
  /** Abort to cancel a sign-in in progress (the window's Cancel button, Ctrl-C in the CLI). */
  signal?: AbortSignal;
}

export interface Auth {
  /** Loads the persisted session and settles the first state. Call once before the rest. */
  start(): Promise<AuthState>;
  signIn(opts?: SignInOptions): Promise<AuthResult<AuthAccount>>;
  /** Forgets the account and its tokens (cache file and memory). Never fails. */
  signOut(): Promise<void>;
  account(): Promise<AuthAccount | null>;
  /**
   * A token for `scopes`: always through MSAL's silent flow first (cached or refreshed).
   * With `claims` (a claims challenge, JSON or base64 JSON) it steps up interactively.
   */
  token(scopes: string[], claims?: string): Promise<AuthResult<AccessToken>>;
  state(): AuthState;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onState(listener: (state: AuthState) => void): () => void;
  /**
   * After `keychain-unavailable`: keep the session in memory only (lost when the process
   * exits). Moves to `signed-out`.
   */
  useMemoryOnlySession(): Promise<void>;
}

/** The one logger shape core modules take (the app's logger redacts secrets on top). */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Where the cache key lives: the OS keychain in the app, memory in some tests. */
export interface SecretStore {
  /** The secret, or null when none is stored. Throws when the store itself is unreachable. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}
