/**
 * The CLI's approval services: the same registry and adapters the app polls through
 * (core/services), over the CLI's ARM and Graph clients, so a command and the window read,
 * count and find requests the same way. Also how the CLI says on stderr — without failing —
 * that a kind could not be read, so the others keep working. Never prints a token.
 */
import type { ItemKind } from '../core/model/state';
import { kindLabel, kindsPhrase } from '../core/model/item-labels';
import type { ArmError, ArmResult } from '../core/arm/types';
import type { ArmClient } from '../core/arm/client';
import type { GraphClient } from '../core/graph/client';
import type { ApprovalService, ReaderContext, UnavailableKind } from '../core/services/approval-service';
import { sessionServices, type ServiceRegistry } from '../core/services/registry';
import type { ArmAccess, CommandContext } from './context';
import { inertText } from './inert-text';

export interface CliServices {
  registry: ServiceRegistry;
  /**
   * Who I am for a service's own-request rule: the ARM token's `oid`, else the service's own
   * answer; `problem` is the stderr line to print (after a read that worked) when nobody can say.
   */
  readerFor(service: ApprovalService): Promise<{ context: ReaderContext; problem: string | null }>;
}

/**
 * The registry over the CLI's clients. Building the Graph client calls nothing; a kind whose
 * token cannot be had says so when it is read (or a decision of it is sent).
 */
export function clientServices(arm: ArmClient, graph: GraphClient | null, noGraphReason?: string): ServiceRegistry {
  const graphSession = graph ? { api: graph, endpoint: graph.origin, access: async () => ({ ok: true as const }) } : undefined;
  return sessionServices({ api: arm, graph: graphSession }, noGraphReason);
}

export async function cliServices(ctx: CommandContext, arm: ArmAccess): Promise<CliServices> {
  const graph = await ctx.graph();
  const registry = clientServices(arm.client, graph.ok ? graph.client : null, graph.ok ? undefined : graph.reason);
  const accountId = arm.client.origin;
  return {
    registry,
    async readerFor(service) {
      if (arm.principalId || !service.whoAmI) return { context: { accountId, principalId: arm.principalId }, problem: null };
      const me = await service.whoAmI();
      if (me.ok) return { context: { accountId, principalId: me.id }, problem: null };
      return {
        context: { accountId, principalId: null },
        problem: `pim-approvals: could not tell who you are on ${service.serviceName} (${inertText(me.error.message)}); your own requests cannot be told apart from others'.\n`,
      };
    },
  };
}

/** A service's failure as one stderr line. */
export function kindWarning(service: ApprovalService, error: Pick<ArmError, 'status' | 'code' | 'message'>): string {
  return `pim-approvals: ${kindLabel(service.kind)} requests not shown: ${inertText(service.problem(error))}\n`;
}

/** Kinds this run cannot reach at all (no Graph endpoint or token), as one stderr line. */
export function unavailableWarning(unavailable: readonly UnavailableKind[], verb = 'not shown'): string {
  return `pim-approvals: ${kindsPhrase(unavailable.map((u) => u.kind))} ${verb}: ${inertText(unavailable[0]?.reason ?? '')}.\n`;
}

/**
 * Runs `read` on each wanted service, the essential one (ARM) first: its failure is the
 * command's and stops it. Any other service that fails is named on stderr and left out, or
 * is the failure when the user asked for that kind alone.
 */
export async function readKinds<T>(
  ctx: CommandContext,
  services: CliServices,
  wanted: ItemKind | null,
  read: (service: ApprovalService, context: ReaderContext) => Promise<ArmResult<T[]>>,
  /** False where the read needs no own-request rule (my own requests): nobody is asked who I am. */
  needsPrincipal = true,
): Promise<{ items: T[]; failure: ArmError | null; essentialFailed: boolean }> {
  const { registry } = services;
  const chosen = registry.services.filter((s) => wanted === null || s.kind === wanted);
  const missing = registry.unavailable.filter((u) => wanted === null || u.kind === wanted);
  const ordered = [...chosen.filter((s) => s.essential), ...chosen.filter((s) => !s.essential)];
  const items: T[] = [];
  for (const service of ordered) {
    const { context, problem } = needsPrincipal ? await services.readerFor(service) : { context: { accountId: '', principalId: null }, problem: null };
    const got = await read(service, context);
    if (got.ok) {
      if (problem) ctx.io.err(problem);
      items.push(...got.value);
    } else if (service.essential || wanted !== null) {
      return { items, failure: got.error, essentialFailed: service.essential };
    } else {
      ctx.io.err(kindWarning(service, got.error));
    }
  }
  if (missing.length > 0) {
    if (wanted !== null) return { items, failure: { kind: 'unauthorized', message: `Cannot read ${kindLabel(wanted)} requests: ${missing[0]?.reason}.` }, essentialFailed: false };
    ctx.io.err(unavailableWarning(missing));
  }
  return { items, failure: null, essentialFailed: false };
}
