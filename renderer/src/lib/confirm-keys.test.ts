import { describe, expect, it, vi } from 'vitest';
import { confirmOnCtrlEnter } from './confirm-keys';

const key = (over: Partial<KeyboardEvent>) => ({ key: 'Enter', ctrlKey: false, metaKey: false, preventDefault: vi.fn(), ...over }) as unknown as KeyboardEvent;

describe('confirmOnCtrlEnter', () => {
  it('Ctrl+Enter and Cmd+Enter click the confirm button; plain Enter and other keys do not', () => {
    const button = { click: vi.fn() } as unknown as HTMLButtonElement;
    confirmOnCtrlEnter(key({ ctrlKey: true }), button);
    confirmOnCtrlEnter(key({ metaKey: true }), button);
    confirmOnCtrlEnter(key({}), button);
    confirmOnCtrlEnter(key({ key: 'a', ctrlKey: true }), button);
    expect(button.click).toHaveBeenCalledTimes(2);
  });
});
