/**
 * Azure sessions with real MSAL against the loopback fake Entra ID: each Graph kind asks
 * for its own permission with the ARM sign-in's refresh token; a kind without consent is
 * reported off with the reason (not transient) while the session stays signed in; the Graph
 * client sends a Graph token, carrying the kind's permission, to the Graph origin only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jwtPayload } from '../../../test/fakes/entra/fake-entra';
import { entraHarness, type EntraHarness } from '../../../test/fakes/entra/harness';
import { graphScope } from '../net/clouds';
import { startLoopback, sendJson, type LoopbackServer } from '../../../test/kit/loopback-server';
import { systemClock } from '../clock';
import { azureSessions } from './azure-session';
import type { AccountSession } from './app-core';

let h: EntraHarness;
let graph: LoopbackServer;
let arm: LoopbackServer;
beforeEach(async () => {
  h = await entraHarness({ accessTokenLifetimeSec: 60 });
  graph = await startLoopback((_hit, res) => sendJson(res, 200, { value: [] }));
  arm = await startLoopback((_hit, res) => sendJson(res, 200, { value: [] }));
});
afterEach(async () => {
  await Promise.all([h.close(), graph.close(), arm.close()]);
});

async function signIn(): Promise<{ session: AccountSession; auth: ReturnType<EntraHarness['makeAuth']> }> {
  const auth = h.makeAuth();
  const sessions = azureSessions({ auth, armEndpoint: arm.url, graphEndpoint: graph.url, clock: systemClock });
  const session = await sessions.signIn();
  if ('problem' in session) throw new Error(session.problem);
  return { session, auth };
}

describe('azureSessions: Graph kinds', () => {
  it('reads each kind with a Graph token for its own permission, sent to the Graph origin only', async () => {
    const { session } = await signIn();
    expect(session.graph?.endpoint).toBe(graph.url);
    expect(await session.graph?.access('entraRole')).toEqual({ ok: true });
    expect(await session.graph?.api.listPending('entraRole')).toMatchObject({ ok: true, value: [] });
    expect(await session.graph?.api.listPending('group')).toMatchObject({ ok: true, value: [] });
    const scopes = graph.hits.map((hit) => jwtPayload(String(hit.headers.authorization).replace(/^Bearer /, '')).scp);
    expect(scopes).toEqual(['RoleAssignmentSchedule.ReadWrite.Directory', 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup']);
    expect(arm.hits).toEqual([]);
  });

  it('a kind without consent is off with the reason; the session and the other kind stay', async () => {
    h.fake.setUnconsentedScopes([graphScope(graph.url, 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup')]);
    const { session, auth } = await signIn();
    const group = await session.graph?.access('group');
    expect(group?.ok).toBe(false);
    if (group && !group.ok) {
      expect(group.transient).toBeUndefined();
      expect(group.reason).toContain('PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup');
      expect(group.reason).toMatch(/administrator must grant consent/);
    }
    expect(await session.graph?.access('entraRole')).toEqual({ ok: true });
    expect(auth.state().status).toBe('signed-in');
    // Consent granted later: the next check passes.
    h.fake.setUnconsentedScopes([]);
    expect(await session.graph?.access('group')).toEqual({ ok: true });
  });

  it('an unreachable identity provider is transient: the kind is not turned off for it', async () => {
    const { session } = await signIn();
    // Entra ID goes away; tokens live 60 s, inside MSAL's 5-minute renewal margin, so every
    // token() call must refresh and now cannot.
    await h.close();
    expect(await session.graph?.access('group')).toMatchObject({ ok: false, transient: true, reason: expect.stringMatching(/^Could not get a Microsoft Graph token: /) });
  });

  it('steps up once when Graph asks a decision for more claims (MFA), then decides', async () => {
    // A Graph stand-in for one Entra ID step: PATCH without an `acrs` claim → 401 with a claims challenge.
    const STEP_UP = Buffer.from(JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } })).toString('base64');
    let decided: { by: string; acrs: unknown } | null = null;
    const stepPath = '/beta/roleManagement/directory/roleAssignmentApprovals/a1/steps/s1';
    await graph.close();
    graph = await startLoopback((hit, res) => {
      const token = jwtPayload(String(hit.headers.authorization).replace(/^Bearer /, ''));
      if (hit.method === 'PATCH') {
        if (!token.acrs) {
          res.writeHead(401, { 'www-authenticate': `Bearer error="insufficient_claims", claims="${STEP_UP}"`, 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Continuous access evaluation resulted in claims challenge' } }));
          return;
        }
        decided = { by: String(token.oid), acrs: token.acrs };
        res.writeHead(204).end();
        return;
      }
      sendJson(res, 200, {
        id: 's1',
        status: decided ? 'Completed' : 'InProgress',
        reviewResult: decided ? 'Approve' : 'NotReviewed',
        assignedToMe: true,
        reviewedBy: decided ? { id: decided.by, displayName: 'Approver' } : null,
        reviewedDateTime: null,
        justification: decided ? 'MFA done' : null,
      });
    });
    const { session } = await signIn();
    const result = await session.graph?.api.decide(stepPath, 'Approve', 'MFA done');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(decided).toMatchObject({ acrs: ['c1'] });
    // One refused PATCH, one stepped-up PATCH: never a third write.
    expect(graph.hits.filter((h) => h.method === 'PATCH')).toHaveLength(2);
    expect(h.browserVisits.length).toBeGreaterThanOrEqual(2); // sign-in, then the step-up
  });
});

describe('azureSessions: the outbox fence reaches the write', () => {
  const openStage = { id: 's1', status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true, reviewedBy: null, reviewedDateTime: null, justification: null };

  it('ARM: a fence that says no stops the decision before any write; yes lets exactly one through', async () => {
    await arm.close();
    let written = false;
    arm = await startLoopback((hit, res) => {
      if (hit.method !== 'GET') written = true;
      const review = written ? { status: 'Completed', reviewResult: 'Approve', justification: 'ok' } : { status: 'InProgress', reviewResult: 'NotReviewed' };
      sendJson(res, 200, { id: 's1', name: 's1', properties: { ...review, assignedToMe: true } });
    });
    const { session } = await signIn();
    const stageId = '/providers/Microsoft.Authorization/roleAssignmentApprovals/a1/stages/s1';
    const fenced = await session.api.decide(stageId, 'Approve', 'ok', undefined, { beforeWrite: async () => false });
    expect(fenced).toMatchObject({ ok: false, error: { kind: 'fenced' } });
    expect(arm.hits.filter((x) => x.method !== 'GET')).toHaveLength(0);
    await session.api.decide(stageId, 'Approve', 'ok', undefined, { beforeWrite: async () => true });
    expect(arm.hits.filter((x) => x.method !== 'GET')).toHaveLength(1);
  });

  it('Graph: a fence that says no stops the decision before any write', async () => {
    await graph.close();
    graph = await startLoopback((_hit, res) => sendJson(res, 200, openStage));
    const { session } = await signIn();
    const fenced = await session.graph?.api.decide('/beta/roleManagement/directory/roleAssignmentApprovals/a1/steps/s1', 'Approve', 'ok', undefined, { beforeWrite: async () => false });
    expect(fenced).toMatchObject({ ok: false, error: { kind: 'fenced' } });
    expect(graph.hits.filter((x) => x.method === 'PATCH')).toHaveLength(0);
    expect(graph.hits.length).toBeGreaterThan(0); // it did read the stage: the fence, not an early refusal, stopped it
  });
});

describe('azureSessions: a stepped-up token belongs to its one decision', () => {
  it('ARM: a concurrent decision that ends first does not take the MFA token from the retried one', async () => {
    // Stage sA's write needs an `acrs` claim (MFA); sB's does not. While sA's retry (with the
    // stepped-up token) reads its stage, sB is decided from start to end.
    const STEP_UP = Buffer.from(JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } })).toString('base64');
    const stageA = '/providers/Microsoft.Authorization/roleAssignmentApprovals/a1/stages/sA';
    const stageB = '/providers/Microsoft.Authorization/roleAssignmentApprovals/a2/stages/sB';
    const decided = new Map<string, { by: string; acrs: unknown }>();
    let letA!: () => void;
    const aMayGoOn = new Promise<void>((resolve) => (letA = resolve));
    let retryReading!: () => void;
    const aRetryReads = new Promise<void>((resolve) => (retryReading = resolve));
    await arm.close();
    arm = await startLoopback(async (hit, res) => {
      const token = jwtPayload(String(hit.headers.authorization).replace(/^Bearer /, ''));
      const name = hit.path.split('?')[0]?.split('/').pop() ?? '';
      if (hit.method !== 'GET') {
        if (name === 'sA' && !token.acrs) {
          res.writeHead(401, { 'www-authenticate': `Bearer error="insufficient_claims", claims="${STEP_UP}"`, 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'InsufficientClaims', message: 'Multi-factor authentication is required' } }));
          return;
        }
        decided.set(name, { by: String(token.oid), acrs: token.acrs });
        res.writeHead(204).end();
        return;
      }
      if (name === 'sA' && token.acrs && !decided.has('sA')) {
        retryReading();
        await aMayGoOn;
      }
      const done = decided.get(name);
      const review = done
        ? { status: 'Completed', reviewResult: 'Approve', justification: 'ok', reviewedBy: { id: done.by, displayName: 'Approver' } }
        : { status: 'InProgress', reviewResult: 'NotReviewed' };
      sendJson(res, 200, { id: hit.path.split('?')[0], name, properties: { ...review, assignedToMe: true } });
    });
    const { session } = await signIn();
    const a = session.api.decide(stageA, 'Approve', 'ok');
    await aRetryReads;
    const b = await session.api.decide(stageB, 'Approve', 'ok');
    letA();
    expect(b).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(await a).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(decided.get('sA')?.acrs).toEqual(['c1']);
    // sA refused, sB written while sA's retry waited, then sA with the stepped-up token: nothing sent twice.
    expect(arm.hits.filter((x) => x.method !== 'GET').map((x) => x.path.split('?')[0]?.split('/').pop())).toEqual(['sA', 'sB', 'sA']);
  });
});
