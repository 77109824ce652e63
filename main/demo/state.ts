/**
 * The simulated tenant's state: principals, schedule requests with their approval and
 * stages, and the exactly-once oracle of applied decisions. Lookups and expiry live here;
 * who may do what lives in rules.ts. Never does I/O.
 */
import type { PrincipalInfo } from './catalog';
import { APPROVAL_WINDOW_MS, type AppliedDecision, type RequestRec, type StageRec } from './model';

/** Accepts a bare GUID or a full ARM id and returns the lower-cased last segment. */
export function bareId(idOrPath: string): string {
  const parts = idOrPath.split('/').filter((p) => p.length > 0);
  return (parts[parts.length - 1] ?? '').toLowerCase();
}

export class Tenant {
  private readonly principalsByKey = new Map<string, PrincipalInfo>();
  private readonly keyByPrincipalId = new Map<string, string>();
  private readonly requestsByName = new Map<string, RequestRec>();
  private readonly requestsByApproval = new Map<string, RequestRec>();
  private readonly stagesById = new Map<string, { request: RequestRec; stage: StageRec }>();
  private readonly ordered: RequestRec[] = [];
  readonly applied: AppliedDecision[] = [];

  /** Adds a principal, or replaces the one under `key` (a scenario's own "me" replaces the default). */
  addPrincipal(key: string, info: PrincipalInfo): void {
    const replaced = this.principalsByKey.get(key);
    if (replaced) this.keyByPrincipalId.delete(replaced.id.toLowerCase());
    this.principalsByKey.set(key, info);
    this.keyByPrincipalId.set(info.id.toLowerCase(), key);
  }

  principal(key: string): PrincipalInfo | undefined {
    return this.principalsByKey.get(key);
  }

  principalKeys(): string[] {
    return [...this.principalsByKey.keys()];
  }

  keyOfPrincipalId(id: string): string | undefined {
    return this.keyByPrincipalId.get(id.toLowerCase());
  }

  addRequest(rec: RequestRec): void {
    const name = rec.name.toLowerCase();
    if (this.requestsByName.has(name)) throw new Error(`duplicate schedule request name ${rec.name}`);
    if (rec.approvalId && this.requestsByApproval.has(rec.approvalId.toLowerCase())) throw new Error(`duplicate approval id ${rec.approvalId}`);
    for (const s of rec.stages) if (this.stagesById.has(s.id.toLowerCase())) throw new Error(`duplicate stage id ${s.id}`);
    for (const key of [rec.requester, rec.target, ...rec.stages.flatMap((s) => s.approvers)]) {
      if (!this.principalsByKey.has(key)) throw new Error(`unknown principal key '${key}'`);
    }
    this.requestsByName.set(name, rec);
    if (rec.approvalId) this.requestsByApproval.set(rec.approvalId.toLowerCase(), rec);
    for (const stage of rec.stages) this.stagesById.set(stage.id.toLowerCase(), { request: rec, stage });
    this.ordered.push(rec);
  }

  request(nameOrId: string): RequestRec | undefined {
    return this.requestsByName.get(bareId(nameOrId));
  }

  approval(approvalIdOrPath: string): RequestRec | undefined {
    return this.requestsByApproval.get(bareId(approvalIdOrPath));
  }

  stage(stageIdOrPath: string): { request: RequestRec; stage: StageRec } | undefined {
    return this.stagesById.get(bareId(stageIdOrPath));
  }

  /** In creation order, so paging is stable while nothing is added. */
  requests(): readonly RequestRec[] {
    return this.ordered;
  }

  /**
   * Applies the 24-hour approval window: a pending request whose window has passed is
   * TimedOut and its undecided stages Expired. Returns how many requests changed.
   * Cheap enough to run on every call (a linear scan of at most a few thousand records),
   * which keeps expiry right even when a test moves a shared VirtualClock directly.
   */
  expire(now: number): number {
    let changed = 0;
    for (const rec of this.ordered) {
      if (rec.status !== 'PendingApproval' || now < rec.createdOn + APPROVAL_WINDOW_MS) continue;
      rec.status = 'TimedOut';
      for (const stage of rec.stages) {
        if (stage.status === 'InProgress' || stage.status === 'NotStarted') stage.status = 'Expired';
      }
      changed += 1;
    }
    return changed;
  }
}
