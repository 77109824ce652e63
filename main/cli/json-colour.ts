/**
 * Colours JSON text for a terminal (`-o jsonc`), as az does: keys, strings, numbers and
 * literals each in their colour. Works on text inertJson wrote, where no string holds a raw
 * control character (JSON.stringify escapes them), so the only escape sequences in the
 * output are these colours. Pure; the input's bytes are kept, only colour codes are added.
 */

const COLOURS = { key: '\u001b[94m', string: '\u001b[32m', number: '\u001b[36m', literal: '\u001b[35m' } as const;
const RESET = '\u001b[0m';

// A JSON string (with escapes), optionally followed by the colon that makes it a key; or a number; or a literal.
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

export function colourJson(json: string): string {
  return json.replace(TOKEN, (match, str: string | undefined, colon: string | undefined, num: string | undefined, literal: string | undefined) => {
    if (str !== undefined) return colon !== undefined ? `${COLOURS.key}${str}${RESET}${colon}` : `${COLOURS.string}${str}${RESET}`;
    if (num !== undefined) return `${COLOURS.number}${num}${RESET}`;
    if (literal !== undefined) return `${COLOURS.literal}${literal}${RESET}`;
    return match;
  });
}

/** The text without our colour codes (for tests and for anyone piping a jsonc capture). */
export function uncolour(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing the colour sequences this module adds
  return text.replace(/\u001b\[\d+m/g, '');
}
