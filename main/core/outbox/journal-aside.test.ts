/**
 * What the journal does with damaged files: a bad snapshot is moved out of the way (not left
 * to be reported again at every start), under a name every file system accepts; a damaged log
 * an interrupted compaction was folding keeps its good lines, a copy of the bad ones, and is
 * not reported twice; copies older than the history's retention are deleted (they hold
 * justifications), younger ones kept. Each was a surviving mutant of journal.ts in the
 * 2026-12-03 mutation run.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeEntry } from '../../../test/kit/test-entries';
import { DEFAULT_RETAIN_FINAL_MS, encodeLine, openJournal, SNAPSHOT_FILE, WAL_FILE } from './journal';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-aside-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('a snapshot that cannot be read is moved aside, named without ":" or ".", and not reported again', async () => {
  const { journal } = await openJournal(dir);
  await journal.append([makeEntry({ id: 'a' })]);
  await journal.compact();
  const snap = join(dir, SNAPSHOT_FILE);
  await writeFile(snap, 'not a snapshot at all');
  const { report } = await openJournal(dir, { now: () => Date.UTC(2026, 11, 3, 10, 26, 5, 123) });
  expect(report.keptAside).toEqual([join(dir, `${SNAPSHOT_FILE}.corrupt-2026-12-03T10-26-05-123Z`)]);
  expect(await readFile(report.keptAside[0]!, 'utf8')).toBe('not a snapshot at all');
  expect(existsSync(snap)).toBe(false);
  const again = await openJournal(dir);
  expect(again.report).toEqual({ problems: [], keptAside: [] });
});

it('a damaged log an interrupted compaction was folding: good lines kept, a copy of it kept, not reported twice', async () => {
  const good = makeEntry({ id: 'kept', stageId: '/s/kept' });
  const folding = `${WAL_FILE}.folding-1`;
  await writeFile(join(dir, folding), `${encodeLine({ seq: 1, entry: good })}this line was damaged\n`);
  const { journal, report } = await openJournal(dir);
  expect(journal.entries().get('kept')).toMatchObject({ stageId: '/s/kept' });
  expect(report.problems).toEqual([{ file: folding, line: 2, reason: 'no checksum' }]);
  expect(report.keptAside).toHaveLength(1);
  expect(await readFile(report.keptAside[0]!, 'utf8')).toContain('this line was damaged');
  // The journal was written clean: the next start finds the entry and no damage.
  const again = await openJournal(dir);
  expect(again.journal.entries().get('kept')).toMatchObject({ stageId: '/s/kept' });
  expect(again.report.problems).toEqual([]);
});

it('copies of damaged files older than the retention are deleted at open; younger ones are kept', async () => {
  const old = join(dir, `${WAL_FILE}.corrupt-old`);
  const young = join(dir, `${WAL_FILE}.corrupt-young`);
  await writeFile(old, 'old damage');
  await writeFile(young, 'young damage');
  const longAgo = new Date(Date.now() - DEFAULT_RETAIN_FINAL_MS - 60_000);
  await utimes(old, longAgo, longAgo);
  const recent = new Date(Date.now() - DEFAULT_RETAIN_FINAL_MS + 3_600_000);
  await utimes(young, recent, recent);
  await openJournal(dir);
  const names = await readdir(dir);
  expect(names).toContain(`${WAL_FILE}.corrupt-young`);
  expect(names).not.toContain(`${WAL_FILE}.corrupt-old`);
});
