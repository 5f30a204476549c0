import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../api/open311/keys.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
type Client = { id: number; name: string; keyPrefix: string; revokedAt: string | null; revokeReason: string | null };

describe('the admin’s Open311 clients', () => {
  let t: TestApp;
  let c: City;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  const call = async (method: 'GET' | 'POST', url: string, userId: number, payload?: object) =>
    t.app.inject({ method, url: `/api/admin/api-clients${url}`, headers: await t.signIn(userId), payload });
  const fileWith = (key: string, description: string) =>
    t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: key,
        jurisdiction_id: c.city.code,
        service_code: 'pothole',
        lat: '55.78',
        long: '49.11',
        description,
      }).toString(),
    });

  it('creates a client whose key is shown once and kept only as its hash, under a service account of its own', async () => {
    const res = await call('POST', '', c.users.admin.id, {
      name: 'Мобильное приложение «Казань»',
      contact: 'dev@app.example.org',
      requestsPerMinute: 20,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { client, key } = res.json() as { client: Client; key: string };
    expect(key).toMatch(/^otk_[\w-]{43}$/);
    expect(client).toMatchObject({
      name: 'Мобильное приложение «Казань»',
      keyPrefix: key.slice(0, 10),
      revokedAt: null,
    });

    const [row] = await t.db.execute<{ key_hash: string; role: string; personal: number; login: string | null }>(sql`
      select a.key_hash, u.role, u.login,
             (select count(*)::int from user_personal p where p.user_id = u.id) as personal
      from api_clients a join users u on u.id = a.user_id where a.id = ${client.id}`);
    expect(row).toEqual({ key_hash: hashApiKey(key), role: 'resident', login: null, personal: 0 });

    const list = await call('GET', '', c.users.admin.id);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key);
    expect((await call('GET', `/${client.id}`, c.users.admin.id)).body).not.toContain(key);

    const filed = await fileWith(key, 'Яма у въезда во двор');
    expect(filed.statusCode, filed.body).toBe(200);
    const again = (await call('GET', `/${client.id}`, c.users.admin.id)).json();
    expect(again).toMatchObject({ requests: 1, lastUsedAt: expect.any(String) });
  });

  it('revokes a key with its reason at once, and says so when it is revoked already', async () => {
    const { client, key } = (await call('POST', '', c.users.admin.id, { name: 'Колл-центр' })).json() as {
      client: Client;
      key: string;
    };
    expect((await fileWith(key, 'Яма на выезде со двора')).statusCode).toBe(200);
    const tooShort = await call('POST', `/${client.id}/revoke`, c.users.admin.id, { reason: '' });
    expect(tooShort.statusCode).toBe(400);
    const revoked = await call('POST', `/${client.id}/revoke`, c.users.admin.id, { reason: 'Договор расторгнут' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ revokedAt: expect.any(String), revokeReason: 'Договор расторгнут' });
    expect((await fileWith(key, 'Яма на выезде, после отзыва')).statusCode).toBe(403);
    const twice = await call('POST', `/${client.id}/revoke`, c.users.admin.id, { reason: 'Ещё раз' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('api_client.already_revoked');
    // Live clients first.
    const items = (await call('GET', '', c.users.admin.id)).json().items as Client[];
    expect(items.at(-1)?.revokedAt).not.toBeNull();
    expect(items[0].revokedAt).toBeNull();
  });

  it('keeps clients to their municipality’s admin: another city’s admin gets 404, other roles 403', async () => {
    const { client } = (await call('POST', '', c.users.admin.id, { name: 'Портал района' })).json() as {
      client: Client;
    };
    expect((await call('GET', `/${client.id}`, c.users.otherAdmin.id)).statusCode).toBe(404);
    expect(
      (await call('POST', `/${client.id}/revoke`, c.users.otherAdmin.id, { reason: 'Чужой ключ' })).statusCode,
    ).toBe(404);
    expect(((await call('GET', '', c.users.otherAdmin.id)).json().items as Client[]).map((i) => i.id)).not.toContain(
      client.id,
    );
    for (const who of [c.users.dispatcher.id, c.users.cityHall.id, c.users.resident.id]) {
      expect((await call('GET', '', who)).statusCode).toBe(403);
      expect((await call('POST', '', who, { name: 'Не админ' })).statusCode).toBe(403);
    }
    const anonymous = await t.app.inject({ url: '/api/admin/api-clients' });
    expect(anonymous.statusCode).toBe(401);
    const bad = await call('POST', '', c.users.admin.id, { name: 'Ок', requestsPerMinute: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.requestsPerMinute');
  });
});
