import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { readPdf } from '../helpers/pdf-text.ts';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import { unzip } from '../helpers/readings.ts';
import { systemContext } from '../../api/context.ts';
import { runOpenDataDumps } from '../../api/open-data/dump.ts';
import { dumpFiles } from '../../dispatch/open-data-datasets.ts';
import { dayIn } from '../../dispatch/open-data.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { contextAt } from '../helpers/context.ts';
import { interopMakers } from '../helpers/interop-make.ts';
import { accessCity, personal, variants } from './fixtures.ts';
import { routeTableOf } from './routes.ts';

type OpenApi = { paths: Record<string, Record<string, unknown>> };

/** Who an Open311 client says reported its request (open311_submitters), and where. */
const submitter = {
  firstName: 'Зульфия',
  lastName: 'Хайруллина',
  email: 'zulfiya.kh@example.invalid',
  phone: '+79270001122',
  deviceId: 'device-zk-77',
  accountId: 'acct-zk-311',
  apartment: '311К',
  entrance: 'подъезд 7Щ',
};
const mine = [
  submitter.lastName,
  submitter.email,
  submitter.phone,
  submitter.deviceId,
  submitter.accountId,
  submitter.apartment,
  submitter.entrance,
  personal.residentName,
  personal.residentPhone,
  personal.residentEmail,
  personal.residentAccount,
  personal.residentEvidence,
  personal.residentApartment,
  personal.residentEntrance,
];
const otherOrg = [
  personal.otherName,
  personal.otherPhone,
  personal.otherEmail,
  personal.otherAccount,
  personal.otherApartment,
  personal.otherEntrance,
];
const otherCity = [
  personal.cityBName,
  personal.cityBPhone,
  personal.cityBEmail,
  personal.cityBAccount,
  personal.cityBApartment,
  personal.cityBEntrance,
];

/** The text of a response: an XLSX or other ZIP is unpacked, a PDF's text extracted, anything else read as UTF-8. */
async function textOf(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') return [...unzip(bytes).values()].join('\n');
  // A PDF's text is in compressed streams: read it as a reader does (the fixtures' tiny PDFs are no real ones).
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-')
    return readPdf(bytes).then(
      (pdf) => pdf.text,
      () => bytes.toString('utf8'),
    );
  return bytes.toString('utf8');
}

