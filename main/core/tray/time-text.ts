/**
 * Clock words for the tray: "12:04", "4 Jan 12:04", "3 h 12 min left". Pure; the zone is
 * a parameter (undefined = the system's) so tests are deterministic.
 */

export function clockTime(at: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
}

/** "12:04" when `at` is on the same local day as `now`, else "4 Jan 12:04". */
export function checkedAt(at: number, now: number, timeZone?: string): string {
  const day = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
  if (day(at) === day(now)) return clockTime(at, timeZone);
  const date = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(new Date(at));
  return `${date} ${clockTime(at, timeZone)}`;
}

/** ux.md countdown: "3 h 12 min left", "45 min left", "under 1 min left", "expired". */
export function timeLeft(expiresAt: number, now: number): string {
  const ms = expiresAt - now;
  if (!(ms > 0)) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under 1 min left';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min left`;
  return m === 0 ? `${h} h left` : `${h} h ${m} min left`;
}
