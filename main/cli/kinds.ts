/** The CLI's `--kind` option: the kind's names and short aliases. */
import type { ItemKind } from '../core/model/state';
import { inertText } from './inert-text';

const ALIASES: Record<string, ItemKind> = {
  azureresource: 'azureResource',
  azure: 'azureResource',
  resource: 'azureResource',
  entrarole: 'entraRole',
  entra: 'entraRole',
  directory: 'entraRole',
  group: 'group',
  groups: 'group',
};

export const KIND_HELP = 'azureResource (azure), entraRole (entra) or group';

/** `--kind` → the kind, null for "all", or an error for anything else. */
export function parseKindOption(value: string | boolean | undefined): { ok: true; kind: ItemKind | null } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, kind: null };
  const kind = typeof value === 'string' ? ALIASES[value.trim().toLowerCase()] : undefined;
  return kind ? { ok: true, kind } : { ok: false, error: `unknown --kind "${inertText(String(value))}" (use ${KIND_HELP}).` };
}
