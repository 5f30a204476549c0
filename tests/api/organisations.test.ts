import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

describe('GET /api/organisations', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('lists a municipality’s organisations with their public contacts only, by name', async () => {
    const res = await t.app.inject({ url: `/api/organisations?municipality=${c.city.code}` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: number; nameRu: string }[];
    expect(items.map((o) => o.id).sort()).toEqual([c.mc.id, c.otherMc.id, c.roads.id, c.dispatchCentre.id].sort());
    expect(items.map((o) => o.nameRu)).toEqual(
      [...items.map((o) => o.nameRu)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    expect(Object.keys(items[0]).sort()).toEqual(['email', 'id', 'kind', 'nameEn', 'nameRu', 'phone', 'website']);
  });

  it('answers 404 for an unknown municipality and 400 for a malformed code', async () => {
    expect((await t.app.inject({ url: '/api/organisations?municipality=NOPE' })).statusCode).toBe(404);
    const bad = await t.app.inject({ url: '/api/organisations?municipality=%00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });
});
