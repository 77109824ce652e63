/**
 * `status [-o FORMAT]`: which endpoints, where the token comes from, whose it is, whether
 * each kind can be read and how many requests wait — every kind, counted as `list` shows
 * them (the same reads). A kind that cannot be read is Off with its reason (and a stderr
 * line, as `list` gives). Never prints the token.
 */
import type { KindStatus } from '../../core/model/state';
import { KIND_ORDER, kindLabel, kindStatusLabel } from '../../core/model/item-labels';
import type { ArmError } from '../../core/arm/types';
import type { QueueItem } from '../../core/queue/queue-item';
import type { ItemKind } from '../../core/model/state';
import type { Command } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine } from '../format';
import { inertText } from '../inert-text';
import { writeResult } from '../output';
import { cliServices, kindWarning, unavailableWarning } from '../services';

export const statusCommand: Command = {
  summary: 'Check the endpoints, the token and how many requests wait for you (every kind).',
  usage: 'status [-o FORMAT]',
  details: '-o tsv: ARM endpoint, Graph endpoint, token source, account id, reachable, waiting, yours to decide,\nthen the waiting count of Azure resources, Entra ID roles and groups (empty when not read).',
  examples: ['pim-approvals status', 'pim-approvals status -o json', 'pim-approvals status -o none && echo "token works"'],
  async run(ctx) {
    const arm = await ctx.arm();
    if (!arm.ok) return arm.exitCode;
    // The app's own readers, one per kind, read as `list` reads them; a kind that fails is Off.
    const services = await cliServices(ctx, arm);
    const kinds: KindStatus[] = [];
    const counted: QueueItem[] = [];
    const byKind = new Map<ItemKind, number | null>();
    let armQueue: { ok: true } | { ok: false; error: ArmError } = { ok: true };
    for (const service of services.registry.services) {
      const { context, problem } = await services.readerFor(service);
      const got = await service.waiting(context)(new AbortController().signal);
      byKind.set(service.kind, got.ok ? got.value.length : null);
      if (got.ok) {
        if (problem) ctx.io.err(problem);
        counted.push(...got.value);
        kinds.push({ kind: service.kind, status: 'active', reason: null });
        continue;
      }
      // The essential service (ARM) is the connection: its failure is the command's, said below.
      if (service.essential) armQueue = got;
      else ctx.io.err(kindWarning(service, got.error));
      kinds.push({ kind: service.kind, status: 'off', reason: service.problem(got.error) });
    }
    const { unavailable } = services.registry;
    if (unavailable.length > 0) ctx.io.err(unavailableWarning(unavailable));
    for (const { kind, reason } of unavailable) {
      kinds.push({ kind, status: 'off', reason: `${reason}.` });
      byKind.set(kind, null);
    }
    const graph = await ctx.graph();
    const graphEndpoint = graph.ok ? graph.client.origin : null;
    const waiting = armQueue.ok ? counted.length : null;
    const actionable = armQueue.ok ? counted.filter((i) => i.actionable).length : null;
    writeResult(ctx.io, ctx.output, {
      json: () => ({
        schema: 'pim-approvals/status@1',
        endpoint: ctx.endpoint,
        graphEndpoint,
        cloud: ctx.cloud,
        tokenSource: arm.tokenSource,
        accountId: arm.accountId,
        reachable: armQueue.ok,
        waiting,
        waitingByKind: Object.fromEntries(KIND_ORDER.map((kind) => [kind, byKind.get(kind) ?? null])),
        actionable,
        kinds,
        error: armQueue.ok ? null : { kind: armQueue.error.kind, message: armQueue.error.message, code: armQueue.error.code ?? null },
      }),
      table: () => {
        const lines = [
          `ARM endpoint:   ${ctx.endpoint}${ctx.cloud ? ` (${ctx.cloud})` : ''}`,
          `Graph endpoint: ${graphEndpoint ?? '(none)'}`,
          `Token from:     ${arm.tokenSource}`,
          `Account:        ${arm.accountId ? inertText(arm.accountId) : '(the token does not say whose it is: it may read, never decide)'}`,
        ];
        if (waiting !== null) {
          const parts = kinds.filter((k) => typeof byKind.get(k.kind) === 'number').map((k) => `${byKind.get(k.kind)} ${kindLabel(k.kind)}`);
          lines.push(`Waiting:        ${waiting} (${parts.join(', ')}); ${actionable} yours to decide`);
        }
        lines.push(...kinds.map((k) => `${`${kindLabel(k.kind)}:`.padEnd(16)}${kindStatusLabel(k.status)}${k.reason ? ` — ${inertText(k.reason)}` : ''}`));
        return `${lines.join('\n')}\n`;
      },
      tsv: () => [[ctx.endpoint, graphEndpoint, arm.tokenSource, arm.accountId, armQueue.ok, waiting, actionable, ...KIND_ORDER.map((kind) => byKind.get(kind) ?? null)]],
    });
    if (!armQueue.ok) {
      ctx.io.err(errorLine(armQueue.error));
      return exitCodeFor(armQueue.error);
    }
    return exitCodes.ok;
  },
};
