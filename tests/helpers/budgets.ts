import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import * as s from '../../db/schema/index.ts';
import type { TestApp } from './app.ts';
import { appointmentMakers } from './appointments-make.ts';
import type { TestBrowser } from './browser.ts';
import { contextAt } from './context.ts';
import { discussionMakers, squareTerritory } from './discussions-make.ts';
import { eserviceCalls, eserviceMakers } from './eservices.ts';
import { jpegWithGps, multipart } from './http.ts';
import { outageCity } from './outages.ts';
import { readingMakers } from './readings.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A small city where every main screen has something to show: outageCity's buildings, company,
 * supplier and residents, plus appeals in the company's queue (some overdue, one with a photo), one
 * waiting for the dispatcher's triage, a published outage, a planned inspection and a meter with
 * past readings, and a municipal e-service.
 */
export async function budgetCity(t: TestApp) {
  const c = await outageCity(t.db);
  // Names as long as the real city's (db/seed/kazan.ts), so a screen that lists them must fit them.
  await t.db
    .update(s.organisations)
    .set({ nameRu: 'МКУ «Управление дорожного хозяйства и благоустройства г. Казани»' })
    .where(eq(s.organisations.id, c.roads.id));
  // Nobody answers for yards here: such an appeal waits on the board for the dispatcher.
  const yard = await c.make.category(c.city.id, {
    code: 'yard',
    nameRu: 'Сломана скамейка во дворе',
    nameEn: 'Broken bench in the yard',
    group: 'landscaping',
    responsibleKind: 'district_administration',
    needsBuilding: false,
  });
  // A roof leak is to be taken within an hour: the ones filed days ago are overdue now.
  await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 1, unit: 'hours' }, { amount: 48, unit: 'hours' });

  const resident = await t.signIn(c.users.resident.id);
  const file = async (body: Record<string, string | number>, at: Date, photo?: Buffer) => {
    t.setNow(at);
    const form = photo
      ? await multipart(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])), [
          { filename: 'leak.jpg', type: 'image/jpeg', bytes: photo },
        ])
      : null;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: form ? { ...resident, ...form.headers } : resident,
      payload: form ? form.payload : body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const appeal = res.json() as { id: number; number: string };
    await routeAppeal(contextAt(t, at), appeal.id);
    return appeal;
  };
  const now = Date.now();
  const roof = { categoryId: c.roof.id, buildingId: c.building.id };
  const leak = await file(
    { ...roof, description: 'Течёт крыша над кухней, на потолке пятно', apartment: '5', entrance: '2' },
    new Date(now - 3 * DAY_MS),
    await jpegWithGps(7),
  );
  await file({ ...roof, description: 'Капает с потолка на лестнице пятого этажа' }, new Date(now - 2 * DAY_MS));
  const fresh = await file({ ...roof, description: 'После дождя мокрое пятно в углу комнаты' }, new Date(now - 60_000));
  const bench = await file(
    { categoryId: yard.id, lat: 55.7901, lon: 49.1201, description: 'Сломана скамейка у второго подъезда' },
    new Date(now - 30 * 60_000),
  );
  t.setNow(null);

  const outage = await t.app.inject({
    method: 'POST',
    url: '/api/outages',
    headers: await t.signIn(c.supplierStaff.id),
    payload: {
      service: 'hot_water',
      kind: 'planned',
      reason: 'Замена задвижки на вводе в дом',
      startsAt: new Date(now + DAY_MS).toISOString(),
      expectedEndAt: new Date(now + 2 * DAY_MS).toISOString(),
      buildingIds: [c.building.id, c.near.id],
    },
  });
  expect(outage.statusCode, outage.body).toBe(201);

  const year =
    Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric' }).format(new Date())) + 1;
  const planned = await t.app.inject({
    method: 'POST',
    url: '/api/inspections/plan',
    headers: await t.signIn(c.users.cityHall.id),
    payload: { year, season: 'spring', buildingIds: [c.building.id, c.near.id] },
  });
  expect(planned.statusCode, planned.body).toBe(200);

  const r = readingMakers(t.db);
  const flat = await r.apartment(c.building.id, {
    number: '42',
    account: '4200',
    meters: [
      { kind: 'cold_water', serial: 'ХВ-42' },
      { kind: 'hot_water', serial: 'ГВ-42' },
    ],
  });
  await r.link(flat.id, c.users.resident.id, 'confirmed');
  for (const [i, meterId] of flat.meterIds.entries()) {
    await r.history(meterId, c.users.resident.id, [
      { period: '2026-08', values: [100 + i * 50] },
      { period: '2026-09', values: [105 + i * 50], consumption: [5] },
      { period: '2026-10', values: [111 + i * 50], consumption: [6] },
    ]);
  }

  // A municipal service of the roads department for the admin's catalogue (its name as long as the real catalogue's).
  const eservice = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
  // A municipal service of the company (as a department), applied for by the resident, taken into work
  // and with a question to the supplier waiting in the supplier's inter-agency queue.
  const service = await eserviceMakers(t.db).service(c.city.id, c.mc.id);
  const es = eserviceCalls(t);
  const applied = (await es.submitted(c.users.resident.id, service.id)) as {
    id: number;
    number: string;
    version: number;
  };
  const taken = await es.call(c.users.orgStaff.id, 'POST', `/api/applications/${applied.id}/steps`, {
    step: 'take',
    version: applied.version,
  });
  expect(taken.statusCode, taken.body).toBe(200);
  const asked = await es.call(c.users.orgStaff.id, 'POST', `/api/applications/${applied.id}/interagency`, {
    organisationId: c.supplier.id,
    question: 'Есть ли на участке сети горячего водоснабжения?',
  });
  expect(asked.statusCode, asked.body).toBe(201);

  const hall = await budgetHall(t, c);

  // An office of the company with a consultation at one window, and the resident's booking there next week.
  const queueMake = appointmentMakers(t.db);
  const office = await queueMake.office(c.city.id, c.mc.id, { ru: 'Приёмная администрации Вахитовского района' });
  const consultation = await queueMake.service(c.city.id);
  const window = await queueMake.point(office.id, [{ serviceId: consultation.id, slotMinutes: 15 }], {
    label: 'окно 1',
    operators: [c.users.orgStaff.id],
  });
  const nextWeek = new Date(Date.now() + 7 * DAY_MS);
  while ([0, 6].includes(nextWeek.getUTCDay())) nextWeek.setTime(nextWeek.getTime() + DAY_MS);
  nextWeek.setUTCHours(7, 0, 0, 0);
  const booked = await queueMake.appointment({
    municipalityId: c.city.id,
    officeId: office.id,
    pointId: window.id,
    serviceId: consultation.id,
    userId: c.users.resident.id,
    startsAt: nextWeek,
  });

  // An open public discussion around the building, with a document: the list, the map and the project page.
  const discussions = discussionMakers(t.db);
  const discussion = await discussions.discussion(c.city.id, c.mc.id, c.users.admin.id, {
    status: 'open',
    territory: squareTerritory(49.12, 55.79, 0.004),
    title: 'Проект планировки территории в границах улиц Баумана, Профсоюзной и Кремлёвской',
  });
  await discussions.document(discussion.id, c.users.admin.id, { title: 'Проект планировки: основная часть' });
  // The resident is registered in its territory (a verified identity) and has made a proposal the
  // organiser has yet to consider.
  await discussions.identity(c.users.resident.id, { buildingId: c.building.id });
  await discussions.proposal(discussion.id, c.users.resident.id, {
    body: 'Прошу сохранить сквер во дворе и добавить освещение вдоль пешеходной дорожки к остановке.',
    point: [49.121, 55.791],
  });

  // A closed discussion of the company awaiting its protocol (the organiser's protocol page).
  const closed = await discussions.discussion(c.city.id, c.mc.id, c.users.admin.id, { status: 'closed' });
  for (const status of ['accepted', 'accepted', 'rejected'] as const)
    await discussions.proposal(closed.id, c.users.resident.id, { status });

  return {
    ...c,
    discussionId: discussion.id,
    closedDiscussion: { id: closed.id },
    hall,
    discussion: { id: discussion.id },
    office,
    consultation,
    booked: { id: booked.id, code: `${booked.code.slice(0, 4)}-${booked.code.slice(4)}` },
    yard,
    leak,
    fresh,
    bench,
    outageId: (outage.json() as { id: number }).id,
    eservice,
    service,
    application: { id: applied.id, number: applied.number },
  };
}

