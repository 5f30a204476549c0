/**
 * What anyone reads before booking: the services one books, the offices giving one with their nearest
 * free day, an office's card, the days of its booking window and a day's free times. Slots come from
 * dispatch/appointments.ts over the office's schedule and the time already taken.
 */
import {
  type AppointmentService,
  getAppointmentService,
  getServicesByIds,
  listAppointmentServices,
  listOfficeIds,
  officeServiceIds,
} from '../../db/queries/appointments.ts';
import { getService as getEservice } from '../../db/queries/eservices.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { busySlots, type OfficeSchedule, officeSchedule } from '../../db/queries/offices.ts';
import { daySlots, freeTimes, lastBookableDate, pointIntervals, type Slot } from '../../dispatch/appointments.ts';
import { localInstant } from '../../dispatch/calendar.ts';
import { addDays, type LocalDate, localDate } from '../../dispatch/eservices.ts';
import { productionDay } from '../../dispatch/production-calendar.ts';
import type { Context } from '../context.ts';
import { NotFound } from '../errors.ts';

/** A local day of the office's zone as [start, end) instants. */
export function dayBounds(timeZone: string, date: LocalDate): [Date, Date] {
  return [new Date(localInstant(timeZone, date, '00:00')), new Date(localInstant(timeZone, addDays(date, 1), '00:00'))];
}

export const isHoliday = (date: LocalDate) => productionDay(date) === 'day_off';

/** An office's schedule over its whole booking window (today to the last open day), or null. */
export async function windowSchedule(ctx: Context, officeId: number, now: number) {
  const today = localDate(new Date(now), 'Europe/Moscow');
  // Read generously (the horizon is not known before the office is): 62 days cover any window.
  const schedule = await officeSchedule(ctx.db, officeId, addDays(today, -1), addDays(today, 62));
  if (!schedule?.office.active) return null;
  const first = localDate(new Date(now), schedule.calendar.timeZone);
  const last = lastBookableDate(schedule.calendar, schedule.rules, now);
  return { schedule, first, last };
}

/** The free slots of a service at an office on the days first..last (taken time read once). */
export async function freeSlotsByDay(
  ctx: Context,
  schedule: OfficeSchedule,
  serviceId: number,
  first: LocalDate,
  last: LocalDate,
  now: number,
): Promise<Map<LocalDate, Slot[]>> {
  const tz = schedule.calendar.timeZone;
  const points = schedule.points.filter((p) => p.services.some((s) => s.serviceId === serviceId));
  const result = new Map<LocalDate, Slot[]>();
  if (points.length === 0 || last < first) return result;
  const busy = await busySlots(
    ctx.db,
    points.map((p) => p.id),
    dayBounds(tz, first)[0],
    dayBounds(tz, last)[1],
  );
  for (let date = first; date <= last; date = addDays(date, 1))
    result.set(date, daySlots({ ...schedule, points, serviceId, date, busy, now }));
  return result;
}

const serviceSummary = (s: AppointmentService) => ({
  id: s.id,
  name: s.name,
  purpose: s.purpose,
});

/** The services a municipality's residents book, each with the e-service it serves (if any). */
export async function listBookableServices(ctx: Context, municipalityCode: string | undefined) {
  const municipality = await findMunicipality(ctx.db, municipalityCode);
  if (!municipality) throw new NotFound('municipality');
  const rows = await listAppointmentServices(ctx.db, municipality.id);
  const items = [];
  for (const s of rows) {
    const e = s.eserviceId ? await getEservice(ctx.db, s.eserviceId) : null;
    items.push({
      id: s.id,
      code: s.code,
      name: s.name,
      description: s.description,
      purpose: s.purpose,
      eservice: e ? { id: e.id, name: e.name } : null,
    });
  }
  return { items };
}

