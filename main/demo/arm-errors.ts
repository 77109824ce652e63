/**
 * ARM's error envelope and the reply type every route handler returns. Data only.
 */

export interface ArmReply {
  status: number;
  /** JSON body; undefined sends no body (e.g. 204). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Facts for the call log. */
  stageId?: string;
  reviewResult?: string;
}

export function armError(status: number, code: string, message: string, headers?: Record<string, string>): ArmReply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}
