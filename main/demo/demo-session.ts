/**
 * The signed-in session on the simulated tenant: the real ARM client pointed at the
 * simulator with the demo approver's token. Used by `npm run demo`, the preview and tests.
 */
import type { AccountSession } from '../core/app/app-core';
import { createArmClient } from '../core/arm/client';
import type { Clock } from '../core/clock';
import type { RunningSimulator } from './simulator';

export function demoSession(sim: RunningSimulator, clock: Clock, principalKey = 'me'): AccountSession {
  const me = sim.principals[principalKey];
  const token = sim.tokens[principalKey];
  if (!me || !token) throw new Error(`The simulator has no principal "${principalKey}"`);
  return {
    account: { id: me.id, name: me.displayName, username: me.upn },
    principalId: me.id,
    armEndpoint: sim.url,
    api: createArmClient({ endpoint: sim.url, getToken: async () => token, clock }),
  };
}