/** The kiosk key of budgetCity's office (only its hash is stored). */
export const BUDGET_KIOSK_KEY = 'budget-kiosk-key';

/**
 * The company's reception office with a window its staff operate: a client called there (the hall
 * display and the console show them) and two waiting; a kiosk key.
 */
async function budgetHall(t: TestApp, c: Awaited<ReturnType<typeof outageCity>>) {
  const make = appointmentMakers(t.db);
  const office = await make.office(c.city.id, c.mc.id, { ru: 'Приёмная управляющей компании «Жилсервис-Центр»' });
  await t.db
    .update(s.offices)
    .set({ kioskKeyHash: createHash('sha256').update(BUDGET_KIOSK_KEY).digest('hex') })
    .where(eq(s.offices.id, office.id));
  const service = await make.service(c.city.id, { letter: 'А' });
  const point = await make.point(office.id, [{ serviceId: service.id, slotMinutes: 15 }], {
    label: 'окно 1',
    operators: [c.users.orgStaff.id],
  });
  await make.point(office.id, [{ serviceId: service.id, slotMinutes: 15 }], { label: 'окно 2' });
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
  await make.ticket({ officeId: office.id, day, serviceId: service.id, seq: 1, status: 'called', pointId: point.id });
  for (const seq of [2, 3]) await make.ticket({ officeId: office.id, day, serviceId: service.id, seq });
  await t.db.update(s.hallTickets).set({ calledAt: new Date() }).where(eq(s.hallTickets.status, 'called'));
  return { office, point };
}

