/**
 * The record of ARM and Graph calls the simulator answered, for test assertions and
 * benchmarks. Control-channel calls never appear here. Never stores tokens or request bodies.
 */

export interface CallLogEntry {
  seq: number;
  /** Sim clock ms when the answer was decided. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  principal: string | null;
  /** The tenant id (`tid`) the bearer token names, whether or not this tenant accepted it; null
   * without a readable token. Never the token itself. */
  tid: string | null;
  /** The principal object id (`oid`) the bearer token names, in that token's tenant; null as `tid`. */
  oid: string | null;
  /** 0 when no answer was sent (dropped or hung connection). */
  status: number;
  kind: 'read' | 'write';
  /** ARM: listScheduleRequests, getScheduleRequest, putScheduleRequest, cancelScheduleRequest,
   * validateScheduleRequest, listApprovals, getApproval, listStages, getStage, putStage,
   * patchStage, batch, listTenants, unknown. Graph (prefixed so tests can count them apart):
   * graph.listEntraRequests, graph.getEntraApproval, graph.getEntraStep, graph.patchEntraStep,
   * graph.listGroupRequests, graph.getGroupApproval, graph.getGroupStage, graph.patchGroupStage,
   * graph.unknown. */
  route: string;
  stageId?: string;
  reviewResult?: string;
  fault?: 'error' | 'drop' | 'hang' | 'throttle';
}

export class CallLog {
  private entries: CallLogEntry[] = [];
  private seq = 0;

  add(entry: Omit<CallLogEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, ...entry });
  }

  list(): CallLogEntry[] {
    // Copies so a test holding an old snapshot does not see later calls appear in it.
    return this.entries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}
