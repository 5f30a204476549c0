import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { jpegWithGps } from '../helpers/http.ts';
import { outageCity } from '../helpers/outages.ts';
import { signedInBrowser } from '../helpers/web.ts';

// Where the map's tiles come from when TILE_URL is unset (web/src/env.ts); the browser's requests
// there are answered here, so the tiles really load under the policy.
const TILE_HOST = 'https://tile.openstreetmap.org';

type Violation = { directive: string; blocked: string; sample: string };

/**
 * Watch a browser for Content-Security-Policy violations: the `securitypolicyviolation` event on
 * every page (recorded before any of the page's own scripts run) and the console's CSP errors.
 */
async function watchCsp(
  browser: TestBrowser,
): Promise<{ violations: (page: Page) => Promise<Violation[]>; consoleErrors: string[] }> {
  const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#d8e4d0' } })
    .png()
    .toBuffer();
  await browser.context.route(`${TILE_HOST}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: tile }),
  );
  // Runs in every page before its own scripts (a string: the test is type-checked without the DOM).
  await browser.context.addInitScript({
    content: `window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));`,
  });
  const consoleErrors: string[] = [];
  browser.context.on('console', (message) => {
    // CSP refusals are console errors; a Permissions-Policy the browser does not understand is a warning.
    if (
      ['error', 'warning'].includes(message.type()) &&
      /Content.Security.Policy|Refused to|Permissions-Policy/i.test(message.text())
    ) {
      consoleErrors.push(message.text());
    }
  });
  return {
    violations: (page) => page.evaluate(() => (globalThis as unknown as { __csp?: Violation[] }).__csp ?? []),
    consoleErrors,
  };
}

/** The map page, filing with a photo and the outage publisher run under the app's CSP with no violation. */
describe('web app under its Content-Security-Policy', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  let resident: TestBrowser;
  let company: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await outageCity(t.db);
    resident = await signedInBrowser(t, c.users.resident.id);
    company = await signedInBrowser(t, c.users.orgStaff.id);
  }, 240_000);
  afterAll(async () => {
    await resident?.close();
    await company?.close();
    await t?.close();
  });

  it('sends a policy with a nonce for SvelteKit’s script (no unsafe-inline scripts), the tile host, frame-ancestors none and the other headers', async () => {
    const res = await fetch(`${base}/map`);
    expect(res.status).toBe(200);
    const policy = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      policy.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    const scriptSrc = directives.get('script-src') ?? [];
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc.some((s) => s.startsWith("'nonce-"))).toBe(true);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(directives.get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:', TILE_HOST]));
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    const html = await res.text();
    const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
    expect(html).toContain(`nonce="${nonce}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    // A nonce is new for every page.
    const again = (await fetch(`${base}/map`)).headers.get('content-security-policy');
    expect(again).not.toBe(policy);
  });

  it('shows the map with its tiles, and files an appeal with a photo, with no CSP violation', async () => {
    const csp = await watchCsp(resident);
    const page = await resident.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/map`);
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    expect(await csp.violations(page)).toEqual([]);

    await page.goto(`${base}/appeals/new?building=${c.building.id}`);
    await page.getByText('ул. Баумана, д. 12').waitFor();
    await page.getByRole('searchbox', { name: 'Найти тему' }).fill('кровля');
    await page.getByRole('button', { name: 'Протекает кровля' }).click();
    await page.getByLabel('Опишите проблему').fill('Течёт крыша над кухней, на потолке пятно');
    const photo = path.join(t.dataDir, 'csp-roof.jpg');
    writeFileSync(photo, await jpegWithGps(5));
    await page.getByLabel('Сфотографировать или выбрать фото').setInputFiles(photo);
    // The preview is a blob: URL, which img-src allows.
    await page.getByRole('img', { name: 'Фото 1' }).waitFor();
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('button', { name: 'Отправить обращение' }).click();
    await page.waitForURL(/\/appeals\/[A-Z0-9]+-\d{4}-\d+$/, { waitUntil: 'commit' });
    await page.locator('.photos img').first().waitFor();
    await expect
      .poll(() =>
        page
          .locator('.photos img')
          .first()
          .evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0),
      )
      .toBe(true);
    expect(await csp.violations(page)).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
    expect(resident.pageErrors).toEqual([]);
  });

  it('runs the outage publisher (drawing on the map) with no CSP violation', async () => {
    const csp = await watchCsp(company);
    const page = await company.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/outages/new`);
    await page.getByRole('heading', { name: 'Новое отключение' }).waitFor();
    await page.getByLabel('Услуга').selectOption('hot_water');
    await page.getByLabel('Причина').fill('Замена задвижки на вводе');
    await page.getByRole('radio', { name: 'Списком' }).check();
    await page.getByText('ул. Баумана, д. 14').waitFor();
    await page.getByRole('radio', { name: 'Обвести на карте' }).check();
    const map = page.getByTestId('outage-draw-map');
    await map.waitFor();
    await map.scrollIntoViewIfNeeded();
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    const box = (await map.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    let points = 0;
    for (const [dx, dy] of [
      [-90, -80],
      [90, -80],
      [90, 80],
      [-90, 80],
    ]) {
      await page.mouse.click(cx + dx, cy + dy);
      points++;
      await page.getByText(`Точек: ${points}`).waitFor();
    }
    await page.getByRole('button', { name: 'Показать дома' }).click();
    await expect.poll(() => page.getByTestId('caught').textContent()).toBe('В отключение попадут домов: 2');
    await page.getByRole('button', { name: 'Опубликовать отключение' }).click();
    await page.waitForURL(/\/outages\/\d+$/);
    await page.getByText('Опубликовано').waitFor();
    expect(await csp.violations(page)).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
    expect(company.pageErrors).toEqual([]);
  });
});
