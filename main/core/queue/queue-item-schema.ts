/**
 * A QueueItem as it is kept on disk (persisted-queue.ts), owned by the core: the file's
 * schema must not change because the IPC contract did. Checked against the QueueItem type
 * at compile time below, so adding a field to one without the other fails the build.
 */
import { z } from 'zod';
import { DECISION_KINDS } from '../outbox/types';
import type { QueueItem } from './queue-item';

const Named = z.object({ id: z.string(), displayName: z.string() });

export const QueueItemSchema = z.object({
  id: z.string(),
  kind: z.enum(DECISION_KINDS),
  access: z.enum(['member', 'owner']).optional(),
  accountId: z.string(),
  approvalId: z.string(),
  requestId: z.string(),
  requestName: z.string(),
  requestType: z.string(),
  requester: Named.extend({ upn: z.string().nullable() }),
  role: Named,
  scope: Named.extend({ type: z.string() }),
  justification: z.string().nullable(),
  ticket: z.object({ number: z.string().nullable(), system: z.string().nullable() }),
  createdOn: z.string(),
  expiresAt: z.string(),
  startsAt: z.string().nullable(),
  duration: z.string().nullable(),
  stage: z.object({ index: z.number().int(), count: z.number().int(), status: z.string() }),
  actionable: z.boolean(),
  readOnly: z.enum(['portal-only', 'own-request', 'not-mine']).optional(),
});

type Parsed = z.infer<typeof QueueItemSchema>;
const _sameShape: (i: Parsed) => QueueItem = (i) => i;
const _sameShapeBack: (i: QueueItem) => Parsed = (i) => i;
void _sameShape;
void _sameShapeBack;
