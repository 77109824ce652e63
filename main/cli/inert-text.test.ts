import { describe, expect, it } from 'vitest';
import { inertJson, inertText } from './inert-text';

describe('inertText', () => {
  it.each([
    ['SGR colour', 'Ada \u001b[31mRED\u001b[0m', 'Ada RED'],
    ['cursor movement and erase', 'x\u001b[2J\u001b[1;1Hy\u001b[K', 'xy'],
    ['OSC title (BEL)', 'name\u001b]0;pwned\u0007!', 'name!'],
    ['OSC 8 hyperlink (ST)', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['lone ESC', 'a\u001bb', 'ab'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['C0 controls', 'a\u0000b\u0007c\u0008d', 'abcd'],
    ['DEL and C1', 'a\u007fb\u0085c\u009fd', 'abcd'],
    ['newlines keep one line', 'line1\nline2\r\nline3', 'line1 line2 line3'],
    ['bidi overrides', 'evil\u202ecod.exe', 'evilcod.exe'],
    ['bidi embeddings', '\u202aa\u202bb\u202cc\u202dd', 'abcd'],
    ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
    ['marks', 'a\u200eb\u200fc\u061cd', 'abcd'],
    ['plain unicode untouched', 'Zoë 张伟 — ok', 'Zoë 张伟 — ok'],
    ['null', null, ''],
  ])('strips %s', (_label, input, expected) => {
    expect(inertText(input)).toBe(expected);
  });

  it('leaves nothing a terminal would interpret', () => {
    const hostile = '\u001b[31m\u001b]0;x\u0007\u009b1m\u202e\u2066<script>alert(1)</script>\r\u0000';
    // eslint-disable-next-line no-control-regex -- asserting the absence of control characters
    expect(inertText(hostile)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(inertText(hostile)).toBe('<script>alert(1)</script> ');
  });
});

describe('inertJson', () => {
  it('keeps the data but escapes what a terminal would act on', () => {
    const value = { name: 'a\u001b[31mb\u202ec\u0085d' };
    const text = inertJson(value);
    // eslint-disable-next-line no-control-regex -- asserting the absence of control characters
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
