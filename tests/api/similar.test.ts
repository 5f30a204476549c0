import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

describe('duplicate suggestions and following', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    const author = await t.signIn(c.users.otherResident.id);
    const file = async (name: string, body: object) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/appeals', headers: author, payload: body });
      expect(res.statusCode, res.body).toBe(201);
      ids[name] = res.json().id;
    };
    await file('roof', {
      categoryId: c.roof.id,
      buildingId: c.building.id,
      description: 'Течёт крыша, третий подъезд',
    });
    await file('private', {
      categoryId: c.privateCategory.id,
      buildingId: c.building.id,
      description: 'Соседи шумят ночью',
    });
    await file('pothole', { categoryId: c.pothole.id, lat: 55.785, lon: 49.1, description: 'Яма у перекрёстка' });
    await file('oldPothole', { categoryId: c.pothole.id, lat: 55.785, lon: 49.1001, description: 'Старая яма' });
    await t.db.execute(sql`update appeals set created_at = now() - interval '3 days' where id = ${ids.oldPothole}`);
  });
  afterAll(() => t?.close());

  it('offers open public appeals of the same group in the same building', async () => {
    const res = await t.app.inject(`/api/appeals/similar?categoryId=${c.roof.id}&buildingId=${c.building.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((a: { id: number }) => a.id)).toEqual([ids.roof]);
    expect(res.body).not.toContain('Соседи');
  });

  it('offers street appeals within 50 m from the last 48 hours, nearest first', async () => {
    // ~30 m north of the pothole
    const near = (await t.app.inject(`/api/appeals/similar?categoryId=${c.pothole.id}&lat=55.78527&lon=49.1`)).json()
      .items;
    expect(near.map((a: { id: number }) => a.id)).toEqual([ids.pothole]);
    expect(near[0].distanceMetres).toBe(30);
    // ~80 m away: a different pothole
    const far = (await t.app.inject(`/api/appeals/similar?categoryId=${c.pothole.id}&lat=55.78572&lon=49.1`)).json()
      .items;
    expect(far).toEqual([]);
    const bad = await t.app.inject(`/api/appeals/similar?categoryId=${c.pothole.id}`);
    expect(bad.statusCode).toBe(400);
  });

  it('lets a resident follow a public appeal instead of filing it again, and stop following', async () => {
    const me = await t.signIn(c.users.resident.id);
    const follow = await t.app.inject({ method: 'POST', url: `/api/appeals/${ids.roof}/follow`, headers: me });
    expect(follow.statusCode).toBe(204);
    const again = await t.app.inject({ method: 'POST', url: `/api/appeals/${ids.roof}/follow`, headers: me });
    expect(again.statusCode).toBe(204);
    const rows = await t.db.execute(sql`select user_id from appeal_followers where appeal_id = ${ids.roof}`);
    expect(rows.map((r) => Number(r.user_id))).toEqual([c.users.resident.id]);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/appeals/${ids.roof}/follow`, headers: me })).statusCode,
    ).toBe(204);
    expect(await t.db.execute(sql`select 1 from appeal_followers where appeal_id = ${ids.roof}`)).toHaveLength(0);
  });

  it('does not let anyone follow someone else’s private appeal, nor staff or anonymous follow at all', async () => {
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/appeals/${ids.private}/follow`,
          headers: await t.signIn(c.users.resident.id),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/appeals/${ids.roof}/follow`,
          headers: await t.signIn(c.users.dispatcher.id),
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/appeals/${ids.roof}/follow` })).statusCode).toBe(401);
  });
});
