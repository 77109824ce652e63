/**
 * The contention soak's judge: how surface words become claims, and how claims, the
 * journal and the simulator's oracle become the four figures. Each rule here is one the
 * soak's verdict rests on, so a change in wording or scoring shows here first.
 */
import { describe, expect, it } from 'vitest';
import { appClaim, cliClaim, contradicts, scoreContention, stageTruths, type StageTruth } from './contention-verdict';

const ME = 'Alex Rivera';
const ARM_STAGE = '/providers/Microsoft.Authorization/roleAssignmentApprovals/aaaa/stages/S1';
const truth = (over: Partial<StageTruth> = {}): StageTruth => ({ applied: 'Approve', appliedByMe: true, appliedCount: 1, firstRecorded: 'Approve', holding: 1, writes: 1, ...over });

describe('cliClaim reads the CLI words', () => {
  it('"Approved: …" / "Denied: …" on stdout say Azure has that verb', () => {
    expect(cliClaim('Approved: stage s1\n', '', 0, 'Approve', ME)).toEqual({ kind: 'applied', verb: 'Approve' });
    expect(cliClaim('Denied: Owner on Sub for Jordan\n', '', 0, 'Deny', ME)).toEqual({ kind: 'applied', verb: 'Deny' });
  });

  it('the outbox sentences on stderr: saved, refused, already decided, expired', () => {
    const saved = 'pim-approvals: not sent yet; the decision is saved in the outbox and goes out with `pim-approvals sync` or the app.\n';
    expect(cliClaim('', saved, 1, 'Deny', ME)).toEqual({ kind: 'queued', verb: 'Deny' });
    expect(cliClaim('', 'pim-approvals: You already approved this; the approval waits to be sent — undo it first.\n', 1, 'Deny', ME)).toEqual({ kind: 'refused', verb: 'Approve' });
    expect(cliClaim('', 'pim-approvals: You already decided this request (Deny); a decision cannot be changed.\n', 1, 'Approve', ME)).toEqual({ kind: 'refused', verb: 'Deny' });
    expect(cliClaim('', `pim-approvals: Already denied by ${ME}; nothing was changed.\n`, 4, 'Deny', ME)).toEqual({ kind: 'conflict', verb: 'Deny', byOther: false });
    expect(cliClaim('', 'pim-approvals: Already approved by someone else; nothing was changed.\n', 4, 'Approve', ME)).toEqual({ kind: 'conflict', verb: 'Approve', byOther: true });
    expect(cliClaim('', 'pim-approvals: this request has expired; it can no longer be decided.\n', 5, 'Approve', ME)).toEqual({ kind: 'expired' });
  });

  it('a JSON result wins over text, read by its state and recorded verb', () => {
    expect(cliClaim(JSON.stringify({ state: 'done', result: 'Deny' }), '', 0, 'Approve', ME)).toEqual({ kind: 'applied', verb: 'Deny' });
    expect(cliClaim(JSON.stringify({ outcome: 'refused', recordedResult: 'Approve', message: 'You already approved this.' }), '', 1, 'Deny', ME)).toEqual({ kind: 'refused', verb: 'Approve' });
    expect(cliClaim(JSON.stringify({ state: 'queued', result: 'Approve' }), '', 1, 'Approve', ME)).toEqual({ kind: 'queued', verb: 'Approve' });
  });

  it('reads the CLI decision@1 object: a refusal carries the holding entry state, an unsaved one claims nothing recorded', () => {
    const refused = { schema: 'pim-approvals/decision@1', recordedResult: 'Approve', state: 'done', message: 'refused: You already approved this; …', refused: true };
    expect(cliClaim(JSON.stringify(refused), '', 6, 'Deny', ME)).toEqual({ kind: 'refused', verb: 'Approve' });
    expect(cliClaim(JSON.stringify({ schema: 'pim-approvals/decision@1', recordedResult: null, state: null, saved: false }), '', 1, 'Deny', ME)).toEqual({ kind: 'failed' });
    expect(cliClaim('', 'pim-approvals: Already denied by you at 08:12; nothing changed.\n', 4, 'Deny', ME)).toEqual({ kind: 'conflict', verb: 'Deny', byOther: false });
  });

  it('a killed run or a lookup that found nothing claims nothing; other errors are failed attempts', () => {
    expect(cliClaim('Approved: x', '', null, 'Approve', ME).kind).toBe('none');
    expect(cliClaim('', 'pim-approvals: no request "x" found among those you approve (it may have expired).\n', 5, 'Approve', ME).kind).toBe('none');
    expect(cliClaim('', 'pim-approvals: Azure refused the decision (409): Conflict\n', 1, 'Approve', ME)).toEqual({ kind: 'failed' });
  });
});

describe('appClaim reads the app core DecisionOutcome', () => {
  it('queued: the recorded verb when given, else the verb its message names', () => {
    expect(appClaim({ outcome: 'queued', message: 'Denial will be sent in 5 s (undo in Outbox & history)' }, 'Deny', ME)).toEqual({ kind: 'queued', verb: 'Deny' });
    expect(appClaim({ outcome: 'queued', message: 'Approval will be sent in 5 s', recordedResult: 'Deny' }, 'Approve', ME)).toEqual({ kind: 'queued', verb: 'Deny' });
  });
  it('refused and done carry the recorded verb', () => {
    expect(appClaim({ outcome: 'refused', message: 'Refused: decided already.', recordedResult: 'Deny' }, 'Approve', ME)).toEqual({ kind: 'refused', verb: 'Deny' });
    expect(appClaim({ outcome: 'refused', message: 'You already denied this; the denial waits to be sent — undo it first.' }, 'Approve', ME)).toEqual({ kind: 'refused', verb: 'Deny' });
    expect(appClaim({ outcome: 'done', message: 'Approved' }, 'Approve', ME)).toEqual({ kind: 'applied', verb: 'Approve' });
  });
});

