/** Planning a season's inspections: one per building, by its management company. */
import { getMunicipality } from '../../db/queries/municipalities.ts';
import { buildingsInScope, planSeason } from '../../db/queries/inspections.ts';
import { localDay, seasonDueOn } from '../../dispatch/inspections.ts';
import { scopeOf } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { Forbidden, Unauthorized, Unprocessable } from '../errors.ts';
import type { PlanInput } from './schemas.ts';

/**
 * Plan a season's inspections of the buildings named, of a company, or of the whole municipality;
 * a company supervisor plans only the company's buildings. Buildings that already have the
 * season's inspection are counted as existing.
 */
export async function planInspections(ctx: Context, b: PlanInput) {
  const actor = ctx.actor;
  const scope = scopeOf(actor, 'inspection.plan');
  if (!actor || !scope) throw actor ? new Forbidden() : new Unauthorized();
  const municipality = (await getMunicipality(ctx.db, actor.municipalityId))!;
  checkPlanYear(b, Number(localDay(ctx.clock(), municipality.timeZone).slice(0, 4)));
  const own = scope === 'organisation' ? actor.organisationId : null;
  if (scope === 'organisation' && own === null) throw new Forbidden();
  if (own !== null && b.organisationId !== undefined && b.organisationId !== own)
    throw new Forbidden({ id: 'inspection.own_buildings_only' });
  if (b.buildingIds) await checkPlannedBuildings(ctx, b.buildingIds, own);
  const target = b.buildingIds
    ? ({ kind: 'buildings', buildingIds: b.buildingIds } as const)
    : own !== null
      ? ({ kind: 'organisation', organisationId: own } as const)
      : b.organisationId !== undefined
        ? ({ kind: 'organisation', organisationId: b.organisationId } as const)
        : ({ kind: 'municipality' } as const);
  const dueOn = b.dueOn ?? seasonDueOn(b.year, b.season);
  const result = await planSeason(ctx.db, {
    municipalityId: actor.municipalityId,
    year: b.year,
    season: b.season,
    dueOn,
    target,
    createdBy: actor.userId,
    now: ctx.clock(),
  });
  ctx.log.info({ year: b.year, season: b.season, target: target.kind, ...result }, 'inspections planned');
  return { year: b.year, season: b.season, dueOn, ...result };
}

/** Last, this or next year only, and a due day within the inspection's year. */
function checkPlanYear(b: PlanInput, thisYear: number): void {
  if (b.year < thisYear - 1 || b.year > thisYear + 1) {
    throw new Unprocessable({ id: 'inspection.plan_year' }, [
      { field: 'body.year', reason: { id: 'inspection.years', params: { from: thisYear - 1, to: thisYear + 1 } } },
    ]);
  }
  if (b.dueOn && Number(b.dueOn.slice(0, 4)) !== b.year) {
    throw new Unprocessable({ id: 'inspection.due_outside_year' }, [
      { field: 'body.dueOn', reason: { id: 'inspection.within_year', params: { year: b.year } } },
    ]);
  }
}

/** Every named building is the municipality's (and the company's, when held to its own). */
async function checkPlannedBuildings(ctx: Context, buildingIds: number[], own: number | null): Promise<void> {
  const found = await buildingsInScope(ctx.db, buildingIds, ctx.actor!.municipalityId, own);
  const bad = buildingIds.map((bid, i) => [bid, i] as const).filter(([bid]) => !found.has(bid));
  if (bad.length > 0) {
    throw new Unprocessable(
      { id: 'inspection.buildings_refused' },
      bad.slice(0, 20).map(([, i]) => ({
        field: `body.buildingIds.${i}`,
        reason: { id: own !== null ? 'inspection.not_your_building' : 'inspection.no_such_building' } as const,
      })),
    );
  }
}
