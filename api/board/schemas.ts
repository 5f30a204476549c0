import { z } from 'zod';
import { appealStatuses } from '../../db/schema/index.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { bigRecordId, recordId, userText } from '../schemas.ts';
import { dueTimesSchema, queueBase } from '../queue/schemas.ts';

export const limit = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const overdueItem = queueBase
  .extend({
    assignedOrgId: z.number().int().nullable(),
    ...dueTimesSchema,
    /** How long past the earliest missed deadline. */
    lateMillis: z.number(),
  })
  .meta({ id: 'OverdueAppeal' });

export const triageItem = queueBase.extend({ triageReason: z.string().nullable() }).meta({ id: 'TriageAppeal' });

export const bulkReassign = z
  .object({
    appeals: z
      .array(z.object({ id: bigRecordId, expectedVersion: z.number().int().positive().optional() }))
      .min(1, messageRef('board.field.appeals_at_least_one'))
      .max(100, messageRef('board.field.appeals_at_most', { max: 100 })),
    targetOrgId: recordId,
    reason: userText(2000).pipe(z.string().min(1, messageRef('board.field.reason_required'))),
  })
  .meta({ id: 'BulkReassignInput' });
export type BulkReassign = z.infer<typeof bulkReassign>;

export const bulkOutcome = z
  .object({
    id: z.number().int(),
    ok: z.boolean(),
    status: z.enum(appealStatuses).optional(),
    version: z.number().int().optional(),
    assignedOrgId: z.number().int().nullable().optional(),
    /** When refused: the HTTP status and problem the single action would have answered. */
    problem: z.object({ status: z.number().int(), code: z.string(), detail: z.string() }).optional(),
  })
  .meta({ id: 'BulkOutcome' });
export type BulkOutcome = z.infer<typeof bulkOutcome>;
