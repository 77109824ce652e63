/**
 * The outbox's durable storage: a write-ahead log of entry states plus a snapshot.
 *
 * - `outbox.wal`: one line per state change, `<crc32 hex> <json {seq, entry}>\n`, holding
 *   the whole entry after the change. Appended (O_APPEND: at the real end of the file)
 *   and fsynced before the caller acts on the change.
 * - `outbox.snapshot`: the same line format holding `{seq, entries}`; written to a temp
 *   file, fsynced, renamed over, then the directory fsynced.
 * - `outbox.wal.folding-*`: a log a compaction moved aside to fold; gone when the
 *   compaction finished, read like the log if one was interrupted.
 *
 * Versions of one entry are reconciled by id with `moreAdvanced` (entry-merge.ts), never
 * by sequence number alone: the snapshot, every log and every line another process
 * appended meet through that one rule, so reading a line twice changes nothing and a
 * snapshot that is "ahead" cannot hide a decision only the log holds.
 *
 * Several processes share the directory; callers hold the journal lock (core/fs/file-lock.ts) around
 * `refresh` + `append` and `compact`. A holder may stall (SIGSTOP, a slow fsync) past the
 * lock's staleness and be replaced, so:
 * - `stillHolds` is asked before every append and compaction (and before the snapshot is
 *   replaced); a lost lock throws `JournalLockLost` and nothing is written;
 * - an append reads every line between where this handle stopped reading and the new end
 *   (another process's lines are never skipped), and checks that the file it wrote is
 *   still the log (a compaction may have moved it aside meanwhile);
 * - a compaction first re-reads the disk and folds that, never this handle's memory alone,
 *   and carries over lines appended after its read instead of resetting them away.
 *
 * Callers act on a change only after `append` returned (fsync done), so a line torn by a
 * crash was never acted upon: dropping it loses nothing anyone was told about.
 * On load a partial or corrupt log line is dropped and reported, the other lines kept; a
 * snapshot entry that does not parse is reported by id, the other entries kept; the
 * damaged file is copied aside (`*.corrupt-<time>`) and the journal rewritten clean. A
 * snapshot that cannot be read at all is moved aside, never silently lost. Copies kept
 * aside are deleted once older than the history retention (they hold justifications).
 * Never logs entry contents.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { moreAdvanced } from './entry-merge';
import { OutboxEntrySchema } from './entry-schema';
import { decodeLine, encodeLine } from './journal-lines';
import { readSnapshot } from './snapshot-read';
import { isFinal, type OutboxEntry } from './types';
import { fsyncDir, isAtomicTempFile, renameWithRetry } from '../fs/atomic-file';

export { decodeLine, encodeLine } from './journal-lines';

export const WAL_FILE = 'outbox.wal';
export const SNAPSHOT_FILE = 'outbox.snapshot';
const FOLDING_PREFIX = `${WAL_FILE}.folding-`;
const CORRUPT_MARK = '.corrupt-';

export interface JournalProblem {
  file: string;
  /** 1-based line number, when the problem is one log line. */
  line?: number;
  /** The snapshot entry's id (or "#position" when it has none), when the problem is one entry. */
  entryId?: string;
  reason: string;
  /** Name of the copy the damaged file was kept in, when this problem's data is there and not only dropped. */
  keptAs?: string;
}

export interface JournalReport {
  problems: JournalProblem[];
  /** Copies of damaged files kept for inspection. */
  keptAside: string[];
}

/** This process's journal lock was taken over (it stalled past the staleness): nothing was written. */
export class JournalLockLost extends Error {
  constructor(what: string) {
    super(`The outbox journal lock was taken over by another process; ${what}.`);
    this.name = 'JournalLockLost';
  }
}

export interface Journal {
  readonly dir: string;
  /** Current state, keyed by entry id. Read-only view: change it only through `append`. */
  entries(): ReadonlyMap<string, OutboxEntry>;
  /** Picks up what other processes appended or compacted since the last look. */
  refresh(): Promise<JournalReport>;
  /** Writes the new states and fsyncs before returning; then reads what else the log gained. */
  append(entries: readonly OutboxEntry[]): Promise<void>;
  /** Folds what is on disk into a fresh snapshot and empties the log. */
  compact(): Promise<void>;
  /** Lines in the log (and logs being folded) since the last compaction. */
  logLength(): number;
}

interface FileId {
  ino: number;
  size: number;
  mtimeMs: number;
}

