import { z } from 'zod';
import { appealStatuses, organisationKinds } from '../../db/schema/index.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { problemSchema } from '../errors.ts';
import { bigRecordId, recordId, userText } from '../schemas.ts';
import { dueTimesSchema, queueBase } from '../queue/schemas.ts';

/** A page of a board list: "show more" asks for the next offset. */
export const boardPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** What both lists show of an appeal. */
const boardItemBase = queueBase.extend({
  /** The city's clock: its running deadlines (the category's SLA, from filing), null when stopped or paused. */
  ...dueTimesSchema,
  /** How long past the earliest missed deadline; 0 when none is missed. */
  lateMillis: z.number(),
  /** The kind of organisation that answers for the category. */
  responsibleKind: z.enum(organisationKinds),
  /** Organisations the routing rules send the category to: they fit it whatever their kind. */
  ruleOrganisationIds: z.array(z.number().int()),
});
export type BoardItemBase = z.infer<typeof boardItemBase>;

export const overdueItem = boardItemBase
  .extend({
    assignedOrgId: z.number().int(),
    /** The organisation's own clock: when it received the appeal (its latest assignment or reassignment). */
    assignedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'OverdueAppeal' });

export const triageItem = boardItemBase.extend({ triageReason: z.string().nullable() }).meta({ id: 'TriageAppeal' });

/** A page of a list, with how many there are in all and where the next page starts (null: no more). */
const boardPage = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    offset: z.number().int(),
    nextOffset: z.number().int().nullable(),
  });
export const overduePage = boardPage(overdueItem);
export const triagePage = boardPage(triageItem);

export const bulkReassign = z
  .object({
    appeals: z
      .array(z.object({ id: bigRecordId, expectedVersion: z.number().int().positive().optional() }))
      .min(1, messageRef('board.field.appeals_at_least_one'))
      .max(100, messageRef('board.field.appeals_at_most', { max: 100 })),
    targetOrgId: recordId,
    reason: userText(2000, { length: 1, tooShort: messageRef('board.field.reason_required') }),
    /** Hand over even appeals whose category the organisation's kind does not answer for. */
    confirmWrongKind: z.boolean().optional(),
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

/** The refusal of a hand-over to an organisation of the wrong kind (or any other conflict). */
export const wrongKindProblem = problemSchema
  .extend({
    /** The appeals whose category another kind of organisation answers for. */
    wrongKind: z
      .array(z.object({ id: z.number().int(), number: z.string(), responsibleKind: z.enum(organisationKinds) }))
      .optional(),
  })
  .meta({ id: 'WrongKindProblem' });
