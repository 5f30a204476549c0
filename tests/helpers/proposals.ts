import type { TestApp } from './app.ts';
import { discussionMakers, squareTerritory } from './discussions-make.ts';
import { multipart } from './http.ts';
import { smallCity } from './make.ts';
import { readingMakers } from './readings.ts';

/*
 * A scene of taking part over HTTP (issue 17): a small city whose management company organises an
 * open discussion around a building (ул. Баумана, 12 at 49.12, 55.79), a building outside the
 * territory, and calls as anyone: JSON, and the proposal's multipart form.
 */
export async function proposalScene(t: TestApp) {
  const c = await smallCity(t.db);
  const make = discussionMakers(t.db);
  const housing = readingMakers(t.db);
  const outside = await c.make.building(c.city.id, c.district.id, {
    street: 'ул. Декабристов',
    house: '85',
    lon: 49.16,
    lat: 55.83,
  });
  const discussion = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, {
    status: 'open',
    territory: squareTerritory(49.12, 55.79),
  });
  const call = async (
    userId: number | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => {
    const session: Record<string, string> = userId === null ? {} : await t.signIn(userId);
    const cookie = [session.cookie, headers.cookie].filter(Boolean).join('; ');
    return t.app.inject({
      method,
      url,
      headers: { ...session, ...headers, ...(cookie ? { cookie } : {}) },
      ...(payload ? { payload } : {}),
    });
  };
  const submit = async (
    userId: number | null,
    fields: Record<string, string>,
    o: { files?: { filename: string; type: string; bytes: Buffer }[]; key?: string; discussionId?: number } = {},
  ) => {
    const form = await multipart(
      fields,
      (o.files ?? []).map((f) => ({ ...f, name: 'files' })),
    );
    return t.app.inject({
      method: 'POST',
      url: `/api/discussions/${o.discussionId ?? discussion.id}/proposals`,
      headers: {
        ...(userId === null ? {} : await t.signIn(userId)),
        ...form.headers,
        ...(o.key ? { 'idempotency-key': o.key } : {}),
      },
      payload: form.payload,
    });
  };
  let people = 0;
  /** A resident registered (by their verified identity) in a building. */
  const residentIn = async (buildingId: number | null, fullName = 'Хабибуллин Марат Ренатович', address?: string) => {
    const u = await c.make.user(c.city.id, {
      role: 'resident',
      fullName: 'Аккаунт Без Проверки',
      email: `p${++people}-${c.city.code.toLowerCase()}@example.test`,
    });
    await make.identity(u.id, { fullName, buildingId, address: address ?? 'г. Казань, ул. Баумана, д. 12, кв. 5' });
    return u;
  };
  return { c, make, housing, outside, discussion, call, submit, residentIn };
}

export const pdf = (text = 'proposal') =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
