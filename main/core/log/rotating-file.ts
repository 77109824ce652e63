/**
 * A tiny rotating log file: appends one line per record to `<dir>/<name>`, and when it would
 * grow past `maxBytes` renames it to `<name>.1` (`.1` → `.2` …, keeping `keep` old files).
 * Chosen over electron-log so the only writer of log files is plain core code that sees
 * records already redacted by the logger, is testable without Electron and adds no
 * dependency (no console hooks, no IPC transport to widen the surface). Writes are
 * synchronous: a tray app logs a few lines a minute, and a crash must not lose the last
 * ones. The directory is created 0700 and files 0600 (they hold user and tenant names).
 * Must never throw into the logger: a failed write is dropped and counted.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { recordText, type LogSink } from './logger';

export interface RotatingFileOptions {
  dir: string;
  /** Default `main.log`. */
  name?: string;
  /** Default 1 MiB. */
  maxBytes?: number;
  /** Old files kept besides the current one; default 3. */
  keep?: number;
}

export interface RotatingFile {
  sink: LogSink;
  /** The file being written. */
  readonly file: string;
  /** The last `count` lines across the current and previous files, oldest first. */
  tail(count: number): string[];
  /** Writes that failed (disk full, permissions); they are dropped, never thrown. */
  failures(): number;
}

export function createRotatingFile(options: RotatingFileOptions): RotatingFile {
  const name = options.name ?? 'main.log';
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 3);
  const file = path.join(options.dir, name);
  const old = (n: number) => `${file}.${n}`;
  let size = -1;
  let failed = 0;

  function ensureOpen(): void {
    if (size >= 0) return;
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    size = existsSync(file) ? statSync(file).size : 0;
  }

  function rotate(): void {
    rmSync(old(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) if (existsSync(old(n))) renameSync(old(n), old(n + 1));
    if (existsSync(file)) renameSync(file, old(1));
    size = 0;
  }

  function write(text: string): void {
    try {
      ensureOpen();
      const bytes = Buffer.byteLength(text) + 1;
      if (size > 0 && size + bytes > maxBytes) rotate();
      const fresh = size === 0;
      appendFileSync(file, `${text}\n`, { mode: 0o600 });
      // appendFileSync's mode applies only when it creates the file; an older file keeps its mode, so set it.
      if (fresh) chmodSync(file, 0o600);
      size += bytes;
    } catch {
      failed += 1;
      size = -1; // re-stat next time: the file may have been removed under us
    }
  }

  function tail(count: number): string[] {
    const lines: string[] = [];
    for (const candidate of [file, ...Array.from({ length: keep }, (_, i) => old(i + 1))]) {
      if (lines.length >= count) break;
      let text: string;
      try {
        text = readFileSync(candidate, 'utf8');
      } catch {
        continue;
      }
      const fileLines = text.split('\n').filter((l) => l !== '');
      lines.unshift(...fileLines.slice(-(count - lines.length)));
    }
    return lines;
  }

  return {
    sink: (record) => write(recordText(record)),
    file,
    tail,
    failures: () => failed,
  };
}
