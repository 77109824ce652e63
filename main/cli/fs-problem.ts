/**
 * Words for a file-system failure of the outbox ("disk full", not "ENOSPC: no space left on
 * device, write"), so the CLI can say what happened to a decision in plain terms. Pure.
 */
import { inertText } from './inert-text';

const words: Record<string, string> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a file is where the outbox folder should be',
  EISDIR: 'a folder is where an outbox file should be',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
};

function errorCode(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
}

/** "disk full", or the error's own text (made inert) when its code has no plain words. */
export function fsProblem(err: unknown): string {
  const code = errorCode(err);
  if (code && words[code]) return words[code];
  return inertText(err instanceof Error ? err.message : String(err)) || 'unknown error';
}

/** Sentences that say the same as a code (the outbox's journalError is such a sentence). */
const phrases: [RegExp, string][] = [
  [/disk is full|no space left/i, words.ENOSPC as string],
  [/quota/i, words.EDQUOT as string],
  [/read-only file system/i, words.EROFS as string],
];

/**
 * The same for a failure known only as text: "ENOSPC: no space left on device, write", or
 * the outbox's "The disk is full: the outbox journal could not be written." → "disk full".
 */
export function fsProblemFromText(text: string): string {
  const code = /\b(E[A-Z]{2,})\b/.exec(text)?.[1];
  if (code && words[code]) return words[code];
  const phrase = phrases.find(([pattern]) => pattern.test(text));
  if (phrase) return phrase[1];
  return inertText(text).replace(/\.$/, '') || 'unknown error';
}
