import { afterEach, beforeEach, expect, test } from 'vitest';
import { ARM_SCOPE, entraHarness, type EntraHarness } from '../../test/fakes/entra/harness';
import { createAuth } from '../core/auth/auth';
import { memorySecretStore } from '../core/auth/secret-store';
import { cliAuthSettings, defaultDataDir, login, logout, rememberSignedIn, resolveTokenWithAuth, systemBrowserOpener, whoami, type AuthCliContext } from './auth-commands';
import { accountStore } from '../core/accounts/account-store';

let h: EntraHarness;
let out: string[];
let err: string[];
beforeEach(async () => {
  h = await entraHarness();
  out = [];
  err = [];
});
afterEach(async () => {
  await h.close();
});

function ctx(extra: Partial<AuthCliContext> = {}, env: Record<string, string | undefined> = {}): AuthCliContext {
  return {
    io: {
      out: (t) => void out.push(t),
      err: (t) => {
        err.push(t);
        if (t.includes('enter the code')) setTimeout(() => h.fake.approveDeviceCodes(), 50);
      },
    },
    env,
    auth: () => h.makeAuth({ openBrowser: undefined }),
    ...extra,
  };
}

test("login keeps the account in the app's account list (accounts.json), once, keeping a tenant name already there", async () => {
  const remember = rememberSignedIn(h.dataDir, 'public');
  expect(await login({ deviceCode: true }, ctx({ remember }))).toBe(0);
  const id = `${h.fake.user.oid}.${h.fake.user.tid}`.toLowerCase();
  expect((await accountStore(h.dataDir).load()).accounts).toEqual([
    { id, name: h.fake.user.name, username: 'approver@contoso.example', tenantId: h.fake.user.tid, tenantName: 'contoso.example', cloud: 'public', source: 'app', homeAccountId: id },
  ]);
  const [kept] = (await accountStore(h.dataDir).load()).accounts;
  if (!kept) throw new Error('kept');
  await accountStore(h.dataDir).remember({ ...kept, tenantName: 'Contoso' });
  expect(await login({ deviceCode: true }, ctx({ remember }))).toBe(0);
  expect((await accountStore(h.dataDir).load()).accounts.map((a) => [a.id, a.tenantName])).toEqual([[id, 'Contoso']]);
});

test('login --device-code, whoami, logout, whoami', async () => {
  expect(await login({ deviceCode: true }, ctx())).toBe(0);
  expect(err.join('\n')).toMatch(/enter the code [0-9A-F]+ to authenticate/);
  expect(out).toEqual([`Signed in as approver@contoso.example (tenant ${h.fake.user.tid}).`]);

  expect(await whoami(ctx({ json: true }))).toBe(0);
  const account = await h.makeAuth().account();
  // The session names the same account id the app's outbox uses: MSAL's home account id, `{oid}.{tid}`.
  expect(JSON.parse(out[1] ?? '')).toMatchObject({
    schema: 'pim-approvals/whoami@1',
    signedIn: true,
    source: 'session',
    username: 'approver@contoso.example',
    tenantId: h.fake.user.tid,
    accountId: account?.homeAccountId,
    objectId: account?.homeAccountId.split('.')[0],
    offline: false,
  });
  expect(account?.homeAccountId).toMatch(/^[^.]+\.[^.]+$/);

  expect(await logout(ctx())).toBe(0);
  expect(out[2]).toBe('Signed out.');
  expect(await whoami(ctx())).toBe(3);
  expect(err.at(-1)).toMatch(/pim-approvals login/);
  for (const line of [...out, ...err]) for (const secret of [...h.fake.issued.accessTokens, ...h.fake.issued.refreshTokens]) expect(line).not.toContain(secret);
});

test('login without a browser falls back to the device code', async () => {
  expect(await login({ deviceCode: false }, ctx())).toBe(0);
  expect(h.fake.issued.deviceCodes).toHaveLength(1);
});

test('login cancelled with Ctrl-C exits 3', async () => {
  const ctrlC = new AbortController();
  const c = ctx({ signal: ctrlC.signal });
  c.io = { out: (t) => void out.push(t), err: () => ctrlC.abort() };
  expect(await login({ deviceCode: true }, c)).toBe(3);
});

