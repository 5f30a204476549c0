import { randomBytes } from 'node:crypto';
import { createSession } from '../../db/queries/sessions.ts';
import type { TestApp } from './app.ts';
import { appointmentMakers } from './appointments-make.ts';
import { smallCity } from './make.ts';

/** A Wednesday that is a working day in Moscow: 2026-12-09 (the office works 09:00–18:00, lunch 13–14). */
export const HALL_DAY = '2026-12-09';
/** An instant of HALL_DAY at a Moscow time ('10:00'). */
export const at = (hhmm: string, day = HALL_DAY) => new Date(`${day}T${hhmm}:00+03:00`);

/** A session that begins at the app's clock (the tests set it to a fixed working day). */
export async function signInNow(t: TestApp, userId: number) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const now = t.app.clock();
  await createSession(t.db, {
    tokenHash: t.app.hashSessionToken(token),
    userId,
    csrfToken: csrf,
    now,
    expiresAt: new Date(now.getTime() + 24 * 3600 * 1000),
  });
  return { cookie: `${t.app.sessionCookieName}=${token}`, 'x-csrf-token': csrf };
}

/**
 * A hall to test in: the management company's office with two services (А consultation, Б documents)
 * and three windows — 1 gives both, 2 only А, 3 only Б — the company's staff operating windows 1 and 2,
 * and a kiosk key issued by the supervisor.
 */
export async function hallWorld(t: TestApp, rules: Record<string, unknown> = {}) {
  t.setNow(at('10:00'));
  const c = await smallCity(t.db);
  const make = appointmentMakers(t.db);
  const office = await make.office(c.city.id, c.mc.id, { rules });
  const serviceA = await make.service(c.city.id, { letter: 'А' });
  const serviceB = await make.service(c.city.id, { letter: 'Б', purpose: 'hand_in' });
  const staff = c.users.orgStaff.id;
  const p1 = await make.point(
    office.id,
    [
      { serviceId: serviceA.id, slotMinutes: 15 },
      { serviceId: serviceB.id, slotMinutes: 30 },
    ],
    { label: 'окно 1', operators: [staff] },
  );
  const p2 = await make.point(office.id, [{ serviceId: serviceA.id, slotMinutes: 15 }], {
    label: 'окно 2',
    operators: [staff],
  });
  const p3 = await make.point(office.id, [{ serviceId: serviceB.id, slotMinutes: 30 }], { label: 'окно 3' });
  const call = async (
    userId: number | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(userId === null ? {} : await signInNow(t, userId)), ...headers },
      ...(payload ? { payload } : {}),
    });
  const issued = await call(c.users.orgSupervisor.id, 'POST', `/api/offices/${office.id}/kiosk-key`);
  if (issued.statusCode !== 201) throw new Error(`kiosk key: ${issued.body}`);
  const key: string = issued.json().key;
  const kiosk = (path: string, payload?: object) =>
    call(null, payload ? 'POST' : 'GET', `/api/offices/${office.id}/kiosk${path}`, payload, { 'x-kiosk-key': key });
  /** A booking of the resident (or another person) at a Moscow time of the day. */
  const booking = (hhmm: string, o: { userId?: number; serviceId?: number; pointId?: number; day?: string } = {}) =>
    make.appointment({
      municipalityId: c.city.id,
      officeId: office.id,
      pointId: o.pointId ?? p1.id,
      serviceId: o.serviceId ?? serviceA.id,
      userId: o.userId ?? c.users.resident.id,
      startsAt: at(hhmm, o.day),
    });
  return { c, make, office, serviceA, serviceB, p1, p2, p3, staff, key, call, kiosk, booking };
}
