import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeLine, describeReport, encodeLine, openJournal, SNAPSHOT_FILE, WAL_FILE } from './journal';
import { makeEntry } from './test-entries';

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
});
