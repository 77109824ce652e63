/**
 * CLI handlers for signing in: `login [--device-code]`, `logout`, `whoami`, and the token
 * resolution every ARM command uses (`ARM_ACCESS_TOKEN` wins, else the cached session shared
 * with the app). Handlers return exit codes (0 ok, 1 error, 3 auth) and write only through
 * `io`: results to `out`, prompts and problems to `err`. Never prints a token.
 */
import { spawn } from 'node:child_process';
import type { Cloud } from '../core/arm/types';
import { createAuth, type AuthHandle, type AuthOptions } from '../core/auth/auth';
import type { AuthSettings } from '../core/auth/config';
import { accountIdOf, type Auth, type AuthAccount, type AuthError, type AuthResult } from '../core/auth/types';
import { accountStore } from '../core/accounts/account-store';
import { accountIdFromToken, tokenClaims } from '../core/net/token-identity';
import { inertText } from './inert-text';
import { writeResult, type OutputFormat } from './output';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_AUTH = 3;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface AuthCliContext {
  io: CliIo;
  env: Record<string, string | undefined>;
  /** Builds this run's Auth (settings from flags/env, the data dir shared with the app). */
  auth: () => AuthHandle;
  /** `--json`: machine-readable results on `out` (the same as output 'json'). */
  json?: boolean;
  /** -o/--output; wins over `json`. */
  output?: OutputFormat;
  /** Aborted on Ctrl-C: cancels a sign-in in progress. */
  signal?: AbortSignal;
  /** Adds the signed-in account to the accounts the app remembers (rememberSignedIn); absent: not kept. */
  remember?: (account: AuthAccount) => Promise<void>;
}

/**
 * Keeps a signed-in account in the app's accounts.json (core's account store), so the app and
 * `pim-approvals accounts` know it, as the app's own "Add account" does. A record already there
 * keeps its tenant name (the app may know the display name); a new one takes the user name's
 * domain, else the tenant id: the token cache does not hold the tenant's name.
 */
export function rememberSignedIn(dataDir: string, cloud: Cloud): (account: AuthAccount) => Promise<void> {
  return async (account) => {
    const store = accountStore(dataDir);
    const id = accountIdOf(account);
    const before = (await store.load()).accounts.find((a) => a.id.toLowerCase() === id);
    const domain = account.username.includes('@') ? account.username.slice(account.username.lastIndexOf('@') + 1) : '';
    await store.remember({
      id,
      name: account.name ?? account.username,
      username: account.username,
      tenantId: account.tenantId,
      tenantName: before?.tenantName ?? (domain || account.tenantId),
      cloud,
      source: 'app',
      homeAccountId: account.homeAccountId,
    });
  };
}

/** Flags and environment → sign-in settings. Flags win over PIM_CLOUD / PIM_TENANT / PIM_CLIENT_ID. */
export function cliAuthSettings(flags: { cloud?: string; tenant?: string; clientId?: string }, env: Record<string, string | undefined>): AuthSettings {
  return {
    cloud: (flags.cloud ?? env.PIM_CLOUD ?? 'public') as Cloud,
    tenant: flags.tenant ?? env.PIM_TENANT ?? null,
    clientId: flags.clientId ?? env.PIM_CLIENT_ID ?? null,
  };
}

export { defaultDataDir } from './data-dir';

/**
 * The CLI's Auth: the system browser when this session has a desktop (else `login` falls back
 * to the device code), device code for step-up prompts, MSAL's own Node networking.
 */
export function createCliAuth(opts: Omit<AuthOptions, 'deviceCode'> & { io?: CliIo; env?: Record<string, string | undefined> }): AuthHandle {
  const { io, env = process.env, ...rest } = opts;
  const openBrowser = rest.openBrowser ?? systemBrowserOpener(env);
  return createAuth({
    ...rest,
    ...(openBrowser
      ? {
          openBrowser: async (url: string) => {
            io?.err('Opening your browser to sign in (if it does not open, press Ctrl-C and run `pim-approvals login --device-code`).');
            await openBrowser(url);
          },
        }
      : {}),
    deviceCode: (info) => io?.err(info.message),
  });
}

