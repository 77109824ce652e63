/**
 * Managed configuration for IT roll-out: settings an organisation sets for every user of a
 * machine, read from the OS's policy place (policy-readers.ts) and laid over the user's own
 * settings by the settings store. Each key is checked on its own: an invalid value is ignored
 * with a warning that names the key, and the rest still apply. A managed key cannot be changed
 * in Settings ("Set by your organisation"); the user's own value stays in their file and
 * comes back if the policy drops the key.
 *
 * Keys (the same names in policy.json, the registry and the plist; README "Managed configuration"):
 *   clientId (GUID), tenant (tenant id or domain), cloud (public | usgov | china),
 *   pollIntervalSeconds, activePollIntervalSeconds (15–3600), notifications,
 *   oneClickDecisions, expiryReminder, startAtLogin (booleans; the registry's DWORD 0 or 1).
 * Pure: no I/O.
 */
import type { Settings } from './settings-schema';

/** The key names, as a policy and `Settings.managed` spell them. */
export const POLICY_KEYS = ['clientId', 'tenant', 'cloud', 'pollIntervalSeconds', 'activePollIntervalSeconds', 'notifications', 'oneClickDecisions', 'expiryReminder', 'startAtLogin'] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

export interface ManagedPolicy {
  clientId?: string;
  tenant?: string;
  cloud?: Settings['account']['cloud'];
  pollIntervalSeconds?: number;
  activePollIntervalSeconds?: number;
  notifications?: boolean;
  oneClickDecisions?: boolean;
  expiryReminder?: boolean;
  startAtLogin?: boolean;
}

export interface ParsedPolicy {
  policy: ManagedPolicy;
  /** One sentence per ignored key, naming the key and where it came from; never a value that could be secret (there are none). */
  warnings: string[];
}

export const NO_POLICY: ParsedPolicy = { policy: {}, warnings: [] };

/** The words a refused change and the disabled fields carry. */
export const SET_BY_ORGANISATION = 'set by your organisation';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;

type Check = (value: unknown) => { ok: true; value: unknown } | { ok: false; why: string };

const interval: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 15 && v <= 3600 ? { ok: true, value: v } : { ok: false, why: 'a whole number of seconds from 15 to 3600' });
/** true/false; the registry has no boolean, so a DWORD 0 or 1 counts too. */
const flag: Check = (v) => (typeof v === 'boolean' ? { ok: true, value: v } : v === 0 || v === 1 ? { ok: true, value: v === 1 } : { ok: false, why: 'true or false (1 or 0 in the registry)' });

const CHECKS: Record<PolicyKey, Check> = {
  clientId: (v) => (typeof v === 'string' && GUID.test(v.trim()) ? { ok: true, value: v.trim() } : { ok: false, why: 'an application (client) id, a GUID' }),
  tenant: (v) => (typeof v === 'string' && TENANT.test(v.trim()) ? { ok: true, value: v.trim() } : { ok: false, why: 'a tenant id or domain name' }),
  cloud: (v) => (v === 'public' || v === 'usgov' || v === 'china' ? { ok: true, value: v } : { ok: false, why: 'public, usgov or china' }),
  pollIntervalSeconds: interval,
  activePollIntervalSeconds: interval,
  notifications: flag,
  oneClickDecisions: flag,
  expiryReminder: flag,
  startAtLogin: flag,
};

/**
 * Checks what a reader found. Key names match case-insensitively (registry value names are
 * case-insensitive, and admins type them by hand). `where` names the source in warnings.
 */
export function parsePolicy(raw: Record<string, unknown>, where: string): ParsedPolicy {
  const policy: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const key = POLICY_KEYS.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!key) {
      warnings.push(`Managed setting "${name}" in ${where} is not one PIM Approvals knows; it is ignored.`);
      continue;
    }
    const checked = CHECKS[key](value);
    if (checked.ok) policy[key] = checked.value;
    else warnings.push(`Managed setting "${key}" in ${where} is ignored: it must be ${checked.why}.`);
  }
  return { policy: policy as ManagedPolicy, warnings };
}

/** The keys a policy sets, in POLICY_KEYS order. */
export function managedKeys(policy: ManagedPolicy): PolicyKey[] {
  return POLICY_KEYS.filter((k) => policy[k] !== undefined);
}

/** The user's settings with the policy's values over them (the sign-in keys live under `account`). */
export function applyPolicy(settings: Settings, policy: ManagedPolicy): Settings {
  const { clientId, tenant, cloud, ...top } = policy;
  const account = {
    ...settings.account,
    ...(clientId !== undefined ? { clientId } : {}),
    ...(tenant !== undefined ? { tenant } : {}),
    ...(cloud !== undefined ? { cloud } : {}),
  };
  const defined = Object.fromEntries(Object.entries(top).filter(([, v]) => v !== undefined));
  return { ...settings, ...defined, account };
}

/**
 * The managed keys a patch would change (a form that sends a managed field unchanged, such
 * as the account object with the policy's client id in it, changes nothing and passes).
 */
export function managedKeysChanged(patch: Partial<Settings>, policy: ManagedPolicy): PolicyKey[] {
  const changed: PolicyKey[] = [];
  for (const key of managedKeys(policy)) {
    const wanted = key === 'clientId' || key === 'tenant' || key === 'cloud' ? patch.account?.[key] : patch[key];
    if (wanted !== undefined && wanted !== policy[key]) changed.push(key);
  }
  return changed;
}
