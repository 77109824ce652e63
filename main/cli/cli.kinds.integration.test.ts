/**
 * Every kind, every time (issue 17): `status` counts what `list` shows of all three kinds,
 * `list --created-by-me` covers Entra ID roles and groups too, the user's own request is
 * never offered as theirs to decide (whoever says who they are: the ARM token, the Graph
 * token, or Graph's GET /me), and a Graph kind that is off says why on stderr (no
 * endpoint, no token, no consent). Against the PIM simulator (and a loopback Graph for
 * /me, which the simulator does not serve); output parsed, exit codes asserted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startLoopback } from '../../test/kit/loopback-server';
import { startCliWorld, writes, type CliWorld, type Item } from '../../test/kit/cli-test-kit';
import { main } from './index';
import { createAppCore } from '../core/app/create-app-core';
import { createDirectDecisions } from '../core/app/direct-decisions';
import { systemClock } from '../core/clock';
import { demoSession } from '../demo/demo-session';

const worlds: CliWorld[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all([...worlds.splice(0), ...servers.splice(0)].map((w) => w.close()));
});

async function world(scenario = 'mixed', knobs: Parameters<typeof startCliWorld>[1] = {}): Promise<CliWorld> {
  const w = await startCliWorld(scenario, knobs);
  worlds.push(w);
  return w;
}

/** main() with exactly these arguments and variables (the kit always adds a Graph endpoint). */
async function bare(argv: string[], env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  const code = await main(argv, env, { out: (x) => void (out += x), err: (x) => void (err += x) });
  return { code, out, err };
}

interface StatusJson {
  waiting: number | null;
  actionable: number | null;
  waitingByKind: Record<string, number | null>;
  kinds: { kind: string; status: string; reason: string | null }[];
  graphEndpoint: string | null;
}

describe('status counts every kind', () => {
  it('as many waiting as list shows, per kind, and as many mine to decide', async () => {
    const w = await world();
    const items = await w.items();
    const count = (kind: string) => items.filter((i) => i.kind === kind).length;
    expect(count('entraRole')).toBeGreaterThan(0);
    expect(count('group')).toBeGreaterThan(0);
    const r = await w.cli(['status', '-o', 'json']);
    expect(r).toMatchObject({ code: 0, err: '' });
    const status = JSON.parse(r.out) as StatusJson;
    expect(status.waiting).toBe(items.length);
    expect(status.waitingByKind).toEqual({ azureResource: count('azureResource'), entraRole: count('entraRole'), group: count('group') });
    expect(status.actionable).toBe(items.filter((i) => i.actionable).length);
    expect(status.kinds.map((k) => [k.kind, k.status])).toEqual([
      ['azureResource', 'active'],
      ['entraRole', 'active'],
      ['group', 'active'],
    ]);
    expect((await w.cli(['status'])).out).toMatch(new RegExp(`^Waiting: +${items.length} \\(`, 'm'));
  });
});

interface MyRequestJson {
  name: string;
  kind: string;
  status: string;
  shortId: string;
}

describe('list --created-by-me covers every kind', () => {
  it('my Azure resource, Entra ID role and group requests, of any status; none I only approve', async () => {
    const w = await world();
    const arm = w.s.sim.createRequest({ kind: 'azureResource', requester: 'me', approvers: ['approver2'] });
    const group = w.s.sim.createRequest({ kind: 'group', requester: 'me', approvers: ['approver2'] });
    const notMine = w.s.sim.createRequest({ kind: 'group', requester: 'approver2', approvers: ['me'] });
    w.s.sim.decideAs('approver2', group.stageIds[0] as string, 'Deny', 'not during the audit');
    const r = await w.cli(['list', '--created-by-me', '-o', 'json']);
    expect(r).toMatchObject({ code: 0, err: '' });
    const requests = (JSON.parse(r.out) as { schema: string; requests: MyRequestJson[] }).requests;
    expect(new Set(requests.map((q) => q.kind))).toEqual(new Set(['azureResource', 'entraRole', 'group']));
    const names = requests.map((q) => q.name);
    expect(names).toContain(arm.requestId);
    expect(names).toContain(group.requestId);
    expect(names).not.toContain(notMine.requestId);
    expect(requests.find((q) => q.name === group.requestId)?.status).toBe('Denied');
    const table = await w.cli(['list', '--created-by-me']);
    const groupRow = table.out.split('\n').find((l) => l.startsWith(requests.find((q) => q.name === group.requestId)?.shortId ?? '?'));
    expect(groupRow).toMatch(/PIM for Groups .*\bDenied\b/);
    expect(table.out).not.toMatch(/You have no requests/);
  });
});

