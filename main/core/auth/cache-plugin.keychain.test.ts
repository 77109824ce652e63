import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCacheContext } from '@azure/msal-node';
import keytar from 'keytar';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ARM_SCOPE, entraHarness, TEST_CLIENT_ID, type EntraHarness } from '../../../test/fakes/entra/harness';
import { encryptedCachePlugin } from './cache-plugin';
import { decryptCache } from './crypto-file';
import { KEYCHAIN_SERVICE, keytarSecretStore } from './secret-store';

// The real OS keychain: keytar against the Secret Service (gnome-keyring in a private D-Bus
// session when run through test/with-keyring.sh). These tests must not skip.
let keyAccount: string;
let dataDir: string;
beforeEach(async () => {
  keyAccount = `test-${randomUUID()}`;
  dataDir = await mkdtemp(join(tmpdir(), 'pim-keychain-'));
});
afterEach(async () => {
  await keytar.deletePassword(KEYCHAIN_SERVICE, keyAccount).catch(() => false);
  await rm(dataDir, { recursive: true, force: true });
});

describe('with real MSAL signing in', () => {
  let h: EntraHarness;
  beforeEach(async () => {
    h = await entraHarness({ accessTokenLifetimeSec: 60 });
  });
  afterEach(async () => {
    await h.close();
  });
  const makeAuth = () => h.makeAuth({ secrets: keytarSecretStore(), keyAccount, dataDir });

  test('the key is in the keychain and the cache file holds no token text', async () => {
    const auth = makeAuth();
    expect((await auth.start()).status).toBe('signed-out');
    expect((await auth.signIn()).ok).toBe(true);
    expect((await auth.token([ARM_SCOPE])).ok).toBe(true); // a refresh: a second generation of tokens

    const stored = await keytar.getPassword(KEYCHAIN_SERVICE, keyAccount);
    expect(stored).toBeTruthy();
    const key = Buffer.from(stored ?? '', 'base64');
    expect(key).toHaveLength(32);

    const bytes = await readFile(join(dataDir, 'msal-cache.bin'));
    const secrets = [...h.fake.issued.accessTokens, ...h.fake.issued.refreshTokens, ...h.fake.issued.idTokens, h.fake.user.username];
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret)), 'plaintext secret in the cache file').toBe(false);
      expect(bytes.includes(Buffer.from(secret.slice(0, 16))), 'a piece of a secret in the cache file').toBe(false);
    }
    // …and it is the real cache, readable with the keychain's key.
    const plain = decryptCache(bytes, key).toString('utf8');
    expect(plain).toContain(h.fake.issued.refreshTokens.at(-1));
  });

  test('a tampered file signs out cleanly and is kept aside', async () => {
    await makeAuth().signIn();
    const path = join(dataDir, 'msal-cache.bin');
    const bytes = await readFile(path);
    bytes[20] = (bytes[20] ?? 0) ^ 0x01; // inside the IV: authentication must fail
    await writeFile(path, bytes);

    const auth = makeAuth();
    const state = await auth.start();
    expect(state).toMatchObject({ status: 'signed-out' });
    expect(state.message).toMatch(/set aside/);
    const aside = (await readdir(dataDir)).filter((f) => f.startsWith('msal-cache.bin.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dataDir, aside[0] ?? ''))).toEqual(bytes);
    expect(await auth.token([ARM_SCOPE])).toMatchObject({ ok: false, error: { kind: 'signed-out' } });
  });

  test('a cache whose key left the keychain is set aside and a new key is made', async () => {
    await makeAuth().signIn();
    const oldKey = await keytar.getPassword(KEYCHAIN_SERVICE, keyAccount);
    await keytar.deletePassword(KEYCHAIN_SERVICE, keyAccount);
    const auth = makeAuth();
    expect((await auth.start()).status).toBe('signed-out');
    expect((await readdir(dataDir)).some((f) => f.startsWith('msal-cache.bin.corrupt-'))).toBe(true);
    expect((await auth.signIn()).ok).toBe(true); // the first write makes the new key
    const newKey = await keytar.getPassword(KEYCHAIN_SERVICE, keyAccount);
    expect(newKey).toBeTruthy();
    expect(newKey).not.toBe(oldKey);
  });

  test('the CLI in another process shares the session (MSAL\'s own https client, NODE_EXTRA_CA_CERTS)', async () => {
    await makeAuth().signIn();
    const caFile = join(dataDir, 'fake-entra-ca.pem');
    await writeFile(caFile, h.fake.ca);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: caFile, TEST_AUTHORITY: h.fake.origin, PIM_CLIENT_ID: TEST_CLIENT_ID, PIM_DATA_DIR: dataDir, TEST_KEY_ACCOUNT: keyAccount };
    delete env.ARM_ACCESS_TOKEN;
    // Async spawn: the fake Entra lives in this process and must keep answering.
    const child = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../../test/fakes/entra/cli-whoami.child.ts')], env);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ signedIn: true, username: 'approver@contoso.example', offline: false });
    // The access token was "expired" (60 s lifetime), so the child refreshed it over https itself.
    expect(h.fake.tokenRequests('refresh_token')).toHaveLength(1);
    // …and wrote the rotated tokens back where the app finds them.
    expect((await makeAuth().token([ARM_SCOPE])).ok).toBe(true);
  });
});

