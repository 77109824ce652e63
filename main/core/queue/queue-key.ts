/**
 * The key that encrypts the persisted queue: the same random 256-bit key, held in the OS
 * keychain, that encrypts the token cache (auth/cache-plugin.ts), so one secret protects
 * everything the app keeps about the user at rest. Creates it when nobody has yet (the CLI
 * with ARM_ACCESS_TOKEN never signed in). Never logs the key.
 */
import { CACHE_KEY_ACCOUNT } from '../auth/cache-plugin';
import { KEY_BYTES, newCacheKey } from '../auth/crypto-file';
import type { SecretStore } from '../auth/types';

export interface QueueKey {
  /** The key as the keychain holds it now; null when there is none (or it is not a key). */
  current(): Promise<Buffer | null>;
  /** The key, created and stored when there is none yet. */
  ensure(): Promise<Buffer>;
}

export function keychainQueueKey(secrets: SecretStore, keyAccount: string = CACHE_KEY_ACCOUNT): QueueKey {
  const current = async (): Promise<Buffer | null> => {
    const stored = await secrets.get(keyAccount);
    if (!stored) return null;
    const key = Buffer.from(stored, 'base64');
    return key.length === KEY_BYTES ? key : null;
  };
  return {
    current,
    async ensure() {
      const held = await current();
      if (held) return held;
      await secrets.set(keyAccount, newCacheKey().toString('base64'));
      // Read back: when two processes create a key at once, both then use the one that stayed.
      const stored = await current();
      if (!stored) throw new Error('the keychain did not keep the new key');
      return stored;
    },
  };
}
