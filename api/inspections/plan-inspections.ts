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
    throw new Forbidden('Можно планировать только дома своей организации. Only your company’s buildings.');
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
    throw new Unprocessable('Планировать можно прошлый, текущий или следующий год. Plan last, this or next year.', [
      { field: 'body.year', reason: `${thisYear - 1}–${thisYear + 1}` },
    ]);
  }
  if (b.dueOn && Number(b.dueOn.slice(0, 4)) !== b.year) {
    throw new Unprocessable('Срок вне года осмотра. The due date is outside the inspection year.', [
      { field: 'body.dueOn', reason: `в ${b.year} году / within ${b.year}` },
    ]);
  }
}

/** Every named building is the municipality's (and the company's, when held to its own). */
async function checkPlannedBuildings(ctx: Context, buildingIds: number[], own: number | null): Promise<void> {
  const found = await buildingsInScope(ctx.db, buildingIds, ctx.actor!.municipalityId, own);
  const bad = buildingIds.map((bid, i) => [bid, i] as const).filter(([bid]) => !found.has(bid));
  if (bad.length > 0) {
    throw new Unprocessable(
      'Некоторые дома нельзя включить в план. Some buildings cannot be planned.',
      bad.slice(0, 20).map(([, i]) => ({
        field: `body.buildingIds.${i}`,
        reason:
          own !== null
            ? 'нет такого дома у вашей организации / not a building of your company'
            : 'нет такого дома / no such building',
      })),
    );
  }
}
