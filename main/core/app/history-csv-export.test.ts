/**
 * The window's "Export CSV" through the IPC contract (dispatch validates payload and
 * result): AppCore → durable outbox → PIM simulator, then the history handed to a
 * saveFile that keeps what it was given, parsed back as a spreadsheet would read it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HistoryExportResult } from '../model/state';
import { dispatch, type PayloadOf } from '../../../preload/api';
import { systemClock } from '../clock';
import { demoSession } from '../../demo/demo-session';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { csvObjects, csvRecords } from '../../../test/kit/csv-records';
import { HISTORY_COLUMNS } from '../outbox/history-export';
import type { AppCore } from './app-core';
import { createAppCore } from './create-app-core';
import type { SaveFile, SaveFileRequest } from './history-csv-export';
import { noDecisions } from '../../../test/fakes/no-decisions';
import { openOutboxDecisions } from './outbox-decisions';
import { until } from '../../../test/kit/until';
import { ipcHandlers } from '../../bridge/ipc-handlers';

/** Undone after each test, last first: cores, simulators, journal folders. */
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A saveFile that keeps every request it got and answers as told (saved under the suggested name by default). */
function keepingSaveFile(answer: Awaited<ReturnType<SaveFile>> | Error | null = null) {
  const saved: SaveFileRequest[] = [];
  const saveFile: SaveFile = async (file) => {
    saved.push(file);
    if (answer instanceof Error) throw answer;
    return answer ?? { saved: true, fileName: file.defaultName };
  };
  return { saved, saveFile };
}

async function start(saveFile: SaveFile | undefined) {
  const s: RunningSimulator = await startSimulator({ scenario: 'quiet' });
  cleanups.push(() => s.close());
  const d = await mkdtemp(path.join(tmpdir(), 'history-export-'));
  cleanups.push(() => rm(d, { recursive: true, force: true }));
  const core: AppCore = createAppCore({
    mode: 'demo',
    clock: systemClock,
    session: demoSession(s, systemClock),
    decisions: (session) => openOutboxDecisions({ dir: d, session, clock: systemClock, undoMs: 50 }),
    openExternal: async () => true,
    ...(saveFile ? { saveFile } : {}),
  });
  cleanups.push(() => core.stop());
  await core.start();
  return core;
}

async function exportCsv(c: AppCore, payload: PayloadOf<'history:exportCsv'>): Promise<HistoryExportResult> {
  const outcome = await dispatch(ipcHandlers(c), 'history:exportCsv', payload);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.value as HistoryExportResult;
}

/** Two decisions sent and confirmed by Azure (approve, deny), with their stage ids. */
async function twoDecided(c: AppCore): Promise<{ approved: string; denied: string }> {
  const [a, b] = c.state().queue.filter((i) => i.actionable);
  if (!a || !b) throw new Error('quiet has two actionable items');
  await ipcHandlers(c)['decision:submit']({ itemIds: [a.id], result: 'Approve', justification: 'CHG-7 "=cmd" reviewed' });
  await ipcHandlers(c)['decision:submit']({ itemIds: [b.id], result: 'Deny', justification: 'No ticket, no access' });
  await until(async () => ((await ipcHandlers(c)['outbox:list'](undefined)).filter((e) => e.state === 'done').length === 2 ? true : undefined));
  return { approved: a.id, denied: b.id };
}

const withoutBom = (content: string) => {
  expect(content.startsWith('\uFEFF')).toBe(true);
  return content.slice(1);
};

