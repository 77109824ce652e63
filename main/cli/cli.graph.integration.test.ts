/**
 * The CLI with all three kinds against the simulator's ARM and Graph listeners: `list`
 * shows every kind, `--kind` filters, Graph decisions go through the outbox to Graph,
 * 409 conflicts, missing consent (403) turns one kind off with a clear message while the
 * rest works, and a foreign @odata.nextLink is refused without a call to the other host.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Knobs, type RunningSimulator } from '../demo/simulator';
import { startLoopback, sendJson } from '../../test/kit/loopback-server';
import { main } from './index';

const running: Array<{ close(): Promise<void> }> = [];
let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pim-cli-graph-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await rm(dataDir, { recursive: true, force: true });
});

async function sim(knobs: Partial<Knobs> = {}) {
  const s: RunningSimulator = await startSimulator({ scenario: 'mixed', knobs });
  running.push(s);
  const cli = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const env = { ARM_ACCESS_TOKEN: s.tokens.me, GRAPH_ACCESS_TOKEN: s.graphTokens.me, PIM_DATA_DIR: dataDir };
    const code = await main([...argv, '--arm-endpoint', s.url, '--graph-endpoint', s.graphUrl], env, { out: (x) => void (out += x), err: (x) => void (err += x) });
    return { code, out, err };
  };
  return { s, cli };
}

interface Item {
  id: string;
  kind: string;
  access?: string;
  requestName: string;
  actionable: boolean;
  role: { displayName: string };
}

async function items(cli: Awaited<ReturnType<typeof sim>>['cli'], ...extra: string[]): Promise<Item[]> {
  const r = await cli('list', '--json', ...extra);
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { items: Item[] }).items;
}

describe('CLI with Entra ID roles and groups', () => {
  it('list shows all three kinds in one table, named with their kind', async () => {
    const { cli } = await sim();
    const table = await cli('list');
    expect(table.code).toBe(0);
    expect(table.err).toBe('');
    expect(table.out).toMatch(/Azure resource\s+Contributor on /);
    expect(table.out).toMatch(/Entra ID role\s+Global Administrator \(Entra ID\)/);
    expect(table.out).toMatch(/PIM for Groups\s+Owner of .+ \(group\)/);
    expect(new Set((await items(cli)).map((i) => i.kind))).toEqual(new Set(['azureResource', 'entraRole', 'group']));
  });

  it.each([
    ['entra', 'entraRole'],
    ['group', 'group'],
    ['azure', 'azureResource'],
    ['entraRole', 'entraRole'],
  ])('--kind %s lists only %s requests', async (flag, kind) => {
    const { s, cli } = await sim();
    s.sim.clearLog();
    const listed = await items(cli, '--kind', flag);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((i) => i.kind === kind)).toBe(true);
    // Only the service that holds that kind was asked.
    const graphCalls = s.sim.callLog().filter((c) => c.route.startsWith('graph.')).length;
    if (kind === 'azureResource') expect(graphCalls).toBe(0);
    else expect(graphCalls).toBeGreaterThan(0);
  });

  it('refuses an unknown --kind with a usage error', async () => {
    const { cli } = await sim();
    const r = await cli('list', '--kind', 'printer');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown --kind "printer"');
  });

  it('approves an Entra ID role and denies a group request through the outbox to Graph', async () => {
    const { s, cli } = await sim();
    const all = await items(cli);
    const entra = all.find((i) => i.kind === 'entraRole' && i.actionable && i.role.displayName === 'Global Administrator');
    const group = all.find((i) => i.kind === 'group' && i.actionable);
    if (!entra || !group) throw new Error('mixed scenario lacks an actionable Graph item');
    const approved = await cli('approve', entra.requestName.slice(0, 8), '--justification', 'INC0077001 confirmed');
    expect(approved.code).toBe(0);
    expect(approved.out).toMatch(/^Approved: Global Administrator \(Entra ID\) for /);
    const denied = await cli('deny', group.id, '--justification', 'Not during the audit');
    expect(denied.code).toBe(0);
    expect(denied.out).toMatch(/^Denied: (Member|Owner) of .+ \(group\)/);
    const writes = s.sim.callLog().filter((c) => c.kind === 'write');
    expect(writes.map((c) => [c.route, c.status])).toEqual([
      ['graph.patchEntraStep', 204],
      ['graph.patchGroupStage', 204],
    ]);
    expect(s.sim.appliedDecisions().map((d) => [d.by, d.result])).toEqual([
      ['me', 'Approve'],
      ['me', 'Deny'],
    ]);
    // show names the kind too.
    const shown = await cli('show', group.id);
    expect(shown.code === 5 || shown.out.includes('Kind:')).toBe(true);
  });

  it('exits 4 on a Graph conflict and names who decided first', async () => {
    const { s, cli } = await sim();
    const entra = (await items(cli, '--kind', 'entra')).find((i) => i.actionable);
    if (!entra) throw new Error('no actionable Entra item');
    s.sim.decideAs('approver2', entra.id.split('/').pop() as string, 'Deny', 'Not in the freeze');
    const r = await cli('approve', entra.id, '--justification', 'looks fine');
    // The request may drop out of the pending list once decided; either way nothing is written.
    expect([4, 5]).toContain(r.code);
    if (r.code === 4) expect(r.err).toMatch(/Already denied by/);
    expect(s.sim.callLog().filter((c) => c.kind === 'write' && c.status >= 200 && c.status < 300)).toHaveLength(0);
  });

  it('missing consent for one kind: a clear message on stderr, the other kinds still listed', async () => {
    const { cli } = await sim({ graphConsent: { entraRole: false, group: true } });
    const r = await cli('list');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Entra ID role requests not shown: Microsoft Graph refused \(403 PermissionScopeNotGranted\).*An administrator must grant consent for RoleAssignmentSchedule\.ReadWrite\.Directory/);
    expect(r.out).toMatch(/Contributor on /);
    expect(r.out).toMatch(/\(group\)/);
    expect(r.out).not.toMatch(/\(Entra ID\)/);
    // Asked for that kind alone, it is an error with the same reason.
    const only = await cli('list', '--kind', 'entra');
    expect(only.code).not.toBe(0);
    expect(only.err).toMatch(/PermissionScopeNotGranted/);
  });

  it('refuses a foreign @odata.nextLink without calling the other host', async () => {
    const elsewhere = await startLoopback((_hit, res) => sendJson(res, 200, { value: [] }));
    running.push(elsewhere);
    const { cli } = await sim({ pageSize: 1, nextLinkOrigin: elsewhere.url });
    const r = await cli('list', '--kind', 'group');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Microsoft Graph sent a next-page link to another host; not followed.');
    expect(elsewhere.hits).toEqual([]);
  });
});
