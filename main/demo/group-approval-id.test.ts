import { afterEach, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './simulator';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

it("a PIM for Groups request's approval id is its own id everywhere, as Graph's approval-get has it; other kinds keep their own", async () => {
  sim = await startSimulator({ port: 0, scenario: 'quiet' });
  const group = sim.sim.createRequest({ kind: 'group' });
  expect(group.approvalId).toBe(group.requestId);
  const path = `${sim.graphUrl}/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/${group.requestId}`;
  const res = await fetch(path, { headers: { authorization: `Bearer ${sim.graphTokens['me']}` } });
  expect(res.status).toBe(200);
  const entra = sim.sim.createRequest({ kind: 'entraRole' });
  expect(entra.approvalId).not.toBe(entra.requestId);
});