describe('across processes (node --import tsx children)', () => {
  test('a child SIGKILLed mid-write leaves the previous cache readable', async () => {
    let killedMidWrite = 0;
    for (let round = 0; round < 3; round++) {
      const child = startChild(['churn', dataDir, keyAccount]);
      await child.waitForLine(/^wrote 1$/);
      // Kill the moment the next temp file appears (the write is under way), or soon anyway.
      const watcher = watch(dataDir, (_event, name) => {
        if (name?.endsWith('.tmp')) child.proc.kill('SIGKILL');
      });
      const fallback = setTimeout(() => child.proc.kill('SIGKILL'), 2_000);
      await child.exited;
      watcher.close();
      clearTimeout(fallback);
      if ((await readdir(dataDir)).some((f) => f.endsWith('.tmp'))) killedMidWrite++;

      const cache = await readCacheInProcess(); // also recovers the dead child's lock
      const generation = (cache.AccessToken as { generation?: { n: number; blob: string } }).generation;
      expect(generation?.n).toBeGreaterThanOrEqual(1);
      expect(generation?.blob).toHaveLength(4 * 1024 * 1024);
      expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]); // dead writers' temp files are swept
    }
    expect(killedMidWrite).toBeGreaterThan(0);
  }, 60_000);

  test('two processes writing at once lose no update and corrupt nothing', async () => {
    const a = startChild(['append', dataDir, keyAccount, 'a', '15']);
    const b = startChild(['append', dataDir, keyAccount, 'b', '15']);
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    const cache = await readCacheInProcess();
    const names = Object.keys(cache.AppMetadata ?? {}).sort();
    expect(names).toHaveLength(30);
    expect(names).toContain('a-14');
    expect(names).toContain('b-14');
    expect((await readdir(dataDir)).filter((f) => f.includes('corrupt') || f.endsWith('.lock'))).toEqual([]);
  }, 60_000);
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function readCacheInProcess(): Promise<Record<string, Record<string, unknown>>> {
  const plugin = encryptedCachePlugin({ dataDir, secrets: keytarSecretStore(), keyAccount, onCorrupt: () => expect.fail('cache was corrupt') });
  let text = '';
  // Only deserialize is used by beforeCacheAccess; a read-only context writes nothing back.
  const ctx = { cacheHasChanged: false, tokenCache: { deserialize: (t: string) => void (text = t), serialize: () => text } } as unknown as TokenCacheContext;
  await plugin.beforeCacheAccess(ctx);
  await plugin.afterCacheAccess(ctx);
  return JSON.parse(text) as Record<string, Record<string, unknown>>;
}

function startChild(args: string[]): { proc: ChildProcess; exited: Promise<number | null>; waitForLine(re: RegExp): Promise<void> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', '..', '..', 'test', 'kit', 'cache-plugin.child.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  proc.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      if (out.split('\n').some((line) => w.re.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  proc.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      if (code) console.error(`child ${args.join(' ')} failed:\n${err}`);
      resolve(code);
    }),
  );
  return {
    proc,
    exited,
    waitForLine: (re) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ re, resolve });
        void exited.then(() => reject(new Error(`child exited before printing ${re}: ${err}`)));
      }),
  };
}
