/**
 * The accounts the app remembers between runs, shared with the CLI: `<dataDir>/accounts.json`
 * `{ version: 1, accounts: [...] }`, one record per person in one tenant. It names who to
 * restore at start and who a waiting outbox entry belongs to; it never holds a token (those
 * stay in the keychain-encrypted token cache). Written atomically with mode 0600; a file that
 * is not valid JSON or does not match the schema is said once and read as no accounts, never a
 * crash, and is left in place for the user (a later save replaces it).
 */
import path from 'node:path';
import { z } from 'zod';
import type { AccountSource as WireAccountSource } from '../model/state';
import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file';
import { accountKey } from '../outbox/stage-key';

export const ACCOUNTS_FILE = 'accounts.json';
/** More than anyone approves for; a bound so a hostile file cannot make us poll thousands of tenants. */
export const MAX_ACCOUNTS = 50;

/** How the account gets tokens (the contract's AccountSource; checked against it below). */
const AccountSource = z.enum(['app', 'azure-cli', 'demo']);
const _sameSources: (s: z.infer<typeof AccountSource>) => WireAccountSource = (s) => s;
void _sameSources;

export const AccountRecord = z.object({
  /** `{oid}.{tid}` as the tenant's token names it (lower-case). */
  id: z.string().min(3).max(300),
  name: z.string().max(400),
  username: z.string().max(400),
  tenantId: z.string().min(1).max(200),
  /** Display name, else default domain, else the id. */
  tenantName: z.string().max(400),
  cloud: z.enum(['public', 'usgov', 'china']),
  source: AccountSource,
  /** MSAL's home account (a guest account's is its home tenant's), to find its tokens in the cache. */
  homeAccountId: z.string().max(300).optional(),
});
export type AccountRecord = z.infer<typeof AccountRecord>;

const AccountsFile = z.object({ version: z.literal(1), accounts: z.array(AccountRecord).max(MAX_ACCOUNTS) });

export interface LoadedAccounts {
  accounts: AccountRecord[];
  /** Why the file was not used although it exists; null when all was well or there is none. */
  problem: string | null;
}

export interface AccountStore {
  readonly file: string;
  load(): Promise<LoadedAccounts>;
  /** Adds the record, or replaces the one with the same id (compared without case). */
  remember(record: AccountRecord): Promise<AccountRecord[]>;
  /** Drops the record with this id; the others stay as they were. */
  forget(accountId: string): Promise<AccountRecord[]>;
}

export function accountStore(dataDir: string): AccountStore {
  const file = path.join(dataDir, ACCOUNTS_FILE);
  // Writes one after another, so two quick changes (add then remove) never lose each other.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function load(): Promise<LoadedAccounts> {
    const bytes = await readFileIfExists(file);
    if (!bytes) return { accounts: [], problem: null };
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      return { accounts: [], problem: `The remembered accounts (${file}) are not valid JSON; starting with none.` };
    }
    const parsed = AccountsFile.safeParse(raw);
    if (!parsed.success) return { accounts: [], problem: `The remembered accounts (${file}) do not match their schema; starting with none.` };
    return { accounts: dedupe(parsed.data.accounts), problem: null };
  }

  async function write(accounts: AccountRecord[]): Promise<AccountRecord[]> {
    const body = { version: 1 as const, accounts: dedupe(accounts) };
    await writeFileAtomic(file, Buffer.from(`${JSON.stringify(AccountsFile.parse(body), null, 2)}\n`, 'utf8'));
    return body.accounts;
  }

  return {
    file,
    load,
    remember: (record) =>
      serial(async () => {
        const { accounts } = await load();
        const others = accounts.filter((a) => accountKey(a.id) !== accountKey(record.id));
        return write([...others, AccountRecord.parse(record)]);
      }),
    forget: (accountId) =>
      serial(async () => {
        const { accounts } = await load();
        return write(accounts.filter((a) => accountKey(a.id) !== accountKey(accountId)));
      }),
  };
}

/** One record per account id (the first wins): a hand-edited file may name one twice. */
function dedupe(accounts: readonly AccountRecord[]): AccountRecord[] {
  const seen = new Set<string>();
  return accounts.filter((a) => {
    const key = accountKey(a.id);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
