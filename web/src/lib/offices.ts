/**
 * The office admin and the queue's figures (issue 16): the API calls of /admin/offices, an office's
 * page and /offices/stats, typed by the API's OpenAPI document; a day's hours as the page edits them
 * (opening, lunch break, closing) and as the API keeps them (intervals).
 */
import { type Answer, answer, api, ProblemError, type Query, type RequestBody } from './api.ts';

export type AdminOffice = Answer<'listAdminOffices'>['items'][number];
export type OfficeDetail = Answer<'getAdminOffice'>;
export type OfficePoint = OfficeDetail['points'][number];
export type OfficeException = OfficeDetail['exceptions'][number];
export type OfficeRules = OfficeDetail['rules'];
export type OfficePatch = RequestBody<'updateAdminOffice'>;
export type PointPatch = RequestBody<'updateAdminServicePoint'>;
export type PointCreate = RequestBody<'createAdminServicePoint'>;
export type ExceptionCreate = RequestBody<'createAdminOfficeException'>;
export type QueueStats = Answer<'queueStats'>;
export type QueueFigures = QueueStats['total'];
export type QueueLoad = Answer<'queueStatsLoad'>;
export type QueueStatsQuery = Pick<Query<'queueStats'>, 'from' | 'to' | 'officeId'>;
export type Interval = { start: string; end: string };
export type Week = Partial<Record<Weekday, Interval[]>>;

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export const SLOT_MINUTES = [5, 10, 15, 20, 30, 40, 45, 60, 90, 120] as const;

export const listAdminOffices = (signal?: AbortSignal) => answer(api.GET('/api/admin/offices', { signal }));
export const getAdminOffice = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/admin/offices/{id}', { params: { path: { id } }, signal }));
export const updateAdminOffice = (id: number, body: OfficePatch) =>
  answer(api.PATCH('/api/admin/offices/{id}', { params: { path: { id } }, body }));
export const addServicePoint = (id: number, body: PointCreate) =>
  answer(api.POST('/api/admin/offices/{id}/points', { params: { path: { id } }, body }));
export const updateServicePoint = (id: number, body: PointPatch) =>
  answer(api.PATCH('/api/admin/service-points/{id}', { params: { path: { id } }, body }));
export const addOfficeException = (id: number, body: ExceptionCreate) =>
  answer(api.POST('/api/admin/offices/{id}/exceptions', { params: { path: { id } }, body }));
export const removeOfficeException = (id: number, exceptionId: number, cancel?: { reason: string }) =>
  answer(
    api.DELETE('/api/admin/offices/{id}/exceptions/{exceptionId}', {
      params: {
        path: { id, exceptionId },
        query: cancel ? { cancelAffected: 'true', reason: cancel.reason } : {},
      },
    }),
  );

export const queueStats = (q: QueueStatsQuery, signal?: AbortSignal) =>
  answer(api.GET('/api/queue-stats', { params: { query: q }, signal }));
export const queueStatsLoad = (q: QueueStatsQuery, signal?: AbortSignal) =>
  answer(api.GET('/api/queue-stats/load', { params: { query: q }, signal }));

/** A table of the figures as CSV (a download link). */
export function queueStatsCsvUrl(
  table: 'offices' | 'services' | 'load',
  q: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams({ format: 'csv' });
  if (table !== 'load') params.set('table', table);
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return `/api/queue-stats${table === 'load' ? '/load' : ''}?${params}`;
}

/** The booked appointments a change would take time from (the 409 `office.affects_appointments`), or null. */
export function affectedBy(error: unknown): { count: number; first: { id: number; startsAt: string }[] } | null {
  if (!(error instanceof ProblemError) || error.code !== 'office.affects_appointments') return null;
  const affected = error.problem.affected as { count?: number; first?: { id: number; startsAt: string }[] } | undefined;
  return { count: affected?.count ?? 0, first: affected?.first ?? [] };
}

/** A day's hours as the page edits them: open or not, opening, lunch break (optional), closing. */
export type DayHours = { open: boolean; start: string; lunchFrom: string; lunchTo: string; end: string };

/** Intervals → the page's day (one interval: no lunch; two: the gap is the lunch break). */
export function dayOf(intervals: Interval[] | undefined): DayHours {
  if (!intervals || intervals.length === 0)
    return { open: false, start: '09:00', lunchFrom: '', lunchTo: '', end: '18:00' };
  const last = intervals[intervals.length - 1];
  if (intervals.length === 1)
    return { open: true, start: intervals[0].start, lunchFrom: '', lunchTo: '', end: last.end };
  return {
    open: true,
    start: intervals[0].start,
    lunchFrom: intervals[0].end,
    lunchTo: intervals[1].start,
    end: last.end,
  };
}

/** The page's day → intervals (none when closed; the lunch break as the gap). */
export function intervalsOf(day: DayHours): Interval[] {
  if (!day.open) return [];
  if (day.lunchFrom && day.lunchTo)
    return [
      { start: day.start, end: day.lunchFrom },
      { start: day.lunchTo, end: day.end },
    ];
  return [{ start: day.start, end: day.end }];
}

export function weekOf(days: Record<Weekday, DayHours>): Week {
  const week: Week = {};
  for (const d of weekdays) {
    const intervals = intervalsOf(days[d]);
    if (intervals.length > 0) week[d] = intervals;
  }
  return week;
}
