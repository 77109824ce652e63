/**
 * ARM's batch endpoint (POST /batch?api-version=2020-06-01), which the portal uses and
 * the ARM client keeps as its last way to send a decision. Each item goes through the same
 * route handlers as a direct call, as the same caller.
 */
import { armError, type ArmReply } from '../arm-errors';
import { isRecord, type ArmCall, type ArmContext } from './context';
import type { RawCall } from './dispatch';

const MAX_ITEMS = 500;

export function batch(ctx: ArmContext, call: ArmCall, route: (ctx: ArmContext, raw: RawCall) => ArmReply): ArmReply {
  const items = isRecord(call.body) ? call.body['requests'] : undefined;
  if (!Array.isArray(items)) return armError(400, 'InvalidBatchRequest', 'The batch body must be {"requests": [...]}.');
  if (items.length > MAX_ITEMS) return armError(400, 'InvalidBatchRequest', `A batch holds at most ${MAX_ITEMS} requests.`);
  let logFacts: Pick<ArmReply, 'stageId' | 'reviewResult'> = {};
  const responses = items.map((item: unknown) => {
    const name = isRecord(item) && typeof item['name'] === 'string' ? { name: item['name'] } : {};
    if (!isRecord(item) || typeof item['httpMethod'] !== 'string' || typeof item['url'] !== 'string') {
      return { ...name, httpStatusCode: 400, headers: {}, content: { error: { code: 'InvalidBatchRequest', message: 'Each request needs httpMethod and url.' } } };
    }
    // Items may name the ARM host or be relative; only the path and query matter here.
    let url: URL;
    try {
      url = new URL(item['url'], ctx.origin);
    } catch {
      return { ...name, httpStatusCode: 400, headers: {}, content: { error: { code: 'InvalidBatchRequest', message: 'The url is invalid.' } } };
    }
    const method = item['httpMethod'].toUpperCase();
    const reply =
      url.pathname.toLowerCase() === '/batch'
        ? armError(400, 'InvalidBatchRequest', 'A batch cannot contain a batch.')
        : route(ctx, { method, pathname: url.pathname, query: Object.fromEntries(url.searchParams), body: item['content'] });
    if (reply.stageId && !logFacts.stageId) logFacts = { stageId: reply.stageId, ...(reply.reviewResult ? { reviewResult: reply.reviewResult } : {}) };
    const content = reply.body;
    return {
      ...name,
      httpStatusCode: reply.status,
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) },
      ...(content === undefined ? {} : { content, contentLength: Buffer.byteLength(JSON.stringify(content)) }),
    };
  });
  return { status: 200, body: { responses }, ...logFacts };
}
