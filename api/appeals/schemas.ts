import { z } from 'zod';
import {
  appealStatuses,
  categoryGroups,
  channels,
  outageKinds,
  outageStatuses,
  priorities,
  roles,
  utilities,
} from '../../db/schema/index.ts';
import { lifecycleActions } from '../../dispatch/lifecycle.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import {
  bboxParam,
  bigIdParam,
  bigRecordId,
  latitude,
  longitude,
  municipalityQuery,
  recordId,
  recordIdParam,
  userText,
} from '../schemas.ts';
import { photoParts } from '../uploads.ts';

// 5 photos of ≤ 10 MB each (the multipart limits in app.ts enforce the same).

// Read as text from a form, so the numbers are coerced.
const appealFields = {
  categoryId: recordIdParam,
  buildingId: recordIdParam.optional(),
  lat: latitude.optional(),
  lon: longitude.optional(),
  description: userText(4000, { length: 5, tooShort: messageRef('appeal.field.description_too_short') }),
  entrance: userText(10).optional(),
  apartment: userText(10).optional(),
  channel: z.enum(['web', 'mobile']).default('web'),
};

export const appealInput = z
  .object(appealFields)
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.lon === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.lat === undefined ? 'lat' : 'lon'],
        message: messageRef('appeal.field.both_coordinates'),
      });
    }
  })
  // lat and lon come together: said to the document's readers as JSON Schema's dependentRequired.
  .meta({ id: 'AppealInput', dependentRequired: { lat: ['lon'], lon: ['lat'] } });

/** The same fields as a multipart form, with the photos. */
export const appealForm = z
  .object({ ...appealFields, photos: photoParts })
  .meta({ id: 'AppealForm', dependentRequired: { lat: ['lon'], lon: ['lat'] } });
export type AppealInput = z.infer<typeof appealInput>;

export const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, messageRef('appeal.field.idempotency_key_format'))
  .optional();

const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });
const photoSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

const slaClockSchema = z
  .object({
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    /** The working time the policy allows. */
    allowedMillis: z.number(),
    /** Working time counted (the calendar's hours only). */
    elapsedMillis: z.number(),
    remainingMillis: z.number(),
    paused: z.boolean(),
    /** Wall-clock time spent paused (waiting for the resident) in this cycle. */
    pausedMillis: z.number(),
    breached: z.boolean(),
    breachedAt: z.iso.datetime({ offset: true }).nullable(),
    stopped: z.boolean(),
  })
  .meta({ id: 'SlaClock' });

/** What anybody may see: no author, no contacts, no apartment. */
export const publicAppealSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    priority: z.enum(priorities),
    category: z.object({
      id: z.number().int(),
      code: z.string(),
      nameRu: z.string(),
      nameEn: z.string(),
      group: z.enum(categoryGroups),
    }),
    buildingId: z.number().int().nullable(),
    address: z.string().nullable(),
    district: nameRef.nullable(),
    organisation: nameRef.nullable(),
    lat: z.number(),
    lon: z.number(),
    description: z.string(),
    photos: z.array(photoSchema),
    /** SLA clocks, on the single-appeal view (computed from the history). */
    sla: z
      .object({
        response: slaClockSchema,
        resolution: slaClockSchema,
        reopenCount: z.number().int(),
        /** Resolution-clock working time while each organisation held the appeal. */
        byOrganisation: z.array(z.object({ organisationId: z.number().int(), elapsedMillis: z.number() })),
        /** When the organisation holding the appeal now received it: its own clock, apart from the city's. */
        organisationSince: z.iso.datetime({ offset: true }).nullable(),
      })
      .optional(),
    /** The outage the appeal was filed during (single-appeal view): follow it for the expected end. */
    outage: z
      .object({
        id: z.number().int(),
        service: z.enum(utilities),
        kind: z.enum(outageKinds),
        status: z.enum(outageStatuses),
        reason: z.string(),
        startsAt: z.iso.datetime({ offset: true }),
        expectedEndAt: z.iso.datetime({ offset: true }),
        restoredAt: z.iso.datetime({ offset: true }).nullable(),
      })
      .nullable()
      .optional(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'AppealPublic' });

