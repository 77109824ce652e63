/**
 * MSAL cache plugin: the serialized MSAL cache lives encrypted (crypto-file.ts) in
 * `<dataDir>/msal-cache.bin`; its random 256-bit key lives in the OS keychain (SecretStore,
 * service `pim-approvals`). Every MSAL cache access runs under the cross-process lock
 * (core/fs/file-lock.ts) so the app and the CLI can share the file. A file that cannot be decrypted
 * is renamed aside (`msal-cache.bin.corrupt-<ts>`) and treated as empty: the user is signed
 * out, nothing crashes. Never logs cache contents or the key.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { systemClock, type Clock } from '../clock';
import { CacheCorruptError, KEY_BYTES, decryptCache, encryptCache, newCacheKey, readFileIfExists, writeFileAtomic } from './crypto-file';
import { acquireFileLock, pidAlive, type FileLock, type TurnLockOptions } from '../fs/file-lock';
import type { Logger, SecretStore } from './types';
import { silentLogger } from './types';

export const CACHE_FILE = 'msal-cache.bin';
export const CACHE_KEY_ACCOUNT = 'msal-cache-key';

const EMPTY_CACHE = JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} });

export interface CachePluginOptions {
  dataDir: string;
  secrets: SecretStore;
  /** Keychain account name under the service; tests use a unique one. */
  keyAccount?: string;
  logger?: Logger;
  clock?: Clock;
  lock?: TurnLockOptions;
  /** Told when a damaged cache was set aside (the session is gone). */
  onCorrupt?: (asidePath: string) => void;
}

export interface EncryptedCachePlugin extends ICachePlugin {
  readonly cachePath: string;
}

export function encryptedCachePlugin(opts: CachePluginOptions): EncryptedCachePlugin {
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const keyAccount = opts.keyAccount ?? CACHE_KEY_ACCOUNT;
  const cachePath = join(opts.dataDir, CACHE_FILE);
  const lockPath = `${cachePath}.lock`;
  const held = new Map<TokenCacheContext, FileLock>();
  let key: Buffer | null = null;
  // One cache access at a time inside this process too; the file lock orders processes.
  let queue: Promise<void> = Promise.resolve();
  const releasers = new Map<TokenCacheContext, () => void>();

  async function keychainKey(): Promise<Buffer | null> {
    const stored = await opts.secrets.get(keyAccount);
    if (!stored) return null;
    const buf = Buffer.from(stored, 'base64');
    return buf.length === KEY_BYTES ? buf : null;
  }

  async function createKey(): Promise<Buffer> {
    const fresh = newCacheKey();
    await opts.secrets.set(keyAccount, fresh.toString('base64'));
    logger.info('auth: created a new cache key in the OS keychain');
    return fresh;
  }

  async function setAside(reason: string): Promise<void> {
    const stamp = new Date(clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const aside = `${cachePath}.corrupt-${stamp}-${process.pid}`;
    await rename(cachePath, aside);
    logger.warn('auth: the token cache could not be read and was set aside; signing out', { reason, aside });
    opts.onCorrupt?.(aside);
  }

  /** The cache JSON from disk (empty cache when there is none); sets a damaged file aside. */
  async function load(): Promise<string> {
    await sweepDeadWriters(opts.dataDir, CACHE_FILE);
    const data = await readFileIfExists(cachePath);
    // Asked before the first read, so a missing keychain shows at the first cache access.
    key ??= await keychainKey();
    if (!data) return EMPTY_CACHE; // the key is made at the first write
    if (!key) {
      await setAside('the keychain holds no key for this cache');
      return EMPTY_CACHE;
    }
    try {
      return decryptToJson(data, key);
    } catch (e) {
      if (!(e instanceof CacheCorruptError)) throw e;
      // Another process may have replaced the key (after setting a damaged file aside itself).
      const current = await keychainKey();
      if (current && !current.equals(key)) {
        key = current;
        try {
          return decryptToJson(data, key);
        } catch (again) {
          if (!(again instanceof CacheCorruptError)) throw again;
        }
      }
      await setAside(e.message);
      return EMPTY_CACHE;
    }
  }

  return {
    cachePath,
    async beforeCacheAccess(ctx) {
      const turn = queue;
      let done!: () => void;
      queue = new Promise<void>((resolve) => (done = resolve));
      releasers.set(ctx, done);
      await turn;
      try {
        await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
        held.set(ctx, await acquireFileLock(lockPath, { clock, ...opts.lock }));
        ctx.tokenCache.deserialize(await load());
      } catch (e) {
        await release(ctx);
        throw e;
      }
    },
    async afterCacheAccess(ctx) {
      try {
        if (ctx.cacheHasChanged && held.has(ctx)) {
          key ??= await createKey();
          await writeFileAtomic(cachePath, encryptCache(Buffer.from(ctx.tokenCache.serialize(), 'utf8'), key));
        }
      } finally {
        await release(ctx);
      }
    },
  };

  async function release(ctx: TokenCacheContext): Promise<void> {
    const lock = held.get(ctx);
    held.delete(ctx);
    try {
      await lock?.release();
    } finally {
      releasers.get(ctx)?.();
      releasers.delete(ctx);
    }
  }
}

/** Removes temp files left by writers that died mid-write (their pid is in the name). */
async function sweepDeadWriters(dir: string, file: string): Promise<void> {
  const prefix = `.${file}.`;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) await rm(join(dir, name), { force: true });
  }
}

function decryptToJson(data: Buffer, key: Buffer): string {
  const text = decryptCache(data, key).toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    throw new CacheCorruptError('not JSON');
  }
  return text;
}
