/**
 * Test support only: one ARM approval stage on a loopback server whose write answers the
 * test scripts (202 and apply later, 409 as text, 404, a dropped connection, 429…), so the
 * real ARM client and outbox can be driven against the ways a service misbehaves. Reads
 * show the stage as it stands at the test clock's time. Never used by production code.
 */
import type { ServerResponse } from 'node:http';
import type { Clock } from '../../main/core/clock';
import { fixtures, sendJson, startLoopback, type Hit, type LoopbackServer } from '../kit/loopback-server';

export const ME = 'me-oid';
export const STAGE_ID = fixtures.stageId('a1', 's1');

export interface ScriptedStage {
  server: LoopbackServer;
  /** Write requests (PUT, PATCH, POST) that reached the server. */
  writes(): Hit[];
  /** Decides the stage as Azure would, visible to reads from clock time `at` on. */
  applyAt(at: number, result: string, justification: string, by?: { principalId: string; principalName: string }): void;
  /** Replaces how reads are answered (default: the stage as it stands). */
  answerReads(handler: ((hit: Hit, res: ServerResponse) => void) | null): void;
  close(): Promise<void>;
}

export type WriteScript = (hit: Hit, res: ServerResponse, stage: ScriptedStage) => void;

/** The decision a write carries (nested PUT body or flat PATCH body). */
export function decisionIn(hit: Hit): { result: string; justification: string } {
  const body = JSON.parse(hit.body || '{}') as { properties?: Record<string, string>; reviewResult?: string; justification?: string };
  const fields = body.properties ?? body;
  return { result: fields.reviewResult ?? '', justification: fields.justification ?? '' };
}

export async function startScriptedStage(clock: Clock, onWrite: WriteScript): Promise<ScriptedStage> {
  let applied: { at: number; result: string; justification: string; by: { principalId: string; principalName: string } } | null = null;
  let readHandler: ((hit: Hit, res: ServerResponse) => void) | null = null;
  const current = () =>
    applied && applied.at <= clock.now()
      ? fixtures.stage('a1', 's1', { status: 'Completed', reviewResult: applied.result, justification: applied.justification, reviewedBy: applied.by })
      : fixtures.stage('a1', 's1');
  const stage: ScriptedStage = {
    server: undefined as unknown as LoopbackServer, // set right below, before any request can arrive
    writes: () => stage.server.hits.filter((h) => h.method !== 'GET'),
    applyAt(at, result, justification, by = { principalId: ME, principalName: 'Me' }) {
      if (!applied) applied = { at, result, justification, by }; // first decision wins, as in PIM
    },
    answerReads(handler) {
      readHandler = handler;
    },
    close: () => stage.server.close(),
  };
  stage.server = await startLoopback((hit, res) => {
    if (hit.method === 'GET') {
      if (hit.path.split('?')[0] !== STAGE_ID) return sendJson(res, 404, { error: { code: 'NotFound', message: 'no such stage' } });
      return readHandler ? readHandler(hit, res) : sendJson(res, 200, current());
    }
    onWrite(hit, res, stage);
  });
  return stage;
}
