import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import type { TestApp } from './app.ts';
import { contextAt } from './context.ts';
import { smallCity } from './make.ts';

/** A strict RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF rows). */
export function readCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '\n') throw new Error(`bare LF at ${i}`);
    else field += ch;
  }
  if (field !== '' || row.length > 0) throw new Error('the last row has no CRLF');
  return rows;
}

/** Checks of an RFC 7946 FeatureCollection of Points: structure, [lon, lat] order, ids. */
export function expectPointCollection(doc: unknown, near: { lon: number; lat: number }) {
  const fc = doc as {
    type: string;
    features: {
      type: string;
      id: number;
      geometry: { type: string; coordinates: number[] };
      properties: Record<string, unknown>;
    }[];
  };
  expect(fc.type).toBe('FeatureCollection');
  expect(Array.isArray(fc.features)).toBe(true);
  for (const f of fc.features) {
    expect(f.type).toBe('Feature');
    expect(typeof f.id).toBe('number');
    expect(f.geometry.type).toBe('Point');
    expect(f.geometry.coordinates).toHaveLength(2);
    const [lon, lat] = f.geometry.coordinates;
    // Kazan: longitude ~49, latitude ~55.8 — swapped coordinates would put it in the Indian Ocean.
    expect(Math.abs(lon - near.lon)).toBeLessThan(1);
    expect(Math.abs(lat - near.lat)).toBeLessThan(1);
    expect(f.properties.lon).toBeUndefined();
  }
  return fc.features;
}

/** Personal data planted on the appeals of the open-data city: none may appear in any open output. */
export const planted = {
  name: 'Зарипова Гульшат Ринатовна',
  phone: '+79275550143',
  email: 'gulshat.zaripova@example.invalid',
  apartment: 'кв-318Щ',
  entrance: 'подъезд 7Ъ',
  submitterEmail: 'open311.submitter@example.invalid',
  submitterPhone: '+79991112233',
  submitterName: 'Хабибуллин',
  privateText: 'Шумят соседи из квартиры сверху',
};

/**
 * A small city with appeals filed on known days: two public ones (one routed to the company), one
 * of a private category, one in the other municipality. The resident's name, phone and e-mail, the
 * apartment and entrance, and an Open311 submitter's contact are planted on them.
 */
export async function openDataCity(t: TestApp) {
  const c = await smallCity(t.db);
  await t.db.execute(
    sql`update user_personal set full_name = ${planted.name}, phone = ${planted.phone}, email = ${planted.email} where user_id = ${c.users.resident.id}`,
  );
  const resident = await t.signIn(c.users.resident.id);
  const file = async (at: string, body: Record<string, unknown>) => {
    t.setNow(new Date(at));
    const res = await t.app.inject({ method: 'POST', url: '/api/appeals', headers: resident, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; number: string };
  };
  const roof = {
    categoryId: c.roof.id,
    buildingId: c.building.id,
    description: `Течёт крыша. ${planted.name}, ${planted.phone}`,
    apartment: planted.apartment,
    entrance: planted.entrance,
  };
  // 1 December 23:30 Moscow is 20:30 UTC: a Moscow day, not a UTC one, decides the period.
  const lateEvening = await file('2026-12-01T20:30:00Z', roof);
  const routed = await file('2026-12-03T09:00:00Z', roof);
  await routeAppeal(contextAt(t, new Date('2026-12-03T09:01:00Z')), routed.id);
  const pothole = await file('2026-12-03T10:00:00Z', {
    categoryId: c.pothole.id,
    lat: 55.7905,
    lon: 49.1222,
    description: 'Яма на дороге, глубокая; звоните мне',
  });
  const hidden = await file('2026-12-03T11:00:00Z', {
    categoryId: c.privateCategory.id,
    buildingId: c.building.id,
    description: planted.privateText,
    apartment: planted.apartment,
  });
  // An Open311 client's submitter (personal data kept apart) on a public appeal.
  await t.db.execute(
    sql`insert into open311_submitters (appeal_id, email, first_name, last_name, phone, device_id)
        values (${pothole.id}, ${planted.submitterEmail}, 'Ильдар', ${planted.submitterName}, ${planted.submitterPhone}, 'device-xyz')`,
  );
  t.setNow(null);
  return { ...c, appeals: { lateEvening, routed, pothole, hidden } };
}
