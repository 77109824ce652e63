/**
 * The Azure CLI as a token source: ARM tokens from `az account get-access-token`, so Azure
 * resource roles work without an app registration of our own. The token lives in memory
 * only, until 5 minutes before it expires; then `az` is asked again (it refreshes from its
 * own cache). Nothing here writes or logs a token; errors carry the exit code and the first
 * line of az's stderr, never stdout (which holds the token).
 *
 * Facts this relies on (checked against Azure/azure-sdk-for-js
 * sdk/identity/identity/src/credentials/azureCliCredential.ts, which runs the same command):
 * - the output is JSON with `accessToken`, `expiresOn`, `expires_on` (seconds since the
 *   epoch, Azure CLI ≥ 2.54.0, preferred when present), `tenant`, `subscription` (absent
 *   with --allow-no-subscriptions sign-ins) and `tokenType`;
 * - `expiresOn` is local time without a zone: Azure/azure-cli's azure-cli-core _profile.py
 *   writes it with `datetime.fromtimestamp(expires_on).strftime("%Y-%m-%d %H:%M:%S.%f")`;
 * - a signed-out CLI says "Please run 'az login' …" on stderr and exits non-zero;
 * - it runs az in a fixed directory (SystemRoot on Windows, /bin elsewhere) so that no `az`
 *   in the current directory can be picked up (cmd.exe looks in the current directory first).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { systemClock, type Clock } from '../clock';
import { clouds } from '../net/clouds';
import { accountIdFromToken, tokenClaims } from '../net/token-identity';
import type { Cloud } from '../net/types';
import { redact } from './redact';
import { silentLogger, type Logger } from './types';

export interface AzureCliOptions {
  cloud: Cloud;
  /** Tenant id or domain for `--tenant`; absent: the CLI's current tenant. */
  tenant?: string | null;
  clock?: Clock;
  /** How long one `az` run may take before it is stopped (default 30 s: az starts Python). */
  timeoutMs?: number;
  /** Tests pass a PATH holding a fake `az`; default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Default: process.platform (tests check the Windows invocation without running it). */
  platform?: NodeJS.Platform;
  logger?: Logger;
}

export type AzureCliProblemKind = 'missing' | 'signed-out' | 'timeout' | 'failed' | 'output' | 'config';

export interface AzureCliProblem {
  kind: AzureCliProblemKind;
  /** A sentence a person can act on; never contains a token. */
  message: string;
}

export interface AzureCliToken {
  accessToken: string;
  /** Epoch ms. */
  expiresOn: number;
  /** `{oid}.{tid}` from the token's claims (token-identity.ts), lower-case. */
  accountId: string;
  tenantId: string;
  /** The CLI's current subscription, when it has one. */
  subscription: string | null;
  /** From the token's claims, for the account list: display name and sign-in name. */
  name: string | null;
  username: string | null;
}

export type AzureCliResult = { ok: true; value: AzureCliToken } | { ok: false; problem: AzureCliProblem };

export interface AzureCliTokenSource {
  /** A token, from memory while it has more than 5 minutes left, else from `az`. */
  token(signal?: AbortSignal): Promise<AzureCliResult>;
  /** Forgets the token in memory (sign-out); the CLI's own sign-in is left alone. */
  clear(): void;
}

/** A token is asked for again this long before it expires (MSAL refreshes at the same margin). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
const DEFAULT_TIMEOUT_MS = 30_000;
/** The JSON is under 10 kB; anything far larger is not az's answer. */
const MAX_OUTPUT_BYTES = 1024 * 1024;
/** A tenant id or domain: nothing a command line could read as syntax (see azInvocation). */
const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;

export const AZ_MISSING = 'The Azure CLI (az) was not found on PATH. Install it from https://aka.ms/azure-cli, run `az login`, then try again.';
export const AZ_SIGNED_OUT = 'Run `az login` first, then try again.';

/**
 * The resource `az account get-access-token --resource` takes: the cloud's ARM scope without
 * its "/.default" (the Azure SDK's getScopeResource derives it the same way), always with one
 * trailing slash: https://management.azure.com/ on the public cloud; the sovereign clouds'
 * scopes ("…usgovcloudapi.net//.default") already name it so.
 */
export function armResource(cloud: Cloud): string {
  const resource = clouds[cloud].armScope.replace(/\/\.default$/, '');
  return resource.endsWith('/') ? resource : `${resource}/`;
}

/** The fixed arguments: every part is ours or checked (tenant), so no shell syntax can reach them. */
export function azArguments(cloud: Cloud, tenant?: string | null): string[] {
  return ['account', 'get-access-token', '--resource', armResource(cloud), ...(tenant ? ['--tenant', tenant] : []), '--output', 'json'];
}

export interface AzInvocation {
  file: string;
  args: string[];
  cwd: string;
  windowsVerbatimArguments: boolean;
}

