import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { signedInBrowser } from '../helpers/web.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
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
});