describe('contradicts', () => {
  it('a verb said done or queued must be the verb Azure applied and the first recorded', () => {
    expect(contradicts({ kind: 'applied', verb: 'Approve' }, truth())).toBe(false);
    expect(contradicts({ kind: 'applied', verb: 'Deny' }, truth())).toBe(true);
    expect(contradicts({ kind: 'applied', verb: 'Approve' }, truth({ applied: null }))).toBe(true);
    expect(contradicts({ kind: 'queued', verb: 'Deny' }, truth())).toBe(true);
    expect(contradicts({ kind: 'queued', verb: 'Approve' }, truth({ firstRecorded: 'Deny' }))).toBe(true);
  });
  it('a refusal must name the verb that won; "by someone else" is false when the person decided', () => {
    expect(contradicts({ kind: 'refused', verb: 'Approve' }, truth())).toBe(false);
    expect(contradicts({ kind: 'refused', verb: 'Deny' }, truth())).toBe(true);
    expect(contradicts({ kind: 'refused', verb: null }, truth())).toBe(false);
    expect(contradicts({ kind: 'conflict', verb: 'Approve', byOther: false }, truth())).toBe(false);
    expect(contradicts({ kind: 'conflict', verb: 'Approve', byOther: true }, truth())).toBe(true);
    expect(contradicts({ kind: 'conflict', verb: 'Deny', byOther: false }, truth())).toBe(true);
  });
  it('"expired" is false for a stage Azure decided; a failed attempt or silence claims nothing', () => {
    expect(contradicts({ kind: 'expired' }, truth())).toBe(true);
    expect(contradicts({ kind: 'expired' }, truth({ applied: null }))).toBe(false);
    expect(contradicts({ kind: 'failed' }, truth({ applied: 'Deny' }))).toBe(false);
    expect(contradicts({ kind: 'none', why: 'killed' }, truth({ applied: 'Deny' }))).toBe(false);
  });
});

describe('stageTruths and scoreContention', () => {
  const STAGE2 = '/beta/roleManagement/directory/roleAssignmentApprovals/bbbb/steps/S2';
  const entries = [
    { stageId: ARM_STAGE.toLowerCase(), result: 'Deny' as const, createdAt: 20, state: 'done' as const },
    { stageId: ARM_STAGE, result: 'Approve' as const, createdAt: 10, state: 'done' as const },
    { stageId: STAGE2, result: 'Approve' as const, createdAt: 5, state: 'queued' as const },
  ];
  const applied = [{ stageId: 's1', by: 'me', result: 'Deny' }];
  const writes = [{ stageId: 'S1' }, { stageId: ARM_STAGE }, { stageId: 'other' }, {}];

  it('meet the oracle, the call log and the journal on the bare stage id, without case', () => {
    const [t1, t2] = stageTruths([ARM_STAGE, STAGE2], entries, applied, writes);
    expect(t1).toEqual({ applied: 'Deny', appliedByMe: true, appliedCount: 1, firstRecorded: 'Approve', holding: 2, writes: 2 });
    expect(t2).toEqual({ applied: null, appliedByMe: false, appliedCount: 0, firstRecorded: 'Approve', holding: 1, writes: 0 });
  });

  it('counts lost, multi-write, wrong-verb stages and contradicted reports', () => {
    const truths = stageTruths([ARM_STAGE, STAGE2, '/x/stages/S3'], entries, [...applied, { stageId: 'S3', by: 'me', result: 'Approve' }], writes);
    const score = scoreContention(truths, [
      { decider: 'cliA', stage: 0, asked: 'Approve', claim: { kind: 'applied', verb: 'Approve' } },
      { decider: 'app', stage: 1, asked: 'Approve', claim: { kind: 'applied', verb: 'Approve' } },
      { decider: 'cliB', stage: 2, asked: 'Approve', claim: { kind: 'queued', verb: 'Approve' } },
      // Stage 3 (index 2) has no journal entry but was applied: not lost, yet its verb has no first record.
    ]);
    expect(score.lost).toEqual([1]);
    expect(score.multiWrite).toEqual([0]);
    expect(score.wrongVerb).toEqual([0, 2]);
    expect(score.contradictions.map((r) => r.decider)).toEqual(['cliA', 'app']);
  });

  it('a surface that said "queued" for a stage never applied counts it lost even with no holding entry', () => {
    const truths = stageTruths([ARM_STAGE], [], [], []);
    expect(scoreContention(truths, [{ decider: 'cliB', stage: 0, asked: 'Deny', claim: { kind: 'queued', verb: 'Deny' } }]).lost).toEqual([0]);
    expect(scoreContention(truths, [{ decider: 'cliB', stage: 0, asked: 'Deny', claim: { kind: 'failed' } }]).lost).toEqual([]);
  });
});
