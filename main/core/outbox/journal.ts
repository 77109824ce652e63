/**
 * The outbox's durable storage: a write-ahead log of entry states plus a snapshot.
 *
 * - `outbox.wal`: one line per state change, `<crc32 hex> <json {seq, entry}>\n`, holding
 *   the whole entry after the change (replay = last line per id wins). Appended and
 *   fsynced before the caller acts on the change.
 * - `outbox.snapshot`: the same line format holding `{seq, entries}`; written to a temp
 *   file, fsynced, renamed over, then the directory fsynced. Lines of the log with a seq
 *   at or below the snapshot's are already in it (a crash between snapshot and log reset
 *   replays nothing twice).
 *
 * Callers act on a change only after `append` returned (fsync done), so a line torn by a
 * crash was never acted upon: dropping it loses nothing anyone was told about.
 * On load a partial or corrupt line is dropped and reported, the other lines kept; the
 * damaged file is copied aside (`*.corrupt-<time>`) and the journal rewritten clean. A
 * corrupt snapshot is moved aside, never silently lost.
 *
 * Not thread-safe across processes by itself: callers hold the journal lock (lock.ts)
 * around `refresh` + `append` and `compact`. Never logs entry contents.
 */
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { OutboxEntrySchema } from './entry-schema';
import { isFinal, type OutboxEntry } from './types';
import { fsyncDir, isAtomicTempFile, writeFileAtomic } from '../fs/atomic-file';

export const WAL_FILE = 'outbox.wal';
export const SNAPSHOT_FILE = 'outbox.snapshot';

export interface JournalProblem {
  file: string;
  /** 1-based line number, when the problem is one line. */
  line?: number;
  reason: string;
}

export interface JournalReport {
  problems: JournalProblem[];
  /** Copies of damaged files kept for inspection. */
  keptAside: string[];
}

export interface Journal {
  readonly dir: string;
  /** Current state, keyed by entry id. Read-only view: change it only through `append`. */
  entries(): ReadonlyMap<string, OutboxEntry>;
  /** Picks up what other processes appended or compacted since the last look. */
  refresh(): Promise<JournalReport>;
  /** Writes the new states and fsyncs before returning. */
  append(entries: readonly OutboxEntry[]): Promise<void>;
  /** Folds the log into a fresh snapshot and empties the log. */
  compact(): Promise<void>;
  /** Lines in the log since the last compaction. */
  logLength(): number;
}

export function checksum(text: string): string {
  return crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');
}

