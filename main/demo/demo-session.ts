/**
 * The signed-in session on the simulated tenant: the real ARM and Graph clients pointed at
 * the simulator's two listeners with the demo approver's tokens. Used by `npm run demo`,
 * the preview and tests. Consent is the simulator's to refuse (its graphConsent knob).
 */
import type { AccountSession } from '../core/app/app-core';
import { createArmClient } from '../core/arm/client';
import type { Clock } from '../core/clock';
import { createGraphClient } from '../core/graph/client';
import type { RunningSimulator } from './simulator';

/**
 * `via` points the clients at other URLs that reach the simulator (a network gate, see
 * network-gate.ts), so the session can lose and regain its tenant.
 */
export function demoSession(sim: RunningSimulator, clock: Clock, principalKey = 'me', via: { arm: string; graph: string } = { arm: sim.url, graph: sim.graphUrl }): AccountSession {
  const me = sim.principals[principalKey];
  const token = sim.tokens[principalKey];
  const graphToken = sim.graphTokens[principalKey];
  if (!me || !token || !graphToken) throw new Error(`The simulator has no principal "${principalKey}"`);
  return {
    // MSAL's home account id shape, `{oid}.{tid}`: the same account the CLI derives from
    // this principal's token, so the demo app and the CLI are one person in one outbox.
    account: { id: `${me.id}.${sim.tenantId}`.toLowerCase(), name: me.displayName, username: me.upn },
    principalId: me.id,
    armEndpoint: via.arm,
    api: createArmClient({ endpoint: via.arm, getToken: async () => token, clock }),
    graph: {
      endpoint: via.graph,
      api: createGraphClient({ endpoint: via.graph, getToken: async () => graphToken, clock, principalId: async () => me.id }),
      access: async () => ({ ok: true }),
    },
  };
}
