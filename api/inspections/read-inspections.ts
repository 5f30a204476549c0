/** Seasonal inspections as their readers see them: lists, one inspection, photos, statistics. */
import type { Db } from '../../db/client.ts';
import { getMunicipality } from '../../db/queries/municipalities.ts';
import {
  getDefectPhoto,
  getInspection,
  type Inspection,
  type InspectionScope,
  inspectionCounts,
  latestCondition,
  listDefects,
  listInspections,
  listScores,
  seasonCounts,
} from '../../db/queries/inspections.ts';
import {
  allowedSteps,
  checklist,
  checklistElement,
  type checklistElementCodes,
  completionProblems,
  conditionRating,
  type InspectionStep,
  inspectionSeasons,
  localDay,
  scoreScale,
  seasonDueOn,
  upcomingSeason,
} from '../../dispatch/inspections.ts';
import { type Actor, can, scopeOf } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { Forbidden, NotFound, Unauthorized } from '../errors.ts';
import type { buildingConditionSchema, ListQuery, StatsQuery } from './schemas.ts';
import type { z } from 'zod';

type ElementCode = (typeof checklistElementCodes)[number];
type Row = NonNullable<Awaited<ReturnType<typeof getInspection>>>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function summaryOf(r: Row) {
  const i = r.inspection;
  return {
    id: i.id,
    buildingId: i.buildingId,
    address: r.address,
    organisation: r.organisation,
    year: i.year,
    season: i.season,
    status: i.status,
    dueOn: i.dueOn,
    plannedOn: i.plannedOn,
    overdue: r.overdue,
    startedAt: iso(i.startedAt),
    completedAt: iso(i.completedAt),
    rating: i.rating,
    scored: r.scored,
    defects: r.defects,
    version: i.version,
  };
}

/** The inspection as a record of the permission rules: its municipality and its company. */
export const resourceOf = (i: Pick<Inspection, 'municipalityId' | 'organisationId'>) => ({
  municipalityId: i.municipalityId,
  organisationIds: [i.organisationId],
});

/** The municipality's time zone (Moscow when unknown). */
export async function timeZoneOf(ctx: Context, municipalityId: number): Promise<string> {
  return (await getMunicipality(ctx.db, municipalityId))?.timeZone ?? 'Europe/Moscow';
}

/** The inspection scope of a list: the actor's company, or its municipality. */
function listScope(actor: Actor): InspectionScope {
  const scope = scopeOf(actor, 'inspection.read');
  if (!actor || !scope) throw actor ? new Forbidden() : new Unauthorized();
  if (scope === 'organisation') {
    if (actor.organisationId === null) throw new Forbidden();
    return { kind: 'organisation', municipalityId: actor.municipalityId, organisationId: actor.organisationId };
  }
  return { kind: 'municipality', municipalityId: actor.municipalityId };
}

function stepsFor(actor: Actor, i: Inspection): InspectionStep[] {
  const conduct = can(actor, 'inspection.conduct', resourceOf(i));
  const plan = can(actor, 'inspection.plan', resourceOf(i));
  return allowedSteps(i.status).filter((s) => (s === 'cancel' ? plan : conduct));
}

/** The inspection if the actor may read it (else 404: it does not exist for them). */
export async function readableInspection(ctx: Context, inspectionId: number): Promise<Row> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const today = localDay(ctx.clock(), await timeZoneOf(ctx, actor.municipalityId));
  const row = await getInspection(ctx.db, inspectionId, today);
  if (!row || !can(actor, 'inspection.read', resourceOf(row.inspection))) throw new NotFound('inspection');
  return row;
}

/** The city checklist, the score scale and the seasons' due days. */
export function inspectionChecklist() {
  return {
    elements: checklist.map(({ appealCategories: _categories, ...e }) => e),
    scale: [...scoreScale],
    seasons: inspectionSeasons.map((season) => ({ season, dueMonthDay: seasonDueOn(2000, season).slice(5) })),
  };
}

/** One inspection with its scores, defects and photos, and what the actor may do next. */
export async function inspectionDetail(ctx: Context, inspectionId: number) {
  const row = await readableInspection(ctx, inspectionId);
  const i = row.inspection;
  const [scores, defects] = await Promise.all([listScores(ctx.db, i.id), listDefects(ctx.db, i.id)]);
  const scoreMap = Object.fromEntries(scores.map((s) => [s.element, s.score]));
  return {
    ...summaryOf(row),
    defectCount: row.defects,
    municipalityId: i.municipalityId,
    inspectorId: i.inspectorId,
    conclusion: i.conclusion,
    scores: scores
      .filter((s) => checklistElement(s.element))
      .map((s) => ({ element: s.element as ElementCode, score: s.score, note: s.note })),
    defects: defects.map((d) => ({
      id: d.id,
      element: d.element as ElementCode,
      severity: d.severity,
      description: d.description,
      appealId: d.appealId,
      photos: d.photos.map((p) => ({
        id: p.id,
        url: `/api/inspections/${i.id}/photos/${p.id}`,
        mediaType: p.mediaType,
        width: p.width,
        height: p.height,
      })),
      createdAt: d.createdAt.toISOString(),
    })),
    allowed: stepsFor(ctx.actor, i),
    missing: completionProblems(scoreMap)
      .map((p) => p.element)
      .filter((e): e is ElementCode => checklistElement(e) !== null),
    ratingPreview: conditionRating(scoreMap),
  };
}

/** A company's own buildings' inspections, or the municipality's; earliest due first. */
export async function listInspectionSummaries(ctx: Context, q: ListQuery) {
  const scope = listScope(ctx.actor);
  const timeZone = (await getMunicipality(ctx.db, scope.municipalityId))!.timeZone;
  const rows = await listInspections(
    ctx.db,
    scope,
    {
      statuses: q.status,
      year: q.year,
      season: q.season,
      overdue: q.overdue,
      organisationId: q.organisationId,
      buildingId: q.buildingId,
      today: localDay(ctx.clock(), timeZone),
    },
    q.limit,
    q.offset,
  );
  return { items: rows.map(summaryOf), upcoming: upcomingSeason(ctx.clock(), timeZone) };
}

/** Per organisation: planned, in progress, completed, overdue; the overdue ones; each season's plan. */
export async function inspectionStats(ctx: Context, q: StatsQuery) {
  const scope = listScope(ctx.actor);
  const timeZone = (await getMunicipality(ctx.db, scope.municipalityId))!.timeZone;
  const day = localDay(ctx.clock(), timeZone);
  const [byOrganisation, overdue, seasons] = await Promise.all([
    inspectionCounts(ctx.db, scope, { year: q.year, season: q.season, today: day }),
    listInspections(ctx.db, scope, { year: q.year, season: q.season, overdue: true, today: day }, 200, 0),
    seasonCounts(ctx.db, scope),
  ]);
  return { today: day, byOrganisation, overdue: overdue.map(summaryOf), seasons };
}

/** A defect photo of an inspection the actor may read. */
export async function inspectionPhoto(ctx: Context, inspectionId: number, attachmentId: number) {
  await readableInspection(ctx, inspectionId);
  const photo = await getDefectPhoto(ctx.db, inspectionId, attachmentId);
  if (!photo) throw new NotFound('attachment');
  return photo;
}

/** The building's condition from its latest completed seasonal inspection; null when none. */
export async function buildingCondition(db: Db, buildingId: number): Promise<z.infer<typeof buildingConditionSchema>> {
  const c = await latestCondition(db, buildingId);
  return c ? { rating: c.rating, year: c.year, season: c.season, inspectedOn: c.completedAt.toISOString() } : null;
}
