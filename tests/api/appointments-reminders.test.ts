import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindAppointment } from '../../api/appointments/notices.ts';
import { systemContext } from '../../api/context.ts';
import { notifyApplicationStep } from '../../api/eservices/notices.ts';
import * as s from '../../db/schema/index.ts';
import { queues } from '../../jobs/queues.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { bookingScene, moscow } from '../helpers/appointments-book.ts';
import { eserviceMakers as applicationMakers } from '../helpers/eservices-make.ts';
import { eserviceMakers } from '../helpers/eservices.ts';

/*
 * Reminders of an appointment through their real path: the appointment.remind jobs the booking sent
 * (read back from pg-boss), each run by the worker's use case at its due time, writing outbox rows with
 * their notify.deliver jobs; none when the appointment moved or was cancelled. And the e-services link:
 * an application number on a booking, and the "ready" notice offering a booking to collect.
 */
describe('appointment reminders and the e-services link', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof bookingScene>>;
  beforeAll(async () => {
    t = await startTestApp();
    scene = await bookingScene(t);
    t.setNow(new Date(moscow('2026-12-07', '10:00')));
  });
  afterAll(() => t?.close());

  /** The reminder jobs of an appointment, as pg-boss holds them. */
  const jobsOf = async (id: number) =>
    (
      await t.db.execute<{ data: unknown; start_after: Date }>(
        sql`select data, start_after from pgboss.job where name = 'appointment.remind'
            and (data->>'appointmentId')::bigint = ${id} order by start_after, data->>'startsAt'`,
      )
    ).map((j) => ({ data: queues['appointment.remind'].payload.parse(j.data), at: new Date(j.start_after) }));
  /** Run a job as the worker does, at its due time. */
  const run = (job: Awaited<ReturnType<typeof jobsOf>>[number]) =>
    remindAppointment(systemContext({ db: t.db, boss: t.boss, clock: () => job.at }), job.data);
  const outboxOf = (userId: number, template: string) =>
    t.db.execute<{ id: number; body: string; channel: string }>(
      sql`select id, body, channel from notification_outbox where user_id = ${userId} and template = ${template}`,
    );

  it('reminds the day before and 2 hours before in the person’s language, once each', async () => {
    const u = await scene.c.make.user(scene.c.city.id, { language: 'tt' });
    const a = (await scene.book(u.id, moscow('2026-12-10', '11:00'))).json();
    const jobs = await jobsOf(a.id);
    expect(jobs.map((j) => j.data.kind)).toEqual(['day_before', 'two_hours']);
    expect(await run(jobs[0])).toBe(true);
    expect(await run(jobs[0])).toBe(false);
    const [row] = await outboxOf(u.id, 'appointment.day_before');
    expect(row.channel).toBe('sms');
    expect(row.body).toContain('Искәртәбез');
    expect(row.body).toContain(a.code);
    expect(row.body).toContain(scene.office.address);
    expect(row.body).toContain('11:00');
    const deliveries = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'notify.deliver' and (data->>'outboxId')::bigint = ${row.id}`,
    );
    expect(deliveries[0].n).toBe(1);
    expect(await run(jobs[1])).toBe(true);
    expect(await outboxOf(u.id, 'appointment.two_hours')).toHaveLength(1);
    const steps = (await scene.call(u.id, 'GET', `/api/appointments/${a.id}`)).json().steps;
    expect(steps.map((x: { step: string }) => x.step)).toEqual(['book', 'reminded', 'reminded']);
  });

  it('sends nothing for a start that moved or an appointment cancelled; the new start has its own', async () => {
    const u = await scene.c.make.user(scene.c.city.id, {});
    const a = (await scene.book(u.id, moscow('2026-12-11', '11:00'))).json();
    const [oldDayBefore] = await jobsOf(a.id);
    const moved = await scene.call(u.id, 'PATCH', `/api/appointments/${a.id}`, {
      version: 1,
      startsAt: moscow('2026-12-11', '15:00'),
    });
    expect(moved.statusCode).toBe(200);
    expect(await run(oldDayBefore)).toBe(false);
    const fresh = (await jobsOf(a.id)).filter((j) => j.data.startsAt === moscow('2026-12-11', '15:00'));
    expect(fresh.map((j) => j.data.kind)).toEqual(['day_before', 'two_hours']);
    await scene.call(u.id, 'POST', `/api/appointments/${a.id}/cancel`, { version: 2 });
    expect(await run(fresh[0])).toBe(false);
    expect(await outboxOf(u.id, 'appointment.day_before')).toHaveLength(0);
  });

  it('takes an application number of the person’s own: ready to collect, open to hand in; refused otherwise, naming the field', async () => {
    const { c, make, office, point, call } = scene;
    const eservice = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    const collect = await make.service(c.city.id, { letter: 'В', purpose: 'collect', eserviceId: eservice.id });
    const handIn = await make.service(c.city.id, { letter: 'Г', purpose: 'hand_in', eserviceId: eservice.id });
    for (const svc of [collect, handIn])
      await t.db.insert(s.servicePointServices).values({ pointId: point.id, serviceId: svc.id, slotMinutes: 15 });
    const application = (status: 'ready' | 'in_progress' | 'issued', applicantId = c.users.resident.id) =>
      applicationMakers(t.db).application({
        serviceId: eservice.id,
        departmentId: c.roads.id,
        applicantId,
        municipalityId: c.city.id,
        status,
        submittedAt: '2026-11-20T07:00:00Z',
      });
    const ready = await application('ready');
    const working = await application('in_progress');
    const issued = await application('issued');
    const others = await application('ready', c.users.otherResident.id);
    const book = (serviceId: number, number: string, hhmm: string) =>
      call(c.users.resident.id, 'POST', '/api/appointments', {
        officeId: office.id,
        serviceId,
        startsAt: moscow('2026-12-16', hhmm),
        applicationNumber: number,
      });
    const refusals: [number, string, string][] = [
      [collect.id, others.number!, 'application_unknown'],
      [collect.id, 'NOPE-1', 'application_unknown'],
      [collect.id, working.number!, 'application_not_ready'],
      [handIn.id, issued.number!, 'application_closed'],
    ];
    for (const [serviceId, number, reason] of refusals) {
      const res = await book(serviceId, number, '10:00');
      expect(res.statusCode, reason).toBe(422);
      expect(res.json().errors[0]).toMatchObject({
        field: 'body.applicationNumber',
        code: `appointment.field.${reason}`,
      });
    }
    const collecting = await book(collect.id, ready.number!, '10:00');
    expect(collecting.statusCode, collecting.body).toBe(201);
    expect(collecting.json().applicationNumber).toBe(ready.number);
    const handing = await book(handIn.id, working.number!, '10:15');
    expect(handing.statusCode, handing.body).toBe(201);
  });

  it('offers a booking to collect in the “ready” notice of an application whose e-service has a collect service', async () => {
    const { c, make } = scene;
    const eservice = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    await make.service(c.city.id, { letter: 'Д', purpose: 'collect', eserviceId: eservice.id });
    const before = await applicationMakers(t.db).application({
      serviceId: eservice.id,
      departmentId: c.roads.id,
      applicantId: c.users.resident.id,
      municipalityId: c.city.id,
      status: 'in_progress',
      submittedAt: '2026-11-20T07:00:00Z',
    });
    const [after] = await t.db
      .update(s.applications)
      .set({ status: 'ready', delivery: 'collect' })
      .where(eq(s.applications.id, before.id))
      .returning();
    const ctx = { ...systemContext({ db: t.db, boss: t.boss, clock: () => new Date(moscow('2026-12-07', '10:00')) }) };
    await notifyApplicationStep(
      ctx,
      { before, after, service: eservice, step: 'mark_ready', note: null },
      { publicUrl: 'https://otklik.example/' },
    );
    const rows = await t.db.execute<{ body: string }>(
      sql`select body from notification_outbox where user_id = ${c.users.resident.id} and template = 'application.ready'`,
    );
    expect(rows.map((r) => r.body).join('\n')).toContain(
      `https://otklik.example/appointments/new?application=${encodeURIComponent(after.number!)}`,
    );
  });
});
