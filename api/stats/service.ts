import {
  catchUpStats,
  categoryMunicipality,
  dimensionNames,
  districtMunicipality,
  heatCells,
  listManagementCompanies,
  organisationMunicipality,
  overdueByDimension,
  type StatsFilter,
  settleStats,
  statsByDimension,
  type statsDimensions,
} from '../../db/queries/stats.ts';
import { type Actor, scopeOf } from '../../dispatch/permissions.ts';
import {
  addSums,
  CELL_DEGREES,
  cellBounds,
  dayNumber,
  defaultPeriod,
  figuresOf,
  MAX_PERIOD_DAYS,
  STATS_TIME_ZONE,
  rankByLowerBound,
  weeksOf,
} from '../../dispatch/stats.ts';
import type { Context } from '../context.ts';
import { Forbidden, HttpProblem, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import type { FiguresQuery, HeatmapQuery, LeagueQuery } from './schemas.ts';

/*
 * City-hall statistics for the actor's municipality, or for its own organisation: figures by a
 * dimension, the league of management companies and the heat map, all from the rollup
 * (stats_daily, stats_cells) that `rollUpStats` keeps current.
 */

export type Period = { from: string; to: string };
type Dimension = (typeof statsDimensions)[number];

const NONE = {
  organisation: ['Не назначена', 'Not assigned'],
  district: ['Вне районов', 'No district'],
  category: ['Без категории', 'No category'],
} as const;

/** The period asked for, or the default; 422 naming the field when it is not a period. */
function periodOf(q: { from?: string; to?: string }, now: Date): Period {
  const fallback = defaultPeriod(now);
  const period = { from: q.from ?? fallback.from, to: q.to ?? fallback.to };
  if (period.from > period.to) {
    throw new Unprocessable({ id: 'stats.period_reversed' }, [
      {
        field: q.to !== undefined ? 'querystring.to' : 'querystring.from',
        reason: { id: 'stats.field.from_not_after_to' },
      },
    ]);
  }
  if (dayNumber(period.to) - dayNumber(period.from) + 1 > MAX_PERIOD_DAYS) {
    throw new Unprocessable({ id: 'stats.period_too_long', params: { days: MAX_PERIOD_DAYS } }, [
      {
        field: q.from !== undefined ? 'querystring.from' : 'querystring.to',
        reason: { id: 'stats.field.days_at_most', params: { days: MAX_PERIOD_DAYS } },
      },
    ]);
  }
  return period;
}

const periodOut = (p: Period) => ({ ...p, timeZone: STATS_TIME_ZONE });

/** The organisation an actor may see figures of: its own for organisation staff (another is 403). */
function organisationOf(actor: NonNullable<Actor>, organisationId: number | undefined): number | undefined {
  const scope = scopeOf(actor, 'stats.read');
  if (scope === 'organisation' && actor.organisationId !== null) {
    if (organisationId !== undefined && organisationId !== actor.organisationId) {
      throw new HttpProblem(
        403,
        'forbidden',
        { id: 'stats.own_organisation_only' },
        {
          errors: [{ field: 'querystring.organisationId', reason: { id: 'field.not_your_organisation' } }],
        },
      );
    }
    return actor.organisationId;
  }
  if (scope !== 'municipality') throw new Forbidden();
  return organisationId;
}

/**
 * Who may see what: the municipality's figures, optionally narrowed; an organisation's staff
 * only their own organisation (naming another is 403, naming nothing means their own).
 */
async function filterFor(
  ctx: Context,
  q: { organisationId?: number; districtId?: number; categoryId?: number },
  period: Period,
): Promise<{ filter: StatsFilter; actor: NonNullable<Actor> }> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const organisationId = organisationOf(actor, q.organisationId);
  // A reference from another municipality is not there for this actor.
  if (
    q.organisationId !== undefined &&
    (await organisationMunicipality(ctx.db, q.organisationId)) !== actor.municipalityId
  )
    throw new NotFound('organisation');
  if (q.districtId !== undefined && (await districtMunicipality(ctx.db, q.districtId)) !== actor.municipalityId)
    throw new NotFound('district');
  if (q.categoryId !== undefined && (await categoryMunicipality(ctx.db, q.categoryId)) !== actor.municipalityId)
    throw new NotFound('category');
  // Fold in the newest events first, unless another request is already doing it.
  await catchUpStats(ctx.db, { wait: false });
  const filter = {
    municipalityId: actor.municipalityId,
    ...period,
    organisationId,
    districtId: q.districtId,
    categoryId: q.categoryId,
  };
  return { actor, filter };
}

/** The names of the dimension's keys (organisations, districts, categories); none for weeks. */
async function namesOf(ctx: Context, by: Dimension, keys: Iterable<string>) {
  if (by === 'week') return new Map<number, { nameRu: string; nameEn: string }>();
  return dimensionNames(
    ctx.db,
    by,
    [...keys].map(Number).filter((k) => k > 0),
  );
}

