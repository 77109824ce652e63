/**
 * "Copy diagnostics": gathers what a bug report needs (app version, Electron/Chrome/Node
 * versions, OS, settings without secrets, a state summary, the last redacted log lines),
 * builds the text with core/log's pure builder and puts it on the clipboard. Offered from
 * the tray menu / settings; reads nothing else and sends nothing anywhere.
 */
import { app, clipboard } from 'electron';
import os from 'node:os';
import type { AppState, Settings } from '../core/model/state';
import { buildDiagnostics, DIAGNOSTICS_LOG_LINES } from '../core/log';
import { recentLogLines } from './log';

export interface DiagnosticsSources {
  settings: () => Settings | null;
  state: () => AppState | null;
  /** Defaults to the log file's tail. */
  logLines?: (count: number) => string[];
  now?: () => number;
}

export function collectDiagnostics(sources: DiagnosticsSources): string {
  return buildDiagnostics({
    app: { name: app.getName(), version: app.getVersion(), packaged: app.isPackaged },
    versions: process.versions,
    platform: { os: process.platform, release: os.release(), arch: process.arch, locale: app.getLocale() },
    settings: sources.settings(),
    state: sources.state(),
    logLines: (sources.logLines ?? recentLogLines)(DIAGNOSTICS_LOG_LINES),
    generatedAt: new Date((sources.now ?? Date.now)()).toISOString(),
  });
}

/** Builds the report and copies it; returns the text (so a caller can also show it). */
export function copyDiagnostics(sources: DiagnosticsSources): string {
  const text = collectDiagnostics(sources);
  clipboard.writeText(text);
  return text;
}
