/**
 * Makes text from ARM (display names, justifications, error messages) inert before it
 * reaches a terminal: strips ANSI escape sequences, C0/C1 control characters and bidi
 * override/isolate characters, so a crafted name can neither recolour, move the cursor,
 * retitle the terminal nor reorder what the user reads. Pure.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), other two-byte ESC sequences, and 8-bit CSI/OSC.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const escapeSequences = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[P^_X][^\u001b]*(?:\u001b\\)?|\u001b[@-Z\\-_]?|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u009c]*[\u0007\u009c]?/g;
// C0 (incl. tab and newlines), DEL, C1, bidi embeddings/overrides/isolates and the implicit marks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function inertText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return text
    .replace(escapeSequences, '')
    .replace(/[\t\r\n\u2028\u2029]+/g, ' ') // keep words apart, but one value stays on one line
    .replace(controls, '');
}

/**
 * JSON for a terminal or a pipe: same data, but every character inertText would strip is
 * written as a \u escape, so the output stays valid JSON and prints inertly.
 */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
