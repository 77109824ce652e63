/**
 * Builds the "copy diagnostics" text a user pastes into an issue: app and runtime versions,
 * platform, settings without secrets, a summary of the app state, and the last log lines.
 * Pure: the Electron side (main/electron/diagnostics.ts) gathers the inputs and puts the text
 * on the clipboard. Everything passes the redactor again on the way out, so a careless
 * input cannot leak; the default justification, queue contents and account names never
 * appear at all (counts only).
 */
import type { AppState, Settings } from '../model/state';
import { redactText, redactValue } from './redact';

export interface DiagnosticsInput {
  app: { name: string; version: string; packaged: boolean };
  versions: Readonly<Record<string, string | undefined>>;
  platform: { os: string; release: string; arch: string; locale?: string };
  settings: Settings | null;
  state: AppState | null;
  /** Already-redacted log lines, oldest first (the rotating file's tail). */
  logLines: readonly string[];
  /** ISO time the report was made. */
  generatedAt: string;
}

/** How many log lines a report carries at most. */
export const DIAGNOSTICS_LOG_LINES = 200;

const RUNTIME_KEYS = ['electron', 'chrome', 'node', 'v8'] as const;

/** Settings a maintainer may see: no default justification, tenant named only by kind. */
export function settingsForDiagnostics(settings: Settings): Record<string, unknown> {
  const { defaultJustification, account, ...rest } = settings;
  return {
    ...rest,
    // Named so the redactor keeps it: whether one is set is useful, its words are not.
    defaultReason: defaultJustification === '' ? '(none)' : '(set)',
    account: {
      cloud: account.cloud,
      // A tenant id or domain says which customer this is: name its kind only.
      tenant: ['organizations', 'common', 'consumers'].includes(account.tenant) ? account.tenant : '(specific tenant)',
      clientId: account.clientId === '' ? '(default)' : '(custom)',
    },
  };
}

export function stateForDiagnostics(state: AppState): Record<string, unknown> {
  return {
    mode: state.mode,
    connection: state.connection,
    signedIn: state.account !== null,
    queueLength: state.queue.length,
    lastCheckedAt: state.lastCheckedAt,
    problem: state.problem,
    sync: state.sync,
    signIn: state.signIn.status,
    // Which kinds are read, and why one is off: the first question about a missing request.
    kinds: state.kinds.map((k) => ({ kind: k.kind, status: k.status, reason: k.reason })),
  };
}

export function buildDiagnostics(input: DiagnosticsInput): string {
  const runtime = RUNTIME_KEYS.filter((key) => input.versions[key] !== undefined).map((key) => `${key} ${input.versions[key]}`);
  const lines = [
    `${input.app.name} ${input.app.version}${input.app.packaged ? '' : ' (development build)'}`,
    `Generated: ${input.generatedAt}`,
    `Runtime: ${runtime.join(', ') || 'unknown'}`,
    `Platform: ${input.platform.os} ${input.platform.release} ${input.platform.arch}${input.platform.locale ? ` (${input.platform.locale})` : ''}`,
    '',
    'Settings:',
    input.settings ? JSON.stringify(redactValue(settingsForDiagnostics(input.settings)), null, 2) : '(not loaded)',
    '',
    'State:',
    input.state ? JSON.stringify(redactValue(stateForDiagnostics(input.state)), null, 2) : '(not started)',
    '',
    `Last ${Math.min(input.logLines.length, DIAGNOSTICS_LOG_LINES)} log lines:`,
    ...input.logLines.slice(-DIAGNOSTICS_LOG_LINES),
  ];
  // Line by line: the redactor scans a bounded length, and 200 long lines would exceed it.
  return lines.map(redactText).join('\n');
}
