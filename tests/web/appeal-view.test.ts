import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { performDueSteps } from '../../api/sla/escalation.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { contextAt } from '../helpers/context.ts';
import { jpegWithGps, multipart } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** The organisation's queue left open: it asks the API when something changes, not in a loop. */
describe('web app: an idle organisation queue', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let staff: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    c = await smallCity(t.db);
    staff = await signedInBrowser(t, c.users.orgStaff.id);
  }, 180_000);
  afterAll(async () => {
    await staff?.close();
    await t?.close();
  });

  it('makes at most one request to /api/queue in 10 s after loading (the websocket aside)', async () => {
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша над пятым этажом' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    await routeAppeal(contextAt(t, new Date()), filed.json().id);

    const page = await staff.context.newPage();
    page.setDefaultTimeout(8000);
    const queueCalls: string[] = [];
    const otherCalls: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/queue') queueCalls.push(url.search);
      else if (url.pathname.startsWith('/api/') && r.resourceType() !== 'websocket') otherCalls.push(url.pathname);
    });
    await page.goto(`${t.baseUrl}/queue`);
    await page.getByRole('link', { name: filed.json().number }).waitFor();
    const afterLoad = { queue: queueCalls.length, other: otherCalls.length };
    // The budget of every idle screen: watched over 10 s, at most one request.
    await page.waitForTimeout(10_000);
    const idle = queueCalls.length - afterLoad.queue + (otherCalls.length - afterLoad.other);
    expect(idle, `queue calls after load: ${queueCalls.length - afterLoad.queue}`).toBeLessThanOrEqual(1);
    expect(staff.pageErrors).toEqual([]);
  }, 60_000);
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * The appeal page for those who work it: the author and how to reach them, the deadlines, the
 * city's clock apart from the new executor's own, the place on a map, before and after photos, and
 * a timeline that names each step and hand-over once. Nobody else sees the author's data.
 */
