import { describe, expect, it } from 'vitest';
import { inertJson } from './inert-text';
import { colourJson, uncolour } from './json-colour';

describe('colourJson', () => {
  const value = { 'key:1': 'true 42 "quoted" \\ null', n: -1.5e3, ok: true, none: null, list: ['x', 2] };
  const text = inertJson(value);

  it('colours keys, strings, numbers and literals, and only adds colour codes', () => {
    const coloured = colourJson(text);
    expect(uncolour(coloured)).toBe(text);
    expect(coloured).toContain('\u001b[94m"key:1"\u001b[0m:');
    expect(coloured).toContain('\u001b[32m"true 42 \\"quoted\\" \\\\ null"\u001b[0m');
    expect(coloured).toContain('\u001b[36m-1500\u001b[0m');
    expect(coloured).toContain('\u001b[35mtrue\u001b[0m');
    expect(coloured).toContain('\u001b[35mnull\u001b[0m');
  });

  it('never colours inside a string', () => {
    const inside = colourJson(inertJson({ s: 'a true 7 null' }));
    expect(inside).toContain('\u001b[32m"a true 7 null"\u001b[0m');
    // Four codes: the key's colour and reset, the string's colour and reset.
    expect(inside.split('\u001b[')).toHaveLength(5);
  });

  it('keeps a hostile name inert: its escape stays a JSON escape, never a raw ESC', () => {
    const coloured = colourJson(inertJson({ name: '\u001b[31mEvil\u202e' }));
    expect(uncolour(coloured)).not.toContain('\u001b');
    expect(JSON.parse(uncolour(coloured))).toEqual({ name: '\u001b[31mEvil\u202e' });
  });
});
