import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './index';
import { resolveToken, type TokenSource } from './resolve-token';
import { fixtures, sendJson, startLoopback, type LoopbackServer } from '../../test/kit/loopback-server';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function run(argv: string[], env: NodeJS.ProcessEnv = { ARM_ACCESS_TOKEN: 'tok' }) {
  let out = '';
  let err = '';
  const code = await main(argv, env, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('CLI argument handling', () => {
  it('--help prints usage with exit codes and JSON shapes, exit 0', async () => {
    const r = await run(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: pim-approvals');
    expect(r.out).toMatch(/approve ID --justification TEXT/);
    expect(r.out).toMatch(/4 conflict/);
    expect(r.out).toContain('pim-approvals/queue@1');
  });

  it('command --help prints that command', async () => {
    const r = await run(['approve', '--help'], {});
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('approve ID --justification TEXT') });
  });

  it.each([
    [[], /Usage/],
    [['frobnicate'], /unknown command/],
    [['list', '--bogus'], /Unknown option/],
    [['approve', 'abc'], /justification is required/],
    [['approve', 'abc', '--justification', '   '], /usage/],
    [['show'], /usage/],
    [['list', 'extra'], /no arguments/],
    [['list', '--cloud', 'mars'], /unknown cloud/],
    [['list', '--cloud', 'public', '--arm-endpoint', 'https://x.example'], /either/],
    [['list', '--arm-endpoint', 'http://arm.example.com'], /only on loopback/],
    [['deny', 'x', '--justification', 'a'.repeat(2001)], /longer than 2000/],
  ])('usage error %j → exit 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('no token → exit 3 without any network call', async () => {
    const server = await startLoopback((_h, res) => sendJson(res, 200, { value: [] }));
    servers.push(server);
    const r = await run(['list', '--arm-endpoint', server.url], {});
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/ARM_ACCESS_TOKEN/);
    expect(server.hits).toHaveLength(0);
  });

  it('a 401 → exit 3 with ARM\'s message; the token is never printed', async () => {
    const server = await startLoopback((_h, res) => sendJson(res, 401, { error: { code: 'ExpiredAuthenticationToken', message: 'The access token expiry has passed.' } }));
    servers.push(server);
    const r = await run(['list', '--arm-endpoint', server.url], { ARM_ACCESS_TOKEN: 'super-secret-token' });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/expiry has passed.*ExpiredAuthenticationToken/);
    expect(r.out + r.err).not.toContain('super-secret-token');
  });

  it('a 403 → exit 1 with ARM\'s message and the client request id', async () => {
    const server = await startLoopback((_h, res) => sendJson(res, 403, { error: { code: 'AuthorizationFailed', message: 'No access.' } }));
    servers.push(server);
    const r = await run(['status', '--arm-endpoint', server.url]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/No access\. \(code AuthorizationFailed; client request id [0-9a-f-]{36}\)/);
  });

  it('prints hostile names inertly in the table (ANSI, control and bidi characters stripped)', async () => {
    const now = new Date().toISOString();
    const server = await startLoopback((hit, res) => {
      if (hit.path.includes('roleAssignmentScheduleRequests')) {
        return sendJson(res, 200, {
          value: [
            fixtures.request('abcdef12-0000', {
              createdOn: now,
              expandedProperties: {
                principal: { id: 'u', displayName: '\u001b[31mEvil\u001b[0m \u202egnp.exe\u0007', email: 'e\u001b]0;title\u0007@x' },
                roleDefinition: { id: 'r', displayName: 'Owner\r\nFAKE ROW', type: 'BuiltInRole' },
                scope: { id: '/s', displayName: '\u2066Prod\u2069\u009b2J', type: 'subscription' },
              },
            }),
          ],
        });
      }
      // The CLI reads as the app does: one approval GET for a newcomer (a list for many).
      const approval = { id: fixtures.approvalId('a-abcdef12-0000'), name: 'a', properties: { stages: [fixtures.stage('a-abcdef12-0000', 's1')] } };
      return sendJson(res, 200, hit.path.includes('roleAssignmentApprovals/') ? approval : { value: [approval] });
    });
    servers.push(server);
    const r = await run(['list', '--arm-endpoint', server.url]);
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- asserting the absence of control characters
    expect(r.out.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(r.out).toContain('Evil gnp.exe');
    expect(r.out).toContain('Owner FAKE ROW on Prod');
    expect(r.out.trim().split('\n')).toHaveLength(2);

    const json = await run(['list', '--json', '--arm-endpoint', server.url]);
    // eslint-disable-next-line no-control-regex -- asserting the absence of control characters
    expect(json.out.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const parsed = JSON.parse(json.out) as { schema: string; items: { requester: { displayName: string } }[] };
    expect(parsed.schema).toBe('pim-approvals/queue@1');
    expect(parsed.items[0]?.requester.displayName).toBe('\u001b[31mEvil\u001b[0m \u202egnp.exe\u0007'); // data kept, escaped
  });

  it('an ambiguous prefix is a usage error; an unknown one is not found (5)', async () => {
    const server = await startLoopback((hit, res) =>
      hit.path.includes('roleAssignmentScheduleRequests') ? sendJson(res, 200, { value: [fixtures.request('abc1'), fixtures.request('abc2')] }) : sendJson(res, 200, { value: [] }),
    );
    servers.push(server);
    expect(await run(['show', 'abc', '--arm-endpoint', server.url])).toMatchObject({ code: 2, err: expect.stringMatching(/matches 2 requests/) });
    expect(await run(['show', 'zzz', '--arm-endpoint', server.url])).toMatchObject({ code: 5 });
  });
});

describe('sign-in commands', () => {
  it('whoami reports ARM_ACCESS_TOKEN without touching the keychain; login has help', async () => {
    const payload = Buffer.from(JSON.stringify({ upn: 'ada@contoso.example', tid: 'tenant-1' })).toString('base64url');
    const r = await run(['whoami'], { ARM_ACCESS_TOKEN: `h.${payload}.s` });
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^Account: +ada@contoso\.example\nObject id: .*\nTenant: +tenant-1\n.*\nToken from: +ARM_ACCESS_TOKEN\n$/) });
    expect(await run(['login', '--help'], {})).toMatchObject({ code: 0, out: expect.stringContaining('login [--device-code]') });
  });

  it('with no token and no session cache, a cloud command exits 3 and names login', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pim-cli-'));
    try {
      const r = await run(['list', '--cloud', 'usgov'], { PIM_DATA_DIR: dir });
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/pim-approvals login/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('outbox commands', () => {
  it('outbox on an empty data dir says so (wired through the command table)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pim-cli-'));
    try {
      expect(await run(['outbox'], { PIM_DATA_DIR: dir, ARM_ACCESS_TOKEN: 'x' })).toMatchObject({ code: 0, out: expect.stringMatching(/empty/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolveToken', () => {
  it('reads ARM_ACCESS_TOKEN, and tries extra sources in order', async () => {
    const request = { cloud: 'public' as const, scope: 'https://management.azure.com/.default' };
    expect(await resolveToken({ ARM_ACCESS_TOKEN: ' t ' }, request)).toEqual({ token: 't', source: 'ARM_ACCESS_TOKEN', accountId: null });
    expect(await resolveToken({}, request)).toBeNull();
    const cache: TokenSource = async (_env, r) => ({ token: `cached-${r.cloud}`, source: 'sign-in', accountId: null });
    expect(await resolveToken({}, request, [async () => null, cache])).toEqual({ token: 'cached-public', source: 'sign-in', accountId: null });
  });
});
