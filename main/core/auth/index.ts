/**
 * The auth module's public surface: what the composition roots (main/index.ts, the CLI,
 * the browser preview) and the ARM callers import. Everything else in this folder is internal.
 */
export { createAuth, type AuthHandle } from './auth';
export { fetchNetworkClient } from './network-client';
export type { AuthAccount, Logger } from './types';
