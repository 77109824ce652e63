/**
 * An account signed in through the Azure CLI, chosen with --account (issue 21), against the
 * two-tenant demo world (Contoso and Fabrikam, "me" a guest in Fabrikam) and a fake `az` on
 * PATH: the CLI asks az for that account's tenant, the decision reaches Fabrikam with the
 * Fabrikam token (the simulator logs tid and oid per write) and is journaled under that
 * account; Contoso sees nothing. An az signed in as somebody else, or signed out, is refused
 * before any call. The cloud's own ARM origin is routed to the Fabrikam simulator (an Azure
 * CLI token never goes to an --arm-endpoint).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoWorld, type DemoWorld } from '../demo/demo-world';
import type { RunningSimulator } from '../demo/simulator';
import { clouds } from '../core/net/clouds';
import { systemClock } from '../core/clock';
import { openOutbox } from '../core/outbox';
import { fakeAz, type FakeAz } from '../../test/fakes/fake-az';
import { routeOrigin, simAccountId, type CliRun } from '../../test/kit/cli-test-kit';
import { main } from './index';

let world: DemoWorld | null = null;
let az: FakeAz | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await world?.close();
  await az?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  world = az = dataDir = null;
});

/** What az prints for `sim`'s principal `key` (the fields the real one has). */
const azAnswer = (sim: RunningSimulator, key: string) => ({
  accessToken: sim.tokens[key],
  expiresOn: '2099-01-01 00:00:00.000000',
  expires_on: Math.floor(Date.now() / 1000) + 3600,
  tenant: sim.tenantId,
  tokenType: 'Bearer',
});

async function setUp(): Promise<{ w: DemoWorld; fake: FakeAz; cli: (argv: string[]) => Promise<CliRun>; dir: string }> {
  const w = (world = await startDemoWorld({ scenario: 'quiet' }));
  const fake = (az = await fakeAz({ kind: 'json', output: azAnswer(w.fabrikam, 'me') }));
  const dir = (dataDir = await mkdtemp(join(tmpdir(), 'pim-cli-az-')));
  const record = (sim: RunningSimulator, tenantName: string, source: string) => ({
    id: simAccountId(sim, 'me'),
    name: sim.principals['me']?.displayName,
    username: sim.principals['me']?.upn,
    tenantId: sim.tenantId,
    tenantName,
    cloud: 'public',
    source,
  });
  await writeFile(join(dir, 'accounts.json'), JSON.stringify({ version: 1, accounts: [record(w.contoso, 'Contoso', 'app'), record(w.fabrikam, 'Fabrikam', 'azure-cli')] }));
  const fetch = routeOrigin(clouds.public.armEndpoint, w.fabrikam.url);
  const cli = async (argv: string[]): Promise<CliRun> => {
    let out = '';
    let err = '';
    const code = await main(argv, { ...fake.env, PIM_DATA_DIR: dir }, { out: (x) => void (out += x), err: (x) => void (err += x) }, { fetch });
    return { code, out, err };
  };
  return { w, fake, cli, dir };
}

const writesTo = (sim: RunningSimulator) => sim.sim.callLog().filter((c) => c.kind === 'write');

