import { asc, eq, sql } from 'drizzle-orm';
import type { RoutingFacts, RoutingRule } from '../../dispatch/routing.ts';
import type { Db } from '../client.ts';
import { appealEvents, appeals, buildings, categories, organisations, routingRules } from '../schema/index.ts';

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
export async function lockAppealForRouting(db: Db, appealId: number): Promise<{ appeal: RoutableAppeal; facts: RoutingFacts } | null> {
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
      category: { id: categories.id, group: categories.group, responsibleKind: categories.responsibleKind, utility: categories.utility },
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
export async function recordTriage(db: Db, appeal: RoutableAppeal, reason: string, detail: unknown, now: Date): Promise<void> {
  await db
    .update(appeals)
    .set({ triageReason: reason, version: sql`${appeals.version} + 1`, updatedAt: now })
    .where(eq(appeals.id, appeal.id));
  await db.insert(appealEvents).values({
    appealId: appeal.id,
    type: 'triage',
    fromStatus: appeal.status,
    toStatus: appeal.status,
    payload: { reason, detail, system: 'routing' },
    at: now,
  });
}
