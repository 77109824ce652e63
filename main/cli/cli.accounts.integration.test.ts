/**
 * Several accounts on the command line (issue 21), against the PIM simulator: `accounts`
 * lists the app's remembered accounts with the default marked; `--account` picks one by id,
 * id prefix, user name or tenant; a name two accounts share, or several accounts and no
 * default, is exit 2 with the list and nothing called; ARM_ACCESS_TOKEN names its own account
 * and is refused beside an --account naming another; `approve --account X` journals under X
 * and `sync` sends it with X's token (the simulator records who wrote). Real CLI processes
 * where the flow crosses runs; main() in process otherwise.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock';
import { openOutbox } from '../core/outbox';
import { deadEndpoint, simAccountId, startCliWorld, writes, type CliWorld } from '../../test/kit/cli-test-kit';

const worlds: CliWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(): Promise<CliWorld> {
  const w = await startCliWorld('quiet');
  worlds.push(w);
  return w;
}

/** No token in the environment: the run must choose an account and use its own sign-in. */
const noEnvToken: NodeJS.ProcessEnv = { ARM_ACCESS_TOKEN: undefined, GRAPH_ACCESS_TOKEN: undefined };
const as = (w: CliWorld, key: string): NodeJS.ProcessEnv => ({ ARM_ACCESS_TOKEN: w.s.tokens[key], GRAPH_ACCESS_TOKEN: w.s.graphTokens[key] });

/** The app's accounts.json (accounts.md's shape) naming the simulator principals `keys`, each in its tenant name. */
async function rememberAccounts(w: CliWorld, accounts: { key: string; tenantName: string; source?: string }[], defaultAccount?: string): Promise<void> {
  await mkdir(w.dataDir, { recursive: true });
  const records = accounts.map(({ key, tenantName, source = 'app' }) => {
    const p = w.s.principals[key];
    if (!p) throw new Error(`no principal ${key}`);
    return { id: simAccountId(w.s, key), name: p.displayName, username: p.upn, tenantId: w.s.tenantId, tenantName, cloud: 'public', source, homeAccountId: simAccountId(w.s, key) };
  });
  await writeFile(join(w.dataDir, 'accounts.json'), JSON.stringify({ version: 1, accounts: records }));
  if (defaultAccount !== undefined) await writeFile(join(w.dataDir, 'settings.json'), JSON.stringify({ defaultAccount }));
}

interface AccountsJson {
  schema: string;
  defaultAccount: string | null;
  accounts: { id: string; username: string; tenant: { id: string; name: string }; source: string; default: boolean; remembered: boolean }[];
}

/** A request `me` and approver2 may both approve, by stage id. */
function sharedRequest(w: CliWorld): string {
  const r = w.s.sim.createRequest({ kind: 'azureResource', approvers: ['me', 'approver2'] });
  return `/providers/Microsoft.Authorization/roleAssignmentApprovals/${r.approvalId}/stages/${r.stageIds[0]}`;
}

describe('accounts', () => {
  it('lists the remembered accounts with their tenant and source, and marks the default the settings name', async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Fabrikam' }], w.s.principals['approver2']?.upn);
    const r = await w.cli(['accounts', '-o', 'json'], noEnvToken);
    expect(r, r.err).toMatchObject({ code: 0, err: '' });
    const json = JSON.parse(r.out) as AccountsJson;
    expect(json.schema).toBe('pim-approvals/accounts@1');
    expect(json.defaultAccount).toBe(simAccountId(w.s, 'approver2'));
    expect(json.accounts.map((a) => [a.id, a.username, a.tenant.name, a.source, a.default, a.remembered])).toEqual([
      [simAccountId(w.s, 'me'), w.s.principals['me']?.upn, 'Contoso', 'app', false, true],
      [simAccountId(w.s, 'approver2'), w.s.principals['approver2']?.upn, 'Fabrikam', 'app', true, true],
    ]);

    const text = await w.cli(['accounts'], noEnvToken);
    const defaultRow = text.out.split('\n').find((l) => l.startsWith('*'));
    expect(defaultRow).toContain(w.s.principals['approver2']?.upn);
    expect(text.out).toContain('* the default: used when no --account is given.');
  });

  it('says when there is no default, and lists nothing (exit 0) where no account is known', async () => {
    const w = await world();
    const none = await w.cli(['accounts'], noEnvToken);
    expect(none).toMatchObject({ code: 0, out: 'No account is signed in here. Run `pim-approvals login`, or add one in the app (Settings › Accounts).\n' });
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Fabrikam' }]);
    const two = await w.cli(['accounts', '-o', 'tsv'], noEnvToken);
    expect(two.out.trim().split('\n').map((l) => l.split('\t')[7])).toEqual(['false', 'false']);
    expect((await w.cli(['accounts'], noEnvToken)).out).toContain('No default: commands that act need --account NAME|ID.');
  });
});

