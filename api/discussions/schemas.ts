/** The discussions' requests and answers (issue 17): the public list and page, the organiser's forms. */
import { z } from 'zod';
import { discussionKinds, discussionStatuses } from '../../dispatch/discussions.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { bboxParam, bigRecordIdParam, municipalityQuery, recordId, userText } from '../schemas.ts';

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
// The shape only; dispatch/territory.ts `territoryProblems` says what is wrong with it, per field (422).
const ring = z.array(lonLat).max(501);
export const territorySchema = z.object({
  areas: z.array(z.object({ outer: ring, holes: z.array(ring).max(51).default([]) })).max(21),
  plots: z
    .array(z.object({ cadastralNumber: z.string().max(40), ring }))
    .max(501)
    .default([]),
});

const localDate = z.iso.date({ error: messageRef('field.date') });
export const scheduleSchema = z.object({
  noticeOn: localDate,
  expositionFrom: localDate,
  expositionTo: localDate,
  proposalsFrom: localDate,
  proposalsTo: localDate,
  protocolBy: localDate,
  conclusionBy: localDate,
});

const texts = (max: number, min = 0) =>
  z.object({
    ru: userText(max, min > 0 ? { length: min, tooShort: messageRef('field.required') } : undefined),
    en: userText(max).default(''),
    tt: userText(max).default(''),
  });
const textsOut = z.object({ ru: z.string(), en: z.string(), tt: z.string() });

export const createInput = z.object({
  kind: z.enum(discussionKinds),
  title: texts(300, 3),
  summary: texts(5000),
  expositionPlace: userText(500).default(''),
  territory: territorySchema,
  buildingIds: z.array(recordId).max(2000).default([]).describe('Listed buildings, beside those inside the territory'),
  schedule: scheduleSchema.optional().describe('Defaults from the notice in a week (dispatch/discussions.ts)'),
  organiserId: recordId.optional().describe('The admin chooses the organisation; a supervisor organises for their own'),
});
export type CreateInput = z.infer<typeof createInput>;

export const patchInput = z.object({
  version: z.number().int().positive(),
  kind: z.enum(discussionKinds).optional(),
  title: texts(300, 3).optional(),
  summary: texts(5000).optional(),
  expositionPlace: userText(500).optional(),
  territory: territorySchema.optional(),
  buildingIds: z.array(recordId).max(2000).optional(),
  schedule: scheduleSchema.optional(),
});
export type PatchInput = z.infer<typeof patchInput>;

export const stepInput = z.object({ version: z.number().int().positive().optional() });
export const cancelInput = z.object({
  version: z.number().int().positive().optional(),
  reason: userText(1000, { length: 3, tooShort: messageRef('field.required') }),
});

export const statusGroups = ['open', 'upcoming', 'past', 'all'] as const;
export const listQuery = z.object({
  municipality: municipalityQuery,
  status: z
    .enum(statusGroups)
    .default('all')
    .describe('open: the exposition runs; upcoming: announced; past: closed, protocol, concluded, cancelled'),
  bbox: bboxParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ListQuery = z.infer<typeof listQuery>;

export const countsSchema = z.object({
  submitted: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  total: z.number().int(),
});

export const discussionSummary = z.object({
  id: z.number().int(),
  number: z.string(),
  kind: z.enum(discussionKinds),
  title: textsOut,
  status: z.enum(discussionStatuses),
  schedule: scheduleSchema,
  centre: lonLat,
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** The outline for the map (areas' outer rings and plots). */
  outlines: z.array(z.array(lonLat)),
  counts: countsSchema,
});
export type DiscussionSummary = z.infer<typeof discussionSummary>;
export const listAnswer = z.object({ items: z.array(discussionSummary), municipalityId: z.number().int() });

export const documentSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  url: z.string(),
  createdAt: z.string(),
});

export const discussionDetail = discussionSummary.extend({
  municipalityId: z.number().int(),
  timeZone: z.string(),
  summary: textsOut,
  expositionPlace: z.string(),
  territory: territorySchema,
  buildings: z.array(
    z.object({
      id: z.number().int(),
      address: z.string(),
      lon: z.number(),
      lat: z.number(),
      via: z.enum(['territory', 'listed']),
    }),
  ),
  documents: z.array(documentSchema),
  organiser: z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() }),
  announcedAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  protocolSignedAt: z.string().nullable(),
  concludedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** Which stage runs today (the municipality's local date). */
  stage: z.enum(['draft', 'notice', 'exposition', 'protocol', 'conclusion', 'archive', 'cancelled']),
  canManage: z.boolean(),
  canModerate: z.boolean(),
});
export type DiscussionDetail = z.infer<typeof discussionDetail>;

export const managedAnswer = z.object({ items: z.array(discussionSummary) });

export const eventSchema = z.object({
  id: z.number().int(),
  step: z.string(),
  proposalId: z.number().int().nullable(),
  actorId: z.number().int().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export const eventsAnswer = z.object({ items: z.array(eventSchema) });

export const documentParams = z.object({ id: bigRecordIdParam, documentId: bigRecordIdParam });
export const documentFields = z.object({ title: userText(300, { length: 1, tooShort: messageRef('field.required') }) });

export const datesInput = z.object({
  kind: z.enum(discussionKinds),
  noticeOn: localDate.optional().describe('The defaults from this notice day (a week on when absent)'),
  schedule: scheduleSchema.optional().describe('Dates to check as they are'),
});
export const datesAnswer = z.object({
  schedule: scheduleSchema,
  today: z.string(),
  problems: z.array(z.object({ field: z.string(), reason: z.string() })),
});
