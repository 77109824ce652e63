import { describe, expect, it } from 'vitest';
import { defaultNotifyPrefs, minuteOfDay, notificationPauseMs, notifyPrefsFromSettings, parseClockTime, quietReason, type NotifyPrefs } from './prefs';

const at = (hhmm: string) => Date.parse(`2026-01-05T${hhmm}:00Z`);
const prefs = (p: Partial<NotifyPrefs>): NotifyPrefs => ({ ...defaultNotifyPrefs, timeZone: 'UTC', ...p });

describe('quietReason', () => {
  it('is loud by default', () => {
    expect(quietReason(prefs({}), at('12:00'))).toBeNull();
  });

  it('is quiet when disabled, whatever else', () => {
    expect(quietReason(prefs({ enabled: false }), at('12:00'))).toBe('disabled');
  });

  it('is quiet for the hour after "Pause notifications", then loud again', () => {
    const t = at('12:00');
    const p = prefs({ pausedUntil: t + notificationPauseMs });
    expect(quietReason(p, t)).toBe('paused');
    expect(quietReason(p, t + notificationPauseMs - 1)).toBe('paused');
    expect(quietReason(p, t + notificationPauseMs)).toBeNull();
  });

  it('honours quiet hours within a day and overnight, start inclusive, end exclusive', () => {
    const day = prefs({ quietHours: { start: '12:00', end: '13:30' } });
    expect([quietReason(day, at('11:59')), quietReason(day, at('12:00')), quietReason(day, at('13:29')), quietReason(day, at('13:30'))]).toEqual([null, 'quiet-hours', 'quiet-hours', null]);
    const night = prefs({ quietHours: { start: '22:00', end: '07:00' } });
    expect([quietReason(night, at('21:59')), quietReason(night, at('23:00')), quietReason(night, at('00:00')), quietReason(night, at('06:59')), quietReason(night, at('07:00'))]).toEqual([null, 'quiet-hours', 'quiet-hours', 'quiet-hours', null]);
  });

  it('ignores an empty or malformed window rather than silencing everything', () => {
    expect(quietReason(prefs({ quietHours: { start: '09:00', end: '09:00' } }), at('09:00'))).toBeNull();
    expect(quietReason(prefs({ quietHours: { start: '25:00', end: '07:00' } }), at('23:00'))).toBeNull();
    expect(parseClockTime('7:05')).toBe(425);
    expect(parseClockTime('07:60')).toBeNull();
  });

  it('reads wall-clock time in the configured zone', () => {
    const t = at('21:30'); // 22:30 in Berlin in January
    expect(minuteOfDay(t, 'UTC')).toBe(21 * 60 + 30);
    expect(minuteOfDay(t, 'Europe/Berlin')).toBe(22 * 60 + 30);
    expect(quietReason(prefs({ timeZone: 'Europe/Berlin', quietHours: { start: '22:00', end: '07:00' } }), t)).toBe('quiet-hours');
    expect(minuteOfDay(at('00:00'), 'UTC')).toBe(0);
  });
});

describe('notifyPrefsFromSettings', () => {
  const settings = { notifications: true, quietHours: { enabled: false, start: '19:00', end: '08:00' }, oneClickDecisions: true, defaultJustification: 'Routine' };
  it('maps the settings and the tray pause', () => {
    expect(notifyPrefsFromSettings(settings, null)).toEqual({ enabled: true, quietHours: null, pausedUntil: null, oneClick: true, defaultJustification: 'Routine' });
    expect(notifyPrefsFromSettings({ ...settings, notifications: false, quietHours: { ...settings.quietHours, enabled: true } }, 5, 'UTC')).toEqual({
      enabled: false,
      quietHours: { start: '19:00', end: '08:00' },
      timeZone: 'UTC',
      pausedUntil: 5,
      oneClick: true,
      defaultJustification: 'Routine',
    });
  });
});
