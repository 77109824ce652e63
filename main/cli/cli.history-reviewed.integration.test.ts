/**
 * Issue 17: the journal keeps Azure's own review time. A decision sent through the outbox
 * against the PIM simulator ends with `reviewedAt` equal to the stage's `reviewedDateTime`
 * (mine, or the other approver's when they won), and `history -o json` carries it as
 * `reviewedDateTime`; a decision still waiting has none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal } from '../core/outbox/journal';
import { deadEndpoint, startCliWorld, type CliWorld } from '../../test/kit/cli-test-kit';

const worlds: CliWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

/** The simulator's own answer for a stage, as ARM would return it to `me`. */
function stageReviewedAt(w: CliWorld, stageId: string): string | null {
  const json = w.s.sim.stage(stageId) as { properties: { reviewedDateTime: string | null } } | undefined;
  if (!json) throw new Error(`the simulator has no stage ${stageId}`);
  return json.properties.reviewedDateTime;
}

describe('history keeps Azure\'s review time', () => {
  it('sent, conflict and waiting decisions: reviewedAt in the journal and reviewedDateTime in -o json', async () => {
    const w = await startCliWorld('quiet');
    worlds.push(w);
    const [a, b, c] = (await w.items()).filter((i) => i.actionable);
    if (!a || !b || !c) throw new Error('need three actionable items');

    expect((await w.cli(['approve', a.id, '-j', 'INC0012345 checked'])).code).toBe(0);
    w.s.sim.decideAs('approver2', b.id, 'Deny', 'not in the freeze');
    expect((await w.cli(['approve', b.id, '-j', 'looks fine'])).code).toBe(4);
    expect((await w.cli(['deny', c.id, '-j', 'on a train', '--arm-endpoint', await deadEndpoint()])).code).toBe(1);

    const mine = stageReviewedAt(w, a.id);
    const theirs = stageReviewedAt(w, b.id);
    expect(mine).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(theirs).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

    const { journal } = await openJournal(join(w.dataDir, 'outbox'));
    const byStage = new Map([...journal.entries().values()].map((e) => [e.stageId, e]));
    expect(byStage.get(a.id)).toMatchObject({ state: 'done', reviewedAt: mine });
    expect(byStage.get(b.id)).toMatchObject({ state: 'conflict', reviewedAt: theirs });
    expect(byStage.get(c.id)?.state).toBe('queued');
    expect(byStage.get(c.id)?.reviewedAt ?? null).toBeNull();

    const r = await w.cli(['history', '-o', 'json']);
    expect(r.code).toBe(0);
    const { decisions } = JSON.parse(r.out) as { decisions: { stageId: string; reviewedDateTime: string | null }[] };
    expect(decisions.map((d) => [d.stageId, d.reviewedDateTime])).toEqual([
      [a.id, mine],
      [b.id, theirs],
      [c.id, null],
    ]);
  });
});