describe('--account', () => {
  it('several accounts and none chosen: exit 2 with the list and how to choose; Azure is not called', async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Fabrikam' }]);
    w.s.sim.clearLog();
    const r = await w.cli(['list'], noEnvToken);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^pim-approvals: 2 accounts are signed in and none is chosen:\n/);
    expect(r.err).toContain(`${w.s.principals['me']?.upn}> · Contoso · app · ${simAccountId(w.s, 'me')}`);
    expect(r.err).toContain(`${w.s.principals['approver2']?.upn}> · Fabrikam · app · ${simAccountId(w.s, 'approver2')}`);
    expect(r.err).toContain('Choose one with --account NAME|ID');
    expect(w.s.sim.callLog()).toEqual([]);
  });

  it('a name two accounts share is exit 2 listing both; the default the settings name is the one used', async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Contoso' }], 'Fabrikam');
    const shared = await w.cli(['list', '--account', 'contoso'], noEnvToken);
    expect(shared.code).toBe(2);
    expect(shared.err).toMatch(/^pim-approvals: --account "contoso" names 2 accounts:\n/);
    expect(shared.err.match(/ · Contoso · app · /g)).toHaveLength(2);
    // The settings' default names no account here: still several, and said so.
    const noDefault = await w.cli(['list'], noEnvToken);
    expect(noDefault.code).toBe(2);
    expect(noDefault.err).toContain('none is chosen (the default in the settings names no account here)');

    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Contoso' }], simAccountId(w.s, 'approver2').slice(0, 8));
    // No sign-in here for it: the refusal names the account the default chose.
    const chosen = await w.cli(['list'], noEnvToken);
    expect(chosen.code).toBe(3);
    expect(chosen.err).toContain(`no access token for ${w.s.principals['approver2']?.displayName} <${w.s.principals['approver2']?.upn}>`);
  });

  it('an --account that names nobody is exit 2 listing the accounts', async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }]);
    const r = await w.cli(['list', '--account', 'northwind'], noEnvToken);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`pim-approvals: --account "northwind" names no account here. The accounts:\n  ${w.s.principals['me']?.displayName} <${w.s.principals['me']?.upn}> · Contoso · app · ${simAccountId(w.s, 'me')}\n`);
  });

  it('a demo account is used only when named, and then says the CLI cannot sign in to it', async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso', source: 'demo' }, { key: 'approver2', tenantName: 'Fabrikam' }]);
    const unnamed = await w.cli(['list'], noEnvToken);
    expect(unnamed.code).toBe(3);
    expect(unnamed.err).toContain(`no access token for ${w.s.principals['approver2']?.displayName} <${w.s.principals['approver2']?.upn}> · Fabrikam`);
    const named = await w.cli(['list', '--account', 'contoso'], noEnvToken);
    expect(named).toMatchObject({ code: 3, out: '' });
    expect(named.err).toContain(`· Contoso · demo · ${simAccountId(w.s, 'me')} is an account of the demo world, which lives in the app`);
  });

  it("ARM_ACCESS_TOKEN beside an --account naming someone else is refused (exit 2) and nothing is written", async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Fabrikam' }]);
    const stage = sharedRequest(w);
    w.s.sim.clearLog();
    const r = await w.cli(['approve', stage, '--justification', 'INC42', '--account', 'fabrikam'], as(w, 'me'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`ARM_ACCESS_TOKEN belongs to ${w.s.principals['me']?.displayName} <${w.s.principals['me']?.upn}>`);
    expect(r.err).toContain(`not to ${w.s.principals['approver2']?.displayName} <${w.s.principals['approver2']?.upn}> · Fabrikam`);
    expect(writes(w.s)).toEqual([]);
    // The token's own account, named by its id prefix, is fine even when no file remembers it.
    const own = await w.cli(['list', '--account', simAccountId(w.s, 'approver2').slice(0, 8), '-o', 'none'], as(w, 'approver2'));
    expect(own, own.err).toMatchObject({ code: 0 });
  });

  it('whoami --account says who only when the token is that account; logout refuses to narrow to one account', async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Fabrikam' }]);
    const mine = await w.cli(['whoami', '--account', 'contoso', '-o', 'json'], as(w, 'me'));
    expect(mine, mine.err).toMatchObject({ code: 0 });
    expect(JSON.parse(mine.out)).toMatchObject({ accountId: simAccountId(w.s, 'me') });
    const theirs = await w.cli(['whoami', '--account', 'fabrikam'], as(w, 'me'));
    expect(theirs).toMatchObject({ code: 2, out: '' });
    expect(theirs.err).toContain('ARM_ACCESS_TOKEN belongs to');
    const logout = await w.cli(['logout', '--account', 'fabrikam'], noEnvToken);
    expect(logout).toMatchObject({ code: 2, out: '' });
    expect(logout.err).toMatch(/^pim-approvals: logout signs out every account of this session; --account cannot narrow it/);
    const login = await w.cli(['login', '--account', 'fabrikam'], noEnvToken);
    expect(login).toMatchObject({ code: 2, out: '' });
    expect(login.err).toMatch(/^pim-approvals: login signs in whoever you sign in as; --account chooses among accounts already signed in/);
  });

  it('approve --account X journals under X; sync as the other account leaves it; sync --account X sends it with X’s token (real processes)', async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Fabrikam' }]);
    const stage = sharedRequest(w);
    const dead = await deadEndpoint();
    const x = simAccountId(w.s, 'approver2');

    const approve = await w.spawnCli(['approve', stage, '--justification', 'INC7 checked', '--account', 'Fabrikam', '--arm-endpoint', dead], as(w, 'approver2')).done;
    expect(approve.err).toMatch(/not sent yet.*saved in the outbox/);
    const outbox = await w.cli(['outbox', '-o', 'json'], noEnvToken);
    const entries = JSON.parse(outbox.out) as { accountId: string; stageId: string; state: string }[];
    expect(entries.map((e) => [e.accountId, e.stageId, e.state])).toEqual([[x, stage, 'queued']]);

    w.s.sim.clearLog();
    const asMe = await w.cli(['sync', '--account', 'contoso', '-o', 'json'], as(w, 'me'));
    expect(asMe, asMe.err).toMatchObject({ code: 0 });
    expect((JSON.parse(asMe.out) as { otherAccounts: { accountId: string }[] }).otherAccounts.map((o) => o.accountId)).toEqual([x]);
    expect(writes(w.s)).toEqual([]);

    const sync = await w.spawnCli(['sync', '--account', 'Fabrikam'], as(w, 'approver2')).done;
    expect(sync, sync.err).toMatchObject({ code: 0 });
    expect(writes(w.s).filter((c) => c.status < 300)).toHaveLength(1);
    expect(w.s.sim.appliedDecisions().map((d) => [d.by, d.result, stage.endsWith(d.stageId)])).toEqual([['approver2', 'Approve', true]]);
  });
});

