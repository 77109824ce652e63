/**
 * One short sentence for why the outbox journal could not be written, for the drain's
 * summary (the CLI and the app word it for the user). Built from the error's code only:
 * file-system messages carry paths, and paths carry user names.
 */
import { JournalLockLost } from './journal';
import { JournalBusy } from './store';

export function journalErrorText(err: unknown): string {
  if (err instanceof JournalBusy || err instanceof JournalLockLost) return err.message;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'The disk is full: the outbox journal could not be written.';
    case 'EDQUOT':
      return 'The disk quota is used up: the outbox journal could not be written.';
    case 'EROFS':
      return 'The disk is read-only: the outbox journal could not be written.';
    case 'EACCES':
    case 'EPERM':
      return 'The outbox journal could not be written: permission denied.';
    case 'EIO':
      return 'The disk reported an error: the outbox journal could not be written.';
    default:
      return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? `The outbox journal could not be written (${code}).` : 'The outbox journal could not be written.';
  }
}
