/**
 * The main process's logger: core/log's one logger with redaction, writing to a rotating
 * file in the app's logs folder (`app.getPath('logs')`: ~/Library/Logs/PIM Approvals,
 * %APPDATA%\PIM Approvals\logs, ~/.config/PIM Approvals/logs) once `startFileLog` runs,
 * and to stderr in development. Modules import `mainLog` and take a `child(scope)`; nothing
 * in the main process writes to console directly. Holds no redaction rules of its own.
 */
import { app } from 'electron';
import { consoleSink, createLogger, createRotatingFile, parseLogLevel, type AppLogger, type RotatingFile } from '../core/log';

/** `PIM_LOG_LEVEL=debug` for a support session; info otherwise. */
export const mainLog: AppLogger = createLogger({ level: parseLogLevel(process.env.PIM_LOG_LEVEL) });

// `electron .` (process.defaultApp) and plain Node (tests, the fake-electron bundle run) have a
// terminal; a packaged app started from Finder or the Start menu may have a closed stdio,
// where writes can fail with EPIPE, so it logs to the file only. PIM_LOG_CONSOLE=0 silences
// the terminal (the IPC fuzz test sends ten thousand refused messages).
const hasTerminal = (process as NodeJS.Process & { defaultApp?: boolean }).defaultApp === true || process.versions.electron === undefined;
if (hasTerminal && process.env.PIM_LOG_CONSOLE !== '0') mainLog.addSink(consoleSink());

let file: RotatingFile | null = null;

/**
 * The logs folder. setAppLogsPath() with no argument picks the platform default (under the
 * userData folder main/index.ts fixes on Windows and Linux); some Electron versions throw on
 * getPath('logs') until it has been called.
 */
function defaultLogsDir(): string {
  app.setAppLogsPath();
  return app.getPath('logs');
}

/** Starts writing to `<logs>/main.log` (1 MiB × 4 files). Idempotent; call once the app is ready. */
export function startFileLog(dir: string = defaultLogsDir()): RotatingFile {
  if (file) return file;
  const started = createRotatingFile({ dir, name: 'main.log', maxBytes: 1024 * 1024, keep: 3 });
  mainLog.addSink(started.sink);
  file = started;
  mainLog.info(`log started: ${app.getName()} ${app.getVersion()}`);
  return started;
}

/** The last `count` lines of the log file (already redacted), for diagnostics. */
export function recentLogLines(count: number): string[] {
  return file ? file.tail(count) : [];
}
