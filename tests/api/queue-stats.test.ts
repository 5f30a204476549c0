import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localInstant } from '../../dispatch/calendar.ts';
import { UTF8_BOM } from '../../dispatch/stats.ts';
import { appointmentMakers } from '../helpers/appointments-make.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceCalls } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';

/*
 * The queue's figures (issue 16) over 2–6 November 2026 — Tuesday the 3rd shortened, Wednesday the
 * 4th a holiday, Thursday the 5th open 10:00–12:00 only by the office's exception — against values
 * worked out by hand from appointments and hall tickets made at chosen instants.
 */
describe('the queue’s figures', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let api: ReturnType<typeof eserviceCalls>;
  let office: { id: number };
  let theirs: { id: number };
  let visit: { id: number };
  let handIn: { id: number };
  const at = (date: string, hhmm: string) => new Date(localInstant('Europe/Moscow', date, hhmm));
  const PERIOD = 'from=2026-11-02&to=2026-11-06';

  beforeAll(async () => {
    t = await startTestApp();
    t.setNow(at('2026-11-10', '12:00'));
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    const make = appointmentMakers(t.db);
    office = await make.office(c.city.id, c.mc.id, { code: 'stats-hall' });
    visit = await make.service(c.city.id, { letter: 'А' });
    handIn = await make.service(c.city.id, { letter: 'Б', purpose: 'hand_in' });
    const one = await make.point(office.id, [{ serviceId: visit.id, slotMinutes: 15 }]);
    const two = await make.point(office.id, [{ serviceId: handIn.id, slotMinutes: 30 }]);
    await t.db.execute(sql`insert into schedule_exceptions (office_id, date, hours, reason)
      values (${office.id}, '2026-11-05', '[{"start":"10:00","end":"12:00"}]'::jsonb, 'Совещание')`);

    const book = async (
      o: { point: { id: number }; serviceId: number; date: string; hhmm: string; minutes?: number; userId?: number },
      status: 'booked' | 'served' | 'no_show' | 'cancelled',
      more: { checkedIn?: string; late?: number; createdAt?: Date } = {},
    ) => {
      const a = await make.appointment({
        municipalityId: c.city.id,
        officeId: office.id,
        pointId: o.point.id,
        serviceId: o.serviceId,
        userId: o.userId ?? c.users.resident.id,
        startsAt: at(o.date, o.hhmm),
        minutes: o.minutes,
        status,
      });
      await t.db.execute(sql`update appointments set
        created_at = ${more.createdAt ?? new Date('2026-10-30T10:00:00Z')},
        checked_in_at = ${more.checkedIn ? at(o.date, more.checkedIn) : null},
        late_minutes = ${more.late ?? null}
        where id = ${a.id}`);
      return a;
    };
    const inPeriod = new Date('2026-11-02T08:00:00Z');
    const a1 = await book({ point: one, serviceId: visit.id, date: '2026-11-02', hhmm: '09:00' }, 'served', {
      checkedIn: '08:55',
      createdAt: inPeriod,
    });
    await book({ point: one, serviceId: visit.id, date: '2026-11-02', hhmm: '09:15' }, 'no_show', {
      createdAt: inPeriod,
    });
    const a3 = await book({ point: one, serviceId: visit.id, date: '2026-11-03', hhmm: '10:00' }, 'served', {
      checkedIn: '10:20',
      late: 20,
    });
    await book({ point: one, serviceId: visit.id, date: '2026-11-05', hhmm: '10:00' }, 'cancelled');
    const a5 = await book(
      { point: two, serviceId: handIn.id, date: '2026-11-06', hhmm: '14:00', minutes: 30 },
      'served',
      { checkedIn: '14:10', late: 10 },
    );
    await book({ point: two, serviceId: handIn.id, date: '2026-11-06', hhmm: '15:00', minutes: 30 }, 'booked');
    // Booked in the period for a time after it: a booking made, not an appointment of the period.
    await book(
      { point: one, serviceId: visit.id, date: '2026-11-09', hhmm: '09:00', userId: c.users.otherResident.id },
      'booked',
      { createdAt: inPeriod },
    );

    const ticket = async (
      o: { serviceId: number; date: string; seq: number; appointmentId?: number; arrived: string; letter?: string },
      times: { called?: string; started?: string; finished?: string } = {},
    ) => {
      const row = await make.ticket({
        officeId: office.id,
        day: o.date,
        serviceId: o.serviceId,
        letter: o.letter,
        seq: o.seq,
        appointmentId: o.appointmentId,
        arrivedAt: at(o.date, o.arrived),
        status: times.finished ? 'done' : 'waiting',
      });
      const when = (hhmm?: string) => (hhmm ? at(o.date, hhmm) : null);
      await t.db.execute(sql`update hall_tickets set called_at = ${when(times.called)},
        started_at = ${when(times.started)}, finished_at = ${when(times.finished)} where id = ${row.id}`);
      return row;
    };
    await ticket(
      { serviceId: visit.id, date: '2026-11-02', seq: 1, appointmentId: a1.id, arrived: '08:55' },
      { called: '09:00', started: '09:01', finished: '09:11' },
    );
    await ticket(
      { serviceId: visit.id, date: '2026-11-02', seq: 2, arrived: '09:30' },
      { called: '09:40', started: '09:41', finished: '10:01' },
    );
    // Called first at 10:50 and again at 10:55: the wait runs to the first call.
    const t3 = await ticket(
      { serviceId: visit.id, date: '2026-11-03', seq: 1, appointmentId: a3.id, arrived: '10:20' },
      { called: '10:55', started: '10:52', finished: '11:22' },
    );
    await t.db.execute(sql`insert into queue_events (office_id, ticket_id, step, from_status, to_status, at) values
      (${office.id}, ${t3.id}, 'call', 'waiting', 'called', ${at('2026-11-03', '10:50')}),
      (${office.id}, ${t3.id}, 'recall', 'called', 'called', ${at('2026-11-03', '10:55')})`);
    await ticket(
      { serviceId: handIn.id, letter: 'Б', date: '2026-11-06', seq: 1, appointmentId: a5.id, arrived: '14:10' },
      { called: '14:12', started: '14:12', finished: '14:52' },
    );
    await ticket({ serviceId: handIn.id, letter: 'Б', date: '2026-11-06', seq: 2, arrived: '15:00' });

    // Another organisation's office: city hall sees it, the supervisor does not.
    theirs = await make.office(c.city.id, c.otherMc.id, { code: 'their-hall' });
    const theirPoint = await make.point(theirs.id, [{ serviceId: visit.id, slotMinutes: 30 }]);
    await make.appointment({
      municipalityId: c.city.id,
      officeId: theirs.id,
      pointId: theirPoint.id,
      serviceId: visit.id,
      userId: c.users.otherResident.id,
      startsAt: at('2026-11-02', '10:00'),
      status: 'served',
      minutes: 30,
    });
  });
  afterAll(() => t?.close());

  it('gives the supervisor their office’s figures, per office, per service and in total, as worked out by hand', async () => {
    const res = await api.call(c.users.orgSupervisor.id, 'GET', `/api/queue-stats?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toEqual({ from: '2026-11-02', to: '2026-11-06', timeZone: 'Europe/Moscow' });
    expect(body.offices.map((o: { id: number }) => o.id)).toEqual([office.id]);
    const officeFigures = {
      bookingsMade: 3,
      appointments: 6,
      served: 3,
      noShow: 1,
      cancelled: 1,
      stillBooked: 1,
      noShowRate: 0.25,
      tickets: 5,
      walkIns: 2,
      waitAvgMinutes: 11.8,
      waitP90Minutes: 24,
      serviceAvgMinutes: 25,
      serviceP90Minutes: 37,
      arrived: 3,
      late: 2,
      lateShare: 0.6667,
      lateAvgMinutes: 15,
      // 15-minute window: 32 + 28 (shortened) + 0 (holiday) + 8 (10:00–12:00) + 32; 30-minute window: half.
      slotsOffered: 150,
      slotsUsed: 3,
      slotsUsedShare: 0.02,
    };
    expect(body.offices[0]).toEqual({ id: office.id, code: 'stats-hall', name: 'Приёмная', ...officeFigures });
    expect(body.total).toEqual(officeFigures);
    const byService = Object.fromEntries(body.services.map((s: { id: number }) => [s.id, s]));
    expect(byService[visit.id]).toMatchObject({
      letter: 'А',
      bookingsMade: 3,
      appointments: 4,
      served: 2,
      noShow: 1,
      cancelled: 1,
      stillBooked: 0,
      noShowRate: 0.3333,
      tickets: 3,
      walkIns: 1,
      waitAvgMinutes: 15,
      waitP90Minutes: 26,
      serviceAvgMinutes: 20,
      serviceP90Minutes: 28,
      arrived: 2,
      late: 1,
      lateShare: 0.5,
      lateAvgMinutes: 20,
      slotsOffered: 100,
      slotsUsed: 2,
      slotsUsedShare: 0.02,
    });
    expect(byService[handIn.id]).toMatchObject({
      bookingsMade: 0,
      appointments: 2,
      served: 1,
      stillBooked: 1,
      noShowRate: 0,
      tickets: 2,
      walkIns: 1,
      waitAvgMinutes: 2,
      waitP90Minutes: 2,
      serviceAvgMinutes: 40,
      serviceP90Minutes: 40,
      lateAvgMinutes: 10,
      slotsOffered: 50,
      slotsUsed: 1,
    });
  });

  it('gives city hall every office of the municipality and refuses a supervisor another organisation’s office', async () => {
    const hall = await api.call(c.users.cityHall.id, 'GET', `/api/queue-stats?${PERIOD}`);
    expect(hall.json().offices.map((o: { id: number }) => o.id)).toEqual([office.id, theirs.id]);
    expect(hall.json().total.served).toBe(4);
    const one = await api.call(c.users.cityHall.id, 'GET', `/api/queue-stats?${PERIOD}&officeId=${theirs.id}`);
    expect(one.json().offices.map((o: { id: number }) => o.id)).toEqual([theirs.id]);
    const refused = await api.call(c.users.orgSupervisor.id, 'GET', `/api/queue-stats?${PERIOD}&officeId=${theirs.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0].field).toBe('querystring.officeId');
    expect((await api.call(c.users.orgStaff.id, 'GET', '/api/queue-stats')).statusCode).toBe(403);
    expect((await api.call(c.users.otherAdmin.id, 'GET', `/api/queue-stats?officeId=${office.id}`)).statusCode).toBe(
      404,
    );
    const reversed = await api.call(c.users.cityHall.id, 'GET', '/api/queue-stats?from=2026-11-06&to=2026-11-02');
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().errors[0].field).toBe('querystring.to');
  });

  it('maps the arrivals by local weekday and hour', async () => {
    const res = await api.call(c.users.orgSupervisor.id, 'GET', `/api/queue-stats/load?${PERIOD}`);
    expect(res.json()).toMatchObject({
      max: 1,
      cells: [
        { weekday: 1, hour: 8, tickets: 1 },
        { weekday: 1, hour: 9, tickets: 1 },
        { weekday: 2, hour: 10, tickets: 1 },
        { weekday: 5, hour: 14, tickets: 1 },
        { weekday: 5, hour: 15, tickets: 1 },
      ],
    });
  });

  it('gives each table as CSV for Excel, the total the last row', async () => {
    const offices = await api.call(c.users.orgSupervisor.id, 'GET', `/api/queue-stats?${PERIOD}&format=csv`);
    expect(offices.headers['content-type']).toMatch(/^text\/csv/);
    expect(offices.headers['content-disposition']).toContain('otklik-queue-offices-2026-11-02-2026-11-06.csv');
    const lines = offices.body.split('\r\n').filter(Boolean);
    expect(lines[0].startsWith(`${UTF8_BOM}Код / Code,Офис / Office,Записей сделано / Bookings made`)).toBe(true);
    expect(lines[1]).toBe('stats-hall,Приёмная,3,6,3,1,1,1,0.25,5,2,11.8,24,25,37,3,2,0.6667,15,150,3,0.02');
    expect(lines[2].startsWith(',Итого / Total,3,6')).toBe(true);
    const services = await api.call(
      c.users.orgSupervisor.id,
      'GET',
      `/api/queue-stats?${PERIOD}&format=csv&table=services`,
    );
    expect(services.body.split('\r\n').filter(Boolean)).toHaveLength(4);
    const load = await api.call(c.users.orgSupervisor.id, 'GET', `/api/queue-stats/load?${PERIOD}&format=csv`);
    expect(load.body.split('\r\n').filter(Boolean).slice(1)).toEqual(['1,8,1', '1,9,1', '2,10,1', '5,14,1', '5,15,1']);
  });
});
