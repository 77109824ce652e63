/**
 * `--since 30d`: a span back from now (m, h, d or w) or a date/time (ISO 8601), as epoch
 * ms. Pure; the clock is passed in.
 */
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

export function parseSince(value: string | boolean | undefined, now: number): { ok: true; since: number | null } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, since: null };
  const text = typeof value === 'string' ? value.trim() : '';
  const span = /^(\d{1,6})\s*([mhdw])$/i.exec(text);
  if (span) return { ok: true, since: now - Number(span[1]) * (UNIT_MS[(span[2] ?? '').toLowerCase()] ?? 0) };
  // A date or a date-time; a bare number is refused (ms? days?), so is anything Date.parse guesses at.
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return { ok: true, since: at };
  }
  return { ok: false, error: '--since takes a span such as 30d, 12h, 90m or 2w, or a date such as 2026-11-01.' };
}
