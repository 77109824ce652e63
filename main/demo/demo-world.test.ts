// The demo world: Contoso and Fabrikam, one approver in both (a guest in Fabrikam), overlapping
// role names, each tenant's tokens refused by the other, the call log naming the token's tenant
// and principal per write, and the sessions the app signs in with, over real loopback HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock';
import { accountIdFromToken } from '../core/net/token-identity';
import { APPR_API, APPROVALS, ENTRA_LIST, REQ_API, REQUESTS, at, stageUrl } from '../../test/kit/sim-test-kit';
import { addDemoAccount, demoSession, nextDemoTenant } from './demo-session';
import { startDemoWorld, startSimulator, type DemoWorld, type RunningSimulator } from './simulator';

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function armGet(t: RunningSimulator, pathAndQuery: string, token: string | undefined) {
  const res = await fetch(`${t.url}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token ?? ''}` } });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Role display names of the Azure resource requests waiting for `me` in a tenant. */
async function waitingRoles(t: RunningSimulator): Promise<string[]> {
  const res = await armGet(t, `${REQUESTS}?${REQ_API}&$filter=asApprover()`, t.tokens.me);
  expect(res.status).toBe(200);
  return (at(res.json, 'value') as unknown[])
    .filter((v) => at(v, 'properties', 'status') === 'PendingApproval')
    .map((v) => String(at(v, 'properties', 'expandedProperties', 'roleDefinition', 'displayName')));
}

