/**
 * SecretStore implementations: the OS keychain through keytar (macOS Keychain, Windows
 * Credential Manager, Linux Secret Service) and an in-memory one. Holds only the cache
 * encryption key; never logs a secret. keytar is loaded lazily so a missing native module
 * becomes a "keychain unavailable" state instead of a crash at import time.
 */
import { systemClock, type Clock } from '../clock';
import type { SecretStore } from './types';

export const KEYCHAIN_SERVICE = 'pim-approvals';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Thrown when the keychain cannot be reached at all (no Secret Service, locked, missing module). */
export class KeychainUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The OS keychain is not available: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'KeychainUnavailableError';
  }
}

async function loadKeytar(): Promise<Keytar> {
  const mod = (await import('keytar')) as Keytar & { default?: Keytar };
  return mod.default ?? mod;
}

/**
 * The keytar-backed store. `timeoutMs` bounds each call: a keychain that neither answers nor
 * fails (a D-Bus service that never replies) must not hang sign-in forever.
 */
export function keytarSecretStore(opts: { service?: string; timeoutMs?: number; clock?: Clock } = {}): SecretStore {
  const service = opts.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const clock = opts.clock ?? systemClock;
  let keytar: Promise<Keytar> | null = null;
  const call = async <T>(op: (k: Keytar) => Promise<T>): Promise<T> => {
    const timer = new AbortController();
    try {
      keytar ??= loadKeytar();
      const k = await keytar;
      return await Promise.race([
        op(k),
        clock.sleep(timeoutMs, timer.signal).then(() => {
          throw new Error(`no answer within ${timeoutMs} ms`);
        }),
      ]);
    } catch (e) {
      throw new KeychainUnavailableError(e);
    } finally {
      timer.abort();
    }
  };
  return {
    get: (account) => call((k) => k.getPassword(service, account)),
    set: (account, secret) => call((k) => k.setPassword(service, account, secret)),
    delete: (account) => call((k) => k.deletePassword(service, account)),
  };
}

/** Keeps secrets in this process only: for tests and the memory-only session. */
export function memorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const secrets = new Map(Object.entries(initial));
  return {
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => {
      secrets.set(account, secret);
    },
    delete: async (account) => secrets.delete(account),
  };
}
