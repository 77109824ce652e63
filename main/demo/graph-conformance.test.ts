// Holds the simulator's Graph side to Microsoft's own Graph SDK: every response the product
// relies on (the real Graph client's calls, plus the beta and unexpanded forms the simulator
// also serves) is parsed with Kiota and the SDK model of its address, and fails on any
// property the model does not know (outside @odata.*), any value outside a model enum or
// outside the values the model documents, and any route outside the SDK's URI templates
// for its version. The ARM side's counterpart is conformance.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../core/net/http';
import { createGraphClient } from '../core/graph/client';
import type { GraphKind } from '../core/graph/types';
import { loadSdkModels, valuesFromDoc, type SdkModels } from '../../test/kit/graph-sdk-models';
import { fitSdkTemplate, type SdkUriTemplate } from '../../test/kit/graph-uri-templates';
import { GRAPH_ROUTES, type GraphRouteShape } from './routes/graph-match';
import { startSimulator, type RunningSimulator, type Scenario } from './simulator';
import { at } from '../../test/kit/sim-test-kit';

/** One request of each shape the product meets: serial steps (one decided), a service principal, both group accesses. */
const CONFORMANCE: Scenario = {
  name: 'graph-conformance',
  requests: [
    {
      name: '7a1d0e52-0c1b-4d3e-9f60-1a2b3c4d5e01',
      kind: 'entraRole',
      requester: 'requester',
      role: 'Global Administrator',
      stages: [{ approvers: ['me'] }, { approvers: ['approver2'] }],
      ticketNumber: 'INC0077001',
      ticketSystem: 'ServiceNow',
    },
    {
      name: '7a1d0e52-0c1b-4d3e-9f60-1a2b3c4d5e02',
      kind: 'entraRole',
      requester: 'requester2',
      target: 'automation',
      requestType: 'AdminAssign',
      role: 'Global Reader',
      expirationType: 'NoExpiration',
      duration: null,
    },
    {
      name: '7a1d0e52-0c1b-4d3e-9f60-1a2b3c4d5e03',
      kind: 'entraRole',
      requester: 'requester3',
      role: 'User Administrator',
      stages: [{ approvers: ['approver2'], reviewResult: 'Approve', reviewedBy: 'approver2', justification: 'Ticket checked' }, { approvers: ['me'] }],
    },
    { name: '7a1d0e52-0c1b-4d3e-9f60-1a2b3c4d5e04', kind: 'group', access: 'member', group: 'finance', requester: 'requester3' },
    { name: '7a1d0e52-0c1b-4d3e-9f60-1a2b3c4d5e05', kind: 'group', access: 'owner', group: 'breakglass', requester: 'requester', justification: null },
  ],
};

interface Exchange {
  method: string;
  url: URL;
  requestBody: unknown;
  status: number;
  body: unknown;
}

const parseJson = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

let v1: SdkModels;
let beta: SdkModels;
let sim: RunningSimulator;
const exchanges: Exchange[] = [];

/** Every Graph call, as the client or the test made it, with both bodies. */
const recording: FetchLike = async (input, init) => {
  const res = await fetch(input, init);
  const text = await res.clone().text();
  exchanges.push({ method: init.method ?? 'GET', url: new URL(input), requestBody: typeof init.body === 'string' ? parseJson(init.body) : undefined, status: res.status, body: parseJson(text) });
  return res;
};