/**
 * Opens a URL in the desktop's browser, or undefined when there is no desktop to open one
 * (SSH session, container): then sign-in uses the device code. Never logs the URL (it
 * carries the PKCE challenge and state).
 */
export function systemBrowserOpener(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): ((url: string) => Promise<void>) | undefined {
  const command: [string, string[]] | null =
    platform === 'darwin'
      ? ['open', []]
      : platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler']]
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? ['xdg-open', []]
          : null;
  if (!command || env.PIM_NO_BROWSER) return undefined;
  const [file, args] = command;
  return (url) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(file, [...args, url], { stdio: 'ignore', detached: true });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
}

function exitFor(error: AuthError): number {
  return error.kind === 'signed-out' || error.kind === 'cancelled' ? EXIT_AUTH : EXIT_ERROR;
}

/** One result in the run's format: `text` for a table, `value` as JSON, `row` for tsv. */
function report(ctx: AuthCliContext, value: Record<string, unknown>, text: string, row: (string | boolean | null)[]): void {
  writeResult(ctx.io, ctx.output ?? (ctx.json ? 'json' : 'table'), { json: () => value, table: () => text, tsv: () => [row] });
}

export async function login(args: { deviceCode: boolean }, ctx: AuthCliContext): Promise<number> {
  const auth = ctx.auth();
  const state = await auth.start();
  if (state.status === 'error' || state.status === 'keychain-unavailable') {
    ctx.io.err(state.status === 'keychain-unavailable' ? `${state.message} The CLI cannot keep a session in memory between runs; set ARM_ACCESS_TOKEN instead.` : state.message);
    return EXIT_ERROR;
  }
  if (ctx.env.ARM_ACCESS_TOKEN) ctx.io.err('Note: ARM_ACCESS_TOKEN is set and is used instead of this sign-in until you unset it.');
  const printCode = (info: { message: string }) => ctx.io.err(info.message);
  let result = await auth.signIn(args.deviceCode ? { deviceCode: printCode, ...signal(ctx) } : signal(ctx));
  if (!result.ok && result.error.kind === 'config' && !args.deviceCode) {
    // No browser can be opened from here (SSH, container): fall back to the device code.
    result = await auth.signIn({ deviceCode: printCode, ...signal(ctx) });
  }
  if (!result.ok) {
    ctx.io.err(result.error.message);
    return exitFor(result.error);
  }
  const account = result.value;
  // Signed in is what happened even if the list cannot be written: say so, and do not fail the sign-in.
  await ctx.remember?.(account).catch((err: unknown) => ctx.io.err(`Note: the account could not be added to the app's account list (${inertText(err instanceof Error ? err.message : String(err))}).`));
  report(ctx, { signedIn: true, username: account.username, tenantId: account.tenantId }, `Signed in as ${inertText(account.username)} (tenant ${inertText(account.tenantId)}).`, [account.username, account.tenantId]);
  return EXIT_OK;
}

export async function logout(ctx: AuthCliContext): Promise<number> {
  const auth = ctx.auth();
  const state = await auth.start();
  if (state.status === 'error') {
    ctx.io.err(state.message);
    return EXIT_ERROR;
  }
  await auth.signOut();
  // Sign-out forgets the queue kept for offline use too (the app does the same).
  const leaving = state.account?.homeAccountId;
  if (leaving) await (await import('./offline-queue')).cliQueueStore(ctx.env).remove(leaving).catch(() => undefined);
  report(ctx, { signedIn: false }, 'Signed out.', [false]);
  if (ctx.env.ARM_ACCESS_TOKEN) ctx.io.err('Note: ARM_ACCESS_TOKEN is still set and still used.');
  return EXIT_OK;
}

/** Who the CLI acts as, from what is known without a network call beyond a token refresh. */
export interface Identity {
  source: string;
  username: string | null;
  name: string | null;
  objectId: string | null;
  tenantId: string | null;
  /** `{oid}.{tid}`: whose decisions this run may send; null when the token does not say. */
  accountId: string | null;
}

