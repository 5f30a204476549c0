import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

describe('dispatch board queues', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let emergency: { id: number };
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    emergency = await c.make.category(c.city.id, {
      code: 'burst_pipe',
      nameRu: 'Прорыв трубы',
      nameEn: 'Burst pipe',
      emergency: true,
      defaultPriority: 'emergency',
    });
  });
  afterAll(() => t?.close());

  const file = async (body: object, at: Date) => {
    t.setNow(at);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    await routeAppeal(contextAt(t, at), id);
    return id;
  };
  const get = async (url: string, userId: number) => t.app.inject({ url, headers: await t.signIn(userId) });

  it('puts an emergency appeal not accepted within 30 minutes on the overdue queue, the latest first', async () => {
    const t0 = new Date('2026-03-03T10:00:00Z');
    const older = await file(
      { categoryId: emergency.id, buildingId: c.building.id, description: 'Прорыв трубы в подвале' },
      t0,
    );
    const newer = await file(
      { categoryId: emergency.id, buildingId: c.building.id, description: 'Ещё один прорыв трубы' },
      new Date(t0.getTime() + 10 * 60_000),
    );
    const [row] = await t.db.execute(sql`select response_due_at from appeals where id = ${older}`);
    expect(new Date(row.response_due_at as string).toISOString()).toBe('2026-03-03T10:30:00.000Z');

    t.setNow(new Date(t0.getTime() + 29 * 60_000));
    expect((await get('/api/dispatch/overdue', c.users.dispatcher.id)).json().items).toEqual([]);
    t.setNow(new Date(t0.getTime() + 45 * 60_000));
    const items = (await get('/api/dispatch/overdue', c.users.dispatcher.id)).json().items as {
      id: number;
      lateMillis: number;
    }[];
    expect(items.map((i) => i.id)).toEqual([older, newer]);
    expect(items[0].lateMillis).toBe(15 * 60_000);

    // accepting stops the response clock: it leaves the queue
    t.setNow(new Date(t0.getTime() + 46 * 60_000));
    await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${older}/actions`,
      headers: await t.signIn(c.users.orgStaff.id),
      payload: { action: 'accept' },
    });
    const after = (await get('/api/dispatch/overdue', c.users.dispatcher.id)).json().items as { id: number }[];
    expect(after.map((i) => i.id)).toEqual([newer]);
    t.setNow(null);
  });

  it('follows the municipality’s own SLA policy over the default', async () => {
    await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 5, unit: 'minutes' }, { amount: 2, unit: 'hours' });
    const t0 = new Date('2026-03-04T12:00:00Z');
    const id = await file({ categoryId: c.roof.id, buildingId: c.building.id, description: 'Протекает кровля' }, t0);
    const [row] = await t.db.execute(sql`select response_due_at, resolution_due_at from appeals where id = ${id}`);
    expect(new Date(row.response_due_at as string).toISOString()).toBe('2026-03-04T12:05:00.000Z');
    expect(new Date(row.resolution_due_at as string).toISOString()).toBe('2026-03-04T14:00:00.000Z');
    t.setNow(null);
  });

  it('lists what routing could not place in triage, with the reason', async () => {
    await t.db.execute(sql`insert into organisations (municipality_id, kind, code, name_ru, name_en, working_hours)
      values (${c.city.id}, 'city_department', 'transport-y', 'Транспорт', 'Transport', '{"calendar":"24x7","week":{}}')`);
    const id = await file(
      { categoryId: c.pothole.id, lat: 55.7901, lon: 49.12, description: 'Яма, не понятно чья' },
      new Date(),
    );
    const items = (await get('/api/dispatch/triage', c.users.dispatcher.id)).json().items;
    expect(items).toEqual([
      expect.objectContaining({ id, status: 'new', triageReason: 'ambiguous_organisation_of_kind' }),
    ]);
  });

  it('answers a hand-over to the wrong kind of organisation with a problem in the reader’s language', async () => {
    const bus = await c.make.category(c.city.id, {
      code: 'bus_late',
      nameRu: 'Автобус не по расписанию',
      nameEn: 'Bus off schedule',
      group: 'transport',
      responsibleKind: 'city_department',
      needsBuilding: false,
    });
    const id = await file(
      { categoryId: bus.id, lat: 55.7901, lon: 49.12, description: 'Автобус 74 не пришёл' },
      new Date(),
    );
    const [{ number }] = await t.db.$client`select number from appeals where id = ${id}`;
    const handOver = { appeals: [{ id }], targetOrgId: c.mc.id, reason: 'Пусть УК разберётся' };
    // The web app's language switch (its cookie) beats the account's Russian.
    const session = await t.signIn(c.users.dispatcher.id);
    const headers = { ...session, cookie: `${session.cookie}; otklik_lang=en` };
    const res = await t.app.inject({ method: 'POST', url: '/api/dispatch/reassign', headers, payload: handOver });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 409,
      code: 'board.wrong_kind',
      detail: `This organisation does not answer for the topics of ${number}. Choose one that does, or confirm the hand-over.`,
      wrongKind: [{ id, number, responsibleKind: 'city_department' }],
    });
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/dispatch/reassign',
      headers,
      payload: { ...handOver, confirmWrongKind: true },
    });
    expect(confirmed.json().results).toMatchObject([{ id, ok: true, assignedOrgId: c.mc.id }]);
  });

  it('pages the lists with a total, and refuses a page out of range', async () => {
    const first = (await get('/api/dispatch/triage?limit=1', c.users.dispatcher.id)).json();
    expect(first).toMatchObject({ offset: 0, total: expect.any(Number) });
    expect(first.items).toHaveLength(Math.min(1, first.total));
    const bad = await get('/api/dispatch/overdue?offset=-1', c.users.dispatcher.id);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'querystring.offset' })]);
  });

  it('shows the queues only to the municipality’s dispatchers, city hall and admins', async () => {
    expect((await get('/api/dispatch/overdue', c.users.orgStaff.id)).statusCode).toBe(403);
    expect((await get('/api/dispatch/triage', c.users.resident.id)).statusCode).toBe(403);
    expect((await t.app.inject('/api/dispatch/triage')).statusCode).toBe(401);
    expect((await get('/api/dispatch/triage', c.users.cityHall.id)).statusCode).toBe(200);
    expect((await get('/api/dispatch/triage', c.users.otherAdmin.id)).json().items).toEqual([]);
  });
});
