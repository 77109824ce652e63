/**
 * The Azure CLI token source against a fake `az` on PATH (test/fakes/fake-az.ts): a real
 * process per run, its JSON, its "Please run 'az login'" failure, other failures, a hung az
 * and no az at all. Never a real account.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../clock';
import { fakeAz, jwtFor, type FakeAz } from '../../../test/fakes/fake-az';
import { until } from '../../../test/kit/until';
import { AZ_MISSING, AZ_SIGNED_OUT, azArguments, azInvocation, azureCliTokenSource, parseAzOutput, REFRESH_MARGIN_MS } from './azure-cli';

const OID = '3f1c2a9e-0d4b-4c55-9a57-1a2b3c4d5e6f';
const TID = '72F988BF-86F1-41AF-91AB-2D7CD011DB47';
const SUB = '0b1f6471-1bf0-4dda-aec3-111122223333';
const NOW = Date.parse('2026-12-03T12:00:00Z');

/** A clock whose time the test moves; sleeps (the process timeout) are real. */
function handClock(start = NOW): Clock & { set(ms: number): void } {
  let t = start;
  return { now: () => t, sleep: systemClock.sleep, set: (ms) => (t = ms) };
}

function azOutput(over: Record<string, unknown> = {}, claims: Record<string, unknown> = {}) {
  const accessToken = jwtFor({ oid: OID, tid: TID, upn: 'ada@contoso.example', name: 'Ada Lovelace', ...claims });
  return { accessToken, expiresOn: '2026-12-03 13:00:00.000000', expires_on: Math.floor(NOW / 1000) + 3600, subscription: SUB, tenant: TID, tokenType: 'Bearer', ...over };
}

let az: FakeAz | null = null;
afterEach(async () => {
  await az?.close();
  az = null;
});

describe('Azure CLI token source', () => {
  it('runs az with the cloud ARM resource and the tenant, and reads the account from the token', async () => {
    const output = azOutput();
    az = await fakeAz({ kind: 'json', output });
    const source = azureCliTokenSource({ cloud: 'public', tenant: 'contoso.example', env: az.env, clock: handClock() });
    const got = await source.token();
    expect(got).toEqual({
      ok: true,
      value: {
        accessToken: output.accessToken,
        expiresOn: (Math.floor(NOW / 1000) + 3600) * 1000,
        accountId: `${OID}.${TID}`.toLowerCase(),
        tenantId: TID.toLowerCase(),
        subscription: SUB,
        name: 'Ada Lovelace',
        username: 'ada@contoso.example',
      },
    });
    expect(await az.runs()).toEqual([['account', 'get-access-token', '--resource', 'https://management.azure.com/', '--tenant', 'contoso.example', '--output', 'json']]);
  });

  it('keeps the token until 5 minutes before it expires, then asks az again', async () => {
    az = await fakeAz({ kind: 'json', output: azOutput() });
    const clock = handClock();
    const source = azureCliTokenSource({ cloud: 'usgov', env: az.env, clock });
    const expiresOn = (Math.floor(NOW / 1000) + 3600) * 1000;
    expect((await source.token()).ok).toBe(true);
    clock.set(expiresOn - REFRESH_MARGIN_MS - 1);
    expect((await source.token()).ok).toBe(true);
    expect(await az.runs()).toHaveLength(1);
    clock.set(expiresOn - REFRESH_MARGIN_MS);
    expect((await source.token()).ok).toBe(true);
    const runs = await az.runs();
    expect(runs).toHaveLength(2);
    // No --tenant: the CLI's current one; usgov's resource.
    expect(runs[1]).toEqual(['account', 'get-access-token', '--resource', 'https://management.core.usgovcloudapi.net/', '--output', 'json']);
  });

  it('runs az once for callers that ask together', async () => {
    az = await fakeAz({ kind: 'json', output: azOutput() });
    const source = azureCliTokenSource({ cloud: 'public', env: az.env, clock: handClock() });
    const all = await Promise.all([source.token(), source.token(), source.token()]);
    expect(all.map((r) => r.ok)).toEqual([true, true, true]);
    expect(await az.runs()).toHaveLength(1);
  });

  it('reads expiresOn (local time, older az without expires_on)', async () => {
    az = await fakeAz({ kind: 'json', output: azOutput({ expires_on: undefined, expiresOn: '2026-12-03 13:30:00.123456' }) });
    const got = await azureCliTokenSource({ cloud: 'public', env: az.env, clock: handClock() }).token();
    expect(got.ok && got.value.expiresOn).toBe(new Date(2026, 11, 3, 13, 30, 0, 123).getTime());
  });

  it("says to run az login when az asks for it", async () => {
    az = await fakeAz({ kind: 'fail', code: 1, stderr: "ERROR: Please run 'az login' to setup account.\n" });
    const got = await azureCliTokenSource({ cloud: 'public', env: az.env, clock: handClock() }).token();
    expect(got).toEqual({ ok: false, problem: { kind: 'signed-out', message: AZ_SIGNED_OUT } });
  });

  it('gives the exit code and the first line of any other failure', async () => {
    az = await fakeAz({ kind: 'fail', code: 2, stderr: '\nERROR: AADSTS700082: The refresh token has expired due to inactivity.\nTrace ID: 1234\n' });
    const got = await azureCliTokenSource({ cloud: 'public', env: az.env, clock: handClock() }).token();
    expect(got).toEqual({ ok: false, problem: { kind: 'failed', message: 'The Azure CLI failed (exit code 2): ERROR: AADSTS700082: The refresh token has expired due to inactivity.' } });
  });

  it('says az is missing when PATH has none', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'no-az-'));
    try {
      const got = await azureCliTokenSource({ cloud: 'public', env: { PATH: empty }, clock: handClock() }).token();
      expect(got).toEqual({ ok: false, problem: { kind: 'missing', message: AZ_MISSING } });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('stops a hung az and what it started, and says so', async () => {
    az = await fakeAz({ kind: 'hang' });
    const fake = az;
    const got = await azureCliTokenSource({ cloud: 'public', env: fake.env, clock: handClock(), timeoutMs: 1_500 }).token();
    expect(got).toMatchObject({ ok: false, problem: { kind: 'timeout', message: expect.stringMatching(/did not answer within 2 s/) } });
    // The grandchild held az's pipes, as az's Python does: it must be gone too.
    const pid = await until(() => fake.hungChildPid());
    await until(() => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 5_000);
  });

  it('never puts the token in a problem, and refuses a token that names no account', async () => {
    const output = azOutput({}, { oid: undefined });
    az = await fakeAz({ kind: 'json', output });
    const got = await azureCliTokenSource({ cloud: 'public', env: az.env, clock: handClock() }).token();
    expect(got).toEqual({ ok: false, problem: { kind: 'output', message: "The Azure CLI's answer could not be used: its token does not name an account (oid and tid)." } });
    expect(JSON.stringify(got)).not.toContain(output.accessToken);
  });

  it('refuses a token that has already expired (a wrong clock) and does not keep it', async () => {
    az = await fakeAz({ kind: 'json', output: azOutput({ expires_on: Math.floor(NOW / 1000) - 10 }) });
    const source = azureCliTokenSource({ cloud: 'public', env: az.env, clock: handClock() });
    expect(await source.token()).toMatchObject({ ok: false, problem: { kind: 'output', message: expect.stringMatching(/already expired/) } });
    expect((await source.token()).ok).toBe(false);
    expect(await az.runs()).toHaveLength(2);
  });

  it('refuses a tenant with command-line syntax before running anything', async () => {
    az = await fakeAz({ kind: 'json', output: azOutput() });
    const got = await azureCliTokenSource({ cloud: 'public', tenant: 'contoso.example & calc', env: az.env, clock: handClock() }).token();
    expect(got).toMatchObject({ ok: false, problem: { kind: 'config' } });
    expect(await az.runs()).toEqual([]);
  });
});

