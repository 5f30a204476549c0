/**
 * What a resident hears of their appointment: the booking confirmed, the reminders the day before and
 * 2 hours before (the appointment.remind jobs), the office's cancellation. Each text is rendered in the
 * person's language with the office, its address, the local time and the booking code, and written to
 * the outbox on the channels they chose for `appointment` (api/notifications/write-notices.ts).
 */
import {
  type Appointment,
  getAppointment,
  getAppointmentService,
  getOffice,
  reminderWritten,
} from '../../db/queries/appointments.ts';
import { insertQueueEvents } from '../../db/queries/queue-events.ts';
import { municipalityZone } from '../../db/queries/eservices.ts';
import { listPeople, type NoticeRow } from '../../db/queries/notifications.ts';
import type { ReminderKind } from '../../dispatch/appointments.ts';
import { type Language, type Message, render } from '../../dispatch/messages/index.ts';
import { heldUntil, reachOf } from '../../dispatch/notifications.ts';
import { type Context, inTransaction } from '../context.ts';
import { writeNotices } from '../notifications/write-notices.ts';

const locales: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB', tt: 'tt-RU' };

/** The appointment's start as its reader reads it in the office's zone: '10 декабря, 10:30'. */
export function visitTime(at: Date, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

export type AppointmentNotice = 'booked' | ReminderKind | 'cancelled_by_office';

/**
 * What a notice of an appointment says and to whom: the person, the office, the service, the zone.
 * Booking reads them before its transaction, so the time it holds a window's slot is only its writes.
 */
export async function noticeFacts(
  ctx: Context,
  a: Pick<Appointment, 'userId' | 'officeId' | 'serviceId' | 'municipalityId'>,
) {
  const [person] = await listPeople(ctx.db, { userIds: [a.userId] });
  return {
    person: person ?? null,
    office: (await getOffice(ctx.db, a.officeId))!,
    service: (await getAppointmentService(ctx.db, a.serviceId))!,
    timeZone: (await municipalityZone(ctx.db, a.municipalityId)).timeZone,
  };
}
export type NoticeFacts = Awaited<ReturnType<typeof noticeFacts>>;

/** Write one notice of the appointment to its person (a row per chosen channel). */
export async function notifyAppointment(
  tx: Context,
  a: Appointment,
  what: AppointmentNotice,
  reason?: string,
  known?: NoticeFacts,
): Promise<void> {
  const { person, office, service, timeZone } = known ?? (await noticeFacts(tx, a));
  if (!person) return;
  const lang = person.language;
  const code = `${a.code.slice(0, 4)}-${a.code.slice(4)}`;
  const visit = {
    office: office.name[lang],
    address: office.address,
    time: visitTime(a.startsAt, lang, timeZone),
    code,
    service: service.name[lang],
  };
  const message: Message =
    what === 'cancelled_by_office'
      ? { id: 'notice.appointment.cancelled_by_office', params: { ...visit, reason: reason ?? '' } }
      : { id: `notice.appointment.${what}`, params: visit };
  const now = tx.clock();
  // A reminder comes when it is due; a confirmation or a cancellation waits for the morning as others do.
  const sendAfter = what === 'day_before' || what === 'two_hours' ? null : heldUntil(now, timeZone, false);
  const common = {
    municipalityId: a.municipalityId,
    userId: a.userId,
    appealId: null,
    kind: 'appointment' as const,
    template: `appointment.${what}`,
    subject: render({ id: 'notice.appointment.subject', params: { code } }, lang),
    body: render(message, lang),
    payload: { language: lang, appointmentId: a.id },
    sendAfter,
    now,
  };
  const rows: NoticeRow[] = reachOf(person, 'appointment').map((address) => ({ ...common, ...address }));
  await writeNotices(tx, rows);
}

/**
 * The appointment.remind job: remind the person if the appointment is still booked for the start the
 * reminder was made for, once (a job run again finds its step written). Returns whether it reminded.
 */
export async function remindAppointment(
  ctx: Context,
  job: { appointmentId: number; kind: ReminderKind; startsAt: string },
): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const a = await getAppointment(tx.db, job.appointmentId);
    if (a?.status !== 'booked' || a.startsAt.toISOString() !== new Date(job.startsAt).toISOString()) return false;
    if (await reminderWritten(tx.db, a.id, job.kind, a.startsAt.toISOString())) return false;
    await notifyAppointment(tx, a, job.kind);
    await insertQueueEvents(tx.db, [
      {
        officeId: a.officeId,
        appointmentId: a.id,
        step: 'reminded',
        actorId: null,
        pointId: a.pointId,
        data: { kind: job.kind, startsAt: a.startsAt.toISOString() },
        at: tx.clock(),
      },
    ]);
    return true;
  });
}
