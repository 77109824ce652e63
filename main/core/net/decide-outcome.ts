/**
 * Reads a stage as the decision flow sees it: still open, done by me, decided by someone
 * else, or expired. Pure; the decide flow calls it before writing and after.
 */
import type { ApprovalStage } from './types';

export type StageVerdict = 'open' | 'done' | 'conflict' | 'expired' | 'mine-other-result';

export interface VerdictContext {
  /** My principal object id when known (from the token or options); null when not. */
  me: string | null;
  result: 'Approve' | 'Deny';
  justification: string;
  /** True right after ARM accepted our write: a matching result is then ours. */
  justWrote: boolean;
}

export function stageVerdict(stage: ApprovalStage, ctx: VerdictContext): StageVerdict {
  if (stage.status === 'Expired') return 'expired';
  const decided = stage.reviewResult === 'Approve' || stage.reviewResult === 'Deny';
  if (!decided && stage.status !== 'Completed') return 'open';
  if (!decided) return 'conflict'; // completed without a review: closed by someone else (e.g. cancelled)
  const reviewer = reviewerOf(stage, ctx);
  if (reviewer === 'other') return 'conflict';
  if (reviewer === 'me') return stage.reviewResult === ctx.result ? 'done' : 'mine-other-result';
  // Reviewer unknown: only a matching result we just wrote, or our own justification, counts as ours.
  if (stage.reviewResult !== ctx.result) return 'conflict';
  if (ctx.justWrote || (stage.justification ?? '') === ctx.justification) return 'done';
  return 'conflict';
}

function reviewerOf(stage: ApprovalStage, ctx: VerdictContext): 'me' | 'other' | 'unknown' {
  const reviewerId = stage.reviewedBy?.id;
  if (!reviewerId || !ctx.me) return 'unknown';
  return reviewerId.toLowerCase() === ctx.me.toLowerCase() ? 'me' : 'other';
}