describe("az's output", () => {
  it.each([
    ['not JSON', 'Traceback (most recent call last):', 'it is not JSON'],
    ['an array', '[]', 'it is not a JSON object'],
    ['no token', JSON.stringify({ expires_on: 1 }), 'it has no accessToken'],
    ['no expiry', JSON.stringify({ accessToken: jwtFor({ oid: OID, tid: TID }) }), 'it has no usable expires_on or expiresOn'],
    ['a garbled expiry', JSON.stringify({ accessToken: jwtFor({ oid: OID, tid: TID }), expiresOn: 'tomorrow' }), 'it has no usable expires_on or expiresOn'],
    ['an opaque token', JSON.stringify({ accessToken: 'opaque', expires_on: 2e9 }), 'its token does not name an account (oid and tid)'],
  ])('says why it cannot use %s', (_what, stdout, why) => {
    expect(parseAzOutput(stdout)).toEqual({ ok: false, problem: { kind: 'output', message: `The Azure CLI's answer could not be used: ${why}.` } });
  });
});

describe('starting az', () => {
  it('runs az directly, without a shell, from a fixed directory on Linux and macOS', () => {
    expect(azInvocation(azArguments('china', 'fabrikam.example'), 'linux', {})).toEqual({
      file: 'az',
      args: ['account', 'get-access-token', '--resource', 'https://management.core.chinacloudapi.cn/', '--tenant', 'fabrikam.example', '--output', 'json'],
      cwd: '/bin',
      windowsVerbatimArguments: false,
    });
  });

  it("runs az.cmd through cmd.exe on Windows, as Node's shell option would, from SystemRoot", () => {
    const env = { ComSpec: 'C:\\Windows\\system32\\cmd.exe', SystemRoot: 'C:\\Windows' };
    expect(azInvocation(azArguments('public'), 'win32', env)).toEqual({
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"az account get-access-token --resource https://management.azure.com/ --output json"'],
      cwd: 'C:\\Windows',
      windowsVerbatimArguments: true,
    });
  });
});
