/**
 * The on-disk shape of an outbox entry, checked on every load: a line that passes its
 * checksum but does not look like an entry (written by a newer version, or hand-edited)
 * is dropped and reported rather than sent half-understood.
 */
import { z } from 'zod';
import type { ItemKind } from '../model/state';
import { DECISION_KINDS, type DecisionKind, type OutboxEntry } from './types';

const EntryErrorSchema = z.object({
  message: z.string(),
  code: z.string().optional(),
  status: z.number().optional(),
  requestId: z.string().optional(),
});

export const OutboxEntrySchema = z.object({
  id: z.string().min(1),
  accountId: z.string(),
  kind: z.enum(DECISION_KINDS),
  stageId: z.string().min(1),
  request: z.object({
    role: z.string(),
    scope: z.string(),
    requester: z.string(),
    requesterUpn: z.string().nullable().optional(),
    requestId: z.string().nullable().optional(),
    approvalId: z.string().nullable().optional(),
    expiresAt: z.string().nullable().optional(),
    access: z.enum(['member', 'owner']).optional(),
  }),
  result: z.enum(['Approve', 'Deny']),
  justification: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  notBefore: z.number(),
  attempts: z.number().int().nonnegative(),
  state: z.enum(['queued', 'sending', 'done', 'conflict', 'expired', 'failed', 'cancelled']),
  outcomeMessage: z.string().nullable(),
  decidedBy: z.string().nullable(),
  lastError: EntryErrorSchema.nullable(),
  requestIds: z.array(z.object({ attempt: z.number(), clientRequestId: z.string(), requestId: z.string().nullable(), at: z.number() })),
  inFlightSince: z.number().nullable().optional(),
  reviewedAt: z.string().nullable().optional(),
});

// Compile-time guard: the schema and the hand-written type must not drift apart.
type Parsed = z.infer<typeof OutboxEntrySchema>;
const _sameShape: (e: Parsed) => OutboxEntry = (e) => e;
const _sameShapeBack: (e: OutboxEntry) => Parsed = (e) => e;
void _sameShape;
void _sameShapeBack;

// The window shows an entry's kind and queues an item's kind as an entry's: the contract's
// kinds and the journal's are one set. Adding a kind to one without the other fails here.
const _kindToWire: (k: DecisionKind) => ItemKind = (k) => k;
const _kindFromWire: (k: ItemKind) => DecisionKind = (k) => k;
void _kindToWire;
void _kindFromWire;