describe('my own request is never mine to decide', () => {
  it('an Entra ID request I made is read-only in list and show, and approve refuses it before any write', async () => {
    const w = await world();
    const own = (await w.items()).filter((i) => i.requester.displayName === w.s.principals.me?.displayName);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((i) => !i.actionable)).toBe(true);
    const [item] = own as [Item];
    expect((await w.cli(['list'])).out).toMatch(/\(your own request\)/);
    w.s.sim.clearLog();
    const r = await w.cli(['approve', item.requestName.slice(0, 8), '-j', 'self-service']);
    expect(r).toMatchObject({ code: 1, out: '', err: 'pim-approvals: this is your own request: someone else must decide it; nothing was sent.\n' });
    expect(writes(w.s)).toEqual([]);
    expect(JSON.parse((await w.cli(['outbox', '-o', 'json'])).out)).toEqual([]);
  });

  it('when the ARM token does not say who I am, the Graph token does', async () => {
    const w = await world();
    const r = await w.cli(['list', '--kind', 'entra', '-o', 'json'], { ARM_ACCESS_TOKEN: 'an-opaque-arm-token' });
    expect(r.code).toBe(0);
    const items = (JSON.parse(r.out) as { items: (Item & { readOnly?: string; requester: { id: string } })[] }).items;
    const mine = items.filter((i) => i.requester.id === w.s.principals.me?.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((i) => [i.actionable, i.readOnly])).toEqual(mine.map(() => [false, 'own-request']));
  });

  it('when no token says who I am, GET /me on Graph does', async () => {
    const me = 'a1a1a1a1-0000-4000-8000-00000000000a';
    const created = new Date(Date.now() - 3_600_000).toISOString();
    const graph = await startLoopback((hit, res) => {
      const path = decodeURIComponent(hit.path);
      if (path.startsWith('/v1.0/me')) return sendJson(res, 200, { id: me, displayName: 'Alex Rivera' });
      if (path.includes("filterByCurrentUser(on='approver')") && path.includes('roleAssignmentScheduleRequests')) {
        return sendJson(res, 200, {
          value: [
            {
              id: 'b2b2b2b2-1111-4000-8000-00000000000b',
              status: 'PendingApproval',
              action: 'selfActivate',
              approvalId: 'ap-1',
              principalId: me,
              createdDateTime: created,
              createdBy: { user: { id: me, displayName: 'Alex Rivera' } },
              principal: { id: me, displayName: 'Alex Rivera', userPrincipalName: 'alex@contoso.example' },
              roleDefinition: { id: 'r-1', displayName: 'Security Administrator' },
              directoryScopeId: '/',
            },
          ],
        });
      }
      if (path.startsWith('/beta/roleManagement/directory/roleAssignmentApprovals/ap-1')) {
        return sendJson(res, 200, { id: 'ap-1', steps: [{ id: 'st-1', status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true }] });
      }
      return sendJson(res, 404, { error: { code: 'ResourceNotFound', message: 'not scripted' } });
    });
    servers.push(graph);
    const env = { ARM_ACCESS_TOKEN: 'an-opaque-arm-token', GRAPH_ACCESS_TOKEN: 'an-opaque-graph-token' };
    const r = await bare(['list', '--kind', 'entra', '-o', 'json', '--arm-endpoint', 'http://127.0.0.1:9', '--graph-endpoint', graph.url], env);
    expect(r).toMatchObject({ code: 0, err: '' });
    const [item] = (JSON.parse(r.out) as { items: { actionable: boolean; readOnly?: string }[] }).items;
    expect(item).toMatchObject({ actionable: false, readOnly: 'own-request' });
    expect(graph.hits.filter((h) => h.path.startsWith('/v1.0/me')).map((h) => h.headers.authorization)).toEqual(['Bearer an-opaque-graph-token']);
  });
});

