/**
 * `outbox [--json]` and `sync [--json]`: the outbox handlers of ../outbox-commands over the
 * app's outbox directory, loaded lazily (with the data-dir rule of ../auth-commands) so other
 * commands never load them. Owns no outbox logic.
 */
import { join } from 'node:path';
import type { Command, CommandContext } from '../context';

async function outboxContext(ctx: CommandContext) {
  const [{ defaultDataDir }, handlers] = await Promise.all([import('../auth-commands'), import('../outbox-commands')]);
  return { handlers, context: { io: ctx.io, options: ctx.options, clock: ctx.clock, arm: ctx.arm, graph: ctx.graph, outboxDir: join(defaultDataDir(ctx.env), 'outbox') } };
}

export const outboxCommand: Command = {
  summary: 'Show decisions waiting to be sent and their results.',
  usage: 'outbox [--json]',
  run: async (ctx) => {
    const { handlers, context } = await outboxContext(ctx);
    return handlers.outboxList(context);
  },
};

export const syncCommand: Command = {
  summary: 'Send the decisions waiting in the outbox.',
  usage: 'sync [--json]',
  run: async (ctx) => {
    const { handlers, context } = await outboxContext(ctx);
    return handlers.sync(context);
  },
};
