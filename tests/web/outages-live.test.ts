import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../api/context.ts';
import { performOutageSteps } from '../../api/outages/escalate-outage.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { outageCity } from '../helpers/outages.ts';
import { signedInBrowser } from '../helpers/web.ts';

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

/**
 * Pages open on /outages, on a building and on the board show a new emergency outage, its change,
 * its escalation and its restoration as they happen, without a reload (the live stream).
 */
describe('web app: outages live', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  let visitor: TestBrowser;
  let dispatcher: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await outageCity(t.db);
    visitor = await launchBrowser();
    dispatcher = await signedInBrowser(t, c.users.dispatcher.id);
  }, 240_000);
  afterAll(async () => {
    await visitor?.close();
    await dispatcher?.close();
    await t?.close();
  });

  const write = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await t.app.inject({ method, url, headers: await t.signIn(c.users.orgStaff.id), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id: number; version: number };
  };

  it('a new emergency outage appears on /outages, /map and its building page, a restoration takes it away, with no reload', async () => {
    const list = await visitor.context.newPage();
    list.setDefaultTimeout(10_000);
    await list.goto(`${base}/outages`);
    await list.getByText('Сейчас отключений нет.').waitFor();
    const home = await visitor.context.newPage();
    home.setDefaultTimeout(10_000);
    await home.goto(`${base}/buildings/${c.building.id}`);
    const section = home.getByRole('region', { name: 'Отключения в доме' });
    await section.getByText('В этом доме отключений нет.').waitFor();
    const map = await visitor.context.newPage();
    map.setDefaultTimeout(10_000);
    await map.goto(`${base}/map`);
    const layer = map.getByRole('region', { name: 'Действующие отключения' });
    await layer.getByText('Сейчас отключений нет.').waitFor();
    // A mark that a reload would wipe.
    for (const page of [list, home, map]) await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

    const o = await write('POST', '/api/outages', {
      service: 'hot_water',
      kind: 'emergency',
      reason: 'Порыв трубы в подвале',
      startsAt: inHours(-1),
      expectedEndAt: inHours(4),
      buildingIds: [c.building.id],
    });
    const card = list.locator(`[data-outage="${o.id}"]`);
    await card.getByRole('link', { name: 'Горячая вода' }).waitFor();
    expect(await card.textContent()).toContain('Порыв трубы в подвале');
    expect(await card.textContent()).toContain('аварийное');
    await section.locator(`[data-outage="${o.id}"]`).getByText('Порыв трубы в подвале').waitFor();
    await layer.locator(`[data-outage="${o.id}"]`).getByText('Порыв трубы в подвале').waitFor();
    // The outage layer's map appeared with the building's marker.
    await layer.getByRole('region', { name: 'Карта отключений' }).waitFor();

    // An outage page opened now follows its changes.
    const detail = await visitor.context.newPage();
    detail.setDefaultTimeout(10_000);
    await detail.goto(`${base}/outages/${o.id}`);
    await detail.getByRole('heading', { name: /Горячая вода: аварийное/ }).waitFor();
    await detail.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    await write('PATCH', `/api/outages/${o.id}`, {
      expectedVersion: o.version,
      reason: 'Порыв трубы: меняют участок',
      note: 'Работы продлены',
    });
    await detail.getByText('Работы продлены').waitFor();
    await card.getByText('Порыв трубы: меняют участок').waitFor();

    await write('POST', `/api/outages/${o.id}/restore`, { expectedVersion: o.version + 1 });
    await list.getByText('Сейчас отключений нет.').waitFor();
    await section.getByText('В этом доме отключений нет.').waitFor();
    await layer.getByText('Сейчас отключений нет.').waitFor();
    await detail.getByRole('heading', { name: /восстановлено/ }).waitFor();
    await detail.getByText('Подача восстановлена', { exact: true }).waitFor();
    for (const page of [list, home, map, detail])
      expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(visitor.pageErrors).toEqual([]);
  });

  it('the board shows an outage once its expected end passes and it escalates', async () => {
    const board = await dispatcher.context.newPage();
    board.setDefaultTimeout(10_000);
    await board.goto(`${base}/board`);
    const overdue = board.getByRole('region', { name: /Отключения дольше срока|дольше срока/ });
    await board.getByText('Все отключения идут в срок.').waitFor();
    await board.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    const o = await write('POST', '/api/outages', {
      service: 'hot_water',
      kind: 'emergency',
      reason: 'Ремонт на вводе',
      startsAt: inHours(-3),
      expectedEndAt: new Date(Date.now() + 2000).toISOString(),
      buildingIds: [c.near.id],
    });
    await new Promise((r) => setTimeout(r, 2500));
    expect(
      await performOutageSteps(
        systemContext({ db: t.db, boss: t.boss, clock: () => new Date() }),
        o.id,
        'http://otklik.test',
      ),
    ).toBeGreaterThan(0);
    await overdue.locator(`[data-outage="${o.id}"]`).getByText('Ремонт на вводе').waitFor();
    expect(await board.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(dispatcher.pageErrors).toEqual([]);
  });
});