describe('residents’ personal data never reaches public views or other organisations', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof accessCity>>;
  let urls: string[];
  let provider: TestProvider;
  let open311AppealId: number;
  beforeAll(async () => {
    // A real identity provider: "Войти через Госуслуги" answers as in service (302, its refusals).
    provider = await startTestProvider([]);
    t = await startTestApp({ listen: true, env: provider.env });
    city = await accessCity(t);
    const doc = t.app.swagger() as unknown as OpenApi;
    const routeTable = routeTableOf(t.app);
    const lastYear = new Date().getUTCFullYear() - 1;
    const fallback: Record<string, number> = { roof: city.c.roof.id, mc: city.c.mc.id };
    urls = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!('get' in ops)) continue;
      const entry = routeTable[`GET ${path}`];
      const guarded = entry && !('public' in entry) ? entry : null;
      // Routes naming a record: each of the three places' records.
      const kind = guarded?.record ?? null;
      for (const v of kind ? variants : ['mine' as const]) {
        const ids = kind ? city.ids[kind][v] : {};
        const params: Record<string, number | string> = {
          ...ids,
          ...Object.fromEntries(Object.entries(guarded?.params ?? {}).map(([k, from]) => [k, ids[from]])),
        };
        const fill = (text: string) =>
          text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? fallback[name] ?? params.id));
        const query = guarded?.query
          ? `?${new URLSearchParams(Object.entries(guarded.query).map(([k, q]): [string, string] => [k, fill(q)]))}`
          : '';
        urls.push(fill(path) + query);
      }
    }
    // A report filed through Open311 with its submitter, routed to the company of `mine`; read through
    // Otklik's API and through Open311 in both formats (by the list, its number and its token).
    const { key } = await interopMakers(t.db).apiClient(city.c.city.id);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: key,
        jurisdiction_id: city.c.city.code,
        service_code: 'roof_leak',
        address_id: String(city.c.building.id),
        description: 'Протекает кровля над лестницей',
        first_name: submitter.firstName,
        last_name: submitter.lastName,
        email: submitter.email,
        phone: submitter.phone,
        device_id: submitter.deviceId,
        account_id: submitter.accountId,
        'attribute[apartment]': submitter.apartment,
        'attribute[entrance]': submitter.entrance,
      }).toString(),
    });
    if (filed.statusCode !== 200) throw new Error(`open311: ${filed.statusCode} ${filed.body}`);
    const [request] = filed.json() as { service_request_id: string; token: string }[];
    const [{ id }] = await t.db.execute<{ id: number }>(
      sql`select id::int from appeals where number = ${request.service_request_id}`,
    );
    open311AppealId = id;
    await routeAppeal(contextAt(t, new Date()), open311AppealId);
    urls.push(`/api/appeals/${open311AppealId}`, `/api/appeals/${open311AppealId}/events`);
    for (const format of ['json', 'xml']) {
      const j = `jurisdiction_id=${city.c.city.code}`;
      urls.push(
        `/open311/v2/requests.${format}?${j}`,
        `/open311/v2/requests/${request.service_request_id}.${format}?${j}`,
        `/open311/v2/tokens/${request.token}.${format}?${j}`,
        `/open311/v2/requests.${format}?jurisdiction_id=${city.c.other.code}`,
      );
      for (const v of variants) urls.push(`/open311/v2/requests/${city.publicAppeals[v].number}.${format}?${j}`);
    }
    // The views with more in them than their defaults: confirmed links, the SLA map, last year's
    // readings in both export formats (as a whole and for each place's building).
    urls.push(
      '/api/housing/links?status=confirmed',
      '/api/appeals?view=public',
      '/api/map/appeals?bbox=49.1,55.78,49.14,55.8&zoom=14&view=sla',
      // the home page's city-scale clusters
      '/api/map/appeals?bbox=48.9,55.7,49.3,55.9&zoom=12&maxPoints=0',
    );
    for (const v of variants) {
      const a = city.publicAppeals[v];
      urls.push(`/api/appeals/${a.id}`, `/api/appeals/${a.id}/events`, `/api/attachments/${a.attachmentId}`);
    }
    // A discussion's public views: the accepted proposals without their authors, and "can I take part".
    for (const v of variants) {
      const d = city.ids.discussion[v].id;
      urls.push(`/api/discussions/${d}/proposals`, `/api/discussions/${d}/eligibility`);
    }
    // Open data (issue 18): each municipality's appeals and buildings, and today's dump of each, made here.
    const today = dayIn(new Date(), 'Europe/Moscow');
    await runOpenDataDumps(
      systemContext({ db: t.db, boss: t.boss, clock: () => new Date() }),
      {
        dataDir: t.dataDir,
        publicUrl: 'https://otklik.example',
      },
      today,
    );
    for (const code of [city.c.city.code, city.c.other.code]) {
      urls.push(
        `/api/open-data?municipality=${code}`,
        `/api/open-data/appeals.geojson?municipality=${code}`,
        `/api/open-data/appeals.csv?municipality=${code}`,
        `/api/open-data/appeals.csv?municipality=${code}&separator=semicolon`,
        `/api/open-data/buildings.geojson?municipality=${code}`,
        `/api/open-data/buildings.csv?municipality=${code}`,
        ...dumpFiles.map((file) => `/api/open-data/dumps/${code}/${today}/${file}`),
      );
    }
    for (const format of ['csv', 'xlsx']) {
      urls.push(`/api/housing/readings/export?period=${lastYear}-12&format=${format}`);
      for (const v of variants)
        urls.push(
          `/api/housing/readings/export?period=${lastYear}-12&format=${format}&buildingId=${city.ids.building[v].id}`,
        );
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  /** Every GET as this viewer: the markers found in each body. */
  const leaks = async (userId: number | null, markers: string[]) => {
    const headers = userId === null ? {} : await t.signIn(userId);
    const found: string[] = [];
    for (let i = 0; i < urls.length; i += 8) {
      await Promise.all(
        urls.slice(i, i + 8).map(async (url) => {
          const res = await fetch(`${t.baseUrl}${url}`, { headers, redirect: 'manual' });
          expect(res.status, url).toBeLessThan(500);
          const text = await textOf(res);
          for (const m of markers) if (text.includes(m)) found.push(`${url}: ${m}`);
        }),
      );
    }
    return found.sort();
  };

  it('plants the markers where those allowed to see them do', async () => {
    // The scan can fail: the company's own staff see their resident's name, phone and link evidence.
    const seen = await leaks(city.c.users.orgStaff.id, mine);
    expect(seen.join('\n')).toContain(personal.residentName);
    expect(seen.join('\n')).toContain(personal.residentPhone);
    expect(seen.join('\n')).toContain(personal.residentEvidence);
    expect(seen.join('\n')).toContain(personal.residentApartment);
    // The entrance and apartment the resident gave with the appeal: on the appeal the company handles.
    const appealId = city.ids.appeal.mine.id;
    expect(seen).toContain(`/api/appeals/${appealId}: ${personal.residentEntrance}`);
    expect(seen).toContain(`/api/appeals/${appealId}: ${personal.residentApartment}`);
    // What an Open311 client said about who reported: to the company handling the appeal.
    for (const m of [submitter.lastName, submitter.email, submitter.phone, submitter.deviceId, submitter.apartment])
      expect(seen).toContain(`/api/appeals/${open311AppealId}: ${m}`);
    expect(seen.some((s) => s.startsWith('/api/housing/readings/export') && s.endsWith(personal.residentAccount))).toBe(
      true,
    );
    // The organiser's copy of the protocol names its participants (the public copies do not: below).
    const discussionId = city.ids.discussion.mine.id;
    expect(seen).toContain(`/api/discussions/${discussionId}/protocol/full.pdf: ${personal.residentName}`);
    expect(seen).toContain(`/api/discussions/${discussionId}/protocol/full.csv: ${personal.residentName}`);
  });

  it('shows a proposal’s author to the organiser’s staff only: not to the public, the admin or another organisation', async () => {
    const moderation = `/api/discussions/${city.ids.discussion.mine.id}/moderation`;
    const staff = await fetch(`${t.baseUrl}${moderation}`, { headers: await t.signIn(city.c.users.orgStaff.id) });
    expect(await staff.text()).toContain(personal.residentName);
    for (const who of [city.c.users.admin.id, city.c.users.otherOrgStaff.id, city.c.users.otherResident.id, null]) {
      for (const url of [moderation, `/api/discussions/${city.ids.discussion.mine.id}/proposals`]) {
        const res = await fetch(`${t.baseUrl}${url}`, { headers: who === null ? {} : await t.signIn(who) });
        const text = await res.text();
        expect(text, `${url} as ${who}`).not.toContain(personal.residentName);
        expect(text, `${url} as ${who}`).not.toContain('1984-07-23');
      }
    }
  });

  it('puts the public appeals in the open data and the dumps (so the scan can fail there), without their authors', async () => {
    const today = dayIn(new Date(), 'Europe/Moscow');
    for (const url of [
      `/api/open-data/appeals.geojson?municipality=${city.c.city.code}`,
      `/api/open-data/appeals.csv?municipality=${city.c.city.code}`,
      `/api/open-data/dumps/${city.c.city.code}/${today}/appeals.csv`,
    ]) {
      const res = await fetch(`${t.baseUrl}${url}`);
      expect(res.status, url).toBe(200);
      const text = await res.text();
      for (const v of ['mine', 'otherOrg'] as const) {
        const [row] = await t.db.execute<{ number: string }>(
          sql`select number from appeals where id = ${city.publicAppeals[v].id}`,
        );
        expect(text, url).toContain(row.number);
      }
      // The private appeals of the same residents are not there.
      const [hidden] = await t.db.execute<{ number: string }>(
        sql`select number from appeals where id = ${city.ids.appeal.mine.id as number}`,
      );
      expect(text, url).not.toContain(hidden.number);
    }
  });

  it('shows anonymous visitors nobody’s personal data', async () => {
    expect(await leaks(null, [...mine, ...otherOrg, ...otherCity])).toEqual([]);
  });

  it('shows a resident nobody else’s', async () => {
    expect(await leaks(city.c.users.otherResident.id, [...mine, ...otherCity])).toEqual([]);
  });

  it('shows another company’s staff and supervisor none of this company’s residents (exports included)', async () => {
    expect(await leaks(city.c.users.otherOrgStaff.id, [...mine, ...otherCity])).toEqual([]);
    expect(await leaks(city.otherSupervisor.id, [...mine, ...otherCity])).toEqual([]);
  });

  it('shows another municipality’s company none of this municipality’s residents', async () => {
    expect(await leaks(city.staffB.id, [...mine, ...otherOrg])).toEqual([]);
  });

  it('serves residents’ photos without their EXIF (camera, GPS) to anyone', async () => {
    expect(await leaks(null, ['TestPhone', 'Otklik Cam'])).toEqual([]);
    expect(await leaks(city.c.users.orgStaff.id, ['TestPhone', 'Otklik Cam'])).toEqual([]);
  });

  it('shows a municipality’s dispatcher and admin none of another municipality’s residents (dev outbox included)', async () => {
    expect(await leaks(city.c.users.dispatcher.id, otherCity)).toEqual([]);
    expect(await leaks(city.c.users.admin.id, otherCity)).toEqual([]);
    expect(await leaks(city.c.users.otherAdmin.id, [...mine, ...otherOrg])).toEqual([]);
  });

  it('shows city hall figures, not people', async () => {
    expect(await leaks(city.c.users.cityHall.id, [...mine, ...otherOrg, ...otherCity])).toEqual([]);
  });

  it('shows the hall display and the kiosk nobody, and a booked client’s name on the console to the office’s staff only', async () => {
    const office = city.ids.office.mine.id;
    const point = city.ids.point.mine.id;
    const kiosk = await fetch(`${t.baseUrl}/api/offices/${office}/kiosk`, {
      headers: { 'x-kiosk-key': 'access-kiosk-key' },
    });
    expect(kiosk.status).toBe(200);
    const hall = await fetch(`${t.baseUrl}/api/offices/${office}/hall`);
    const board = await hall.text();
    expect(board).toContain('Б-001');
    for (const text of [await kiosk.text(), board]) for (const m of mine) expect(text).not.toContain(m);
    const own = await fetch(`${t.baseUrl}/api/service-points/${point}/console`, {
      headers: await t.signIn(city.c.users.orgStaff.id),
    });
    expect(await own.text()).toContain(personal.residentName);
    for (const stranger of [city.c.users.otherOrgStaff.id, city.c.users.cityHall.id, city.c.users.dispatcher.id]) {
      const res = await fetch(`${t.baseUrl}/api/service-points/${point}/console`, {
        headers: await t.signIn(stranger),
      });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain(personal.residentName);
    }
  });

  it('shows a verified identity (name, address) to the person themself only', async () => {
    const own = await fetch(`${t.baseUrl}/api/identity`, { headers: await t.signIn(city.c.users.resident.id) });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(personal.residentName);
    for (const stranger of [city.c.users.otherResident.id, city.c.users.orgStaff.id, city.c.users.admin.id]) {
      const res = await fetch(`${t.baseUrl}/api/identity`, { headers: await t.signIn(stranger) });
      // Their own (the other resident has one of their own) or a refusal, never the resident's.
      expect(res.status).toBeLessThan(500);
      expect(await res.text()).not.toContain(personal.residentName);
    }
  });
});
