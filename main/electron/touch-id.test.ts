import { beforeEach, describe, expect, it, vi } from 'vitest';

const canPromptTouchID = vi.fn(() => true);
const promptTouchID = vi.fn(async (_reason: string) => undefined);
vi.mock('electron', () => ({ systemPreferences: { canPromptTouchID, promptTouchID } }));
const { touchIdCheck } = await import('./touch-id');

beforeEach(() => {
  canPromptTouchID.mockReset().mockReturnValue(true);
  promptTouchID.mockReset().mockResolvedValue(undefined);
});

describe('touchIdCheck', () => {
  it('exists on macOS only', () => {
    expect(touchIdCheck('linux')).toBeUndefined();
    expect(touchIdCheck('win32')).toBeUndefined();
    expect(touchIdCheck('darwin')).toBeTypeOf('function');
  });

  it('confirms when Touch ID succeeds, asking with what is about to happen', async () => {
    const check = touchIdCheck('darwin');
    expect(await check?.('approve a High-privilege request')).toEqual({ ok: true });
    expect(promptTouchID).toHaveBeenCalledWith('approve a High-privilege request');
  });

  it('does not confirm when the prompt fails or is cancelled, and says why', async () => {
    promptTouchID.mockRejectedValueOnce(new Error('User canceled'));
    expect(await touchIdCheck('darwin')?.('approve 2 High-privilege requests')).toEqual({ ok: false, reason: 'User canceled' });
  });

  it('does not confirm on a Mac without Touch ID, and never prompts there', async () => {
    canPromptTouchID.mockReturnValue(false);
    const answer = await touchIdCheck('darwin')?.('approve a High-privilege request');
    expect(answer).toMatchObject({ ok: false, reason: expect.stringMatching(/not available/) });
    expect(promptTouchID).not.toHaveBeenCalled();
  });
});
