/**
 * The machine policy in the CLI (issue 21, managed configuration): a real Linux policy.json in
 * a temp dir, read by the real Linux reader through CliDeps' policy seam, and the CLI run
 * in process. What the sign-in uses is observed where it is checked: the sign-in settings'
 * own validation names a bad client id or tenant from the environment, and with the policy's
 * values that check passes (the run then goes on to the keychain, whatever this machine has).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SET_BY_ORGANISATION } from '../core/settings/managed-policy';
import { readLinuxPolicy } from '../core/settings/policy-readers';
import { startCliWorld, type CliWorld } from '../../test/kit/cli-test-kit';
import type { CliDeps } from './context';

const CLIENT_ID = '1b730954-1685-4b74-9bfd-dac224a7b894';
const OTHER_CLIENT_ID = '0e5f4a1c-2b3d-4c5e-8f90-123456789abc';
const TENANT = 'contoso.onmicrosoft.com';
/** No token from the environment: the run builds its sign-in from the settings. */
const SIGN_IN = { ARM_ACCESS_TOKEN: undefined, GRAPH_ACCESS_TOKEN: undefined };
/** The sign-in settings' own checks, as they word a bad value. */
const BAD_CLIENT_ID = /client id "not-a-guid" is not a GUID/;
const BAD_TENANT = /tenant "bad tenant!" is not a tenant id/;
const BAD_CLOUD = /Unknown cloud "mars"/;

let w: CliWorld;
let dir: string;
beforeAll(async () => {
  w = await startCliWorld('quiet');
  dir = await mkdtemp(path.join(tmpdir(), 'pim-cli-policy-'));
});
afterAll(async () => {
  await w.close();
  await rm(dir, { recursive: true, force: true });
});

/** A policy.json with `policy` in it, and the seam that reads it with the real Linux reader, counting reads. */
async function policyFile(name: string, policy: Record<string, unknown>): Promise<{ deps: CliDeps; reads: () => number }> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(policy));
  let reads = 0;
  return {
    deps: {
      policy: () => {
        reads += 1;
        return readLinuxPolicy(file);
      },
    },
    reads: () => reads,
  };
}

describe('the machine policy in the CLI', () => {
  it("signs in with the policy's client id, tenant and cloud whatever PIM_CLIENT_ID, PIM_TENANT and PIM_CLOUD say, reading it once", async () => {
    const { deps, reads } = await policyFile('sign-in', { clientId: CLIENT_ID, tenant: TENANT, cloud: 'public' });
    // Without the policy the environment's values are what the sign-in checks (today's behaviour).
    const unmanaged = await w.cli(['whoami'], { ...SIGN_IN, PIM_CLIENT_ID: 'not-a-guid' });
    expect(unmanaged).toMatchObject({ code: 1 });
    expect(unmanaged.err).toMatch(BAD_CLIENT_ID);
    expect(await w.cli(['whoami'], { ...SIGN_IN, PIM_CLIENT_ID: CLIENT_ID, PIM_TENANT: 'bad tenant!' })).toMatchObject({ err: expect.stringMatching(BAD_TENANT) as unknown });
    // The kit's --arm-endpoint has no cloud of its own, so the sign-in's cloud is PIM_CLOUD's, or the policy's.
    expect(await w.cli(['whoami'], { ...SIGN_IN, PIM_CLIENT_ID: CLIENT_ID, PIM_CLOUD: 'mars' })).toMatchObject({ err: expect.stringMatching(BAD_CLOUD) as unknown });

    const managed = await w.cli(['whoami'], { ...SIGN_IN, PIM_CLIENT_ID: 'not-a-guid', PIM_TENANT: 'bad tenant!', PIM_CLOUD: 'mars' }, deps);
    expect(managed.err).not.toMatch(/client id|tenant "|cloud "/i);
    expect(managed.err).toMatch(/keychain|not signed in|sign in/i);
    expect(reads()).toBe(1);
    // The policy's own value as a flag (in another letter case) is no conflict.
    const sameValue = await w.cli(['whoami', '--client-id', CLIENT_ID.toUpperCase(), '--tenant', TENANT], { ...SIGN_IN, PIM_CLIENT_ID: 'not-a-guid' }, deps);
    expect(sameValue.code).not.toBe(2);
    expect(sameValue.err).not.toMatch(BAD_CLIENT_ID);
    expect(reads()).toBe(2);
  });

  it('refuses a flag that asks for another value than a managed key, with exit 2 naming the key', async () => {
    const { deps } = await policyFile('conflict', { clientId: CLIENT_ID, tenant: TENANT });
    const r = await w.cli(['whoami', '--client-id', OTHER_CLIENT_ID], {}, deps);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toContain('clientId');
    expect(r.err).toContain(SET_BY_ORGANISATION);
    const tenant = await w.cli(['list', '--tenant', 'fabrikam.com'], {}, deps);
    expect(tenant.code).toBe(2);
    expect(tenant.err).toMatch(new RegExp(`tenant is ${SET_BY_ORGANISATION}`));
    const { deps: cloudDeps } = await policyFile('cloud', { cloud: 'public' });
    const cloud = await w.cli(['list', '--cloud', 'usgov'], {}, cloudDeps);
    expect(cloud.code).toBe(2);
    expect(cloud.err).toMatch(new RegExp(`cloud is ${SET_BY_ORGANISATION}`));
  });

  it('warns once about a bad value and falls back to the environment for it, without stopping the command', async () => {
    const { deps } = await policyFile('bad-value', { clientId: 'not-a-guid-either', tenant: TENANT });
    const r = await w.cli(['whoami'], { ...SIGN_IN, PIM_CLIENT_ID: 'not-a-guid' }, deps);
    expect(r.err.match(/warning: Managed setting "clientId"/g)).toHaveLength(1);
    expect(r.err).toMatch(BAD_CLIENT_ID);
    // With a token from the environment the command does its work, the warning beside it.
    const withToken = await w.cli(['whoami', '-o', 'json'], {}, deps);
    expect(withToken.code).toBe(0);
    expect(JSON.parse(withToken.out)).toMatchObject({ source: 'ARM_ACCESS_TOKEN' });
    expect(withToken.err.match(/warning: Managed setting "clientId"/g)).toHaveLength(1);
  });

  it('never reads the policy for --help', async () => {
    const { deps, reads } = await policyFile('help', { clientId: CLIENT_ID });
    const r = await w.cli(['--help'], {}, deps);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Global options');
    expect(reads()).toBe(0);
  });
});