/** The period's figures grouped one way (every week of it, for by=week), and their total. */
export async function statsFigures(ctx: Context, q: FiguresQuery) {
  const period = periodOf(q, ctx.clock());
  const { filter } = await filterFor(ctx, q, period);
  const [groups, overdue] = await Promise.all([
    statsByDimension(ctx.db, filter, q.by),
    overdueByDimension(ctx.db, filter, q.by, ctx.clock()),
  ]);
  const byKey = new Map(groups.map((g) => [g.key, g]));
  // Overdue now counts appeals of any period: the weeks are the period's own, the other groups also
  // those with nothing received in the period but something overdue now.
  const keys = new Set(q.by === 'week' ? weeksOf(period.from, period.to) : [...byKey.keys(), ...overdue.keys()]);
  const empty = addSums([]);
  const names = await namesOf(ctx, q.by, keys);
  const items = [...keys].map((key) => {
    const figures = figuresOf(byKey.get(key) ?? empty, overdue.get(key) ?? 0);
    if (q.by === 'week')
      return { id: null, week: key, nameRu: `Неделя с ${key}`, nameEn: `Week of ${key}`, ...figures };
    const ref = names.get(Number(key));
    const [ru, en] = NONE[q.by];
    const id = Number(key) > 0 ? Number(key) : null;
    return { id, week: null, nameRu: ref?.nameRu ?? ru, nameEn: ref?.nameEn ?? en, ...figures };
  });
  items.sort((a, b) =>
    q.by === 'week'
      ? (a.week ?? '').localeCompare(b.week ?? '')
      : (a.id === null ? 1 : 0) - (b.id === null ? 1 : 0) || a.nameRu.localeCompare(b.nameRu, 'ru'),
  );
  const total = figuresOf(
    addSums(groups),
    [...overdue.values()].reduce((a, b) => a + b, 0),
  );
  return { period: periodOut(period), by: q.by, items, total };
}
export type FiguresItem = Awaited<ReturnType<typeof statsFigures>>['items'][number];

/**
 * Every management company of the municipality ranked by the Wilson lower bound of its share decided
 * on time over the period (so volume counts), with the decided appeals it rests on; an organisation
 * sees only its own row, with its rank.
 */
export async function statsLeague(ctx: Context, q: LeagueQuery) {
  const period = periodOf(q, ctx.clock());
  const { filter, actor } = await filterFor(ctx, q, period);
  // Rank among all companies: read the whole municipality, then show an organisation its own row.
  const all = { ...filter, organisationId: undefined };
  const [companies, groups, overdue] = await Promise.all([
    listManagementCompanies(ctx.db, actor.municipalityId),
    statsByDimension(ctx.db, all, 'organisation'),
    overdueByDimension(ctx.db, all, 'organisation', ctx.clock()),
  ]);
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const ranked = rankByLowerBound(
    companies.map((c) => ({
      ...c,
      figures: figuresOf(byKey.get(String(c.id)) ?? addSums([]), overdue.get(String(c.id)) ?? 0),
    })),
  );
  const items = ranked
    .filter((r) => filter.organisationId === undefined || r.id === filter.organisationId)
    .map(({ figures, ...r }) => ({
      rank: r.rank,
      id: r.id,
      nameRu: r.nameRu,
      nameEn: r.nameEn,
      decided: r.decided,
      slaLowerBound: r.slaLowerBound,
      ...figures,
    }));
  return { period: periodOut(period), companies: companies.length, items };
}
export type LeagueItem = Awaited<ReturnType<typeof statsLeague>>['items'][number];

/** Appeals received in the period per grid cell (`cell` times the base cell), the busiest first. */
export async function statsHeatmap(ctx: Context, q: HeatmapQuery) {
  const period = periodOf(q, ctx.clock());
  const { filter } = await filterFor(ctx, q, period);
  const cells = await heatCells(ctx.db, filter, q.cell);
  const items = cells.map((c) => ({ ...c, ...cellBounds(c.x, c.y, q.cell) }));
  return {
    period: periodOut(period),
    cell: { factor: q.cell, lonDegrees: CELL_DEGREES.lon * q.cell, latDegrees: CELL_DEGREES.lat * q.cell },
    total: items.reduce((a, c) => a + c.appeals, 0),
    items,
  };
}
export type HeatItem = Awaited<ReturnType<typeof statsHeatmap>>['items'][number];

/**
 * The timer's part: fold new appeal events into the city-hall rollup (stats_daily, stats_cells) and
 * read again the ids a late commit may have left behind. Idempotent: a day is always rebuilt whole
 * from the appeals, so running twice changes nothing. Dashboard requests also catch up on their
 * way in, so this mostly keeps their work small.
 */
export async function rollUpStats(ctx: Context): Promise<void> {
  await settleStats(ctx.db);
}
