/**
 * The user's settings on disk: one JSON file under the app data dir, validated with the
 * core's schema (settings-schema.ts), written atomically. A missing file means defaults; a
 * damaged one is kept aside and replaced by defaults with a problem to show, never a crash.
 * Holds no secrets (the client id is public; tokens live in the auth cache).
 */
import { rename } from 'node:fs/promises';
import { SettingsSchema, type Settings } from './settings-schema';
import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file';

/** What a fresh install starts with. */
export const DEFAULT_SETTINGS: Settings = {
  pollIntervalSeconds: 60,
  activePollIntervalSeconds: 15,
  notifications: true,
  quietHours: { enabled: false, start: '19:00', end: '08:00' },
  oneClickDecisions: false,
  defaultJustification: '',
  touchIdForHighPrivilege: false,
  workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
  highPrivilegeGroups: [],
  expiryReminder: true,
  startAtLogin: false,
  theme: 'system',
  account: { tenant: 'organizations', cloud: 'public', clientId: '' },
};

export interface LoadedSettings {
  settings: Settings;
  /** Why defaults were used although a file existed; null when all was well. */
  problem: string | null;
}

export interface SettingsStore {
  load(): Promise<LoadedSettings>;
  /** Applies a patch (nested objects replaced whole), validates, writes, returns the result. */
  save(current: Settings, patch: Partial<Settings>): Promise<Settings>;
}

export function createSettingsStore(file: string, now: () => number = Date.now): SettingsStore {
  return {
    async load() {
      const bytes = await readFileIfExists(file);
      if (!bytes) return { settings: structuredClone(DEFAULT_SETTINGS), problem: null };
      let raw: unknown;
      try {
        raw = JSON.parse(bytes.toString('utf8'));
      } catch {
        return keepAside('is not valid JSON');
      }
      // Fields added in later versions fall back to their defaults.
      const merged = typeof raw === 'object' && raw !== null ? { ...DEFAULT_SETTINGS, ...(raw as object) } : raw;
      const parsed = SettingsSchema.safeParse(merged);
      if (!parsed.success) return keepAside('does not match the settings schema');
      return { settings: parsed.data, problem: null };
    },
    async save(current, patch) {
      const next = SettingsSchema.parse({ ...current, ...patch });
      await writeFileAtomic(file, Buffer.from(`${JSON.stringify(next, null, 2)}\n`, 'utf8'));
      return next;
    },
  };

  async function keepAside(why: string): Promise<LoadedSettings> {
    const aside = `${file}.damaged-${now()}`;
    await rename(file, aside).catch(() => undefined);
    return { settings: structuredClone(DEFAULT_SETTINGS), problem: `Your settings file ${why}; defaults are in use and the old file was kept as ${aside}.` };
  }
}
