import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { fsProblem, fsProblemFromText } from './fs-problem';

describe('fsProblem', () => {
  it.runIf(process.platform === 'linux')('words a real ENOSPC (a write to /dev/full) as "disk full"', async () => {
    const err = await writeFile('/dev/full', 'x').then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(fsProblem(err)).toBe('disk full');
    expect(fsProblemFromText((err as Error).message)).toBe('disk full');
  });

  it("reads the outbox's own sentence for a full disk", () => {
    expect(fsProblemFromText('The disk is full: the outbox journal could not be written.')).toBe('disk full');
  });

  it('keeps an unknown failure in its own (inert) words', () => {
    expect(fsProblem(new Error('odd\u001b[31m thing'))).toBe('odd thing');
    expect(fsProblemFromText('EWEIRD: something')).toBe('EWEIRD: something');
  });
});
