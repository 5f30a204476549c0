import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

describe('app shell', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    city = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('answers readiness when the database is migrated', async () => {
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', checks: { database: true, migrations: true } });
  });

  it('lists categories of a municipality', async () => {
    const res = await t.app.inject(`/api/categories?municipality=${city.city.code}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { code: string }) => c.code)).toContain('roof_leak');
  });

  it('finds a building by a misspelt address in any word order', async () => {
    const res = await t.app.inject(
      `/api/buildings?municipality=${city.city.code}&q=${encodeURIComponent('12 бауманна')}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]?.id).toBe(city.building.id);
  });

  it('lists the buildings an organisation serves, and asks for q, bbox or organisationId', async () => {
    const res = await t.app.inject(`/api/buildings?municipality=${city.city.code}&organisationId=${city.mc.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((b: { id: number }) => b.id)).toEqual([city.building.id]);
    const none = await t.app.inject(`/api/buildings?municipality=${city.city.code}&organisationId=${city.otherMc.id}`);
    expect(none.json().items).toEqual([]);
    const bare = await t.app.inject(`/api/buildings?municipality=${city.city.code}`);
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0].field).toBe('querystring.q');
  });

  it('documents every API route in OpenAPI with an operationId, and serves interactive docs', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, id: op.operationId })),
    );
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((o) => !o.id)).toEqual([]);
    expect(operations.map((o) => o.id)).toEqual(
      expect.arrayContaining(['createAppeal', 'getAppeal', 'listAppeals', 'nearestBuildings']),
    );
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers an unknown route with a problem document', async () => {
    const res = await t.app.inject('/api/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
