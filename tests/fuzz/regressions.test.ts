/** Inputs the route fuzzer found answered with a 5xx or off the documented shape, each pinned here. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { multipart } from '../helpers/http.ts';
import { outageCity } from '../helpers/outages.ts';

// One app and one city serve both groups: each test reads or changes records of its own.
let t: TestApp;
let c: Awaited<ReturnType<typeof outageCity>>;
beforeAll(async () => {
  t = await startTestApp();
  c = await outageCity(t.db);
});
afterAll(() => t?.close());

describe('what the route fuzzer found', () => {
  const problem = (
    res: { statusCode: number; headers: Record<string, unknown>; json: () => { status: unknown } },
    status: number,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(res.json().status).toBe(status);
  };

  it('answers a path parameter longer than the router takes with a 400 problem, not fastify’s JSON 414', async () => {
    problem(await t.app.inject({ url: `/api/outages/${'я'.repeat(300)}` }), 400);
    problem(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/housing/meters/${'1'.repeat(250)}`,
        headers: await t.signIn(c.users.orgStaff.id),
        payload: {},
      }),
      400,
    );
  });

  it('keeps the problem’s numeric status when an apartment link cannot change (it used to be overwritten by the link’s)', async () => {
    const staff = await t.signIn(c.users.orgStaff.id);
    const links = (await t.app.inject({ url: '/api/housing/links?status=confirmed', headers: staff })).json();
    const id = (links.items ?? links)[0].id;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/housing/links/${id}/confirm`,
      headers: staff,
      payload: {},
    });
    problem(res, 409);
    expect(res.json()).toMatchObject({ linkStatus: 'confirmed' });
  });

  it('answers a multipart form cut short or without a boundary with 400, not 500', async () => {
    const staff = await t.signIn(c.users.orgStaff.id);
    const cut = {
      payload: '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n',
      headers: { ...staff, 'content-type': 'multipart/form-data; boundary=X' },
    };
    const noBoundary = {
      payload: '--W\r\nContent-Disposition: form-data; name="d"\r\n\r\nhi\r\n--W--\r\n',
      headers: { ...staff, 'content-type': 'multipart/form-data' },
    };
    for (const url of [
      `/api/buildings/${c.building.id}/documents`,
      '/api/housing/readings/import',
      '/api/appeals/1/actions',
    ]) {
      problem(await t.app.inject({ method: 'POST', url, ...cut }), 400);
      problem(await t.app.inject({ method: 'POST', url, ...noBoundary }), 400);
    }
  });
});

describe('what the fuzzer found once POST /api/appeals documented its body: ids beyond their column', () => {
  // 2^31 is one past an integer key (buildings, categories, organisations, districts); 2^53 one past a
  // bigint key read as a JS number (appeals, users, outages, meters, attachments).
  const INT_PAST = 2 ** 31;
  const BIG_PAST = '9007199254740992';
  const refused = (
    res: { statusCode: number; headers: Record<string, unknown>; json: () => { errors?: { field: string }[] } },
    field: string,
  ) => {
    expect(res.statusCode, `${field}: ${res.statusCode}`).toBe(400);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(res.json().errors?.map((e) => e.field)).toContain(field);
  };

  it('refuses an id past its column in a body, JSON or form, with a 400 naming the field, not a 500 from PostgreSQL', async () => {
    const resident = await t.signIn(c.users.resident.id);
    const appeal = { categoryId: INT_PAST, buildingId: c.building.id, description: 'Течёт крыша в подъезде' };
    refused(
      await t.app.inject({ method: 'POST', url: '/api/appeals', headers: resident, payload: appeal }),
      'body.categoryId',
    );
    const form = await multipart({ ...appeal, categoryId: String(INT_PAST), buildingId: String(c.building.id) });
    refused(
      await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { ...resident, ...form.headers },
        payload: form.payload,
      }),
      'body.categoryId',
    );
    const staff = await t.signIn(c.users.orgStaff.id);
    refused(
      await t.app.inject({
        method: 'POST',
        url: '/api/housing/readings/import',
        headers: staff,
        payload: { rows: [{ line: INT_PAST, serial: 'CW-1', values: [1] }] },
      }),
      'body.rows.0.line',
    );
    refused(
      await t.app.inject({
        method: 'POST',
        url: '/api/outages/preview',
        headers: staff,
        payload: { service: 'cold_water', districtId: INT_PAST },
      }),
      'body.districtId',
    );
    refused(
      await t.app.inject({
        method: 'POST',
        url: '/api/dispatch/reassign',
        headers: await t.signIn(c.users.dispatcher.id),
        payload: { appeals: [{ id: Number(BIG_PAST) }], targetOrgId: c.mc.id, reason: 'Проверка' },
      }),
      'body.appeals.0.id',
    );
  });

  it('refuses an id past its column in a query with a 400 naming the parameter', async () => {
    refused(await t.app.inject({ url: `/api/appeals?categoryId=${INT_PAST}` }), 'querystring.categoryId');
    refused(
      await t.app.inject({ url: `/api/queue?buildingId=${INT_PAST}`, headers: await t.signIn(c.users.dispatcher.id) }),
      'querystring.buildingId',
    );
    refused(
      await t.app.inject({
        url: `/api/admin/personal-data-access?subjectUserId=${BIG_PAST}`,
        headers: await t.signIn(c.users.admin.id),
      }),
      'querystring.subjectUserId',
    );
  });

  it('refuses an id past its column in a path with a 400, and takes a bigint id past 2^31 as merely unknown', async () => {
    const admin = await t.signIn(c.users.admin.id);
    // It reached PostgreSQL's integer category_id and answered 500.
    refused(
      await t.app.inject({ method: 'DELETE', url: `/api/admin/sla-policies/${INT_PAST}/normal`, headers: admin }),
      'params.category',
    );
    refused(await t.app.inject({ url: `/api/buildings/${INT_PAST}` }), 'params.id');
    refused(await t.app.inject({ url: `/api/attachments/${BIG_PAST}` }), 'params.id');
    refused(await t.app.inject({ url: `/api/admin/users/${BIG_PAST}`, headers: admin }), 'params.id');
    for (const url of [`/api/outages/${INT_PAST}`, `/api/admin/users/${INT_PAST}`]) {
      const res = await t.app.inject({ url, headers: admin });
      expect(res.statusCode, url).toBe(404);
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('what the full fuzz run found (100,430 requests)', () => {
  it('previews a district outage including buildings without a supplier of that service on record (served: false, not a 500)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/outages/preview',
      headers: await t.signIn(c.users.orgStaff.id),
      payload: { service: 'cold_water', districtId: c.district.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    const buildings = res.json().buildings as { served: unknown }[];
    expect(buildings.length).toBeGreaterThan(0);
    for (const b of buildings) expect(typeof b.served).toBe('boolean');
  });

  it('takes the same notification kind twice in one body, the later entry winning, instead of a 500', async () => {
    const headers = await t.signIn(c.users.resident.id);
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      headers,
      payload: {
        kinds: [
          { kind: 'resolved', channels: { email: true } },
          { kind: 'resolved', channels: { email: false } },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const resolved = (res.json().kinds as { kind: string; channels: { email: boolean } }[]).find(
      (k) => k.kind === 'resolved',
    );
    expect(resolved?.channels.email).toBe(false);
  });

  it('documents the 304 an ETag’d public GET answers to If-None-Match, * included (FUZZ_SEED=515043 at 20,000 runs)', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of ['/api/categories', '/api/organisations']) {
      expect(Object.keys(doc.paths[path].get.responses)).toContain('304');
      const res = await t.app.inject({ url: `${path}?municipality=${c.city.code}`, headers: { 'if-none-match': '*' } });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
    }
    // Personal answers are never stored, so they never answer 304 and do not declare it.
    expect(Object.keys(doc.paths['/api/auth/session'].get.responses)).not.toContain('304');
  });
});

describe('what the second full fuzz run found', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('documents the 400 the input guard gives a URL with NUL on the routes that listed only 200', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const [path, op] of [
      ['/healthz', 'get'],
      ['/readyz', 'get'],
      ['/api/passports/layout', 'get'],
    ]) {
      expect(Object.keys(doc.paths[path][op].responses)).toContain('400');
      const res = await t.app.inject({ url: `${path}?x=%00` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'request.url_nul', errors: [{ field: 'url', code: 'field.nul' }] });
    }
  });
});
