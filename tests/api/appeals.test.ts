import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appeals } from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { jpegWithGps, multipart, png } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;

describe('appeal intake', () => {
  let t: TestApp;
  let c: City;
  let resident: Awaited<ReturnType<TestApp['signIn']>>;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...resident, ...headers },
      payload: body as object,
    });

  const roofAppeal = () => ({
    categoryId: c.roof.id,
    buildingId: c.building.id,
    description: 'Протекает крыша над пятым подъездом, вода в квартире 45. Звоните +7 917 123-45-67.',
    apartment: '45',
    entrance: '5',
  });

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    resident = await t.signIn(c.users.resident.id);
  });
  afterAll(() => t?.close());

  it('gives a resident 201 and a public number, writing the appeal, its first event and its routing job together', async () => {
    const res = await post(roofAppeal());
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.number).toMatch(new RegExp(`^${c.city.code}-\\d{4}-\\d{6}$`));
    expect(body).toMatchObject({
      status: 'new',
      priority: 'normal',
      buildingId: c.building.id,
      address: 'ул. Баумана, д. 12',
    });
    expect(res.headers.location).toBe(`/api/appeals/${body.number}`);
    const events = await t.db.execute<{ type: string; to_status: string; actor_id: string }>(
      sql`select type, to_status, actor_id from appeal_events where appeal_id = ${body.id}`,
    );
    expect(events.map((e) => [e.type, e.to_status, Number(e.actor_id)])).toEqual([
      ['created', 'new', c.users.resident.id],
    ]);
    const jobs = await t.db.execute<{ data: { appealId: number } }>(
      sql`select data from pgboss.job where name = 'appeal.route' and data->>'appealId' = ${String(body.id)}`,
    );
    expect(jobs).toHaveLength(1);
  });

  it('numbers appeals one after another within the municipality and year', async () => {
    const a = (await post(roofAppeal())).json().number as string;
    const b = (await post(roofAppeal())).json().number as string;
    expect(Number(b.split('-')[2])).toBe(Number(a.split('-')[2]) + 1);
  });

  it('takes photos by multipart, recognises them by content and strips EXIF with GPS', async () => {
    const jpeg = await jpegWithGps();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const form = await multipart(
      { categoryId: String(c.roof.id), buildingId: String(c.building.id), description: 'Течёт крыша, фото приложено' },
      [
        { filename: 'IMG_0001.jpg', type: 'image/jpeg', bytes: jpeg },
        // a PNG sent under a misleading name and type is still a PNG
        { filename: 'scan.jpg', type: 'image/jpeg', bytes: await png() },
      ],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...resident, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const photos = res.json().photos as { id: number; url: string; mediaType: string }[];
    expect(photos.map((p) => p.mediaType)).toEqual(['image/jpeg', 'image/png']);
    const rows = await t.db.execute<{ storage_path: string; sha256: string }>(
      sql`select storage_path, sha256 from attachments where appeal_id = ${res.json().id} order by id`,
    );
    const stored = readFileSync(path.join(t.dataDir, 'uploads', rows[0].storage_path));
    expect(rows[0].storage_path).toContain(rows[0].sha256);
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('Otklik Cam'))).toBe(false);
    const download = await t.app.inject({ url: photos[0].url });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.rawPayload.equals(stored)).toBe(true);
  });

  it('refuses a renamed non-image with 415 naming the file, and files no appeal', async () => {
    const before = await t.db.$count(appeals);
    const form = await multipart(
      { categoryId: String(c.roof.id), buildingId: String(c.building.id), description: 'Файл не картинка' },
      [
        {
          filename: 'photo.jpg',
          type: 'image/jpeg',
          bytes: Buffer.from('MZ this is really an executable, not a photo'),
        },
      ],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...resident, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'photos[0]' })]);
    expect(await t.db.$count(appeals)).toBe(before);
  });

  it('refuses a photo over 10 MB and a sixth photo with 413', async () => {
    const big = Buffer.concat([await jpegWithGps(), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const form = await multipart(
      { categoryId: String(c.roof.id), buildingId: String(c.building.id), description: 'Большое фото' },
      [{ filename: 'big.jpg', type: 'image/jpeg', bytes: big }],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...resident, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(413);
    const six = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => jpegWithGps(i)));
    const form6 = await multipart(
      { categoryId: String(c.roof.id), buildingId: String(c.building.id), description: 'Шесть фото' },
      six.map((bytes, i) => ({ filename: `${i}.jpg`, type: 'image/jpeg', bytes })),
    );
    const res6 = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...resident, ...form6.headers },
      payload: form6.payload,
    });
    expect(res6.statusCode).toBe(413);
  });

  it('places a housing appeal dropped within 150 m on that building, and refuses one with no building near', async () => {
    // ~60 m north of the building
    const near = await post({
      categoryId: c.roof.id,
      lat: 55.79054,
      lon: 49.12,
      description: 'Крыша течёт, дом рядом',
    });
    expect(near.statusCode, near.body).toBe(201);
    expect(near.json().buildingId).toBe(c.building.id);
    // ~1.1 km away, still inside the city
    const far = await post({ categoryId: c.roof.id, lat: 55.8, lon: 49.12, description: 'Крыша течёт, а дома нет' });
    expect(far.statusCode).toBe(422);
    expect(far.json()).toMatchObject({ code: 'appeal.not_acceptable' });
    expect(far.json().errors).toEqual([
      expect.objectContaining({ field: 'body.location', code: 'appeal.field.no_building_near' }),
    ]);
  });

  it('takes a street appeal anywhere inside the city, naming the nearest building only as a landmark', async () => {
    const res = await post({
      categoryId: c.pothole.id,
      lat: 55.79054,
      lon: 49.12,
      description: 'Глубокая яма на проезжей части',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      buildingId: null,
      address: 'около ул. Баумана, д. 12',
      district: { id: c.district.id },
    });
  });

  it('refuses a point outside the municipality with 422', async () => {
    const res = await post({
      categoryId: c.pothole.id,
      lat: 55.75,
      lon: 48.745,
      description: 'Яма в Иннополисе, не в Казани',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'body.location', code: 'appeal.field.point_outside' });
  });

  it.each([
    ['a missing description', { categoryId: 1, buildingId: 1 }, 400, 'body.description'],
    [
      'a category that is not a number',
      { categoryId: 'крыша', buildingId: 1, description: 'Течёт крыша' },
      400,
      'body.categoryId',
    ],
    ['NaN coordinates', { categoryId: 1, lat: 'NaN', lon: 'NaN', description: 'Координаты NaN' }, 400, 'body.lat'],
    ['a latitude beyond the pole', { categoryId: 1, lat: 91, lon: 49, description: 'Северный полюс' }, 400, 'body.lat'],
    ['only one coordinate', { categoryId: 1, lat: 55.79, description: 'Только широта' }, 400, 'body.lon'],
    [
      'a description over 4000 characters',
      { categoryId: 1, buildingId: 1, description: 'а'.repeat(4001) },
      400,
      'body.description',
    ],
    ['a NUL character', { categoryId: 1, buildingId: 1, description: 'Текст\u0000с нулём' }, 400, 'body.description'],
  ])('answers %s with %i naming the field', async (_name, body, status, field) => {
    const res = await post(body);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers an unknown category and an unknown building with 422', async () => {
    const cat = await post({ categoryId: 999999, buildingId: c.building.id, description: 'Неизвестная категория' });
    expect(cat.statusCode).toBe(422);
    expect(cat.json().errors[0].field).toBe('body.categoryId');
    const bld = await post({ categoryId: c.roof.id, buildingId: 999999, description: 'Неизвестный дом' });
    expect(bld.statusCode).toBe(422);
    expect(bld.json().errors[0].field).toBe('body.buildingId');
  });

  it('answers 1 MB of JSON with 413, broken UTF-8 with 400 and an unknown media type with 415', async () => {
    const huge = await post({ ...roofAppeal(), padding: 'x'.repeat(1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    const broken = Buffer.concat([
      Buffer.from('{"categoryId":1,"buildingId":1,"description":"'),
      Buffer.from([0xd0, 0x28, 0xc3]),
      Buffer.from('"}'),
    ]);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...resident, 'content-type': 'application/json' },
      payload: broken,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'body' });
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...resident, 'content-type': 'application/xml' },
      payload: '<appeal/>',
    });
    expect(xml.statusCode).toBe(415);
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...resident, 'content-type': 'application/json' },
      payload: '{"categoryId":',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('lets only residents file: anonymous is 401, staff 403, a session without its CSRF token 403', async () => {
    const anon = await t.app.inject({ method: 'POST', url: '/api/appeals', payload: roofAppeal() });
    expect(anon.statusCode).toBe(401);
    const staff = await t.signIn(c.users.dispatcher.id);
    const asStaff = await t.app.inject({ method: 'POST', url: '/api/appeals', headers: staff, payload: roofAppeal() });
    expect(asStaff.statusCode).toBe(403);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { cookie: resident.cookie },
      payload: roofAppeal(),
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().type).toContain('csrf');
  });

  describe('Idempotency-Key', () => {
    it('returns the same appeal for a retry with the same key', async () => {
      const first = await post(roofAppeal(), { 'idempotency-key': 'retry-1' });
      const second = await post(roofAppeal(), { 'idempotency-key': 'retry-1' });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.json().id).toBe(first.json().id);
      expect(second.headers['idempotent-replayed']).toBe('true');
    });

    it('refuses a key reused for a different request with 409', async () => {
      await post(roofAppeal(), { 'idempotency-key': 'retry-2' });
      const other = await post(
        { ...roofAppeal(), description: 'Совсем другое обращение' },
        { 'idempotency-key': 'retry-2' },
      );
      expect(other.statusCode).toBe(409);
    });

    it('creates one appeal when ten identical requests arrive at once', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => post(roofAppeal(), { 'idempotency-key': 'burst-1' })),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
      const rows = await t.db.execute(sql`select id from appeals where idempotency_key = 'burst-1'`);
      expect(rows).toHaveLength(1);
      const jobs = await t.db.execute(
        sql`select id from pgboss.job where name = 'appeal.route' and data->>'appealId' = ${String(rows[0].id)}`,
      );
      expect(jobs).toHaveLength(1);
    });

    it('refuses a malformed key with 400', async () => {
      const res = await post(roofAppeal(), { 'idempotency-key': 'x'.repeat(201) });
      expect(res.statusCode).toBe(400);
    });
  });
});

