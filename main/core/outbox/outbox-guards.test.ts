/**
 * The outbox's guards that need no tenant: what cancel refuses and why, what a closed outbox
 * and a malformed decision get, that an unsubscribed listener hears nothing more, and that
 * journal damage found at open reaches the app's log. Each was a surviving or uncovered
 * mutant of outbox.ts in the 2026-12-03 mutation run (README "Quality").
 */
import { mkdtemp, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { makeDecision, makeEntry } from '../../../test/kit/test-entries';
import { openJournal, WAL_FILE } from './journal';
import { openOutbox, type Outbox } from './outbox';
import type { OutboxEntry } from './types';

let dir: string;
const opened: Outbox[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-guards-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
  await rm(dir, { recursive: true, force: true });
});

/** No service at all: nothing here may be sent, so a send would fail the test loudly. */
async function open(logs: Array<[string, string]> = []): Promise<Outbox> {
  const logger = { info: (msg: string) => void logs.push(['info', msg]), warn: (msg: string) => void logs.push(['warn', msg]) };
  const outbox = await openOutbox({ dir, api: () => null, clock: systemClock, online: false, logger });
  opened.push(outbox);
  return outbox;
}

async function seed(entries: OutboxEntry[]): Promise<void> {
  const { journal } = await openJournal(dir);
  await journal.append(entries);
}

describe('cancel says why it refuses', () => {
  it('a decision already tried, or being sent, may have reached Azure: refused with that reason, kept as it was', async () => {
    await seed([
      makeEntry({ id: 'tried', stageId: '/s/tried', attempts: 1, state: 'queued' }),
      makeEntry({ id: 'sending', stageId: '/s/sending', attempts: 1, state: 'sending' }),
      makeEntry({ id: 'fresh', stageId: '/s/fresh', attempts: 0, state: 'queued' }),
    ]);
    const outbox = await open();
    const mayHaveReached = 'This decision may already have reached Azure; it can no longer be cancelled.';
    expect(await outbox.cancel('tried')).toEqual({ ok: false, reason: mayHaveReached });
    expect(await outbox.cancel('sending')).toEqual({ ok: false, reason: mayHaveReached });
    expect(outbox.get('tried')).toMatchObject({ state: 'queued', attempts: 1 });
    expect(outbox.get('sending')).toMatchObject({ state: 'sending' });
    // The one never tried is cancelled: the refusals above are about attempts, not about cancel.
    expect(await outbox.cancel('fresh')).toMatchObject({ ok: true, entry: { state: 'cancelled' } });
  });

  it('a final decision names its state; an unknown id says so', async () => {
    await seed([makeEntry({ id: 'sent', state: 'done', attempts: 1, outcomeMessage: 'Approved' })]);
    const outbox = await open();
    expect(await outbox.cancel('sent')).toEqual({ ok: false, reason: 'This decision is already done.' });
    expect(await outbox.cancel('nobody')).toEqual({ ok: false, reason: 'No such decision in the outbox.' });
  });
});

describe('what the outbox refuses to journal', () => {
  it('a decision without a stage, without a justification, or with another verb: a clear error, nothing journaled', async () => {
    const outbox = await open();
    await expect(outbox.enqueue(makeDecision({ stageId: '' }))).rejects.toThrow('a decision needs a stage id and a justification');
    await expect(outbox.enqueue(makeDecision({ justification: '   ' }))).rejects.toThrow('a decision needs a stage id and a justification');
    await expect(outbox.enqueue(makeDecision({ result: 'Maybe' as 'Approve' }))).rejects.toThrow('result must be Approve or Deny');
    expect(outbox.list()).toEqual([]);
    expect(await outbox.enqueue(makeDecision())).toMatchObject({ status: 'created' });
  });

  it('a closed outbox journals nothing more', async () => {
    const outbox = await open();
    await outbox.close();
    await expect(outbox.enqueue(makeDecision())).rejects.toThrow('outbox is closed');
    const again = await open();
    expect(again.list()).toEqual([]);
  });
});

describe('listeners and the log', () => {
  it('a listener that unsubscribed hears nothing more; the others still do', async () => {
    const outbox = await open();
    let gone = 0;
    let staying = 0;
    const unsubscribe = outbox.onChange(() => void (gone += 1));
    outbox.onChange(() => void (staying += 1));
    await outbox.enqueue(makeDecision({ stageId: '/s/one' }));
    expect([gone, staying]).toEqual([1, 1]);
    unsubscribe();
    await outbox.enqueue(makeDecision({ stageId: '/s/two' }));
    expect([gone, staying]).toEqual([1, 2]);
  });

  it('journal damage found at open is written to the app log, dropped or kept aside', async () => {
    await seed([makeEntry({ id: 'a', stageId: '/s/a' }), makeEntry({ id: 'b', stageId: '/s/b' })]);
    const path = join(dir, WAL_FILE);
    await truncate(path, (await readFile(path)).length - 10); // the second line torn mid-write
    const logs: Array<[string, string]> = [];
    const outbox = await open(logs);
    expect(outbox.list().map((e) => e.id)).toEqual(['a']);
    expect(logs).toContainEqual(['warn', 'outbox journal damage dropped']);
  });
});