describe('--account with an Azure CLI account', () => {
  it("lists Fabrikam's requests with az's token for Fabrikam, says the Graph kinds are off, and approves as the Fabrikam guest", async () => {
    const { w, fake, cli } = await setUp();
    const list = await cli(['list', '--account', 'fabrikam', '-o', 'json']);
    expect(list, list.err).toMatchObject({ code: 0 });
    expect(list.err).toContain("Signed in with the Azure CLI: Entra ID roles and groups need this app's own sign-in");
    const items = (JSON.parse(list.out) as { items: { id: string; actionable: boolean; kind: string; accountId: string }[] }).items;
    const item = items.find((i) => i.actionable && i.kind === 'azureResource');
    if (!item) throw new Error('Fabrikam has an Azure resource request waiting for me');
    expect((await fake.runs()).map((args) => args.slice(args.indexOf('--tenant'), args.indexOf('--tenant') + 2))).toContainEqual(['--tenant', w.fabrikam.tenantId]);

    const approve = await cli(['approve', item.id, '--justification', 'INC9 checked', '--account', 'Fabrikam']);
    expect(approve, approve.err).toMatchObject({ code: 0 });
    const guest = w.fabrikam.principals['me']?.id;
    expect(writesTo(w.fabrikam).map((c) => [c.tid, c.oid, c.status < 300])).toEqual([[w.fabrikam.tenantId, guest, true]]);
    expect(writesTo(w.contoso)).toEqual([]);
    expect(guest).not.toBe(w.contoso.principals['me']?.id);

    const outbox = JSON.parse((await cli(['outbox', '-o', 'json'])).out) as { accountId: string; stageId: string; state: string }[];
    expect(outbox.map((e) => [e.accountId, e.stageId, e.state])).toEqual([[simAccountId(w.fabrikam, 'me'), item.id, 'done']]);
  });

  it('an az signed in as someone else is refused before any call; a signed-out az says to run az login', async () => {
    const { w, fake, cli } = await setUp();
    await fake.set({ kind: 'json', output: azAnswer(w.fabrikam, 'approver2') });
    const other = await cli(['list', '--account', 'fabrikam']);
    expect(other).toMatchObject({ code: 3, out: '' });
    expect(other.err).toContain(`pim-approvals: the sign-in here is ${simAccountId(w.fabrikam, 'approver2')}, not ${w.fabrikam.principals['me']?.displayName}`);
    expect(w.fabrikam.sim.callLog()).toEqual([]);

    await fake.set({ kind: 'fail', stderr: "ERROR: Please run 'az login' to setup account.\n", code: 1 });
    const out = await cli(['list', '--account', 'fabrikam']);
    expect(out).toMatchObject({ code: 3, out: '' });
    expect(out.err).toMatch(/^pim-approvals: .*az login/);
    expect(w.fabrikam.sim.callLog()).toEqual([]);
  });

  it('sync with two accounts and none chosen sends each account its own way: Fabrikam through az, Contoso (no sign-in here) says so, and the exit code says it', async () => {
    const { w, cli, dir } = await setUp();
    const list = await cli(['list', '--account', 'fabrikam', '-o', 'json', '--kind', 'azure']);
    const item = (JSON.parse(list.out) as { items: { id: string; actionable: boolean }[] }).items.find((i) => i.actionable);
    if (!item) throw new Error('Fabrikam has an Azure resource request waiting for me');
    const outbox = await openOutbox({ dir: join(dir, 'outbox'), api: () => null, clock: systemClock, online: false });
    try {
      await outbox.enqueue({ accountId: simAccountId(w.fabrikam, 'me'), stageId: item.id, result: 'Approve', justification: 'on the train', request: { role: 'Contributor', scope: 'Fabrikam', requester: 'Jordan Lee' } });
    } finally {
      await outbox.close();
    }
    const sync = await cli(['sync', '-o', 'json']);
    expect(sync.code).toBe(3);
    expect(sync.err).toContain(`no access token for ${w.contoso.principals['me']?.displayName} <${w.contoso.principals['me']?.upn}> · Contoso · app`);
    const json = JSON.parse(sync.out) as { schema: string; accounts: { accountId: string; exitCode: number; done?: string[] }[] };
    expect(json.schema).toBe('pim-approvals/sync-accounts@1');
    expect(json.accounts.map((a) => [a.accountId, a.exitCode, a.done?.length ?? null])).toEqual([
      [simAccountId(w.contoso, 'me'), 3, null],
      [simAccountId(w.fabrikam, 'me'), 0, 1],
    ]);
    expect(writesTo(w.fabrikam).map((c) => [c.tid, c.oid, c.status < 300])).toEqual([[w.fabrikam.tenantId, w.fabrikam.principals['me']?.id, true]]);
    expect(writesTo(w.contoso)).toEqual([]);
  });

  it('whoami says who the chosen account is, as its token names it; with two accounts and none chosen it lists them (exit 2)', async () => {
    const { w, cli } = await setUp();
    const who = await cli(['whoami', '--account', 'fabrikam', '-o', 'json']);
    expect(who, who.err).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(who.out)).toMatchObject({
      schema: 'pim-approvals/whoami@1',
      source: 'azure-cli',
      accountId: simAccountId(w.fabrikam, 'me'),
      objectId: w.fabrikam.principals['me']?.id,
      tenantId: w.fabrikam.tenantId,
      username: w.fabrikam.principals['me']?.upn,
    });
    const unchosen = await cli(['whoami']);
    expect(unchosen).toMatchObject({ code: 2, out: '' });
    expect(unchosen.err).toMatch(/^pim-approvals: 2 accounts are signed in and none is chosen/);
  });

  it("an Azure CLI account's token never goes to an --arm-endpoint", async () => {
    const { w, fake, cli } = await setUp();
    const r = await cli(['list', '--account', 'fabrikam', '--arm-endpoint', w.fabrikam.url]);
    expect(r).toMatchObject({ code: 3, out: '' });
    expect(r.err).toContain("the Azure CLI's token is sent only to the cloud's own ARM, not to --arm-endpoint");
    expect(await fake.runs()).toEqual([]);
  });
});
