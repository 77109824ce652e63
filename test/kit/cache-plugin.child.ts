/**
 * Child process for cache-plugin.keychain.test.ts (run with `node --import tsx`): drives the
 * real cache plugin (real keytar, real file lock) the way MSAL does, from another process.
 *   append <dataDir> <keyAccount> <id> <count>  read-modify-write `count` entries named `<id>-<i>`
 *   churn  <dataDir> <keyAccount>               rewrite a large cache forever; prints "wrote <n>"
 * Not imported by the app.
 */
import type { TokenCacheContext } from '@azure/msal-node';
import { encryptedCachePlugin } from '../../main/core/auth/cache-plugin';
import { keytarSecretStore } from '../../main/core/auth/secret-store';

const [mode, dataDir, keyAccount, id = 'x', countText = '10'] = process.argv.slice(2);
if (!mode || !dataDir || !keyAccount) throw new Error('usage: cache-plugin.child.ts <append|churn> <dataDir> <keyAccount> [id] [count]');

const plugin = encryptedCachePlugin({ dataDir, secrets: keytarSecretStore(), keyAccount, lock: { timeoutMs: 60_000 } });

/** Stands in for MSAL's TokenCacheContext: the plugin only calls deserialize/serialize. */
function context(change: (cache: Record<string, Record<string, unknown>>) => void): TokenCacheContext {
  let cache: Record<string, Record<string, unknown>> = {};
  const tokenCache = {
    deserialize: (text: string) => {
      cache = JSON.parse(text) as typeof cache;
    },
    serialize: () => {
      change(cache);
      return JSON.stringify(cache);
    },
  };
  // The plugin reads only these two members; the cast avoids building MSAL's whole cache.
  return { cacheHasChanged: true, tokenCache } as unknown as TokenCacheContext;
}

async function access(change: (cache: Record<string, Record<string, unknown>>) => void): Promise<void> {
  const ctx = context(change);
  await plugin.beforeCacheAccess(ctx);
  await plugin.afterCacheAccess(ctx);
}

if (mode === 'append') {
  for (let i = 0; i < Number(countText); i++) {
    await access((cache) => {
      cache.AppMetadata = { ...cache.AppMetadata, [`${id}-${i}`]: { client_id: id, environment: 'test' } };
    });
  }
  process.stdout.write('done\n');
} else if (mode === 'churn') {
  const blob = 'x'.repeat(4 * 1024 * 1024);
  for (let n = 0; ; n++) {
    await access((cache) => {
      cache.AccessToken = { generation: { n, blob } };
    });
    process.stdout.write(`wrote ${n}\n`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
