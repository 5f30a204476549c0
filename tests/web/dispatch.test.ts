import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { signedInBrowser } from '../helpers/web.ts';
import { smallCity } from '../helpers/make.ts';
import { manyBoardAppeals } from '../helpers/board.ts';
import { checkScreen, widthProblems } from '../helpers/screens.ts';
import { contextAt } from '../helpers/context.ts';

/**
 * The dispatcher's board and the organisation's queue in real browsers, side by side: an appeal
 * routing could not place arrives on the board live, the dispatcher hands it to an organisation,
 * it arrives in that organisation's queue live, and its staff take it into work.
 */
describe('web app: the dispatch board and the organisation queue, live', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let dispatcher: TestBrowser;
  let staff: TestBrowser;
  let base: string;
  let roadsStaffId: number;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    roadsStaffId = (
      await c.make.user(c.city.id, { role: 'org_staff', organisationId: c.roads.id, login: 'roads-staff' })
    ).id;
    // Nobody answers for yards in this city: routing leaves such appeals to the dispatcher.
    await c.make.category(c.city.id, {
      code: 'yard',
      nameRu: 'Двор',
      nameEn: 'Yard',
      group: 'landscaping',
      responsibleKind: 'district_administration',
    });
    dispatcher = await signedInBrowser(t, c.users.dispatcher.id);
    staff = await signedInBrowser(t, roadsStaffId);
  }, 180_000);
  afterAll(async () => {
    await dispatcher?.close();
    await staff?.close();
    await t?.close();
  });

  it('shows a triaged appeal arriving, hands it over, and the organisation takes it into work', async () => {
    const board = await dispatcher.context.newPage();
    board.setDefaultTimeout(8000);
    await board.goto(`${base}/board`);
    await board.getByRole('heading', { level: 1, name: 'Диспетчерская' }).waitFor();
    await board.getByText('Все обращения распределены.').waitFor();
    const queue = await staff.context.newPage();
    queue.setDefaultTimeout(8000);
    await queue.goto(`${base}/queue`);
    await queue.getByText('В очереди пусто.').waitFor();
    await queue.getByRole('heading', { name: 'Наши дома (0)' }).waitFor();

    const [yard] = await t.db.$client`select id from categories where code = 'yard' and municipality_id = ${c.city.id}`;
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: Number(yard.id), lat: 55.7901, lon: 49.1201, description: 'Сломана скамейка во дворе' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const { id, number } = filed.json() as { id: number; number: string };
    expect(await routeAppeal(contextAt(t, new Date()), id)).toBe('triage');

    // Live on the board, with the reason routing gave.
    const triage = board.getByRole('region', { name: /Ждут распределения/ });
    await triage.getByRole('link', { name: number }).waitFor();
    await triage.getByText('Нет ответственной организации').waitFor();
    expect(await checkScreen(board, 'dispatch-board')).toEqual([]);
    await board.getByRole('checkbox', { name: `Выбрать ${number}` }).check();
    await board.getByLabel('Передать организации').selectOption({ label: 'Дороги' });
    await board.getByLabel('Причина передачи').fill('Скамейки во дворах чинят дорожники');
    // Yards are a district administration's: the roads department is warned about and must be confirmed.
    const warning = board.getByRole('alert').filter({ hasText: 'Дороги (городская служба) не отвечает' });
    await warning.getByText(`${number}, «Двор» — отвечает администрация района`).waitFor();
    expect(await board.getByRole('button', { name: 'Передать выбранные (1)' }).isDisabled()).toBe(true);
    await warning.getByLabel('Всё равно передать этой организации').check();
    await board.getByRole('button', { name: 'Передать выбранные (1)' }).click();
    await board.getByText('Передано: 1.').waitFor();
    await board.getByText('Все обращения распределены.').waitFor();

    // Live in the organisation's queue, with its countdown.
    const row = queue.getByRole('row').filter({ has: queue.getByRole('link', { name: number }) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/осталось/);
    expect(await checkScreen(queue, 'organisation-queue')).toEqual([]);
    await queue.getByText(`Новое обращение: ${number}`).waitFor({ state: 'attached' });
    await row.getByRole('link', { name: number }).click();
    await queue.getByRole('heading', { level: 1, name: number }).waitFor();
    await queue.getByRole('button', { name: 'Принять в работу' }).click();
    await queue.locator('form').getByRole('button', { name: 'Принять в работу' }).click();
    await queue.locator('.facts').getByText('В работе').waitFor();

    // An internal note for colleagues, and the dispatcher raising the urgency: both in the timeline.
    await queue.getByRole('button', { name: 'Написать комментарий' }).click();
    await queue.getByLabel('Кому виден').selectOption('internal');
    await queue.getByLabel('Текст').fill('Нужна бригада со сваркой');
    await queue.locator('form').getByRole('button', { name: 'Написать комментарий' }).click();
    const note = queue.locator('.timeline li').filter({ hasText: 'Нужна бригада со сваркой' });
    await note.getByText('внутренний').waitFor();
    await board.goto(`${base}/appeals/${number}`);
    await board.getByRole('button', { name: 'Изменить срочность' }).click();
    await board.getByLabel('Срочность').selectOption('emergency');
    await board.locator('form').getByRole('button', { name: 'Изменить срочность' }).click();
    await board.locator('.timeline').getByText('Изменена срочность').waitFor();
    // The organisation's open page follows the dispatcher's change live.
    await queue.locator('.timeline').getByText('Изменена срочность').waitFor();

    expect(dispatcher.pageErrors).toEqual([]);
    expect(staff.pageErrors).toEqual([]);
  }, 60_000);

  it('pages both lists past 100 with the totals, keeps them disjoint, and fits 390 and 1366 px', async () => {
    const city = await smallCity(t.db);
    // A real company's name is long: the picker must cut it, not widen the page.
    await t.db.$client`update organisations set name_ru = ${LONG_NAME} where id = ${city.otherMc.id}`;
    const filedAt = new Date(Date.now() - 67 * DAY);
    const triaged = await manyBoardAppeals(t.db, city, 107, 'triage', { prefix: 'TRI', filedAt });
    const late = await manyBoardAppeals(t.db, city, 103, 'overdue', { prefix: 'LATE', filedAt });
    // Returned by its organisation long past the city's deadline: still the dispatcher's to decide.
    const returned = triaged[106];
    await t.db.$client`update appeals set status = 'rejected', triage_reason = null,
      resolution_due_at = ${filedAt.toISOString()} where id = ${returned.id}`;
    const browser = await signedInBrowser(t, city.users.dispatcher.id);
    try {
      const board = await browser.context.newPage();
      board.setDefaultTimeout(15_000);
      await board.setViewportSize({ width: 1366, height: 900 });
      await board.goto(`${base}/board`);
      const triage = board.getByRole('region', { name: 'Ждут распределения (107)' });
      const overdue = board.getByRole('region', { name: 'Просроченные (103)' });
      await triage.getByText('Показано 100 из 107').waitFor();
      await overdue.getByText('Показано 100 из 103').waitFor();
      expect(await triage.getByRole('listitem').count()).toBe(100);
      await triage.getByRole('button', { name: 'Показать ещё 7' }).click();
      await triage.getByRole('link', { name: returned.number }).waitFor();
      expect(await triage.getByRole('listitem').count()).toBe(107);
      expect(await triage.getByRole('button', { name: /Показать ещё/ }).count()).toBe(0);
      await overdue.getByRole('button', { name: 'Показать ещё 3' }).click();
      // The text 'Показано N из 103' goes once all are shown; the last card's arrival is what to wait for.
      await overdue.getByRole('listitem').nth(102).waitFor();
      await overdue.getByRole('button', { name: /Показать ещё/ }).waitFor({ state: 'detached' });
      expect(await overdue.getByRole('listitem').count()).toBe(103);

      // Each appeal on exactly one list, and the rule said beside each.
      const numbers = async (region: typeof triage) => new Set(await region.getByRole('link').allTextContents());
      const [inTriage, inOverdue] = [await numbers(triage), await numbers(overdue)];
      expect(inTriage).toEqual(new Set(triaged.map((a) => a.number)));
      expect(inOverdue).toEqual(new Set(late.map((a) => a.number)));
      expect([...inTriage].filter((n) => inOverdue.has(n))).toEqual([]);
      await triage.getByText('Решает диспетчер.', { exact: false }).waitFor();
      await overdue.getByText('здесь не повторяются', { exact: false }).waitFor();

      // Two hundred cards and a long name chosen fit a wide screen and a phone (pictured in the next test:
      // a full-page picture of this long a page outlasts the timeout).
      await board.getByRole('checkbox', { name: `Выбрать ${late[0].number}` }).check();
      await board.getByLabel('Передать организации').selectOption({ label: LONG_NAME });
      expect(await widthProblems(board, 'dispatch-board-long-1366')).toEqual([]);
      await board.setViewportSize({ width: 390, height: 844 });
      await board.getByRole('button', { name: 'Передать выбранные (1)' }).waitFor();
      expect(await widthProblems(board, 'dispatch-board-long-390')).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('warns before a bus complaint goes to a housing company, worked by keyboard alone, then shows both clocks', async () => {
    const bus = await c.make.category(c.city.id, {
      code: 'bus_schedule',
      nameRu: 'Расписание автобусов',
      nameEn: 'Bus schedule',
      group: 'transport',
      responsibleKind: 'city_department',
      needsBuilding: false,
    });
    // Filed 67 days ago and routed to the roads department (the city's one department), which never answered.
    const filedAt = new Date(Date.now() - 67 * DAY);
    t.setNow(filedAt);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: bus.id, lat: 55.7901, lon: 49.1201, description: 'Автобус 74 не ходит по расписанию' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const { id, number } = filed.json() as { id: number; number: string };
    expect(await routeAppeal(contextAt(t, filedAt), id)).toBe('assigned');
    t.setNow(null);

    // A real company's name is long: the picker must cut it, not widen the page.
    await c.make.organisation(c.city.id, { kind: 'management_company', nameRu: LONG_NAME, nameEn: 'Long-named MC' });

    const board = await dispatcher.context.newPage();
    board.setDefaultTimeout(8000);
    await board.setViewportSize({ width: 1366, height: 900 });
    await board.goto(`${base}/board`);
    const overdue = board.getByRole('region', { name: /^Просроченные/ });
    const card = overdue.getByRole('listitem').filter({ has: board.getByRole('link', { name: number }) });
    await card.waitFor();

    // Keyboard only: Tab to the appeal's checkbox, Space; back to the picker, arrows to the company.
    await tabTo(board, board.getByRole('checkbox', { name: `Выбрать ${number}` }), 'Tab');
    await board.keyboard.press('Space');
    await tabTo(board, board.getByLabel('Передать организации'), 'Shift+Tab');
    const picker = board.getByLabel('Передать организации');
    for (let presses = 0; presses < 10 && (await picker.inputValue()) !== String(c.otherMc.id); presses++)
      await board.keyboard.press('ArrowDown');
    expect(await picker.inputValue()).toBe(String(c.otherMc.id));
    const warning = board.getByRole('alert').filter({ hasText: 'УК «Другая» (управляющая компания) не отвечает' });
    await warning.getByText(`${number}, «Расписание автобусов» — отвечает городская служба`).waitFor();
    const submit = board.getByRole('button', { name: 'Передать выбранные (1)' });
    expect(await submit.isDisabled()).toBe(true);
    await board.keyboard.press('Tab');
    await board.keyboard.type('Маршрут обслуживает УК по договору');
    // The form with its warning fits a wide screen and a phone, the button's text whole.
    expect(await checkScreen(board, 'dispatch-board-1366')).toEqual([]);
    await board.setViewportSize({ width: 390, height: 844 });
    expect(await checkScreen(board, 'dispatch-board-390')).toEqual([]);
    const button = await submit.boundingBox();
    expect(button && button.x + button.width).toBeLessThanOrEqual(390);
    expect(await submit.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    await board.setViewportSize({ width: 1366, height: 900 });
    await tabTo(board, warning.getByLabel('Всё равно передать этой организации'), 'Tab');
    await board.keyboard.press('Space');
    await tabTo(board, submit, 'Tab');
    await board.keyboard.press('Enter');
    await board.getByText('Передано: 1.').waitFor();
    await card.getByRole('term').filter({ hasText: 'УК «Другая»' }).waitFor();
    expect(await checkScreen(board, 'dispatch-board-reassigned')).toEqual([]);

    // The city's clock runs from filing (two months late); the company's own from receipt, minutes ago.
    const city = card.getByRole('definition').first();
    const company = card.getByRole('definition').nth(1);
    expect(await card.getByRole('term').allTextContents()).toEqual(['Срок города', 'УК «Другая»']);
    expect(await city.textContent()).toMatch(/подано .*срок .*просрочено на 6\d дн/);
    expect(await company.textContent()).toMatch(/получено .*у исполнителя \d+ мин/);
    expect(await company.textContent()).not.toMatch(/просрочено/);
    expect(dispatcher.pageErrors).toEqual([]);
  }, 60_000);
});

const DAY = 86_400_000;
const LONG_NAME =
  'ООО «Управляющая компания „Жилищно-эксплуатационное управление № 12 Вахитовского и Приволжского районов“»';

/** Press Tab (or Shift+Tab) until the control has the focus, as a keyboard user would. */
async function tabTo(page: Page, control: Locator, key: 'Tab' | 'Shift+Tab'): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    if (await control.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${control}`);
}
