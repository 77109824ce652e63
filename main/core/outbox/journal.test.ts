import { mkdtemp, readdir, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeLine, DEFAULT_RETAIN_FINAL_MS, describeReport, encodeLine, JournalLockLost, openJournal, SNAPSHOT_FILE, WAL_FILE } from './journal';
import { makeEntry } from '../../../test/kit/test-entries';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const three = () => [makeEntry({ id: 'a' }), makeEntry({ id: 'b' }), makeEntry({ id: 'c' })];

async function walWithThree() {
  const { journal } = await openJournal(dir);
  for (const e of three()) await journal.append([e]);
  await journal.append([makeEntry({ id: 'a', state: 'sending', attempts: 1 })]);
  return journal;
}

describe('journal line format', () => {
  it('round-trips and detects tampering', () => {
    const line = encodeLine({ x: 1 }).trimEnd();
    expect(decodeLine(line)).toEqual({ ok: true, value: { x: 1 } });
    expect(decodeLine(line.replace('1', '2'))).toEqual({ ok: false, reason: 'checksum mismatch' });
    expect(decodeLine('{"x":1}')).toEqual({ ok: false, reason: 'no checksum' });
  });
});

describe('journal', () => {
  it('replays the log: the last state of each entry wins', async () => {
    await walWithThree();
    const { journal, report } = await openJournal(dir);
    expect(report.problems).toEqual([]);
    expect([...journal.entries().keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(journal.entries().get('a')).toMatchObject({ state: 'sending', attempts: 1 });
  });

  it('stores files readable by the user only', async () => {
    await walWithThree();
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(dir, WAL_FILE))).mode & 0o077).toBe(0);
  });

  it('a line cut mid-write (crash) is dropped and reported; earlier lines kept', async () => {
    await walWithThree();
    const path = join(dir, WAL_FILE);
    const size = (await readFile(path)).length;
    await truncate(path, size - 25);
    const { journal, report } = await openJournal(dir);
    expect(journal.entries().get('a')).toMatchObject({ state: 'queued' }); // the torn 'sending' line is gone
    expect([...journal.entries().keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(report.problems).toEqual([{ file: WAL_FILE, line: 4, reason: 'partial last line (write interrupted)' }]);
    expect(describeReport(report)[0]).toBe('outbox.wal line 4: partial last line (write interrupted) — dropped');
    expect(report.keptAside).toHaveLength(1);
    expect(await readFile(report.keptAside[0]!, 'utf8')).toContain('"id":"c"'); // evidence kept
  });

  it('a flipped byte fails the checksum: that line is dropped, the others kept', async () => {
    await walWithThree();
    const path = join(dir, WAL_FILE);
    const buf = await readFile(path);
    const lines = buf.toString('utf8').split('\n');
    const at = lines[0]!.length + 1 + lines[1]!.indexOf('"id":"b"') + 7; // inside line 2
    buf[at] = buf[at]! ^ 0x01;
    await writeFile(path, buf);
    const { journal, report } = await openJournal(dir);
    expect([...journal.entries().keys()].sort()).toEqual(['a', 'c']);
    expect(report.problems).toEqual([{ file: WAL_FILE, line: 2, reason: 'checksum mismatch' }]);
  });

  it('after a damaged load the journal is rewritten clean: appends work and nothing is reported twice', async () => {
    await walWithThree();
    const path = join(dir, WAL_FILE);
    await writeFile(path, (await readFile(path, 'utf8')) + '0badc0de {"seq":9,"ent');
    const first = await openJournal(dir);
    expect(first.report.problems).toHaveLength(1);
    await first.journal.append([makeEntry({ id: 'd' })]);
    const second = await openJournal(dir);
    expect(second.report.problems).toEqual([]);
    expect([...second.journal.entries().keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a checksum-valid line that is not an entry is dropped, not half-used', async () => {
    await walWithThree();
    await writeFile(join(dir, WAL_FILE), (await readFile(join(dir, WAL_FILE), 'utf8')) + encodeLine({ seq: 99, entry: { id: 'x', state: 'weird' } }));
    const { journal, report } = await openJournal(dir);
    expect(journal.entries().has('x')).toBe(false);
    expect(report.problems).toEqual([{ file: WAL_FILE, line: 5, reason: 'not an outbox entry' }]);
  });

  it('compaction round-trip: snapshot + empty log load the same state', async () => {
    const journal = await walWithThree();
    const before = JSON.stringify([...journal.entries().values()]);
    await journal.compact();
    expect(journal.logLength()).toBe(0);
    expect(await readFile(join(dir, WAL_FILE), 'utf8')).toBe('');
    await journal.append([makeEntry({ id: 'b', state: 'sending', attempts: 1 })]);
    const { journal: again, report } = await openJournal(dir);
    expect(report.problems).toEqual([]);
    const after = [...again.entries().values()];
    expect(after.find((e) => e.id === 'b')).toMatchObject({ state: 'sending' });
    expect(JSON.stringify(after.map((e) => (e.id === 'b' ? makeEntry({ id: 'b' }) : e)))).toBe(before);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('compaction ages out old history but never pending work', async () => {
    const day = 24 * 3_600_000;
    const { journal } = await openJournal(dir, { now: () => 100 * day, retainFinalMs: 30 * day });
    await journal.append([
      makeEntry({ id: 'old-done', state: 'done', updatedAt: 10 * day }),
      makeEntry({ id: 'old-queued', state: 'queued', updatedAt: 10 * day }),
      makeEntry({ id: 'recent-done', state: 'done', updatedAt: 90 * day }),
    ]);
    await journal.compact();
    expect([...journal.entries().keys()].sort()).toEqual(['old-queued', 'recent-done']);
    const { journal: again } = await openJournal(dir);
    expect([...again.entries().keys()].sort()).toEqual(['old-queued', 'recent-done']);
  });

  it('a crash between snapshot and log reset replays nothing twice', async () => {
    const journal = await walWithThree();
    const wal = await readFile(join(dir, WAL_FILE));
    await journal.compact();
    await writeFile(join(dir, WAL_FILE), wal); // as if the log reset never happened
    const { journal: again } = await openJournal(dir);
    expect(again.entries().size).toBe(3);
    await again.append([makeEntry({ id: 'a', state: 'cancelled' })]);
    const { journal: third } = await openJournal(dir);
    expect(third.entries().get('a')?.state).toBe('cancelled'); // new lines after the snapshot still count
  });

  it('a corrupt snapshot is moved aside and reported, never silently lost', async () => {
    const journal = await walWithThree();
    await journal.compact();
    const snap = join(dir, SNAPSHOT_FILE);
    const text = await readFile(snap, 'utf8');
    await writeFile(snap, text.replace('Ada', 'Adb'));
    const { journal: again, report } = await openJournal(dir);
    expect(report.problems).toEqual([{ file: SNAPSHOT_FILE, reason: 'snapshot checksum mismatch' }]);
    expect(report.keptAside).toHaveLength(1);
    expect(await readFile(report.keptAside[0]!, 'utf8')).toContain('Adb');
    expect(again.entries().size).toBe(0);
  });

  it('leftover temp files of an interrupted atomic write are cleaned up on open', async () => {
    await walWithThree();
    await writeFile(join(dir, `.${SNAPSHOT_FILE}.12345.abcdef.tmp`), 'half');
    await openJournal(dir);
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('refresh picks up appends and compactions made by another handle (another process)', async () => {
    const { journal: mine } = await openJournal(dir);
    const { journal: theirs } = await openJournal(dir);
    await theirs.append([makeEntry({ id: 'a' })]);
    await mine.refresh();
    expect(mine.entries().has('a')).toBe(true);
    await theirs.append([makeEntry({ id: 'b' })]);
    await theirs.compact();
    await theirs.append([makeEntry({ id: 'c' })]);
    await mine.refresh();
    expect([...mine.entries().keys()].sort()).toEqual(['a', 'b', 'c']);
    await mine.append([makeEntry({ id: 'a', state: 'cancelled' })]);
    await theirs.refresh();
    expect(theirs.entries().get('a')?.state).toBe('cancelled');
  });

  it('a snapshot entry in an unknown state is reported by id and kept aside; every readable entry stays', async () => {
    const paused = { ...makeEntry({ id: '3f2a9c' }), state: 'paused' };
    await writeFile(join(dir, SNAPSHOT_FILE), encodeLine({ seq: 3, entries: [makeEntry({ id: 'a' }), paused, makeEntry({ id: 'b', state: 'sending', attempts: 1 })] }));
    const { journal, report } = await openJournal(dir);
    expect([...journal.entries().keys()].sort()).toEqual(['a', 'b']);
    expect(report.problems).toEqual([
      { file: SNAPSHOT_FILE, entryId: '3f2a9c', reason: "not an outbox entry (state 'paused')", keptAs: expect.stringMatching(/^outbox\.snapshot\.corrupt-/) },
    ]);
    expect(describeReport(report)[0]).toMatch(/^outbox\.snapshot entry 3f2a9c: not an outbox entry \(state 'paused'\) — kept aside in outbox\.snapshot\.corrupt-\S+$/);
    expect(report.keptAside).toHaveLength(1);
    expect(await readFile(report.keptAside[0]!, 'utf8')).toContain('"paused"'); // the whole file, as it was
    // Rewritten clean: the next start reports nothing and still holds both decisions.
    const again = await openJournal(dir);
    expect(again.report.problems).toEqual([]);
    expect([...again.journal.entries().keys()].sort()).toEqual(['a', 'b']);
  });

  it('a snapshot entry that is not an entry at all is named by its position', async () => {
    await writeFile(join(dir, SNAPSHOT_FILE), encodeLine({ seq: 1, entries: [makeEntry({ id: 'a' }), 42] }));
    const { journal, report } = await openJournal(dir);
    expect([...journal.entries().keys()]).toEqual(['a']);
    expect(report.problems).toEqual([{ file: SNAPSHOT_FILE, entryId: '#2', reason: 'not an outbox entry', keptAs: expect.stringMatching(/^outbox\.snapshot\.corrupt-/) }]);
  });

  it('a snapshot whose seq is ahead of the log still takes the log lines of entries it lacks or holds less far along', async () => {
    await writeFile(join(dir, SNAPSHOT_FILE), encodeLine({ seq: 50, entries: [makeEntry({ id: 'a' }), makeEntry({ id: 'done', state: 'done', attempts: 1, updatedAt: 5_000 })] }));
    await writeFile(
      join(dir, WAL_FILE),
      encodeLine({ seq: 3, entry: makeEntry({ id: 'b' }) }) +
        encodeLine({ seq: 4, entry: makeEntry({ id: 'a', state: 'sending', attempts: 1, updatedAt: 2_000 }) }) +
        encodeLine({ seq: 60, entry: makeEntry({ id: 'done', state: 'sending', attempts: 1, updatedAt: 4_000 }) }),
    );
    const { journal, report } = await openJournal(dir);
    expect(report.problems).toEqual([]);
    expect(journal.entries().get('b')).toMatchObject({ state: 'queued' }); // the queued decision is not ignored
    expect(journal.entries().get('a')).toMatchObject({ state: 'sending', attempts: 1 });
    expect(journal.entries().get('done')).toMatchObject({ state: 'done' }); // a higher seq does not undo a final state
  });

  it('an append after another handle appended reads the line in between; compaction keeps both', async () => {
    const { journal: stalled } = await openJournal(dir);
    const { journal: other } = await openJournal(dir);
    await stalled.append([makeEntry({ id: 'base' })]);
    await other.refresh();
    await other.append([makeEntry({ id: 'theirs' })]); // while `stalled` was not looking
    await stalled.append([makeEntry({ id: 'mine' })]);
    expect([...stalled.entries().keys()].sort()).toEqual(['base', 'mine', 'theirs']);
    await stalled.compact();
    const { journal: after } = await openJournal(dir);
    expect([...after.entries().keys()].sort()).toEqual(['base', 'mine', 'theirs']);
  });

  it('compaction folds what is on disk, not only what this handle remembers', async () => {
    const { journal: stalled } = await openJournal(dir);
    const { journal: other } = await openJournal(dir);
    await stalled.append([makeEntry({ id: 'base' })]);
    await other.refresh();
    await other.append([makeEntry({ id: 'theirs' })]);
    await stalled.compact(); // no append, no refresh before it
    const { journal: after } = await openJournal(dir);
    expect([...after.entries().keys()].sort()).toEqual(['base', 'theirs']);
    // The other compacts too (its line moves into the snapshot); ours still folds it in.
    await other.append([makeEntry({ id: 'theirs-2' })]);
    await other.compact();
    await stalled.compact();
    const { journal: last } = await openJournal(dir);
    expect([...last.entries().keys()].sort()).toEqual(['base', 'theirs', 'theirs-2']);
  });

  it('lines another process appends at any point of a compaction survive it', async () => {
    const { journal: other } = await openJournal(dir);
    let armed = false;
    let late = 0;
    const { journal } = await openJournal(dir, {
      // Asked at each step of the compaction: each time, another process appends a line
      // (as a process that wrongly believes it holds the lock would).
      stillHolds: async () => {
        if (armed) await other.append([makeEntry({ id: `late-${++late}` })]);
        return true;
      },
    });
    await journal.append([makeEntry({ id: 'a' })]);
    await other.refresh();
    armed = true;
    await journal.compact();
    armed = false;
    expect(late).toBeGreaterThan(0);
    const expected = ['a', ...Array.from({ length: late }, (_, i) => `late-${i + 1}`)].sort();
    expect([...journal.entries().keys()].sort()).toEqual(expected);
    const { journal: after } = await openJournal(dir);
    expect([...after.entries().keys()].sort()).toEqual(expected);
    expect((await readdir(dir)).filter((n) => n.includes('folding'))).toEqual([]);
  });

  it('a compaction never puts its snapshot over one another process wrote after its read', async () => {
    const { journal: other } = await openJournal(dir);
    let armed = false;
    let late = 0;
    const { journal } = await openJournal(dir, {
      stillHolds: async () => {
        if (armed) {
          await other.append([makeEntry({ id: `late-${++late}` })]);
          await other.compact(); // its lines now live in its snapshot only
        }
        return true;
      },
    });
    await journal.append([makeEntry({ id: 'a' })]);
    armed = true;
    const outcome = await journal.compact().then(
      () => 'compacted',
      (err: unknown) => (err instanceof JournalLockLost ? 'lost' : err),
    );
    armed = false;
    expect(['compacted', 'lost']).toContain(outcome);
    expect(late).toBeGreaterThan(0);
    const { journal: after } = await openJournal(dir);
    expect([...after.entries().keys()].sort()).toEqual(['a', ...Array.from({ length: late }, (_, i) => `late-${i + 1}`)].sort());
  });

  it('damage found while the lock was lost is found again at the next look: nothing is appended after a torn line', async () => {
    let holds = true;
    const { journal } = await openJournal(dir, { stillHolds: async () => holds });
    await journal.append([makeEntry({ id: 'a' })]);
    // Another process died mid-append.
    await writeFile(join(dir, WAL_FILE), (await readFile(join(dir, WAL_FILE), 'utf8')) + '0badc0de {"seq":9,"ent');
    holds = false;
    await expect(journal.refresh()).rejects.toBeInstanceOf(JournalLockLost); // found, but may not rewrite
    holds = true;
    const again = await journal.refresh(); // as the store does before every change
    expect(again.problems).toEqual([{ file: WAL_FILE, line: 2, reason: 'partial last line (write interrupted)' }]);
    await journal.append([makeEntry({ id: 'b' })]);
    const { journal: reopened, report } = await openJournal(dir);
    expect(report.problems).toEqual([]);
    expect([...reopened.entries().keys()].sort()).toEqual(['a', 'b']);
  });

  it('a line written into a log another process moved aside meanwhile is not reported saved; redone, it is', async () => {
    const { journal: other } = await openJournal(dir);
    let armed = false;
    const { journal } = await openJournal(dir, {
      // Asked after the log file was opened, right before the write: another process
      // (which took the lock over) compacts now, moving that very file aside.
      stillHolds: async () => {
        if (armed) {
          armed = false;
          await other.refresh();
          await other.append([makeEntry({ id: 'theirs' })]);
          await other.compact();
        }
        return true;
      },
    });
    await journal.append([makeEntry({ id: 'a' })]);
    armed = true;
    await expect(journal.append([makeEntry({ id: 'mine' })])).rejects.toBeInstanceOf(JournalLockLost);
    // What the store does next: read fresh, write again.
    await journal.refresh();
    await journal.append([makeEntry({ id: 'mine' })]);
    const { journal: after } = await openJournal(dir);
    expect([...after.entries().keys()].sort()).toEqual(['a', 'mine', 'theirs']);
  });

  it('a holder that lost the journal lock neither appends nor compacts', async () => {
    let holds = true;
    const { journal } = await openJournal(dir, { stillHolds: async () => holds });
    await journal.append([makeEntry({ id: 'a' })]);
    const before = await readFile(join(dir, WAL_FILE), 'utf8');
    holds = false;
    await expect(journal.append([makeEntry({ id: 'b' })])).rejects.toBeInstanceOf(JournalLockLost);
    await expect(journal.compact()).rejects.toBeInstanceOf(JournalLockLost);
    expect(await readFile(join(dir, WAL_FILE), 'utf8')).toBe(before);
    expect((await readdir(dir)).includes(SNAPSHOT_FILE)).toBe(false);
  });

  it('a log a compaction was folding when it stopped still counts on the next load', async () => {
    await writeFile(join(dir, SNAPSHOT_FILE), encodeLine({ seq: 1, entries: [makeEntry({ id: 'a' })] }));
    await writeFile(join(dir, `${WAL_FILE}.folding-123-abc`), encodeLine({ seq: 2, entry: makeEntry({ id: 'b' }) }));
    await writeFile(join(dir, WAL_FILE), encodeLine({ seq: 3, entry: makeEntry({ id: 'c' }) }));
    const { journal, report } = await openJournal(dir);
    expect(report.problems).toEqual([]);
    expect([...journal.entries().keys()].sort()).toEqual(['a', 'b', 'c']);
    await journal.compact();
    expect((await readdir(dir)).filter((n) => n.includes('folding'))).toEqual([]);
    const { journal: after } = await openJournal(dir);
    expect([...after.entries().keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('damaged-file copies older than the retention are deleted on open; newer ones are kept', async () => {
    const old = join(dir, `${WAL_FILE}.corrupt-2020-01-01T00-00-00-000Z`);
    const fresh = join(dir, `${SNAPSHOT_FILE}.corrupt-2026-01-01T00-00-00-000Z`);
    await writeFile(old, 'justification from long ago');
    await writeFile(fresh, 'recent evidence');
    const longAgo = new Date(Date.now() - DEFAULT_RETAIN_FINAL_MS - 3_600_000);
    await utimes(old, longAgo, longAgo);
    await openJournal(dir);
    const names = await readdir(dir);
    expect(names).not.toContain(`${WAL_FILE}.corrupt-2020-01-01T00-00-00-000Z`);
    expect(names).toContain(`${SNAPSHOT_FILE}.corrupt-2026-01-01T00-00-00-000Z`);
  });

  it('a copy kept aside is stamped when it is set aside, so its retention starts then', async () => {
    const journal = await walWithThree();
    await journal.compact();
    const snap = join(dir, SNAPSHOT_FILE);
    await writeFile(snap, (await readFile(snap, 'utf8')).replace('Ada', 'Adb'));
    const longAgo = new Date(Date.now() - DEFAULT_RETAIN_FINAL_MS - 3_600_000);
    await utimes(snap, longAgo, longAgo); // a snapshot last written long ago, damaged since
    const { report } = await openJournal(dir);
    expect(report.keptAside).toHaveLength(1);
    expect((await stat(report.keptAside[0]!)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    await openJournal(dir);
    expect(await readdir(dir)).toContain(report.keptAside[0]!.split('/').pop());
  });
});
