/**
 * The signed-in session on a simulated tenant: the real ARM and Graph clients pointed at the
 * simulator's two listeners with the demo approver's tokens for that tenant. Used by
 * `npm run demo`, the preview and tests. Consent is the simulator's to refuse (its graphConsent
 * knob). In the demo world, nextDemoTenant() gives the session of the next tenant not yet added.
 */
import type { AccountSession } from '../core/app/app-core';
import { createArmClient } from '../core/arm/client';
import type { Clock } from '../core/clock';
import { createGraphClient } from '../core/graph/client';
import type { DemoWorld } from './demo-world';
import type { RunningSimulator } from './simulator';

/** A demo session names its tenant, cloud and source (the fields accounts.md gives AccountSession). */
export type DemoSession = AccountSession & {
  tenant: { id: string; name: string };
  cloud: 'public';
  source: 'demo';
};

type Via = { arm: string; graph: string };

/**
 * `via` points the clients at other URLs that reach the simulator (a network gate, see
 * network-gate.ts), so the session can lose and regain its tenant.
 */
export function demoSession(sim: RunningSimulator, clock: Clock, principalKey = 'me', via: Via = { arm: sim.url, graph: sim.graphUrl }): DemoSession {
  const me = sim.principals[principalKey];
  const token = sim.tokens[principalKey];
  const graphToken = sim.graphTokens[principalKey];
  if (!me || !token || !graphToken) throw new Error(`The simulator has no principal "${principalKey}"`);
  return {
    // `{oid}.{tid}` as this tenant's token names it (MSAL's home account id in the home tenant;
    // the guest's own oid in Fabrikam): the same account the CLI derives from the token, so the
    // demo app and the CLI are one person in one outbox.
    account: { id: `${me.id}.${sim.tenantId}`.toLowerCase(), name: me.displayName, username: me.upn },
    principalId: me.id,
    tenant: { id: sim.tenantId, name: sim.tenant.displayName },
    cloud: 'public',
    source: 'demo',
    armEndpoint: via.arm,
    api: createArmClient({ endpoint: via.arm, getToken: async () => token, clock }),
    graph: {
      endpoint: via.graph,
      api: createGraphClient({ endpoint: via.graph, getToken: async () => graphToken, clock, principalId: async () => me.id }),
      access: async () => ({ ok: true }),
    },
  };
}

/**
 * The hook behind `account:add {source:'demo'}`: the session of the world's first tenant (in
 * sign-in order: Contoso, then Fabrikam) whose account id is not in `present`, or null when
 * every demo tenant is already an account. `via` may route a tenant through network gates.
 */
export function nextDemoTenant(world: DemoWorld, clock: Clock, present: readonly string[], via?: (tenant: RunningSimulator) => Via | undefined): DemoSession | null {
  const taken = new Set(present.map((id) => id.toLowerCase()));
  for (const tenant of world.tenants) {
    const session = demoSession(tenant, clock, 'me', via?.(tenant));
    if (!taken.has(session.account.id)) return session;
  }
  return null;
}

/**
 * What `account:add` does in demo mode: `{source:'demo'}` adds the next demo tenant; a tenant
 * discovered through GET /tenants (`{source:'tenant', tenantId}`) adds that tenant's session;
 * anything else, a tenant the world lacks, or one that is an account already, is a problem worded
 * for the window.
 */
export function addDemoAccount(
  world: DemoWorld,
  clock: Clock,
  request: { source: string; tenantId?: string },
  present: readonly string[],
  via?: (tenant: RunningSimulator) => Via | undefined,
): DemoSession | { problem: string } {
  if (request.source === 'demo') return nextDemoTenant(world, clock, present, via) ?? { problem: 'Every demo tenant is already an account.' };
  if (request.source !== 'tenant') return { problem: 'The demo adds its own tenants only: "Add the demo’s second tenant".' };
  const tenant = request.tenantId === undefined ? undefined : world.tenant(request.tenantId);
  if (!tenant) return { problem: 'That tenant is not part of the demo.' };
  const session = demoSession(tenant, clock, 'me', via?.(tenant));
  const taken = new Set(present.map((id) => id.toLowerCase()));
  return taken.has(session.account.id) ? { problem: `${tenant.tenant.displayName} is already an account.` } : session;
}
