import { localInstant } from '../../dispatch/calendar.ts';
import type { TestApp } from './app.ts';
import { appointmentMakers } from './appointments-make.ts';
import { smallCity } from './make.ts';

/*
 * A booking scene over HTTP: a small city, an office of its management company (whose staff are the
 * office's), a consultation with 15-minute slots at one window, and calls as any signed-in person.
 */

/** A local time of Moscow as an ISO instant. */
export const moscow = (date: string, hhmm: string) => new Date(localInstant('Europe/Moscow', date, hhmm)).toISOString();

export async function bookingScene(t: TestApp) {
  const c = await smallCity(t.db);
  const make = appointmentMakers(t.db);
  const office = await make.office(c.city.id, c.mc.id, { ru: 'Приёмная района' });
  const consult = await make.service(c.city.id, { letter: 'А' });
  const point = await make.point(office.id, [{ serviceId: consult.id, slotMinutes: 15 }], { label: 'окно 1' });
  const call = async (
    userId: number | null,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(userId === null ? {} : await t.signIn(userId)), ...headers },
      ...(payload ? { payload } : {}),
    });
  const book = (userId: number, startsAt: string, o: { serviceId?: number; officeId?: number; key?: string } = {}) =>
    call(
      userId,
      'POST',
      '/api/appointments',
      { officeId: o.officeId ?? office.id, serviceId: o.serviceId ?? consult.id, startsAt },
      o.key ? { 'idempotency-key': o.key } : {},
    );
  return { c, make, office, consult, point, call, book };
}

/** The field errors of a problem answer. */
export const fieldsOf = (body: { errors?: { field: string; code?: string }[] }) =>
  (body.errors ?? []).map((e) => e.field);