describe('history:exportCsv', () => {
  it('saves every kept decision as RFC 4180 CSV with a UTF-8 BOM, Azure\'s review time, and no justification unless asked', async () => {
    const { saved, saveFile } = keepingSaveFile();
    const c = await start(saveFile);
    const { approved, denied } = await twoDecided(c);

    const answer = await exportCsv(c, { since: null, withJustifications: false });
    expect(answer).toEqual({ status: 'saved', rows: 2, fileName: `pim-approvals-history-${new Date().toISOString().slice(0, 10)}.csv` });
    expect(saved).toHaveLength(1);
    const text = withoutBom(saved[0]?.content ?? '');
    expect(csvRecords(text)[0]).toEqual([...HISTORY_COLUMNS]);
    const rows = csvObjects(text);
    expect(rows.map((r) => [r.stageId, r.recordedResult, r.state])).toEqual([
      [approved, 'Approve', 'done'],
      [denied, 'Deny', 'done'],
    ]);
    for (const row of rows) expect(row.reviewedDateTime).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(text).not.toContain('CHG-7');
    expect(text).not.toContain('No ticket');

    expect(await exportCsv(c, { since: null, withJustifications: true })).toMatchObject({ status: 'saved', rows: 2 });
    const withReasons = csvObjects(withoutBom(saved[1]?.content ?? ''));
    // Typed text comes back as typed; the quote and the '=' inside it stay inert CSV.
    expect(withReasons.map((r) => r.justification)).toEqual(['CHG-7 "=cmd" reviewed', 'No ticket, no access']);
  });

  it('since: only decisions made at or after it', async () => {
    const { saved, saveFile } = keepingSaveFile();
    const c = await start(saveFile);
    const { denied } = await twoDecided(c);
    const outbox = await ipcHandlers(c)['outbox:list'](undefined);
    const deniedAt = Date.parse(outbox.find((e) => e.itemId === denied)?.createdAt ?? '');
    expect(await exportCsv(c, { since: deniedAt, withJustifications: false })).toMatchObject({ status: 'saved', rows: 1 });
    expect(csvObjects(withoutBom(saved[0]?.content ?? '')).map((r) => r.stageId)).toEqual([denied]);
  });

  it('a closed dialog is "cancelled"; a refusal or a write error is "failed" with words, never the folder', async () => {
    const cancelled = await start(keepingSaveFile({ saved: false }).saveFile);
    await twoDecided(cancelled);
    expect(await exportCsv(cancelled, { since: null, withJustifications: false })).toEqual({ status: 'cancelled' });

    const refused = await start(keepingSaveFile({ saved: false, reason: 'Export is not available in the preview.' }).saveFile);
    expect(await exportCsv(refused, { since: null, withJustifications: false })).toEqual({ status: 'failed', reason: 'Export is not available in the preview.' });

    const denied = Object.assign(new Error("EACCES: permission denied, open '/home/ada/Documents/secret-folder/x.csv'"), { code: 'EACCES' });
    const broken = await start(keepingSaveFile(denied).saveFile);
    const answer = await exportCsv(broken, { since: null, withJustifications: false });
    expect(answer).toEqual({ status: 'failed', reason: 'The file could not be saved (EACCES).' });
    expect(JSON.stringify(answer)).not.toContain('secret-folder');
  });

  it('without a way to save, or without a journal (signed out), says so and saves nothing', async () => {
    const none = await start(undefined);
    expect(await exportCsv(none, { since: null, withJustifications: false })).toEqual({ status: 'failed', reason: 'Export is not available here.' });

    const { saved, saveFile } = keepingSaveFile();
    const signedOut = createAppCore({ mode: 'demo', clock: systemClock, session: null, decisions: noDecisions, openExternal: async () => true, saveFile });
    expect(await exportCsv(signedOut, { since: null, withJustifications: false })).toEqual({ status: 'failed', reason: 'No decision history is open here: sign in to export it.' });
    expect(saved).toEqual([]);
  });

  it('the contract refuses a payload outside its schema before the handler runs', async () => {
    const { saved, saveFile } = keepingSaveFile();
    const c = await start(saveFile);
    for (const bad of [{ since: -1, withJustifications: false }, { since: null }, { since: null, withJustifications: false, path: '/etc/passwd' }]) {
      expect(await dispatch(ipcHandlers(c), 'history:exportCsv', bad)).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid payload for history:exportCsv/) });
    }
    expect(saved).toEqual([]);
  });
});
