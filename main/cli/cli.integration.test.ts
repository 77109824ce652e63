/**
 * The CLI end to end against the PIM simulator: list/show/approve/deny, conflict (exit 4),
 * expiry (exit 5), hostile names, the busy tenant, tenant quirks, throttling — in process
 * through main(), and as a real child process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Knobs, type RunningSimulator } from '../demo/simulator';
import { main } from './index';

const running: RunningSimulator[] = [];
// approve/deny journal through the outbox under the data dir: each test gets its own.
let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pim-cli-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await rm(dataDir, { recursive: true, force: true });
});

async function sim(scenario: string, knobs: Partial<Knobs> = {}) {
  const s = await startSimulator({ scenario, knobs });
  running.push(s);
  const cli = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main([...argv, '--arm-endpoint', s.url], { ARM_ACCESS_TOKEN: s.tokens.me, PIM_DATA_DIR: dataDir }, { out: (x) => void (out += x), err: (x) => void (err += x) });
    return { code, out, err };
  };
  return { s, cli };
}

interface ListJson {
  schema: string;
  items: { id: string; requestName: string; actionable: boolean; requestType: string; requester: { displayName: string } }[];
}

async function listJson(cli: Awaited<ReturnType<typeof sim>>['cli']): Promise<ListJson> {
  const r = await cli('list', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as ListJson;
}

describe('CLI on the simulator', () => {
  it('list shows the quiet queue as a table and as JSON', async () => {
    const { cli } = await sim('quiet');
    const table = await cli('list');
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+KIND\s+ROLE ON SCOPE\s+REQUESTER\s+FOR\s+TIME LEFT\s+TYPE$/);
    expect(table.out).toMatch(/Contributor on /);
    expect(table.out).toMatch(/Extension \(portal only\)/);
    expect(table.out).toMatch(/\d+ h \d+ min/);
    const json = await listJson(cli);
    expect(json.schema).toBe('pim-approvals/queue@1');
    expect(json.items.length).toBeGreaterThanOrEqual(3);
  });

  it('list --created-by-me shows my own requests', async () => {
    const { cli } = await sim('quiet');
    const r = await cli('list', '--created-by-me');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/STATUS/);
    expect(r.out).toMatch(/User Access Administrator/);
  });

  it('show by short id prints the details; --json is stable', async () => {
    const { cli } = await sim('quiet');
    const item = (await listJson(cli)).items.find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    const shown = await cli('show', item.requestName.slice(0, 8));
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/Justification:/);
    expect(shown.out).toContain(item.id);
    const json = JSON.parse((await cli('show', item.id, '--json')).out) as { schema: string; item: { id: string }; requestStatus: string };
    expect(json).toMatchObject({ schema: 'pim-approvals/request@1', requestStatus: 'PendingApproval', item: { id: item.id } });
  });

  it('approve and deny by short id; approving again changes nothing and says when it was sent (exit 4)', async () => {
    const { s, cli } = await sim('quiet');
    const [a, b] = (await listJson(cli)).items.filter((i) => i.actionable);
    if (!a || !b) throw new Error('need two actionable items');
    expect(await cli('approve', a.requestName.slice(0, 8), '--justification', 'checked INC0012345')).toMatchObject({ code: 0, out: expect.stringMatching(/^Approved: /) });
    expect(await cli('deny', b.requestName, '--justification', 'not now')).toMatchObject({ code: 0, out: expect.stringMatching(/^Denied: /) });
    expect(await cli('approve', a.id, '--justification', 'checked INC0012345')).toMatchObject({
      code: 4,
      out: '',
      err: expect.stringMatching(/^pim-approvals: Already approved by you at \d\d:\d\d; nothing changed\.\n$/),
    });
    expect(s.sim.appliedDecisions().map((d) => d.result).sort()).toEqual(['Approve', 'Deny']);
    const after = await listJson(cli);
    expect(after.items.map((i) => i.id)).not.toContain(a.id);
  });

  it('a decision made while Azure is unreachable stays in the outbox and `sync` sends it exactly once', async () => {
    const { s, cli } = await sim('quiet');
    const item = (await listJson(cli)).items.find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    // A port nothing listens on: the network is down as far as the CLI can tell.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const deadEndpoint = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    let err = '';
    const code = await main(['approve', item.id, '--justification', 'on a train', '--arm-endpoint', deadEndpoint], { ARM_ACCESS_TOKEN: s.tokens.me, PIM_DATA_DIR: dataDir }, { out: () => {}, err: (x) => void (err += x) });
    expect(code).toBe(1);
    expect(err).toMatch(/saved in the outbox/);
    const listed = await cli('outbox', '--json');
    expect(listed.out).toContain(item.id.split('/').pop() ?? '');
    expect(listed.out).not.toContain('on a train');
    const synced = await cli('sync');
    expect(synced.code).toBe(0);
    expect(s.sim.appliedDecisions().filter((d) => item.id.endsWith(d.stageId))).toHaveLength(1);
  });

  it('another approver first → exit 4 (conflict)', async () => {
    const { s, cli } = await sim('quiet');
    const item = (await listJson(cli)).items.find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    s.sim.decideAs('approver2', item.id, 'Deny', 'no');
    const r = await cli('approve', item.requestName.slice(0, 8), '--justification', 'yes');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/Already denied by .+; nothing was changed/);
    expect(s.sim.callLog().filter((c) => c.kind === 'write')).toEqual([]);
  });

  it('25 hours later → exit 5 (expired)', async () => {
    const { s, cli } = await sim('quiet');
    const item = (await listJson(cli)).items.find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    await s.sim.advance(25 * 3600_000);
    expect((await cli('approve', item.requestName.slice(0, 8), '--justification', 'late')).code).toBe(5);
    expect((await cli('approve', item.id, '--justification', 'late')).code).toBe(5);
    expect(s.sim.appliedDecisions()).toEqual([]);
  });

  it('an extend request is refused before any write (portal only)', async () => {
    const { s, cli } = await sim('quiet');
    const item = (await listJson(cli)).items.find((i) => i.requestType === 'SelfExtend');
    if (!item) throw new Error('no SelfExtend item');
    const r = await cli('approve', item.requestName, '--justification', 'ok');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Azure portal/);
    expect(s.sim.callLog().filter((c) => c.kind === 'write')).toEqual([]);
  });

  it('hostile names print inertly', async () => {
    const { cli } = await sim('hostile');
    const r = await cli('list');
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- asserting the absence of control characters
    expect(r.out.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(r.out).toContain("<script>alert('pwned')</script>"); // shown as text, never interpreted
    expect(r.out).toContain('Invoice gnp.exe');
  });

  it('busy tenant: list shows 1,000 items with two ARM list calls', async () => {
    const { s, cli } = await sim('busy');
    s.sim.clearLog();
    const json = await listJson(cli);
    expect(json.items.length).toBeGreaterThanOrEqual(1000);
    expect(s.sim.callLog().map((c) => c.route).sort()).toEqual(['listApprovals', 'listScheduleRequests']);
  });

  it.each([
    ['flat-body-only tenant', { flatBodyOnly: true }, ['putStage 400', 'patchStage 204']],
    ['204 answers', { patchAnswers: 204 }, ['putStage 204']],
    ['200 answers', { patchAnswers: 200 }, ['putStage 200']],
  ] as const)('approve works on a %s', async (_label, knobs, writes) => {
    const { s, cli } = await sim('quiet', knobs);
    const item = (await listJson(cli)).items.find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    s.sim.clearLog();
    expect((await cli('approve', item.id, '--justification', 'ok')).code).toBe(0);
    expect(s.sim.callLog().filter((c) => c.kind === 'write').map((c) => `${c.route} ${c.status}`)).toEqual(writes);
  });

  it('a tiny write bucket → 429 is reported (exit 1), not retried', async () => {
    const { s, cli } = await sim('quiet', { writeBucket: { burst: 1, perSecond: 0.01 } });
    const [a, b] = (await listJson(cli)).items.filter((i) => i.actionable);
    if (!a || !b) throw new Error('need two actionable items');
    expect((await cli('approve', a.id, '--justification', 'ok')).code).toBe(0);
    s.sim.clearLog();
    const r = await cli('approve', b.id, '--justification', 'ok');
    expect(r.code).toBe(1);
    expect(s.sim.callLog().filter((c) => c.kind === 'write').map((c) => c.status)).toEqual([429]);
  });

  it('status reports the endpoint and how many wait', async () => {
    const { s, cli } = await sim('quiet');
    const r = await cli('status');
    expect(r.code).toBe(0);
    expect(r.out).toContain(s.url);
    expect(r.out).toMatch(/Waiting:\s+\d+/);
  });

  it('runs as a real process: list --json and approve with exit codes', async () => {
    const { s } = await sim('quiet');
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const spawnCli = (...argv: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', entry, ...argv, '--arm-endpoint', s.url], {
          env: { ...process.env, ARM_ACCESS_TOKEN: s.tokens.me, PIM_DATA_DIR: dataDir },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const listed = await spawnCli('list', '--json');
    expect(listed.code).toBe(0);
    const item = (JSON.parse(listed.out) as ListJson).items.find((i) => i.actionable);
    if (!item) throw new Error('no actionable item');
    expect(await spawnCli('approve', item.requestName.slice(0, 8), '--justification', 'spawned')).toMatchObject({ code: 0 });
    s.sim.decideAs('approver2', (JSON.parse(listed.out) as ListJson).items.filter((i) => i.actionable)[1]?.id ?? '', 'Approve', 'me first');
    const second = (JSON.parse(listed.out) as ListJson).items.filter((i) => i.actionable)[1];
    expect((await spawnCli('deny', second?.id ?? '', '--justification', 'x')).code).toBe(4);
    expect((await spawnCli('bogus')).code).toBe(2);
  }, 60_000);
});