/**
 * How to start az without a shell. On Linux and macOS `az` is an executable script found on
 * PATH. On Windows it is `az.cmd`, a batch file: execFile cannot start one directly (since
 * Node 18.20.2 / 20.12.2 it refuses .cmd/.bat without `shell`, CVE-2024-27980, nodejs
 * security release of April 2024), and `shell: true` with arguments is deprecated (DEP0190).
 * So we do by hand what Node's `shell` option does (lib/child_process.js
 * normalizeSpawnArguments: `cmd.exe /d /s /c "<command>"` with windowsVerbatimArguments),
 * with a command line built only from fixed words and a tenant that matched TENANT above:
 * letters, digits, dots and dashes, nothing cmd.exe treats as syntax.
 */
export function azInvocation(args: readonly string[], platform: NodeJS.Platform, env: NodeJS.ProcessEnv): AzInvocation {
  if (platform === 'win32') {
    const command = ['az', ...args].join(' ');
    return { file: env['ComSpec'] ?? 'cmd.exe', args: ['/d', '/s', '/c', `"${command}"`], cwd: env['SystemRoot'] ?? 'C:\\Windows', windowsVerbatimArguments: true };
  }
  return { file: 'az', args: [...args], cwd: '/bin', windowsVerbatimArguments: false };
}

type RunOutcome = { kind: 'exit'; code: number | null; stdout: string; stderr: string } | { kind: 'missing' } | { kind: 'timeout' } | { kind: 'spawn-error'; message: string };

/**
 * Runs az once. On timeout the whole process group goes: /usr/bin/az is a bash script that
 * starts Python without `exec`, so killing the script alone would leave Python running and
 * holding our pipes. On Windows, `taskkill /T` ends cmd.exe and what it started.
 */
