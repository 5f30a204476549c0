import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { jpegWithGps, multipart, png } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

describe('appeal actions over HTTP', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  const as = (userId: number) => t.signIn(userId);
  const act = async (userId: number, id: number, body: object) =>
    t.app.inject({ method: 'POST', url: `/api/appeals/${id}/actions`, headers: await as(userId), payload: body });
  const fileAndRoute = async (at = new Date()) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await as(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша в подъезде' },
    });
    const id = res.json().id as number;
    expect(await routeAppeal(contextAt(t, at), id)).toBe('assigned');
    return id;
  };
  const history = async (id: number) =>
    t.db.execute<{
      type: string;
      from_status: string;
      to_status: string;
      actor_id: string | null;
      actor_role: string | null;
      note: string | null;
    }>(
      sql`select type, from_status, to_status, actor_id, actor_role, note from appeal_events where appeal_id = ${id} order by id`,
    );

  it('takes an appeal from assignment to closure, each step recorded with who and why', async () => {
    const id = await fileAndRoute();
    const options = await t.app.inject({ url: `/api/appeals/${id}/actions`, headers: await as(c.users.orgStaff.id) });
    expect(options.json()).toMatchObject({
      status: 'assigned',
      allowed: expect.arrayContaining(['accept', 'reject', 'comment']),
    });

    expect((await act(c.users.orgStaff.id, id, { action: 'accept' })).json()).toMatchObject({
      status: 'accepted',
      version: 3,
    });
    const noNote = await act(c.users.orgStaff.id, id, { action: 'resolve' });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json().errors[0].field).toBe('body.note');
    expect(
      (await act(c.users.orgStaff.id, id, { action: 'resolve', note: 'Кровля заменена над 3 подъездом' })).json(),
    ).toMatchObject({ status: 'resolved' });
    const closed = await act(c.users.resident.id, id, { action: 'confirm' });
    expect(closed.json()).toMatchObject({ status: 'closed', allowed: expect.arrayContaining(['rate']) });
    expect((await act(c.users.resident.id, id, { action: 'rate', rating: 5 })).statusCode).toBe(200);

    const events = await history(id);
    expect(events.map((e) => e.type)).toEqual(['created', 'assigned', 'accepted', 'resolved', 'closed', 'rated']);
    expect(events[3]).toMatchObject({
      from_status: 'accepted',
      to_status: 'resolved',
      actor_id: String(c.users.orgStaff.id),
      actor_role: 'org_staff',
      note: 'Кровля заменена над 3 подъездом',
    });
    const [row] = await t.db.execute(
      sql`select status, rating, resolved_at is not null as resolved from appeals where id = ${id}`,
    );
    expect(row).toMatchObject({ status: 'closed', rating: 5, resolved: true });
  });

  it('shows the SLA clocks on the appeal: the response clock runs from assignment and stops on acceptance', async () => {
    const id = await fileAndRoute();
    const before = (await t.app.inject({ url: `/api/appeals/${id}` })).json().sla;
    expect(before.response).toMatchObject({ stopped: false, breached: false });
    expect(before.response.startedAt).not.toBeNull();
    expect(before.resolution.stopped).toBe(false);
    await act(c.users.orgStaff.id, id, { action: 'accept' });
    const after = (await t.app.inject({ url: `/api/appeals/${id}`, headers: await as(c.users.resident.id) })).json()
      .sla;
    expect(after.response.stopped).toBe(true);
    expect(after.resolution).toMatchObject({ stopped: false, paused: false });
  });

  it('names the organisations of each hand-over in the history: from whom, to whom (none: back to triage)', async () => {
    const t0 = new Date(Date.now() - 3 * 86_400_000);
    t.setNow(t0);
    const id = await fileAndRoute(t0);
    const handedAt = new Date(t0.getTime() + 2 * 86_400_000);
    t.setNow(handedAt);
    const moved = await act(c.users.dispatcher.id, id, {
      action: 'reassign',
      targetOrgId: c.otherMc.id,
      reason: 'Не их дом',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    t.setNow(new Date(handedAt.getTime() + 60_000));
    expect((await act(c.users.otherOrgStaff.id, id, { action: 'reject', reason: 'И не наш' })).statusCode).toBe(200);
    t.setNow(null);
    const events = (
      await t.app.inject({ url: `/api/appeals/${id}/events`, headers: await as(c.users.dispatcher.id) })
    ).json().items as { type: string; handover?: { from: { id: number } | null; to: { id: number } | null } }[];
    const handovers = events
      .filter((e) => e.handover)
      .map((e) => [e.type, e.handover?.from?.id ?? null, e.handover?.to?.id ?? null]);
    expect(handovers).toEqual([
      ['assigned', null, c.mc.id],
      ['reassigned', c.mc.id, c.otherMc.id],
      ['rejected', c.otherMc.id, null],
    ]);
    const named = events.find((e) => e.type === 'reassigned')?.handover;
    expect(named).toEqual({
      from: { id: c.mc.id, nameRu: 'УК «Уютный дом»', nameEn: 'Cosy Home MC' },
      to: { id: c.otherMc.id, nameRu: 'УК «Другая»', nameEn: 'Other MC' },
    });
  });

  it('gives the holding organisation its own clock apart from the city’s', async () => {
    const t0 = new Date(Date.now() - 3 * 86_400_000);
    t.setNow(t0);
    const id = await fileAndRoute(t0);
    const handedAt = new Date(t0.getTime() + 2 * 86_400_000);
    t.setNow(handedAt);
    expect(
      (await act(c.users.dispatcher.id, id, { action: 'reassign', targetOrgId: c.otherMc.id, reason: 'Не их дом' }))
        .statusCode,
    ).toBe(200);
    t.setNow(null);
    const sla = (await t.app.inject({ url: `/api/appeals/${id}`, headers: await as(c.users.otherOrgStaff.id) })).json()
      .sla;
    expect(sla.resolution.startedAt).toBe(t0.toISOString());
    expect(sla.organisationSince).toBe(handedAt.toISOString());
    expect(sla.resolution.allowedMillis).toBeGreaterThan(0);
    expect(sla.resolution.pausedMillis).toBe(0);
  });

  it('answers an action that does not fit the state with 409 and the allowed actions', async () => {
    const id = await fileAndRoute();
    const res = await act(c.users.resident.id, id, { action: 'confirm' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'assigned',
      detail: 'Действие недоступно в статусе «assigned»',
    });
    expect(res.json().allowed).toContain('cancel');
  });

  it('lets a resident dispute a fix: reopened, back to the same organisation, counter +1', async () => {
    const id = await fileAndRoute();
    await act(c.users.orgStaff.id, id, { action: 'accept' });
    await act(c.users.orgStaff.id, id, { action: 'resolve', note: 'Сделано' });
    const noReason = await act(c.users.resident.id, id, { action: 'dispute' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json()).toMatchObject({
      code: 'appeal.reason_required',
      errors: [{ field: 'body.reason', reason: 'Нужна причина', code: 'appeal.reason_required' }],
    });
    const res = await act(c.users.resident.id, id, { action: 'dispute', reason: 'Крыша всё ещё течёт' });
    expect(res.json()).toMatchObject({ status: 'reopened', assignedOrgId: c.mc.id });
    const [row] = await t.db.execute(sql`select reopen_count from appeals where id = ${id}`);
    expect(row.reopen_count).toBe(1);
  });

  it('gives one of two dispatchers reassigning at once the change and the other 409', async () => {
    const id = await fileAndRoute();
    const body = (targetOrgId: number) => ({
      action: 'reassign',
      targetOrgId,
      reason: 'Не их дом',
      expectedVersion: 2,
    });
    const second = await c.make.user(c.city.id, {
      role: 'dispatcher',
      organisationId: c.dispatchCentre.id,
      login: `d2-${id}`,
    });
    const results = await Promise.all([
      act(c.users.dispatcher.id, id, body(c.otherMc.id)),
      act(second.id, id, body(c.roads.id)),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('version_conflict');
    expect((await history(id)).filter((e) => e.type === 'reassigned')).toHaveLength(1);
  });

  it('refuses those who may not: another organisation sees nothing, city hall may not act, anonymous must sign in', async () => {
    const id = await fileAndRoute();
    expect((await act(c.users.otherOrgStaff.id, id, { action: 'accept' })).statusCode).toBe(404);
    const hall = await act(c.users.cityHall.id, id, { action: 'accept' });
    expect(hall.statusCode).toBe(403);
    const anon = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/actions`,
      payload: { action: 'accept' },
    });
    expect(anon.statusCode).toBe(401);
    expect(
      (await act(c.users.dispatcher.id, id, { action: 'reassign', targetOrgId: 999999, reason: 'x' })).statusCode,
    ).toBe(422);
    expect((await act(c.users.dispatcher.id, id, { action: 'fly' })).statusCode).toBe(400);
  });

  it('takes a resolution with photos by multipart; the photos show on the appeal and on its event', async () => {
    const id = await fileAndRoute();
    await act(c.users.orgStaff.id, id, { action: 'accept' });
    const form = await multipart({ action: 'resolve', note: 'Кровля заменена', expectedVersion: '3' }, [
      { filename: 'after.jpg', type: 'image/jpeg', bytes: await jpegWithGps(7) },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/actions`,
      headers: { ...(await as(c.users.orgStaff.id)), ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'resolved', version: 4 });
    const view = (await t.app.inject({ url: `/api/appeals/${id}` })).json();
    expect(view.photos).toHaveLength(1);
    const events = (await t.app.inject({ url: `/api/appeals/${id}/events` })).json().items as {
      type: string;
      photos: number[];
    }[];
    expect(events.find((e) => e.type === 'resolved')?.photos).toEqual([view.photos[0].id]);
    // The stored photo lost its GPS like every upload.
    expect((await t.app.inject({ url: view.photos[0].url })).statusCode).toBe(200);
  });

  it('refuses photos with actions that do not take them, and stores nothing then', async () => {
    const id = await fileAndRoute();
    const staff = await as(c.users.orgStaff.id);
    const send = async (fields: Record<string, string>) => {
      const form = await multipart(fields, [{ filename: 'x.png', type: 'image/png', bytes: await png() }]);
      return t.app.inject({
        method: 'POST',
        url: `/api/appeals/${id}/actions`,
        headers: { ...staff, ...form.headers },
        payload: form.payload,
      });
    };
    const refusedWithPhotos: Record<string, string>[] = [
      { action: 'accept' },
      { action: 'comment', visibility: 'internal', note: 'Фото подвала' },
    ];
    for (const fields of refusedWithPhotos) {
      const res = await send(fields);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors[0].field).toBe('photos');
    }
    const bad = await send({ action: 'resolve', note: 'x', expectedVersion: 'abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.expectedVersion');
    const [row] = await t.db.execute(sql`select count(*)::int as n from attachments where appeal_id = ${id}`);
    expect(row.n).toBe(0);
  });

  it('keeps internal comments from the resident and the public, and shows them to the organisation and dispatchers', async () => {
    const id = await fileAndRoute();
    expect(
      (
        await act(c.users.orgStaff.id, id, {
          action: 'comment',
          visibility: 'internal',
          note: 'Подрядчик будет в четверг',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await act(c.users.orgStaff.id, id, { action: 'comment', visibility: 'public', note: 'Работы запланированы' }))
        .statusCode,
    ).toBe(200);
    const comments = async (headers: Record<string, string>) =>
      (
        (await t.app.inject({ url: `/api/appeals/${id}/events`, headers })).json().items as {
          type: string;
          visibility?: string;
          note: string | null;
        }[]
      )
        .filter((e) => e.type === 'comment')
        .map((e) => `${e.visibility}:${e.note}`);
    expect(await comments(await as(c.users.resident.id))).toEqual(['public:Работы запланированы']);
    expect(await comments({})).toEqual(['public:null']);
    expect(await comments(await as(c.users.cityHall.id))).toEqual(['public:Работы запланированы']);
    const both = ['internal:Подрядчик будет в четверг', 'public:Работы запланированы'];
    expect(await comments(await as(c.users.orgStaff.id))).toEqual(both);
    expect(await comments(await as(c.users.dispatcher.id))).toEqual(both);
  });
});
