import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { RoutingFacts, RoutingRule } from '../../dispatch/routing.ts';
import { announceEvents } from '../announce.ts';
import type { Db } from '../client.ts';
import {
  appealEvents,
  appeals,
  buildings,
  categories,
  districts,
  organisations,
  routingRules,
} from '../schema/index.ts';
import type { CategoryGroup } from '../schema/index.ts';

/** Active and inactive rules of a municipality (the router skips inactive ones). */
export async function listRoutingRules(db: Db, municipalityId: number): Promise<RoutingRule[]> {
  const rows = await db
    .select()
    .from(routingRules)
    .where(eq(routingRules.municipalityId, municipalityId))
    .orderBy(asc(routingRules.id));
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.categoryId,
    group: r.group,
    districtIds: r.districtIds,
    buildingIds: r.buildingIds,
    targetOrgId: r.targetOrgId,
    priority: r.priority,
    active: r.active,
  }));
}

export type RoutableAppeal = {
  id: number;
  municipalityId: number;
  authorId: number;
  categoryId: number;
  priority: (typeof appeals.$inferSelect)['priority'];
  status: (typeof appeals.$inferSelect)['status'];
  assignedOrgId: number | null;
  triageReason: string | null;
  version: number;
};

/**
 * Lock a new appeal for routing and gather what the router needs. Null when the appeal is gone;
 * the caller checks the status (routing is idempotent: only a `new`, untriaged appeal is routed).
 */
export async function lockAppealForRouting(
  db: Db,
  appealId: number,
): Promise<{ appeal: RoutableAppeal; facts: RoutingFacts } | null> {
  const [row] = await db
    .select({
      appeal: {
        id: appeals.id,
        municipalityId: appeals.municipalityId,
        authorId: appeals.authorId,
        categoryId: appeals.categoryId,
        priority: appeals.priority,
        status: appeals.status,
        assignedOrgId: appeals.assignedOrgId,
        triageReason: appeals.triageReason,
        version: appeals.version,
        districtId: appeals.districtId,
        buildingId: appeals.buildingId,
      },
      category: {
        id: categories.id,
        group: categories.group,
        responsibleKind: categories.responsibleKind,
        utility: categories.utility,
      },
    })
    .from(appeals)
    .innerJoin(categories, eq(categories.id, appeals.categoryId))
    .where(eq(appeals.id, appealId))
    .for('update', { of: appeals });
  if (!row) return null;
  const { districtId, buildingId, ...appeal } = row.appeal;
  const building = buildingId
    ? (
        await db
          .select({
            id: buildings.id,
            districtId: buildings.districtId,
            managementCompanyId: buildings.managementCompanyId,
            cold_water: buildings.coldWaterSupplierId,
            hot_water: buildings.hotWaterSupplierId,
            heating: buildings.heatingSupplierId,
            electricity: buildings.electricitySupplierId,
            gas: buildings.gasSupplierId,
          })
          .from(buildings)
          .where(eq(buildings.id, buildingId))
      )[0]
    : undefined;
  const orgs = await db
    .select({ id: organisations.id, kind: organisations.kind, districtId: organisations.districtId })
    .from(organisations)
    .where(eq(organisations.municipalityId, appeal.municipalityId));
  return {
    appeal,
    facts: {
      category: row.category,
      building: building
        ? {
            id: building.id,
            districtId: building.districtId,
            managementCompanyId: building.managementCompanyId,
            suppliers: {
              cold_water: building.cold_water,
              hot_water: building.hot_water,
              heating: building.heating,
              electricity: building.electricity,
              gas: building.gas,
            },
          }
        : null,
      districtId: building?.districtId ?? districtId,
      rules: await listRoutingRules(db, appeal.municipalityId),
      organisations: orgs,
    },
  };
}

/** Leave the appeal for the dispatcher's triage queue, with the reason (no status change). */
export async function recordTriage(
  db: Db,
  appeal: RoutableAppeal,
  reason: string,
  detail: unknown,
  now: Date,
): Promise<void> {
  await db
    .update(appeals)
    .set({ triageReason: reason, version: sql`${appeals.version} + 1`, updatedAt: now })
    .where(eq(appeals.id, appeal.id));
  const rows = await db
    .insert(appealEvents)
    .values({
      appealId: appeal.id,
      type: 'triage',
      fromStatus: appeal.status,
      toStatus: appeal.status,
      payload: { reason, detail, system: 'routing' },
      at: now,
    })
    .returning({ id: appealEvents.id });
  announceEvents(db, rows);
}

