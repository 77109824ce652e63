import { describe, expect, it } from 'vitest';
import { commandFor, type KeyInput } from './keyboard';

const k = (key: string, over: Partial<KeyInput> = {}): KeyInput => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, typing: false, ...over });

describe('commandFor', () => {
  it('maps the shortcuts of ux.md', () => {
    expect(['j', 'k', 'Enter', 'a', 'd', '/', 'Escape'].map((key) => commandFor(k(key)))).toEqual(['next', 'previous', 'open', 'approve', 'deny', 'search', 'close']);
    expect(commandFor(k('r', { ctrlKey: true }))).toBe('refresh');
    expect(commandFor(k('r', { metaKey: true }))).toBe('refresh');
  });
  it('lets letters through while typing, but Esc and Ctrl+R still work', () => {
    expect(commandFor(k('a', { typing: true }))).toBeNull();
    expect(commandFor(k('j', { typing: true }))).toBeNull();
    expect(commandFor(k('Escape', { typing: true }))).toBe('close');
    expect(commandFor(k('r', { typing: true, ctrlKey: true }))).toBe('refresh');
  });
  it('ignores letters with modifiers (browser and OS shortcuts)', () => {
    expect(commandFor(k('a', { ctrlKey: true }))).toBeNull();
    expect(commandFor(k('d', { altKey: true }))).toBeNull();
  });
});
