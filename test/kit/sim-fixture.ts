/**
 * Test world for the outbox's integration tests: the PIM simulator on loopback plus the
 * real ARM and Graph clients signed in as `me`, and helpers that turn simulator requests into outbox
 * decisions. No fakes of our own code; used by *.test.ts and the crash child only.
 */
import { createArmClient, type ArmClient } from '../../main/core/arm/client';
import type { Clock } from '../../main/core/clock';
import { startSimulator, type Knobs, type RunningSimulator } from '../../main/demo/simulator';
import type { DecisionKind, NewDecision } from '../../main/core/outbox/types';
import { createGraphClient, type GraphClient } from '../../main/core/graph/client';
import { stagePath } from '../../main/core/graph/urls';

export interface Tenant {
  running: RunningSimulator;
  api: ArmClient;
  /** The Graph client signed in as `me` (Entra ID roles, groups). */
  graph: GraphClient;
  /**
   * Creates `n` requests waiting for `me` and returns a decision for each; `kinds` cycles
   * through the given kinds (default Azure resources only).
   */
  decisions(n: number, over?: Partial<NewDecision> & { requester?: string; approvers?: string[]; kinds?: readonly DecisionKind[] }): NewDecision[];
  close(): Promise<void>;
}

export function fullStageId(approvalId: string, stageId: string): string {
  return `/providers/Microsoft.Authorization/roleAssignmentApprovals/${approvalId}/stages/${stageId}`;
}

/** The bare stage GUID, as the simulator's oracle (`appliedDecisions`) reports it. */
export function bareStageId(stageId: string): string {
  return stageId.split('/').pop() ?? stageId;
}

let counter = 0;

export async function startTenant(
  options: { knobs?: Partial<Knobs>; clock?: Clock; timeoutMs?: number; seed?: number; /** The clients' read-back pauses after a write (decide.ts). */ confirmDelaysMs?: readonly number[] } = {},
): Promise<Tenant> {
  const confirm = options.confirmDelaysMs ? { confirmDelaysMs: options.confirmDelaysMs } : {};
  const running = await startSimulator({ port: 0, scenario: 'quiet', ...(options.knobs ? { knobs: options.knobs } : {}), ...(options.clock ? { clock: options.clock } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const api = createArmClient({
    endpoint: running.url,
    getToken: async () => running.tokens.me,
    timeoutMs: options.timeoutMs ?? 5_000,
    principalId: async () => running.principals['me']?.id ?? null,
    ...confirm,
  });
  const graph = createGraphClient({
    endpoint: running.graphUrl,
    getToken: async () => running.graphTokens.me,
    timeoutMs: options.timeoutMs ?? 5_000,
    principalId: async () => running.principals['me']?.id ?? null,
    ...confirm,
  });
  return {
    running,
    api,
    graph,
    decisions(n, over = {}) {
      const { requester, approvers, kinds = ['azureResource'], ...decisionOver } = over;
      return Array.from({ length: n }, () => {
        const i = counter++;
        const kind = kinds[i % kinds.length] ?? 'azureResource';
        const r = running.sim.createRequest({ kind, ...(requester ? { requester } : {}), ...(approvers ? { approvers } : {}) });
        const stage = r.stageIds[0];
        if (!stage) throw new Error('simulator created a request without stages');
        return {
          accountId: 'me@sim',
          kind,
          // Graph names a PIM for Groups approval by its request's id (approval-get); Entra ID approvals have their own.
          stageId: kind === 'azureResource' ? fullStageId(r.approvalId, stage) : stagePath(kind, kind === 'group' ? r.requestId : r.approvalId, stage),
          request: { role: 'Owner', scope: `Sub-${i}`, requester: 'Jordan Lee', approvalId: kind === 'group' ? r.requestId : r.approvalId },
          result: i % 3 === 0 ? 'Deny' : 'Approve',
          justification: `decision ${i} for ${r.requestId}`,
          ...decisionOver,
        } satisfies NewDecision;
      });
    },
    close: () => running.close(),
  };
}
