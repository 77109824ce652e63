/**
 * The app core's `saveFile` in Electron: the native save dialog (modal to our window),
 * suggesting the user's Documents folder, then an atomic 0600 write of the text. Answers
 * the file's name only: the folder the user picked stays in main. Never logs the content
 * (the history may hold justifications) nor the path.
 */
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import { basename, join } from 'node:path';
import type { SaveFile } from '../core/app/history-csv-export';
import { writeFileAtomic } from '../core/fs/atomic-file';

/** Documents, or the bare name (the dialog's own default folder) where the OS has no such folder. */
function suggestedPath(defaultName: string): string {
  try {
    return join(app.getPath('documents'), defaultName);
  } catch {
    return defaultName;
  }
}

export function saveFileWithDialog(getWindow: () => BrowserWindow | null): SaveFile {
  return async ({ defaultName, content }) => {
    const options: SaveDialogOptions = {
      title: 'Export decision history',
      defaultPath: suggestedPath(defaultName),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    };
    const window = getWindow();
    // Electron resolves { canceled, filePath }; filePath is '' when the dialog was cancelled.
    const picked = window && !window.isDestroyed() ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (picked.canceled || !picked.filePath) return { saved: false };
    try {
      await writeFileAtomic(picked.filePath, Buffer.from(content, 'utf8'));
    } catch (err) {
      // The error's message names the path: only its code is said.
      const code = (err as NodeJS.ErrnoException).code;
      return { saved: false, reason: `${basename(picked.filePath)} could not be written${typeof code === 'string' ? ` (${code})` : ''}.` };
    }
    return { saved: true, fileName: basename(picked.filePath) };
  };
}
