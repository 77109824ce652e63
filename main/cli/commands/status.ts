/**
 * `status [-o FORMAT]`: which endpoints, where the token comes from, whose it is, whether
 * each kind can be read and how many requests wait — every kind, counted as `list` shows
 * them (the same reads). A kind that cannot be read is Off with its reason (and a stderr
 * line, as `list` gives). Never prints the token.
 */
import type { KindStatus } from '../../../preload/api';
import { kindLabel, kindStatusLabel } from '../../../preload/item-labels';
import { GRAPH_KINDS } from '../../core/graph/types';
import type { QueueItem } from '../../core/queue/queue-item';
import type { ItemKind } from '../../../preload/api';
import type { Command } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine } from '../format';
import { inertText } from '../inert-text';
import { graphProblem, graphWarning, noGraphWarning } from '../kinds';
import { loadGraphQueue } from '../graph-targets';
import { loadQueue } from '../targets';
import { writeResult } from '../output';
import { graphPrincipal } from '../principal';

export const statusCommand: Command = {
  summary: 'Check the endpoints, the token and how many requests wait for you (every kind).',
  usage: 'status [-o FORMAT]',
  details: '-o tsv: ARM endpoint, Graph endpoint, token source, account id, reachable, waiting, yours to decide,\nthen the waiting count of Azure resources, Entra ID roles and groups (empty when not read).',
  examples: ['pim-approvals status', 'pim-approvals status -o json', 'pim-approvals status -o none && echo "token works"'],
  async run(ctx) {
    const arm = await ctx.arm();
    if (!arm.ok) return arm.exitCode;
    const queueCtx = { accountId: arm.client.origin, now: ctx.clock.now(), principalId: arm.principalId };
    const armQueue = await loadQueue(arm.client, queueCtx);
    const kinds: KindStatus[] = [{ kind: 'azureResource', status: armQueue.ok ? 'active' : 'off', reason: armQueue.ok ? null : armQueue.error.message }];
    const counted: QueueItem[] = armQueue.ok ? [...armQueue.value] : [];
    const byKind: Record<ItemKind, number | null> = { azureResource: armQueue.ok ? armQueue.value.length : null, entraRole: null, group: null };

    const graph = await ctx.graph();
    if (!graph.ok) {
      ctx.io.err(noGraphWarning(graph.reason));
      for (const kind of GRAPH_KINDS) kinds.push({ kind, status: 'off', reason: `${graph.reason}.` });
    } else {
      for (const kind of GRAPH_KINDS) {
        const who = await graphPrincipal(arm.principalId, graph.client, kind);
        const got = await loadGraphQueue(graph.client, kind, { ...queueCtx, principalId: who.id });
        if (got.ok) {
          if (who.problem) ctx.io.err(who.problem);
          counted.push(...got.value);
          byKind[kind] = got.value.length;
          kinds.push({ kind, status: 'active', reason: null });
        } else {
          ctx.io.err(graphWarning(kind, got.error));
          kinds.push({ kind, status: 'off', reason: graphProblem(kind, got.error) });
        }
      }
    }
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
        waitingByKind: byKind,
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
          const parts = kinds.filter((k) => byKind[k.kind] !== null).map((k) => `${byKind[k.kind]} ${kindLabel(k.kind)}`);
          lines.push(`Waiting:        ${waiting} (${parts.join(', ')}); ${actionable} yours to decide`);
        }
        lines.push(...kinds.map((k) => `${`${kindLabel(k.kind)}:`.padEnd(16)}${kindStatusLabel(k.status)}${k.reason ? ` — ${inertText(k.reason)}` : ''}`));
        return `${lines.join('\n')}\n`;
      },
      tsv: () => [[ctx.endpoint, graphEndpoint, arm.tokenSource, arm.accountId, armQueue.ok, waiting, actionable, byKind.azureResource, byKind.entraRole, byKind.group]],
    });
    if (!armQueue.ok) {
      ctx.io.err(errorLine(armQueue.error));
      return exitCodeFor(armQueue.error);
    }
    return exitCodes.ok;
  },
};
