/**
 * The line format shared by the journal's log and snapshot: `<crc32 hex> <json>\n`. A line
 * whose checksum does not match was torn or altered and is never trusted. Pure.
 */
import { crc32 } from 'node:zlib';

export function checksum(text: string): string {
  return crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');
}

export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${checksum(json)} ${json}\n`;
}

export type Decoded = { ok: true; value: unknown } | { ok: false; reason: string };

export function decodeLine(line: string): Decoded {
  const space = line.indexOf(' ');
  if (space !== 8) return { ok: false, reason: 'no checksum' };
  const sum = line.slice(0, 8);
  const json = line.slice(9);
  if (checksum(json) !== sum) return { ok: false, reason: 'checksum mismatch' };
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
}
