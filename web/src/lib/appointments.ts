/**
 * Booking an appointment at an office (issue 16): the API's calls and what the booking screens share
 * (a time in the office's zone, the taken slot's alternatives, an .ics file of the visit).
 */
import { type Answer, answer, api, ProblemError, type RequestBody } from '#lib/api.ts';

export type AppointmentService = Answer<'listAppointmentServices'>['items'][number];
export type Office = Answer<'getOffice'>;
export type OfficeDay = Answer<'listOfficeDays'>['days'][number];
export type FreeTime = Answer<'listOfficeSlots'>['times'][number];
export type Appointment = Answer<'getAppointment'>;
export type AppointmentSummary = Answer<'listMyAppointments'>['upcoming'][number];
export type Alternative = { startsAt: string; date: string };

// Offices keep Moscow time (the platform's zone, whatever the visitor's device says).
export const OFFICE_ZONE = 'Europe/Moscow';

export const listAppointmentServices = async (municipality: string | undefined, signal?: AbortSignal) =>
  (await answer(api.GET('/api/appointment-services', { params: { query: { municipality } }, signal }))).items;
export const listOffices = async (municipality: string | undefined, serviceId: number, signal?: AbortSignal) =>
  (await answer(api.GET('/api/offices', { params: { query: { municipality, serviceId } }, signal }))).items;
export const getOffice = (id: number, serviceId: number | undefined, signal?: AbortSignal) =>
  answer(api.GET('/api/offices/{id}', { params: { path: { id }, query: { serviceId } }, signal }));
export const officeDays = async (id: number, serviceId: number, signal?: AbortSignal) =>
  (await answer(api.GET('/api/offices/{id}/days', { params: { path: { id }, query: { serviceId } }, signal }))).days;
export const officeSlots = async (id: number, serviceId: number, date: string, signal?: AbortSignal) =>
  (await answer(api.GET('/api/offices/{id}/slots', { params: { path: { id }, query: { serviceId, date } }, signal })))
    .times;
export const bookAppointment = (body: RequestBody<'bookAppointment'>, idempotencyKey: string) =>
  answer(api.POST('/api/appointments', { params: { header: { 'idempotency-key': idempotencyKey } }, body }));
export const myAppointments = (signal?: AbortSignal) => answer(api.GET('/api/appointments', { signal }));
export const getAppointment = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/appointments/{id}', { params: { path: { id } }, signal }));
export const rescheduleAppointment = (id: number, body: RequestBody<'rescheduleAppointment'>) =>
  answer(api.PATCH('/api/appointments/{id}', { params: { path: { id } }, body }));
export const cancelAppointment = (id: number, body: RequestBody<'cancelAppointment'>) =>
  answer(api.POST('/api/appointments/{id}/cancel', { params: { path: { id } }, body }));
export const qrUrl = (id: number) => `/api/appointments/${id}/qr.svg`;

/** The nearest free times a 409 offered, or null for any other refusal. */
export function alternativesOf(error: unknown): Alternative[] | null {
  if (!(error instanceof ProblemError) || error.code !== 'appointment.slot_taken') return null;
  const list = error.problem?.alternatives;
  return Array.isArray(list) ? (list as Alternative[]) : [];
}

/** The key of one booking attempt, kept across a retry of the same choice so it books once. */
export function bookingKey(choice: string): string {
  const name = `otklik-book-${choice}`;
  let key = sessionStorage.getItem(name);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(name, key);
  }
  return key;
}

const locales = { ru: 'ru-RU', en: 'en-GB', tt: 'tt-RU' } as const;

/** «10:30» in the office's zone. */
export const clock = (iso: string, lang: keyof typeof locales) =>
  new Intl.DateTimeFormat(locales[lang], { hour: '2-digit', minute: '2-digit', timeZone: OFFICE_ZONE }).format(
    new Date(iso),
  );
/** «чт, 10 декабря» of a calendar day (written as it is, whatever the zone). */
export const dayName = (date: string, lang: keyof typeof locales) =>
  new Intl.DateTimeFormat(locales[lang], { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
/** «чт, 10 декабря, 10:30» of an instant in the office's zone. */
export const visitTime = (iso: string, lang: keyof typeof locales) =>
  new Intl.DateTimeFormat(locales[lang], {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: OFFICE_ZONE,
  }).format(new Date(iso));

const icsStamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const icsText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

/** The visit as an iCalendar file, for the phone's calendar. */
export function icsOf(a: Appointment, title: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Otklik//Appointments//RU',
    'BEGIN:VEVENT',
    `UID:appointment-${a.id}@otklik`,
    `DTSTAMP:${icsStamp(new Date().toISOString())}`,
    `DTSTART:${icsStamp(a.startsAt)}`,
    `DTEND:${icsStamp(a.endsAt)}`,
    `SUMMARY:${icsText(title)}`,
    `LOCATION:${icsText(a.office.address)}`,
    `DESCRIPTION:${icsText(`${a.code} · ${a.point.label}`)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
