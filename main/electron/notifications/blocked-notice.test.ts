import { describe, expect, it, vi } from 'vitest';

const shown: Array<Record<string, unknown>> = [];
const opened: string[] = [];
let answer = 0;
vi.mock('electron', () => ({
  dialog: { showMessageBox: async (options: Record<string, unknown>) => (shown.push(options), { response: answer, checkboxChecked: false }) },
  shell: { openExternal: async (url: string) => void opened.push(url) },
}));
const { BLOCKED_MESSAGE, notificationsBlockedNotice } = await import('./blocked-notice');
const { NOTIFICATION_SETTINGS_URL } = await import('../external-links');

describe('notifications blocked (macOS)', () => {
  it('says so once per run, offers System Settings → Notifications, and logs every refusal', async () => {
    const logged: string[] = [];
    answer = 0;
    const notice = notificationsBlockedNotice((error) => logged.push(error));
    await Promise.all([notice('not allowed'), notice('not allowed again')]);
    expect(opened).toEqual([NOTIFICATION_SETTINGS_URL]);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ message: 'Notifications are blocked — System Settings → Notifications', buttons: ['Open System Settings', 'Not Now'] });
    expect(BLOCKED_MESSAGE).toBe(shown[0]?.message);
    expect(logged).toEqual(['not allowed', 'not allowed again']);
  });

  it('opens nothing when the user says not now', async () => {
    shown.length = 0;
    opened.length = 0;
    answer = 1;
    await notificationsBlockedNotice(() => undefined)('not allowed'); // settles once the user answered
    expect(shown).toHaveLength(1);
    expect(opened).toEqual([]);
  });
});