async function runAz(invocation: AzInvocation, env: NodeJS.ProcessEnv, timeoutMs: number, clock: Clock, platform: NodeJS.Platform): Promise<RunOutcome> {
  const stop = new AbortController();
  let child: ChildProcess | null = null;
  const finished = new Promise<RunOutcome>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT_BYTES) into.push(chunk);
      else child?.kill('SIGKILL');
    };
    try {
      // spawn, not execFile: execFile's options do not include `detached`, which the timeout's
      // group kill needs; both run the file directly, without a shell, from an argument array.
      child = spawn(invocation.file, invocation.args, {
        cwd: invocation.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        windowsVerbatimArguments: invocation.windowsVerbatimArguments,
        // Its own process group, so a timeout can end az and everything it started.
        detached: platform !== 'win32',
      });
    } catch (e) {
      resolve({ kind: 'spawn-error', message: (e as NodeJS.ErrnoException).code ?? 'unknown error' });
      return;
    }
    child.stdout?.on('data', collect(out));
    child.stderr?.on('data', collect(err));
    // ENOENT: no az on PATH; EACCES: an az that is not executable.
    child.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'spawn-error', message: e.code ?? e.message }));
    child.on('close', (code) => {
      if (size > MAX_OUTPUT_BYTES) resolve({ kind: 'spawn-error', message: 'its output was far larger than a token' });
      else resolve({ kind: 'exit', code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
  const timedOut = clock.sleep(timeoutMs, stop.signal).then(
    () => ({ kind: 'timeout' }) as const,
    () => null,
  );
  const outcome = await Promise.race([finished, timedOut.then((t) => t ?? finished)]);
  stop.abort();
  if (outcome.kind === 'timeout') killTree(child, platform);
  return outcome;
}

function killTree(child: ChildProcess | null, platform: NodeJS.Platform): void {
  const pid = child?.pid;
  if (!child || pid === undefined || child.exitCode !== null) return;
  if (platform === 'win32') {
    // Fixed arguments; the pid is a number we were given by Node.
    execFile('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }, () => undefined);
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** The first non-empty line of az's stderr, redacted and short: enough to act on, never a secret. */
function firstLine(stderr: string): string {
  const line = stderr.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const clean = redact(line.trim());
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}

/** cmd.exe's words for a command it cannot find (exit code 9009). */
const WINDOWS_NOT_FOUND = /is not recognized as an internal or external command/i;
/** az's words when it has no sign-in for the tenant: "Please run 'az login' to setup account." */
const NEEDS_LOGIN = /az login/i;

function problemOf(outcome: RunOutcome, timeoutMs: number): AzureCliProblem {
  switch (outcome.kind) {
    case 'missing':
      return { kind: 'missing', message: AZ_MISSING };
    case 'timeout':
      return { kind: 'timeout', message: `The Azure CLI did not answer within ${Math.round(timeoutMs / 1000)} s and was stopped. Run \`az account get-access-token\` in a terminal to see what it waits for.` };
    case 'spawn-error':
      return { kind: 'failed', message: `The Azure CLI could not be run (${outcome.message}).` };
    case 'exit': {
      // cmd.exe runs az on Windows, so a missing az is its exit code 9009, not ENOENT.
      if (outcome.code === 9009 || WINDOWS_NOT_FOUND.test(outcome.stderr)) return { kind: 'missing', message: AZ_MISSING };
      if (NEEDS_LOGIN.test(outcome.stderr)) return { kind: 'signed-out', message: AZ_SIGNED_OUT };
      const line = firstLine(outcome.stderr);
      return { kind: 'failed', message: `The Azure CLI failed (exit code ${outcome.code ?? 'none'})${line ? `: ${line}` : '.'}` };
    }
  }
}

/**
 * az's JSON → a token, or why not. Trusts nothing: the token must be JWT-shaped and name its
 * account (oid and tid), and the expiry must be a real time.
 */
export function parseAzOutput(stdout: string): AzureCliResult {
  const bad = (why: string): AzureCliResult => ({ ok: false, problem: { kind: 'output', message: `The Azure CLI's answer could not be used: ${why}.` } });
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    return bad('it is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('it is not a JSON object');
  const o = raw as Record<string, unknown>;
  const accessToken = typeof o['accessToken'] === 'string' ? o['accessToken'].trim() : '';
  if (!accessToken) return bad('it has no accessToken');
  const expiresOn = expiryOf(o['expires_on'], o['expiresOn']);
  if (expiresOn === null) return bad('it has no usable expires_on or expiresOn');
  const accountId = accountIdFromToken(accessToken);
  if (!accountId) return bad('its token does not name an account (oid and tid)');
  const claims = tokenClaims(accessToken);
  const text = (name: string): string | null => {
    const v = claims?.[name];
    return typeof v === 'string' && v.trim() ? v.trim() : null;
  };
  const tenantId = accountId.split('.')[1] ?? '';
  const subscription = typeof o['subscription'] === 'string' && o['subscription'].trim() ? o['subscription'].trim() : null;
  const username = text('upn') ?? text('unique_name') ?? text('preferred_username');
  return { ok: true, value: { accessToken, expiresOn, accountId, tenantId, subscription, name: text('name') ?? username, username } };
}

/** `expires_on` (epoch seconds, number or digits) first; else `expiresOn`, a local time without zone. */
function expiryOf(expiresOnEpoch: unknown, expiresOnLocal: unknown): number | null {
  const seconds = typeof expiresOnEpoch === 'number' ? expiresOnEpoch : typeof expiresOnEpoch === 'string' && /^\d+$/.test(expiresOnEpoch.trim()) ? Number(expiresOnEpoch.trim()) : NaN;
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  if (typeof expiresOnLocal !== 'string') return null;
  // "2024-01-01 10:00:00.000000": az prints its local time; V8 reads a date-time without a
  // zone as local time too, once the space is a "T" and the fraction at most milliseconds.
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(expiresOnLocal.trim());
  if (!m) return null;
  const ms = new Date(`${m[1]}T${m[2]}${m[3] ? m[3].slice(0, 4) : ''}`).getTime();
  return Number.isFinite(ms) ? ms : null;
}

export function azureCliTokenSource(options: AzureCliOptions): AzureCliTokenSource {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const tenant = options.tenant?.trim() || null;
  let cached: AzureCliToken | null = null;
  /** One az run at a time: the poller, the kinds check and a decision may ask together. */
  let inFlight: Promise<AzureCliResult> | null = null;

  async function ask(): Promise<AzureCliResult> {
    if (tenant && !TENANT.test(tenant)) return { ok: false, problem: { kind: 'config', message: `The tenant "${tenant}" is not a tenant id or domain name.` } };
    const outcome = await runAz(azInvocation(azArguments(options.cloud, tenant), platform, env), env, timeoutMs, clock, platform);
    if (outcome.kind !== 'exit' || outcome.code !== 0) {
      const problem = problemOf(outcome, timeoutMs);
      logger.warn('azure-cli: no token', { kind: problem.kind });
      return { ok: false, problem };
    }
    const parsed = parseAzOutput(outcome.stdout);
    if (!parsed.ok) {
      logger.warn('azure-cli: no token', { kind: parsed.problem.kind });
      return parsed;
    }
    if (parsed.value.expiresOn <= clock.now()) return { ok: false, problem: { kind: 'output', message: 'The Azure CLI gave a token that has already expired; check this computer\'s clock, or run `az login` again.' } };
    cached = parsed.value;
    logger.info('azure-cli: token', { expiresInS: Math.round((parsed.value.expiresOn - clock.now()) / 1000) });
    return parsed;
  }

  return {
    async token(signal) {
      if (cached && clock.now() < cached.expiresOn - REFRESH_MARGIN_MS) return { ok: true, value: cached };
      // The run is shared, so one caller's abort does not stop it for the others: the caller
      // that gives up gets its answer at once, and az runs on to its answer or its timeout.
      const run = (inFlight ??= ask().finally(() => {
        inFlight = null;
      }));
      if (!signal) return run;
      if (signal.aborted) return { ok: false, problem: { kind: 'failed', message: 'Stopped before the Azure CLI answered.' } };
      return Promise.race([
        run,
        new Promise<AzureCliResult>((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, problem: { kind: 'failed', message: 'Stopped before the Azure CLI answered.' } }), { once: true })),
      ]);
    },
    clear() {
      cached = null;
    },
  };
}
