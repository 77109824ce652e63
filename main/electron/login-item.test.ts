import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const loginSettings = { openAtLogin: false };
const setLoginItemSettings = vi.fn((s: { openAtLogin: boolean }) => void (loginSettings.openAtLogin = s.openAtLogin));
const getLoginItemSettings = vi.fn(() => ({ ...loginSettings }));
vi.mock('electron', () => ({ app: { setLoginItemSettings, getLoginItemSettings } }));
const { autostartDesktopEntry, autostartDir, createLoginItem, quoteExecArg, writeAutostart } = await import('./login-item');

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function temp(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'pim-autostart-'));
  dirs.push(d);
  return d;
}

describe('XDG autostart entry', () => {
  it('is a valid Desktop Entry that runs the app', () => {
    expect(autostartDesktopEntry({ exec: '/opt/PIM Approvals/pim-approvals', args: ['--hidden'], icon: 'pim-approvals' })).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=PIM Approvals',
        'Comment=Approve Azure PIM role activation requests',
        'Exec="/opt/PIM Approvals/pim-approvals" --hidden',
        'Icon=pim-approvals',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it('quotes Exec arguments per the spec', () => {
    expect(quoteExecArg('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArg('a b')).toBe('"a b"');
    expect(quoteExecArg('50%')).toBe('50%%');
    expect(quoteExecArg('say "$HOME" `x` \\')).toBe('"say \\"\\$HOME\\" \\`x\\` \\\\"');
    expect(quoteExecArg('')).toBe('""');
    expect(quoteExecArg('line\nbreak')).toBe('"line break"');
  });

  it('lives under $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/ada')).toBe('/x/cfg/autostart');
    expect(autostartDir({}, '/home/ada')).toBe('/home/ada/.config/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe('/home/ada/.config/autostart'); // the spec ignores relative paths
  });

  it('writes and removes the file', async () => {
    const dir = path.join(await temp(), 'autostart');
    await writeAutostart(dir, 'content');
    expect(await readFile(path.join(dir, 'pim-approvals.desktop'), 'utf8')).toBe('content');
    await writeAutostart(dir, null);
    await expect(stat(path.join(dir, 'pim-approvals.desktop'))).rejects.toThrow();
    await writeAutostart(dir, null); // already off
  });
});

describe('createLoginItem', () => {
  it('Linux: toggles the autostart file in $XDG_CONFIG_HOME and reads it back', async () => {
    const config = await temp();
    const item = createLoginItem({ platform: 'linux', env: { XDG_CONFIG_HOME: config, APPIMAGE: '/home/ada/Apps/PIM Approvals.AppImage' }, home: '/nowhere', args: ['--hidden'] });
    expect(await item.isEnabled()).toBe(false);
    await item.setEnabled(true);
    const file = path.join(config, 'autostart', 'pim-approvals.desktop');
    expect(await readFile(file, 'utf8')).toContain('Exec="/home/ada/Apps/PIM Approvals.AppImage" --hidden\n');
    expect(await item.isEnabled()).toBe(true);
    await writeFile(file, (await readFile(file, 'utf8')).replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(await item.isEnabled()).toBe(false); // turned off in place by the desktop
    await item.setEnabled(false);
    expect(await item.isEnabled()).toBe(false);
    expect(setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('Linux without an AppImage runs the executable itself', async () => {
    const config = await temp();
    await createLoginItem({ platform: 'linux', env: { XDG_CONFIG_HOME: config } }).setEnabled(true);
    expect(await readFile(path.join(config, 'autostart', 'pim-approvals.desktop'), 'utf8')).toContain(`Exec=${quoteExecArg(process.execPath)}\n`);
  });

  it('macOS and Windows: Electron login-item settings', async () => {
    const mac = createLoginItem({ platform: 'darwin' });
    await mac.setEnabled(true);
    expect(setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true });
    expect(await mac.isEnabled()).toBe(true);
    const win = createLoginItem({ platform: 'win32', args: ['--hidden'] });
    await win.setEnabled(false);
    expect(setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });
    expect(await win.isEnabled()).toBe(false);
    expect(getLoginItemSettings).toHaveBeenLastCalledWith({ args: ['--hidden'] });
  });
});
