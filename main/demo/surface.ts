/**
 * What the shared HTTP pipeline (server.ts) needs from one API it serves — ARM
 * (arm-surface.ts) or Microsoft Graph (graph-surface.ts): who the caller is, which bucket
 * throttles them, the API's error envelope and ids, its extra refusals and its routes.
 * Types only.
 */
import type { IncomingMessage } from 'node:http';
import type { ArmReply } from './arm-errors';
import type { Knobs } from './knobs';
import type { Caller, TokenCheck } from './tokens';

/** A route's answer, whichever API: status, JSON body, headers and call-log facts. */
export type Reply = ArmReply;

export type CallKind = 'read' | 'write';

export interface SurfaceCall {
  method: string;
  pathname: string;
  query: Record<string, string>;
  kind: CallKind;
  caller: Caller;
  knobs: Knobs;
  now: number;
}

export type Throttle = { ok: true; headers: Record<string, string> } | { ok: false; reply: Reply };

export interface Surface {
  /** Call-log route name of a call, without running anything. */
  routeName(method: string, pathname: string): string;
  /** Ids sent with every answer, echoing the caller's client request id. */
  idHeaders(req: IncomingMessage): Record<string, string>;
  /** Who calls, from the Authorization header; tokens of the other API's audience are refused. */
  authenticate(authorization: string | undefined): TokenCheck;
  /** The answers the pipeline itself gives, in this API's words. */
  errors: {
    unauthenticated(reason: Exclude<TokenCheck, { ok: true }>['reason']): Reply;
    tooLarge(): Reply;
    fault(status: 500 | 503): Reply;
    badJson(): Reply;
    internal(message: string): Reply;
  };
  /** Takes a token from this API's bucket: the remaining-count headers to send, or the 429. */
  throttle(kind: CallKind, now: number): Throttle;
  /** Refusals after throttling, before faults (ARM: MFA claims on writes; Graph: consent). */
  admit(call: SurfaceCall): Reply | null;
  route(call: SurfaceCall & { body: unknown }): Reply;
  /** Last touch on every answer, with the headers going out (Graph copies the ids into error bodies). */
  finish(reply: Reply, headers: Record<string, string>, now: number): Reply;
}
