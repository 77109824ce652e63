/**
 * The CLI's view of the three kinds: `--kind` parsing, and reading the Graph kinds while
 * saying on stderr — not failing — when one cannot be read (no Graph token, no consent), so
 * Azure resources keep working. Never prints a token.
 */
import type { ItemKind } from '../../preload/api';
import { kindLabel } from '../../preload/item-labels';
import { graphRefusal } from '../core/graph/refusal';
import type { ArmError, ArmResult } from '../core/arm/types';
import type { GraphKind } from '../core/graph/types';
import type { GraphClient } from '../core/graph/client';
import type { CommandContext } from './context';
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

/** Why a Graph kind could not be read, in words (403 means consent, said plainly). */
export function graphProblem(kind: GraphKind, error: Pick<ArmError, 'status' | 'code' | 'message'>): string {
  return error.status === 403 ? graphRefusal(kind, error) : error.message;
}

/** A Graph kind's failure as one stderr line. */
export function graphWarning(kind: GraphKind, error: Pick<ArmError, 'status' | 'code' | 'message'>): string {
  return `pim-approvals: ${kindLabel(kind)} requests not shown: ${inertText(graphProblem(kind, error))}\n`;
}

/** No Graph client at all (no endpoint, no token): one stderr line for both Graph kinds. */
export function noGraphWarning(reason: string): string {
  return `pim-approvals: Entra ID roles and groups not shown: ${inertText(reason)}.\n`;
}

/**
 * Runs `read` for each wanted Graph kind. A kind that fails is reported on stderr and
 * left out; the failure is returned too when the user asked for that kind alone.
 */
export async function readGraphKinds<T>(
  ctx: CommandContext,
  wanted: ItemKind | null,
  read: (client: GraphClient, kind: GraphKind) => Promise<ArmResult<T[]>>,
): Promise<{ items: T[]; failure: ArmError | null }> {
  const kinds: GraphKind[] = wanted === null ? ['entraRole', 'group'] : wanted === 'azureResource' ? [] : [wanted];
  if (kinds.length === 0) return { items: [], failure: null };
  const graph = await ctx.graph();
  if (!graph.ok) {
    if (wanted !== null) return { items: [], failure: { kind: 'unauthorized', message: `Cannot read ${kindLabel(kinds[0] as GraphKind)} requests: ${graph.reason}.` } };
    ctx.io.err(noGraphWarning(graph.reason));
    return { items: [], failure: null };
  }
  const items: T[] = [];
  let failure: ArmError | null = null;
  for (const kind of kinds) {
    const got = await read(graph.client, kind);
    if (got.ok) items.push(...got.value);
    else if (wanted !== null) failure = got.error;
    else ctx.io.err(graphWarning(kind, got.error));
  }
  return { items, failure };
}