export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${checksum(json)} ${json}\n`;
}

type Decoded = { ok: true; value: unknown } | { ok: false; reason: string };

export function decodeLine(line: string): Decoded {
  const space = line.indexOf(' ');
  if (space !== 8) return { ok: false, reason: 'no checksum' };
  const sum = line.slice(0, 8);
  const json = line.slice(9);
  if (checksum(json) !== sum) return { ok: false, reason: 'checksum mismatch' };
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
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

/** Writes `text` to `path` atomically (temp file, fsync, rename, fsync of the directory). */
async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, Buffer.from(text, 'utf8'));
}

export interface OpenJournalOptions {
  /** Stamps kept-aside files and ages history: the outbox's clock (its entries carry its stamps). */
  now?: () => number;
  /** Final entries older than this are dropped at compaction (history, not pending work). */
  retainFinalMs?: number;
}

export const DEFAULT_RETAIN_FINAL_MS = 30 * 24 * 3_600_000;

export async function openJournal(dir: string, options: OpenJournalOptions = {}): Promise<{ journal: Journal; report: JournalReport }> {
  const now = options.now ?? (() => Date.now());
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

  const keepAside = async (path: string, report: JournalReport, move: boolean) => {
    const aside = `${path}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    if (move) await rename(path, aside);
    else await copyFile(path, aside);
    report.keptAside.push(aside);
  };

  const parseEntry = (value: unknown): OutboxEntry | null => {
    const parsed = OutboxEntrySchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };

  /** Applies log text; returns problems (line numbers are relative to `firstLine`). */
  const applyLog = (text: string, firstLine: number, problems: JournalProblem[]) => {
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    lines.forEach((line, i) => {
      const lineNo = firstLine + i;
      walLines++;
      if (line === '') return problems.push({ file: WAL_FILE, line: lineNo, reason: 'empty line' });
      const decoded = decodeLine(line);
      if (!decoded.ok) return problems.push({ file: WAL_FILE, line: lineNo, reason: decoded.reason });
      const record = decoded.value as { seq?: unknown; entry?: unknown };
      const entry = parseEntry(record.entry);
      if (typeof record.seq !== 'number' || !entry) return problems.push({ file: WAL_FILE, line: lineNo, reason: 'not an outbox entry' });
      seq = Math.max(seq, record.seq);
      if (record.seq <= snapshotSeq) return; // already folded into the snapshot
      state.set(entry.id, entry);
    });
    if (tail !== '') problems.push({ file: WAL_FILE, line: firstLine + lines.length, reason: 'partial last line (write interrupted)' });
  };

  let snapshotSeq = 0;

  const loadAll = async (): Promise<JournalReport> => {
    const report: JournalReport = { problems: [], keptAside: [] };
    state = new Map();
    seq = 0;
    snapshotSeq = 0;
    walLines = 0;

    snapSeen = await fileId(snapPath);
    if (snapSeen) {
      const text = await readFile(snapPath, 'utf8');
      const decoded = decodeLine(text.endsWith('\n') ? text.slice(0, -1) : text);
      const body = decoded.ok ? (decoded.value as { seq?: unknown; entries?: unknown }) : null;
      const entries = body && Array.isArray(body.entries) ? body.entries.map(parseEntry) : null;
      if (!decoded.ok || !body || typeof body.seq !== 'number' || !entries || entries.some((e) => e === null)) {
        report.problems.push({ file: SNAPSHOT_FILE, reason: decoded.ok ? 'snapshot does not hold outbox entries' : `snapshot ${decoded.reason}` });
        await keepAside(snapPath, report, true);
        snapSeen = null;
      } else {
        for (const e of entries) if (e) state.set(e.id, e);
        seq = snapshotSeq = body.seq;
      }
    }

    const wal = await fileId(walPath);
    walIno = wal?.ino ?? null;
    walOffset = 0;
    if (wal) {
      const buf = await readFile(walPath);
      walOffset = buf.length;
      applyLog(buf.toString('utf8'), 1, report.problems);
    }
    if (report.problems.some((p) => p.file === WAL_FILE)) {
      // Keep the evidence, then rewrite clean so the next append does not glue onto a
      // torn line and the same damage is not reported on every start.
      await keepAside(walPath, report, false);
      await compact();
    }
    return report;
  };

  const retainFinalMs = options.retainFinalMs ?? DEFAULT_RETAIN_FINAL_MS;
  const compact = async (): Promise<void> => {
    // Only history ages out; a queued or sending entry is kept however old it is.
    const horizon = now() - retainFinalMs;
    for (const [id, e] of state) if (isFinal(e.state) && e.updatedAt < horizon) state.delete(id);
    const entries = [...state.values()];
    await writeAtomic(snapPath, encodeLine({ seq, entries }));
    snapshotSeq = seq;
    // Replace the log by rename (new inode) so other processes see the reset and reload.
    await writeAtomic(walPath, '');
    snapSeen = await fileId(snapPath);
    const wal = await fileId(walPath);
    walIno = wal?.ino ?? null;
    walOffset = 0;
    walLines = 0;
  };

  const refresh = async (): Promise<JournalReport> => {
    const snap = await fileId(snapPath);
    const wal = await fileId(walPath);
    const snapChanged = (snap?.ino ?? null) !== (snapSeen?.ino ?? null) || snap?.mtimeMs !== snapSeen?.mtimeMs || snap?.size !== snapSeen?.size;
    if (snapChanged || (wal?.ino ?? null) !== walIno || (wal && wal.size < walOffset)) return loadAll();
    if (!wal || wal.size === walOffset) return { problems: [], keptAside: [] };
    const fh = await open(walPath, 'r');
    let text: string;
    try {
      const buf = Buffer.alloc(wal.size - walOffset);
      await fh.read(buf, 0, buf.length, walOffset);
      text = buf.toString('utf8');
    } finally {
      await fh.close();
    }
    const problems: JournalProblem[] = [];
    const before = walLines;
    applyLog(text, walLines + 1, problems);
    if (problems.length) {
      walLines = before;
      return loadAll(); // damage written by another process: handle it like a load
    }
    walOffset = wal.size;
    return { problems: [], keptAside: [] };
  };

  const append = async (entries: readonly OutboxEntry[]): Promise<void> => {
    if (entries.length === 0) return;
    const text = entries.map((entry) => encodeLine({ seq: ++seq, entry })).join('');
    const created = walIno === null;
    const fh = await open(walPath, 'a', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.datasync();
      const s = await fh.stat();
      walIno = s.ino;
      walOffset = s.size;
    } finally {
      await fh.close();
    }
    if (created) await fsyncDir(dir); // the new file's name must survive a power cut too
    for (const e of entries) state.set(e.id, e);
    walLines += entries.length;
  };

  const journal: Journal = {
    dir,
    entries: () => state,
    refresh,
    append,
    compact,
    logLength: () => walLines,
  };
  // Temp files of atomic writes interrupted by a crash; callers hold the journal lock, so
  // none of them belongs to a live writer.
  const names = await readdir(dir);
  await Promise.all(names.filter(isAtomicTempFile).map((n) => rm(join(dir, n), { force: true })));
  const report = await loadAll();
  return { journal, report };
}

/** One line per problem, for logs and the CLI: "outbox.wal line 7: checksum mismatch". */
export function describeReport(report: JournalReport): string[] {
  return [
    ...report.problems.map((p) => `${p.file}${p.line ? ` line ${p.line}` : ''}: ${p.reason} — dropped`),
    ...report.keptAside.map((f) => `damaged file kept as ${f}`),
  ];
}
