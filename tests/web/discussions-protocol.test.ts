import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { discussionMakers } from '../helpers/discussions-make.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/**
 * The organiser's protocol page in a browser (issue 17): the supervisor of the organising
 * department gives a recommendation with reasons on each accepted proposal, signs the protocol,
 * writes the conclusion and publishes it; the results block then links the published protocol and
 * conclusion. Screens at 390 and 1366 px.
 */
describe('web app: the organiser’s protocol and conclusion', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let discussionId: number;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    c = await smallCity(t.db);
    const make = discussionMakers(t.db);
    const d = await make.discussion(c.city.id, c.mc.id, c.users.admin.id, {
      status: 'closed',
      title: 'Проект планировки квартала у ул. Баумана',
    });
    discussionId = d.id;
    const bodies = [
      'Прошу сохранить сквер во дворе и все взрослые деревья, школу разместить на месте гаражей.',
      'Нужен регулируемый пешеходный переход к школе и освещение вдоль тротуара.',
      'Продам гараж, недорого.',
      'Парковку сделать подземной, во дворах оставить детские площадки.',
    ];
    for (const [i, body] of bodies.entries())
      await make.proposal(d.id, c.users.resident.id, { status: i === 2 ? 'rejected' : 'accepted', body });
  }, 180_000);
  afterAll(() => t?.close());

  it('gives recommendations, signs the protocol and publishes the conclusion, then links both documents', async () => {
    const browser = await signedInBrowser(t, c.users.orgSupervisor.id);
    const problems: string[] = [];
    try {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${t.baseUrl}/discussions/${discussionId}/protocol`);
      await page.getByRole('heading', { level: 1, name: /Протокол и заключение № / }).waitFor();
      await page.getByRole('heading', { name: 'Предложения в протоколе (3)' }).waitFor();
      await page.getByText('Нет рекомендации по предложениям № 1, 2, 4.').waitFor();
      expect(await page.getByText('Продам гараж').count()).toBe(0);
      problems.push(...(await checkScreen(page, 'discussions-protocol-390')));

      for (const [n, choice, reason] of [
        [1, 'Учесть', 'Сквер сохраняется: школа размещается на месте гаражей.'],
        [2, 'Учесть', 'Переход и освещение включены в проект.'],
        [4, 'Не учитывать', 'Подземная парковка экономически нецелесообразна на этом участке.'],
      ] as const) {
        const group = page.getByRole('group', { name: `Рекомендация: № ${n}`, exact: true });
        await group.getByRole('radio', { name: choice }).check();
        await group.getByLabel(/Обоснование/).fill(reason);
        await group.getByRole('button', { name: 'Сохранить рекомендацию' }).click();
        await page
          .getByRole('group', { name: `Рекомендация: № ${n}`, exact: true })
          .locator('..')
          .getByText('Сохранено.')
          .waitFor();
      }
      await page.getByText('Рекомендации даны по всем принятым предложениям.').waitFor();

      await page.getByRole('button', { name: 'Подписать протокол' }).click();
      await page.getByText(/Протокол подписан/).waitFor();
      const results = page.getByRole('region', { name: 'Итоги обсуждения' });
      await results.getByText('Протокол', { exact: true }).waitFor();

      await page
        .getByLabel('Выводы (по-русски)')
        .fill('Общественные обсуждения признать состоявшимися; проект рекомендовать к утверждению.');
      await page.getByRole('button', { name: 'Опубликовать заключение' }).click();
      await page.getByText(/Заключение опубликовано/).waitFor();
      await results.getByText('Заключение о результатах').waitFor();
      await results.getByRole('heading', { name: 'Рекомендации организатора' }).waitFor();
      await results.getByText('Подземная парковка экономически нецелесообразна').waitFor();
      const links = await results
        .getByRole('link', { name: 'PDF' })
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual([
        `/api/discussions/${discussionId}/protocol.pdf`,
        `/api/discussions/${discussionId}/conclusion.pdf`,
      ]);
      // The published conclusion is public: a visitor gets it.
      const conclusion = await fetch(`${t.baseUrl}/api/discussions/${discussionId}/conclusion.pdf`);
      expect(conclusion.status).toBe(200);
      expect(conclusion.headers.get('content-type')).toBe('application/pdf');
      problems.push(...(await checkScreen(page, 'discussions-protocol-concluded-390')));
      await page.setViewportSize({ width: 1366, height: 900 });
      problems.push(...(await checkScreen(page, 'discussions-protocol-concluded-1366')));
      expect(problems).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
