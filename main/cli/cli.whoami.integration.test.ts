/**
 * `whoami` names the account the CLI acts as (issue 17): from ARM_ACCESS_TOKEN's claims —
 * name, user name, object id, tenant, the account id `{oid}.{tid}` that decisions and sync
 * use — and says plainly when a token does not say whose it is. Against the simulator's
 * tokens (JWT-shaped, as Entra ID's); the session's form is tested in auth-commands.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { simAccountId, startCliWorld, type CliWorld } from '../../test/kit/cli-test-kit';

const worlds: CliWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

describe('whoami', () => {
  it("names the token's person and the account id sync sends as", async () => {
    const w = await startCliWorld('quiet');
    worlds.push(w);
    const me = w.s.principals.me;
    if (!me) throw new Error('no principal me');
    const r = await w.cli(['whoami', '-o', 'json']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(r.out)).toEqual({
      schema: 'pim-approvals/whoami@1',
      signedIn: true,
      source: 'ARM_ACCESS_TOKEN',
      username: me.upn,
      name: me.displayName,
      objectId: me.id,
      tenantId: w.s.tenantId,
      accountId: simAccountId(w.s, 'me'),
    });
    const synced = JSON.parse((await w.cli(['sync', '-o', 'json'])).out) as { accountId: string };
    expect(synced.accountId).toBe(simAccountId(w.s, 'me'));

    const table = await w.cli(['whoami']);
    expect(table.out).toBe(
      [
        `Account:     ${me.displayName} <${me.upn}>`,
        `Object id:   ${me.id}`,
        `Tenant:      ${w.s.tenantId}`,
        `Account id:  ${simAccountId(w.s, 'me')}`,
        'Token from:  ARM_ACCESS_TOKEN',
        '',
      ].join('\n'),
    );
    expect((await w.cli(['whoami', '-o', 'tsv'])).out).toBe(`${simAccountId(w.s, 'me')}\t${me.id}\t${w.s.tenantId}\t${me.upn}\t${me.displayName}\tARM_ACCESS_TOKEN\n`);
  });

  it('says when a token does not say whose it is (it may read, never decide)', async () => {
    const w = await startCliWorld('quiet');
    worlds.push(w);
    const r = await w.cli(['whoami', '-o', 'json'], { ARM_ACCESS_TOKEN: 'an-opaque-token-without-claims' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ source: 'ARM_ACCESS_TOKEN', objectId: null, tenantId: null, accountId: null });
    expect((await w.cli(['whoami'], { ARM_ACCESS_TOKEN: 'an-opaque-token-without-claims' })).out).toMatch(/^Account id: +\(unknown: without oid and tid this token may read, never decide\)$/m);
  });
});