/** `whoami`: as the table says it ("Alex Rivera <alex@contoso.com>"), as JSON, or as one tsv row. */
export function reportIdentity(ctx: AuthCliContext, who: Identity, extra: Record<string, unknown> = {}): void {
  const person = who.name && who.username ? `${inertText(who.name)} <${inertText(who.username)}>` : inertText(who.name ?? who.username) || '(the token does not name anyone)';
  const text = [
    `Account:     ${person}`,
    `Object id:   ${inertText(who.objectId) || '(not in the token)'}`,
    `Tenant:      ${inertText(who.tenantId) || '(not in the token)'}`,
    `Account id:  ${who.accountId ? inertText(who.accountId) : '(unknown: without oid and tid this token may read, never decide)'}`,
    `Token from:  ${who.source}`,
  ].join('\n');
  report(ctx, { schema: 'pim-approvals/whoami@1', signedIn: true, ...who, ...extra }, text, [who.accountId, who.objectId, who.tenantId, who.username, who.name, who.source]);
}

export async function whoami(ctx: AuthCliContext): Promise<number> {
  const envToken = ctx.env.ARM_ACCESS_TOKEN?.trim();
  if (envToken) {
    // Read, not verified: Azure verifies the token; this only names whose it says it is.
    const claims = tokenClaims(envToken) ?? {};
    const claim = (name: string) => {
      const v = claims[name];
      return typeof v === 'string' && v.trim() ? v.trim() : null;
    };
    reportIdentity(ctx, {
      source: 'ARM_ACCESS_TOKEN',
      username: claim('upn') ?? claim('unique_name') ?? claim('preferred_username') ?? claim('email'),
      name: claim('name'),
      objectId: claim('oid'),
      tenantId: claim('tid'),
      accountId: accountIdFromToken(envToken),
    });
    return EXIT_OK;
  }
  const auth = ctx.auth();
  const state = await auth.start();
  if (state.status === 'error' || state.status === 'keychain-unavailable') {
    ctx.io.err(state.message);
    return EXIT_ERROR;
  }
  const account = await auth.account();
  if (!account || !auth.armScope) {
    ctx.io.err(`${state.message} Run \`pim-approvals login\`.`);
    return EXIT_AUTH;
  }
  // Confirms the session still works (refreshing if needed); offline is not "signed out".
  const token = await auth.token([auth.armScope]);
  if (!token.ok && token.error.kind !== 'offline') {
    ctx.io.err(`${token.error.message} Run \`pim-approvals login\`.`);
    return exitFor(token.error);
  }
  if (!token.ok) ctx.io.err(token.error.message);
  // MSAL's home account id is `{oid}.{tid}`: the same account id the app and the outbox use.
  const [oid] = account.homeAccountId.split('.');
  reportIdentity(
    ctx,
    { source: 'session', username: account.username, name: account.name, objectId: oid || null, tenantId: account.tenantId, accountId: account.homeAccountId },
    { offline: !token.ok },
  );
  return EXIT_OK;
}

/** A token for ARM: `ARM_ACCESS_TOKEN` when set (automation), else the cached session (with its account). */
export async function resolveTokenWithAuth(
  env: Record<string, string | undefined>,
  getAuth: () => Auth | Promise<Auth>,
  scope: string,
): Promise<AuthResult<{ accessToken: string; source: 'env' | 'session'; homeAccountId: string | null }>> {
  const fromEnv = env.ARM_ACCESS_TOKEN?.trim();
  if (fromEnv) return { ok: true, value: { accessToken: fromEnv, source: 'env', homeAccountId: null } };
  const auth = await getAuth();
  const state = await auth.start();
  if (state.status === 'error' || state.status === 'keychain-unavailable') return { ok: false, error: { kind: state.status === 'error' ? 'config' : 'keychain-unavailable', message: state.message } };
  const token = await auth.token([scope]);
  if (!token.ok) {
    const hint = token.error.kind === 'signed-out' ? ' Run `pim-approvals login` or set ARM_ACCESS_TOKEN.' : '';
    return { ok: false, error: { ...token.error, message: `${token.error.message}${hint}` } };
  }
  // The signed-in account's MSAL home account id ({oid}.{tid}): the app keys its outbox entries by it.
  return { ok: true, value: { accessToken: token.value.accessToken, source: 'session', homeAccountId: token.value.account.homeAccountId } };
}

function signal(ctx: AuthCliContext): { signal?: AbortSignal } {
  return ctx.signal ? { signal: ctx.signal } : {};
}
