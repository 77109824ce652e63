/**
 * The registry routes each kind to its own service and client: a Graph stage path is never
 * handed to the ARM client (it is a valid-looking ARM id, and the ARM token must not carry
 * it), ARM stage ids go to ARM only, and a session without Graph cannot reach the Graph
 * kinds at all (they are listed as unavailable, with the reason).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { demoSession } from '../../demo/demo-session';
import { systemClock } from '../clock';
import { stagePath } from '../graph/urls';
import { NO_GRAPH, sessionServices } from './registry';

const running: RunningSimulator[] = [];
/** The full ARM stage id of a simulated request (the simulator hands back bare GUIDs). */
const armStageId = (r: { approvalId: string; stageIds: string[] }) => `/providers/Microsoft.Authorization/roleAssignmentApprovals/${r.approvalId}/stages/${r.stageIds[0]}`;
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('sessionServices', () => {
  it('sends each kind to its own service: Azure resources to ARM, Graph kinds to Graph', async () => {
    const s = await startSimulator({ scenario: 'quiet' });
    running.push(s);
    const services = sessionServices(demoSession(s, systemClock));
    const arm = s.sim.createRequest({ approvers: ['me'] });
    const entra = s.sim.createRequest({ kind: 'entraRole', approvers: ['me'] });
    const group = s.sim.createRequest({ kind: 'group', access: 'owner', approvers: ['me'] });
    s.sim.clearLog();
    const entraPath = stagePath('entraRole', entra.approvalId, entra.stageIds[0] as string);
    const groupPath = stagePath('group', group.approvalId, group.stageIds[0] as string);
    expect(await services.of('entraRole')?.decide(entraPath, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(await services.of('group')?.decide(groupPath, 'Deny', 'no')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(s.sim.callLog().every((c) => c.route.startsWith('graph.'))).toBe(true);
    s.sim.clearLog();
    expect(await services.of('azureResource')?.decide(armStageId(arm), 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    const log = s.sim.callLog();
    expect(log.length).toBeGreaterThan(0);
    expect(log.some((c) => c.route.startsWith('graph.'))).toBe(false);
    expect(services.services.map((x) => x.kind)).toEqual(['azureResource', 'entraRole', 'group']);
    expect(services.unavailable).toEqual([]);
  });

  it('tells each service its own stage ids, so a typed id is asked of one service only', async () => {
    const s = await startSimulator({ scenario: 'quiet' });
    running.push(s);
    const services = sessionServices(demoSession(s, systemClock));
    const arm = s.sim.createRequest({ approvers: ['me'] });
    const entra = s.sim.createRequest({ kind: 'entraRole', approvers: ['me'] });
    const entraPath = stagePath('entraRole', entra.approvalId, entra.stageIds[0] as string);
    const owners = (id: string) => services.services.filter((x) => x.ownsStageId(id)).map((x) => x.kind);
    expect(owners(armStageId(arm))).toEqual(['azureResource']);
    expect(owners(entraPath)).toEqual(['entraRole']);
    expect(owners(stagePath('group', entra.approvalId, entra.stageIds[0] as string))).toEqual(['group']);
    expect(owners('5dd6cd92')).toEqual([]);
  });

  it('has no service for the Graph kinds in a session without Graph, and says why', async () => {
    const s = await startSimulator({ scenario: 'quiet' });
    running.push(s);
    const { graph: _graph, ...armOnly } = demoSession(s, systemClock);
    const services = sessionServices(armOnly);
    expect(services.of('entraRole')).toBeNull();
    expect(services.of('group')).toBeNull();
    expect(services.of('azureResource')?.kind).toBe('azureResource');
    expect(services.unavailable).toEqual([
      { kind: 'entraRole', reason: NO_GRAPH },
      { kind: 'group', reason: NO_GRAPH },
    ]);
  });
});
