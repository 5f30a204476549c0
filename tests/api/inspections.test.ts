import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistElementCodes } from '../../dispatch/inspections.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { jpegWithGps, multipart } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

describe('seasonal inspections over HTTP', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let second: { id: number };
  let otherBuilding: { id: number };
  let unmanaged: { id: number };
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    second = await c.make.building(c.city.id, c.district.id, {
      street: 'ул. Пушкина',
      house: '5',
      managementCompanyId: c.mc.id,
    });
    otherBuilding = await c.make.building(c.city.id, c.district.id, {
      street: 'ул. Тукая',
      house: '7',
      managementCompanyId: c.otherMc.id,
    });
    unmanaged = await c.make.building(c.city.id, c.district.id, { street: 'ул. Новая', house: '1' });
    // Spring 2026 in Kazan: 10 April, 12:00 Moscow time.
    t.setNow(new Date('2026-04-10T09:00:00Z'));
  });
  afterAll(() => t?.close());

  const as = (userId: number) => t.signIn(userId);
  const call = async (userId: number | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: userId === null ? {} : await as(userId), ...(payload ? { payload } : {}) });
  const allScores = (score: number) => checklistElementCodes.map((element) => ({ element, score }));
  const inspectionOf = async (buildingId: number, season = 'spring') => {
    const [row] = await t.db.execute<{ id: string }>(
      sql`select id from inspections where building_id = ${buildingId} and season = ${season} and status <> 'cancelled'`,
    );
    return Number(row!.id);
  };

  it('plans a season for the whole municipality once: each building by its management company, no duplicates', async () => {
    const first = await call(c.users.cityHall.id, 'POST', '/api/inspections/plan', { year: 2026, season: 'spring' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ dueOn: '2026-05-31', created: 3, existing: 0, unmanaged: 1 });
    const again = await call(c.users.admin.id, 'POST', '/api/inspections/plan', { year: 2026, season: 'spring' });
    expect(again.json()).toMatchObject({ created: 0, existing: 3, unmanaged: 1 });
    const rows = await t.db.execute<{ building_id: number; organisation_id: number; due_on: string; status: string }>(
      sql`select building_id, organisation_id, due_on::text, status from inspections where year = 2026 and season = 'spring' order by building_id`,
    );
    expect(rows.map((r) => [r.building_id, r.organisation_id, r.due_on, r.status])).toEqual([
      [c.building.id, c.mc.id, '2026-05-31', 'planned'],
      [second.id, c.mc.id, '2026-05-31', 'planned'],
      [otherBuilding.id, c.otherMc.id, '2026-05-31', 'planned'],
    ]);
    expect(rows.map((r) => r.building_id)).not.toContain(unmanaged.id);
  });

  it('lets a company supervisor plan only its own buildings', async () => {
    const res = await call(c.users.orgSupervisor.id, 'POST', '/api/inspections/plan', { year: 2026, season: 'autumn' });
    expect(res.json()).toMatchObject({ dueOn: '2026-09-15', created: 2, unmanaged: 0 });
    const foreign = await call(c.users.orgSupervisor.id, 'POST', '/api/inspections/plan', {
      year: 2026,
      season: 'autumn',
      buildingIds: [c.building.id, otherBuilding.id],
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([
      {
        field: 'body.buildingIds.1',
        code: 'inspection.not_your_building',
        reason: 'нет такого дома у вашей организации',
      },
    ]);
    const otherOrg = await call(c.users.orgSupervisor.id, 'POST', '/api/inspections/plan', {
      year: 2026,
      season: 'autumn',
      organisationId: c.otherMc.id,
    });
    expect(otherOrg.statusCode).toBe(403);
    expect(
      (await call(c.users.orgStaff.id, 'POST', '/api/inspections/plan', { year: 2026, season: 'autumn' })).statusCode,
    ).toBe(403);
    expect(
      (await call(c.users.resident.id, 'POST', '/api/inspections/plan', { year: 2026, season: 'autumn' })).statusCode,
    ).toBe(403);
    expect((await call(null, 'POST', '/api/inspections/plan', { year: 2026, season: 'autumn' })).statusCode).toBe(401);
  });

  it('refuses a plan with a bad season, a far year or a due date outside the year, naming the field', async () => {
    const season = await call(c.users.cityHall.id, 'POST', '/api/inspections/plan', { year: 2026, season: 'winter' });
    expect(season.statusCode).toBe(400);
    expect(season.json().errors[0].field).toBe('body.season');
    const year = await call(c.users.cityHall.id, 'POST', '/api/inspections/plan', { year: 2030, season: 'spring' });
    expect(year.statusCode).toBe(422);
    expect(year.json().errors[0].field).toBe('body.year');
    const due = await call(c.users.cityHall.id, 'POST', '/api/inspections/plan', {
      year: 2026,
      season: 'spring',
      dueOn: '2027-05-31',
    });
    expect(due.statusCode).toBe(422);
    expect(due.json().errors[0].field).toBe('body.dueOn');
  });

  it('lists inspections in each role’s scope, with filters', async () => {
    const mine = (await call(c.users.orgStaff.id, 'GET', '/api/inspections?season=spring')).json();
    expect(mine.items.map((i: { buildingId: number }) => i.buildingId).sort()).toEqual(
      [c.building.id, second.id].sort(),
    );
    expect(mine.items[0]).toMatchObject({ status: 'planned', overdue: false, organisation: { id: c.mc.id } });
    expect(mine.upcoming).toEqual({ year: 2026, season: 'spring' });
    const city = (
      await call(c.users.cityHall.id, 'GET', `/api/inspections?season=spring&organisationId=${c.otherMc.id}`)
    ).json();
    expect(city.items.map((i: { buildingId: number }) => i.buildingId)).toEqual([otherBuilding.id]);
    const dispatcher = (
      await call(c.users.dispatcher.id, 'GET', `/api/inspections?buildingId=${c.building.id}`)
    ).json();
    expect(dispatcher.items).toHaveLength(2);
    expect((await call(c.users.otherAdmin.id, 'GET', '/api/inspections')).json().items).toEqual([]);
    expect((await call(c.users.resident.id, 'GET', '/api/inspections')).statusCode).toBe(403);
    expect((await call(null, 'GET', '/api/inspections')).statusCode).toBe(401);
    expect((await call(c.users.cityHall.id, 'GET', '/api/inspections?status=done')).statusCode).toBe(400);
  });

  it('hides another company’s inspection (404) and lets city hall read but not conduct one (403)', async () => {
    const foreign = await inspectionOf(otherBuilding.id);
    expect((await call(c.users.orgStaff.id, 'GET', `/api/inspections/${foreign}`)).statusCode).toBe(404);
    expect((await call(c.users.orgStaff.id, 'POST', `/api/inspections/${foreign}/start`)).statusCode).toBe(404);
    expect((await call(c.users.otherAdmin.id, 'GET', `/api/inspections/${foreign}`)).statusCode).toBe(404);
    const read = await call(c.users.cityHall.id, 'GET', `/api/inspections/${foreign}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().allowed).toEqual(['cancel']);
    expect((await call(c.users.cityHall.id, 'POST', `/api/inspections/${foreign}/start`)).statusCode).toBe(403);
    expect((await call(c.users.orgStaff.id, 'GET', '/api/inspections/999999')).statusCode).toBe(404);
  });

  it('conducts an inspection: start, scores with notes, a defect with a photo, completion with the rating', async () => {
    const id = await inspectionOf(c.building.id);
    const notStarted = await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
      scores: [{ element: 'roof', score: 3 }],
    });
    expect(notStarted.statusCode).toBe(409);
    expect(notStarted.json()).toMatchObject({ currentStatus: 'planned', allowed: ['start', 'cancel'] });

    const started = await call(c.users.orgStaff.id, 'POST', `/api/inspections/${id}/start`);
    expect(started.json()).toMatchObject({
      status: 'in_progress',
      inspectorId: c.users.orgStaff.id,
      missing: [...checklistElementCodes],
    });

    const scored = await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
      scores: [
        { element: 'roof', score: 2, note: 'Протечки над 3 подъездом' },
        { element: 'gas', score: null },
      ],
    });
    expect(scored.statusCode).toBe(200);
    expect(scored.json().scores).toEqual(
      expect.arrayContaining([
        { element: 'roof', score: 2, note: 'Протечки над 3 подъездом' },
        { element: 'gas', score: null, note: null },
      ]),
    );
    expect(scored.json().ratingPreview).toBe(2);

    const incomplete = await call(c.users.orgStaff.id, 'POST', `/api/inspections/${id}/complete`, {});
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().errors.map((e: { field: string }) => e.field)).toContain('scores.facade');
    expect(incomplete.json().errors.map((e: { field: string }) => e.field)).not.toContain('scores.roof');

    const form = await multipart(
      { element: 'roof', severity: 'major', description: 'Разрушено покрытие кровли над 3 подъездом, течёт' },
      [{ filename: 'roof.jpg', type: 'image/jpeg', bytes: await jpegWithGps(3) }],
    );
    const defect = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/defects`,
      headers: { ...(await as(c.users.orgStaff.id)), ...form.headers },
      payload: form.payload,
    });
    expect(defect.statusCode).toBe(201);
    const d = defect.json().defects[0];
    expect(d).toMatchObject({
      element: 'roof',
      severity: 'major',
      appealId: null,
      photos: [{ mediaType: 'image/jpeg' }],
    });
    const photo = await t.app.inject({ url: d.photos[0].url, headers: await as(c.users.cityHall.id) });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    // The photo lost its GPS position when stored.
    expect(photo.rawPayload.includes(Buffer.from('Otklik Cam'))).toBe(false);
    expect((await t.app.inject({ url: d.photos[0].url, headers: await as(c.users.otherOrgStaff.id) })).statusCode).toBe(
      404,
    );

    const rest = allScores(4).filter((s) => s.element !== 'roof' && s.element !== 'gas');
    expect((await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, { scores: rest })).statusCode).toBe(
      200,
    );
    const done = await call(c.users.orgSupervisor.id, 'POST', `/api/inspections/${id}/complete`, {
      conclusion: 'Кровле нужен ремонт',
    });
    expect(done.statusCode).toBe(200);
    // Roof (weight 2) at 2, gas not applicable, the rest (weight 12.5) at 4: (4 + 50) / 14.5 = 3.72 → 3.7.
    expect(done.json()).toMatchObject({
      status: 'completed',
      rating: 3.7,
      conclusion: 'Кровле нужен ремонт',
      missing: [],
      allowed: ['make_appeal'],
    });
    const [row] = await t.db.execute(
      sql`select status, rating::text, completed_at is not null as done from inspections where id = ${id}`,
    );
    expect(row).toMatchObject({ status: 'completed', rating: '3.7', done: true });
    expect((await call(c.users.orgStaff.id, 'POST', `/api/inspections/${id}/complete`, {})).statusCode).toBe(409);

    // The public building view shows the condition, without anybody's name.
    const building = await call(null, 'GET', `/api/buildings/${c.building.id}`);
    expect(building.json().condition).toEqual({
      rating: 3.7,
      year: 2026,
      season: 'spring',
      inspectedOn: '2026-04-10T09:00:00.000Z',
    });
    expect(JSON.stringify(building.json().condition)).not.toMatch(/inspector|staff/i);
    expect((await call(null, 'GET', `/api/buildings/${second.id}`)).json().condition).toBeNull();
  });

  it('refuses scores outside 1–5, unknown elements, "not applicable" for the roof and a repeated element', async () => {
    const id = await inspectionOf(second.id);
    await call(c.users.orgStaff.id, 'POST', `/api/inspections/${id}/start`);
    const high = await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
      scores: [{ element: 'roof', score: 6 }],
    });
    expect(high.statusCode).toBe(400);
    expect(high.json().errors[0].field).toBe('body.scores.0.score');
    const zero = await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
      scores: [{ element: 'roof', score: 0 }],
    });
    expect(zero.statusCode).toBe(400);
    const half = await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
      scores: [{ element: 'roof', score: 3.5 }],
    });
    expect(half.statusCode).toBe(400);
    const unknown = await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
      scores: [
        { element: 'roof', score: 3 },
        { element: 'chimney', score: 3 },
      ],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([
      { field: 'body.scores.1.element', code: 'inspection.no_such_element', reason: 'нет такого элемента в перечне' },
    ]);
    const na = await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
      scores: [{ element: 'roof', score: null }],
    });
    expect(na.statusCode).toBe(422);
    expect(na.json().errors[0].field).toBe('body.scores.0.score');
    const twice = await call(c.users.orgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
      scores: [
        { element: 'yard', score: 3 },
        { element: 'yard', score: 4 },
      ],
    });
    expect(twice.statusCode).toBe(422);
    // Nothing of the refused requests was stored.
    const [count] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from inspection_scores where inspection_id = ${id}`,
    );
    expect(count!.n).toBe(0);
    const badDefect = await call(c.users.orgStaff.id, 'POST', `/api/inspections/${id}/defects`, {
      element: 'chimney',
      severity: 'fatal',
      description: 'x',
    });
    expect(badDefect.statusCode).toBe(400);
    expect(
      badDefect
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.description', 'body.element', 'body.severity']);
    expect(
      (
        await call(c.users.otherOrgStaff.id, 'PUT', `/api/inspections/${id}/scores`, {
          scores: [{ element: 'roof', score: 3 }],
        })
      ).statusCode,
    ).toBe(404);
  });

  it('makes a work appeal of a defect: routed to the management company, with the photo, authored by the inspector, once', async () => {
    const id = await inspectionOf(c.building.id);
    const before = (await call(c.users.orgStaff.id, 'GET', `/api/inspections/${id}`)).json();
    const defectId = before.defects[0].id as number;
    const made = await call(c.users.orgStaff.id, 'POST', `/api/inspections/${id}/defects/${defectId}/appeal`, {});
    expect(made.statusCode).toBe(201);
    const { appealId, number } = made.json();
    expect(number).toMatch(/^[A-Z0-9]+-\d{4}-\d{6}$/);

    const [appeal] = await t.db.execute(
      sql`select author_id, category_id, building_id, priority, status, channel, description from appeals where id = ${appealId}`,
    );
    expect(appeal).toMatchObject({
      author_id: String(c.users.orgStaff.id),
      category_id: c.roof.id,
      building_id: c.building.id,
      priority: 'normal',
      status: 'new',
      channel: 'inspection',
    });
    expect(String(appeal!.description)).toContain('Разрушено покрытие кровли');
    const [job] = await t.db.execute(
      sql`select count(*)::int as n from pgboss.job where name = 'appeal.route' and data->>'appealId' = ${String(appealId)}`,
    );
    expect(job).toMatchObject({ n: 1 });
    expect(await routeAppeal(contextAt(t, new Date('2026-04-10T09:05:00Z')), appealId)).toBe('assigned');

    const after = (await call(c.users.orgStaff.id, 'GET', `/api/inspections/${id}`)).json();
    expect(after.defects[0].appealId).toBe(appealId);
    const again = await call(c.users.orgStaff.id, 'POST', `/api/inspections/${id}/defects/${defectId}/appeal`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().appealId).toBe(appealId);

    // The appeal carries the defect's photo and is worked like any other.
    const view = (await call(c.users.orgSupervisor.id, 'GET', `/api/appeals/${appealId}`)).json();
    expect(view).toMatchObject({
      status: 'assigned',
      channel: 'inspection',
      organisation: { id: c.mc.id },
      photos: [{ mediaType: 'image/jpeg' }],
    });
    expect(
      (await t.app.inject({ url: view.photos[0].url, headers: await as(c.users.orgSupervisor.id) })).statusCode,
    ).toBe(200);
    const act = async (userId: number, body: object) => call(userId, 'POST', `/api/appeals/${appealId}/actions`, body);
    expect((await act(c.users.orgSupervisor.id, { action: 'accept' })).statusCode).toBe(200);
    // The company may ask the inspector, as the author, and the inspector answers: the appeal never sticks in needs_info.
    expect(
      (await act(c.users.orgSupervisor.id, { action: 'request_info', note: 'Какая площадь повреждения?' })).json()
        .status,
    ).toBe('needs_info');
    expect((await act(c.users.orgStaff.id, { action: 'provide_info', note: 'Около 20 м²' })).json().status).toBe(
      'accepted',
    );
    expect((await act(c.users.otherOrgStaff.id, { action: 'provide_info', note: 'x' })).statusCode).toBe(404);
    expect(
      (await act(c.users.orgSupervisor.id, { action: 'resolve', note: 'Кровля отремонтирована' })).json().status,
    ).toBe('resolved');
    // A staff author is not a resident: confirming, disputing and rating stay the residents' steps; the appeal closes by itself after 15 days.
    const confirm = await act(c.users.orgStaff.id, { action: 'confirm' });
    expect(confirm.statusCode).toBe(403);
    const options = (await call(c.users.orgStaff.id, 'GET', `/api/appeals/${appealId}/actions`)).json();
    expect(options.allowed).not.toContain('confirm');
    // Residents never see it as theirs.
    expect(
      (await call(c.users.resident.id, 'GET', '/api/appeals')).json().items.map((a: { id: number }) => a.id),
    ).not.toContain(appealId);

    expect(
      (await call(c.users.otherOrgStaff.id, 'POST', `/api/inspections/${id}/defects/${defectId}/appeal`, {}))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(c.users.orgStaff.id, 'POST', `/api/inspections/${id}/defects/999999/appeal`, {})).statusCode,
    ).toBe(404);
  });

  it('cancels an inspection by a planner only, and lets the season be planned again', async () => {
    const id = await inspectionOf(otherBuilding.id);
    expect(
      (await call(c.users.otherOrgStaff.id, 'POST', `/api/inspections/${id}/cancel`, { reason: 'Дом на капремонте' }))
        .statusCode,
    ).toBe(403);
    const cancelled = await call(c.users.cityHall.id, 'POST', `/api/inspections/${id}/cancel`, {
      reason: 'Дом на капремонте',
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', allowed: [] });
    const replanned = await call(c.users.cityHall.id, 'POST', '/api/inspections/plan', {
      year: 2026,
      season: 'spring',
      buildingIds: [otherBuilding.id],
    });
    expect(replanned.json()).toMatchObject({ created: 1, existing: 0 });
  });

  it('shows overdue inspections per organisation to city hall, and a company only its own', async () => {
    // 1 June 2026, 00:30 in Moscow: the spring inspections still open are overdue.
    t.setNow(new Date('2026-05-31T21:30:00Z'));
    const stats = (await call(c.users.cityHall.id, 'GET', '/api/stats/inspections?year=2026&season=spring')).json();
    expect(stats.today).toBe('2026-06-01');
    const byOrg = Object.fromEntries(
      stats.byOrganisation.map((r: { organisation: { id: number } }) => [r.organisation.id, r]),
    );
    expect(byOrg[c.mc.id]).toMatchObject({ completed: 1, inProgress: 1, overdue: 1 });
    expect(byOrg[c.otherMc.id]).toMatchObject({ planned: 1, overdue: 1 });
    expect(stats.overdue.map((i: { buildingId: number }) => i.buildingId).sort()).toEqual(
      [second.id, otherBuilding.id].sort(),
    );
    expect(stats.seasons).toEqual(
      expect.arrayContaining([
        { year: 2026, season: 'spring', planned: 3, completed: 1 },
        { year: 2026, season: 'autumn', planned: 2, completed: 0 },
      ]),
    );
    const overdueList = (await call(c.users.cityHall.id, 'GET', '/api/inspections?overdue=true')).json();
    expect(overdueList.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    expect(overdueList.items).toHaveLength(2);
    const own = (await call(c.users.orgSupervisor.id, 'GET', '/api/stats/inspections')).json();
    expect(own.byOrganisation.map((r: { organisation: { id: number } }) => r.organisation.id)).toEqual([c.mc.id]);
    expect((await call(c.users.resident.id, 'GET', '/api/stats/inspections')).statusCode).toBe(403);
    t.setNow(new Date('2026-04-10T09:00:00Z'));
  });

  it('serves the checklist with the score scale', async () => {
    const raw = await call(c.users.orgStaff.id, 'GET', '/api/inspections/checklist');
    const res = raw.json();
    expect(res.elements.map((e: { code: string }) => e.code)).toEqual([...checklistElementCodes]);
    expect(res.scale).toHaveLength(5);
    expect(res.seasons).toEqual([
      { season: 'spring', dueMonthDay: '05-31' },
      { season: 'autumn', dueMonthDay: '09-15' },
    ]);
  });
});
