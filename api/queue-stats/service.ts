/**
 * The queue's figures (issue 16) for a period of local days: per office and per service, bookings
 * made, appointments by outcome and the no-show rate, walk-ins, the wait after arrival and the
 * service time (average and 90th percentile), lateness, slots offered against slots used; and the
 * load by weekday and hour. An organisation's supervisor sees their organisation's offices; city hall
 * and admins the municipality. Figures only: no person is named.
 */
import { municipalityTimeZone } from '../../db/queries/eservice-stats.ts';
import { officeSchedule } from '../../db/queries/offices.ts';
import {
  appointmentOutcomes,
  arrivalsByHour,
  bookingsMade,
  hallFigures,
  officeOwner,
  officesInView,
  type QueueStatsFilter,
  serviceLabels,
} from '../../db/queries/queue-stats.ts';
import { type Period, periodOf, share } from '../../dispatch/eservice-stats.ts';
import { localDate } from '../../dispatch/eservices.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { scopeOf } from '../../dispatch/permissions.ts';
import { offeredSlots, roundMinutes } from '../../dispatch/queue-stats.ts';
import type { Context } from '../context.ts';
import { Forbidden, HttpProblem, Unauthorized, Unprocessable } from '../errors.ts';
import type { QueueStatsQuery } from './schemas.ts';

/** The period asked for, or 422 naming the field. */
function periodFor(q: { from?: string; to?: string }, today: string): Period {
  const period = periodOf(q, today);
  if ('from' in period) return period;
  const field = `querystring.${period.field}`;
  if (period.kind === 'reversed')
    throw new Unprocessable({ id: 'stats.period_reversed' }, [
      { field, reason: { id: 'stats.field.from_not_after_to' } },
    ]);
  throw new Unprocessable({ id: 'stats.period_too_long', params: { days: period.days } }, [
    { field, reason: { id: 'stats.field.days_at_most', params: { days: period.days } } },
  ]);
}

/** The offices the actor sees (a supervisor's organisation's; naming another's is 403), and the filter. */
async function viewOf(ctx: Context, q: QueueStatsQuery) {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const scope = scopeOf(actor, 'queue.stats');
  if (!scope) throw new Forbidden();
  const timeZone = await municipalityTimeZone(ctx.db, actor.municipalityId);
  const period = periodFor(q, localDate(ctx.clock(), timeZone));
  const own = scope === 'organisation';
  if (q.officeId !== undefined) {
    const owner = await officeOwner(ctx.db, q.officeId);
    if (!owner || owner.municipalityId !== actor.municipalityId)
      throw new HttpProblem(404, 'not-found', { id: 'office.not_found' });
    if (own && owner.organisationId !== actor.organisationId)
      throw new HttpProblem(
        403,
        'forbidden',
        { id: 'queue_stats.own_organisation_only' },
        { errors: [{ field: 'querystring.officeId', reason: { id: 'queue_stats.field.not_your_office' } }] },
      );
  }
  const offices = await officesInView(ctx.db, {
    municipalityId: actor.municipalityId,
    organisationId: own ? (actor.organisationId ?? -1) : undefined,
    officeId: q.officeId,
  });
  const filter: QueueStatsFilter = { timeZone, ...period, officeIds: offices.map((o) => o.id) };
  return { filter, offices, period: { ...period, timeZone } };
}

/** The slots each office's schedule offered over the period, per office and service. */
async function offered(ctx: Context, officeIds: readonly number[], period: Period) {
  const byOffice = new Map<number, Map<number, number>>();
  for (const id of officeIds) {
    const schedule = await officeSchedule(ctx.db, id, period.from, period.to);
    if (schedule?.office.active) byOffice.set(id, offeredSlots(schedule, period.from, period.to));
  }
  return byOffice;
}

type Row<T> = T & { officeId: number | null; serviceId: number | null };
const find = <T>(rows: Row<T>[], officeId: number | null, serviceId: number | null) =>
  rows.find((r) => r.officeId === officeId && r.serviceId === serviceId);

