/**
 * The one spelling of a stage id used to compare decisions. ARM ids are case-insensitive
 * and Azure returns them in more than one casing (list vs GET); Graph ids are GUIDs, also
 * case-insensitive. Two spellings of one stage must be one decision, so every
 * "is this the same stage?" question goes through here. The id as Azure spelled it is
 * still what is sent: this key is for comparing only.
 */
export function stageKey(stageId: string): string {
  const trimmed = stageId.trim().toLowerCase().replace(/\/{2,}/g, '/');
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : trimmed;
}

/** Account ids (MSAL home account ids, `{oid}.{tid}`) compare without case too. */
export function accountKey(accountId: string): string {
  return accountId.trim().toLowerCase();
}

/** Whether two (account, stage) pairs name the same decision. */
export function sameDecisionTarget(a: { accountId: string; stageId: string }, b: { accountId: string; stageId: string }): boolean {
  return accountKey(a.accountId) === accountKey(b.accountId) && stageKey(a.stageId) === stageKey(b.stageId);
}