describe('the two tenants', () => {
  it('are Contoso and Fabrikam with their own ids, and "me" is in both: a guest in Fabrikam with its own oid', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    const { contoso, fabrikam } = world;
    expect(contoso.tenant.displayName).toBe('Contoso');
    expect(fabrikam.tenant.displayName).toBe('Fabrikam');
    expect(contoso.tenantId).not.toBe(fabrikam.tenantId);
    expect(world.tenants).toEqual([contoso, fabrikam]);
    expect(world.tenant('FABRIKAM')).toBe(fabrikam);
    expect(world.tenant(contoso.tenantId)).toBe(contoso);
    expect(world.tenant('Northwind')).toBeUndefined();
    const [home, guest] = [contoso.principals['me'], fabrikam.principals['me']];
    expect(home?.displayName).toBe('Alex Rivera');
    expect(guest?.displayName).toBe('Alex Rivera');
    expect(guest?.id).not.toBe(home?.id);
    expect(guest?.upn).toMatch(/#EXT#@fabrikam\.onmicrosoft\.com$/);
    // Each token names its own tenant and the principal's oid there.
    expect(accountIdFromToken(fabrikam.tokens.me)).toBe(`${guest?.id}.${fabrikam.tenantId}`);
    expect(accountIdFromToken(contoso.tokens.me)).toBe(`${home?.id}.${contoso.tenantId}`);
  });

  it('Contoso is the lone simulator\'s tenant (same id, same mixed world), so a single-tenant demo account stays the same account', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    const lone = await startSimulator({ scenario: 'mixed', clock: new VirtualClock() });
    try {
      expect(world.contoso.tenantId).toBe(lone.tenantId);
      expect(demoSession(world.contoso, new VirtualClock()).account.id).toBe(demoSession(lone, new VirtualClock()).account.id);
    } finally {
      await lone.close();
    }
  });

  it('both have Contributor and Key Vault Administrator requests waiting for me, on different scopes', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    for (const t of world.tenants) {
      const roles = await waitingRoles(t);
      expect(roles).toContain('Contributor');
      expect(roles).toContain('Key Vault Administrator');
    }
    const scopes = async (t: RunningSimulator) => {
      const res = await armGet(t, `${REQUESTS}?${REQ_API}&$filter=asApprover()`, t.tokens.me);
      return (at(res.json, 'value') as unknown[]).map((v) => String(at(v, 'properties', 'scope')));
    };
    const [c, f] = [await scopes(world.contoso), await scopes(world.fabrikam)];
    expect(f.length).toBeGreaterThan(0);
    for (const s of f) expect(c).not.toContain(s);
    // Fabrikam serves Graph kinds for its guest too.
    const entra = await fetch(`${world.fabrikam.graphUrl}${ENTRA_LIST}`, { headers: { Authorization: `Bearer ${world.fabrikam.graphTokens.me}` } });
    expect(entra.status).toBe(200);
    const names = ((await entra.json()) as { value: unknown[] }).value.map((v) => at(v, 'roleDefinition', 'displayName'));
    expect(names).toContain('Exchange Administrator');
  });

  it('refuses each other\'s tokens with 401 on ARM and Graph, and logs which tenant and oid the refused token named', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    const { contoso, fabrikam } = world;
    expect((await armGet(fabrikam, `${APPROVALS}?${APPR_API}&$filter=asApprover()`, contoso.tokens.me)).status).toBe(401);
    expect((await armGet(contoso, `${APPROVALS}?${APPR_API}&$filter=asApprover()`, fabrikam.tokens.me)).status).toBe(401);
    const graph = await fetch(`${fabrikam.graphUrl}${ENTRA_LIST}`, { headers: { Authorization: `Bearer ${contoso.graphTokens.me}` } });
    expect(graph.status).toBe(401);
    const refused = fabrikam.sim.callLog();
    expect(refused.map((e) => [e.status, e.principal, e.tid, e.oid])).toEqual([
      [401, null, contoso.tenantId, contoso.principals['me']?.id],
      [401, null, contoso.tenantId, contoso.principals['me']?.id],
    ]);
    // Its own token still works.
    expect((await armGet(fabrikam, `${APPROVALS}?${APPR_API}&$filter=asApprover()`, fabrikam.tokens.me)).status).toBe(200);
  });

  it('knows the guest in Fabrikam by its Fabrikam oid only: its Contoso oid is nobody there', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    const { contoso, fabrikam } = world;
    const put = (principalId: string | undefined) =>
      fetch(`${fabrikam.url}/subscriptions/5fc789c7-4e2e-44bf-a3d2-d0dd30afa834${REQUESTS}/${crypto.randomUUID()}?${REQ_API}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${fabrikam.tokens.me}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ properties: { principalId, roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7', requestType: 'SelfActivate' } }),
      });
    const asContoso = await put(contoso.principals['me']?.id);
    expect(asContoso.status).toBe(400);
    expect(await asContoso.text()).toContain('PrincipalNotFound');
    expect((await put(fabrikam.principals['me']?.id)).status).toBe(201);
  });
});

describe('the call log names the token per call', () => {
  it('a decision in Fabrikam is one write carrying a Fabrikam token for the guest, and Contoso sees no write', async () => {
    const clock = new VirtualClock();
    world = await startDemoWorld({ clock });
    const { contoso, fabrikam } = world;
    const session = demoSession(fabrikam, clock);
    const approvals = await session.api.listApprovals('asApprover');
    if (!approvals.ok) throw new Error(approvals.error.message);
    const stage = approvals.value.flatMap((a) => a.stages).find((s) => s.status === 'InProgress');
    if (!stage) throw new Error('Fabrikam has no stage waiting for me');
    const decided = await session.api.decide(stage.id, 'Approve', 'Checked the change');
    expect(decided.ok).toBe(true);
    const writes = fabrikam.sim.callLog().filter((e) => e.kind === 'write');
    expect(writes.map((e) => ({ status: e.status, tid: e.tid, oid: e.oid, principal: e.principal }))).toEqual([
      { status: 204, tid: fabrikam.tenantId, oid: fabrikam.principals['me']?.id, principal: 'me' },
    ]);
    expect(contoso.sim.callLog()).toEqual([]);
    expect(fabrikam.sim.appliedDecisions().map((d) => d.by)).toEqual(['me']);
  });

  it('a Graph decision in Fabrikam carries a Fabrikam Graph token for the guest', async () => {
    const clock = new VirtualClock();
    world = await startDemoWorld({ clock });
    const { contoso, fabrikam } = world;
    const graph = demoSession(fabrikam, clock).graph;
    if (!graph) throw new Error('the demo session has no Graph');
    const pending = await graph.api.listPending('entraRole');
    if (!pending.ok) throw new Error(pending.error.message);
    const approvalId = pending.value[0]?.approvalId;
    if (!approvalId) throw new Error('no Entra ID request waits for me in Fabrikam');
    const approval = await graph.api.getApproval('entraRole', approvalId);
    if (!approval.ok) throw new Error(approval.error.message);
    const stage = approval.value.stages.find((s) => s.status === 'InProgress');
    if (!stage) throw new Error('no step in progress');
    const decided = await graph.api.decide(stage.id, 'Deny', 'Not this week');
    expect(decided.ok).toBe(true);
    const writes = fabrikam.sim.callLog().filter((e) => e.kind === 'write');
    expect(writes.map((e) => [e.route, e.tid, e.oid])).toEqual([['graph.patchEntraStep', fabrikam.tenantId, fabrikam.principals['me']?.id]]);
    expect(contoso.sim.callLog()).toEqual([]);
  });

  it('a call without a token, or with one that is not JWT-shaped, logs null for both', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    const t = world.contoso;
    await fetch(`${t.url}${REQUESTS}?${REQ_API}`);
    await armGet(t, `${REQUESTS}?${REQ_API}`, 'not-a-jwt');
    await armGet(t, `${REQUESTS}?${REQ_API}`, 'a.bm90IGpzb24.c');
    expect(t.sim.callLog().map((e) => [e.status, e.tid, e.oid])).toEqual([
      [401, null, null],
      [401, null, null],
      [401, null, null],
    ]);
  });
});

describe('GET /tenants', () => {
  const TENANTS = '/tenants?api-version=2022-12-01';

  it('lists both directories for "me" from either tenant, home first; others see only their own', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    const { contoso, fabrikam } = world;
    const ids = async (t: RunningSimulator, token: string | undefined) => {
      const res = await armGet(t, TENANTS, token);
      expect(res.status).toBe(200);
      return (at(res.json, 'value') as unknown[]).map((v) => at(v, 'tenantId'));
    };
    expect(await ids(contoso, contoso.tokens.me)).toEqual([contoso.tenantId, fabrikam.tenantId]);
    expect(await ids(fabrikam, fabrikam.tokens.me)).toEqual([fabrikam.tenantId, contoso.tenantId]);
    expect(await ids(contoso, contoso.tokens['requester'])).toEqual([contoso.tenantId]);
    expect(await ids(fabrikam, fabrikam.tokens['approver2'])).toEqual([fabrikam.tenantId]);
  });

  it('pages through an absolute nextLink when the pageSize knob asks, and refuses other api-versions and methods', async () => {
    world = await startDemoWorld({ clock: new VirtualClock(), knobs: { pageSize: 1 } });
    const t = world.contoso;
    const first = await armGet(t, TENANTS, t.tokens.me);
    expect((at(first.json, 'value') as unknown[]).map((v) => at(v, 'displayName'))).toEqual(['Contoso']);
    const next = String(at(first.json, 'nextLink'));
    expect(next.startsWith(`${t.url}/tenants?`)).toBe(true);
    const second = await fetch(next, { headers: { Authorization: `Bearer ${t.tokens.me}` } });
    const body = (await second.json()) as unknown;
    expect((at(body, 'value') as unknown[]).map((v) => at(v, 'displayName'))).toEqual(['Fabrikam']);
    expect(at(body, 'nextLink')).toBeUndefined();
    expect((await armGet(t, '/tenants?api-version=2020-10-01', t.tokens.me)).status).toBe(400);
    expect((await armGet(t, '/tenants', t.tokens.me)).status).toBe(400);
    const post = await fetch(`${t.url}${TENANTS}`, { method: 'POST', headers: { Authorization: `Bearer ${t.tokens.me}` } });
    expect(post.status).toBe(405);
    expect(t.sim.callLog().map((e) => e.route)).toContain('listTenants');
  });

  it('points its nextLink at a foreign origin when the nextLinkOrigin knob says so, and carries a hostile tenant name verbatim', async () => {
    const hostile = 'Fabrikam\u202Egnp.exe';
    world = await startDemoWorld({ clock: new VirtualClock(), knobs: { pageSize: 1, nextLinkOrigin: 'https://evil.example' }, directories: { fabrikam: { displayName: hostile } } });
    const first = await armGet(world.contoso, '/tenants?api-version=2022-12-01', world.contoso.tokens.me);
    expect(String(at(first.json, 'nextLink')).startsWith('https://evil.example/tenants?')).toBe(true);
    expect(world.fabrikam.tenant.displayName).toBe(hostile);
    expect(demoSession(world.fabrikam, new VirtualClock()).tenant.name).toBe(hostile);
    world.contoso.sim.setKnobs({ nextLinkOrigin: null, pageSize: 10 });
    const all = await armGet(world.contoso, '/tenants?api-version=2022-12-01', world.contoso.tokens.me);
    expect((at(all.json, 'value') as unknown[]).map((v) => at(v, 'displayName'))).toEqual(['Contoso', hostile]);
  });

  it('a lone simulator lists Contoso alone, even for "me"', async () => {
    const lone = await startSimulator({ scenario: 'quiet', clock: new VirtualClock() });
    try {
      const res = await armGet(lone, TENANTS, lone.tokens.me);
      expect((at(res.json, 'value') as unknown[]).map((v) => at(v, 'tenantId'))).toEqual([lone.tenantId]);
    } finally {
      await lone.close();
    }
  });
});

describe('sessions for the app', () => {
  it('demoSession names the tenant, cloud and source; nextDemoTenant gives Contoso, then Fabrikam, then nothing', async () => {
    const clock = new VirtualClock();
    world = await startDemoWorld({ clock });
    const first = nextDemoTenant(world, clock, []);
    expect(first && { tenant: first.tenant, cloud: first.cloud, source: first.source }).toEqual({ tenant: { id: world.contoso.tenantId, name: 'Contoso' }, cloud: 'public', source: 'demo' });
    const second = nextDemoTenant(world, clock, [first?.account.id ?? '']);
    expect(second?.tenant).toEqual({ id: world.fabrikam.tenantId, name: 'Fabrikam' });
    expect(second?.account.id).toBe(accountIdFromToken(world.fabrikam.tokens.me));
    expect(second?.account.username).toMatch(/#EXT#/);
    expect(nextDemoTenant(world, clock, [first?.account.id ?? '', (second?.account.id ?? '').toUpperCase()])).toBeNull();
    // Only the first missing tenant counts: with Fabrikam added alone, Contoso comes next.
    expect(nextDemoTenant(world, clock, [second?.account.id ?? ''])?.tenant.name).toBe('Contoso');
  });
});

describe('account:add in demo mode', () => {
  it('adds the next tenant, or the discovered guest tenant by id; refuses other sources, unknown tenants and tenants already added', async () => {
    const clock = new VirtualClock();
    world = await startDemoWorld({ clock });
    const { contoso, fabrikam } = world;
    const contosoId = demoSession(contoso, clock).account.id;
    const next = addDemoAccount(world, clock, { source: 'demo' }, [contosoId]);
    expect('tenant' in next && next.tenant.id).toBe(fabrikam.tenantId);
    const discovered = addDemoAccount(world, clock, { source: 'tenant', tenantId: fabrikam.tenantId.toUpperCase() }, [contosoId]);
    expect('account' in discovered && discovered.account.id).toBe(accountIdFromToken(fabrikam.tokens.me));
    const fabrikamId = 'account' in discovered ? discovered.account.id : '';
    expect(addDemoAccount(world, clock, { source: 'tenant', tenantId: fabrikam.tenantId }, [contosoId, fabrikamId])).toEqual({ problem: 'Fabrikam is already an account.' });
    expect(addDemoAccount(world, clock, { source: 'demo' }, [contosoId, fabrikamId])).toEqual({ problem: 'Every demo tenant is already an account.' });
    expect(addDemoAccount(world, clock, { source: 'tenant', tenantId: 'northwind' }, [contosoId])).toEqual({ problem: 'That tenant is not part of the demo.' });
    expect(addDemoAccount(world, clock, { source: 'app' }, [contosoId])).toHaveProperty('problem');
  });
});

describe('revoked tokens: one account failing', () => {
  it('revoking the guest in Fabrikam gives its session 401 on ARM and Graph; Contoso\'s session keeps working; signing in again works', async () => {
    const clock = new VirtualClock();
    world = await startDemoWorld({ clock });
    const { contoso, fabrikam } = world;
    const [home, guest] = [demoSession(contoso, clock), demoSession(fabrikam, clock)];
    expect((await guest.api.listApprovals('asApprover')).ok).toBe(true);
    fabrikam.sim.clearLog();
    fabrikam.sim.revokeTokens('me');
    expect((await guest.api.listApprovals('asApprover')).ok).toBe(false);
    expect((await guest.graph?.api.listPending('entraRole'))?.ok).toBe(false);
    const refused = fabrikam.sim.callLog();
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) expect([e.status, e.principal, e.tid, e.oid]).toEqual([401, null, fabrikam.tenantId, fabrikam.principals['me']?.id]);
    expect((await home.api.listApprovals('asApprover')).ok).toBe(true);
    const again = demoSession(fabrikam, clock);
    expect(again.account.id).toBe(guest.account.id);
    expect((await again.api.listApprovals('asApprover')).ok).toBe(true);
    expect(() => fabrikam.sim.revokeTokens('nobody')).toThrow(/no principal "nobody"/);
  });
});

describe('one control channel for the world', () => {
  async function control(t: RunningSimulator, secret: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${t.url}/_sim/${path}`, {
      method,
      headers: { 'x-sim-secret': secret, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  }

  it('reaches Fabrikam through Contoso\'s channel with a tenant field, and refuses a tenant the world lacks', async () => {
    const clock = new VirtualClock();
    world = await startDemoWorld({ clock, controlSecret: 'world-secret' });
    const { contoso, fabrikam } = world;
    const created = await control(contoso, 'world-secret', 'POST', 'requests', { tenant: 'fabrikam', requester: 'requester', role: 'Owner', scope: 'fab-prod' });
    expect(created.status).toBe(201);
    const approvalId = String(at(created.json, 'approvalId'));
    const stageId = String(at(created.json, 'stageIds', 0));
    // The request lives in Fabrikam only.
    expect((await armGet(fabrikam, stageUrl(approvalId, stageId), fabrikam.tokens.me)).status).toBe(200);
    expect((await armGet(contoso, stageUrl(approvalId, stageId), contoso.tokens.me)).status).toBe(404);
    expect((await control(contoso, 'world-secret', 'POST', 'decide', { tenant: fabrikam.tenantId, principal: 'approver2', stageId, result: 'Deny' })).status).toBe(200);
    expect(fabrikam.sim.appliedDecisions().map((d) => d.by)).toEqual(['approver2']);
    expect(contoso.sim.appliedDecisions()).toEqual([]);
    const ids = await control(contoso, 'world-secret', 'GET', 'identities?tenant=Fabrikam');
    expect(at(ids.json, 'tenantName')).toBe('Fabrikam');
    expect(at(ids.json, 'tokens', 'me')).toBe(fabrikam.tokens.me);
    expect(at(ids.json, 'tenants')).toEqual([
      { tenantId: contoso.tenantId, tenantName: 'Contoso' },
      { tenantId: fabrikam.tenantId, tenantName: 'Fabrikam' },
    ]);
    const knobs = await control(fabrikam, 'world-secret', 'POST', 'knobs', { tenant: 'Contoso', pageSize: 2 });
    expect(at(knobs.json, 'pageSize')).toBe(2);
    expect(at((await control(fabrikam, 'world-secret', 'GET', 'knobs')).json, 'pageSize')).toBe(1000);
    const oldToken = fabrikam.tokens.me;
    expect((await control(contoso, 'world-secret', 'POST', 'revoke', { tenant: 'Fabrikam', principal: 'me' })).status).toBe(200);
    expect((await armGet(fabrikam, `${APPROVALS}?${APPR_API}&$filter=asApprover()`, oldToken)).status).toBe(401);
    expect((await armGet(contoso, `${APPROVALS}?${APPR_API}&$filter=asApprover()`, contoso.tokens.me)).status).toBe(200);
    expect((await control(contoso, 'world-secret', 'POST', 'revoke', { principal: 'nobody' })).status).toBe(400);
    const unknown = await control(contoso, 'world-secret', 'POST', 'requests', { tenant: 'Northwind' });
    expect(unknown.status).toBe(404);
    expect(at(unknown.json, 'error', 'code')).toBe('UnknownTenant');
  });

  it('advancing one tenant moves both: one clock for the world, the system clock included', async () => {
    world = await startDemoWorld();
    const { contoso, fabrikam } = world;
    for (const t of [contoso, fabrikam]) expect((await waitingRoles(t)).length).toBeGreaterThan(0);
    await contoso.sim.advance(25 * 60 * 60 * 1000);
    // Past the 24-hour approval window in both tenants: nothing waits for me anywhere.
    for (const t of [contoso, fabrikam]) expect(await waitingRoles(t)).toEqual([]);
  });
});