test('missing client id: exit 1 with the registration help', async () => {
  const c = ctx({ auth: () => createAuth({ settings: { cloud: 'public' }, dataDir: h.dataDir, secrets: memorySecretStore() }) });
  expect(await login({ deviceCode: true }, c)).toBe(1);
  expect(err.join('\n')).toMatch(/No client id is set/);
});

test('ARM_ACCESS_TOKEN wins over the session; else the session is used', async () => {
  const envToken = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ upn: 'robot@contoso.example', tid: 't1' })).toString('base64url')}.x`;
  let built = 0;
  const getAuth = () => {
    built++;
    return h.makeAuth();
  };
  expect(await resolveTokenWithAuth({ ARM_ACCESS_TOKEN: envToken }, getAuth, ARM_SCOPE)).toEqual({ ok: true, value: { accessToken: envToken, source: 'env', homeAccountId: null } });
  expect(built).toBe(0);

  expect(await resolveTokenWithAuth({}, getAuth, ARM_SCOPE)).toMatchObject({ ok: false, error: { kind: 'signed-out', message: expect.stringMatching(/ARM_ACCESS_TOKEN/) } });
  await h.makeAuth().signIn();
  const signedIn = await h.makeAuth().account();
  // The session's account comes along: the CLI's decisions belong to it, as the app's do.
  expect(signedIn?.homeAccountId).toMatch(/\./);
  expect(await resolveTokenWithAuth({}, getAuth, ARM_SCOPE)).toMatchObject({
    ok: true,
    value: { source: 'session', accessToken: h.fake.issued.accessTokens[0], homeAccountId: signedIn?.homeAccountId },
  });

  expect(await whoami(ctx({}, { ARM_ACCESS_TOKEN: envToken }))).toBe(0);
  // The token names a person and a tenant but no oid: whoami says so, and that it cannot decide.
  expect(out.at(-1)).toBe(
    [
      'Account:     robot@contoso.example',
      'Object id:   (not in the token)',
      'Tenant:      t1',
      'Account id:  (unknown: without oid and tid this token may read, never decide)',
      'Token from:  ARM_ACCESS_TOKEN',
    ].join('\n'),
  );
});

test('the system browser is used only where there is a desktop', () => {
  expect(systemBrowserOpener({}, 'linux')).toBeUndefined();
  expect(systemBrowserOpener({ DISPLAY: ':0' }, 'linux')).toBeTypeOf('function');
  expect(systemBrowserOpener({ DISPLAY: ':0', PIM_NO_BROWSER: '1' }, 'linux')).toBeUndefined();
  expect(systemBrowserOpener({}, 'darwin')).toBeTypeOf('function');
});

test('settings from flags and env; data dir per platform', () => {
  expect(cliAuthSettings({ tenant: 'contoso.com' }, { PIM_CLOUD: 'usgov', PIM_CLIENT_ID: 'id', PIM_TENANT: 'x' })).toEqual({ cloud: 'usgov', tenant: 'contoso.com', clientId: 'id' });
  expect(defaultDataDir({ HOME: '/h' }, 'linux')).toBe('/h/.config/pim-approvals');
  expect(defaultDataDir({ HOME: '/h' }, 'darwin')).toBe('/h/Library/Application Support/pim-approvals');
  expect(defaultDataDir({ PIM_DATA_DIR: '/d' }, 'linux')).toBe('/d');
});

test('logout removes the queue kept for offline use of the account it signs out', async () => {
  const { mkdtemp, mkdir, rm, stat, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { persistedQueueStore } = await import('../core/queue/persisted-queue');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pim-logout-kept-'));
  try {
    expect(await login({ deviceCode: true }, ctx())).toBe(0);
    const account = await h.makeAuth().account();
    if (!account) throw new Error('signed in');
    const none = { current: async () => null, ensure: async () => Buffer.alloc(32) };
    const kept = persistedQueueStore({ dataDir, key: none }).pathOf(account.homeAccountId);
    await mkdir(path.dirname(kept), { recursive: true });
    await writeFile(kept, 'the kept queue');
    expect(await logout(ctx({}, { PIM_DATA_DIR: dataDir }))).toBe(0);
    await expect(stat(kept)).rejects.toMatchObject({ code: 'ENOENT' });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
