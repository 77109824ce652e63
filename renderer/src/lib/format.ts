/** Words and numbers as ux.md asks for them: "3 h 12 min left", "Owner on Prod (subscription)". */

export function timeLeft(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (!Number.isFinite(ms)) return 'unknown';
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under 1 min left';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min left` : `${m} min left`;
}

export function isUrgent(expiresAt: string, now: number): boolean {
  return Date.parse(expiresAt) - now < 60 * 60_000;
}

export function clockTime(iso: string | null): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function scopeLabel(scope: { displayName: string; type: string }): string {
  const type = scope.type.split('/').pop() ?? scope.type;
  return `${scope.displayName} (${type.replace(/s$/, '')})`;
}