export const fullAppealSchema = publicAppealSchema
  .extend({
    view: z.enum(['full']),
    municipalityId: z.number().int(),
    public: z.boolean(),
    channel: z.enum(channels),
    /** The entrance the author gave: only with the author's personal data (null without it). */
    entrance: z.string().nullable(),
    version: z.number().int(),
    /** Present only for those allowed to see the author's personal data. */
    author: z
      .object({
        id: z.number().int(),
        fullName: z.string().nullable(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        apartment: z.string().nullable(),
      })
      .optional(),
    /**
     * Filed through Open311: who the client says reported it (the author is the client's service
     * account). Present only beside `author`, for those allowed to see personal data; each reading
     * is recorded in the trail.
     */
    submitter: z
      .object({
        client: z.string().describe('The Open311 client that filed it'),
        firstName: z.string().nullable(),
        lastName: z.string().nullable(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        deviceId: z.string().nullable(),
        accountId: z.string().nullable(),
      })
      .optional(),
  })
  .meta({ id: 'AppealFull' });

export const appealViewSchema = z
  .union([fullAppealSchema, publicAppealSchema.extend({ view: z.enum(['public']) })])
  .meta({ id: 'AppealView' });

export const eventSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    fromStatus: z.enum(appealStatuses).nullable(),
    toStatus: z.enum(appealStatuses).nullable(),
    actorRole: z.enum(roles).nullable(),
    organisation: nameRef.nullable(),
    note: z.string().nullable(),
    /** Comments: public or internal (internal ones only reach those who may write them). */
    visibility: z.enum(['public', 'internal']).optional(),
    /** Photos that came with the event (ids for GET /api/attachments/{id}). */
    photos: z.array(z.number().int()),
    /** A hand-over (assigned, reassigned, returned to triage): from which organisation to which. */
    handover: z.object({ from: nameRef.nullable(), to: nameRef.nullable() }).optional(),
    /** An escalation step (sla_warning, sla_breach): the clock and the share of its allowance reached. */
    step: z.object({ clock: z.enum(['response', 'resolution']), percent: z.number().int() }).optional(),
    at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'AppealEvent' });

export const appealKey = z.object({
  id: z.string().regex(/^(\d{1,15}|[A-Za-z0-9]{2,8}-\d{4}-\d{6,})$/, messageRef('appeal.field.number_or_id_example')),
});

/** The same key as the lifecycle routes spell its error. */
export const actionAppealKey = z.object({
  id: z.string().regex(/^(\d{1,15}|[A-Za-z0-9]{2,8}-\d{4}-\d{6,})$/, messageRef('appeal.field.number_or_id')),
});

export const listQuery = z.object({
  municipality: municipalityQuery,
  view: z.enum(['scoped', 'public']).default('scoped').describe('public: the public map view for anybody'),
  status: z
    .union([z.enum(appealStatuses), z.array(z.enum(appealStatuses))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  categoryId: recordIdParam.optional(),
  districtId: recordIdParam.optional(),
  organisationId: recordIdParam.optional(),
  buildingId: recordIdParam.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bbox: bboxParam.optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListQuery = z.infer<typeof listQuery>;

export const similarQuery = z
  .object({
    categoryId: recordIdParam,
    buildingId: recordIdParam.optional().describe('Дом или точка (lat и lon) / A building, or a point (lat and lon)'),
    lat: latitude
      .optional()
      .describe(
        'Только вместе с lon; без buildingId обязательна / Only together with lon; required without buildingId',
      ),
    lon: longitude
      .optional()
      .describe(
        'Только вместе с lat; без buildingId обязательна / Only together with lat; required without buildingId',
      ),
  })
  .refine((q) => q.buildingId !== undefined || (q.lat !== undefined && q.lon !== undefined), {
    message: messageRef('appeal.field.building_or_point'),
    path: ['lat'],
  });
export type SimilarQuery = z.infer<typeof similarQuery>;

export const attachmentParams = bigIdParam;

const ratingMessage = messageRef('appeal.field.rating');
export const actionInput = z
  .object({
    action: z.enum(lifecycleActions),
    expectedVersion: z.number().int().positive().optional(),
    note: userText(4000).optional(),
    reason: userText(2000).optional(),
    targetOrgId: recordId.optional(),
    targetAppealId: bigRecordId.optional(),
    rating: z.number().int().min(1, ratingMessage).max(5, ratingMessage).optional(),
    categoryId: recordId.optional(),
    priority: z.enum(priorities).optional(),
    visibility: z.enum(['public', 'internal']).optional(),
  })
  .meta({ id: 'AppealActionInput' });

/** The same fields as a multipart form (see numbersIn), with the photos. */
export const actionForm = actionInput.extend({ photos: photoParts }).meta({ id: 'AppealActionForm' });

export const actionStateSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    assignedOrgId: z.number().int().nullable(),
    version: z.number().int(),
    allowed: z.array(z.enum(lifecycleActions)),
    /** After a category change: whether routing moved the appeal to another organisation. */
    reroute: z
      .union([
        z.object({ outcome: z.enum(['unchanged', 'moved']), organisationId: z.number().int() }),
        z.object({ outcome: z.literal('unroutable'), reason: z.string() }),
      ])
      .optional(),
  })
  .meta({ id: 'AppealActionState' });
