import { z } from 'zod';
import { categoryGroups, organisationKinds, priorities, utilities } from '../../db/schema/index.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { boolQuery, code, required, searchQuery } from '../directory/fields.ts';
import { municipalityQuery } from '../schemas.ts';

/** A category residents choose from. */
export const categorySchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    nameRu: z.string(),
    nameEn: z.string(),
    group: z.enum(categoryGroups),
    defaultPriority: z.enum(priorities),
    emergency: z.boolean(),
    public: z.boolean(),
    needsBuilding: z.boolean(),
    /** For utility categories: the service (an active outage of it explains the problem). */
    utility: z.enum(utilities).nullable(),
  })
  .meta({ id: 'Category' });

export const publicCategoriesQuery = z.object({ municipality: municipalityQuery });

const categoryFields = {
  code: code.describe('Unique in the municipality'),
  nameRu: required(200),
  nameEn: required(200),
  group: z.enum(categoryGroups),
  responsibleKind: z
    .enum(organisationKinds)
    .describe(
      'Who answers by default: the building’s management company or supplier, or the organisation of this kind for the district or city',
    ),
  utility: z.enum(utilities).nullable().describe('For resource_supplier: which of the building’s suppliers answers'),
  defaultPriority: z.enum(priorities),
  emergency: z.boolean().describe('Appeals are emergencies whatever the default priority'),
  public: z.boolean().describe('false: appeals never appear on public views'),
  needsBuilding: z.boolean().describe('An appeal must concern a building'),
  sortOrder: z
    .number({ error: messageRef('field.expected_number') })
    .int(messageRef('field.whole_number'))
    .min(-1000, messageRef('field.range', { min: -1000, max: 1000 }))
    .max(1000, messageRef('field.range', { min: -1000, max: 1000 })),
  active: z.boolean().describe('false: residents can no longer choose it; its appeals stay'),
};
export const categoryInput = z
  .strictObject({
    ...categoryFields,
    utility: categoryFields.utility.default(null),
    defaultPriority: categoryFields.defaultPriority.default('normal'),
    emergency: categoryFields.emergency.default(false),
    public: categoryFields.public.default(true),
    needsBuilding: categoryFields.needsBuilding.default(false),
    sortOrder: categoryFields.sortOrder.default(0),
    active: categoryFields.active.default(true),
  })
  .describe('A new category');
export type CategoryInput = z.output<typeof categoryInput>;
export const categoryPatch = z.strictObject(categoryFields).partial().describe('The fields of a category to change');
export type CategoryPatch = z.output<typeof categoryPatch>;

/** The admin list's filters (paging is added by the directory's list route). */
export const categoryFilter = {
  q: searchQuery.describe('Part of the Russian or English name, or of the code'),
  group: z.enum(categoryGroups).optional(),
  active: boolQuery.optional(),
};

export const adminCategorySchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    nameRu: z.string(),
    nameEn: z.string(),
    group: z.enum(categoryGroups),
    responsibleKind: z.enum(organisationKinds),
    utility: z.enum(utilities).nullable(),
    defaultPriority: z.enum(priorities),
    emergency: z.boolean(),
    public: z.boolean(),
    needsBuilding: z.boolean(),
    sortOrder: z.number().int(),
    active: z.boolean(),
  })
  .meta({ id: 'AdminCategory' });
export type AdminCategory = z.output<typeof adminCategorySchema>;

export const categoryRemoval = z.object({
  outcome: z.enum(['deleted', 'deactivated']),
  category: adminCategorySchema,
  usedBy: z.array(z.enum(['appeals', 'routingRules', 'slaPolicies'])),
});
export type CategoryRemoval = z.output<typeof categoryRemoval>;
