import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const logsDir = mkdtempSync(path.join(tmpdir(), 'pim-electron-log-'));
const getPath = vi.fn((_name: string) => logsDir);
const setAppLogsPath = vi.fn();
vi.mock('electron', () => ({ app: { getPath, setAppLogsPath, getName: () => 'PIM Approvals', getVersion: () => '0.1.0' } }));

const { mainLog, recentLogLines, startFileLog } = await import('./log');

afterAll(() => rmSync(logsDir, { recursive: true, force: true }));

describe('main process log', () => {
  it('writes redacted lines to main.log in the app logs folder', () => {
    expect(recentLogLines(5)).toEqual([]); // nothing before the file starts
    const file = startFileLog();
    expect(setAppLogsPath).toHaveBeenCalledWith(); // the platform default, before asking for it
    expect(getPath).toHaveBeenCalledWith('logs');
    expect(file.file).toBe(path.join(logsDir, 'main.log'));
    expect(startFileLog()).toBe(file); // idempotent

    mainLog.child('auth').warn('token refresh failed for ada@contoso.com', { refreshToken: '1.ARsecret', justification: 'INC-9' });
    const text = readFileSync(file.file, 'utf8');
    expect(text).toContain('log started: PIM Approvals 0.1.0');
    expect(text).toContain('auth: token refresh failed for [redacted-email]');
    for (const secret of ['ada@contoso.com', '1.ARsecret', 'INC-9']) expect(text).not.toContain(secret);
    expect(recentLogLines(1)[0]).toContain('auth: token refresh failed');
  });
});