/** Every figure of a group, from its rows of the three aggregates and the slots offered. */
function figuresOf(
  made: { made: number } | undefined,
  o: Awaited<ReturnType<typeof appointmentOutcomes>>[number] | undefined,
  h: Awaited<ReturnType<typeof hallFigures>>[number] | undefined,
  slotsOffered: number,
) {
  const served = o?.served ?? 0;
  const noShow = o?.noShow ?? 0;
  return {
    bookingsMade: made?.made ?? 0,
    appointments: o?.total ?? 0,
    served,
    noShow,
    cancelled: o?.cancelled ?? 0,
    stillBooked: (o?.booked ?? 0) + (o?.checkedIn ?? 0),
    noShowRate: share(noShow, served + noShow),
    tickets: h?.tickets ?? 0,
    walkIns: h?.walkIns ?? 0,
    waitAvgMinutes: roundMinutes(h?.waitAvg ?? null),
    waitP90Minutes: roundMinutes(h?.waitP90 ?? null),
    serviceAvgMinutes: roundMinutes(h?.serviceAvg ?? null),
    serviceP90Minutes: roundMinutes(h?.serviceP90 ?? null),
    arrived: o?.arrived ?? 0,
    late: o?.late ?? 0,
    lateShare: share(o?.late ?? 0, o?.arrived ?? 0),
    lateAvgMinutes: roundMinutes(o?.lateMinutesAvg ?? null),
    slotsOffered,
    slotsUsed: o?.used ?? 0,
    slotsUsedShare: share(o?.used ?? 0, slotsOffered),
  };
}
export type QueueFigures = ReturnType<typeof figuresOf>;

const pick = (t: { ru: string; en: string; tt: string }, lang: Language) => t[lang] || t.ru;

/** The figures per office, per service and in total. */
export async function queueStatsFigures(ctx: Context, q: QueueStatsQuery, lang: Language) {
  const { filter, offices, period } = await viewOf(ctx, q);
  const [made, outcomes, hall, slots] = await Promise.all([
    bookingsMade(ctx.db, filter),
    appointmentOutcomes(ctx.db, filter),
    hallFigures(ctx.db, filter),
    offered(ctx, filter.officeIds, period),
  ]);
  const offeredBy = (officeId: number | null, serviceId: number | null) => {
    let n = 0;
    for (const [office, byService] of slots)
      for (const [service, count] of byService)
        if ((officeId === null || office === officeId) && (serviceId === null || service === serviceId)) n += count;
    return n;
  };
  const figures = (officeId: number | null, serviceId: number | null) =>
    figuresOf(
      find(made, officeId, serviceId),
      find(outcomes, officeId, serviceId),
      find(hall, officeId, serviceId),
      offeredBy(officeId, serviceId),
    );
  const serviceIds = [
    ...new Set([
      ...[...made, ...outcomes, ...hall].flatMap((r) => (r.serviceId === null ? [] : [r.serviceId])),
      ...[...slots.values()].flatMap((m) => [...m.keys()]),
    ]),
  ].sort((a, b) => a - b);
  const labels = await serviceLabels(ctx.db, serviceIds);
  return {
    period,
    offices: offices.map((o) => ({ id: o.id, code: o.code, name: pick(o.name, lang), ...figures(o.id, null) })),
    services: serviceIds.map((id) => ({
      id,
      code: labels.get(id)?.code ?? '',
      name: labels.get(id) ? pick(labels.get(id)!.name, lang) : '',
      letter: labels.get(id)?.letter ?? '',
      ...figures(null, id),
    })),
    total: figures(null, null),
  };
}
export type QueueStatsOffice = Awaited<ReturnType<typeof queueStatsFigures>>['offices'][number];
export type QueueStatsService = Awaited<ReturnType<typeof queueStatsFigures>>['services'][number];

/** Hall tickets by local weekday and hour of arrival: the load's heat map. */
export async function queueStatsLoad(ctx: Context, q: QueueStatsQuery) {
  const { filter, period } = await viewOf(ctx, q);
  const cells = await arrivalsByHour(ctx.db, filter);
  return { period, cells, max: cells.reduce((m, c) => Math.max(m, c.tickets), 0) };
}
export type LoadCell = Awaited<ReturnType<typeof queueStatsLoad>>['cells'][number];