describe('a Graph kind that is off says why on stderr', () => {
  it('no Graph endpoint (--arm-endpoint alone): list, status and show say Entra ID roles and groups are not read', async () => {
    const w = await world();
    const env = { ARM_ACCESS_TOKEN: w.s.tokens.me, GRAPH_ACCESS_TOKEN: w.s.graphTokens.me, PIM_DATA_DIR: w.dataDir };
    const why = 'no --graph-endpoint was given with --arm-endpoint';
    const listed = await bare(['list', '-o', 'json', '--arm-endpoint', w.s.url], env);
    expect(listed.code).toBe(0);
    expect(listed.err).toBe(`pim-approvals: Entra ID roles and groups not shown: ${why}.\n`);
    const items = (JSON.parse(listed.out) as { items: Item[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.kind === 'azureResource')).toBe(true);
    const status = await bare(['status', '-o', 'json', '--arm-endpoint', w.s.url], env);
    expect(status.err).toBe(`pim-approvals: Entra ID roles and groups not shown: ${why}.\n`);
    const parsed = JSON.parse(status.out) as StatusJson;
    expect(parsed.graphEndpoint).toBeNull();
    expect(parsed.kinds.filter((k) => k.kind !== 'azureResource')).toEqual([
      { kind: 'entraRole', status: 'off', reason: `${why}.` },
      { kind: 'group', status: 'off', reason: `${why}.` },
    ]);
    const entra = (await w.items()).find((i) => i.kind === 'entraRole');
    const shown = await bare(['show', entra?.requestName.slice(0, 8) ?? '?', '--arm-endpoint', w.s.url], env);
    expect(shown.code).toBe(5);
    expect(shown.err).toContain(`pim-approvals: Entra ID roles and groups were not searched: ${why}.\n`);
  });

  it('no Graph token: each Graph kind says so, Azure resources still listed (exit 0)', async () => {
    const w = await world();
    const r = await w.cli(['list'], { GRAPH_ACCESS_TOKEN: '' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Azure resource/);
    const lines = r.err.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^pim-approvals: Entra ID role requests not shown: .*No Microsoft Graph token: run `pim-approvals login`, or set GRAPH_ACCESS_TOKEN\.$/),
      expect.stringMatching(/^pim-approvals: PIM for Groups requests not shown: .*No Microsoft Graph token/),
    ]);
  });

  it('no consent for one kind: status shows it Off with the consent reason, the others active', async () => {
    const w = await world('mixed', { graphConsent: { entraRole: true, group: false } });
    const r = await w.cli(['status', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^pim-approvals: PIM for Groups requests not shown: Microsoft Graph refused \(403 PermissionScopeNotGranted\).*PrivilegedAssignmentSchedule\.ReadWrite\.AzureADGroup/);
    const status = JSON.parse(r.out) as StatusJson;
    expect(status.kinds.map((k) => [k.kind, k.status])).toEqual([
      ['azureResource', 'active'],
      ['entraRole', 'active'],
      ['group', 'off'],
    ]);
    expect(status.kinds.find((k) => k.kind === 'group')?.reason).toMatch(/An administrator must grant consent/);
    expect(status.waitingByKind.group).toBeNull();
  });
});

describe('a command and the window cannot disagree', () => {
  it('status and list count and mark what the app core shows for the same simulated tenant', async () => {
    const w = await world('mixed');
    // My own requests of each kind wait for me too: both must show them read-only, not mine to decide.
    w.s.sim.createRequest({ requester: 'me', approvers: ['me', 'requester'] });
    w.s.sim.createRequest({ kind: 'entraRole', requester: 'me', approvers: ['me', 'requester'] });
    w.s.sim.createRequest({ kind: 'group', access: 'owner', requester: 'me', approvers: ['me', 'requester'] });
    const core = createAppCore({
      mode: 'demo',
      clock: systemClock,
      session: demoSession(w.s, systemClock),
      decisions: (session) => createDirectDecisions(session, systemClock),
      openExternal: async () => false,
    });
    servers.push({ close: () => core.stop() });
    await core.start();
    const app = core.state();
    expect(app.queue.length).toBeGreaterThan(3);

    const status = JSON.parse((await w.cli(['status', '-o', 'json'])).out) as StatusJson;
    const items: (Item & { readOnly?: string })[] = await w.items();
    const byKind = (list: { kind: string }[], kind: string) => list.filter((i) => i.kind === kind).length;
    expect(status.waiting).toBe(app.queue.length);
    expect(status.actionable).toBe(app.queue.filter((i) => i.actionable).length);
    expect(status.waitingByKind).toEqual({ azureResource: byKind(app.queue, 'azureResource'), entraRole: byKind(app.queue, 'entraRole'), group: byKind(app.queue, 'group') });
    expect(status.kinds).toEqual(app.kinds);
    const marks = (list: { id: string; actionable: boolean; readOnly?: string }[]) => list.map((i) => `${i.id} ${i.actionable} ${i.readOnly ?? ''}`).sort();
    expect(marks(items)).toEqual(marks(app.queue));
    expect(new Set(items.filter((i) => i.readOnly === 'own-request').map((i) => i.kind))).toEqual(new Set(['azureResource', 'entraRole', 'group']));
  });
});
