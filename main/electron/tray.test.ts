import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AppState } from '../core/model/state';
import type { TrayCommand, TrayMenuEntry, TrayPrefs } from '../core/tray/tray-menu';

interface FakeMenuItem { label?: string; type?: string; enabled?: boolean; checked?: boolean; click?: () => void; submenu?: FakeMenuItem[] }
const trays: FakeTray[] = [];
class FakeTray {
  image: unknown;
  tooltip = '';
  menu: FakeMenuItem[] = [];
  listeners = new Map<string, () => void>();
  constructor(image: unknown) { this.image = image; trays.push(this); }
  on(name: string, listener: () => void) { this.listeners.set(name, listener); }
  setImage(image: unknown) { this.image = image; }
  setToolTip(text: string) { this.tooltip = text; }
  setTitle() {}
  setContextMenu(menu: FakeMenuItem[]) { this.menu = menu; }
  destroy() {}
}
vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: FakeMenuItem[]) => template },
  nativeImage: { createFromPath: (file: string) => ({ file }) },
}));

const { createTray, toMenuTemplate, trayIconFile } = await import('./tray');

const prefs: TrayPrefs = { notificationsPausedUntil: null, startAtLogin: false, timeZone: 'UTC' };
const now = Date.parse('2026-11-23T12:10:00Z');
function appState(overrides: Partial<AppState> = {}): AppState {
  return { mode: 'demo', connection: 'online', account: null, queue: [], lastCheckedAt: '2026-11-23T12:04:00Z', problem: null, sync: { pending: 0, busy: false }, signIn: { status: 'idle', message: null }, kinds: [], ...overrides };
}

describe('trayIconFile', () => {
  it('picks template images on macOS and sizes per platform', () => {
    expect(trayIconFile('/i', 'pending', 'darwin')).toBe(path.join('/i', 'tray-pendingTemplate.png'));
    expect(trayIconFile('/i', 'offline', 'win32')).toBe(path.join('/i', 'tray-offline-16.png'));
    expect(trayIconFile('/i', 'error', 'linux')).toBe(path.join('/i', 'tray-error-32.png'));
  });

  it('names files that scripts/icons.mjs renders, for every state', async () => {
    const { existsSync } = await import('node:fs');
    const iconDir = path.resolve(import.meta.dirname, '../../build/icons/tray');
    for (const state of ['idle', 'pending', 'offline', 'signed-out', 'error'] as const) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const file = trayIconFile(iconDir, state, platform);
        expect(existsSync(file), file).toBe(true);
        expect(existsSync(file.replace(/\.png$/, '@2x.png')), `${file} @2x`).toBe(true);
      }
    }
  });
});

describe('toMenuTemplate', () => {
  it('maps every kind of entry and routes clicks to the command', () => {
    const run = vi.fn<(c: TrayCommand) => void>();
    const entries: TrayMenuEntry[] = [
      { type: 'label', label: '2 waiting' },
      { type: 'submenu', label: 'Owner on R&D — Ada', itemId: 'a', entries: [{ type: 'command', label: 'Approve…', command: { kind: 'decide', itemId: 'a', decision: 'Approve' }, enabled: true }] },
      { type: 'separator' },
      { type: 'command', label: 'Refresh now', command: { kind: 'refresh' }, enabled: false },
      { type: 'checkbox', label: 'Start at login', checked: true, command: { kind: 'set-start-at-login', enabled: false } },
    ];
    const template = toMenuTemplate(entries, run);
    expect(template[0]).toEqual({ label: '2 waiting', enabled: false });
    expect(template[1]?.label).toBe('Owner on R&&D — Ada'); // "&" would be an access key otherwise
    expect(template[2]).toEqual({ type: 'separator' });
    expect(template[3]).toMatchObject({ label: 'Refresh now', enabled: false });
    expect(template[4]).toMatchObject({ type: 'checkbox', checked: true });

    const submenu = template[1]?.submenu as Array<{ click?: () => void }>;
    submenu[0]?.click?.();
    expect(run).toHaveBeenLastCalledWith({ kind: 'decide', itemId: 'a', decision: 'Approve' });
    template[4]?.click?.({} as never, undefined, {} as never);
    expect(run).toHaveBeenLastCalledWith({ kind: 'set-start-at-login', enabled: false });
  });
});

describe('createTray', () => {
  it('renders the core tray model and hands commands back', () => {
    const run = vi.fn<(c: TrayCommand) => void>();
    const tray = createTray('/icons', { state: appState(), prefs, now }, run);
    const fake = trays.at(-1)!;
    expect(fake.tooltip).toBe('PIM Approvals — Nothing waiting · checked 12:04');
    expect(fake.menu.map((m) => m.label ?? m.type)).toEqual(expect.arrayContaining(['Nothing waiting', 'Open PIM Approvals', 'Quit PIM Approvals']));

    tray.update({ state: appState({ connection: 'offline' }), prefs, now });
    expect(fake.image).toEqual({ file: trayIconFile('/icons', 'offline', process.platform) });

    fake.menu.find((m) => m.label === 'Quit PIM Approvals')?.click?.();
    expect(run).toHaveBeenLastCalledWith({ kind: 'quit' });
    fake.listeners.get('click')?.();
    expect(run).toHaveBeenLastCalledWith({ kind: 'open', itemId: null });

    // What it shows is readable back (diagnostics, the Electron E2E suite).
    expect(tray.shown()).toEqual({ icon: 'offline', tooltip: fake.tooltip, labels: fake.menu.map((m) => m.label ?? '---') });
  });
});
