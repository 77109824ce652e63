/**
 * The auth module's public surface: what the composition roots (main/index.ts, the CLI,
 * the browser preview) and the ARM callers import. Everything else in this folder is internal.
 */
export { createAuth, toAuthAccount, type AuthHandle, type AuthOptions } from './auth';
export { withClaimsStepUp, decodeClaimsChallenge } from './claims';
export { resolveAuthConfig, CLIENT_ID_HELP, DEFAULT_TENANT, type AuthSettings, type ResolvedAuthConfig } from './config';
export { fetchNetworkClient, type FetchLike } from './network-client';
export { keytarSecretStore, memorySecretStore, KeychainUnavailableError, KEYCHAIN_SERVICE } from './secret-store';
export { silentLogger } from './types';
export type { AccessToken, Auth, AuthAccount, AuthError, AuthErrorKind, AuthResult, AuthState, AuthStatus, DeviceCodeInfo, Logger, SecretStore, SignInOptions } from './types';