/** An office's public card; with a service, the first day of its window with a free slot. */
async function officeCard(ctx: Context, officeId: number, serviceId: number | undefined, now: number) {
  const w = await windowSchedule(ctx, officeId, now);
  if (!w) return null;
  const { office } = w.schedule;
  const services = await getServicesByIds(ctx.db, await officeServiceIds(ctx.db, officeId));
  let nearestFreeDay: { date: string; free: number } | null = null;
  if (serviceId) {
    const byDay = await freeSlotsByDay(ctx, w.schedule, serviceId, w.first, w.last, now);
    for (const [date, slots] of byDay) {
      const free = freeTimes(slots).length;
      if (free > 0) {
        nearestFreeDay = { date, free };
        break;
      }
    }
  }
  return {
    id: office.id,
    code: office.code,
    name: office.name,
    address: office.address,
    lon: office.lon,
    lat: office.lat,
    howToFind: office.howToFind ?? null,
    week: office.week,
    services: services.filter((s) => s.active).map(serviceSummary),
    nearestFreeDay,
  };
}

/** The offices giving a service (every active office without one), each with its card. */
export async function listOffices(ctx: Context, municipalityCode: string | undefined, serviceId?: number) {
  const municipality = await findMunicipality(ctx.db, municipalityCode);
  if (!municipality) throw new NotFound('municipality');
  const now = ctx.clock().getTime();
  const items = [];
  for (const id of await listOfficeIds(ctx.db, municipality.id, serviceId)) {
    const card = await officeCard(ctx, id, serviceId, now);
    if (card) items.push(card);
  }
  return { items: items as NonNullable<Awaited<ReturnType<typeof officeCard>>>[] };
}

export async function showOffice(ctx: Context, officeId: number, serviceId?: number) {
  const card = await officeCard(ctx, officeId, serviceId, ctx.clock().getTime());
  if (!card) throw new NotFound('office');
  return card;
}

/** Why a day of the window has no free slot of the service. */
function whyNone(schedule: OfficeSchedule, serviceId: number, date: LocalDate) {
  const giving = schedule.points.filter((p) => p.services.some((s) => s.serviceId === serviceId));
  const exception = schedule.exceptions.some((e) => e.date === date);
  const open = giving.some((p) => pointIntervals(schedule.calendar, p, schedule.exceptions, date).length > 0);
  if (open) return 'full' as const;
  if (exception) return 'closed' as const;
  return isHoliday(date) ? ('holiday' as const) : ('weekend' as const);
}

/** Each day of the office's booking window: how many free times the service has, or why none. */
export async function officeDays(ctx: Context, officeId: number, serviceId: number) {
  const now = ctx.clock().getTime();
  const w = await windowSchedule(ctx, officeId, now);
  if (!w) throw new NotFound('office');
  if (!(await getAppointmentService(ctx.db, serviceId))) throw new NotFound('eservice');
  const byDay = await freeSlotsByDay(ctx, w.schedule, serviceId, w.first, w.last, now);
  const days = [];
  for (let date = w.first; date <= w.last; date = addDays(date, 1)) {
    const free = freeTimes(byDay.get(date) ?? []).length;
    days.push({ date, free, why: free > 0 ? null : whyNone(w.schedule, serviceId, date) });
  }
  return { officeId, serviceId, days };
}

/** A day's free start times of the service at the office (none outside the window). */
export async function officeSlots(ctx: Context, officeId: number, serviceId: number, date: LocalDate) {
  const now = ctx.clock().getTime();
  const w = await windowSchedule(ctx, officeId, now);
  if (!w) throw new NotFound('office');
  const byDay =
    date >= w.first && date <= w.last
      ? await freeSlotsByDay(ctx, w.schedule, serviceId, date, date, now)
      : new Map<LocalDate, Slot[]>();
  const times = freeTimes(byDay.get(date) ?? []).map((t) => ({
    startsAt: new Date(t.start).toISOString(),
    endsAt: new Date(t.end).toISOString(),
  }));
  return { date, times };
}
