import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localInstant } from '../../dispatch/calendar.ts';
import { appointmentMakers } from '../helpers/appointments-make.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/*
 * The office admin and the queue's figures in a real browser (issue 16): a supervisor narrows a
 * day's hours, is told which booking it takes away and cancels it with a reason; closes a day; city
 * hall reads the figures and the load by hour.
 */
describe('web app: the office admin and the queue’s figures', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let base: string;
  let supervisor: TestBrowser;
  let phone: TestBrowser;
  let office: { id: number };
  let booking: { id: number };
  const at = (date: string, hhmm: string) => new Date(localInstant('Europe/Moscow', date, hhmm));

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    // Monday 7 December 2026, 10:00 in Kazan.
    t.setNow(at('2026-12-07', '10:00'));
    c = await smallCity(t.db);
    const make = appointmentMakers(t.db);
    office = await make.office(c.city.id, c.mc.id, { ru: 'Приёмная управляющей компании' });
    const visit = await make.service(c.city.id);
    const window = await make.point(office.id, [{ serviceId: visit.id, slotMinutes: 15 }], {
      label: 'окно 1',
      operators: [c.users.orgStaff.id],
    });
    booking = await make.appointment({
      municipalityId: c.city.id,
      officeId: office.id,
      pointId: window.id,
      serviceId: visit.id,
      userId: c.users.resident.id,
      startsAt: at('2026-12-08', '16:00'),
    });
    // Yesterday's hall for the figures: two tickets served.
    for (const [seq, hhmm] of [
      [1, '09:05'],
      [2, '11:40'],
    ] as const) {
      const ticket = await make.ticket({
        officeId: office.id,
        day: '2026-12-04',
        serviceId: visit.id,
        seq,
        arrivedAt: at('2026-12-04', hhmm),
        status: 'done',
      });
      await t.db.execute(sql`update hall_tickets set called_at = arrived_at + interval '6 minutes',
        started_at = arrived_at + interval '7 minutes', finished_at = arrived_at + interval '19 minutes'
        where id = ${ticket.id}`);
    }
    supervisor = await signedInBrowser(t, c.users.orgSupervisor.id);
    phone = await signedInBrowser(t, c.users.orgSupervisor.id, { phone: true });
  }, 180_000);
  afterAll(async () => {
    await supervisor?.close();
    await phone?.close();
    await t?.close();
  });

  it('narrows Tuesday’s hours, is told the booking it takes away and cancels it with a reason', async () => {
    const page = await supervisor.context.newPage();
    page.setDefaultTimeout(8000);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/admin/offices`);
    await page.getByRole('link', { name: 'Приёмная управляющей компании' }).click();
    await page.waitForURL(`${base}/admin/offices/${office.id}`);
    await page.getByRole('heading', { level: 1, name: 'Приёмная управляющей компании' }).waitFor();
    expect(await checkScreen(page, 'office-admin-1366')).toEqual([]);

    const tuesday = page.getByRole('group', { name: 'Вт' });
    await tuesday.getByLabel('До', { exact: true }).fill('15:00');
    await page.getByRole('button', { name: 'Сохранить часы' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('Изменение затрагивает 1 запись граждан').waitFor();
    await dialog.getByText('8 дек. 2026 г., 16:00').waitFor();
    expect(await checkScreen(page, 'office-admin-affected-1366')).toEqual([]);
    await dialog.getByLabel('Причина отмены для граждан').fill('Во вторник приём до 15:00');
    await dialog.getByRole('button', { name: 'Отменить 1 запись и сохранить' }).click();
    await page.getByText('Сохранено; отменено 1 запись, граждане уведомлены.').waitFor();
    const [row] = await t.db.execute<{ status: string }>(sql`select status from appointments where id = ${booking.id}`);
    expect(row.status).toBe('cancelled');
    const [week] = await t.db.execute<{ tue: unknown }>(
      sql`select week->'tue' as tue from offices where id = ${office.id}`,
    );
    expect(week.tue).toEqual([
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '15:00' },
    ]);
    await page.close();
  });

  it('closes a day for the whole office and lists it among the exceptions', async () => {
    const page = await phone.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/offices/${office.id}`);
    const exceptions = page.getByRole('region', { name: 'Исключения из графика' });
    await exceptions.getByText('Исключений на ближайшие 90 дней нет.').waitFor();
    await exceptions.getByLabel('Дата').fill('2026-12-11');
    await exceptions.getByLabel('Причина').fill('Санитарный день');
    await exceptions.getByRole('button', { name: 'Применить' }).click();
    await exceptions.getByText('Санитарный день').waitFor();
    await exceptions.getByText('пятница').waitFor();
    expect(await checkScreen(page, 'office-admin-390')).toEqual([]);
    const [closed] = await t.db.execute<{ hours: unknown; reason: string }>(
      sql`select hours, reason from schedule_exceptions where office_id = ${office.id} and date = '2026-12-11'`,
    );
    expect(closed).toEqual({ hours: null, reason: 'Санитарный день' });
    await page.close();
  });

  it('shows city hall the figures per office and service, the load by hour and CSV links', async () => {
    const hall = await signedInBrowser(t, c.users.cityHall.id);
    const hallPhone = await signedInBrowser(t, c.users.cityHall.id, { phone: true });
    try {
      for (const [browser, width] of [
        [hall, 1366],
        [hallPhone, 390],
      ] as const) {
        const page = await browser.context.newPage();
        page.setDefaultTimeout(8000);
        if (width === 1366) await page.setViewportSize({ width: 1366, height: 900 });
        await page.goto(`${base}/offices/stats`);
        // The last 90 days first; then the period asked for.
        await page.getByText(/^Период: /).waitFor();
        await page.getByLabel('С', { exact: true }).fill('2026-12-01');
        await page.getByLabel('До', { exact: true }).fill('2026-12-05');
        await page.getByRole('button', { name: 'Показать' }).click();
        await page.getByText(/^Период: 1 дек/).waitFor();
        const byOffice = page.getByRole('region', { name: 'По офисам' });
        await byOffice.getByRole('rowheader', { name: 'Приёмная управляющей компании' }).waitFor();
        const load = page.getByRole('region', { name: 'Нагрузка по часам' });
        await load.getByLabel('пятница, 9:00–10:00: 1').waitFor();
        await load.getByLabel('пятница, 11:00–12:00: 1').waitFor();
        const csv = await page.getByRole('link', { name: 'Скачать CSV' }).first().getAttribute('href');
        expect(csv).toBe('/api/queue-stats?format=csv&table=offices&from=2026-12-01&to=2026-12-05');
        expect(await checkScreen(page, `queue-stats-${width}`)).toEqual([]);
        await page.close();
      }
    } finally {
      await hall.close();
      await hallPhone.close();
    }
  });
});
