import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentMakers, OFFICE_WEEK } from '../helpers/appointments-make.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';

/*
 * The office admin over HTTP (issue 16): who keeps which offices, every field refused with its name,
 * stale versions, operators of the office's organisation only, the catalogue of services one books
 * kept by the municipality's admin, and every change in the trail.
 */
describe('the office admin over HTTP', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let api: ReturnType<typeof eserviceCalls>;
  let make: ReturnType<typeof appointmentMakers>;
  let mine: { id: number };
  let theirs: { id: number };
  let visit: { id: number };
  beforeAll(async () => {
    t = await startTestApp();
    t.setNow(new Date('2026-12-07T07:00:00Z'));
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    make = appointmentMakers(t.db);
    mine = await make.office(c.city.id, c.mc.id, { code: 'mc-hall' });
    theirs = await make.office(c.city.id, c.otherMc.id, { code: 'other-hall' });
    visit = await make.service(c.city.id, { code: 'visit' });
  });
  afterAll(() => t?.close());

  const newOffice = (organisationId: number, code: string) => ({
    organisationId,
    code,
    name: { ru: 'Приёмная УК', en: 'MC reception', tt: 'УК кабул итү бүлмәсе' },
    address: 'ул. Баумана, 1',
    lon: 49.11,
    lat: 55.79,
    week: OFFICE_WEEK,
  });
  const changes = async (officeId: number) =>
    (
      await t.db.execute<{ subject: string; action: string; actor_id: number }>(
        sql`select subject, action, actor_id from office_changes where office_id = ${officeId} order by id`,
      )
    ).map((r) => ({ ...r, actor_id: Number(r.actor_id) }));

  it('lists to a supervisor their organisation’s offices and to the admin every office of the municipality', async () => {
    const sup = await api.call(c.users.orgSupervisor.id, 'GET', '/api/admin/offices');
    expect(sup.statusCode).toBe(200);
    expect(sup.json().items.map((o: { id: number }) => o.id)).toEqual([mine.id]);
    const admin = await api.call(c.users.admin.id, 'GET', '/api/admin/offices');
    expect(admin.json().items.map((o: { id: number }) => o.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const other = await api.call(c.users.otherAdmin.id, 'GET', '/api/admin/offices');
    expect(other.json().items).toEqual([]);
    expect((await api.call(c.users.orgStaff.id, 'GET', '/api/admin/offices')).statusCode).toBe(403);
    expect((await api.call(c.users.orgSupervisor.id, 'GET', `/api/admin/offices/${theirs.id}`)).statusCode).toBe(404);
    const detail = await api.call(c.users.orgSupervisor.id, 'GET', `/api/admin/offices/${mine.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ id: mine.id, week: OFFICE_WEEK, points: [], cancelledAppointments: 0 });
    expect(
      detail
        .json()
        .staff.map((u: { id: number }) => u.id)
        .sort(),
    ).toEqual([c.users.orgStaff.id, c.users.orgSupervisor.id].sort());
  });

  it('lets a supervisor create an office of their own organisation only, the admin of any of the municipality', async () => {
    const own = await api.call(c.users.orgSupervisor.id, 'POST', '/api/admin/offices', newOffice(c.mc.id, 'mc-two'));
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ code: 'mc-two', organisationId: c.mc.id, rules: { horizonDays: 14 } });
    const foreign = await api.call(
      c.users.orgSupervisor.id,
      'POST',
      '/api/admin/offices',
      newOffice(c.otherMc.id, 'x1'),
    );
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([
      expect.objectContaining({ field: 'body.organisationId', code: 'field.not_your_organisation' }),
    ]);
    const admin = await api.call(c.users.admin.id, 'POST', '/api/admin/offices', newOffice(c.otherMc.id, 'other-two'));
    expect(admin.statusCode).toBe(201);
    const elsewhere = await api.call(c.users.otherAdmin.id, 'POST', '/api/admin/offices', newOffice(c.mc.id, 'x2'));
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().errors[0].field).toBe('body.organisationId');
    const twice = await api.call(c.users.admin.id, 'POST', '/api/admin/offices', newOffice(c.mc.id, 'mc-two'));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('office.code_taken');
    expect(await changes(own.json().id)).toEqual([
      { subject: 'office', action: 'created', actor_id: c.users.orgSupervisor.id },
    ]);
  });

  it('names each bad field of an office: hours, rules, texts, place', async () => {
    const bad: [string, Record<string, unknown>, string][] = [
      ['bad time', { week: { mon: [{ start: '9:00', end: '18:00' }] } }, 'body.week.mon.0.start'],
      ['end before start', { week: { mon: [{ start: '18:00', end: '09:00' }] } }, 'body.week.mon.0.end'],
      [
        'out of order',
        {
          week: {
            tue: [
              { start: '14:00', end: '18:00' },
              { start: '09:00', end: '13:00' },
            ],
          },
        },
        'body.week.tue.1.start',
      ],
      [
        'overlapping',
        {
          week: {
            wed: [
              { start: '09:00', end: '13:30' },
              { start: '13:00', end: '18:00' },
            ],
          },
        },
        'body.week.wed.1.start',
      ],
      ['unknown day', { week: { funday: [] } }, 'body.week'],
      ['horizon 0', { rules: { horizonDays: 0 } }, 'body.rules.horizonDays'],
      ['horizon 61', { rules: { horizonDays: 61 } }, 'body.rules.horizonDays'],
      ['opens at 25:00', { rules: { opensAt: '25:00' } }, 'body.rules.opensAt'],
      ['lead too long', { rules: { minLeadMinutes: 5000 } }, 'body.rules.minLeadMinutes'],
      ['cut-off negative', { rules: { changeCutoffMinutes: -1 } }, 'body.rules.changeCutoffMinutes'],
      ['eleven bookings', { rules: { maxActivePerPerson: 11 } }, 'body.rules.maxActivePerPerson'],
      ['walk-ins text', { rules: { walkIns: 'yes' } }, 'body.rules.walkIns'],
      ['call rule', { rules: { callRule: 'random' } }, 'body.rules.callRule'],
      ['no-show 0', { rules: { noShowMinutes: 0 } }, 'body.rules.noShowMinutes'],
      ['early 300', { rules: { earlyCheckInMinutes: 300 } }, 'body.rules.earlyCheckInMinutes'],
      ['late 1.5', { rules: { lateMinutes: 1.5 } }, 'body.rules.lateMinutes'],
      ['empty name', { name: { ru: ' ', en: 'x', tt: 'x' } }, 'body.name.ru'],
      ['empty address', { address: '' }, 'body.address'],
      ['longitude', { lon: 200 }, 'body.lon'],
      ['latitude', { lat: -91 }, 'body.lat'],
      ['active text', { active: 'no' }, 'body.active'],
      ['no version', { version: undefined }, 'body.version'],
    ];
    const office = await api.call(c.users.admin.id, 'GET', `/api/admin/offices/${mine.id}`);
    for (const [what, patch, field] of bad) {
      const res = await api.call(c.users.admin.id, 'PATCH', `/api/admin/offices/${mine.id}`, {
        version: office.json().version,
        ...patch,
      });
      expect(res.statusCode, what).toBe(400);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        what,
      ).toContain(field);
    }
    const created = await api.call(c.users.admin.id, 'POST', '/api/admin/offices', {
      ...newOffice(c.mc.id, 'Bad Code!'),
      lon: 'east',
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.code', 'body.lon']),
    );
  });

  it('changes an office at the version read and refuses a stale one', async () => {
    const office = (await api.call(c.users.orgSupervisor.id, 'GET', `/api/admin/offices/${mine.id}`)).json();
    const week = { ...OFFICE_WEEK, sat: [{ start: '10:00', end: '14:00' }] };
    const ok = await api.call(c.users.orgSupervisor.id, 'PATCH', `/api/admin/offices/${mine.id}`, {
      version: office.version,
      week,
      rules: { horizonDays: 21, callRule: 'by_time' },
      howToFind: { ru: 'Вход со двора', en: 'Entrance from the yard', tt: 'Ишегалдыннан керү' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      version: office.version + 1,
      week,
      rules: { horizonDays: 21, callRule: 'by_time', opensAt: '08:00' },
    });
    const stale = await api.call(c.users.orgSupervisor.id, 'PATCH', `/api/admin/offices/${mine.id}`, {
      version: office.version,
      address: 'ул. Пушкина, 2',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale');
    const trail = await t.db.execute<{ changes: Record<string, unknown> }>(
      sql`select changes from office_changes where office_id = ${mine.id} and action = 'updated' order by id desc limit 1`,
    );
    expect(Object.keys(trail[0].changes).sort()).toEqual(['howToFind', 'rules', 'week']);
    expect(
      (await api.call(c.users.orgSupervisor.id, 'PATCH', `/api/admin/offices/${theirs.id}`, { version: 1 })).statusCode,
    ).toBe(404);
  });

  it('adds points with services and slot lengths, and takes operators only from the office’s organisation', async () => {
    const add = (body: object) =>
      api.call(c.users.orgSupervisor.id, 'POST', `/api/admin/offices/${mine.id}/points`, body);
    const ok = await add({
      label: 'окно 1',
      kind: 'window',
      services: [{ serviceId: visit.id, slotMinutes: 15 }],
      operators: [c.users.orgStaff.id, c.users.orgSupervisor.id],
    });
    expect(ok.statusCode).toBe(201);
    const point = ok.json().points.find((p: { label: string }) => p.label === 'окно 1');
    expect(point).toMatchObject({
      services: [{ serviceId: visit.id, slotMinutes: 15, letter: 'А' }],
      operators: [c.users.orgStaff.id, c.users.orgSupervisor.id].sort((a, b) => a - b),
      active: true,
    });
    const foreign = await add({ label: 'окно 2', kind: 'window', operators: [c.users.otherOrgStaff.id] });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([
      expect.objectContaining({ field: 'body.operators.0', code: 'office.field.not_an_operator' }),
    ]);
    const resident = await add({ label: 'окно 2', kind: 'window', operators: [c.users.resident.id] });
    expect(resident.json().errors[0].field).toBe('body.operators.0');
    const bad: [Record<string, unknown>, string, number][] = [
      [{ label: 'окно 3', kind: 'door' }, 'body.kind', 400],
      [{ label: '', kind: 'window' }, 'body.label', 400],
      [
        { label: 'окно 3', kind: 'window', services: [{ serviceId: visit.id, slotMinutes: 7 }] },
        'body.services.0.slotMinutes',
        400,
      ],
      [
        { label: 'окно 3', kind: 'window', services: [{ serviceId: 2_000_000, slotMinutes: 15 }] },
        'body.services.0.serviceId',
        422,
      ],
      [
        {
          label: 'окно 3',
          kind: 'window',
          services: [
            { serviceId: visit.id, slotMinutes: 15 },
            { serviceId: visit.id, slotMinutes: 30 },
          ],
        },
        'body.services.1.serviceId',
        422,
      ],
      [
        { label: 'окно 3', kind: 'window', week: { mon: [{ start: '10:00', end: '09:00' }] } },
        'body.week.mon.0.end',
        400,
      ],
    ];
    for (const [body, field, status] of bad) {
      const res = await add(body);
      expect(res.statusCode, field).toBe(status);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        field,
      ).toContain(field);
    }
    const twice = await add({ label: 'окно 1', kind: 'window' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('office.label_taken');

    const patch = (body: object) =>
      api.call(c.users.orgSupervisor.id, 'PATCH', `/api/admin/service-points/${point.id}`, body);
    const changed = await patch({ version: point.version, label: 'окно 10', operators: [c.users.orgStaff.id] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().points.find((p: { id: number }) => p.id === point.id)).toMatchObject({
      label: 'окно 10',
      operators: [c.users.orgStaff.id],
      version: point.version + 1,
    });
    const stale = await patch({ version: point.version, label: 'окно 11' });
    expect(stale.statusCode).toBe(409);
    const foreignOperator = await patch({ version: point.version + 1, operators: [c.users.otherOrgStaff.id] });
    expect(foreignOperator.statusCode).toBe(422);
    expect(foreignOperator.json().errors[0].field).toBe('body.operators.0');
    const otherPoint = await make.point(theirs.id, []);
    expect(
      (await api.call(c.users.orgSupervisor.id, 'PATCH', `/api/admin/service-points/${otherPoint.id}`, { version: 1 }))
        .statusCode,
    ).toBe(404);
    expect((await changes(mine.id)).filter((x) => x.subject === 'point').map((x) => x.action)).toEqual([
      'created',
      'updated',
    ]);
  });

  it('keeps exceptions: a day closed or its hours changed, one per day and point, taken back', async () => {
    const url = `/api/admin/offices/${mine.id}/exceptions`;
    const close = await api.call(c.users.orgSupervisor.id, 'POST', url, {
      date: '2026-12-10',
      hours: null,
      reason: 'Санитарный день',
    });
    expect(close.statusCode).toBe(201);
    const exception = close.json().exceptions.find((e: { date: string }) => e.date === '2026-12-10');
    expect(exception).toMatchObject({ pointId: null, hours: null, reason: 'Санитарный день' });
    const again = await api.call(c.users.orgSupervisor.id, 'POST', url, {
      date: '2026-12-10',
      hours: [{ start: '09:00', end: '12:00' }],
      reason: 'Короткий день',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('office.exception_exists');
    const bad: [Record<string, unknown>, string, number][] = [
      [{ date: '2026-12-01', hours: null, reason: 'Прошлое' }, 'body.date', 422],
      [{ date: '2026-13-01', hours: null, reason: 'Нет такого дня' }, 'body.date', 400],
      [{ date: '2026-12-11', pointId: 2_000_000, hours: null, reason: 'Чужое окно' }, 'body.pointId', 422],
      [{ date: '2026-12-11', hours: [], reason: 'Пусто' }, 'body.hours', 422],
      [{ date: '2026-12-11', hours: [{ start: '12:00', end: '10:00' }], reason: 'Наоборот' }, 'body.hours.0.end', 400],
      [{ date: '2026-12-11', hours: null, reason: '' }, 'body.reason', 400],
    ];
    for (const [body, field, status] of bad) {
      const res = await api.call(c.users.orgSupervisor.id, 'POST', url, body);
      expect(res.statusCode, field).toBe(status);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        field,
      ).toContain(field);
    }
    const listed = await api.call(c.users.orgSupervisor.id, 'GET', `${url}?from=2026-12-01&to=2026-12-31`);
    expect(listed.json().items.map((e: { id: number }) => e.id)).toEqual([exception.id]);
    const removed = await api.call(c.users.orgSupervisor.id, 'DELETE', `${url}/${exception.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().exceptions.map((e: { id: number }) => e.id)).not.toContain(exception.id);
    expect((await api.call(c.users.orgSupervisor.id, 'DELETE', `${url}/${exception.id}`)).statusCode).toBe(404);
    expect((await changes(mine.id)).filter((x) => x.subject === 'exception').map((x) => x.action)).toEqual([
      'created',
      'deleted',
    ]);
  });

  it('lets the municipality’s admin keep the catalogue of services one books; supervisors read it', async () => {
    const body = {
      code: 'gpzu-hand-in',
      name: { ru: 'Подача документов на ГПЗУ', en: 'Hand in GPZU documents', tt: 'ГПЗУ документларын тапшыру' },
      description: { ru: 'Принесите паспорт', en: 'Bring your passport', tt: 'Паспорт алып килегез' },
      purpose: 'hand_in',
      letter: 'Г',
    };
    const sup = await api.call(c.users.orgSupervisor.id, 'POST', '/api/admin/appointment-services', body);
    expect(sup.statusCode).toBe(403);
    expect(sup.json().code).toBe('office.catalogue_admin_only');
    const made = await api.call(c.users.admin.id, 'POST', '/api/admin/appointment-services', body);
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ code: 'gpzu-hand-in', letter: 'Г', active: true, version: 1 });
    expect((await api.call(c.users.admin.id, 'POST', '/api/admin/appointment-services', body)).statusCode).toBe(409);
    const letter = await api.call(c.users.admin.id, 'POST', '/api/admin/appointment-services', {
      ...body,
      code: 'x',
      letter: 'Z',
    });
    expect(letter.statusCode).toBe(400);
    expect(letter.json().errors[0].field).toBe('body.letter');
    const otherDept = await c.make.organisation(c.other.id, { kind: 'city_department' });
    const foreignEservice = await eserviceMakers(t.db).service(c.other.id, otherDept.id, { code: 'FOREIGN' });
    const linked = await api.call(c.users.admin.id, 'POST', '/api/admin/appointment-services', {
      ...body,
      code: 'y',
      eserviceId: foreignEservice.id,
    });
    expect(linked.statusCode).toBe(422);
    expect(linked.json().errors[0].field).toBe('body.eserviceId');
    const listed = await api.call(c.users.orgSupervisor.id, 'GET', '/api/admin/appointment-services');
    expect(listed.json().items.map((s: { id: number }) => s.id)).toContain(made.json().id);
    const off = await api.call(c.users.admin.id, 'PATCH', `/api/admin/appointment-services/${made.json().id}`, {
      version: 1,
      active: false,
      letter: 'Д',
    });
    expect(off.json()).toMatchObject({ active: false, letter: 'Д', version: 2 });
    const stale = await api.call(c.users.admin.id, 'PATCH', `/api/admin/appointment-services/${made.json().id}`, {
      version: 1,
      active: true,
    });
    expect(stale.statusCode).toBe(409);
    const bySupervisor = await api.call(
      c.users.orgSupervisor.id,
      'PATCH',
      `/api/admin/appointment-services/${made.json().id}`,
      { version: 2, active: true },
    );
    expect(bySupervisor.statusCode).toBe(404);
    const trail = await t.db.execute<{ action: string }>(
      sql`select action from office_changes where subject = 'appointment_service' and subject_id = ${made.json().id} order by id`,
    );
    expect(trail.map((r) => r.action)).toEqual(['created', 'updated']);
  });
});
