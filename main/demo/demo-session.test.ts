import { afterEach, expect, it } from 'vitest';
import { accountIdFromToken } from '../core/net/token-identity';
import { systemClock } from '../core/clock';
import { demoSession } from './demo-session';
import { startSimulator, type RunningSimulator } from './simulator';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

it('the demo app signs in as the account the CLI derives from the same token, so both share one outbox identity', async () => {
  sim = await startSimulator({ port: 0, scenario: 'quiet' });
  const session = demoSession(sim, systemClock);
  const fromToken = accountIdFromToken(sim.tokens['me']!);
  expect(fromToken).toMatch(/^[0-9a-f-]+\.[0-9a-f-]+$/);
  expect(session.account.id).toBe(fromToken);
});
