import { messageRef } from '../../dispatch/messages/index.ts';
import { z } from 'zod';
import { inspectionStatuses } from '../../db/schema/index.ts';
import {
  checklistElementCodes,
  defectSeverities,
  inspectionSeasons,
  inspectionSteps,
} from '../../dispatch/inspections.ts';
import { bigIdParam, bigRecordIdParam, recordId, recordIdParam, userText } from '../schemas.ts';
import { photoParts } from '../uploads.ts';

export const id = bigRecordIdParam;
export const inspectionKey = bigIdParam;
export const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });

export const summarySchema = z
  .object({
    id: z.number().int(),
    buildingId: z.number().int(),
    address: z.string(),
    organisation: nameRef,
    year: z.number().int(),
    season: z.enum(inspectionSeasons),
    status: z.enum(inspectionStatuses),
    dueOn: z.iso.date(),
    plannedOn: z.iso.date().nullable(),
    overdue: z.boolean().describe('open after its due day (municipality time)'),
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    completedAt: z.iso.datetime({ offset: true }).nullable(),
    rating: z.number().nullable().describe('1.0 (emergency) … 5.0 (good), set on completion'),
    scored: z.number().int().describe('checklist elements scored so far'),
    defects: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'InspectionSummary' });

const photoSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  mediaType: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

export const detailSchema = summarySchema
  .omit({ defects: true })
  .extend({
    defectCount: z.number().int(),
    municipalityId: z.number().int(),
    inspectorId: z.number().int().nullable(),
    conclusion: z.string().nullable(),
    scores: z.array(
      z.object({
        element: z.enum(checklistElementCodes),
        score: z.number().int().nullable(),
        note: z.string().nullable(),
      }),
    ),
    defects: z.array(
      z.object({
        id: z.number().int(),
        element: z.enum(checklistElementCodes),
        severity: z.enum(defectSeverities),
        description: z.string(),
        appealId: z.number().int().nullable(),
        photos: z.array(photoSchema),
        createdAt: z.iso.datetime({ offset: true }),
      }),
    ),
    /** What this actor may do now. */
    allowed: z.array(z.enum(inspectionSteps)),
    /** Elements still to be scored before completion. */
    missing: z.array(z.enum(checklistElementCodes)),
    /** The rating the current scores give (before completion: a preview). */
    ratingPreview: z.number().nullable(),
  })
  .meta({ id: 'Inspection' });

export const scoreInput = z.object({
  element: z.string().max(40),
  score: z
    .number()
    .int(messageRef('inspection.field.whole_score'))
    .min(1, messageRef('inspection.field.score'))
    .max(5, messageRef('inspection.field.score'))
    .nullable(),
  note: userText(1000).optional(),
});

export const defectInput = z.object({
  element: z.enum(checklistElementCodes, { error: messageRef('inspection.field.element') }),
  severity: z.enum(defectSeverities, { error: messageRef('inspection.field.severity') }),
  description: userText(2000, { length: 5, tooShort: messageRef('inspection.field.description') }),
});

export const statsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  season: z.enum(inspectionSeasons).optional(),
});

export type DefectInput = z.infer<typeof defectInput>;

/** The same fields as a multipart form, with the photos. */
export const defectForm = defectInput.extend({ photos: photoParts });
export type ScoreInput = z.infer<typeof scoreInput>;
export type StatsQuery = z.infer<typeof statsQuery>;

/** The building's condition rating in the public building view: no names, only the rating and when. */
export const buildingConditionSchema = z
  .object({
    rating: z.number().describe('1.0 (emergency) … 5.0 (good)'),
    year: z.number().int(),
    season: z.enum(inspectionSeasons),
    inspectedOn: z.iso.datetime({ offset: true }),
  })
  .nullable()
  .describe('from the latest completed seasonal inspection; null when none')
  .meta({ id: 'BuildingCondition' });

const positiveInt = () => recordId;
const positiveQueryInt = () => recordIdParam;

export const checklistAnswer = z.object({
  elements: z.array(
    z.object({
      code: z.enum(checklistElementCodes),
      group: z.string(),
      nameRu: z.string(),
      nameEn: z.string(),
      checkRu: z.string(),
      checkEn: z.string(),
      weight: z.number(),
      optional: z.boolean(),
    }),
  ),
  scale: z.array(
    z.object({
      score: z.number().int(),
      nameRu: z.string(),
      nameEn: z.string(),
      meaningRu: z.string(),
      meaningEn: z.string(),
    }),
  ),
  seasons: z.array(z.object({ season: z.enum(inspectionSeasons), dueMonthDay: z.string() })),
});

export const planInput = z.object({
  year: z.number().int().min(2000).max(2100),
  season: z.enum(inspectionSeasons),
  organisationId: positiveInt().optional(),
  buildingIds: z.array(positiveInt()).min(1).max(10_000).optional(),
  dueOn: z.iso
    .date({ error: messageRef('inspection.field.date') })
    .optional()
    .describe('the due day, within `year`'),
});
export type PlanInput = z.infer<typeof planInput>;

export const planAnswer = z.object({
  year: z.number().int(),
  season: z.enum(inspectionSeasons),
  dueOn: z.iso.date(),
  created: z.number().int(),
  existing: z.number().int().describe('already planned for that season: left as they are'),
  unmanaged: z.number().int().describe('buildings without a management company: not planned'),
});

export const listQuery = z.object({
  status: z
    .union([z.enum(inspectionStatuses), z.array(z.enum(inspectionStatuses))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  season: z.enum(inspectionSeasons).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  organisationId: positiveQueryInt().optional(),
  buildingId: positiveQueryInt().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.infer<typeof listQuery>;

export const listAnswer = z.object({
  items: z.array(summarySchema),
  upcoming: z.object({ year: z.number().int(), season: z.enum(inspectionSeasons) }),
});

export const scoresInput = z.object({ scores: z.array(scoreInput).min(1).max(checklistElementCodes.length) });

export const defectAppealParams = z.object({ id, defectId: id });
export const defectAppealInput = z.object({ categoryId: positiveInt().optional() }).optional();
export const defectAppealAnswer = z.object({ appealId: z.number().int(), number: z.string() });

export const completeInput = z.object({ conclusion: userText(4000).optional() }).optional();
export const cancelInput = z.object({
  reason: userText(1000, { length: 3, tooShort: messageRef('inspection.field.reason') }),
});

export const photoParams = z.object({ id, attachmentId: id });

export const statsAnswer = z.object({
  today: z.iso.date(),
  byOrganisation: z.array(
    z.object({
      organisation: nameRef,
      planned: z.number().int(),
      inProgress: z.number().int(),
      completed: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
  overdue: z.array(summarySchema),
  seasons: z.array(
    z.object({
      year: z.number().int(),
      season: z.enum(inspectionSeasons),
      planned: z.number().int(),
      completed: z.number().int(),
    }),
  ),
});
