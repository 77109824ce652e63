/**
 * Resolves an ID the user typed to one request of any kind, through the same services the
 * app reads: a stage id one service owns (an ARM stage id, a Graph stage path) is asked of
 * that service alone; anything else is looked up service by service, Azure resources first.
 * A kind that cannot be read is named on stderr and skipped. Reads only.
 */
import type { ArmResult } from '../core/arm/types';
import type { Resolved } from '../core/services/approval-service';
import type { ArmAccess, CommandContext } from './context';
import { cliServices, kindWarning, unavailableWarning } from './services';

const NOT_FOUND: ArmResult<Resolved> = { ok: true, value: { kind: 'not-found' }, meta: { status: 200, clientRequestId: '', requestId: null, correlationId: null } };

export async function findAnyTarget(ctx: CommandContext, arm: ArmAccess, id: string): Promise<ArmResult<Resolved>> {
  const services = await cliServices(ctx, arm);
  const { registry } = services;
  const owner = registry.services.find((s) => s.ownsStageId(id));
  for (const service of owner ? [owner] : registry.services) {
    const { context, problem } = await services.readerFor(service);
    const found = await service.find(id, context);
    if (found.ok && problem) ctx.io.err(problem);
    // The owner's answer is the answer; so is the essential service's failure (the connection).
    if (owner || (!found.ok && service.essential)) return found;
    if (!found.ok) {
      ctx.io.err(kindWarning(service, found.error));
      continue;
    }
    if (found.value.kind !== 'not-found') return found;
  }
  if (registry.unavailable.length > 0) ctx.io.err(unavailableWarning(registry.unavailable, 'were not searched'));
  return NOT_FOUND;
}
