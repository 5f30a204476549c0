import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';
import {
  type AppointmentPurpose,
  bookingCode,
  DEFAULT_OFFICE_RULES,
  type OfficeRules,
} from '../../dispatch/appointments.ts';
import { ticketNumber } from '../../dispatch/hall.ts';
import type { Weekday, WorkingInterval } from '../../dispatch/calendar.ts';
import type { Texts } from '../../dispatch/eservices.ts';

/*
 * Test data of the electronic queue written straight into the tables (no HTTP): an office with its
 * hours and rules, a service one books, a point giving it, an appointment and a hall ticket. For the
 * access matrix and for readers that need records in every state at chosen instants.
 */

const uid = () => randomBytes(4).toString('hex');
const texts = (ru: string, en = ru, tt = ru): Texts => ({ ru, en, tt });

const day: WorkingInterval[] = [
  { start: '09:00', end: '13:00' },
  { start: '14:00', end: '18:00' },
];
/** Mon–Fri 09:00–18:00 with lunch 13:00–14:00. */
export const OFFICE_WEEK: Partial<Record<Weekday, WorkingInterval[]>> = {
  mon: day,
  tue: day,
  wed: day,
  thu: day,
  fri: day,
};

export function appointmentMakers(db: Database) {
  return {
    async office(
      municipalityId: number,
      organisationId: number,
      o: {
        code?: string;
        ru?: string;
        week?: Partial<Record<Weekday, WorkingInterval[]>>;
        rules?: Partial<OfficeRules>;
      } = {},
    ) {
      const [row] = await db
        .insert(s.offices)
        .values({
          municipalityId,
          organisationId,
          code: o.code ?? `office-${uid()}`,
          name: texts(o.ru ?? 'Приёмная', 'Reception', 'Кабул итү бүлмәсе'),
          address: 'ул. Кремлёвская, д. 1',
          lon: 49.106,
          lat: 55.796,
          week: o.week ?? OFFICE_WEEK,
          rules: { ...DEFAULT_OFFICE_RULES, ...o.rules },
        })
        .returning();
      return row;
    },

    async service(
      municipalityId: number,
      o: { code?: string; letter?: string; purpose?: AppointmentPurpose; eserviceId?: number } = {},
    ) {
      const [row] = await db
        .insert(s.appointmentServices)
        .values({
          municipalityId,
          code: o.code ?? `appt-${uid()}`,
          name: texts('Консультация', 'Consultation', 'Консультация'),
          description: texts('Приём по вопросам', 'Questions answered'),
          purpose: o.purpose ?? 'consultation',
          eserviceId: o.eserviceId ?? null,
          letter: o.letter ?? 'А',
        })
        .returning();
      return row;
    },

    /** A point of the office giving these services (slot minutes each), with its operators. */
    async point(
      officeId: number,
      services: { serviceId: number; slotMinutes: number }[],
      o: { label?: string; operators?: number[]; week?: Partial<Record<Weekday, WorkingInterval[]>> } = {},
    ) {
      const [row] = await db
        .insert(s.servicePoints)
        .values({ officeId, kind: 'window', label: o.label ?? `окно ${uid()}`, week: o.week ?? null })
        .returning();
      if (services.length > 0)
        await db.insert(s.servicePointServices).values(services.map((x) => ({ pointId: row.id, ...x })));
      if (o.operators?.length)
        await db.insert(s.servicePointOperators).values(o.operators.map((userId) => ({ pointId: row.id, userId })));
      return row;
    },

    async appointment(o: {
      municipalityId: number;
      officeId: number;
      pointId: number;
      serviceId: number;
      userId: number;
      startsAt: Date;
      minutes?: number;
      status?: (typeof s.appointmentStatus.enumValues)[number];
    }) {
      const [row] = await db
        .insert(s.appointments)
        .values({
          municipalityId: o.municipalityId,
          officeId: o.officeId,
          pointId: o.pointId,
          serviceId: o.serviceId,
          userId: o.userId,
          startsAt: o.startsAt,
          endsAt: new Date(o.startsAt.getTime() + (o.minutes ?? 15) * 60_000),
          code: bookingCode(randomBytes(8)),
          status: o.status ?? 'booked',
        })
        .returning();
      await db.insert(s.queueEvents).values({
        officeId: o.officeId,
        appointmentId: row.id,
        step: 'book',
        actorId: o.userId,
        toStatus: row.status,
        at: row.createdAt,
      });
      return row;
    },

    /** A waiting ticket of today (the office's local day given), for an appointment or a walk-in. */
    async ticket(o: {
      officeId: number;
      day: string;
      serviceId: number;
      letter?: string;
      seq: number;
      appointmentId?: number;
      arrivedAt?: Date;
      status?: (typeof s.ticketStatus.enumValues)[number];
      pointId?: number;
    }) {
      const letter = o.letter ?? 'А';
      const arrivedAt = o.arrivedAt ?? new Date();
      const [row] = await db
        .insert(s.hallTickets)
        .values({
          officeId: o.officeId,
          day: o.day,
          letter,
          seq: o.seq,
          number: ticketNumber(letter, o.seq),
          appointmentId: o.appointmentId ?? null,
          serviceId: o.serviceId,
          kind: o.appointmentId ? 'booked' : 'walk_in',
          status: o.status ?? 'waiting',
          pointId: o.pointId ?? null,
          dueAt: arrivedAt,
          arrivedAt,
        })
        .returning();
      await db
        .insert(s.hallTicketNumbers)
        .values({ officeId: o.officeId, day: o.day, letter, last: o.seq })
        .onConflictDoUpdate({
          target: [s.hallTicketNumbers.officeId, s.hallTicketNumbers.day, s.hallTicketNumbers.letter],
          set: { last: o.seq },
        });
      await db
        .insert(s.queueEvents)
        .values({ officeId: o.officeId, ticketId: row.id, step: 'issue', toStatus: 'waiting' });
      return row;
    },
  };
}
