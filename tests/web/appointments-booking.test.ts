import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { bookingScene, moscow } from '../helpers/appointments-book.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { checkScreen } from '../helpers/screens.ts';
import { eserviceMakers as applicationMakers } from '../helpers/eservices-make.ts';
import { eserviceMakers } from '../helpers/eservices.ts';
import { signedInBrowser } from '../helpers/web.ts';

/**
 * Booking an appointment on a phone (390 px), end to end: a visitor chooses the service, the office (list
 * and map, the nearest free day), a day and a time, signs in with a one-time code on the confirm screen,
 * books, and sees the code and its QR. Then a resident asks for the time just taken: the 409's nearest
 * free times come as buttons, and one of them books. The clock: Monday 7 December 2026, 10:00 Moscow.
 */
describe('web app: booking an appointment on a phone', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof bookingScene>>;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    scene = await bookingScene(t);
    t.setNow(new Date(moscow('2026-12-07', '10:00')));
  }, 180_000);
  afterAll(() => t?.close());

  it('books in four screens with the sign-in by code inline, then shows the code and the QR', async () => {
    const visitor = await launchBrowser({ phone: true });
    const problems: string[] = [];
    try {
      const page = await visitor.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${t.baseUrl}/appointments/new?municipality=${scene.c.city.code}`);
      await page.getByRole('heading', { name: 'Услуга' }).waitFor();
      problems.push(...(await checkScreen(page, 'appointments-service-390')));
      await page
        .getByRole('button', { name: /Консультация/ })
        .first()
        .click();

      await page.getByRole('heading', { name: 'Учреждение' }).waitFor();
      const office = page.getByRole('button', { name: /Приёмная района/ });
      await office.getByText('Ближайший свободный день').waitFor();
      problems.push(...(await checkScreen(page, 'appointments-office-390')));
      await office.click();

      await page.getByRole('heading', { name: 'День и время' }).waitFor();
      await page
        .getByRole('button', { name: /сб, 12 декабря/ })
        .getByText('выходной')
        .waitFor();
      await page.getByRole('button', { name: /вт, 8 декабря/ }).click();
      await page.getByRole('heading', { name: /Свободное время · вт, 8 декабря/ }).waitFor();
      problems.push(...(await checkScreen(page, 'appointments-day-390')));
      await page.getByRole('button', { name: '10:00', exact: true }).click();

      await page.getByRole('heading', { name: 'Подтверждение' }).waitFor();
      await page.getByText('Войдите по коду из SMS').waitFor();
      problems.push(...(await checkScreen(page, 'appointments-confirm-sign-in-390')));
      const [{ phone }] = await t.db.execute<{ phone: string }>(
        sql`select phone from user_personal where user_id = ${scene.c.users.otherResident.id}`,
      );
      await page.getByLabel('Телефон или эл. почта').fill(phone);
      await page.getByRole('button', { name: 'Получить код' }).click();
      await page.getByText('Код отправлен').waitFor();
      const [{ body }] = await t.db.execute<{ body: string }>(
        sql`select body from notification_outbox where destination = ${phone} order by id desc limit 1`,
      );
      await page.getByLabel('Код из сообщения').fill(/\d{6}/.exec(body)?.[0] as string);
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.getByRole('button', { name: 'Записаться' }).waitFor();
      problems.push(...(await checkScreen(page, 'appointments-confirm-390')));
      await page.getByRole('button', { name: 'Записаться' }).click();

      await page.getByRole('heading', { name: 'Вы записаны' }).waitFor();
      const code = (await page.locator('.code').textContent())?.trim() ?? '';
      expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      await page.getByRole('img', { name: `QR-код записи ${code}` }).waitFor();
      await page.getByText(scene.office.address).first().waitFor();
      await page.getByRole('link', { name: 'Добавить в календарь' }).waitFor();
      problems.push(...(await checkScreen(page, 'appointments-done-390')));
      expect(problems).toEqual([]);
      expect(visitor.pageErrors).toEqual([]);
    } finally {
      await visitor.close();
    }
  }, 120_000);

  it('offers the nearest free times as buttons when the time was taken, and books one of them', async () => {
    const resident = await signedInBrowser(t, scene.c.users.resident.id, { phone: true });
    try {
      const page = await resident.context.newPage();
      page.setDefaultTimeout(15_000);
      const taken = moscow('2026-12-08', '10:00');
      const q = new URLSearchParams({
        service: String(scene.consult.id),
        office: String(scene.office.id),
        date: '2026-12-08',
        time: taken,
      });
      await page.goto(`${t.baseUrl}/appointments/new?${q}`);
      await page.getByRole('button', { name: 'Записаться' }).click();
      const alert = page.getByRole('alert');
      await alert.getByText('Это время только что заняли').waitFor();
      expect(await checkScreen(page, 'appointments-taken-390')).toEqual([]);
      await alert.getByRole('button', { name: /8 декабря в 10:15/ }).click();
      await page
        .getByText(/8 декабря.*10:15/)
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'Записаться' }).click();
      await page.getByRole('heading', { name: 'Вы записаны' }).waitFor();
      await page.getByText(/10:15/).first().waitFor();
      expect(resident.pageErrors).toEqual([]);
    } finally {
      await resident.close();
    }
  }, 90_000);

  it('lists my bookings and shows one (the budgets picture these at 1366 px too)', async () => {
    const resident = await signedInBrowser(t, scene.c.users.resident.id);
    try {
      const page = await resident.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${t.baseUrl}/appointments`);
      await page.getByRole('heading', { name: 'Предстоящие' }).waitFor();
      const row = page.getByRole('link', { name: /10:15/ });
      await row.waitFor();
      expect(await checkScreen(page, 'appointments-mine-390')).toEqual([]);
      await row.click();
      await page.getByRole('button', { name: 'Перенести' }).waitFor();
      expect(await checkScreen(page, 'appointments-detail-390')).toEqual([]);
      await page.goto(`${t.baseUrl}/appointments/new?municipality=${scene.c.city.code}&service=${scene.consult.id}`);
      await page.getByRole('heading', { name: 'Учреждение' }).waitFor();
      await page.getByRole('button', { name: /Приёмная района/ }).waitFor();
      expect(await checkScreen(page, 'appointments-office-list-390')).toEqual([]);
      expect(resident.pageErrors).toEqual([]);
    } finally {
      await resident.close();
    }
  }, 90_000);

  it('opens from a ready application with its collect service chosen and its number filled in', async () => {
    const { c, make, point, office } = scene;
    const eservice = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    const collect = await make.service(c.city.id, { letter: 'В', purpose: 'collect', eserviceId: eservice.id });
    await t.db.execute(
      sql`insert into service_point_services (point_id, service_id, slot_minutes) values (${point.id}, ${collect.id}, 15)`,
    );
    const ready = await applicationMakers(t.db).application({
      serviceId: eservice.id,
      departmentId: c.roads.id,
      applicantId: c.users.resident.id,
      municipalityId: c.city.id,
      status: 'ready',
      submittedAt: '2026-11-20T07:00:00Z',
    });
    const resident = await signedInBrowser(t, c.users.resident.id, { phone: true });
    try {
      const page = await resident.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${t.baseUrl}/appointments/new?application=${encodeURIComponent(ready.number!)}`);
      await page.getByRole('heading', { name: 'Учреждение' }).waitFor();
      expect(new URL(page.url()).searchParams.get('service')).toBe(String(collect.id));
      await page.getByRole('button', { name: new RegExp(office.address) }).click();
      await page.getByRole('button', { name: /ср, 9 декабря/ }).click();
      await page.getByRole('button', { name: '11:00', exact: true }).click();
      await expect.poll(() => page.getByLabel('Номер заявления (если есть)').inputValue()).toBe(ready.number);
      await page.getByRole('button', { name: 'Записаться' }).click();
      await page.getByRole('heading', { name: 'Вы записаны' }).waitFor();
      await page.getByText(ready.number!).waitFor();
      expect(resident.pageErrors).toEqual([]);
    } finally {
      await resident.close();
    }
  }, 90_000);
});
