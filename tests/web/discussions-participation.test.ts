import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { checkScreen } from '../helpers/screens.ts';
import { pdf, proposalScene } from '../helpers/proposals.ts';
import { signedInBrowser } from '../helpers/web.ts';

/**
 * Taking part in a discussion in the browser (issue 17), on a phone (390 px) and a desktop (1366 px):
 * a resident registered (by Gosuslugi) inside the territory is told why they may take part, writes a
 * proposal with a point on the territory's map and a file, submits it, is told its number and finds it
 * in "my proposals"; a resident registered outside is refused with the reason naming their address,
 * and no form is shown.
 */
describe('web app: taking part in a public discussion', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof proposalScene>>;
  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    scene = await proposalScene(t);
  }, 180_000);
  afterAll(() => t?.close());

  for (const [width, phone] of [
    [390, true],
    [1366, false],
  ] as const) {
    it(`a resident inside the territory submits a proposal and sees it in “my proposals” (${width} px)`, async () => {
      const resident = await scene.residentIn(scene.c.building.id, 'Хабибуллин Марат Ренатович');
      const browser = await signedInBrowser(t, resident.id, { phone });
      const problems: string[] = [];
      try {
        const page = await browser.context.newPage();
        page.setDefaultTimeout(15_000);
        if (!phone) await page.setViewportSize({ width, height: 900 });
        await page.goto(`${t.baseUrl}/discussions/${scene.discussion.id}/propose`);
        await page.getByText('Вы можете участвовать').waitFor();
        await page.getByText(`Ваш адрес регистрации по данным Госуслуг — ${scene.c.building.address}`).waitFor();
        await page.locator('.leaflet-container').waitFor();
        problems.push(...(await checkScreen(page, `proposal-form-${width}`)));

        const text = `Прошу сохранить сквер у дома (${width})`;
        await page.getByLabel('Текст').fill(text);
        await page.getByText(`${text.length} из 5000 символов`).waitFor();
        const map = page.locator('.leaflet-container');
        const box = (await map.boundingBox())!;
        await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
        await page.getByText(/^Отмечено: 55\.\d+, 49\.\d+/).waitFor();
        await page.getByLabel('Файлы (необязательно)').setInputFiles({
          name: 'схема.pdf',
          mimeType: 'application/pdf',
          buffer: pdf('browser'),
        });
        await page.getByText('схема.pdf').waitFor();
        problems.push(...(await checkScreen(page, `proposal-form-filled-${width}`)));
        await page.getByRole('button', { name: 'Отправить предложение' }).click();
        await page.getByRole('heading', { name: /Предложение получено и зарегистрировано под № \d+/ }).waitFor();
        problems.push(...(await checkScreen(page, `proposal-received-${width}`)));

        const [row] = await t.db.execute<{ number: number; lon: number | null; files: string }>(
          sql`select p.number, p.lon, (select count(*) from proposal_files f where f.proposal_id = p.id) as files
              from proposals p where p.author_id = ${resident.id}`,
        );
        expect(row.lon).not.toBeNull();
        expect(Number(row.files)).toBe(1);

        await page.getByRole('link', { name: 'Мои предложения' }).first().click();
        await page.getByRole('heading', { name: 'Мои предложения' }).waitFor();
        await page.getByText(text).waitFor();
        await page.getByText('На рассмотрении').waitFor();
        await page.getByText(`№ ${row.number}`).waitFor();
        problems.push(...(await checkScreen(page, `my-proposals-${width}`)));
        expect(browser.pageErrors).toEqual([]);
      } finally {
        await browser.close();
      }
      expect(problems).toEqual([]);
    });

    it(`a resident outside the territory is refused with the reason and gets no form (${width} px)`, async () => {
      const outsider = await scene.residentIn(scene.outside.id, 'Сафин Ильдар');
      const browser = await signedInBrowser(t, outsider.id, { phone });
      const problems: string[] = [];
      try {
        const page = await browser.context.newPage();
        page.setDefaultTimeout(15_000);
        if (!phone) await page.setViewportSize({ width, height: 900 });
        await page.goto(`${t.baseUrl}/discussions/${scene.discussion.id}/propose`);
        await page.getByText('Вы не можете участвовать').waitFor();
        await page.getByText(`Ваши адреса (${scene.outside.address}) вне территории проекта`).waitFor();
        expect(await page.getByLabel('Текст').count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Отправить предложение' }).count()).toBe(0);
        problems.push(...(await checkScreen(page, `proposal-refused-${width}`)));
        expect(browser.pageErrors).toEqual([]);
      } finally {
        await browser.close();
      }
      expect(problems).toEqual([]);
    });
  }

  it('the organiser’s console shows a new proposal live, accepts one and rejects one with a reason', async () => {
    // The discussion is the company's (scene): its staff moderate and read the authors.
    const staff = await signedInBrowser(t, scene.c.users.orgStaff.id);
    try {
      const page = await staff.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.setViewportSize({ width: 1366, height: 900 });
      const subscribed = new Promise<void>((resolve) => {
        page.on('websocket', (ws) =>
          ws.on('framereceived', (frame) => {
            if (String(frame.payload).includes('"subscribed"')) resolve();
          }),
        );
      });
      await page.goto(`${t.baseUrl}/discussions/${scene.discussion.id}/moderation`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await subscribed;
      // Two proposals arrive while the console is open: no reload, no polling.
      const first = await scene.residentIn(scene.c.building.id, 'Гарипова Лейсан Маратовна');
      const second = await scene.residentIn(scene.c.building.id, 'Зайцев Олег Петрович');
      for (const [who, body] of [
        [first.id, 'Сохранить липовую аллею вдоль улицы'],
        [second.id, 'Перенести парковку под землю'],
      ] as const) {
        const res = await scene.submit(who, { text: body });
        expect(res.statusCode, res.body).toBe(201);
      }
      const alley = page.locator('li').filter({ hasText: 'Сохранить липовую аллею вдоль улицы' });
      const parking = page.locator('li').filter({ hasText: 'Перенести парковку под землю' });
      await alley.waitFor();
      await parking.waitFor();
      await alley.getByText('Гарипова Лейсан Маратовна', { exact: false }).waitFor();

      await alley.getByRole('button', { name: 'Принять в протокол' }).click();
      await alley.waitFor({ state: 'detached' });
      await parking.getByRole('button', { name: 'Отклонить', exact: true }).click();
      await parking.getByLabel('Причина (участник её прочтёт)').fill('Не относится к предмету обсуждения');
      await parking.getByRole('button', { name: 'Отклонить с этой причиной' }).click();
      await parking.waitFor({ state: 'detached' });
      const rows = await t.db.execute<{ body: string; status: string; reject_reason: string | null }>(
        sql`select body, status, reject_reason from proposals where author_id in (${first.id}, ${second.id}) order by id`,
      );
      expect(rows.map((r) => [r.status, r.reject_reason])).toEqual([
        ['accepted', null],
        ['rejected', 'Не относится к предмету обсуждения'],
      ]);
      expect(staff.pageErrors).toEqual([]);
    } finally {
      await staff.close();
    }
  });
});
