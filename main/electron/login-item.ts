/**
 * Start at login. macOS and Windows: Electron's login-item settings. Linux: an XDG
 * autostart entry, `$XDG_CONFIG_HOME/autostart/pim-approvals.desktop` (default
 * ~/.config), whose content comes from a pure function; removing the file turns it off.
 * Never starts or stops anything itself.
 */
import { app } from 'electron';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { APP_NAME } from '../core/app-id';

export const autostartFileName = 'pim-approvals.desktop';

export interface AutostartEntry {
  /** The program to run (an AppImage's own path, not the temporary mount it runs from). */
  exec: string;
  args: string[];
  name?: string;
  icon?: string;
}

/** The Desktop Entry, with Exec quoted per the Desktop Entry Specification. */
export function autostartDesktopEntry(entry: AutostartEntry): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${oneLine(entry.name ?? APP_NAME)}`,
    'Comment=Approve Azure PIM role activation requests',
    `Exec=${[entry.exec, ...entry.args].map(quoteExecArg).join(' ')}`,
    ...(entry.icon ? [`Icon=${oneLine(entry.icon)}`] : []),
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ];
  return lines.join('\n');
}

/** Desktop Entry Exec rules: quote args with reserved characters, escape inside quotes, double %. */
export function quoteExecArg(arg: string): string {
  const escapedPercent = oneLine(arg).replace(/%/g, '%%');
  if (escapedPercent !== '' && !/[\s"'\\><~|&;$*?#()`]/.test(escapedPercent)) return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, '\\$1')}"`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

export function autostartDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, 'autostart');
}

/** Writes (atomically) or removes the autostart entry. */
export async function writeAutostart(dir: string, content: string | null): Promise<void> {
  const file = path.join(dir, autostartFileName);
  if (content === null) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content, { mode: 0o644 });
  await rename(temp, file);
}

export async function readAutostartEnabled(dir: string): Promise<boolean> {
  try {
    const text = await readFile(path.join(dir, autostartFileName), 'utf8');
    // Users (and GNOME Tweaks) turn entries off in place rather than deleting them.
    return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
  } catch {
    return false;
  }
}

export interface LoginItem {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

export interface LoginItemOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Extra arguments for the started app, e.g. a flag to start in the tray only. */
  args?: string[];
  icon?: string;
}

export function createLoginItem(options: LoginItemOptions = {}): LoginItem {
  const platform = options.platform ?? process.platform;
  const args = options.args ?? [];
  if (platform === 'linux') {
    const env = options.env ?? process.env;
    const dir = autostartDir(env, options.home ?? os.homedir());
    return {
      isEnabled: () => readAutostartEnabled(dir),
      setEnabled: (enabled) =>
        writeAutostart(dir, enabled ? autostartDesktopEntry({ exec: env.APPIMAGE ?? process.execPath, args, ...(options.icon ? { icon: options.icon } : {}) }) : null),
    };
  }
  return {
    isEnabled: async () => app.getLoginItemSettings(platform === 'win32' && args.length ? { args } : undefined).openAtLogin,
    setEnabled: async (enabled) => {
      app.setLoginItemSettings({ openAtLogin: enabled, ...(platform === 'win32' && args.length ? { args } : {}) });
    },
  };
}