describe('web app: the appeal page for staff', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let base: string;
  let appeal: { id: number; number: string };
  let phone: string;
  const opened: TestBrowser[] = [];
  const browserFor = async (userId: number | null) => {
    const b = userId === null ? await launchBrowser() : await signedInBrowser(t, userId);
    opened.push(b);
    const page = await b.context.newPage();
    page.setDefaultTimeout(8000);
    return page;
  };
  const act = async (userId: number, body: Record<string, string>, photo?: Buffer) => {
    const form = await multipart(body, photo ? [{ filename: 'after.jpg', type: 'image/jpeg', bytes: photo }] : []);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${appeal.id}/actions`,
      headers: { ...(await t.signIn(userId)), ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    [{ phone }] = await t.db.execute<{ phone: string }>(
      sql`select phone from user_personal where user_id = ${c.users.resident.id}`,
    );
    // Filed 20 days ago with a photo, entrance and apartment; routed to the management company.
    const now = Date.now();
    const filedAt = new Date(now - 20 * DAY);
    t.setNow(filedAt);
    const form = await multipart(
      {
        categoryId: String(c.roof.id),
        buildingId: String(c.building.id),
        description: 'Течёт крыша над кухней, вода по стене',
        entrance: '3',
        apartment: '217Щ',
      },
      [{ filename: 'before.jpg', type: 'image/jpeg', bytes: await jpegWithGps(1) }],
    );
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...(await t.signIn(c.users.resident.id)), ...form.headers },
      payload: form.payload,
    });
    expect(filed.statusCode, filed.body).toBe(201);
    appeal = filed.json();
    await routeAppeal(contextAt(t, filedAt), appeal.id);
    // The escalation timers caught up at once (after an outage of the workers): several steps, one minute.
    await performDueSteps(contextAt(t, new Date(now - 19 * DAY)), appeal.id, 'sweeper');
    // Two hours ago the dispatcher handed it to the other company, which accepted it an hour ago.
    t.setNow(new Date(now - 2 * HOUR));
    await act(c.users.dispatcher.id, {
      action: 'reassign',
      targetOrgId: String(c.otherMc.id),
      reason: 'Дом обслуживает другая УК',
    });
    t.setNow(new Date(now - HOUR));
    await act(c.users.otherOrgStaff.id, { action: 'accept' });
    t.setNow(null);
  }, 180_000);
  afterAll(async () => {
    for (const b of opened) await b.close();
    await t?.close();
  });

  const openAppeal = async (page: Page) => {
    await page.goto(`${base}/appeals/${appeal.number}`);
    await page.getByRole('heading', { level: 1, name: appeal.number }).waitFor();
  };

  it('shows the executor the author, the deadlines, both clocks, the place and a timeline of distinct lines', async () => {
    const page = await browserFor(c.users.otherOrgStaff.id);
    await openAppeal(page);
    const author = page.getByTestId('appeal-author');
    await author.getByText('Петров Пётр').waitFor();
    await author.getByRole('link', { name: phone }).waitFor();
    expect(await author.locator('dt:has-text("Подъезд") + dd').textContent()).toBe('3');
    expect(await author.locator('dt:has-text("Квартира") + dd').textContent()).toBe('217Щ');

    const deadlines = page.getByTestId('appeal-deadlines');
    await deadlines.getByText('Принять до').waitFor();
    await deadlines.getByText('Решить до').waitFor();
    expect(await deadlines.textContent()).toMatch(/рабочего времени из/);
    // The city counts 20 days; the company that received it two hours ago counts its own two hours.
    expect(await page.getByTestId('city-clock').textContent()).toMatch(/20 дней/);
    const own = page.getByTestId('organisation-clock');
    expect((await own.textContent())?.replace(/\s+/g, ' ')).toMatch(/У исполнителя ?УК «Другая»: с .* — 2 ч/);

    // The place on a map (Leaflet drew its marker).
    await page.getByTestId('appeal-place-map').locator('.leaflet-interactive, canvas').first().waitFor();

    // One line per event, each saying something of its own; the hand-over names both companies.
    const events = (
      await t.app.inject({
        method: 'GET',
        url: `/api/appeals/${appeal.id}/events`,
        headers: await t.signIn(c.users.otherOrgStaff.id),
      })
    ).json().items as { type: string }[];
    const lines = page.locator('.timeline > li');
    expect(await lines.count()).toBe(events.length);
    const texts = (await lines.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(new Set(texts).size).toBe(texts.length);
    expect(events.filter((e) => e.type.startsWith('sla_')).length).toBeGreaterThanOrEqual(3);
    await page.locator('.timeline').getByText('Срок принятия: прошло 50 %').waitFor();
    await page.locator('.timeline').getByText('Срок принятия: прошло 75 %').waitFor();
    await page.locator('.timeline').getByText('Срок принятия нарушен').waitFor();
    const handover = page.locator('.timeline > li[data-event="reassigned"]').getByTestId('handover');
    expect(await handover.innerText()).toBe('УК «Уютный дом» → УК «Другая»');

    // An idle open appeal asks the API nothing (live changes come over the websocket): at most one request in 10 s.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() !== 'websocket' && new URL(r.url()).host === new URL(base).host) requests.push(r.url());
    });
    await page.waitForTimeout(10_000);
    expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(1);

    expect(await checkScreen(page, 'appeal-staff-390')).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await checkScreen(page, 'appeal-staff-1366')).toEqual([]);
    expect(opened.flatMap((b) => b.pageErrors)).toEqual([]);
  }, 60_000);

  it('shows the resolution’s photos apart as "after", live, with named thumbnails in the timeline', async () => {
    const page = await browserFor(c.users.otherOrgStaff.id);
    await openAppeal(page);
    await page.getByTestId('photos-before').getByRole('img').first().waitFor();
    expect(await page.getByTestId('photos-after').count()).toBe(0);
    await act(
      c.users.otherOrgStaff.id,
      { action: 'resolve', note: 'Кровлю над кухней перекрыли' },
      await jpegWithGps(7),
    );
    const after = page.getByTestId('photos-after');
    await after.getByRole('heading', { name: 'Фото исполнителя — после' }).waitFor();
    expect(await after.getByRole('img').count()).toBe(1);
    expect(await page.getByTestId('photos-before').getByRole('img').count()).toBe(1);
    // The timeline's photo: a link with a name and a real picture in it, not an empty box.
    const resolved = page.locator('.timeline > li[data-event="resolved"]');
    const link = resolved.getByRole('link', { name: /^Открыть фото \d+$/ });
    await link.waitFor();
    const thumb = link.getByRole('img', { name: /^Фото \d+$/ });
    // Runs in the page: the thumbnail's decoded width (0 while it shows nothing).
    const width = () => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    await expect.poll(width).toBeGreaterThan(0);
    const box = await thumb.boundingBox();
    expect(box && box.width >= 40 && box.height >= 40).toBe(true);
    expect(await checkScreen(page, 'appeal-photos')).toEqual([]);
  }, 60_000);

  it('shows the dispatcher the author too, and the resident their own entrance and apartment', async () => {
    const dispatcher = await browserFor(c.users.dispatcher.id);
    await openAppeal(dispatcher);
    await dispatcher.getByTestId('appeal-author').getByText('Петров Пётр').waitFor();

    const resident = await browserFor(c.users.resident.id);
    await openAppeal(resident);
    const facts = resident.locator('.facts');
    expect(await facts.locator('dt:has-text("Подъезд") + dd').textContent()).toBe('3');
    expect(await facts.locator('dt:has-text("Квартира") + dd').textContent()).toBe('217Щ');
    expect(await checkScreen(resident, 'appeal-resident')).toEqual([]);
  }, 60_000);

  it('keeps the author’s data from the company that no longer handles it, from city hall and from the public', async () => {
    // The appeal is public: the previous company, city hall and any visitor see it, but not who filed it.
    for (const userId of [c.users.orgStaff.id, c.users.cityHall.id, null]) {
      const page = await browserFor(userId);
      await openAppeal(page);
      await page.locator('.timeline > li').first().waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      for (const secret of ['Петров Пётр', phone, 'Подъезд', 'Квартира', '217Щ'])
        expect(text, `${userId ?? 'anonymous'} sees ${secret}`).not.toContain(secret);
      expect(await page.getByTestId('appeal-author').count()).toBe(0);
    }
  }, 60_000);
});
