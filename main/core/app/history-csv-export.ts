/**
 * The window's "Export CSV" of the decision history: the same rows as `pim-approvals
 * history -o csv` (core/outbox/history-export.ts), handed to the surface's `saveFile` (a
 * native save dialog in Electron, a temp folder in the preview). Owns the wording of the
 * answer; never logs the content (it may hold justifications) and never returns a folder
 * or a full path to the renderer, only the file's name.
 */
import type { HistoryExportResult } from '../model/state';
import type { HistoryExportRequest } from './app-core';
import { historyCsv, historyRows } from '../outbox/history-export';
import type { OutboxEntry } from '../outbox/types';

/** What the surface is asked to save: a suggested file name and the file's text. */
export interface SaveFileRequest {
  defaultName: string;
  content: string;
}

/**
 * What became of it: saved under a name the user may have changed (name only, no folder);
 * not saved — cancelled by the user (no reason) or impossible (a reason in words).
 */
export type SaveFileAnswer = { saved: true; fileName: string } | { saved: false; reason?: string };

export type SaveFile = (file: SaveFileRequest) => Promise<SaveFileAnswer>;

/** Excel opens a CSV as the machine's ANSI code page unless it starts with a UTF-8 byte order mark. */
const UTF8_BOM = '\uFEFF';

/** "pim-approvals-history-2026-12-03.csv": the UTC day of the export. */
export function historyFileName(now: number): string {
  return `pim-approvals-history-${new Date(now).toISOString().slice(0, 10)}.csv`;
}

export interface HistoryCsvExportInput {
  request: HistoryExportRequest;
  /** The journal's entries; null where no journal is open (signed out, or a sink that keeps none). */
  entries: readonly OutboxEntry[] | null;
  /** Absent where this surface cannot save files. */
  saveFile: SaveFile | undefined;
  now: number;
}

export async function exportHistoryCsv(input: HistoryCsvExportInput): Promise<HistoryExportResult> {
  if (!input.saveFile) return { status: 'failed', reason: 'Export is not available here.' };
  if (input.entries === null) return { status: 'failed', reason: 'No decision history is open here: sign in to export it.' };
  const { since, withJustifications } = input.request;
  const rows = historyRows(input.entries, { since, withJustifications });
  const content = UTF8_BOM + historyCsv(rows, { withJustifications });
  let answer: SaveFileAnswer;
  try {
    answer = await input.saveFile({ defaultName: historyFileName(input.now), content });
  } catch (err) {
    // An fs error's message names the full path: only its code reaches the window.
    return { status: 'failed', reason: `The file could not be saved${codeOf(err)}.` };
  }
  if (answer.saved) return { status: 'saved', rows: rows.length, fileName: answer.fileName };
  return answer.reason ? { status: 'failed', reason: answer.reason } : { status: 'cancelled' };
}

function codeOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? ` (${code})` : '';
}
