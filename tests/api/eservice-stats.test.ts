import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  type LocalDate,
  type TermPause,
  termDaysUsed,
  termEnd,
} from '../../dispatch/eservices.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceMakers, stage } from '../helpers/eservices-make.ts';
import { smallCity } from '../helpers/make.ts';

/**
 * The project office's figures over HTTP, against a hand computation. Moscow time; read on
 * Tuesday 2026-12-01; period 2026-10-01 … 2026-11-30. Wednesday 2026-11-04 is a holiday.
 *
 * Roads (department) — service GPZU, 10 working days; stages reception 1, review 7, result 2:
 *   A1 online, submitted Fri 30 Oct, to review Mon 2 Nov, to result Wed 11 Nov, issued Fri 13 Nov
 *      (due Mon 16 Nov): 9 working days (4 Nov off), 14 calendar; stages 1/3, 6/9, 2/2 (working/calendar)
 *   A2 office, submitted Mon 2 Nov, to review Tue 3 Nov, documents asked 5 Nov and given 10 Nov (pause),
 *      refused Fri 20 Nov (due 20 Nov): 10 working, 13 calendar; stages 1/1, 9/12
 *   A3 online, submitted Mon 21 Sep (before the period), issued Thu 15 Oct (due 5 Oct, late):
 *      18 working, 24 calendar, all in stage 0
 *   A4 online, submitted 20 Nov, in progress, due 4 Dec          → open
 *   A5 office, submitted 3 Aug, in progress, due 17 Aug          → open and overdue
 *   A6 online, submitted 25 Nov, withdrawn                       → received only
 *   A7 a draft                                                   → nowhere
 * Architecture (department) — service Permit, 30 calendar days, one stage of 30:
 *   B1 online, submitted Mon 5 Oct, issued Thu 5 Nov (due 4 Nov is a holiday → 5 Nov): 22 working, 31 calendar
 */
