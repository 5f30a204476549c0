import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { hydrated, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { hallWorld, signInNow } from '../helpers/hall.ts';
import { checkScreen } from '../helpers/screens.ts';

/**
 * The hall display on a big screen follows the operators live: a call from the console (or the API)
 * shows its number and window within seconds, without a reload; the console on a phone; the kiosk.
 */
describe('web app: the hall display, the operator’s console and the kiosk', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof hallWorld>>;
  let screen: TestBrowser;
  let operator: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    w = await hallWorld(t);
    screen = await launchBrowser();
    operator = await launchBrowser({ phone: true });
    // The session starts at the app's clock (a fixed working day).
    const [name, value] = (await signInNow(t, w.staff)).cookie.split('=');
    await operator.context.addCookies([{ name, value, url: base }]);
  }, 240_000);
  afterAll(async () => {
    await screen?.close();
    await operator?.close();
    await t?.close();
  });

  it('shows a call on the hall display within seconds, from the API and from the console, with no reload', async () => {
    for (let i = 0; i < 3; i++) await w.kiosk('/walk-in', { serviceId: w.serviceA.id });
    await w.kiosk('/walk-in', { serviceId: w.serviceB.id });
    const board = await screen.context.newPage();
    board.setDefaultTimeout(10_000);
    await board.setViewportSize({ width: 1920, height: 1080 });
    // The display follows calls made once its stream is subscribed (before, it shows what it loaded):
    // the calls below wait for the server's `subscribed`, which under load can come after the first paint.
    const subscribed = new Promise<void>((resolve) => {
      board.on('websocket', (ws) =>
        ws.on('framereceived', (frame) => {
          if (String(frame.payload).includes('"subscribed"')) resolve();
        }),
      );
    });
    await board.goto(`${base}/offices/${w.office.id}/hall`);
    await hydrated(board);
    await board.getByText('Пока никого не вызвали').waitFor();
    await subscribed;
    expect(await board.getByTestId(`waiting-${w.serviceA.id}`).textContent()).toBe('3');
    await board.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

    const byApi = (await w.call(w.staff, 'POST', `/api/service-points/${w.p2.id}/call-next`)).json().ticket;
    const first = board.getByTestId('hall-row').first();
    await expect.poll(() => first.textContent(), { timeout: 5000 }).toContain(byApi.number);
    expect(await first.textContent()).toContain('окно 2');
    expect(await first.getAttribute('class')).toContain('newest');
    await expect.poll(() => board.getByTestId(`waiting-${w.serviceA.id}`).textContent()).toBe('2');

    // The operator at window 1 on a phone calls the next one from the console.
    const desk = await operator.context.newPage();
    desk.setDefaultTimeout(10_000);
    await desk.goto(`${base}/offices/${w.office.id}/console?point=${w.p1.id}`);
    await hydrated(desk);
    await desk.getByRole('button', { name: 'Вызвать следующего' }).click();
    const number = (await desk.getByTestId('current-number').textContent())!.trim();
    expect(number).toMatch(/^[АБ]-\d{3}$/);
    await expect.poll(() => first.textContent(), { timeout: 5000 }).toContain(number);
    expect(await first.textContent()).toContain('окно 1');
    expect(await board.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await checkScreen(board, 'hall-display-1920')).toEqual([]);
    await board.setViewportSize({ width: 1366, height: 768 });
    expect(await checkScreen(board, 'hall-display-1366')).toEqual([]);

    expect(await checkScreen(desk, 'hall-console-390')).toEqual([]);
    await desk.getByRole('button', { name: 'Начать приём' }).click();
    await desk.getByRole('button', { name: 'Завершить' }).click();
    await desk.getByText('Никого не вызвано').waitFor();
    // Finished: it leaves the board.
    await expect
      .poll(() => board.getByTestId('hall-row').allTextContents())
      .not.toContainEqual(expect.stringContaining(number));
    expect(screen.pageErrors).toEqual([]);
    expect(operator.pageErrors).toEqual([]);
  });

  it('gives a walk-in ticket at the kiosk, whose key leaves the address bar', async () => {
    const kiosk = await screen.context.newPage();
    kiosk.setDefaultTimeout(10_000);
    await kiosk.setViewportSize({ width: 1366, height: 768 });
    await kiosk.goto(`${base}/offices/${w.office.id}/kiosk?key=${encodeURIComponent(w.key)}`);
    await hydrated(kiosk);
    await kiosk.getByLabel('Код записи').waitFor();
    expect(kiosk.url()).not.toContain('key=');
    expect(await checkScreen(kiosk, 'hall-kiosk-1366')).toEqual([]);
    await kiosk
      .getByRole('button', { name: /Консультация/ })
      .first()
      .click();
    const ticket = await kiosk.getByTestId('ticket-number').textContent();
    expect(ticket).toMatch(/^[АБ]-\d{3}$/);
    expect(await checkScreen(kiosk, 'hall-kiosk-ticket-1366')).toEqual([]);
    await kiosk.getByRole('button', { name: 'Готово' }).click();
    // A booking code typed and Enter (as a QR scanner does): a code that names no booking is said so.
    await kiosk.getByLabel('Код записи').fill('ZZZZ-ZZZZ');
    await kiosk.getByLabel('Код записи').press('Enter');
    await kiosk.getByRole('alert').getByText('Нет записи с таким кодом').waitFor();
    await kiosk.setViewportSize({ width: 390, height: 844 });
    expect(await checkScreen(kiosk, 'hall-kiosk-390')).toEqual([]);
    // Opened again without the key: this browser kept it.
    await kiosk.goto(`${base}/offices/${w.office.id}/kiosk`);
    await kiosk.getByLabel('Код записи').waitFor();
    expect(screen.pageErrors).toEqual([]);
  });
});
