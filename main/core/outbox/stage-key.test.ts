import { describe, expect, it } from 'vitest';
import { accountKey, sameDecisionTarget, stageKey } from './stage-key';

describe('stageKey', () => {
  it('folds case, doubled and trailing slashes and outer space', () => {
    const a = '/subscriptions/S1/providers/Microsoft.Authorization/roleAssignmentApprovals/A1/stages/S1';
    expect(stageKey(a)).toBe('/subscriptions/s1/providers/microsoft.authorization/roleassignmentapprovals/a1/stages/s1');
    expect(stageKey(` ${a.toUpperCase()}// `)).toBe(stageKey(a));
    expect(stageKey(a.replace('/providers', '//providers'))).toBe(stageKey(a));
  });
  it('keeps different stages apart', () => {
    expect(stageKey('/x/stages/s1')).not.toBe(stageKey('/x/stages/s2'));
    expect(stageKey('/')).toBe('/');
  });
});

describe('sameDecisionTarget', () => {
  it('needs the same account and the same stage', () => {
    const s = '/providers/Microsoft.Authorization/roleAssignmentApprovals/a/stages/b';
    expect(sameDecisionTarget({ accountId: 'OID.TID', stageId: s }, { accountId: 'oid.tid', stageId: s.toUpperCase() })).toBe(true);
    expect(sameDecisionTarget({ accountId: 'oid.tid', stageId: s }, { accountId: 'other.tid', stageId: s })).toBe(false);
    expect(accountKey(' A.B ')).toBe('a.b');
  });
});