async function graphCall(method: string, pathAndQuery: string, body?: unknown, as = 'me'): Promise<Exchange> {
  await recording(`${sim.graphUrl}${pathAndQuery}`, {
    method,
    headers: { Authorization: `Bearer ${sim.graphTokens[as] ?? ''}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return exchanges[exchanges.length - 1] as Exchange;
}

/** A string property whose value the model's documentation does not list. */
function undocumented(models: SdkModels, model: string, json: unknown, properties: string[], where: string): string[] {
  if (!isRecord(json)) return [];
  return properties.flatMap((p) => {
    const value = json[p];
    const allowed = models.documentedValues(model, p);
    return typeof value === 'string' && !allowed.includes(value) ? [`${where}.${p}: '${value}' is not among the documented values (${allowed.join(', ')})`] : [];
  });
}

/** Relationships in an item that the request's $expand did not name: Graph returns them only when asked. */
function unaskedRelationships(models: SdkModels, model: string, url: URL, json: unknown, where: string): string[] {
  if (!isRecord(json)) return [];
  const expanded = (url.searchParams.get('$expand') ?? '').split(',').map((e) => e.trim().toLowerCase());
  return Object.keys(json)
    .filter((key) => models.isRelationship(model, key) && !expanded.includes(key.toLowerCase()))
    .map((key) => `${where}.${key}: a relationship returned without $expand=${key}`);
}

/** Everything wrong with one exchange, measured against the SDK of its version. */
function problems(x: Exchange): string[] {
  const call = `${x.method} ${x.url.pathname} → ${x.status}`;
  const fit = fitSdkTemplate(x.method, x.url);
  if (!fit.ok) return [fit.reason];
  const { template } = fit;
  const models = template.version === 'v1.0' ? v1 : beta;
  const stepModel = template.version === 'v1.0' ? 'ApprovalStage' : 'ApprovalStep';
  const out: string[] = [];
  if (x.requestBody !== undefined) out.push(...models.findings(template.model, x.requestBody, `${call} request $`));
  if (x.status >= 400) return [...out, ...models.errorFindings(x.body).map((f) => `${call} error ${f}`)];
  if (x.body === undefined) return out;
  if (template.collection) {
    if (!isRecord(x.body) || !Array.isArray(x.body['value'])) return [...out, `${call}: not a collection`];
    for (const key of Object.keys(x.body)) if (key !== 'value' && !key.startsWith('@odata.')) out.push(`${call} $.${key}: not in a collection response`);
    x.body['value'].forEach((item, i) => {
      out.push(...models.findings(template.model, item, `${call} $.value[${i}]`));
      out.push(...undocumented(models, 'Request', item, ['status'], `${call} $.value[${i}]`));
      out.push(...unaskedRelationships(models, template.model, x.url, item, `${call} $.value[${i}]`));
    });
    return out;
  }
  out.push(...models.findings(template.model, x.body, `${call} $`));
  const steps = template.model === 'Approval' && isRecord(x.body) ? [x.body['steps'], x.body['stages']].flatMap((s) => (Array.isArray(s) ? s : [])) : [x.body];
  steps.forEach((step, i) => out.push(...undocumented(models, stepModel, step, ['status', 'reviewResult'], `${call} step ${i}`)));
  return out;
}

/** The URL a served route answers, with sample ids. */
function sampleUrl(shape: GraphRouteShape): URL {
  const path = shape.path.replace('{approvalId}', 'a1').replace('{stageId}', 's1').replace('{on}', 'approver');
  return new URL(`https://graph.microsoft.com/${shape.version}${path}`);
}

const templateKey = (method: string, t: SdkUriTemplate): string => `${method} ${t.version} ${t.template}`;

beforeAll(async () => {
  [v1, beta] = await Promise.all([loadSdkModels('v1.0'), loadSdkModels('beta')]);
  sim = await startSimulator({ scenario: CONFORMANCE, knobs: { pageSize: 2 } });
});

afterAll(async () => {
  await sim.close();
});

describe("Graph conformance with Microsoft's SDK models and URI templates", () => {
  it('has a checker that notices unknown properties, a changed casing, values outside an enum or the docs, and routes outside the templates', () => {
    expect(
      v1.findings('ApprovalStage', { id: 's', displayname: 'x', status: 'InProgress', assignedToMe: true, reviewedBy: { id: 'u', displayName: 'n', userPrincipalName: 'u@x' } }),
    ).toEqual(['$.displayname: not in the model', '$.reviewedBy.userPrincipalName: not in the model']);
    expect(v1.findings('PrivilegedAccessGroupAssignmentScheduleRequest', { id: 'r', accessId: 'guest', action: 'selfActivate', appScopeId: null, isValidationOnly: 'no' })).toEqual([
      '$.accessId: "guest" is not a value the model can read (type or enum)',
      '$.appScopeId: not in the model',
      '$.isValidationOnly: "no" is not a value the model can read (type or enum)',
    ]);
    expect(v1.findings('UnifiedRoleAssignmentScheduleRequest', { principal: { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'p', userPrincipalName: 'x' } })).toEqual([
      '$.principal.userPrincipalName: not in the model',
    ]);
    expect(v1.errorFindings({ error: { code: 'Conflict', message: 'm', innerError: { date: '2026-01-01T00:00:00', 'request-id': 'r', 'client-request-id': 'c', extra: 1 } } })).toEqual([
      '$.error.innerError.extra: not in the model',
    ]);
    expect(v1.documentedValues('ApprovalStage', 'status')).toEqual(['InProgress', 'Initializing', 'Completed', 'Expired']);
    expect(beta.documentedValues('ApprovalStep', 'reviewResult')).toEqual(['NotReviewed', 'Approved', 'Denied']);
    expect(v1.documentedValues('UnifiedRoleAssignmentScheduleRequest', 'status')).toEqual(expect.arrayContaining(['PendingApproval', 'Granted', 'Denied', 'ScheduleCreated']));
    expect(valuesFromDoc('The possible values are: A, B, and C. Not nullable.')).toEqual(['A', 'B', 'C']);
    expect(['principal', 'group', 'principalId', 'groupId', 'accessId'].map((p) => beta.isRelationship('PrivilegedAccessGroupAssignmentScheduleRequest', p))).toEqual([true, true, false, false, false]);
    expect(v1.isRelationship('UnifiedRoleAssignmentScheduleRequest', 'roleDefinition')).toBe(true);
    const refused = [
      ['GET', '/v1.0/roleManagement/directory/roleAssignmentApprovals/a1'],
      ['GET', '/beta/identityGovernance/privilegedAccess/group/assignmentApprovals/a1/stages/s1'],
      ['GET', '/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/a1/steps/s1'],
      ['GET', '/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/A1/Stages/s1'],
      ['PUT', '/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/a1/stages/s1'],
      ['GET', "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')?$foo=1"],
    ] as const;
    for (const [method, path] of refused) expect(fitSdkTemplate(method, new URL(`https://graph.microsoft.com${path}`)).ok, `${method} ${path}`).toBe(false);
    expect(fitSdkTemplate('GET', new URL("https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')?$expand=principal&$skiptoken=x")).ok).toBe(true);
  });

  it('serves only routes that are in the SDK URI templates of their version, with their method', () => {
    const misfits = GRAPH_ROUTES.flatMap((shape) => {
      const fit = fitSdkTemplate(shape.method, sampleUrl(shape));
      return fit.ok ? [] : [`${shape.name} ${shape.version}: ${fit.reason}`];
    });
    expect(GRAPH_ROUTES.length).toBeGreaterThanOrEqual(12);
    expect(misfits).toEqual([]);
  });

  it('answers every served route in the shape of its SDK model: the real client, then the beta and unexpanded forms', async () => {
    const me = sim.principals.me?.id ?? null;
    const graph = createGraphClient({ endpoint: sim.graphUrl, getToken: async () => sim.graphTokens.me, retry: { maxAttempts: 1 }, principalId: async () => me, fetch: recording });
    const pending: Partial<Record<GraphKind, string[]>> = {};
    for (const kind of ['entraRole', 'group'] as const) {
      const listed = await graph.listPending(kind);
      if (!listed.ok) throw new Error(listed.error.message);
      pending[kind] = listed.value.map((r) => r.approvalId ?? '');
      for (const approvalId of pending[kind] ?? []) expect((await graph.getApproval(kind, approvalId)).ok).toBe(true);
    }
    expect(pending.entraRole).toHaveLength(3);
    expect(pending.group).toHaveLength(2);

    // Decisions through the client: GET, PATCH (204), GET — a step after another approver's, and a group stage.
    const [member, owner] = ['7a1d0e52-0c1b-4d3e-9f60-1a2b3c4d5e04', '7a1d0e52-0c1b-4d3e-9f60-1a2b3c4d5e05'];
    const entraApproval = await graph.getApproval('entraRole', pending.entraRole?.[2] ?? '');
    const secondStep = entraApproval.ok ? entraApproval.value.stages[1]?.id : undefined;
    expect(secondStep).toBeDefined();
    expect(await graph.decide(secondStep ?? '', 'Approve', 'Checked the change ticket')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    const memberApproval = await graph.getApproval('group', member);
    const memberStage = memberApproval.ok ? memberApproval.value.stages[0]?.id : undefined;
    expect(await graph.decide(memberStage ?? '', 'Deny', 'Not during the close')).toMatchObject({ ok: true, value: { outcome: 'done' } });

    // What else the simulator serves: lists without $expand and in beta, beta group steps, and error bodies.
    const entraList = "/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=status eq 'PendingApproval'";
    const groupList = "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=status eq 'PendingApproval'";
    for (const version of ['v1.0', 'beta']) {
      expect((await graphCall('GET', `/${version}${entraList}`)).status).toBe(200);
      expect((await graphCall('GET', `/${version}${groupList}`)).status).toBe(200);
    }
    expect((await graphCall('GET', `/beta${entraList}&$expand=principal,roleDefinition`)).status).toBe(200);
    expect((await graphCall('GET', `/beta${groupList.replace('PendingApproval', 'Denied')}&$expand=principal,group`)).status).toBe(200);
    const betaOwner = await graphCall('GET', `/beta/identityGovernance/privilegedAccess/group/assignmentApprovals/${owner}`);
    const ownerStep = String(at(betaOwner.body, 'steps', 0, 'id'));
    const betaStep = `/beta/identityGovernance/privilegedAccess/group/assignmentApprovals/${owner}/steps/${ownerStep}`;
    expect((await graphCall('GET', betaStep)).status).toBe(200);
    expect((await graphCall('PATCH', betaStep, { reviewResult: 'Approve', justification: 'Audit finished' })).status).toBe(204);
    expect((await graphCall('GET', betaStep)).status).toBe(200);
    expect((await graphCall('GET', `/beta/identityGovernance/privilegedAccess/group/assignmentApprovals/${member}`)).status).toBe(200);
    expect((await graphCall('PATCH', `/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/${member}/stages/${memberStage?.split('/').pop() ?? ''}`, { reviewResult: 'Approve', justification: 'Late' })).status).toBe(409);
    expect((await graphCall('GET', `/beta/roleManagement/directory/roleAssignmentApprovals/${pending.entraRole?.[0] ?? ''}/steps/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    // My own requests of every status (the CLI's created-by-me list), as the requester of the decided ones.
    const mine = await graphCall('GET', "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='principal')?$expand=principal,roleDefinition", undefined, 'requester3');
    const mineGroups = await graphCall('GET', "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='principal')?$expand=principal,group", undefined, 'requester3');
    expect([mine, mineGroups].map((x) => (at(x.body, 'value') as unknown[]).map((v) => at(v, 'status')))).toEqual([['Granted'], ['Denied']]);

    // Every served route was answered and checked, in each version it is served in.
    const answered = new Set(
      exchanges
        .filter((x) => x.status < 400)
        .flatMap((x) => {
          const fit = fitSdkTemplate(x.method, x.url);
          return fit.ok ? [templateKey(x.method, fit.template)] : [];
        }),
    );
    const served = GRAPH_ROUTES.map((shape) => {
      const fit = fitSdkTemplate(shape.method, sampleUrl(shape));
      return fit.ok ? templateKey(shape.method, fit.template) : `${shape.name} ${shape.version}: no template`;
    });
    expect(served.filter((key) => !answered.has(key))).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(20);
    expect(exchanges.flatMap(problems)).toEqual([]);
  });
});