describe('appeal views', () => {
  let t: TestApp;
  let c: City;
  let appealId: number;
  let number: string;
  let privateId: number;

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    const author = await t.signIn(c.users.resident.id);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: author,
      payload: {
        categoryId: c.roof.id,
        buildingId: c.building.id,
        apartment: '45',
        description: 'Течёт крыша. Мой телефон +7 917 123-45-67, почта petrov@mail.ru',
      },
    });
    appealId = res.json().id;
    number = res.json().number;
    // the dispatch issue will route it; here the organisation is set directly
    await t.db.execute(
      sql`update appeals set assigned_org_id = ${c.mc.id}, status = 'assigned' where id = ${appealId}`,
    );
    const priv = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: author,
      payload: { categoryId: c.privateCategory.id, buildingId: c.building.id, description: 'Соседи шумят каждую ночь' },
    });
    privateId = priv.json().id;
  });
  afterAll(() => t?.close());

  const get = async (url: string, userId?: number) =>
    t.app.inject({ url, headers: userId ? await t.signIn(userId) : {} });

  it('shows the author everything, including their personal data', async () => {
    const res = await get(`/api/appeals/${number}`, c.users.resident.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ view: 'full', author: { fullName: 'Петров Пётр', apartment: '45' } });
  });

  it('shows anybody else the public view with no personal data and contacts hidden in the text', async () => {
    for (const userId of [undefined, c.users.otherResident.id, c.users.otherOrgStaff.id]) {
      const res = await get(`/api/appeals/${appealId}`, userId);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.view).toBe('public');
      expect(body.author).toBeUndefined();
      expect(res.body).not.toContain('Петров');
      expect(res.body).not.toContain('917');
      expect(res.body).not.toContain('petrov@mail.ru');
      expect(res.body).not.toContain('"45"');
    }
  });

  it('shows the handling organisation the author’s contacts, and city hall the appeal without them', async () => {
    const org = (await get(`/api/appeals/${appealId}`, c.users.orgStaff.id)).json();
    expect(org).toMatchObject({ view: 'full', author: { fullName: 'Петров Пётр' } });
    const hall = (await get(`/api/appeals/${appealId}`, c.users.cityHall.id)).json();
    expect(hall.view).toBe('full');
    expect(hall.author).toBeUndefined();
  });

  it('hides a private appeal from everybody but those allowed to read it', async () => {
    expect((await get(`/api/appeals/${privateId}`)).statusCode).toBe(404);
    expect((await get(`/api/appeals/${privateId}`, c.users.otherResident.id)).statusCode).toBe(404);
    expect((await get(`/api/appeals/${privateId}/events`)).statusCode).toBe(404);
    expect((await get(`/api/appeals/${privateId}`, c.users.resident.id)).statusCode).toBe(200);
    expect((await get(`/api/appeals/${privateId}`, c.users.dispatcher.id)).statusCode).toBe(200);
    // an admin of another municipality sees nothing of it
    expect((await get(`/api/appeals/${privateId}`, c.users.otherAdmin.id)).statusCode).toBe(404);
  });

  it('shows the history: notes to those with the full view only', async () => {
    await t.db.execute(
      sql`insert into appeal_events (appeal_id, type, from_status, to_status, actor_role, organisation_id, note)
          values (${appealId}, 'assigned', 'new', 'assigned', 'dispatcher', ${c.mc.id}, 'Петров просил позвонить')`,
    );
    const mine = (await get(`/api/appeals/${appealId}/events`, c.users.resident.id)).json().items;
    expect(mine.map((e: { type: string }) => e.type)).toEqual(['created', 'assigned']);
    expect(mine[1].note).toBe('Петров просил позвонить');
    const pub = await get(`/api/appeals/${appealId}/events`);
    expect(pub.json().items[1]).toMatchObject({ type: 'assigned', note: null, organisation: { id: c.mc.id } });
    expect(pub.body).not.toContain('Петров');
  });

  it('answers a malformed or unknown appeal key with 400 or 404', async () => {
    expect((await get('/api/appeals/not-a-number')).statusCode).toBe(400);
    expect((await get('/api/appeals/KZN-2026-999999')).statusCode).toBe(404);
    expect((await get('/api/appeals/99999999')).statusCode).toBe(404);
  });

  describe('lists', () => {
    beforeAll(async () => {
      const author = await t.signIn(c.users.otherResident.id);
      for (let i = 0; i < 5; i++) {
        await t.app.inject({
          method: 'POST',
          url: '/api/appeals',
          headers: author,
          payload: {
            categoryId: c.pothole.id,
            lat: 55.7801 + i * 0.001,
            lon: 49.11,
            description: `Яма номер ${i + 1}`,
          },
        });
      }
    });

    it('gives residents their own appeals and anonymous visitors only public ones', async () => {
      const mine = (await get('/api/appeals', c.users.resident.id)).json().items as { id: number }[];
      expect(mine.map((a) => a.id).sort()).toEqual([appealId, privateId].sort());
      const pub = (await get('/api/appeals?limit=100')).json().items as { id: number; view: string }[];
      expect(pub.every((a) => a.view === 'public')).toBe(true);
      expect(pub.map((a) => a.id)).not.toContain(privateId);
      expect(pub).toHaveLength(6);
    });

    it('gives an organisation only what is assigned to it, and other municipalities nothing', async () => {
      const org = (await get('/api/appeals', c.users.orgStaff.id)).json().items as { id: number }[];
      expect(org.map((a) => a.id)).toEqual([appealId]);
      const other = (await get('/api/appeals', c.users.otherOrgStaff.id)).json().items;
      expect(other).toEqual([]);
      const foreign = (await get('/api/appeals', c.users.otherAdmin.id)).json().items;
      expect(foreign).toEqual([]);
      const disp = (await get('/api/appeals?limit=100', c.users.dispatcher.id)).json().items;
      expect(disp).toHaveLength(7);
    });

    it('pages through with a cursor without repeats or gaps, newest first', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/api/appeals?limit=2${cursor ? `&cursor=${cursor}` : ''}`, c.users.dispatcher.id);
        expect(res.statusCode).toBe(200);
        seen.push(...res.json().items.map((a: { id: number }) => a.id));
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    });

    it('filters by status, category, bbox and period', async () => {
      const byCat = (await get(`/api/appeals?categoryId=${c.pothole.id}`, c.users.dispatcher.id)).json().items;
      expect(byCat).toHaveLength(5);
      const byStatus = (await get('/api/appeals?status=assigned', c.users.dispatcher.id)).json().items;
      expect(byStatus.map((a: { id: number }) => a.id)).toEqual([appealId]);
      const box = (await get('/api/appeals?bbox=49.10,55.780,49.12,55.7815', c.users.dispatcher.id)).json().items;
      expect(box).toHaveLength(2);
      const future = (
        await get(
          `/api/appeals?from=${encodeURIComponent(new Date(Date.now() + 3600e3).toISOString())}`,
          c.users.dispatcher.id,
        )
      ).json().items;
      expect(future).toEqual([]);
    });

    it('answers bad filters with 400 naming the parameter', async () => {
      for (const q of ['status=lost', 'bbox=1,2,3', 'limit=1000', 'cursor=!!!', 'from=yesterday']) {
        const res = await get(`/api/appeals?${q}`, c.users.dispatcher.id);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().errors?.length ?? 0, q).toBeGreaterThan(0);
      }
    });
  });
});