describe('e-service statistics for the project office', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let arch: { id: number };
  let gpzu: { id: number };
  let permit: { id: number };
  let otherService: { id: number };
  let supervisor: { id: number };
  const period = 'from=2026-10-01&to=2026-11-30';
  const msk = (local: string) => `${local}+03:00`;

  const get = async (userId: number | null, url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { ...(userId === null ? {} : await t.signIn(userId)), ...headers } });
  const ok = async (userId: number, url: string) => {
    const res = await get(userId, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    const e = eserviceMakers(t.db);
    arch = await c.make.organisation(c.city.id, {
      kind: 'city_department',
      nameRu: 'Управление архитектуры',
      nameEn: 'Architecture',
    });
    supervisor = await c.make.user(c.city.id, {
      role: 'org_supervisor',
      organisationId: c.roads.id,
      login: `roads-sup-${Date.now()}`,
    });
    gpzu = await e.service(c.city.id, c.roads.id, {
      code: 'gpzu',
      ru: 'Выдача ГПЗУ',
      en: 'Urban plan of a land plot',
      termDays: 10,
      termUnit: 'working_days',
      stages: [
        stage('reception', 'Приём', 'Reception', 1),
        stage('review', 'Рассмотрение', 'Review', 7),
        stage('result', 'Подготовка результата', 'Result', 2),
      ],
    });
    permit = await e.service(c.city.id, arch.id, {
      code: 'permit',
      ru: 'Разрешение на строительство',
      en: 'Building permit',
      termDays: 30,
      termUnit: 'calendar_days',
      stages: [stage('all', 'Рассмотрение', 'Review', 30)],
    });
    const base = { municipalityId: c.city.id, applicantId: c.users.resident.id };
    const roads = { ...base, serviceId: gpzu.id, departmentId: c.roads.id };
    await e.application({
      ...roads,
      status: 'issued',
      submittedAt: msk('2026-10-30T10:00:00'),
      termStartOn: '2026-10-30',
      dueOn: '2026-11-16',
      stageIndex: 2,
      decidedAt: msk('2026-11-13T12:00:00'),
      closedAt: msk('2026-11-16T09:00:00'),
      moves: [
        { at: msk('2026-11-02T11:00:00'), from: 0, to: 1 },
        { at: msk('2026-11-11T09:00:00'), from: 1, to: 2 },
        { at: msk('2026-11-13T12:00:00'), from: 2, to: 2, step: 'issue_result', status: 'ready' },
      ],
    });
    await e.application({
      ...roads,
      channel: 'office',
      status: 'refused',
      submittedAt: msk('2026-11-02T09:00:00'),
      termStartOn: '2026-11-02',
      dueOn: '2026-11-20',
      pauses: [{ from: '2026-11-05', to: '2026-11-10' }],
      stageIndex: 1,
      decidedAt: msk('2026-11-20T15:00:00'),
      closedAt: msk('2026-11-20T15:00:00'),
      moves: [
        { at: msk('2026-11-03T10:00:00'), from: 0, to: 1 },
        { at: msk('2026-11-05T10:00:00'), from: 1, to: 1, step: 'request_documents', status: 'awaiting_documents' },
        { at: msk('2026-11-10T10:00:00'), from: 1, to: 1, step: 'provide_documents' },
        { at: msk('2026-11-20T15:00:00'), from: 1, to: 1, step: 'refuse', status: 'refused' },
      ],
    });
    await e.application({
      ...roads,
      status: 'issued',
      submittedAt: msk('2026-09-21T10:00:00'),
      termStartOn: '2026-09-21',
      dueOn: '2026-10-05',
      decidedAt: msk('2026-10-15T10:00:00'),
      closedAt: msk('2026-10-15T10:00:00'),
    });
    await e.application({
      ...roads,
      status: 'in_progress',
      submittedAt: msk('2026-11-20T10:00:00'),
      termStartOn: '2026-11-20',
      dueOn: '2026-12-04',
    });
    await e.application({
      ...roads,
      channel: 'office',
      status: 'in_progress',
      submittedAt: msk('2026-08-03T10:00:00'),
      termStartOn: '2026-08-03',
      dueOn: '2026-08-17',
    });
    await e.application({
      ...roads,
      status: 'withdrawn',
      submittedAt: msk('2026-11-25T10:00:00'),
      termStartOn: '2026-11-25',
      dueOn: '2026-12-09',
      closedAt: msk('2026-11-26T10:00:00'),
    });
    await e.application({ ...roads, status: 'draft' });
    await e.application({
      ...base,
      serviceId: permit.id,
      departmentId: arch.id,
      status: 'issued',
      submittedAt: msk('2026-10-05T10:00:00'),
      termStartOn: '2026-10-05',
      dueOn: '2026-11-05',
      decidedAt: msk('2026-11-05T10:00:00'),
      closedAt: msk('2026-11-05T10:00:00'),
    });
    // Another municipality's service, with one application in the period: nobody here sees it.
    const otherDepartment = await c.make.organisation(c.other.id, { kind: 'city_department' });
    const otherResident = await c.make.user(c.other.id, { role: 'resident' });
    otherService = await e.service(c.other.id, otherDepartment.id, {
      termDays: 5,
      termUnit: 'working_days',
      stages: [stage('all', 'Всё', 'All', 5)],
    });
    await e.application({
      municipalityId: c.other.id,
      applicantId: otherResident.id,
      serviceId: otherService.id,
      departmentId: otherDepartment.id,
      status: 'issued',
      submittedAt: msk('2026-10-05T10:00:00'),
      termStartOn: '2026-10-05',
      dueOn: '2026-10-12',
      decidedAt: msk('2026-10-07T10:00:00'),
    });
    t.setNow(new Date(msk('2026-12-01T12:00:00')));
  });
  afterAll(() => t?.close());

  it('counts the hand-made cases as dispatch counts a term (the holiday of 4 November)', () => {
    expect(termEnd('2026-10-30', 10, 'working_days')).toBe('2026-11-16');
    expect(termDaysUsed('2026-10-30', '2026-11-13', 'working_days')).toBe(9);
    const pause = [{ from: '2026-11-05', to: '2026-11-10' }];
    expect(termEnd('2026-11-02', 10, 'working_days', pause)).toBe('2026-11-20');
    expect(termDaysUsed('2026-11-02', '2026-11-20', 'working_days', pause)).toBe(10);
    expect(termDaysUsed('2026-11-02', '2026-11-20', 'calendar_days', pause)).toBe(13);
    expect(termDaysUsed('2026-09-21', '2026-10-15', 'working_days')).toBe(18);
    expect(termEnd('2026-10-05', 30, 'calendar_days')).toBe('2026-11-05');
    expect(termDaysUsed('2026-10-05', '2026-11-05', 'working_days')).toBe(22);
  });

  it('gives each service its received, decided, open and days figures, and the total', async () => {
    const body = await ok(c.users.cityHall.id, `/api/eservice-stats/services?${period}`);
    expect(body.period).toEqual({ from: '2026-10-01', to: '2026-11-30', timeZone: 'Europe/Moscow' });
    expect(body.items.map((i: { code: string }) => i.code)).toEqual(['gpzu', 'permit']); // Дороги < Управление
    const [g, p] = body.items;
    // Calendar 13, 14, 24: median 14, p90 at rank 1.8 → 14 + 0.8 × 10 = 22. Working 9, 10, 18: 10 and 16.4.
    expect(g).toEqual({
      id: gpzu.id,
      code: 'gpzu',
      name: 'Выдача ГПЗУ',
      departmentId: c.roads.id,
      departmentName: 'Дороги',
      termDays: 10,
      termUnit: 'working_days',
      received: 4,
      receivedOnline: 3,
      receivedOffice: 1,
      onlineShare: 0.75,
      finished: 3,
      issued: 2,
      refused: 1,
      withinTerm: 2,
      withinTermShare: 0.6667,
      openNow: 2,
      overdueNow: 1,
      calendarDaysMedian: 14,
      calendarDaysP90: 22,
      workingDaysMedian: 10,
      workingDaysP90: 16.4,
    });
    expect(p).toMatchObject({
      departmentName: 'Управление архитектуры',
      termUnit: 'calendar_days',
      received: 1,
      finished: 1,
      withinTerm: 1,
      withinTermShare: 1,
      openNow: 0,
      calendarDaysMedian: 31,
      workingDaysMedian: 22,
      workingDaysP90: 22,
    });
    // Total: calendar 13, 14, 24, 31 → median 19, p90 at rank 2.7 → 24 + 0.7 × 7 = 28.9;
    // working 9, 10, 18, 22 → 14 and 18 + 0.7 × 4 = 20.8.
    expect(body.total).toEqual({
      received: 5,
      receivedOnline: 4,
      receivedOffice: 1,
      onlineShare: 0.8,
      finished: 4,
      issued: 3,
      refused: 1,
      withinTerm: 3,
      withinTermShare: 0.75,
      openNow: 2,
      overdueNow: 1,
      calendarDaysMedian: 19,
      calendarDaysP90: 28.9,
      workingDaysMedian: 14,
      workingDaysP90: 20.8,
    });
  });

  it('names the services and departments in the reader’s language (and sorts by those names)', async () => {
    const res = await get(c.users.cityHall.id, `/api/eservice-stats/services?${period}`, {
      cookie: `${(await t.signIn(c.users.cityHall.id)).cookie}; otklik_lang=en`,
    });
    expect(res.json().items.map((i: { name: string }) => i.name)).toEqual([
      'Building permit',
      'Urban plan of a land plot',
    ]);
    expect(res.json().items[0].departmentName).toBe('Architecture');
  });

  it('gives each department the figures of its applications', async () => {
    const body = await ok(c.users.admin.id, `/api/eservice-stats/departments?${period}`);
    expect(body.items.map((i: { id: number }) => i.id)).toEqual([c.roads.id, arch.id]);
    expect(body.items[0]).toMatchObject({
      name: 'Дороги',
      services: 1,
      received: 4,
      finished: 3,
      workingDaysP90: 16.4,
    });
    expect(body.items[1]).toMatchObject({ name: 'Управление архитектуры', services: 1, calendarDaysMedian: 31 });
    expect(body.total).toMatchObject({ received: 5, finished: 4, calendarDaysMedian: 19, workingDaysP90: 20.8 });
  });

  it('shows which stage eats the term: days per stage against the stage’s own term', async () => {
    const body = await ok(c.users.cityHall.id, `/api/eservice-stats/stages?${period}&serviceId=${gpzu.id}`);
    // Stage 0: A1 1/3, A2 1/1, A3 18/24 — working median 1, p90 1 + 0.8 × 17 = 14.6; calendar 3 and 3 + 0.8 × 21 = 19.8.
    // Stage 1: A1 6/9, A2 9/12 (the pause's 3 working, 5 calendar days left out) — 7.5 and 6 + 0.9 × 3 = 8.7;
    // calendar 10.5 and 11.7; A2 is over the stage's 7 days. Stage 2: A1 2/2.
    expect(body.items).toEqual([
      {
        serviceId: gpzu.id,
        serviceCode: 'gpzu',
        serviceName: 'Выдача ГПЗУ',
        stage: 0,
        code: 'reception',
        name: 'Приём',
        termDays: 1,
        applications: 3,
        overTerm: 1,
        calendarDaysMedian: 3,
        calendarDaysP90: 19.8,
        workingDaysMedian: 1,
        workingDaysP90: 14.6,
      },
      expect.objectContaining({
        stage: 1,
        name: 'Рассмотрение',
        termDays: 7,
        applications: 2,
        overTerm: 1,
        calendarDaysMedian: 10.5,
        calendarDaysP90: 11.7,
        workingDaysMedian: 7.5,
        workingDaysP90: 8.7,
      }),
      expect.objectContaining({
        stage: 2,
        applications: 1,
        overTerm: 0,
        calendarDaysMedian: 2,
        workingDaysMedian: 2,
        workingDaysP90: 2,
      }),
    ]);
    const all = await ok(c.users.cityHall.id, `/api/eservice-stats/stages?${period}`);
    expect(all.items.map((i: { serviceCode: string; stage: number }) => `${i.serviceCode}:${i.stage}`)).toEqual([
      'gpzu:0',
      'gpzu:1',
      'gpzu:2',
      'permit:0',
    ]);
    expect(all.items[3]).toMatchObject({ applications: 1, workingDaysMedian: 22, calendarDaysMedian: 31, overTerm: 0 });
  });

  it('shows a department’s supervisor only their own department', async () => {
    const services = await ok(supervisor.id, `/api/eservice-stats/services?${period}`);
    expect(services.items.map((i: { id: number }) => i.id)).toEqual([gpzu.id]);
    expect(services.total).toMatchObject({ received: 4, finished: 3, workingDaysMedian: 10 });
    const departments = await ok(supervisor.id, `/api/eservice-stats/departments?${period}`);
    expect(departments.items.map((i: { id: number }) => i.id)).toEqual([c.roads.id]);
    const own = await ok(supervisor.id, `/api/eservice-stats/stages?${period}&departmentId=${c.roads.id}`);
    expect(own.items).toHaveLength(3);

    const other = await get(supervisor.id, `/api/eservice-stats/services?${period}&departmentId=${arch.id}`);
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json()).toMatchObject({
      code: 'eservice_stats.own_department_only',
      errors: [{ field: 'querystring.departmentId' }],
    });
    const otherService = await get(supervisor.id, `/api/eservice-stats/stages?serviceId=${permit.id}`);
    expect(otherService.statusCode).toBe(403);
    expect(otherService.json().errors[0].field).toBe('querystring.serviceId');
    // A supervisor of a company that provides no services sees empty tables.
    const mc = await ok(c.users.orgSupervisor.id, `/api/eservice-stats/services?${period}`);
    expect(mc.items).toEqual([]);
    expect(mc.total).toMatchObject({ received: 0, finished: 0, onlineShare: null, workingDaysMedian: null });
  });

  it('narrows city hall’s view to a department on request, never beyond the municipality', async () => {
    const body = await ok(c.users.cityHall.id, `/api/eservice-stats/services?${period}&departmentId=${arch.id}`);
    expect(body.items.map((i: { id: number }) => i.id)).toEqual([permit.id]);
    expect(body.total).toMatchObject({ received: 1, finished: 1 });
    const foreign = await get(c.users.cityHall.id, `/api/eservice-stats/stages?serviceId=${otherService.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('eservice_stats.service_not_found');
    expect((await get(c.users.cityHall.id, '/api/eservice-stats/stages?serviceId=999999')).statusCode).toBe(404);
    const foreignDepartment = await get(c.users.otherAdmin.id, `/api/eservice-stats/services?departmentId=${arch.id}`);
    expect(foreignDepartment.statusCode).toBe(404);
    // The other municipality's admin sees its own service only.
    const theirs = await ok(c.users.otherAdmin.id, `/api/eservice-stats/services?${period}`);
    expect(theirs.items.map((i: { id: number }) => i.id)).toEqual([otherService.id]);
  });

  it('refuses residents, other staff and anonymous visitors', async () => {
    for (const path of ['services', 'departments', 'stages']) {
      expect((await get(null, `/api/eservice-stats/${path}`)).statusCode).toBe(401);
      expect((await get(c.users.resident.id, `/api/eservice-stats/${path}`)).statusCode).toBe(403);
      expect((await get(c.users.dispatcher.id, `/api/eservice-stats/${path}`)).statusCode).toBe(403);
      expect((await get(c.users.orgStaff.id, `/api/eservice-stats/${path}`)).statusCode).toBe(403);
    }
  });

  it('names no applicant anywhere', async () => {
    for (const path of ['services', 'departments', 'stages']) {
      for (const format of ['json', 'csv']) {
        const body = (await get(c.users.cityHall.id, `/api/eservice-stats/${path}?${period}&format=${format}`)).body;
        expect(body).not.toContain('Петров');
        expect(body).not.toContain('applicant');
      }
    }
  });

  it('exports every table as CSV that Excel opens: UTF-8 with BOM, Russian and English headers', async () => {
    for (const [path, header, rows] of [
      ['services', 'Услуга / Service', 3],
      ['departments', 'Подразделение / Department', 3],
      ['stages', 'Этап / Stage', 4],
    ] as const) {
      const res = await get(c.users.cityHall.id, `/api/eservice-stats/${path}?${period}&format=csv`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="otklik-eservice[a-z-]*-2026-10-01-2026-11-30\.csv"$/,
      );
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = res.body.slice(1).split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toContain(header);
      expect(lines).toHaveLength(rows + 2);
      const cells = (line: string) => line.replace(/"[^"]*"/g, 'q').split(',');
      const width = cells(lines[0]).length;
      for (const line of lines.slice(1, -1)) expect(cells(line)).toHaveLength(width);
    }
    const services = (await get(c.users.cityHall.id, `/api/eservice-stats/services?${period}&format=csv`)).body;
    const lines = services.slice(1).split('\r\n');
    expect(lines[0].split(',').slice(0, 6)).toEqual([
      'Код / Code',
      'Услуга / Service',
      'Подразделение / Department',
      'Регламентный срок / Regulated term',
      'Единица срока / Term unit',
      'Подано заявлений / Received',
    ]);
    expect(lines[1]).toBe(
      'gpzu,Выдача ГПЗУ,Дороги,10,раб. дн. / working days,4,3,1,0.75,3,2,1,2,0.6667,2,1,14,22,10,16.4',
    );
    expect(lines[3]).toBe(',Итого,,,,5,4,1,0.8,4,3,1,3,0.75,2,1,19,28.9,14,20.8');
    const english = await get(c.users.cityHall.id, `/api/eservice-stats/services?${period}&format=csv`, {
      cookie: `${(await t.signIn(c.users.cityHall.id)).cookie}; otklik_lang=en`,
    });
    expect(english.body).toContain('gpzu,Urban plan of a land plot,Roads,10,');
  });

  it('answers a bad period with a problem naming the field', async () => {
    const backwards = await get(c.users.cityHall.id, '/api/eservice-stats/services?from=2026-11-30&to=2026-10-01');
    expect(backwards.statusCode).toBe(422);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    expect(backwards.json()).toMatchObject({ code: 'stats.period_reversed', errors: [{ field: 'querystring.to' }] });
    const future = await get(c.users.cityHall.id, '/api/eservice-stats/departments?from=2027-01-10');
    expect(future.statusCode).toBe(422);
    expect(future.json().errors[0].field).toBe('querystring.from');
    const long = await get(c.users.cityHall.id, '/api/eservice-stats/stages?from=2020-01-01&to=2026-04-06');
    expect(long.statusCode).toBe(422);
    expect(long.json().errors[0].field).toBe('querystring.from');
    // A malformed value fails the schema first: 400 naming the field, as everywhere in the API.
    for (const query of ['from=2026-13-01', 'to=yesterday', 'from=2026-02-30']) {
      const malformed = await get(c.users.cityHall.id, `/api/eservice-stats/services?${query}`);
      expect(malformed.statusCode, query).toBe(400);
      expect(malformed.headers['content-type']).toContain('application/problem+json');
      expect(malformed.json().errors[0].field).toBe(`querystring.${query.split('=')[0]}`);
    }
    const badService = await get(c.users.cityHall.id, '/api/eservice-stats/stages?serviceId=abc');
    expect(badService.statusCode).toBe(400);
    expect(badService.json().errors[0].field).toBe('querystring.serviceId');
  });

  it('defaults to the last 90 days of the municipality, today included', async () => {
    // 21:30 UTC on 30 November is already 1 December in Moscow.
    t.setNow(new Date('2026-11-30T21:30:00Z'));
    const body = await ok(c.users.cityHall.id, '/api/eservice-stats/services');
    expect(body.period).toEqual({ from: addDays('2026-12-01', -89), to: '2026-12-01', timeZone: 'Europe/Moscow' });
    expect(body.period.from).toBe('2026-09-03');
    // A3 (21 Sep) is in the default period now.
    expect(body.total.received).toBe(6);
    t.setNow(new Date(msk('2026-12-01T12:00:00')));
  });
});

/**
 * The SQL count of days against dispatch's own: one application per service over 2025–2027 (spans
 * across the New Year and May holidays, the worked Saturday of 1 November 2025), with pauses and
 * stage moves at random, so each service's median is that application's days, and each stage's
 * median its days in that stage.
 */
describe('e-service statistics count days exactly as dispatch/eservices.ts does', () => {
  let t: TestApp;
  let admin: { id: number };
  let early: { id: number };
  let lone: { id: number };
  const cases: { serviceId: number; start: string; end: string; pauses: TermPause[]; stages: LocalDate[] }[] = [];
  // mulberry32: a small seeded generator, so a failure can be replayed.
  let seed = 20_261_107;
  const random = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4_294_967_296) * n);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const c = await smallCity(t.db);
    const e = eserviceMakers(t.db);
    const city = await c.make.municipality({ code: `P${Date.now() % 100_000}` });
    const department = await c.make.organisation(city.id, { kind: 'city_department' });
    const resident = await c.make.user(city.id, { role: 'resident' });
    admin = await c.make.user(city.id, { role: 'admin', login: `padmin-${Date.now()}` });
    for (let i = 0; i < 40; i++) {
      const start = addDays('2025-01-01', random(1000));
      const end = addDays(start, random(70));
      // Up to two pauses, one after the other, inside the span; the last may still run.
      const pauses: TermPause[] = [];
      let from = start;
      for (let k = random(3); k > 0 && from < end; k--) {
        const pFrom = addDays(from, random(10));
        if (pFrom >= end) break;
        const pTo = random(5) === 0 ? null : addDays(pFrom, 1 + random(12));
        pauses.push({ from: pFrom, to: pTo === null || pTo > end ? null : pTo });
        if (pTo === null || pTo > end) break;
        from = pTo;
      }
      // Stage moves on days within the span: stage 1, 2, … in order.
      const moves = Array.from({ length: random(4) }, () =>
        addDays(start, 1 + random(Math.max(1, daysBetween(start, end)))),
      )
        .filter((d) => d < end)
        .sort();
      const service = await e.service(city.id, department.id, {
        termDays: 10,
        termUnit: 'working_days',
        stages: [0, 1, 2, 3].map((n) => stage(`s${n}`, `Этап ${n}`, `Stage ${n}`, 3)),
      });
      await e.application({
        municipalityId: city.id,
        serviceId: service.id,
        departmentId: department.id,
        applicantId: resident.id,
        status: random(2) === 0 ? 'issued' : 'refused',
        submittedAt: `${start}T09:00:00+03:00`,
        termStartOn: start,
        dueOn: addDays(start, 14),
        pauses,
        decidedAt: `${end}T16:00:00+03:00`,
        moves: moves.map((d, n) => ({ at: `${d}T12:00:00+03:00`, from: n, to: n + 1 })),
      });
      cases.push({ serviceId: service.id, start, end, pauses, stages: moves });
    }
    // Registered (the term's start) two days after it was decided: a decision of no days, still counted.
    lone = await c.make.organisation(city.id, { kind: 'city_department' });
    early = await e.service(city.id, lone.id, {
      termDays: 10,
      termUnit: 'working_days',
      stages: [stage('s0', 'Этап', 'Stage', 3)],
    });
    await e.application({
      municipalityId: city.id,
      serviceId: early.id,
      departmentId: lone.id,
      applicantId: resident.id,
      status: 'issued',
      submittedAt: '2026-03-02T09:00:00+03:00',
      termStartOn: '2026-03-04',
      dueOn: '2026-03-18',
      decidedAt: '2026-03-02T16:00:00+03:00',
    });
  });
  afterAll(() => t?.close());

  it('gives each application’s working and calendar days to decision as termDaysUsed does', async () => {
    const res = await t.app.inject({
      url: '/api/eservice-stats/services?from=2025-01-01&to=2027-12-31',
      headers: await t.signIn(admin.id),
    });
    expect(res.statusCode, res.body).toBe(200);
    const byId = new Map(res.json().items.map((i: { id: number }) => [i.id, i]));
    // The draw has pauses (some still running) and stage moves in it.
    expect(cases.filter((k) => k.pauses.length > 0).length).toBeGreaterThan(8);
    expect(cases.filter((k) => k.pauses.some((p) => p.to === null)).length).toBeGreaterThan(1);
    expect(cases.filter((k) => k.stages.length > 1).length).toBeGreaterThan(8);
    const wrong: string[] = [];
    for (const k of cases) {
      const got = byId.get(k.serviceId) as { workingDaysMedian: number; calendarDaysMedian: number };
      const working = termDaysUsed(k.start, k.end, 'working_days', k.pauses);
      const calendar = termDaysUsed(k.start, k.end, 'calendar_days', k.pauses);
      if (got.workingDaysMedian !== working || got.calendarDaysMedian !== calendar)
        wrong.push(
          `${k.start}…${k.end} ${JSON.stringify(k.pauses)}: want ${working}/${calendar}, got ${got.workingDaysMedian}/${got.calendarDaysMedian}`,
        );
    }
    expect(wrong).toEqual([]);
  });

  it('counts an application decided before its term was to start, alone in its view', async () => {
    const res = await t.app.inject({
      url: `/api/eservice-stats/services?from=2026-03-01&to=2026-03-31&departmentId=${lone.id}`,
      headers: await t.signIn(admin.id),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id: early.id,
        finished: 1,
        withinTerm: 1,
        workingDaysMedian: 0,
        calendarDaysMedian: 0,
      }),
    ]);
  });

  it('splits those days over the stages, each counted from the day it was entered', async () => {
    const res = await t.app.inject({
      url: '/api/eservice-stats/stages?from=2025-01-01&to=2027-12-31',
      headers: await t.signIn(admin.id),
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      serviceId: number;
      stage: number;
      applications: number;
      workingDaysMedian: number | null;
      calendarDaysMedian: number | null;
    }[];
    const wrong: string[] = [];
    for (const k of cases) {
      const bounds = [k.start, ...k.stages, k.end];
      for (let n = 0; n < 4; n++) {
        const row = items.find((i) => i.serviceId === k.serviceId && i.stage === n);
        const entered = n < bounds.length - 1;
        const want = entered
          ? [
              termDaysUsed(bounds[n], bounds[n + 1], 'working_days', k.pauses),
              termDaysUsed(bounds[n], bounds[n + 1], 'calendar_days', k.pauses),
            ]
          : [null, null];
        const got = [row?.workingDaysMedian ?? null, row?.calendarDaysMedian ?? null];
        if (JSON.stringify(got) !== JSON.stringify(want) || row?.applications !== (entered ? 1 : 0))
          wrong.push(`${k.start}…${k.end} stage ${n} (${bounds.join(' ')}): want ${want}, got ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