/** A routing rule as the admin sees it: the router's fields plus the note and the times. */
export type RoutingRuleRow = typeof routingRules.$inferSelect;

/** The fields an admin sets on a rule. */
export type RoutingRuleFields = {
  categoryId: number | null;
  group: CategoryGroup | null;
  districtIds: number[] | null;
  buildingIds: number[] | null;
  targetOrgId: number;
  priority: number;
  active: boolean;
  note: string | null;
};

/** A municipality's rules for the admin screen, the strongest first (as the router weighs them). */
export async function listRoutingRuleRows(
  db: Db,
  municipalityId: number,
  filter: { active?: boolean; categoryId?: number; group?: CategoryGroup } = {},
): Promise<RoutingRuleRow[]> {
  return db
    .select()
    .from(routingRules)
    .where(
      and(
        eq(routingRules.municipalityId, municipalityId),
        filter.active === undefined ? undefined : eq(routingRules.active, filter.active),
        filter.categoryId === undefined ? undefined : eq(routingRules.categoryId, filter.categoryId),
        filter.group === undefined ? undefined : eq(routingRules.group, filter.group),
      ),
    )
    .orderBy(sql`${routingRules.priority} desc`, asc(routingRules.id));
}

/** One rule of the municipality; null when it does not exist there. `lock` holds it for an update. */
export async function getRoutingRuleRow(
  db: Db,
  municipalityId: number,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<RoutingRuleRow | null> {
  const query = db
    .select()
    .from(routingRules)
    .where(and(eq(routingRules.id, id), eq(routingRules.municipalityId, municipalityId)));
  const rows = opts.lock ? await query.for('update') : await query;
  return rows[0] ?? null;
}

export async function insertRoutingRule(
  db: Db,
  municipalityId: number,
  fields: RoutingRuleFields,
  now: Date,
): Promise<RoutingRuleRow> {
  const [row] = await db
    .insert(routingRules)
    .values({ municipalityId, ...fields, createdAt: now, updatedAt: now })
    .returning();
  return row;
}

export async function updateRoutingRuleRow(
  db: Db,
  municipalityId: number,
  id: number,
  fields: RoutingRuleFields,
  now: Date,
): Promise<RoutingRuleRow | null> {
  const [row] = await db
    .update(routingRules)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(routingRules.id, id), eq(routingRules.municipalityId, municipalityId)))
    .returning();
  return row ?? null;
}

/** Delete a rule and return it; null when the municipality has no such rule. */
export async function deleteRoutingRuleRow(db: Db, municipalityId: number, id: number): Promise<RoutingRuleRow | null> {
  const [row] = await db
    .delete(routingRules)
    .where(and(eq(routingRules.id, id), eq(routingRules.municipalityId, municipalityId)))
    .returning();
  return row ?? null;
}

/** Which of these district ids are not districts of the municipality. */
export async function foreignDistrictIds(db: Db, municipalityId: number, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: districts.id })
    .from(districts)
    .where(and(eq(districts.municipalityId, municipalityId), inArray(districts.id, [...ids])));
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/** Which of these building ids are not buildings of the municipality. */
export async function foreignBuildingIds(db: Db, municipalityId: number, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.municipalityId, municipalityId), inArray(buildings.id, [...ids])));
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/** The appeals of a municipality among `ids`, each with its category's profile (for the wrong-kind check). */
export async function appealCategoryProfiles(db: Db, municipalityId: number, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: appeals.id,
      number: appeals.number,
      category: { id: categories.id, group: categories.group, responsibleKind: categories.responsibleKind },
    })
    .from(appeals)
    .innerJoin(categories, eq(categories.id, appeals.categoryId))
    .where(and(eq(appeals.municipalityId, municipalityId), inArray(appeals.id, [...ids])))
    .orderBy(asc(appeals.id));
}
