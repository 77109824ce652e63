/**
 * What the stages before mine said, for a multi-stage approval: who reviewed, their verdict and
 * their words, as the approval read returns them (ARM stages, Graph steps/stages alike). Pure.
 * The approver of a later stage decides knowing what the earlier ones decided and why.
 */
import type { Approval } from '../net/types';

export interface EarlierStage {
  /** The stage's name in the policy ("Manager approval"); null when the service gives none. */
  name: string | null;
  /** Who decided it (display name, else UPN); null while nobody has. */
  reviewer: string | null;
  /** Approve, Deny, NotReviewed (open set: shown raw when unknown). */
  result: string;
  status: string;
  justification: string | null;
  reviewedAt: string | null;
}

export function earlierStages(approval: Approval, stageIndex: number): EarlierStage[] {
  return approval.stages.slice(0, Math.max(0, stageIndex)).map((s) => ({
    name: s.displayName,
    reviewer: s.reviewedBy ? s.reviewedBy.displayName || s.reviewedBy.email || null : null,
    result: s.reviewResult,
    status: s.status,
    justification: s.justification?.trim() ? s.justification : null,
    reviewedAt: s.reviewedDateTime,
  }));
}
