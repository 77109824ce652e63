/**
 * The remembered accounts on a real disk: what the app restores at start and the CLI reads.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountStore, ACCOUNTS_FILE, type AccountRecord } from './account-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pim-accounts-'));
  dirs.push(dir);
  return dir;
}

const contoso: AccountRecord = { id: 'aaa.tid-contoso', name: 'Ada', username: 'ada@contoso.example', tenantId: 'tid-contoso', tenantName: 'Contoso', cloud: 'public', source: 'app', homeAccountId: 'aaa.tid-contoso' };
const fabrikam: AccountRecord = { id: 'bbb.tid-fabrikam', name: 'Ada', username: 'ada@contoso.example', tenantId: 'tid-fabrikam', tenantName: 'Fabrikam', cloud: 'public', source: 'app', homeAccountId: 'aaa.tid-contoso' };

describe('account store', () => {
  it('starts with no accounts when there is no file', async () => {
    expect(await accountStore(dataDir()).load()).toEqual({ accounts: [], problem: null });
  });

  it('remembers accounts across a new store on the same folder, in the documented file shape, mode 0600', async () => {
    const dir = dataDir();
    const store = accountStore(dir);
    await store.remember(contoso);
    await store.remember(fabrikam);
    const file = path.join(dir, ACCOUNTS_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, accounts: [contoso, fabrikam] });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await accountStore(dir).load()).accounts.map((a) => a.tenantName)).toEqual(['Contoso', 'Fabrikam']);
  });

  it('one record per account: remembering it again (another casing) replaces it', async () => {
    const store = accountStore(dataDir());
    await store.remember(contoso);
    const after = await store.remember({ ...contoso, id: contoso.id.toUpperCase(), tenantName: 'Contoso Ltd' });
    expect(after).toHaveLength(1);
    expect(after[0]?.tenantName).toBe('Contoso Ltd');
  });

  it('forgets one account and keeps the others', async () => {
    const store = accountStore(dataDir());
    await store.remember(contoso);
    await store.remember(fabrikam);
    expect(await store.forget('AAA.TID-CONTOSO')).toEqual([fabrikam]);
    expect((await store.load()).accounts).toEqual([fabrikam]);
  });

  it('two changes at once both land (writes are serialised)', async () => {
    const store = accountStore(dataDir());
    await Promise.all([store.remember(contoso), store.remember(fabrikam)]);
    expect((await store.load()).accounts.map((a) => a.id).sort()).toEqual([contoso.id, fabrikam.id]);
  });

  it.each([
    ['not JSON', '{"version":1,"accounts":['],
    ['an unknown version', JSON.stringify({ version: 2, accounts: [contoso] })],
    ['an unknown source', JSON.stringify({ version: 1, accounts: [{ ...contoso, source: 'cloud-shell' }] })],
    ['a missing tenant', JSON.stringify({ version: 1, accounts: [{ ...contoso, tenantId: undefined }] })],
  ])('a file with %s is said and read as no accounts, and left in place', async (_what, body) => {
    const dir = dataDir();
    writeFileSync(path.join(dir, ACCOUNTS_FILE), body);
    const loaded = await accountStore(dir).load();
    expect(loaded.accounts).toEqual([]);
    expect(loaded.problem).toMatch(/remembered accounts .* starting with none/);
    expect(readFileSync(path.join(dir, ACCOUNTS_FILE), 'utf8')).toBe(body);
  });

  it('a hand-edited file naming one account twice reads as one', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, ACCOUNTS_FILE), JSON.stringify({ version: 1, accounts: [contoso, { ...contoso, tenantName: 'Second' }, fabrikam] }));
    expect((await accountStore(dir).load()).accounts.map((a) => a.tenantName)).toEqual(['Contoso', 'Fabrikam']);
  });
});
