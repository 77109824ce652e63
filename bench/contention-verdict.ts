/**
 * How the contention soak judges a run: what each surface told the person (a CLI's words,
 * the app core's DecisionOutcome) read into one claim, and the claims, the final journal
 * and the simulator's oracle (applied decisions, every write call) turned into the four
 * correctness figures. Pure: no I/O; contention-soak.ts gathers the inputs. Never sees a
 * justification (the CLI never prints one; the app's outcome carries none).
 */
import type { OutboxEntry } from '../main/core/outbox';
import type { Decider, Verb } from './contention-plan';

/** What a surface said about one decision, in the terms the soak can check. */
export type Claim =
  /** "Approved: …": Azure has it. */
  | { kind: 'applied'; verb: Verb }
  /** Saved and waiting to be sent (undo window, offline, another drainer). */
  | { kind: 'queued'; verb: Verb }
  /** The opposite decision is already recorded; `verb` is the recorded one when named. */
  | { kind: 'refused'; verb: Verb | null }
  /** Decided already; `byOther` when the words name someone other than the person. */
  | { kind: 'conflict'; verb: Verb | null; byOther: boolean }
  | { kind: 'expired' }
  /** The attempt failed (words about the attempt, not about the stage's outcome). */
  | { kind: 'failed' }
  /** Nothing said about the outcome: not found, usage, killed before answering. */
  | { kind: 'none'; why: string };

export interface SurfaceReport {
  decider: Decider;
  stage: number;
  asked: Verb;
  claim: Claim;
}

const verbOf = (word: string | undefined): Verb | null => {
  const w = (word ?? '').toLowerCase();
  if (/^(approve|approved|approval)$/.test(w)) return 'Approve';
  if (/^(deny|denied|denial)$/.test(w)) return 'Deny';
  return null;
};

/** "Already approved by Grace" / "…by someone else": the verb and whether it names another person. */
function conflictClaim(text: string, me: string): Claim | null {
  const m = /already (approved|denied|decided) by ([^;.\n]+)/i.exec(text);
  if (!m) return null;
  const who = (m[2] ?? '').trim().toLowerCase();
  // "Already approved by you at 08:12" names the person as surely as their display name does.
  return { kind: 'conflict', verb: verbOf(m[1]), byOther: who !== me.toLowerCase() && !/^you\b/.test(who) };
}

/** The claim in a message of the outbox's or the CLI's wording (shared by both surfaces). */
function claimInWords(text: string, asked: Verb, me: string): Claim | null {
  const refusal = /you already (approved|denied) this/i.exec(text) ?? /you already decided this request \((Approve|Deny)\)/i.exec(text);
  if (refusal) return { kind: 'refused', verb: verbOf(refusal[1]) };
  const conflict = conflictClaim(text, me);
  if (conflict) return conflict;
  if (/has expired|expired before/i.test(text)) return { kind: 'expired' };
  if (/not sent yet|saved in the outbox|waits? to be sent|will be sent/i.test(text)) return { kind: 'queued', verb: asked };
  return null;
}

/** A JSON result of `approve|deny --json`, read leniently: state or outcome, and the verb it names. */
function cliJsonClaim(value: Record<string, unknown>, asked: Verb, me: string): Claim | null {
  const str = (k: string) => (typeof value[k] === 'string' ? (value[k] as string) : undefined);
  const state = (str('outcome') ?? str('state') ?? str('status') ?? '').toLowerCase();
  const verb = verbOf(str('recordedResult') ?? str('result') ?? str('reviewResult')) ?? null;
  const message = str('message') ?? '';
  // pim-approvals/decision@1: a refusal carries the state of the entry that holds the stage.
  if (value['refused'] === true) return { kind: 'refused', verb };
  if (value['saved'] === false) return { kind: 'failed' };
  switch (state) {
    case 'done':
    case 'applied':
      return { kind: 'applied', verb: verb ?? asked };
    case 'queued':
    case 'sending':
      return { kind: 'queued', verb: verb ?? asked };
    case 'refused':
      return { kind: 'refused', verb };
    case 'conflict':
      return conflictClaim(message, me) ?? { kind: 'conflict', verb: null, byOther: true };
    case 'expired':
      return { kind: 'expired' };
    case 'failed':
      return claimInWords(message, asked, me) ?? { kind: 'failed' };
    default:
      return null;
  }
}

/**
 * One CLI run's words (stdout, stderr, exit code) as a claim. A JSON object on stdout wins;
 * otherwise the text: "Approved: …"/"Denied: …" on stdout, the outbox's sentences on stderr.
 * A run killed before it answered (code null) claims nothing.
 */
export function cliClaim(out: string, err: string, code: number | null, asked: Verb, me: string): Claim {
  if (code === null) return { kind: 'none', why: 'killed' };
  const trimmed = out.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object') {
        const claim = cliJsonClaim(parsed as Record<string, unknown>, asked, me);
        if (claim) return claim;
      }
    } catch {
      // not JSON after all: read it as text below
    }
  }
  const done = /^(Approved|Denied)\b/m.exec(out);
  if (done) return { kind: 'applied', verb: verbOf(done[1]) as Verb };
  const said = claimInWords(`${out}\n${err}`, asked, me);
  if (said) return said;
  if (/no request .* found|not found/i.test(err)) return { kind: 'none', why: 'not found' };
  if (code === 0) return { kind: 'none', why: 'exit 0 without words' };
  return { kind: 'failed' };
}

