import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { APP_ID, TOAST_ACTIVATOR_CLSID } from '../core/app-id';
import { applyWindowsIdentity } from './windows-identity';

function recordingApp() {
  const calls: Array<[string, string]> = [];
  return {
    calls,
    app: {
      setAppUserModelId: (id: string) => void calls.push(['setAppUserModelId', id]),
      setToastActivatorCLSID: (id: string) => void calls.push(['setToastActivatorCLSID', id]),
    },
  };
}

describe('Windows identity', () => {
  it('sets the AUMID, then the fixed toast activator CLSID', () => {
    const { app, calls } = recordingApp();
    applyWindowsIdentity(app, 'win32');
    expect(calls).toEqual([
      ['setAppUserModelId', 'io.github.pimapprovals.app'],
      ['setToastActivatorCLSID', TOAST_ACTIVATOR_CLSID],
    ]);
  });

  it('uses a CLSID Electron accepts (docs/api/app.md: brace-wrapped GUID)', () => {
    expect(TOAST_ACTIVATOR_CLSID).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
  });

  it('does nothing elsewhere', () => {
    const { app, calls } = recordingApp();
    applyWindowsIdentity(app, 'darwin');
    applyWindowsIdentity(app, 'linux');
    expect(calls).toEqual([]);
  });

  it('names the same AUMID as electron-builder\'s appId', () => {
    expect(APP_ID).toBe('io.github.pimapprovals.app');
    for (const file of ['electron-builder.yml', 'electron-builder.yaml']) {
      if (existsSync(file)) expect((parseYaml(readFileSync(file, 'utf8')) as { appId?: string }).appId).toBe(APP_ID);
    }
  });
});
