import { describe, expect, it } from 'vitest';
import { stageVerdict, type VerdictContext } from './decide-outcome';
import type { ApprovalStage } from '../arm/types';

const open: ApprovalStage = { id: '/s', name: 's', displayName: null, status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true, reviewedBy: null, reviewedDateTime: null, justification: null };
const by = (id: string) => ({ id, displayName: id, type: 'user', email: null });
const ctx: VerdictContext = { me: 'me', result: 'Approve', justification: 'ok', justWrote: false };

describe('stageVerdict', () => {
  it.each<[string, Partial<ApprovalStage>, Partial<VerdictContext>, string]>([
    ['open', {}, {}, 'open'],
    ['not started is open (ARM decides)', { status: 'NotStarted' }, {}, 'open'],
    ['expired', { status: 'Expired' }, {}, 'expired'],
    ['mine, same result', { status: 'Completed', reviewResult: 'Approve', reviewedBy: by('ME') }, {}, 'done'],
    ['mine, other result', { status: 'Completed', reviewResult: 'Deny', reviewedBy: by('me') }, {}, 'mine-other-result'],
    ['someone else', { status: 'Completed', reviewResult: 'Approve', reviewedBy: by('other') }, {}, 'conflict'],
    ['closed without review', { status: 'Completed' }, {}, 'conflict'],
    ['unknown reviewer, just wrote', { status: 'Completed', reviewResult: 'Approve' }, { me: null, justWrote: true }, 'done'],
    ['unknown reviewer, same justification', { status: 'Completed', reviewResult: 'Approve', justification: 'ok', reviewedBy: by('x') }, { me: null }, 'done'],
    ['unknown reviewer, other justification', { status: 'Completed', reviewResult: 'Approve', justification: 'mine?' }, { me: null }, 'conflict'],
    ['unknown reviewer, other result', { status: 'Completed', reviewResult: 'Deny' }, { me: null, justWrote: true }, 'conflict'],
    ['someone else with my result and words, right after my write', { status: 'Completed', reviewResult: 'Approve', justification: 'ok', reviewedBy: by('other') }, { justWrote: true }, 'conflict'],
  ])('%s', (_label, stage, context, verdict) => {
    expect(stageVerdict({ ...open, ...stage }, { ...ctx, ...context })).toBe(verdict);
  });
});