/** The app core's DecisionOutcome (outcome, message, recordedResult) as a claim. */
export function appClaim(outcome: { outcome: string; message: string; recordedResult?: string }, asked: Verb, me: string): Claim {
  const recorded = verbOf(outcome.recordedResult);
  switch (outcome.outcome) {
    case 'done':
      return { kind: 'applied', verb: recorded ?? verbOf(/^(Approved|Denied)/.exec(outcome.message)?.[1]) ?? asked };
    case 'queued':
      // "Approval will be sent in 5 s …": the message names the verb the person will see go out.
      return { kind: 'queued', verb: recorded ?? verbOf(/^(Approval|Denial)/.exec(outcome.message)?.[1]) ?? asked };
    case 'refused': {
      const said = claimInWords(outcome.message, asked, me);
      return { kind: 'refused', verb: recorded ?? (said?.kind === 'refused' ? said.verb : null) };
    }
    case 'conflict':
      return conflictClaim(outcome.message, me) ?? { kind: 'conflict', verb: null, byOther: true };
    case 'expired':
      return { kind: 'expired' };
    case 'failed':
      return { kind: 'failed' };
    default:
      return { kind: 'none', why: `outcome ${outcome.outcome}` };
  }
}

/** What is true of one stage at the end. */
export interface StageTruth {
  /** The verb Azure applied (first approver wins, so the first applied decision), null when none. */
  applied: Verb | null;
  appliedByMe: boolean;
  /** Decisions that changed the stage (more than one would be a double write that landed). */
  appliedCount: number;
  /** The verb of the earliest journal entry for the stage (any account), null when none. */
  firstRecorded: Verb | null;
  /** Journal entries that still hold the stage (not cancelled, not failed). */
  holding: number;
  /** Write calls the simulator answered for the stage, accepted or not. */
  writes: number;
}

/** Bare, lower-case stage GUID: how the oracle, the call log and the journal meet. */
export const stageKeyOf = (id: string): string => (id.split('/').pop() ?? id).toLowerCase();

export function stageTruths(
  stageIds: readonly string[],
  entries: readonly Pick<OutboxEntry, 'stageId' | 'result' | 'createdAt' | 'state'>[],
  applied: readonly { stageId: string; by: string; result: string }[],
  writeCalls: readonly { stageId?: string }[],
  meKey = 'me',
): StageTruth[] {
  return stageIds.map((id) => {
    const key = stageKeyOf(id);
    const mine = applied.filter((a) => stageKeyOf(a.stageId) === key);
    const recorded = entries.filter((e) => stageKeyOf(e.stageId) === key && e.state !== 'cancelled').sort((a, b) => a.createdAt - b.createdAt);
    return {
      applied: verbOf(mine[0]?.result),
      appliedByMe: mine[0]?.by === meKey,
      appliedCount: mine.length,
      firstRecorded: recorded[0]?.result ?? null,
      holding: recorded.filter((e) => e.state !== 'failed').length,
      writes: writeCalls.filter((w) => w.stageId !== undefined && stageKeyOf(w.stageId) === key).length,
    };
  });
}

/** Whether a claim says something about the stage that the journal or Azure contradicts. */
export function contradicts(claim: Claim, truth: StageTruth): boolean {
  const against = (v: Verb) => (truth.applied !== null && truth.applied !== v) || (truth.firstRecorded !== null && truth.firstRecorded !== v);
  switch (claim.kind) {
    case 'applied':
      // "Approved" for a stage Azure never saw decided is as false as the wrong verb.
      return truth.applied === null || against(claim.verb);
    case 'queued':
      return against(claim.verb);
    case 'refused':
      return claim.verb !== null && against(claim.verb);
    case 'conflict':
      // Only the person decides in this soak: "by someone else" is never true here.
      return (claim.byOther && truth.appliedByMe) || (claim.verb !== null && truth.applied !== null && claim.verb !== truth.applied);
    case 'expired':
      return truth.applied !== null;
    case 'failed':
    case 'none':
      return false;
  }
}

/** Claims that tell the person a decision is recorded for the stage (theirs or the one kept). */
function claimsRecorded(claim: Claim): boolean {
  return claim.kind === 'applied' || claim.kind === 'queued' || (claim.kind === 'refused' && claim.verb !== null);
}

export interface ContentionScore {
  /** Stages a surface reported recorded or queued, or the journal holds, that Azure never applied. */
  lost: number[];
  /** Stages with more than one write call. */
  multiWrite: number[];
  /** Stages Azure applied with a verb other than the first recorded entry's. */
  wrongVerb: number[];
  /** Surface reports whose words the journal or Azure contradict. */
  contradictions: SurfaceReport[];
}

export function scoreContention(truths: readonly StageTruth[], reports: readonly SurfaceReport[]): ContentionScore {
  const lost = new Set<number>();
  truths.forEach((t, i) => {
    if (t.applied === null && t.holding > 0) lost.add(i);
  });
  for (const r of reports) if (claimsRecorded(r.claim) && truths[r.stage]?.applied === null) lost.add(r.stage);
  const indexes = (pick: (t: StageTruth) => boolean) => truths.flatMap((t, i) => (pick(t) ? [i] : []));
  return {
    lost: [...lost].sort((a, b) => a - b),
    multiWrite: indexes((t) => t.writes > 1),
    wrongVerb: indexes((t) => t.applied !== null && t.applied !== t.firstRecorded),
    contradictions: reports.filter((r) => {
      const truth = truths[r.stage];
      return truth !== undefined && contradicts(r.claim, truth);
    }),
  };
}
