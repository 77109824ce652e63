/**
 * The one logger of the app, the CLI and core: levels, redaction (./redact) of the message
 * and every field, one bounded line per record, handed to sinks (console, the rotating
 * file of ./rotating-file, a test's array). The shape matches auth's and the outbox's
 * logger interfaces, so core modules take it as is. Never throws into the caller: a sink
 * that fails is skipped. Never lets an unredacted string reach a sink.
 */
import { redactText, redactValue } from './redact';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** What a sink receives: already redacted and bounded. */
export interface LogRecord {
  time: string;
  level: LogLevel;
  /** `scope: message {fields}` as one line, redacted, at most `maxLineLength` characters. */
  line: string;
}

export type LogSink = (record: LogRecord) => void;

export interface AppLogger extends Logger {
  /** A logger whose lines start with `scope:` and share this one's sinks and level. */
  child(scope: string): AppLogger;
  setLevel(level: LogLevel): void;
  /** Adds a sink; returns the function that removes it again. */
  addSink(sink: LogSink): () => void;
}

export interface LoggerOptions {
  level?: LogLevel;
  sinks?: LogSink[];
  /** Default 2000: one record never floods a file or a diagnostics paste. */
  maxLineLength?: number;
  now?: () => number;
}

export const DEFAULT_MAX_LINE_LENGTH = 2000;

/** Parses a level name from the environment or settings; unknown names give `fallback`. */
export function parseLogLevel(text: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  const lower = text?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(lower ?? '') ? (lower as LogLevel) : fallback;
}

/** Cuts to `max` characters, saying how much went; newlines become spaces (one record, one line). */
export function boundLine(text: string, max: number): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  if (flat.length <= max) return flat;
  const note = `… [${flat.length - max} more chars]`;
  return flat.slice(0, Math.max(0, max - note.length)) + note;
}

/** The text of one record: redacted first, then bounded (a cut must not split a token past the redactor). */
export function formatRecord(scope: string | null, message: string, fields: LogFields | undefined, maxLineLength: number): string {
  let text = scope ? `${scope}: ${message}` : message;
  if (fields !== undefined && Object.keys(fields).length > 0) {
    let json: string;
    try {
      json = JSON.stringify(redactValue(fields));
    } catch {
      json = '{"fields":"[unserialisable]"}';
    }
    text = `${text} ${json}`;
  }
  return boundLine(redactText(text), maxLineLength);
}

export function createLogger(options: LoggerOptions = {}): AppLogger {
  const shared = {
    level: options.level ?? 'info',
    sinks: new Set<LogSink>(options.sinks ?? []),
    maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH,
    now: options.now ?? Date.now,
  };

  function make(scope: string | null): AppLogger {
    const emit = (level: LogLevel) => (message: string, fields?: LogFields) => {
      if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(shared.level)) return;
      let record: LogRecord;
      try {
        record = { time: new Date(shared.now()).toISOString(), level, line: formatRecord(scope, String(message), fields, shared.maxLineLength) };
      } catch {
        return; // a logger must never take the app down
      }
      for (const sink of shared.sinks) {
        try {
          sink(record);
        } catch {
          // A full disk or a closed console must not break the caller; other sinks still get it.
        }
      }
    };
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      child: (name) => make(scope ? `${scope}.${name}` : name),
      setLevel(level) {
        shared.level = level;
      },
      addSink(sink) {
        shared.sinks.add(sink);
        return () => void shared.sinks.delete(sink);
      },
    };
  }
  return make(null);
}

/** One text line per record, as files and diagnostics show it. */
export function recordText(record: LogRecord): string {
  return `${record.time} ${record.level.toUpperCase().padEnd(5)} ${record.line}`;
}

/** Writes records to stderr (the dev console, the CLI's --verbose). */
export function consoleSink(write: (text: string) => void = (text) => process.stderr.write(`${text}\n`)): LogSink {
  return (record) => write(recordText(record));
}

/** Keeps the last `size` lines in memory (diagnostics, tests). */
export function memorySink(size = 500): LogSink & { lines(): string[] } {
  const lines: string[] = [];
  const sink = (record: LogRecord) => {
    lines.push(recordText(record));
    if (lines.length > size) lines.splice(0, lines.length - size);
  };
  return Object.assign(sink, { lines: () => lines.slice() });
}
