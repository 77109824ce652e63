import { describe, expect, it, vi } from 'vitest';
import type { AppState } from '../core/model/state';
import { DEFAULT_SETTINGS } from '../core/settings/settings-store';

const writeText = vi.fn();
vi.mock('electron', () => ({
  app: { getName: () => 'PIM Approvals', getVersion: () => '1.2.3', isPackaged: true, getLocale: () => 'en-GB', getPath: () => '/nonexistent' },
  clipboard: { writeText },
}));

const { copyDiagnostics } = await import('./diagnostics');

const state: AppState = {
  mode: 'azure',
  connection: 'offline',
  account: { id: 'a', name: 'Grace Hopper', username: 'grace@contoso.com' },
  queue: [],
  lastCheckedAt: null,
  problem: 'Offline since 09:00',
  sync: { pending: 2, busy: false },
  signIn: { status: 'idle', message: null },
  kinds: [{ kind: 'azureResource', status: 'active', reason: null }],
};

describe('copyDiagnostics', () => {
  it('puts a redacted report with versions, platform, settings and log tail on the clipboard', () => {
    const text = copyDiagnostics({
      settings: () => ({ ...DEFAULT_SETTINGS, defaultJustification: 'Routine CHG-1' }),
      state: () => state,
      logLines: (count) => [`asked for ${count}`, 'INFO  poll done', 'leak? Bearer abcdefghijklmnopq'],
      now: () => Date.UTC(2026, 0, 5),
    });
    expect(writeText).toHaveBeenCalledWith(text);
    expect(text).toContain('PIM Approvals 1.2.3');
    expect(text).toContain(`node ${process.versions.node}`);
    expect(text).toContain(`Platform: ${process.platform}`);
    expect(text).toContain('asked for 200');
    expect(text).toContain('"connection": "offline"');
    expect(text).toContain('Generated: 2026-01-05T00:00:00.000Z');
    for (const secret of ['Routine CHG-1', 'grace@contoso.com', 'Grace Hopper', 'abcdefghijklmnopq']) expect(text).not.toContain(secret);
  });
});
