import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * The dispatcher's and the organisation's tools over HTTP, and how each transition moves the SLA
 * clocks. The roof category runs on a 24/7 test policy (accept 1 h, resolve 10 h) so the arithmetic
 * is plain; working-time calendars have their own property tests in dispatch/.
 */
describe('dispatcher tools and the clocks they move', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let supplier: { id: number };
  let water: { id: number };
  let nobodys: { id: number };
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    supplier = await c.make.organisation(c.city.id, {
      kind: 'resource_supplier',
      nameRu: 'Водоканал',
      nameEn: 'Water utility',
    });
    await t.db.execute(sql`update buildings set cold_water_supplier_id = ${supplier.id} where id = ${c.building.id}`);
    water = await c.make.category(c.city.id, {
      code: 'no_cold_water',
      nameRu: 'Нет холодной воды',
      nameEn: 'No cold water',
      group: 'utilities',
      responsibleKind: 'resource_supplier',
      utility: 'cold_water',
    });
    // Nobody in this city answers for district-administration categories: routing cannot place it.
    nobodys = await c.make.category(c.city.id, {
      code: 'yard',
      nameRu: 'Двор',
      nameEn: 'Yard',
      group: 'landscaping',
      responsibleKind: 'district_administration',
    });
    await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 1, unit: 'hours' }, { amount: 10, unit: 'hours' });
    await c.make.slaPolicy24x7(c.city.id, water.id, { amount: 2, unit: 'hours' }, { amount: 4, unit: 'hours' });
  });
  afterAll(() => t?.close());

  const as = (userId: number) => t.signIn(userId);
  const at = (t0: Date, ms: number) => {
    const d = new Date(t0.getTime() + ms);
    t.setNow(d);
    return d;
  };
  const act = async (userId: number, id: number, body: object) =>
    t.app.inject({ method: 'POST', url: `/api/appeals/${id}/actions`, headers: await as(userId), payload: body });
  const ok = async (userId: number, id: number, body: object) => {
    const res = await act(userId, id, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** File a roof appeal at t0 and let routing assign it to the building's management company then. */
  const file = async (t0: Date, categoryId = c.roof.id, authorId = c.users.resident.id) => {
    t.setNow(t0);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await as(authorId),
      payload: { categoryId, buildingId: c.building.id, description: 'Течёт крыша над кухней' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expect(await routeAppeal(contextAt(t, t0), id)).toBe('assigned');
    return id;
  };
  const sla = async (id: number) =>
    (await t.app.inject({ url: `/api/appeals/${id}`, headers: await as(c.users.dispatcher.id) })).json().sla;
  const row = async (id: number) => {
    const [r] = await t.db.execute<{
      status: string;
      assigned_org_id: number | null;
      category_id: number;
      priority: string;
      response_due_at: string | null;
      resolution_due_at: string | null;
    }>(
      sql`select status, assigned_org_id, category_id, priority, response_due_at, resolution_due_at from appeals where id = ${id}`,
    );
    return r;
  };
  const iso = (t0: Date, ms: number) => new Date(t0.getTime() + ms).toISOString();

  it('keeps the city’s clock running across a reassignment, and each organisation’s own time', async () => {
    const t0 = new Date('2026-04-06T06:00:00Z');
    const id = await file(t0);
    at(t0, HOUR);
    await ok(c.users.dispatcher.id, id, {
      action: 'reassign',
      targetOrgId: c.otherMc.id,
      reason: 'Дом обслуживает другая УК',
    });
    at(t0, 3 * HOUR);
    const clocks = await sla(id);
    expect(clocks.resolution).toMatchObject({
      startedAt: t0.toISOString(),
      dueAt: iso(t0, 10 * HOUR),
      elapsedMillis: 3 * HOUR,
      paused: false,
    });
    // The response clock was not stopped by the move: the new organisation still has to accept.
    expect(clocks.response).toMatchObject({ dueAt: iso(t0, HOUR), breached: true, stopped: false });
    expect(clocks.byOrganisation).toEqual([
      { organisationId: c.mc.id, elapsedMillis: HOUR },
      { organisationId: c.otherMc.id, elapsedMillis: 2 * HOUR },
    ]);
    expect(await row(id)).toMatchObject({ status: 'assigned', assigned_org_id: c.otherMc.id });
    t.setNow(null);
  });

  it('pauses the resolution clock while waiting for the resident and moves the deadline by the pause', async () => {
    const t0 = new Date('2026-04-07T06:00:00Z');
    const id = await file(t0);
    at(t0, 10 * MIN);
    await ok(c.users.orgStaff.id, id, { action: 'accept' });
    at(t0, HOUR);
    await ok(c.users.orgStaff.id, id, { action: 'request_info', note: 'Уточните номер подъезда' });
    at(t0, 2 * HOUR);
    expect((await sla(id)).resolution).toMatchObject({ paused: true, elapsedMillis: HOUR, dueAt: null });
    expect((await row(id)).resolution_due_at).toBeNull();
    at(t0, 3 * HOUR);
    await ok(c.users.resident.id, id, { action: 'provide_info', note: 'Третий подъезд' });
    at(t0, 4 * HOUR);
    const clocks = await sla(id);
    expect(clocks.resolution).toMatchObject({ paused: false, elapsedMillis: 2 * HOUR, dueAt: iso(t0, 12 * HOUR) });
    expect(clocks.response).toMatchObject({ stopped: true, breached: false, elapsedMillis: 10 * MIN });
    expect(new Date((await row(id)).resolution_due_at as string).toISOString()).toBe(iso(t0, 12 * HOUR));
    t.setNow(null);
  });

  it('restarts the resolution clock on a dispute, with the reopen counted', async () => {
    const t0 = new Date('2026-04-08T06:00:00Z');
    const id = await file(t0);
    at(t0, 10 * MIN);
    await ok(c.users.orgStaff.id, id, { action: 'accept' });
    at(t0, 2 * HOUR);
    await ok(c.users.orgStaff.id, id, { action: 'resolve', note: 'Кровля залатана' });
    expect((await sla(id)).resolution).toMatchObject({ stopped: true, elapsedMillis: 2 * HOUR });
    at(t0, DAY);
    const disputed = await ok(c.users.resident.id, id, { action: 'dispute', reason: 'Снова течёт' });
    expect(disputed).toMatchObject({ status: 'reopened', assignedOrgId: c.mc.id });
    at(t0, DAY + HOUR);
    const clocks = await sla(id);
    expect(clocks.reopenCount).toBe(1);
    expect(clocks.resolution).toMatchObject({
      startedAt: iso(t0, DAY),
      dueAt: iso(t0, DAY + 10 * HOUR),
      elapsedMillis: HOUR,
      stopped: false,
    });
    expect(new Date((await row(id)).resolution_due_at as string).toISOString()).toBe(iso(t0, DAY + 10 * HOUR));
    t.setNow(null);
  });

  it('re-routes on a change of category: the supplier takes it over and the new category’s policy applies', async () => {
    const t0 = new Date('2026-04-09T06:00:00Z');
    const id = await file(t0);
    at(t0, 30 * MIN);
    const changed = await ok(c.users.dispatcher.id, id, { action: 'change_category', categoryId: water.id });
    expect(changed).toMatchObject({
      status: 'assigned',
      assignedOrgId: supplier.id,
      reroute: { outcome: 'moved', organisationId: supplier.id },
    });
    // The water policy: accept within 2 h, resolve within 4 h, from the first assignment (the city's clock).
    expect(await row(id)).toMatchObject({ category_id: water.id, assigned_org_id: supplier.id });
    expect(new Date((await row(id)).response_due_at as string).toISOString()).toBe(iso(t0, 2 * HOUR));
    expect(new Date((await row(id)).resolution_due_at as string).toISOString()).toBe(iso(t0, 4 * HOUR));
    const [event] = await t.db.execute<{ type: string; payload: { routing: { kind: string }; system: string } }>(
      sql`select type, payload from appeal_events where appeal_id = ${id} order by id desc limit 1`,
    );
    expect(event).toMatchObject({ type: 'reassigned', payload: { system: 'routing', routing: { kind: 'supplier' } } });

    // The supplier now works it; the management company no longer sees it.
    expect((await act(c.users.orgStaff.id, id, { action: 'accept' })).statusCode).toBe(404);
    t.setNow(null);
  });

  it('keeps the organisation when the new category cannot be routed, and says so', async () => {
    const t0 = new Date('2026-04-10T06:00:00Z');
    const id = await file(t0);
    const changed = await ok(c.users.dispatcher.id, id, { action: 'change_category', categoryId: nobodys.id });
    expect(changed).toMatchObject({
      assignedOrgId: c.mc.id,
      reroute: { outcome: 'unroutable', reason: 'no_organisation_of_kind' },
    });
    t.setNow(null);
  });

  it('recomputes the deadlines on a change of priority', async () => {
    const t0 = new Date('2026-04-11T06:00:00Z');
    const id = await file(t0);
    at(t0, 5 * MIN);
    await ok(c.users.dispatcher.id, id, { action: 'change_priority', priority: 'emergency' });
    // The default emergency policy: accept within 30 minutes, resolve within 24 hours, 24/7.
    const r = await row(id);
    expect(new Date(r.response_due_at as string).toISOString()).toBe(iso(t0, 30 * MIN));
    expect(new Date(r.resolution_due_at as string).toISOString()).toBe(iso(t0, 24 * HOUR));
    t.setNow(null);
  });

  it('reassigns many at once: each in its own transaction, a stale one refused without holding back the rest', async () => {
    const t0 = new Date('2026-04-12T06:00:00Z');
    const [a, b, stale] = [await file(t0), await file(t0), await file(t0)];
    at(t0, HOUR);
    await ok(c.users.orgStaff.id, stale, { action: 'accept' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/dispatch/reassign',
      headers: await as(c.users.dispatcher.id),
      payload: {
        appeals: [{ id: a }, { id: b, expectedVersion: 2 }, { id: stale, expectedVersion: 2 }, { id: 2 ** 31 - 2 }],
        targetOrgId: c.otherMc.id,
        reason: 'Перераспределение нагрузки',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([
      { id: a, ok: true, status: 'assigned', version: 3, assignedOrgId: c.otherMc.id },
      { id: b, ok: true, status: 'assigned', version: 3, assignedOrgId: c.otherMc.id },
      {
        id: stale,
        ok: false,
        problem: { status: 409, code: 'version_conflict', detail: 'Обращение уже изменили; обновите страницу' },
      },
      {
        id: 2 ** 31 - 2,
        ok: false,
        problem: { status: 404, code: 'record.not_found', detail: 'Обращение: не найдено.' },
      },
    ]);
    expect(await row(stale)).toMatchObject({ status: 'accepted', assigned_org_id: c.mc.id });

    // The same tool takes appeals out of triage: those nobody holds are assigned.
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await as(c.users.resident.id),
      payload: { categoryId: nobodys.id, lat: 55.7901, lon: 49.1201, description: 'Сломана скамейка во дворе' },
    });
    const unrouted = filed.json().id as number;
    expect(await routeAppeal(contextAt(t, new Date()), unrouted)).toBe('triage');
    // Roads is not the kind that answers for yards: the hand-over needs the dispatcher's confirmation.
    const handOver = { appeals: [{ id: unrouted }], targetOrgId: c.roads.id, reason: 'Скамейки во дворах — дорожники' };
    const unconfirmed = await t.app.inject({
      method: 'POST',
      url: '/api/dispatch/reassign',
      headers: await as(c.users.dispatcher.id),
      payload: handOver,
    });
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json()).toMatchObject({ code: 'board.wrong_kind', wrongKind: [{ id: unrouted }] });
    const fromTriage = await t.app.inject({
      method: 'POST',
      url: '/api/dispatch/reassign',
      headers: await as(c.users.dispatcher.id),
      payload: { ...handOver, confirmWrongKind: true },
    });
    expect(fromTriage.json().results).toEqual([
      { id: unrouted, ok: true, status: 'assigned', version: 3, assignedOrgId: c.roads.id },
    ]);

    const refused = async (userId: number, payload: object) =>
      (await t.app.inject({ method: 'POST', url: '/api/dispatch/reassign', headers: await as(userId), payload }))
        .statusCode;
    expect(
      await refused(c.users.orgSupervisor.id, { appeals: [{ id: a }], targetOrgId: c.mc.id, reason: 'себе' }),
    ).toBe(403);
    expect(await refused(c.users.dispatcher.id, { appeals: [{ id: a }], targetOrgId: c.mc.id, reason: '  ' })).toBe(
      400,
    );
    expect(await refused(c.users.dispatcher.id, { appeals: [], targetOrgId: c.mc.id, reason: 'пусто' })).toBe(400);
    t.setNow(null);
  });

  it('does not move an appeal into a deactivated category', async () => {
    const id = await file(new Date('2026-04-20T06:00:00Z'));
    const closed = await c.make.category(c.city.id, {
      code: 'old_roof',
      nameRu: 'Старая тема',
      nameEn: 'Old topic',
      active: false,
    });
    const res = await act(c.users.dispatcher.id, id, { action: 'change_category', categoryId: closed.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'appeal.category_inactive', detail: 'Эта тема больше не используется.' });
    expect(res.json().errors).toEqual([
      { field: 'body.categoryId', reason: 'тема отключена', code: 'appeal.field.category_deactivated' },
    ]);
    t.setNow(null);
  });

  it('gives an organisation its own queue, the most urgent first, and nobody else’s', async () => {
    const t0 = new Date('2026-04-13T06:00:00Z');
    const later = await file(t0);
    const sooner = await file(t0);
    await ok(c.users.dispatcher.id, sooner, { action: 'change_priority', priority: 'emergency' });
    const elsewhere = await file(t0);
    await ok(c.users.dispatcher.id, elsewhere, { action: 'reassign', targetOrgId: c.otherMc.id, reason: 'не наш дом' });
    at(t0, 45 * MIN);
    const queue = async (userId: number, query = '') =>
      t.app.inject({ url: `/api/queue${query}`, headers: await as(userId) });

    const mine = (await queue(c.users.orgStaff.id, '?limit=500')).json().items as {
      id: number;
      dueAt: string;
      remainingMillis: number;
    }[];
    const ids = mine.map((i) => i.id);
    expect(ids).toContain(later);
    expect(ids).not.toContain(elsewhere);
    expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(later));
    const top = mine.find((i) => i.id === sooner);
    expect(top).toMatchObject({ dueAt: iso(t0, 30 * MIN), remainingMillis: -15 * MIN });
    const dues = mine.map((i) => (i.dueAt ? Date.parse(i.dueAt) : Number.POSITIVE_INFINITY));
    expect(dues).toEqual([...dues].sort((x, y) => x - y));

    const overdue = (await queue(c.users.orgStaff.id, '?overdue=true&priority=emergency')).json().items as {
      id: number;
    }[];
    expect(overdue.map((i) => i.id)).toContain(sooner);
    expect(overdue.map((i) => i.id)).not.toContain(later);

    expect((await queue(c.users.otherOrgStaff.id)).json().items.map((i: { id: number }) => i.id)).toContain(elsewhere);
    expect((await queue(c.users.orgStaff.id, `?organisationId=${c.otherMc.id}`)).statusCode).toBe(403);
    expect((await queue(c.users.dispatcher.id)).statusCode).toBe(400);
    expect((await queue(c.users.dispatcher.id, `?organisationId=${c.mc.id}&limit=500`)).json().items.length).toBe(
      mine.length,
    );
    expect((await queue(c.users.otherAdmin.id, `?organisationId=${c.mc.id}`)).statusCode).toBe(404);
    expect((await queue(c.users.resident.id)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/queue' })).statusCode).toBe(401);
    t.setNow(null);
  });

  it('merges a duplicate: its author follows the original; nothing merges into a merged appeal', async () => {
    const t0 = new Date('2026-04-14T06:00:00Z');
    const original = await file(t0);
    const copy = await file(t0, c.roof.id, c.users.otherResident.id);
    const merged = await ok(c.users.dispatcher.id, copy, { action: 'mark_duplicate', targetAppealId: original });
    expect(merged.status).toBe('duplicate');
    const [follower] = await t.db.execute(
      sql`select 1 from appeal_followers where appeal_id = ${original} and user_id = ${c.users.otherResident.id}`,
    );
    expect(follower).toBeDefined();
    expect(await row(copy)).toMatchObject({ response_due_at: null, resolution_due_at: null });

    const third = await file(t0);
    const refused = await act(c.users.dispatcher.id, third, { action: 'mark_duplicate', targetAppealId: copy });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('body.targetAppealId');
    t.setNow(null);
  });

  it('escalates by hand with a reason, recorded on the appeal', async () => {
    const t0 = new Date('2026-04-15T06:00:00Z');
    const id = await file(t0);
    expect((await act(c.users.dispatcher.id, id, { action: 'escalate' })).statusCode).toBe(422);
    await ok(c.users.dispatcher.id, id, { action: 'escalate', reason: 'Жители звонят третий раз' });
    const [event] = await t.db.execute(
      sql`select type, actor_role, note from appeal_events where appeal_id = ${id} order by id desc limit 1`,
    );
    expect(event).toEqual({ type: 'escalated', actor_role: 'dispatcher', note: 'Жители звонят третий раз' });
    t.setNow(null);
  });
});
