/**
 * The save dialog adapter against a mocked `electron` (dialog and app only), writing for
 * real into a temp folder. showSaveDialog resolves `{ canceled, filePath }`, filePath ''
 * when cancelled (Electron's docs: dialog.showSaveDialog, SaveDialogReturnValue).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const showSaveDialog = vi.fn();
const getPath = vi.fn((_name: string) => '/home/ada/Documents');
vi.mock('electron', () => ({ dialog: { showSaveDialog }, app: { getPath } }));
const { saveFileWithDialog } = await import('./save-file');

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'save-file-'));
  showSaveDialog.mockReset();
  getPath.mockReset().mockReturnValue('/home/ada/Documents');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A window as the adapter sees it: alive, and the object the dialog must be modal to. */
const window = { isDestroyed: () => false } as unknown as Electron.BrowserWindow;
const content = '\uFEFFdecidedAt,kind\r\n2026-12-03T09:00:00.000Z,azureResource\r\n';

describe('saveFileWithDialog', () => {
  it('asks modally in Documents for a .csv, writes the text atomically as 0600, and answers the name only', async () => {
    const target = path.join(dir, 'audit.csv');
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const answer = await saveFileWithDialog(() => window)({ defaultName: 'pim-approvals-history-2026-12-03.csv', content });
    expect(answer).toEqual({ saved: true, fileName: 'audit.csv' });
    expect(showSaveDialog).toHaveBeenCalledWith(window, {
      title: 'Export decision history',
      defaultPath: path.join('/home/ada/Documents', 'pim-approvals-history-2026-12-03.csv'),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    expect(getPath).toHaveBeenCalledWith('documents');
    expect(await readFile(target, 'utf8')).toBe(content);
    if (process.platform !== 'win32') expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('a cancelled dialog writes nothing and answers not saved, without a reason', async () => {
    showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await saveFileWithDialog(() => window)({ defaultName: 'x.csv', content })).toEqual({ saved: false });
  });

  it('a file that cannot be written is not saved, with its name and the error code but not its folder', async () => {
    const target = path.join(dir, 'no-such-folder', 'audit.csv');
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const answer = await saveFileWithDialog(() => window)({ defaultName: 'x.csv', content });
    expect(answer).toEqual({ saved: false, reason: 'audit.csv could not be written (ENOENT).' });
  });

  it('without a live window the dialog is still shown (not modal); without a Documents folder it suggests the bare name', async () => {
    getPath.mockImplementation(() => {
      throw new Error('Failed to get documents path');
    });
    showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    await saveFileWithDialog(() => null)({ defaultName: 'pim-approvals-history-2026-12-03.csv', content });
    expect(showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'pim-approvals-history-2026-12-03.csv' }));
  });
});
