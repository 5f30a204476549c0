import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { isoInZone } from '../../dispatch/open311.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contextAt } from '../helpers/context.ts';
import { interopMakers } from '../helpers/interop-make.ts';
import { smallCity } from '../helpers/make.ts';
import { parseXml } from '../helpers/open311.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
type Filed = { service_request_id: string; token: string; service_notice: string; account_id: string | null };
type ServiceRequest = Record<string, unknown> & { service_request_id: string; status: string; service_code: string };

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/;

describe('Open311 service requests: filing through Open311 and reading back, both ways', () => {
  let t: TestApp;
  let c: City;
  let key: string;
  let client: { id: number; userId: number };
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 1, unit: 'hours' }, { amount: 24, unit: 'hours' });
    ({ key, client } = await interopMakers(t.db).apiClient(c.city.id, { requestsPerMinute: 1000 }));
  });
  afterAll(() => t?.close());

  const post = (
    fields: Record<string, string>,
    format: 'json' | 'xml' = 'json',
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });
  const get = (url: string) => t.app.inject({ method: 'GET', url: `/open311/v2${url}` });
  const roofReport = (more: Record<string, string> = {}) => ({
    api_key: key,
    jurisdiction_id: c.city.code,
    service_code: 'roof_leak',
    lat: '55.7901',
    long: '49.1201',
    description: 'Течёт крыша над третьим подъездом, звоните +7 917 123-45-67.',
    'attribute[entrance]': '3',
    'attribute[apartment]': '45',
    email: 'maria@example.org',
    first_name: 'Мария',
    last_name: 'Садыкова',
    phone: '+79171234567',
    device_id: 'device-42',
    account_id: 'acct-7',
    media_url: 'https://photos.example.org/roof.jpg',
    ...more,
  });

  it('files a real appeal: channel open311, the client’s service account, the building, routed and clocked; read back by the staff with the submitter', async () => {
    const res = await post(roofReport());
    expect(res.statusCode, res.body).toBe(200);
    const [filed] = res.json() as Filed[];
    expect(filed.service_request_id).toMatch(new RegExp(`^${c.city.code}-\\d{4}-\\d{6}$`));
    expect(filed.token).toMatch(/^[\w-]{20,}$/);
    expect(filed.account_id).toBe('acct-7');
    expect(filed.service_notice).toContain(filed.service_request_id);

    const [appeal] = await t.db.execute<{
      id: number;
      channel: string;
      author_id: number;
      building_id: number;
      entrance: string;
      apartment: string;
    }>(
      sql`select id, channel, author_id::int, building_id, entrance, apartment from appeals where number = ${filed.service_request_id}`,
    );
    expect(appeal).toMatchObject({
      channel: 'open311',
      author_id: client.userId,
      building_id: c.building.id,
      entrance: '3',
      apartment: '45',
    });
    const jobs = await t.db.execute(
      sql`select 1 from pgboss.job where name = 'appeal.route' and data->>'appealId' = ${String(appeal.id)}`,
    );
    expect(jobs).toHaveLength(1);
    expect(await routeAppeal(contextAt(t, new Date()), Number(appeal.id))).toBe('assigned');
    const [clocked] = await t.db.execute<{ assigned_org_id: number; response_due_at: string | null }>(
      sql`select assigned_org_id, response_due_at from appeals where id = ${appeal.id}`,
    );
    expect(clocked.assigned_org_id).toBe(c.mc.id);
    expect(clocked.response_due_at).not.toBeNull();

    // The staff handling it see the channel and who reported it, and the reading is in the trail.
    const staff = await t.signIn(c.users.orgStaff.id);
    const full = await t.app.inject({ url: `/api/appeals/${appeal.id}`, headers: staff });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json()).toMatchObject({
      view: 'full',
      channel: 'open311',
      entrance: '3',
      author: { id: client.userId, apartment: '45' },
      submitter: {
        firstName: 'Мария',
        lastName: 'Садыкова',
        email: 'maria@example.org',
        phone: '+79171234567',
        deviceId: 'device-42',
        accountId: 'acct-7',
      },
    });
    const trail = await t.db.execute(
      sql`select 1 from personal_data_access where actor_user_id = ${c.users.orgStaff.id} and record = ${`appeal:${appeal.id}:open311_submitter`}`,
    );
    expect(trail).toHaveLength(1);
    // Another company's staff and a resident see no submitter.
    for (const who of [c.users.otherOrgStaff.id, c.users.resident.id]) {
      const other = await t.app.inject({ url: `/api/appeals/${appeal.id}`, headers: await t.signIn(who) });
      expect(other.json().submitter).toBeUndefined();
      expect(other.body).not.toContain('Садыкова');
    }

    // Open311 reads it back: open, the company responsible, the SLA's deadline, no personal data.
    const back = await get(`/requests/${filed.service_request_id}.json?jurisdiction_id=${c.city.code}`);
    expect(back.statusCode, back.body).toBe(200);
    const [request] = back.json() as ServiceRequest[];
    const [row] = await t.db.execute<{ resolution_due_at: string; created_at: string }>(
      sql`select resolution_due_at, created_at from appeals where id = ${appeal.id}`,
    );
    expect(request).toEqual({
      service_request_id: filed.service_request_id,
      status: 'open',
      status_notes: 'Направлено ответственной организации.',
      service_name: 'Протекает кровля',
      service_code: 'roof_leak',
      description: 'Течёт крыша над третьим подъездом, звоните [скрыто].',
      agency_responsible: c.mc.nameRu,
      service_notice: null,
      requested_datetime: isoInZone(new Date(row.created_at), 'Europe/Moscow'),
      updated_datetime: expect.stringMatching(ISO_WITH_OFFSET),
      expected_datetime: row.resolution_due_at ? isoInZone(new Date(row.resolution_due_at), 'Europe/Moscow') : null,
      address: c.building.address,
      address_id: String(c.building.id),
      zipcode: null,
      lat: 55.7901,
      long: 49.1201,
      media_url: 'https://photos.example.org/roof.jpg',
    });
    expect(request.requested_datetime).toMatch(ISO_WITH_OFFSET);
    for (const secret of ['maria@example.org', 'Садыкова', 'Мария', '9171234567', 'device-42', 'acct-7', '"45"']) {
      expect(back.body).not.toContain(secret);
    }

    const token = await get(`/tokens/${filed.token}.xml?jurisdiction_id=${c.city.code}`);
    expect(token.statusCode, token.body).toBe(200);
    expect(parseXml(token.body).service_requests.request).toEqual([
      { service_request_id: filed.service_request_id, token: filed.token },
    ]);
  });

  it('answers a POST in XML, and finds the building by address_string or address_id', async () => {
    const byAddress = await post(
      {
        ...roofReport({ description: 'Сосульки над входом в подъезд' }),
        lat: '',
        long: '',
        address_string: 'Казань, Баумана, 12',
      },
      'xml',
    );
    expect(byAddress.statusCode, byAddress.body).toBe(200);
    expect(byAddress.headers['content-type']).toBe('text/xml; charset=utf-8');
    const [filed] = parseXml(byAddress.body).service_requests.request;
    expect(Object.keys(filed).sort()).toEqual(['account_id', 'service_notice', 'service_request_id', 'token']);
    const [appeal] = await t.db.execute<{ building_id: number }>(
      sql`select building_id from appeals where number = ${filed.service_request_id}`,
    );
    expect(Number(appeal.building_id)).toBe(c.building.id);

    const byId = await post({
      api_key: key,
      jurisdiction_id: c.city.code,
      service_code: 'roof_leak',
      address_id: String(c.building.id),
      description: 'Не закрывается дверь подъезда',
    });
    expect(byId.statusCode, byId.body).toBe(200);
    expect((byId.json() as Filed[])[0].account_id).toBeNull();

    // What XML must escape, and what it carries as it is, comes back unchanged.
    const text = 'Крыша <течёт> & "капает" \'всюду\' 🏠 — Baumana 12';
    const tricky = await post({ ...roofReport({ description: text }), device_id: 'device-xml' }, 'xml');
    expect(tricky.statusCode, tricky.body).toBe(200);
    const [{ service_request_id: number }] = parseXml(tricky.body).service_requests.request;
    const back = await get(`/requests/${number}.xml?jurisdiction_id=${c.city.code}`);
    expect(back.headers['content-type']).toBe('text/xml; charset=utf-8');
    const [request] = parseXml(back.body).service_requests.request;
    expect(request.description).toBe(text);
    expect(request).toMatchObject({ status: 'open', lat: '55.7901', long: '49.1201', service_code: 'roof_leak' });
  });

  it('refuses what it cannot take with 400 naming the field, an unknown service with 404', async () => {
    const cases: [Record<string, string>, number, RegExp][] = [
      [roofReport({ description: '' }), 400, /^description: обязательно/],
      [roofReport({ description: 'Течь' }), 400, /^description: /],
      [{ ...roofReport(), lat: '', long: '' }, 400, /^lat: нужны lat и long, address_string или address_id/],
      [roofReport({ long: '' }), 400, /^long: lat и long передаются вместе/],
      [roofReport({ lat: 'north' }), 400, /^lat: /],
      [roofReport({ address_id: '999999', lat: '', long: '' }), 400, /^address_id: нет такого дома/],
      [roofReport({ lat: '', long: '', address_string: 'Нет такой улицы 999' }), 400, /^address_string: /],
      [roofReport({ 'attribute[floor]': '5' }), 400, /^attribute\[floor\]: эта услуга не знает такого атрибута/],
      [roofReport({ 'attribute[entrance]': '12345678901' }), 400, /^attribute\[entrance\]: /],
      [roofReport({ media_url: 'javascript:alert(1)' }), 400, /^media_url: /],
      // A point outside the municipality: the intake's refusal, in the spec's terms.
      [roofReport({ lat: '10', long: '10' }), 400, /^lat: /],
      // A street service asks for no attributes.
      [roofReport({ service_code: 'pothole' }), 400, /^attribute\[entrance\]: /],
      [roofReport({ service_code: 'no_such' }), 404, /^service_code: нет такой услуги/],
      [roofReport({ jurisdiction_id: 'NOWHERE' }), 404, /^jurisdiction_id: /],
    ];
    for (const [fields, status, description] of cases) {
      const res = await post(fields);
      expect(res.statusCode, `${JSON.stringify(fields)} → ${res.body}`).toBe(status);
      const [error] = res.json() as { code: number; description: string }[];
      expect(error.code).toBe(status);
      expect(error.description).toMatch(description);
    }
  });

  it('refuses a missing, unknown, revoked or another city’s key with 403, and a client over its rate with 429 and Retry-After', async () => {
    const { api_key: _k, ...noKey } = roofReport();
    const missing = await post(noKey, 'xml');
    expect(missing.statusCode).toBe(403);
    expect(parseXml(missing.body).errors.error[0]).toEqual({
      code: '403',
      description: 'api_key: нужен ключ API, выданный администратором.',
    });
    expect((await post(roofReport({ api_key: `${key}x` }))).statusCode).toBe(403);
    const elsewhere = await interopMakers(t.db).apiClient(c.other.id);
    const foreign = await post(roofReport({ api_key: elsewhere.key }));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()[0].description).toMatch(/другим муниципалитетом/);

    // Revoked by the admin: the next request is refused at once.
    const live = await interopMakers(t.db).apiClient(c.city.id);
    expect((await post(roofReport({ api_key: live.key, description: 'Протечка в тамбуре подъезда' }))).statusCode).toBe(
      200,
    );
    const admin = await t.signIn(c.users.admin.id);
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/admin/api-clients/${live.client.id}/revoke`,
      headers: admin,
      payload: { reason: 'Ключ попал в открытый репозиторий' },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const revoked = await post(roofReport({ api_key: live.key, description: 'Протечка в тамбуре, второй раз' }));
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json()[0].description).toMatch(/не действителен/);

    const slow = await interopMakers(t.db).apiClient(c.city.id, { requestsPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await post(roofReport({ api_key: slow.key, description: `Протечка номер ${i + 1} в подвале` }))).statusCode,
      );
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await post(roofReport({ api_key: slow.key, description: 'Ещё одна протечка в подвале' }), 'xml');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(parseXml(limited.body).errors.error[0].description).toMatch(/^Слишком много обращений/);
    const used = await t.db.execute(sql`select last_used_at from api_clients where id = ${slow.client.id}`);
    expect(used[0].last_used_at).not.toBeNull();
  });

  it('files one appeal for a report repeated within a minute or with the same Idempotency-Key', async () => {
    const report = roofReport({ description: 'Протечка над лифтом, повтор запроса', device_id: 'device-dup' });
    const first = (await post(report)).json()[0] as Filed;
    const again = await post(report);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()[0]).toEqual(first);
    const otherDevice = (await post({ ...report, device_id: 'device-other' })).json()[0] as Filed;
    expect(otherDevice.service_request_id).not.toBe(first.service_request_id);
    // A minute and more later, the same text is a new report.
    t.setNow(new Date(Date.now() + 130_000));
    const later = (await post(report)).json()[0] as Filed;
    t.setNow(null);
    expect(later.service_request_id).not.toBe(first.service_request_id);

    const keyed = roofReport({ description: 'Протечка над лифтом, с ключом повтора' });
    const a = (await post(keyed, 'json', { 'idempotency-key': 'client-retry-1' })).json()[0] as Filed;
    t.setNow(new Date(Date.now() + 600_000));
    const b = await post(keyed, 'json', { 'idempotency-key': 'client-retry-1' });
    t.setNow(null);
    expect(b.json()[0]).toEqual(a);
    const reused = await post(roofReport({ description: 'Совсем другая проблема' }), 'json', {
      'idempotency-key': 'client-retry-1',
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()[0].code).toBe(409);
  });

  it('serves appeals filed through Otklik too, and never a private category’s (not by number, not by token)', async () => {
    const resident = await t.signIn(c.users.resident.id);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: resident,
      payload: { categoryId: c.pothole.id, lat: 55.781, lon: 49.11, description: 'Яма на проезжей части у остановки' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const number = filed.json().number as string;
    const list = (
      await get(`/requests.json?jurisdiction_id=${c.city.code}&service_code=pothole`)
    ).json() as ServiceRequest[];
    expect(list.map((r) => r.service_request_id)).toContain(number);
    expect(list.every((r) => r.service_code === 'pothole')).toBe(true);
    const one = list.find((r) => r.service_request_id === number)!;
    expect(one).toMatchObject({ status: 'open', agency_responsible: null, address_id: null, lat: 55.781, long: 49.11 });

    const secret = await post(roofReport({ service_code: 'neighbours', description: 'Соседи шумят каждую ночь' }));
    expect(secret.statusCode, secret.body).toBe(200);
    const hidden = secret.json()[0] as Filed;
    expect((await get(`/requests/${hidden.service_request_id}.json?jurisdiction_id=${c.city.code}`)).statusCode).toBe(
      404,
    );
    expect((await get(`/tokens/${hidden.token}.json?jurisdiction_id=${c.city.code}`)).statusCode).toBe(404);
    const all = (await get(`/requests.json?jurisdiction_id=${c.city.code}`)).json() as ServiceRequest[];
    expect(all.map((r) => r.service_request_id)).not.toContain(hidden.service_request_id);
    expect(all.some((r) => r.service_code === 'neighbours')).toBe(false);
    // Another jurisdiction does not know the number.
    expect((await get(`/requests/${number}.json?jurisdiction_id=${c.other.code}`)).statusCode).toBe(404);
  });

  it('filters by status, codes, numbers and dates (the last 90 days by default, a window of at most 90 days)', async () => {
    const j = `jurisdiction_id=${c.city.code}`;
    const all = (await get(`/requests.json?${j}`)).json() as ServiceRequest[];
    expect(all.length).toBeGreaterThan(3);
    const [closedOne, old] = all;
    await t.db.execute(sql`update appeals set status = 'resolved' where number = ${closedOne.service_request_id}`);
    await t.db.execute(
      sql`update appeals set created_at = now() - interval '120 days' where number = ${old.service_request_id}`,
    );

    const closed = (await get(`/requests.json?${j}&status=closed`)).json() as ServiceRequest[];
    expect(closed.map((r) => r.service_request_id)).toEqual([closedOne.service_request_id]);
    expect(closed[0].status_notes).toMatch(/Работы выполнены/);
    const open = (await get(`/requests.json?${j}&status=open`)).json() as ServiceRequest[];
    expect(open.every((r) => r.status === 'open')).toBe(true);
    const both = (await get(`/requests.json?${j}&status=open,closed`)).json() as ServiceRequest[];
    expect(both).toHaveLength(open.length + closed.length);
    expect(both.map((r) => r.service_request_id)).not.toContain(old.service_request_id);

    const codes = (await get(`/requests.json?${j}&service_code=pothole,%20roof_leak`)).json() as ServiceRequest[];
    expect(codes).toHaveLength(both.length);

    // Numbers: the other filters are ignored, the old one found too.
    const ids = `${closedOne.service_request_id},${old.service_request_id.toLowerCase()}`;
    const byIds = (await get(`/requests.json?${j}&service_request_id=${ids}&status=open`)).json() as ServiceRequest[];
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual(
      [closedOne.service_request_id, old.service_request_id].sort(),
    );

    const day = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const window = (
      await get(`/requests.xml?${j}&start_date=${iso(Date.now() - 125 * day)}&end_date=${iso(Date.now() - 100 * day)}`)
    ).body;
    expect(
      parseXml(window).service_requests.request.map((r: { service_request_id: string }) => r.service_request_id),
    ).toEqual([old.service_request_id]);
    const tooWide = await get(
      `/requests.json?${j}&start_date=${iso(Date.now() - 100 * day)}&end_date=${iso(Date.now())}`,
    );
    expect(tooWide.statusCode).toBe(400);
    expect(tooWide.json()[0].description).toMatch(/^end_date: между start_date и end_date не больше 90 дней/);
    const backwards = await get(`/requests.json?${j}&start_date=${iso(Date.now())}&end_date=${iso(Date.now() - day)}`);
    expect(backwards.statusCode).toBe(400);
    const empty = await get(`/requests.xml?${j}&start_date=${iso(Date.now() + day)}`);
    expect(parseXml(empty.body).service_requests).toBe('');
  });

  it('answers at most 1,000 requests, newest first', async () => {
    await t.db.execute(sql`
      insert into appeals (municipality_id, number, author_id, category_id, location, description, priority, status, channel, public, created_at)
      select ${c.city.id}, ${c.city.code} || '-1999-' || lpad(g::text, 6, '0'), ${c.users.resident.id}, ${c.pothole.id},
             point(49.11, 55.78), 'Яма ' || g, 'normal', 'new', 'web', true, now() - make_interval(secs => g)
      from generate_series(1, 1005) g`);
    const res = await get(`/requests.json?jurisdiction_id=${c.city.code}`);
    const rows = res.json() as ServiceRequest[];
    expect(rows).toHaveLength(1000);
    const times = rows.map((r) => Date.parse(String(r.requested_datetime)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
