import { z } from 'zod';
import type { BuildingChoice } from '../../db/queries/outages.ts';
import { outageKinds, outageStatuses, outageUpdateKinds, roles, utilities } from '../../db/schema/index.ts';
import type { Ring } from '../../dispatch/outages.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { bboxParam, municipalityQuery, recordId, recordIdParam, userText } from '../schemas.ts';

const instant = z.iso.datetime({
  offset: true,
  error: messageRef('outage.field.date_time'),
});
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
// A whole district's buildings are chosen by districtId; a list is for a street or a block.
const MAX_LISTED = 2000;

const buildingChoice = {
  buildingIds: z.array(recordId).min(1, messageRef('outage.field.choose_building')).max(MAX_LISTED).optional(),
  area: z.array(lonLat).min(3, messageRef('outage.field.three_corners')).max(201).optional(),
  districtId: recordId.optional(),
};
// Exactly one of the three names the buildings: said in words, since a JSON Schema `oneOf` over them
// would turn the web client's body type into a union it cannot build.
const oneWay = 'Ровно одно из buildingIds, area, districtId / Exactly one of buildingIds, area, districtId';
const oneBuildingChoice = {
  buildingIds: buildingChoice.buildingIds.describe(oneWay),
  area: buildingChoice.area.describe(oneWay),
  districtId: buildingChoice.districtId.describe(oneWay),
};

/** The one way of choosing buildings a request took (the schemas refuse none or several). */
export function choiceOf(v: {
  buildingIds?: number[];
  area?: [number, number][];
  districtId?: number;
}): BuildingChoice | null {
  const given = [v.buildingIds, v.area, v.districtId].filter((x) => x !== undefined).length;
  if (given !== 1) return null;
  if (v.buildingIds) return { buildingIds: [...new Set(v.buildingIds)] };
  if (v.area) return { area: v.area as Ring };
  return { districtId: v.districtId! };
}
const oneChoice = (v: { buildingIds?: unknown; area?: unknown; districtId?: unknown }) =>
  [v.buildingIds, v.area, v.districtId].filter((x) => x !== undefined).length === 1;
const oneChoiceMessage = {
  message: messageRef('outage.field.one_way'),
  path: ['buildingIds'],
};

export const publishInput = z
  .object({
    organisationId: recordId
      .optional()
      .describe('Publishing on behalf of (dispatchers and admins); staff publish for their own organisation'),
    service: z.enum(utilities),
    kind: z.enum(outageKinds),
    reason: userText(1000, { length: 3, tooShort: messageRef('outage.field.reason') }),
    startsAt: instant,
    expectedEndAt: instant,
    note: userText(1000).optional(),
    ...oneBuildingChoice,
  })
  .refine(oneChoice, oneChoiceMessage);
export type PublishInput = z.infer<typeof publishInput>;

export const previewInput = z
  .object({ organisationId: recordId.optional(), service: z.enum(utilities), ...oneBuildingChoice })
  .refine(oneChoice, oneChoiceMessage);
export type PreviewInput = z.infer<typeof previewInput>;

export const changeInput = z.object({
  expectedVersion: z.number().int().positive(),
  expectedEndAt: instant.optional(),
  reason: userText(1000, { length: 3, tooShort: messageRef('outage.field.reason') }).optional(),
  buildingIds: buildingChoice.buildingIds,
  note: userText(1000).optional().describe('A message to residents with this change'),
});
export type ChangeInput = z.infer<typeof changeInput>;

export const closeInput = z.object({
  expectedVersion: z.number().int().positive().optional(),
  restoredAt: instant.optional().describe('When the service came back (restore only); now when absent'),
  note: userText(1000).optional(),
});
export type CloseInput = z.infer<typeof closeInput>;

const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });
export const buildingRef = z.object({ id: z.number().int(), address: z.string(), lat: z.number(), lon: z.number() });

/** The public view of an outage: the publisher is an organisation, never a person. */
export const outageSchema = z
  .object({
    id: z.number().int(),
    municipalityId: z.number().int(),
    service: z.enum(utilities),
    kind: z.enum(outageKinds),
    status: z.enum(outageStatuses),
    phase: z.enum(['upcoming', 'ongoing', 'overdue', 'restored', 'cancelled']),
    reason: z.string(),
    startsAt: z.iso.datetime({ offset: true }),
    expectedEndAt: z.iso.datetime({ offset: true }),
    restoredAt: z.iso.datetime({ offset: true }).nullable(),
    organisation: nameRef,
    area: z.array(z.tuple([z.number(), z.number()])).nullable(),
    districtId: z.number().int().nullable(),
    buildingCount: z.number().int(),
    /** The first buildings by address (all of them on the single-outage view, up to 5,000). */
    buildings: z.array(buildingRef),
    escalationLevel: z.number().int(),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Outage' });
export type OutageView = z.infer<typeof outageSchema>;

export const updateSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(outageUpdateKinds),
    /** Who acted, as a role (the system for escalation); never a name. */
    actorRole: z.enum(roles).nullable(),
    note: z.string().nullable(),
    changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
    at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'OutageUpdate' });

export const outageDetailSchema = outageSchema.extend({
  updates: z.array(updateSchema),
  canPublish: z.boolean(),
  /** The signed-in resident follows it (hears of its changes and restoration). */
  following: z.boolean(),
});

export const listQuery = z.object({
  municipality: municipalityQuery,
  status: z.enum(['active', 'restored', 'cancelled', 'all']).default('active'),
  service: z.enum(utilities).optional(),
  buildingId: recordIdParam.optional(),
  districtId: recordIdParam.optional(),
  organisationId: recordIdParam.optional(),
  bbox: bboxParam.optional(),
  /** Buildings listed per outage (the count is always given). */
  buildings: z.coerce.number().int().min(0).max(500).default(100),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type ListQuery = z.infer<typeof listQuery>;

export const listAnswer = z.object({
  items: z.array(outageSchema),
  /** The municipality listed (its live stream is outages:{municipalityId}). */
  municipalityId: z.number().int(),
});

export const previewAnswer = z.object({ buildings: z.array(buildingRef.extend({ served: z.boolean() })) });
