/**
 * What a change of an office's time does to the people booked there: the booked appointments the
 * schedule after the change no longer holds (dispatch/office-admin.ts `appointmentsOutside`) refuse
 * the change with 409 `office.affects_appointments` unless the request says `cancelAffected` with a
 * reason; then they are cancelled by the office in the change's transaction, each with its queue
 * event, and each person told (`appointment`) on the channels they chose.
 */
import { listPeople, type NoticeRow } from '../../db/queries/notifications.ts';
import { bookedAppointmentsFrom, cancelByOffice, type OfficeRow, serviceNames } from '../../db/queries/office-admin.ts';
import { type OfficeSchedule, officeSchedule } from '../../db/queries/offices.ts';
import { addDays, localDate } from '../../dispatch/eservices.ts';
import { render } from '../../dispatch/messages/index.ts';
import { heldUntil, reachOf } from '../../dispatch/notifications.ts';
import { AFFECTED_SHOWN, appointmentsOutside, type ScheduleAfter } from '../../dispatch/office-admin.ts';
import type { Context } from '../context.ts';
import { Conflict, Unprocessable } from '../errors.ts';
import { writeNotices } from '../notifications/write-notices.ts';

/** What a request says about the appointments it may take time from. */
export type Cancelling = { cancelAffected?: boolean; reason?: string; publicUrl: string };

/** The office's schedule as it is, over the days its booked appointments lie on, and those appointments. */
export async function scheduleNow(tx: Context, office: OfficeRow) {
  const booked = await bookedAppointmentsFrom(tx.db, office.id, tx.clock());
  // A day either side of UTC's dates covers the office's local dates in any zone.
  const from = addDays(localDate(tx.clock(), 'UTC'), -1);
  const to = booked.length > 0 ? addDays(localDate(booked[booked.length - 1].startsAt, 'UTC'), 1) : from;
  const schedule = (await officeSchedule(tx.db, office.id, from, to))!;
  return { schedule, booked };
}

/**
 * Check a change against the booked appointments and cancel those it leaves out when asked: 409 when
 * some are left out and not to be cancelled (their count and the first few times), 422 when
 * cancelling without a reason. Call it in the change's transaction, with the office locked, before
 * writing the change. Returns how many it cancelled.
 */
export async function settleAffected(
  tx: Context,
  office: OfficeRow,
  request: Cancelling,
  after: (now: OfficeSchedule) => ScheduleAfter,
): Promise<number> {
  const { schedule, booked } = await scheduleNow(tx, office);
  if (booked.length === 0) return 0;
  const outside = appointmentsOutside(
    after(schedule),
    booked.map((a) => ({ ...a, start: a.startsAt.getTime(), end: a.endsAt.getTime() })),
  );
  if (outside.length === 0) return 0;
  if (!request.cancelAffected)
    throw new Conflict(
      { id: 'office.affects_appointments', params: { count: outside.length } },
      {
        affected: {
          count: outside.length,
          first: outside
            .slice(0, AFFECTED_SHOWN)
            .map((a) => ({ id: a.id, startsAt: new Date(a.start).toISOString(), pointId: a.pointId })),
        },
      },
    );
  if (!request.reason)
    throw new Unprocessable({ id: 'office.invalid' }, [
      { field: 'body.reason', reason: { id: 'office.field.reason_needed' } },
    ]);
  const ids = new Set(outside.map((a) => a.id));
  const cancelled = await cancelByOffice(tx.db, {
    officeId: office.id,
    ids: [...ids],
    actorId: tx.actor!.userId,
    reason: request.reason,
    now: tx.clock(),
  });
  await tellCancelled(
    tx,
    office,
    booked.filter((a) => cancelled.includes(a.id)),
    { reason: request.reason, publicUrl: request.publicUrl, timeZone: schedule.calendar.timeZone },
  );
  return cancelled.length;
}

const locales = { ru: 'ru-RU', en: 'en-GB', tt: 'tt-RU' } as const;

/** Each person whose appointment the office cancelled hears of it, in their language. */
async function tellCancelled(
  tx: Context,
  office: OfficeRow,
  cancelled: { id: number; userId: number; serviceId: number; startsAt: Date; municipalityId: number }[],
  o: { reason: string; publicUrl: string; timeZone: string },
): Promise<void> {
  const { reason, timeZone } = o;
  if (cancelled.length === 0) return;
  const now = tx.clock();
  const names = new Map(
    (await serviceNames(tx.db, [...new Set(cancelled.map((a) => a.serviceId))])).map((s) => [s.id, s.name]),
  );
  const people = await listPeople(tx.db, { userIds: [...new Set(cancelled.map((a) => a.userId))] });
  const link = `${o.publicUrl.replace(/\/$/, '')}/appointments`;
  const rows: NoticeRow[] = [];
  for (const a of cancelled) {
    const person = people.find((p) => p.userId === a.userId);
    if (!person) continue;
    const lang = person.language;
    const when = new Intl.DateTimeFormat(locales[lang], {
      timeZone,
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    }).format(a.startsAt);
    const params = {
      office: office.name[lang] || office.name.ru,
      service: names.get(a.serviceId)?.[lang] || names.get(a.serviceId)?.ru || '',
      when,
      reason,
      link,
    };
    const common = {
      municipalityId: a.municipalityId,
      userId: person.userId,
      appealId: null,
      kind: 'appointment' as const,
      template: 'appointment.schedule_cancelled',
      subject: render({ id: 'notice.appointment.schedule_cancelled.subject' }, lang),
      body: render({ id: 'notice.appointment.schedule_cancelled', params }, lang),
      payload: { language: lang, appointmentId: a.id },
      sendAfter: heldUntil(now, timeZone, false),
      now,
    };
    for (const address of reachOf(person, 'appointment')) rows.push({ ...common, ...address });
  }
  await writeNotices(tx, rows);
}
