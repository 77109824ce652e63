/**
 * Turns one of Microsoft's OpenAPI examples into a scenario holding the entity its
 * response describes (approval, stage or schedule request), under the example's principal,
 * so the conformance test can replay the example's request against a seeded simulator.
 * Test support only; reads nothing from disk.
 */
import { isRecord } from '../../main/demo/routes/context';
import { normalizeScope } from '../../main/demo/routes/match';
import type { RequestSpec, Scenario } from '../../main/demo/scenario-schema';

export interface ExampleFile {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown }>;
}

export interface ExampleFixture {
  scenario: Scenario;
  /** Principal key whose token replays the example. */
  caller: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const lastSegment = (id: string): string => id.split('/').filter(Boolean).pop() ?? id;

/** The first success body, or the first item of a list body. */
function describedEntity(example: ExampleFile): Record<string, unknown> | null {
  const ok = Object.entries(example.responses).find(([status]) => status.startsWith('2'));
  const body = ok?.[1].body;
  if (!isRecord(body)) return null;
  const list = body['value'];
  if (Array.isArray(list)) return isRecord(list[0]) ? list[0] : null;
  return body;
}

function stageSpecs(entity: Record<string, unknown>): { approvalId: string; stages: NonNullable<RequestSpec['stages']> } | null {
  const id = str(entity['id']) ?? '';
  const props = isRecord(entity['properties']) ? entity['properties'] : {};
  const m = /roleAssignmentApprovals\/([^/]+)(?:\/stages\/([^/]+))?$/i.exec(id);
  if (!m?.[1]) return null;
  const embedded = Array.isArray(props['stages']) ? props['stages'].filter(isRecord) : null;
  const stageEntities = embedded ?? [entity];
  return {
    approvalId: m[1],
    // Seeded as before the decision: an example that shows a completed stage shows the answer to deciding it.
    stages: stageEntities.map((s) => {
      const p = isRecord(s['properties']) ? s['properties'] : {};
      return {
        id: lastSegment(str(s['id']) ?? ''),
        name: str(s['name']),
        displayName: str(p['displayName']),
        approvers: ['exampleApprover'],
        status: 'InProgress',
        reviewResult: 'NotReviewed',
      };
    }),
  };
}

/** The reviewer shown in a decision example becomes the caller (and the stage's approver). */
function approverOf(entity: Record<string, unknown>): { id: string; displayName: string; upn: string } | null {
  const p = isRecord(entity['properties']) ? entity['properties'] : {};
  const r = isRecord(p['reviewedBy']) ? p['reviewedBy'] : null;
  if (!r) return null;
  return { id: str(r['principalId']) ?? '', displayName: str(r['principalName']) ?? '', upn: str(r['userPrincipalName']) ?? '' };
}

export function fixtureForExample(operationId: string, example: ExampleFile): ExampleFixture {
  const params = example.parameters;
  const entity = describedEntity(example);
  const scopeParam = str(params['scope']);
  const scopeId = scopeParam ? normalizeScope(scopeParam) : '/subscriptions/69356bc4-b3be-441a-b12f-503b745e0dea';

  if (/RoleAssignmentApproval/i.test(operationId) && entity) {
    const stages = stageSpecs(entity);
    if (!stages) throw new Error(`${operationId}: the example response names no approval`);
    const approver = approverOf(entity) ?? { id: '9d2f6a11-0c1e-4b7a-8d3e-2f4a5b6c7d8e', displayName: 'Example Approver', upn: 'approver@example.com' };
    return {
      caller: 'exampleApprover',
      scenario: {
        name: `example:${operationId}`,
        principals: { exampleApprover: approver },
        requests: [{ requester: 'requester', approvalId: stages.approvalId, stages: stages.stages, scope: scopeId, minutesAgo: 30 }],
      },
    };
  }

  if (/RoleAssignmentScheduleRequests_Cancel/i.test(operationId)) {
    const name = str(params['roleAssignmentScheduleRequestName']) ?? '';
    return {
      caller: 'requester',
      scenario: { name: `example:${operationId}`, requests: [{ name, requester: 'requester', scope: scopeId, minutesAgo: 10 }] },
    };
  }

  if (/RoleAssignmentScheduleRequests/i.test(operationId) && entity) {
    const p = isRecord(entity['properties']) ? entity['properties'] : {};
    const expanded = isRecord(p['expandedProperties']) ? p['expandedProperties'] : {};
    const principal = isRecord(expanded['principal']) ? expanded['principal'] : {};
    const role = isRecord(expanded['roleDefinition']) ? expanded['roleDefinition'] : {};
    const scope = isRecord(expanded['scope']) ? expanded['scope'] : {};
    const schedule = isRecord(p['scheduleInfo']) ? p['scheduleInfo'] : {};
    const expiration = isRecord(schedule['expiration']) ? schedule['expiration'] : {};
    const ticket = isRecord(p['ticketInfo']) ? p['ticketInfo'] : {};
    const approvalId = str(p['approvalId']);
    const scenario: Scenario = {
      name: `example:${operationId}`,
      principals: {
        examplePrincipal: { id: str(p['principalId']) ?? '', displayName: str(principal['displayName']) ?? '', upn: str(principal['email']) ?? '', type: str(p['principalType']) ?? 'User' },
      },
      roles: { exampleRole: { id: str(role['id']) ?? '', displayName: str(role['displayName']) ?? '', type: str(role['type']) ?? '' } },
      scopes: { exampleScope: { id: str(scope['id']) ?? scopeId, displayName: str(scope['displayName']) ?? '', type: str(scope['type']) ?? '' } },
      requests: [],
    };
    // Create and validate describe a request that does not exist yet: seed only who and what.
    if (!/_(Create|Validate)$/.test(operationId)) {
      scenario.requests = [
        {
          name: str(entity['name']),
          requester: 'examplePrincipal',
          target: 'examplePrincipal',
          role: 'exampleRole',
          scope: 'exampleScope',
          requestType: str(p['requestType']),
          status: str(p['status']),
          justification: str(p['justification']) ?? null,
          createdOn: str(p['createdOn']),
          duration: str(expiration['duration']) ?? null,
          expirationType: str(expiration['type']),
          ticketNumber: str(ticket['ticketNumber']) ?? null,
          ticketSystem: str(ticket['ticketSystem']) ?? null,
          condition: str(p['condition']) ?? null,
          conditionVersion: str(p['conditionVersion']) ?? null,
          targetRoleAssignmentScheduleId: str(p['targetRoleAssignmentScheduleId']) ?? null,
          approvalId: approvalId ? lastSegment(approvalId) : null,
          stages: approvalId ? 1 : 0,
        },
      ];
    }
    return { caller: 'examplePrincipal', scenario };
  }
  throw new Error(`${operationId}: no fixture rule for this example`);
}
