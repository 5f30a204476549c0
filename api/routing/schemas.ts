import { z } from 'zod';
import type { RoutingRuleRow } from '../../db/queries/routing.ts';
import { categoryGroups } from '../../db/schema/index.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { recordId, recordIdParam, userText } from '../schemas.ts';

/*
 * Input schemas carry no component id: fastify-type-provider-zod refuses an id whose input and
 * output JSON schemas differ (defaults, strict objects), and OpenAPI documents the input anyway.
 */

const idList = z
  .array(recordId)
  .min(1, messageRef('routing.field.empty_list'))
  .max(1000, messageRef('field.at_most', { max: 1000 }));
const rulePriority = z
  .number({ error: messageRef('field.expected_number') })
  .int(messageRef('field.whole_number'))
  .min(-1000, messageRef('routing.field.priority_range'))
  .max(1000, messageRef('routing.field.priority_range'));
const note = userText(1000).nullable();

/** A category id in a query string (filters of the admin lists). */
const categoryIdQuery = recordIdParam.optional();

export const ruleQuery = z.object({
  active: z.enum(['true', 'false']).optional().describe('Only active (true) or inactive (false) rules'),
  categoryId: categoryIdQuery,
  group: z.enum(categoryGroups).optional(),
});

export const ruleInput = z
  .strictObject({
    categoryId: recordId
      .nullable()
      .default(null)
      .describe('The category the rule is for; null with `group` or for any category'),
    group: z
      .enum(categoryGroups)
      .nullable()
      .default(null)
      .describe('A whole group of categories instead of one category'),
    districtIds: idList.nullable().default(null).describe('Districts where the rule applies; null: anywhere'),
    buildingIds: idList.nullable().default(null).describe('Buildings where the rule applies; null: any building'),
    targetOrgId: recordId.describe('The organisation appeals matching the rule go to'),
    priority: rulePriority.default(0).describe('Higher wins; among equals the more specific rule, then the older one'),
    active: z.boolean().default(true),
    note: note.default(null).describe('Why the rule exists, for the next admin'),
  })
  .describe('A new routing rule');
export type RuleInput = z.infer<typeof ruleInput>;

export const rulePatch = z
  .strictObject({
    categoryId: recordId.nullable(),
    group: z.enum(categoryGroups).nullable(),
    districtIds: idList.nullable(),
    buildingIds: idList.nullable(),
    targetOrgId: recordId,
    priority: rulePriority,
    active: z.boolean(),
    note,
  })
  .partial()
  .describe('The fields of a routing rule to change');
export type RulePatch = z.infer<typeof rulePatch>;

export const ruleSchema = z
  .object({
    id: z.number().int(),
    categoryId: z.number().int().nullable(),
    group: z.enum(categoryGroups).nullable(),
    districtIds: z.array(z.number().int()).nullable(),
    buildingIds: z.array(z.number().int()).nullable(),
    targetOrgId: z.number().int(),
    priority: z.number().int(),
    active: z.boolean(),
    note: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'RoutingRule' });
export type RuleView = z.infer<typeof ruleSchema>;

/** A routing rule as the admin API shows it. */
export const ruleView = (r: RoutingRuleRow): RuleView => ({
  id: r.id,
  categoryId: r.categoryId,
  group: r.group,
  districtIds: r.districtIds,
  buildingIds: r.buildingIds,
  targetOrgId: r.targetOrgId,
  priority: r.priority,
  active: r.active,
  note: r.note,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