async function fileId(path: string): Promise<FileId | null> {
  try {
    const s = await stat(path);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const sameFile = (a: FileId | null, b: FileId | null) => (a?.ino ?? null) === (b?.ino ?? null) && a?.mtimeMs === b?.mtimeMs && a?.size === b?.size;

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export interface OpenJournalOptions {
  /** Stamps kept-aside files' names and ages history: the outbox's clock (its entries carry its stamps). */
  now?: () => number;
  /** Final entries older than this are dropped at compaction, and kept-aside copies older than this on open. */
  retainFinalMs?: number;
  /**
   * Whether this process still holds the journal lock; asked before every write. Without
   * it (tests of the file format) the caller is trusted to hold the lock.
   */
  stillHolds?: () => Promise<boolean>;
}

export const DEFAULT_RETAIN_FINAL_MS = 30 * 24 * 3_600_000;

export async function openJournal(dir: string, options: OpenJournalOptions = {}): Promise<{ journal: Journal; report: JournalReport }> {
  const now = options.now ?? (() => Date.now());
  const retainFinalMs = options.retainFinalMs ?? DEFAULT_RETAIN_FINAL_MS;
  const stillHolds = options.stillHolds ?? (async () => true);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const walPath = join(dir, WAL_FILE);
  const snapPath = join(dir, SNAPSHOT_FILE);

  let state = new Map<string, OutboxEntry>();
  let seq = 0;
  let walLines = 0;
  // Where our reading of the log stopped, and which files we read: a change of either
  // (another process compacted) means a full reload.
  let walOffset = 0;
  let walIno: number | null = null;
  let snapSeen: FileId | null = null;
  /** Folding logs read by the last load: their lines are ours to fold (and then delete). */
  let foldingSeen: string[] = [];

  const guard = async (what: string) => {
    if (!(await stillHolds())) throw new JournalLockLost(what);
  };

  const put = (entry: OutboxEntry) => {
    state.set(entry.id, moreAdvanced(state.get(entry.id), entry));
  };

  /** Copies (or moves) a damaged file aside, stamped now so its retention starts when it was set aside. */
  const keepAside = async (path: string, report: JournalReport, move: boolean): Promise<string> => {
    const aside = `${path}${CORRUPT_MARK}${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    if (move) await rename(path, aside);
    else await copyFile(path, aside);
    const t = new Date();
    await utimes(aside, t, t);
    report.keptAside.push(aside);
    return aside;
  };

  const parseEntry = (value: unknown): OutboxEntry | null => {
    const parsed = OutboxEntrySchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };

  /** Applies complete log lines; returns problems (line numbers are relative to `firstLine`). */
  const applyLog = (text: string, firstLine: number, problems: JournalProblem[], file: string) => {
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    lines.forEach((line, i) => {
      const lineNo = firstLine + i;
      walLines++;
      if (line === '') return problems.push({ file, line: lineNo, reason: 'empty line' });
      const decoded = decodeLine(line);
      if (!decoded.ok) return problems.push({ file, line: lineNo, reason: decoded.reason });
      const record = decoded.value as { seq?: unknown; entry?: unknown };
      const entry = parseEntry(record.entry);
      if (typeof record.seq !== 'number' || !entry) return problems.push({ file, line: lineNo, reason: 'not an outbox entry' });
      seq = Math.max(seq, record.seq);
      put(entry);
    });
    if (tail !== '') problems.push({ file, line: firstLine + lines.length, reason: 'partial last line (write interrupted)' });
  };

  const loadAll = async (): Promise<JournalReport> => {
    const report: JournalReport = { problems: [], keptAside: [] };
    state = new Map();
    seq = 0;
    walLines = 0;
    foldingSeen = [];
    let rewrite = false;

    snapSeen = await fileId(snapPath);
    const snapText = snapSeen ? await readIfExists(snapPath) : null;
    if (snapText) {
      const read = readSnapshot(snapText.toString('utf8'));
      if (!read.ok) {
        report.problems.push({ file: SNAPSHOT_FILE, reason: read.reason });
        await keepAside(snapPath, report, true);
        snapSeen = null;
      } else {
        for (const e of read.entries) put(e);
        seq = read.seq;
        if (read.unreadable.length > 0) {
          const keptAs = basename(await keepAside(snapPath, report, false));
          for (const u of read.unreadable) report.problems.push({ file: SNAPSHOT_FILE, entryId: u.entryId, reason: u.reason, keptAs });
          rewrite = true;
        }
      }
    }

    // Logs an interrupted compaction was folding: their lines may be in no snapshot yet. A
    // damaged one's kept-aside copy shares the prefix but is evidence, not a log: read as one,
    // it was reported again, and copied again, at every start.
    const foldingLogs = (await readdir(dir)).filter((n) => n.startsWith(FOLDING_PREFIX) && !n.includes(CORRUPT_MARK));
    for (const name of foldingLogs.sort()) {
      const buf = await readIfExists(join(dir, name));
      if (!buf) continue;
      const problems: JournalProblem[] = [];
      applyLog(buf.toString('utf8'), 1, problems, name);
      foldingSeen.push(name);
      if (problems.length > 0) {
        report.problems.push(...problems);
        await keepAside(join(dir, name), report, false);
        rewrite = true;
      }
    }

    const wal = await fileId(walPath);
    walIno = wal?.ino ?? null;
    walOffset = 0;
    const buf = wal ? await readIfExists(walPath) : null;
    if (buf) {
      walOffset = buf.length;
      applyLog(buf.toString('utf8'), 1, report.problems, WAL_FILE);
    }
    if (report.problems.some((p) => p.file === WAL_FILE)) {
      // Keep the evidence, then rewrite clean so the next append does not glue onto a
      // torn line and the same damage is not reported on every start.
      await keepAside(walPath, report, false);
      rewrite = true;
    }
    if (rewrite) {
      try {
        await fold();
      } catch (err) {
        // Not rewritten (lock lost, disk full): the next look must load and find it again,
        // never append after the damage.
        walIno = -1;
        throw err;
      }
    }
    return report;
  };

  const refresh = async (): Promise<JournalReport> => {
    const snap = await fileId(snapPath);
    const wal = await fileId(walPath);
    if (!sameFile(snap, snapSeen) || (wal?.ino ?? null) !== walIno || (wal && wal.size < walOffset)) return loadAll();
    if (!wal || wal.size === walOffset) return { problems: [], keptAside: [] };
    const fh = await open(walPath, 'r');
    let text: string;
    try {
      const buf = Buffer.alloc(wal.size - walOffset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, walOffset);
      text = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
    const problems: JournalProblem[] = [];
    const before = walLines;
    applyLog(text, walLines + 1, problems, WAL_FILE);
    if (problems.length) {
      walLines = before;
      return loadAll(); // damage written by another process: handle it like a load
    }
    walOffset += Buffer.byteLength(text, 'utf8');
    return { problems: [], keptAside: [] };
  };

  /** Replaces the snapshot, unless the lock was lost or another process replaced it since our read. */
  const replaceSnapshot = async (text: string): Promise<void> => {
    const temp = join(dir, `.${SNAPSHOT_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(temp, 'wx', 0o600);
    try {
      try {
        await fh.writeFile(text, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      // Checked after the slow part (fsync) and right before the rename: a holder that
      // stalled there must not put an older picture over a newer one.
      await guard('the snapshot was not replaced');
      if (!sameFile(await fileId(snapPath), snapSeen)) throw new JournalLockLost('another process compacted meanwhile; the snapshot was not replaced');
      await renameWithRetry(temp, snapPath); // Windows: a scanner may hold the old snapshot open for a moment
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    await fsyncDir(dir);
  };

  /**
   * Moves the log aside and starts an empty one. Lines appended after our read (by a
   * process that still believed it held the lock) are carried into the new log, so the
   * reset erases nothing that is not in the snapshot just written.
   */
  const rotateLog = async (folded: { ino: number | null; offset: number }): Promise<void> => {
    const folding = join(dir, `${FOLDING_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
    let rotated = true;
    try {
      await renameWithRetry(walPath, folding);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      rotated = false;
    }
    // 'a' creates the new log without truncating one another process created a moment ago.
    await (await open(walPath, 'a', 0o600)).close();
    if (rotated) {
      const moved = await stat(folding);
      const buf = await readFile(folding);
      const from = moved.ino === folded.ino ? Math.min(folded.offset, buf.length) : 0;
      const rest = buf.subarray(from).toString('utf8');
      // Complete lines only: a torn tail is a write still in progress by a process whose
      // own check will see the log moved and redo it.
      const carried = rest.slice(0, rest.lastIndexOf('\n') + 1);
      if (carried) {
        const fh = await open(walPath, 'a', 0o600);
        try {
          await fh.writeFile(carried, 'utf8');
          await fh.datasync();
        } finally {
          await fh.close();
        }
      }
      await rm(folding, { force: true });
    }
    await fsyncDir(dir);
  };

  /** Writes the state just read from disk as the snapshot, then resets the log. */
  const fold = async (): Promise<void> => {
    await guard('the journal was not compacted');
    // Only history ages out; a queued or sending entry is kept however old it is.
    const horizon = now() - retainFinalMs;
    const entries = [...state.values()].filter((e) => !(isFinal(e.state) && e.updatedAt < horizon));
    const folded = { ino: walIno, offset: walOffset };
    const foldedLogs = foldingSeen;
    await replaceSnapshot(encodeLine({ seq, entries }));
    state = new Map(entries.map((e) => [e.id, e]));
    snapSeen = await fileId(snapPath);
    walIno = -1; // until the rotation below completes, the next look reloads everything
    foldingSeen = [];
    // Their lines are in the snapshot now.
    await Promise.all(foldedLogs.map((n) => rm(join(dir, n), { force: true })));
    await rotateLog(folded);
    const wal = await fileId(walPath);
    walIno = wal?.ino ?? null;
    walOffset = 0;
    walLines = 0;
    await refresh(); // lines carried over, or appended since
  };

  const compact = async (): Promise<void> => {
    await guard('the journal was not compacted');
    // Fold what is on disk: another process may have written since our last look.
    await refresh();
    await fold();
  };

  const append = async (entries: readonly OutboxEntry[]): Promise<void> => {
    if (entries.length === 0) return;
    const text = entries.map((entry) => encodeLine({ seq: ++seq, entry })).join('');
    const fh = await open(walPath, 'a', 0o600);
    let writtenIno: number;
    let fresh: boolean;
    try {
      // As late as possible: right before the write.
      await guard('the change was not written');
      const before = (await fh.stat()).size;
      fresh = before === 0;
      try {
        await fh.writeFile(text, 'utf8');
        await fh.datasync();
      } catch (err) {
        // Disk full mid-line: never leave a torn line for the next append to glue onto.
        await fh.truncate(before).catch(() => undefined);
        throw err;
      }
      writtenIno = (await fh.stat()).ino;
    } finally {
      await fh.close();
    }
    if (fresh) await fsyncDir(dir); // a new file's name must survive a power cut too
    // A compaction by whoever took the lock from us may have moved the log aside while we
    // wrote: a line in a moved-aside file is not saved (the compaction may have read past it).
    if ((await fileId(walPath))?.ino !== writtenIno) throw new JournalLockLost('the log was compacted while writing; the change must be redone');
    for (const e of entries) put(e);
    // Read from where we stopped to the new end: our lines, and any another process wrote
    // in between. A failed read loses nothing: the next refresh reads the same range.
    await refresh().catch(() => undefined);
  };

  const journal: Journal = {
    dir,
    entries: () => state,
    refresh,
    append,
    compact,
    logLength: () => walLines,
  };
  const names = await readdir(dir);
  // Temp files of atomic writes interrupted by a crash; callers hold the journal lock, so
  // none of them belongs to a live writer.
  await Promise.all(names.filter(isAtomicTempFile).map((n) => rm(join(dir, n), { force: true })));
  // Copies of damaged files hold justifications: they age out like the history they hold.
  await Promise.all(names.filter((n) => n.startsWith('outbox.') && n.includes(CORRUPT_MARK)).map((n) => removeIfOlder(join(dir, n), retainFinalMs)));
  const report = await loadAll();
  return { journal, report };
}

/** Deletes `path` when its mtime (wall time, as the file system stamps it) is older than `ageMs`. */
async function removeIfOlder(path: string, ageMs: number): Promise<void> {
  const s = await stat(path).catch(() => null);
  if (s && Date.now() - s.mtimeMs > ageMs) await rm(path, { force: true });
}

/** One line per problem, for logs and the CLI: "outbox.wal line 7: checksum mismatch — dropped". */
export function describeReport(report: JournalReport): string[] {
  return [
    ...report.problems.map(
      (p) => `${p.file}${p.line ? ` line ${p.line}` : ''}${p.entryId ? ` entry ${p.entryId}` : ''}: ${p.reason} — ${p.keptAs ? `kept aside in ${p.keptAs}` : 'dropped'}`,
    ),
    ...report.keptAside.map((f) => `damaged file kept as ${f}`),
  ];
}
