/**
 * The last known queue of each account, kept on disk so it can be shown (and decided from)
 * after a restart without network. One file per account under `<dataDir>/queue/`, replaced
 * after every successful poll: AES-256-GCM with the keychain-held key (auth/crypto-file.ts,
 * queue-key.ts), written atomically with mode 0600. A file that is tampered with, cannot
 * be read, or belongs to another account is reported as ignored with its reason — never
 * thrown, never shown — so a fresh poll always goes ahead. Never logs the queue.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CacheCorruptError, decryptCache, encryptCache } from '../auth/crypto-file';
import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file';
import { accountKey } from '../outbox/stage-key';
import type { QueueItem } from './queue-item';
import { QueueItemSchema } from './queue-item-schema';
import type { QueueKey } from './queue-key';

export const QUEUE_DIR = 'queue';
const FORMAT = 'pim-approvals/persisted-queue@1';

const Snapshot = z.object({
  format: z.literal(FORMAT),
  accountId: z.string(),
  asOf: z.iso.datetime(),
  items: z.array(QueueItemSchema),
});

export type LoadedQueue =
  | { status: 'none' }
  /** Why the file was not used, in words for a warning (never its contents). */
  | { status: 'ignored'; reason: string }
  | { status: 'ok'; asOf: number; items: QueueItem[] };

export interface PersistedQueueStore {
  /** The account's last known queue; `ignored` with the reason when the file cannot be trusted. */
  load(accountId: string): Promise<LoadedQueue>;
  /** Replaces the account's file with this poll's queue (writes run one at a time, in order). */
  save(accountId: string, asOf: number, items: readonly QueueItem[]): Promise<void>;
  /** Forgets the account's queue (sign-out). */
  remove(accountId: string): Promise<void>;
  /** Where the account's file lives (tests tamper with it). */
  pathOf(accountId: string): string;
}

export function persistedQueueStore(options: { dataDir: string; key: QueueKey }): PersistedQueueStore {
  const dir = join(options.dataDir, QUEUE_DIR);
  // The file name says nothing about who the account is; the account inside is checked on load.
  const pathOf = (accountId: string) => join(dir, `${createHash('sha256').update(accountKey(accountId)).digest('hex').slice(0, 32)}.bin`);
  let writes: Promise<void> = Promise.resolve();
  const inOrder = (work: () => Promise<void>): Promise<void> => {
    const next = writes.then(work, work);
    writes = next.catch(() => undefined);
    return next;
  };

  return {
    pathOf,
    async load(accountId) {
      let data: Buffer | null;
      let key: Buffer | null;
      try {
        data = await readFileIfExists(pathOf(accountId));
        if (!data) return { status: 'none' };
        key = await options.key.current();
      } catch (err) {
        return { status: 'ignored', reason: `it could not be read (${err instanceof Error ? err.message : String(err)})` };
      }
      if (!key) return { status: 'ignored', reason: 'the keychain holds no key for it' };
      let snapshot: z.infer<typeof Snapshot>;
      try {
        snapshot = Snapshot.parse(JSON.parse(decryptCache(data, key).toString('utf8')));
      } catch (err) {
        const why = err instanceof CacheCorruptError ? 'it cannot be decrypted (tampered, damaged, or written with another key)' : 'its contents are not a saved queue';
        return { status: 'ignored', reason: why };
      }
      const mine = accountKey(accountId);
      if (accountKey(snapshot.accountId) !== mine || snapshot.items.some((i) => accountKey(i.accountId) !== mine)) {
        return { status: 'ignored', reason: 'it belongs to another account' };
      }
      return { status: 'ok', asOf: Date.parse(snapshot.asOf), items: snapshot.items };
    },
    save(accountId, asOf, items) {
      const snapshot = { format: FORMAT, accountId: accountKey(accountId), asOf: new Date(asOf).toISOString(), items };
      return inOrder(async () => {
        const key = await options.key.ensure();
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFileAtomic(pathOf(accountId), encryptCache(Buffer.from(JSON.stringify(snapshot), 'utf8'), key));
      });
    },
    remove(accountId) {
      return inOrder(() => rm(pathOf(accountId), { force: true }));
    },
  };
}
