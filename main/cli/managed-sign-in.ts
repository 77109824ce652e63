/**
 * The machine policy (../core/settings/managed-policy.ts) over the CLI's sign-in flags, by the
 * app's rule: a managed clientId, tenant or cloud is used whatever the flags and environment
 * say, and a flag that asks for another value is refused ("set by your organisation"), as
 * Settings refuses the change. Pure: the policy is read by the caller, once per run.
 */
import type { Cloud } from '../core/arm/types';
import { SET_BY_ORGANISATION, type ManagedPolicy } from '../core/settings/managed-policy';
import { inertText } from './inert-text';

export interface SignInFlags {
  cloud: string | null;
  tenant: string | null;
  clientId: string | null;
}

const FLAG = { cloud: '--cloud', tenant: '--tenant', clientId: '--client-id' } as const;

/** Tenant ids, domains and client ids are GUIDs or DNS names: the same in any letter case. */
const same = (key: keyof SignInFlags, a: string, b: string) => (key === 'cloud' ? a === b : a.toLowerCase() === b.toLowerCase());

/** The stderr line for the first flag that asks for another value than the policy's, or null. */
export function policyConflict(flags: SignInFlags, policy: ManagedPolicy): string | null {
  for (const key of ['cloud', 'tenant', 'clientId'] as const) {
    const wanted = flags[key];
    const managed = policy[key];
    if (wanted !== null && managed !== undefined && !same(key, wanted.trim(), managed)) {
      return `pim-approvals: ${FLAG[key]} "${inertText(wanted)}" cannot be used: ${key} is ${SET_BY_ORGANISATION} ("${inertText(managed)}").\n`;
    }
  }
  return null;
}

/** The sign-in values this run uses: the policy's where it sets them, else the flags (null: the environment's). */
export function managedSignIn(flags: SignInFlags, policy: ManagedPolicy): { cloud: Cloud | null; tenant: string | null; clientId: string | null } {
  return {
    cloud: policy.cloud ?? null,
    tenant: policy.tenant ?? flags.tenant,
    clientId: policy.clientId ?? flags.clientId,
  };
}
