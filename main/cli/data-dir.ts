/**
 * Where the app keeps its data (Electron's userData for an app named pim-approvals), so the
 * CLI shares the app's token cache, outbox, accounts and settings. PIM_DATA_DIR overrides.
 * Its own small module: the CLI's entry needs it without loading the sign-in code (MSAL).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string {
  if (env.PIM_DATA_DIR) return env.PIM_DATA_DIR;
  const home = env.HOME ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'pim-approvals');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'pim-approvals');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'pim-approvals');
}
