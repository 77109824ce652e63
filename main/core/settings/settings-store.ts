/**
 * The user's settings on disk: one JSON file under the app data dir, validated with the
 * core's schema (settings-schema.ts), written atomically. A missing file means defaults; a
 * damaged one is kept aside and replaced by defaults with a problem to show, never a crash.
 * Holds no secrets (the client id is public; tokens live in the auth cache).
 *
 * With a machine policy (managed-policy.ts) the settings handed out are the user's with the
 * policy's values over them, and `managed` lists the keys it sets. The file keeps the user's
 * own values, so they come back when the policy drops a key; a patch that changes a managed
 * key is refused as "set by your organisation".
 */
import { rename } from 'node:fs/promises';
import { SettingsSchema, type Settings } from './settings-schema';
import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file';
import { applyPolicy, managedKeys, managedKeysChanged, NO_POLICY, SET_BY_ORGANISATION, type ManagedPolicy, type ParsedPolicy } from './managed-policy';

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

export interface SettingsStoreOptions {
  /** The machine policy, read at every load (core/settings/policy-readers.ts readMachinePolicy). */
  policy?: () => Promise<ParsedPolicy>;
  /** Where a policy's warnings go (the app log): one per ignored key. */
  warn?: (message: string) => void;
}

export function createSettingsStore(file: string, now: () => number = Date.now, options: SettingsStoreOptions = {}): SettingsStore {
  let policy: ManagedPolicy = {};
  /** The user's own settings as in the file: what a managed key falls back to when saved. */
  let own: Settings | null = null;

  return {
    async load() {
      const found = options.policy ? await options.policy().catch((e: unknown) => ({ ...NO_POLICY, warnings: [`The managed settings could not be read (${e instanceof Error ? e.message : String(e)}); none apply.`] })) : NO_POLICY;
      policy = found.policy;
      for (const w of found.warnings) options.warn?.(w);
      const loaded = await loadOwn();
      own = loaded.settings;
      return { settings: withPolicy(loaded.settings), problem: loaded.problem };
    },
    async save(current, patch) {
      const refused = managedKeysChanged(patch, policy);
      if (refused.length > 0) throw new Error(`${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} ${SET_BY_ORGANISATION}`);
      const { managed: _managed, ...next } = { ...current, ...patch };
      const mine = SettingsSchema.parse(ownValues(next));
      await writeFileAtomic(file, Buffer.from(`${JSON.stringify(mine, null, 2)}\n`, 'utf8'));
      own = mine;
      return withPolicy(mine);
    },
  };

  function withPolicy(settings: Settings): Settings {
    const keys = managedKeys(policy);
    return keys.length === 0 ? settings : { ...applyPolicy(settings, policy), managed: keys };
  }

  /** `next` with each managed key put back to the user's own value, so the file never takes the policy's. */
  function ownValues(next: Settings): Settings {
    const base = own ?? next;
    const out: Settings = { ...next, account: { ...next.account } };
    for (const key of managedKeys(policy)) {
      if (key === 'clientId' || key === 'tenant' || key === 'cloud') Object.assign(out.account, { [key]: base.account[key] });
      else Object.assign(out, { [key]: base[key] });
    }
    return out;
  }

  async function loadOwn(): Promise<LoadedSettings> {
    const bytes = await readFileIfExists(file);
    if (!bytes) return { settings: structuredClone(DEFAULT_SETTINGS), problem: null };
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      return keepAside('is not valid JSON');
    }
    // Fields added in later versions fall back to their defaults; `managed` is never the file's to say.
    const merged = typeof raw === 'object' && raw !== null ? { ...DEFAULT_SETTINGS, ...(raw as object), managed: undefined } : raw;
    const parsed = SettingsSchema.safeParse(merged);
    if (!parsed.success) return keepAside('does not match the settings schema');
    const { managed: _managed, ...settings } = parsed.data;
    return { settings, problem: null };
  }

  async function keepAside(why: string): Promise<LoadedSettings> {
    const aside = `${file}.damaged-${now()}`;
    await rename(file, aside).catch(() => undefined);
    return { settings: structuredClone(DEFAULT_SETTINGS), problem: `Your settings file ${why}; defaults are in use and the old file was kept as ${aside}.` };
  }
}
