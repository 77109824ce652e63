/**
 * What a stage id says without asking anyone, for code that holds a decision but no
 * service (the history export reads a journal, often with nobody signed in). Each
 * adapter's URL module knows its own id shapes; the id's shape, not a kind, picks which.
 * Pure.
 */
import { approvalIdOfArmStage } from '../arm/urls';
import { approvalIdOfGraphStage } from '../graph/urls';

/** The approval a stage belongs to, as its service names approvals (ARM: full id; Graph: bare id); null for an id no service builds. */
export function approvalIdOfStage(stageId: string): string | null {
  return approvalIdOfArmStage(stageId) ?? approvalIdOfGraphStage(stageId);
}