/** What the app does for an account while offline: journal a decision under that account id. */
async function queueAsApp(w: CliWorld, accountId: string, stageId: string, scope: string): Promise<void> {
  const outbox = await openOutbox({ dir: join(w.dataDir, 'outbox'), api: () => null, clock: systemClock, online: false });
  try {
    const r = await outbox.enqueue({ accountId, stageId, result: 'Approve', justification: 'from the app', request: { role: 'Owner', scope, requester: 'Jordan Lee' } });
    expect(r.status).toBe('created');
  } finally {
    await outbox.close();
  }
}

describe('outbox and history with several accounts', () => {
  it('one account: no account column; two: an ACCOUNT column naming the tenant, and --account narrows to one', async () => {
    const w = await world();
    await queueAsApp(w, simAccountId(w.s, 'me'), sharedRequest(w), 'Prod-Contoso');
    const single = await w.cli(['outbox'], noEnvToken);
    expect(single.out.split('\n')[0]).toMatch(/^ID\s+STATE\s+DECISION/);
    expect(single.out).toContain('Prod-Contoso');

    await queueAsApp(w, simAccountId(w.s, 'approver2'), sharedRequest(w), 'Prod-Fabrikam');
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Fabrikam' }]);
    const both = (await w.cli(['outbox'], noEnvToken)).out.split('\n');
    expect(both[0]).toMatch(/^ID\s+ACCOUNT\s+STATE\s+DECISION/);
    expect(both.find((l) => l.includes('Prod-Contoso'))).toMatch(/^\S+\s+Contoso\s+waiting/);
    expect(both.find((l) => l.includes('Prod-Fabrikam'))).toMatch(/^\S+\s+Fabrikam\s+waiting/);

    const fabrikam = JSON.parse((await w.cli(['outbox', '--account', 'fabrikam', '-o', 'json'], noEnvToken)).out) as { accountId: string }[];
    expect(fabrikam.map((e) => e.accountId)).toEqual([simAccountId(w.s, 'approver2')]);
    const history = await w.cli(['history', '--account', 'contoso', '-o', 'json'], noEnvToken);
    expect((JSON.parse(history.out) as { decisions: { accountId: string; scope: string }[] }).decisions.map((d) => [d.accountId, d.scope])).toEqual([[simAccountId(w.s, 'me'), 'Prod-Contoso']]);
    const historyTable = (await w.cli(['history'], noEnvToken)).out.split('\n');
    expect(historyTable[0]).toMatch(/^DECIDED \(UTC\)\s+ACCOUNT\s+KIND/);
    expect(historyTable.find((l) => l.includes('Prod-Fabrikam'))).toMatch(/^\S+ \S+\s+Fabrikam\s+/);
  });

  it("cancel --account finds only that account's decisions", async () => {
    const w = await world();
    await rememberAccounts(w, [{ key: 'me', tenantName: 'Contoso' }, { key: 'approver2', tenantName: 'Fabrikam' }]);
    await queueAsApp(w, simAccountId(w.s, 'approver2'), sharedRequest(w), 'Prod-Fabrikam');
    const [entry] = JSON.parse((await w.cli(['outbox', '-o', 'json'], noEnvToken)).out) as { shortId: string; state: string }[];
    if (!entry) throw new Error('the entry was journaled');
    const wrong = await w.cli(['cancel', entry.shortId, '--account', 'contoso'], noEnvToken);
    expect(wrong).toMatchObject({ code: 5, out: '' });
    expect((JSON.parse((await w.cli(['outbox', '-o', 'json'], noEnvToken)).out) as { state: string }[]).map((e) => e.state)).toEqual(['queued']);
    const right = await w.cli(['cancel', entry.shortId, '--account', 'fabrikam'], noEnvToken);
    expect(right, right.err).toMatchObject({ code: 0, out: 'Cancelled: approval of Owner on Prod-Fabrikam (Jordan Lee); nothing was sent.\n' });
  });

  it('--account on outbox also takes an account id only the journal knows, and is exit 2 when it names nobody', async () => {
    const w = await world();
    await queueAsApp(w, simAccountId(w.s, 'me'), sharedRequest(w), 'Prod-1');
    await queueAsApp(w, simAccountId(w.s, 'approver2'), sharedRequest(w), 'Prod-2');
    const byId = JSON.parse((await w.cli(['outbox', '--account', simAccountId(w.s, 'approver2').slice(0, 10), '-o', 'json'], noEnvToken)).out) as { request: { scope: string } }[];
    expect(byId.map((e) => e.request.scope)).toEqual(['Prod-2']);
    const nobody = await w.cli(['outbox', '--account', 'northwind'], noEnvToken);
    expect(nobody).toMatchObject({ code: 2, out: '' });
    expect(nobody.err).toMatch(/^pim-approvals: --account "northwind" names no account here/);
  });
});
