/**
 * Each kind decides through its own client: a Graph stage path is never handed to the ARM
 * client (it is a valid-looking ARM id, and the ARM token must not carry it), and a session
 * without Graph cannot decide the Graph kinds at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { demoSession } from '../../demo/demo-session';
import { systemClock } from '../clock';
import { stagePath } from '../graph/urls';
import { decisionRoute } from './decision-route';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('decisionRoute', () => {
  it('sends Azure resource decisions to ARM and Graph kinds to Graph', async () => {
    const s = await startSimulator({ scenario: 'quiet' });
    running.push(s);
    const session = demoSession(s, systemClock);
    const entra = s.sim.createRequest({ kind: 'entraRole', approvers: ['me'] });
    const group = s.sim.createRequest({ kind: 'group', access: 'owner', approvers: ['me'] });
    s.sim.clearLog();
    const entraPath = stagePath('entraRole', entra.approvalId, entra.stageIds[0] as string);
    const groupPath = stagePath('group', group.approvalId, group.stageIds[0] as string);
    expect(await decisionRoute(session, 'entraRole')?.decide(entraPath, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(await decisionRoute(session, 'group')?.decide(groupPath, 'Deny', 'no')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    const writes = s.sim.callLog().filter((c) => c.kind === 'write');
    expect(writes.map((c) => c.route)).toEqual(['graph.patchEntraStep', 'graph.patchGroupStage']);
    expect(s.sim.callLog().every((c) => c.route.startsWith('graph.'))).toBe(true);
    expect(decisionRoute(session, 'azureResource')).toBe(session.api);
  });

  it('has no route for Graph kinds in a session without Graph', async () => {
    const s = await startSimulator({ scenario: 'quiet' });
    running.push(s);
    const { graph: _graph, ...armOnly } = demoSession(s, systemClock);
    expect(decisionRoute(armOnly, 'entraRole')).toBeNull();
    expect(decisionRoute(armOnly, 'group')).toBeNull();
    expect(decisionRoute(armOnly, 'azureResource')).toBe(armOnly.api);
  });
});
