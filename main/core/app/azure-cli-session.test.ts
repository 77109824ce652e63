/**
 * "Use my Azure CLI sign-in" end to end: a fake `az` on PATH hands out the simulator's ARM
 * token for `me`, and the real ARM client reads and decides on the simulator over loopback
 * HTTP with it. Graph stays off with the reason the window shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { fakeAz, type FakeAz } from '../../../test/fakes/fake-az';
import { fullStageId } from '../../../test/kit/sim-fixture';
import { sessionServices } from '../services/registry';
import { azureCliSession, NO_GRAPH_VIA_AZURE_CLI, noGraphReason, type SourcedSession } from './azure-cli-session';
import { createAppCore } from './create-app-core';
import type { AppCore } from './app-core';
import { until } from '../../../test/kit/until';

let sim: RunningSimulator | null = null;
let az: FakeAz | null = null;
let core: AppCore | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
  await az?.close();
  await sim?.close();
  az = sim = null;
});

const azAnswer = (token: string) => ({ kind: 'json' as const, output: { accessToken: token, expires_on: Math.floor(Date.now() / 1000) + 3600, expiresOn: '2099-01-01 00:00:00.000000', tenant: 'ignored', tokenType: 'Bearer' } });

function sessionOf(result: SourcedSession | { problem: string }): SourcedSession {
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

describe('Azure CLI session', () => {
  it("reads and decides on ARM with az's token, as the account the token names, with Graph off and why", async () => {
    sim = await startSimulator({ port: 0, scenario: 'quiet' });
    const me = sim.principals['me'];
    if (!me) throw new Error('no me');
    az = await fakeAz(azAnswer(sim.tokens.me ?? ''));
    const session = sessionOf(await azureCliSession({ cloud: 'public', armEndpoint: sim.url, clock: systemClock, env: az.env }));
    expect(session).toMatchObject({
      account: { id: `${me.id}.${sim.tenantId}`.toLowerCase(), name: me.displayName, username: me.upn },
      principalId: me.id,
      tenant: { id: sim.tenantId.toLowerCase() },
      cloud: 'public',
      source: 'azure-cli',
      armEndpoint: sim.url,
    });
    expect(session.graph).toBeUndefined();
    expect(sessionServices(session, noGraphReason(session)).unavailable).toEqual([
      { kind: 'entraRole', reason: NO_GRAPH_VIA_AZURE_CLI },
      { kind: 'group', reason: NO_GRAPH_VIA_AZURE_CLI },
    ]);

    const r = sim.sim.createRequest({ kind: 'azureResource', approvers: ['me'] });
    const approvals = await session.api.listApprovals('asApprover');
    expect(approvals.ok && approvals.value.map((a) => a.name)).toContain(r.approvalId);
    const decided = await session.api.decide(fullStageId(r.approvalId, r.stageIds[0] ?? ''), 'Approve', 'via az');
    expect(decided.ok).toBe(true);
    expect(sim.sim.appliedDecisions()).toMatchObject([{ by: 'me', result: 'Approve' }]);
    const calls = sim.sim.callLog();
    expect(calls.map((c) => c.principal)).toContain('me');
    expect(new Set(calls.map((c) => c.principal))).toEqual(new Set(['me']));
    // One az run served the sign-in and every call after it (the token is kept in memory).
    expect(await az.runs()).toHaveLength(1);
  });

  it("never lets az's next person act for this account", async () => {
    sim = await startSimulator({ port: 0, scenario: 'quiet' });
    az = await fakeAz(azAnswer(sim.tokens.me ?? ''));
    const fake = az;
    // A token that expires within the refresh margin is asked for again on every call.
    await fake.set({ kind: 'json', output: { ...azAnswer(sim.tokens.me ?? '').output, expires_on: Math.floor(Date.now() / 1000) + 60 } });
    const session = sessionOf(await azureCliSession({ cloud: 'public', armEndpoint: sim.url, clock: systemClock, env: fake.env }));
    await fake.set(azAnswer(sim.tokens.approver2 ?? ''));
    const r = sim.sim.createRequest({ kind: 'azureResource', approvers: ['me', 'approver2'] });
    const decided = await session.api.decide(fullStageId(r.approvalId, r.stageIds[0] ?? ''), 'Approve', 'via az');
    expect(decided.ok).toBe(false);
    expect(await fake.runs()).toHaveLength(2);
    expect(sim.sim.callLog()).toEqual([]);
    expect(sim.sim.appliedDecisions()).toEqual([]);
  });

  it("says what az said when it cannot give a token", async () => {
    az = await fakeAz({ kind: 'fail', code: 1, stderr: "ERROR: Please run 'az login' to setup account.\n" });
    expect(await azureCliSession({ cloud: 'public', armEndpoint: 'http://127.0.0.1:9', clock: systemClock, env: az.env })).toEqual({ problem: 'Run `az login` first, then try again.' });
  });

  it("added in the app, its account lists the Graph kinds off with the Azure CLI's reason, and Azure resources on", async () => {
    sim = await startSimulator({ port: 0, scenario: 'quiet' });
    az = await fakeAz(azAnswer(sim.tokens.me ?? ''));
    const fake = az;
    const armEndpoint = sim.url;
    core = createAppCore({ mode: 'azure', clock: systemClock, session: null, openExternal: async () => true, addAccount: () => azureCliSession({ cloud: 'public', armEndpoint, clock: systemClock, env: fake.env }) });
    await core.start();
    await core.addAccount({ source: 'azure-cli' });
    const running = core;
    const kinds = await until(() => {
      const k = running.state().accounts?.[0]?.kinds ?? [];
      return k.some((x) => x.kind === 'azureResource' && x.status === 'active') ? k : undefined;
    });
    expect(running.state().accounts?.[0]).toMatchObject({ source: 'azure-cli', status: 'signed-in' });
    expect(kinds.filter((k) => k.kind !== 'azureResource')).toEqual([
      { kind: 'entraRole', status: 'off', reason: NO_GRAPH_VIA_AZURE_CLI },
      { kind: 'group', status: 'off', reason: NO_GRAPH_VIA_AZURE_CLI },
    ]);
  });
});
