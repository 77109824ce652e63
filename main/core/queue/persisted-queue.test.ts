import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { memorySecretStore } from '../auth/secret-store';
import { CACHE_KEY_ACCOUNT } from '../auth/cache-plugin';
import { queueItem } from '../../../test/kit/item-fixture';
import { persistedQueueStore, type PersistedQueueStore } from './persisted-queue';
import { keychainQueueKey } from './queue-key';

const ADA = '11111111-aaaa-4aaa-8aaa-111111111111.22222222-bbbb-4bbb-8bbb-222222222222';
const GRACE = '33333333-cccc-4ccc-8ccc-333333333333.22222222-bbbb-4bbb-8bbb-222222222222';
const AS_OF = Date.parse('2026-01-05T10:26:00.000Z');

let dataDir: string;
let secrets: ReturnType<typeof memorySecretStore>;
let store: PersistedQueueStore;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pim-persisted-queue-'));
  secrets = memorySecretStore();
  store = persistedQueueStore({ dataDir, key: keychainQueueKey(secrets) });
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const itemsOf = (accountId: string) => [queueItem(1, { accountId }), queueItem(2, { accountId, kind: 'entraRole', id: 'roleManagement/directory/roleAssignmentApprovals/x/steps/y' })];

describe('persisted queue', () => {
  test('round-trips every kind with its time, encrypted with the token cache key, mode 0600', async () => {
    await store.save(ADA, AS_OF, itemsOf(ADA));
    const loaded = await store.load(ADA);
    expect(loaded).toEqual({ status: 'ok', asOf: AS_OF, items: itemsOf(ADA) });
    const bytes = await readFile(store.pathOf(ADA));
    expect(bytes.includes(Buffer.from('Ada Lovelace'))).toBe(false);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PIMC');
    // The one key the token cache uses, created in the keychain at the first write.
    expect(await secrets.get(CACHE_KEY_ACCOUNT)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    if (process.platform !== 'win32') expect((await stat(store.pathOf(ADA))).mode & 0o777).toBe(0o600);
  });

  test('uses the key already in the keychain (the token cache made it)', async () => {
    const existing = Buffer.alloc(32, 7).toString('base64');
    await secrets.set(CACHE_KEY_ACCOUNT, existing);
    await store.save(ADA, AS_OF, itemsOf(ADA));
    expect(await secrets.get(CACHE_KEY_ACCOUNT)).toBe(existing);
    expect((await store.load(ADA)).status).toBe('ok');
  });

  test('nothing saved: none', async () => {
    expect(await store.load(ADA)).toEqual({ status: 'none' });
  });

  test('each poll replaces the file; sign-out removes it', async () => {
    await store.save(ADA, AS_OF, itemsOf(ADA));
    await store.save(ADA, AS_OF + 60_000, [queueItem(3, { accountId: ADA })]);
    expect(await store.load(ADA)).toEqual({ status: 'ok', asOf: AS_OF + 60_000, items: [queueItem(3, { accountId: ADA })] });
    await store.remove(ADA);
    expect(await store.load(ADA)).toEqual({ status: 'none' });
  });

  test('a tampered file is ignored with a reason', async () => {
    await store.save(ADA, AS_OF, itemsOf(ADA));
    const bytes = await readFile(store.pathOf(ADA));
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0x01;
    await writeFile(store.pathOf(ADA), bytes);
    expect(await store.load(ADA)).toEqual({ status: 'ignored', reason: expect.stringMatching(/cannot be decrypted/) });
  });

  test('a file encrypted with another key (the keychain key was replaced) is ignored', async () => {
    await store.save(ADA, AS_OF, itemsOf(ADA));
    await secrets.set(CACHE_KEY_ACCOUNT, Buffer.alloc(32, 9).toString('base64'));
    expect(await store.load(ADA)).toEqual({ status: 'ignored', reason: expect.stringMatching(/cannot be decrypted/) });
  });

  test('no key in the keychain: ignored, not thrown', async () => {
    await store.save(ADA, AS_OF, itemsOf(ADA));
    await secrets.delete(CACHE_KEY_ACCOUNT);
    expect(await store.load(ADA)).toEqual({ status: 'ignored', reason: 'the keychain holds no key for it' });
  });

  test("another account's file in this account's place is ignored: nothing of Grace is shown to Ada", async () => {
    await store.save(GRACE, AS_OF, itemsOf(GRACE));
    await mkdir(dirname(store.pathOf(ADA)), { recursive: true });
    await copyFile(store.pathOf(GRACE), store.pathOf(ADA));
    expect(await store.load(ADA)).toEqual({ status: 'ignored', reason: 'it belongs to another account' });
    expect((await store.load(GRACE)).status).toBe('ok');
  });

  test('an item of another account inside the file makes the whole file foreign', async () => {
    await store.save(ADA, AS_OF, [queueItem(1, { accountId: ADA }), queueItem(2, { accountId: GRACE })]);
    expect(await store.load(ADA)).toEqual({ status: 'ignored', reason: 'it belongs to another account' });
  });

  test('account ids compare without case', async () => {
    await store.save(ADA.toUpperCase(), AS_OF, itemsOf(ADA));
    expect((await store.load(ADA)).status).toBe('ok');
  });

  test('an unreadable file (a directory in its place) is ignored with a reason', async () => {
    await mkdir(store.pathOf(ADA), { recursive: true });
    expect(await store.load(ADA)).toEqual({ status: 'ignored', reason: expect.stringMatching(/^it could not be read \(EISDIR/) });
  });

  test('a file that decrypts but is not a saved queue is ignored', async () => {
    const { encryptCache } = await import('../auth/crypto-file');
    await store.save(ADA, AS_OF, itemsOf(ADA)); // makes the key
    const key = Buffer.from((await secrets.get(CACHE_KEY_ACCOUNT)) ?? '', 'base64');
    await writeFile(store.pathOf(ADA), encryptCache(Buffer.from(JSON.stringify({ format: 'pim-approvals/persisted-queue@1', accountId: ADA, asOf: 'yesterday', items: [] })), key));
    expect(await store.load(ADA)).toEqual({ status: 'ignored', reason: 'its contents are not a saved queue' });
  });
});
