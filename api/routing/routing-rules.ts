import { getCategory } from '../../db/queries/categories.ts';
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import {
  deleteRoutingRuleRow,
  foreignBuildingIds,
  foreignDistrictIds,
  getRoutingRuleRow,
  insertRoutingRule,
  listRoutingRuleRows,
  type RoutingRuleFields,
  type RoutingRuleRow,
  updateRoutingRuleRow,
} from '../../db/queries/routing.ts';
import type { CategoryGroup } from '../../db/schema/index.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { type FieldProblem, NotFound, Unprocessable } from '../errors.ts';
import { type RuleInput, type RulePatch, type RuleView, ruleView } from './schemas.ts';

/*
 * The routing rules an admin manages for their own municipality; dispatchers and city hall may
 * read them. A change takes effect at once: the router reads the rules from the database for each
 * appeal (no cache). There is no audit table yet: each change is logged with the actor, and rows
 * keep updated_at.
 */

const ruleNotFound = () => new NotFound('rule');
const invalidRule = (errors: FieldProblem[]) => new Unprocessable({ id: 'routing.rule_invalid' }, errors);
const unique = (ids: number[] | null) => (ids === null ? null : [...new Set(ids)]);
const emptyToNull = (s: string | null) => (s === null || s === '' ? null : s);

/** The municipality's rules, the strongest first. */
export async function listRoutingRules(
  ctx: Context,
  filter: { active?: boolean; categoryId?: number; group?: CategoryGroup },
): Promise<{ items: RuleView[] }> {
  const rows = await listRoutingRuleRows(ctx.db, signedInActor(ctx).municipalityId, filter);
  return { items: rows.map(ruleView) };
}

/** One rule of the municipality; 404 when it has no such rule. */
export async function getRoutingRule(ctx: Context, id: number): Promise<RuleView> {
  const row = await getRoutingRuleRow(ctx.db, signedInActor(ctx).municipalityId, id);
  if (!row) throw ruleNotFound();
  return ruleView(row);
}

/** Add a rule; 422 with every problem of its fields when it cannot be saved. */
export async function createRoutingRule(ctx: Context, input: RuleInput): Promise<RuleView> {
  const actor = signedInActor(ctx);
  const fields: RoutingRuleFields = {
    ...input,
    districtIds: unique(input.districtIds),
    buildingIds: unique(input.buildingIds),
    note: emptyToNull(input.note),
  };
  await checkRule(ctx, actor.municipalityId, fields);
  const row = await insertRoutingRule(ctx.db, actor.municipalityId, fields, ctx.clock());
  ctx.log.info(
    { actorId: actor.userId, municipalityId: actor.municipalityId, ruleId: row.id, rule: fields },
    'routing rule created',
  );
  return ruleView(row);
}

/** Change the fields given (`{ active: false }` deactivates), the rule held while it is checked. */
export async function updateRoutingRule(ctx: Context, id: number, patch: RulePatch): Promise<RuleView> {
  const actor = signedInActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await getRoutingRuleRow(tx.db, actor.municipalityId, id, { lock: true });
    if (!before) throw ruleNotFound();
    const fields = patched(before, patch);
    await checkRule(tx, actor.municipalityId, fields);
    const row = (await updateRoutingRuleRow(
      tx.db,
      actor.municipalityId,
      before.id,
      fields,
      ctx.clock(),
    )) as RoutingRuleRow;
    ctx.log.info(
      {
        actorId: actor.userId,
        municipalityId: actor.municipalityId,
        ruleId: row.id,
        before: ruleView(before),
        change: patch,
      },
      'routing rule updated',
    );
    return ruleView(row);
  });
}

/** Delete a rule; appeals it routed keep their organisation (their history names the rule id). */
export async function deleteRoutingRule(ctx: Context, id: number): Promise<void> {
  const actor = signedInActor(ctx);
  const row = await deleteRoutingRuleRow(ctx.db, actor.municipalityId, id);
  if (!row) throw ruleNotFound();
  ctx.log.info(
    { actorId: actor.userId, municipalityId: actor.municipalityId, ruleId: row.id, before: ruleView(row) },
    'routing rule deleted',
  );
}

/** A rule with the patch's fields applied over its current ones. */
function patched(before: RoutingRuleRow, p: RulePatch): RoutingRuleFields {
  return {
    categoryId: p.categoryId === undefined ? before.categoryId : p.categoryId,
    group: p.group === undefined ? before.group : p.group,
    districtIds: p.districtIds === undefined ? before.districtIds : unique(p.districtIds),
    buildingIds: p.buildingIds === undefined ? before.buildingIds : unique(p.buildingIds),
    targetOrgId: p.targetOrgId ?? before.targetOrgId,
    priority: p.priority ?? before.priority,
    active: p.active ?? before.active,
    note: p.note === undefined ? before.note : emptyToNull(p.note),
  };
}

async function checkRule(ctx: Context, municipalityId: number, rule: RoutingRuleFields): Promise<void> {
  const errors = [...shapeProblems(rule), ...(await referenceProblems(ctx, municipalityId, rule))];
  if (errors.length > 0) throw invalidRule(errors);
}

/** What is wrong with the rule's criteria by themselves. */
function shapeProblems(rule: RoutingRuleFields): FieldProblem[] {
  const errors: FieldProblem[] = [];
  // The router ANDs them: a category already has one group, so both say nothing more or match nothing.
  if (rule.categoryId !== null && rule.group !== null) {
    errors.push({ field: 'body.group', reason: { id: 'routing.field.category_or_group' } });
  }
  // A rule without criteria would take every appeal of the city away from the defaults.
  if (rule.categoryId === null && rule.group === null && rule.districtIds === null && rule.buildingIds === null) {
    errors.push({ field: 'body.categoryId', reason: { id: 'routing.field.criterion_required' } });
  }
  return errors;
}

/** What the rule names that is not the municipality's: its category, organisation, districts, buildings. */
async function referenceProblems(
  ctx: Context,
  municipalityId: number,
  rule: RoutingRuleFields,
): Promise<FieldProblem[]> {
  const errors: FieldProblem[] = [];
  if (rule.categoryId !== null) {
    const category = await getCategory(ctx.db, rule.categoryId);
    if (!category || category.municipalityId !== municipalityId) {
      errors.push({ field: 'body.categoryId', reason: { id: 'field.no_such_category_here' } });
    }
  }
  const org = await getOrganisationRef(ctx.db, rule.targetOrgId);
  if (!org || org.municipalityId !== municipalityId) {
    errors.push({ field: 'body.targetOrgId', reason: { id: 'field.no_such_organisation_here' } });
  }
  const foreignDistricts = await foreignDistrictIds(ctx.db, municipalityId, rule.districtIds ?? []);
  if (foreignDistricts.length > 0) {
    errors.push({
      field: 'body.districtIds',
      reason: { id: 'routing.field.foreign_districts', params: { ids: foreignDistricts.join(', ') } },
    });
  }
  const foreignBuildings = await foreignBuildingIds(ctx.db, municipalityId, rule.buildingIds ?? []);
  if (foreignBuildings.length > 0) {
    errors.push({
      field: 'body.buildingIds',
      reason: { id: 'routing.field.foreign_buildings', params: { ids: foreignBuildings.slice(0, 20).join(', ') } },
    });
  }
  return errors;
}