/** What a page did: its console errors, failed requests and HTTP errors, and every request it made. */
export type PageWatch = { problems: string[]; requests: string[] };

/**
 * Listen to a page from before it loads: console errors, uncaught errors, requests that failed and
 * answers of 400 or more become problem lines; every HTTP request is counted (a websocket's frames
 * are not requests).
 */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { problems: [], requests: [] };
  const where = (url: string) => url.replace(/^https?:\/\/127\.0\.0\.1:\d+/, '');
  page.on('console', (message) => {
    if (message.type() === 'error') watch.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Leaflet cancels the tiles of a view it has left (the map moving to its data): not a failure.
    if (request.resourceType() === 'image' && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    watch.problems.push(`request failed: ${request.method()} ${where(request.url())} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      watch.problems.push(`HTTP ${response.status()}: ${response.request().method()} ${where(response.url())}`);
  });
  page.on('request', (request) => watch.requests.push(`${request.method()} ${where(request.url())}`));
  return watch;
}

/**
 * Boxes that scroll sideways on a wide screen, as problem lines: a phone may scroll a wide table
 * inside its card, but at 1366 px everything should be in view (maps pan, they do not scroll).
 */
export async function sidewaysScrollers(page: Page, name: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    // Runs in the page.
    type El = {
      tagName: string;
      className: unknown;
      id: string;
      scrollWidth: number;
      clientWidth: number;
      getAttribute(name: string): string | null;
    };
    const w = globalThis as unknown as {
      getComputedStyle(e: El): { overflowX: string };
      document: {
        querySelectorAll(s: string): ArrayLike<El>;
        getElementById(id: string): { textContent: string | null } | null;
      };
    };
    // The box's label, when it has one, says which table it is ("Сроки по срочности").
    const label = (e: El) => {
      const by = e.getAttribute('aria-labelledby');
      const text = e.getAttribute('aria-label') ?? (by ? w.document.getElementById(by)?.textContent : null);
      return text ? ` «${text.trim()}»` : '';
    };
    const name = (e: El) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}${label(e)}`;
    return Array.from(w.document.querySelectorAll('body *'))
      .filter((e) => ['auto', 'scroll'].includes(w.getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${name(e)} holds ${e.scrollWidth}px in ${e.clientWidth}px`);
  });
  return found.map((box) => `layout: ${name} scrolls sideways inside ${box}`);
}

/**
 * The map's tiles come from OpenStreetMap unless TILE_URL says otherwise; the test machine is offline,
 * so the browser gets a plain tile for each (the outside server, not a part of ours).
 */
export async function serveTiles(browser: TestBrowser): Promise<void> {
  const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#d8e4d0' } })
    .png()
    .toBuffer();
  await browser.context.route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: tile }),
  );
}

/** Sign a fresh browser in as the user (the session cookie the web app would get at sign-in). */
/**
 * Waits until the header offers "Войти" (signed out). At phone width the header's sections, its
 * navigation too, are folded behind its menu button: the link is in the page, not on screen.
 */
export async function waitForSignInLink(page: Page): Promise<void> {
  await page
    .getByRole('banner')
    .getByRole('link', { name: 'Войти', includeHidden: true })
    .waitFor({ state: 'attached' });
}

export async function signInBrowser(t: TestApp, browser: TestBrowser, userId: number): Promise<void> {
  const [name, value] = (await t.signIn(userId)).cookie.split('=');
  await browser.context.addCookies([{ name, value, url: t.baseUrl as string }]);
}

/**
 * Press Tab (Shift+Tab with `back`) until the element has the focus, as a keyboard user would; fails
 * when it is not reached within `most` presses.
 */
export async function tabTo(
  page: Page,
  target: ReturnType<Page['locator']>,
  o: { back?: boolean; most?: number } = {},
) {
  await target.waitFor();
  for (let i = 0; i < (o.most ?? 80); i++) {
    if (await target.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)) {
      // The person sees where they are: the focused control is outlined.
      const outline = await target.evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(el)
            .outlineStyle,
      );
      expect(outline, `${target} shows no focus`).not.toBe('none');
      return;
    }
    await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}
