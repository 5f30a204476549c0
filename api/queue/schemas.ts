import { z } from 'zod';
import { appealStatuses, priorities } from '../../db/schema/index.ts';
import { recordIdParam } from '../schemas.ts';

export const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });

/** What every queue shows of an appeal (the organisation's queue and the dispatcher's board). */
export const queueBase = z.object({
  id: z.number().int(),
  number: z.string(),
  status: z.enum(appealStatuses),
  priority: z.enum(priorities),
  address: z.string().nullable(),
  category: nameRef,
  createdAt: z.iso.datetime({ offset: true }),
});
export type QueueBase = z.infer<typeof queueBase>;

export const dueTimesSchema = {
  responseDueAt: z.iso.datetime({ offset: true }).nullable(),
  resolutionDueAt: z.iso.datetime({ offset: true }).nullable(),
};

export const queueQuery = z.object({
  organisationId: recordIdParam
    .optional()
    .describe(
      'Чья очередь: обязательно для ролей всего муниципалитета (диспетчер, мэрия, администратор) / whose queue: ' +
        'required of municipality-wide roles (dispatchers, city hall, admins); organisations see their own',
    ),
  status: z
    .union([z.enum(appealStatuses), z.array(z.enum(appealStatuses))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional()
    .describe('default: every status the organisation works in (assigned, accepted, needs_info, reopened)'),
  categoryId: recordIdParam.optional(),
  districtId: recordIdParam.optional(),
  buildingId: recordIdParam.optional(),
  priority: z.enum(priorities).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: z.enum(['due', 'created']).default('due'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type QueueQuery = z.infer<typeof queueQuery>;

export const queueItem = queueBase
  .extend({
    ...dueTimesSchema,
    /** The running deadline that comes first; null while no clock runs (e.g. waiting for the resident). */
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    /** Until dueAt; negative when late. */
    remainingMillis: z.number().nullable(),
    reopenCount: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'QueueAppeal' });
