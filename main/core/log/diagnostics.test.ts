import { describe, expect, it } from 'vitest';
import type { AppState, Settings } from '../model/state';
import { DEFAULT_SETTINGS } from '../settings/settings-store';
import { buildDiagnostics, DIAGNOSTICS_LOG_LINES, type DiagnosticsInput } from './diagnostics';

const settings: Settings = { ...DEFAULT_SETTINGS, defaultJustification: 'Standing change CHG-7 for ada@contoso.com', account: { tenant: 'contoso.onmicrosoft.com', cloud: 'public', clientId: '1111-2222' } };
const state: AppState = {
  mode: 'azure',
  connection: 'online',
  account: { id: 'oid.tid', name: 'Ada Lovelace', username: 'ada@contoso.com' },
  queue: [],
  lastCheckedAt: '2026-01-05T09:00:00.000Z',
  problem: null,
  sync: { pending: 1, busy: true },
  signIn: { status: 'idle', message: null },
  kinds: [
    { kind: 'azureResource', status: 'active', reason: null },
    { kind: 'entraRole', status: 'off', reason: 'An administrator must grant consent for RoleAssignmentSchedule.ReadWrite.Directory.' },
    { kind: 'group', status: 'active', reason: null },
  ],
};
const input: DiagnosticsInput = {
  app: { name: 'PIM Approvals', version: '0.1.0', packaged: true },
  versions: { electron: '45.4.1', chrome: '142.0', node: '22.20.0', v8: '14.2', openssl: '3' },
  platform: { os: 'linux', release: '6.8.0', arch: 'x64', locale: 'en-GB' },
  settings,
  state,
  logLines: ['2026-01-05T09:00:00.000Z INFO  poll done', 'a leaked Bearer abcdefghijklmnop line'],
  generatedAt: '2026-01-05T09:01:00.000Z',
};

describe('buildDiagnostics', () => {
  const text = buildDiagnostics(input);

  it('names versions, platform, settings and state', () => {
    expect(text).toContain('PIM Approvals 0.1.0');
    expect(text).toContain('Runtime: electron 45.4.1, chrome 142.0, node 22.20.0, v8 14.2');
    expect(text).toContain('Platform: linux 6.8.0 x64 (en-GB)');
    expect(text).toContain('"pollIntervalSeconds": 60');
    expect(text).toContain('"defaultReason": "(set)"');
    expect(text).toContain('"tenant": "(specific tenant)"');
    expect(text).toContain('"signedIn": true');
    expect(text).toContain('poll done');
    expect(text).toContain('"kind": "entraRole"');
    expect(text).toContain('An administrator must grant consent for RoleAssignmentSchedule.ReadWrite.Directory.');
  });

  it('carries no justification, tenant, client id, user name or token', () => {
    for (const secret of ['CHG-7', 'ada@contoso.com', 'contoso.onmicrosoft.com', '1111-2222', 'Ada Lovelace', 'abcdefghijklmnop']) expect(text).not.toContain(secret);
  });

  it('keeps only the last lines and copes with nothing loaded', () => {
    const many = Array.from({ length: 500 }, (_, i) => `line ${i}`);
    const out = buildDiagnostics({ ...input, settings: null, state: null, logLines: many, app: { ...input.app, packaged: false } });
    expect(out).toContain(`Last ${DIAGNOSTICS_LOG_LINES} log lines:`);
    expect(out).not.toContain('line 299\n');
    expect(out).toContain('line 499');
    expect(out).toContain('(development build)');
    expect(out).toContain('Settings:\n(not loaded)');
  });
});
