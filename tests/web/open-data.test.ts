import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../api/context.ts';
import { runOpenDataDumps } from '../../api/open-data/dump.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { openDataCity, readCsv } from '../helpers/open-data.ts';
import { checkScreen } from '../helpers/screens.ts';

/** A visitor finds open data from the footer, picks a period, downloads the appeals and a dump's file. */
describe('web app: open data', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof openDataCity>>;
  let visitor: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await openDataCity(t);
    // Two nights' dumps (the 2nd and the 3rd of December).
    const ctx = systemContext({ db: t.db, boss: t.boss, clock: () => new Date('2026-12-04T00:30:00Z') });
    const settings = { dataDir: t.dataDir, publicUrl: base };
    await runOpenDataDumps(ctx, settings, '2026-12-02');
    await runOpenDataDumps(ctx, settings, '2026-12-03');
    visitor = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await visitor?.close();
    await t?.close();
  });

  it('reaches /open-data from the footer and shows the catalogue, the licence and the dumps with sizes and checksums', async () => {
    const page = await visitor.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/outages?municipality=${c.city.code}`);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Открытые данные' }).click();
    await page.waitForURL(/\/open-data$/);
    await page.goto(`${base}/open-data?municipality=${c.city.code}`);
    await page.getByRole('heading', { name: 'Открытые данные', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Обращения жителей' }).waitFor();
    await page.getByRole('heading', { name: 'Многоквартирные дома' }).waitFor();
    await page.getByRole('link', { name: /CC-BY-4\.0/ }).waitFor();
    // Two nights, four files each.
    await expect.poll(() => page.locator('.files li').count()).toBe(8);
    expect(await page.getByTestId('dump-2026-12-03').getByRole('heading').textContent()).toBe('3 дек. 2026 г.');
    const catalogue = (await (await fetch(`${base}/api/open-data?municipality=${c.city.code}`)).json()) as {
      dumps: { day: string; files: { url: string; sha256: string }[] }[];
    };
    const newest = catalogue.dumps[0];
    expect(newest.day).toBe('2026-12-03');
    // The checksum shown is the file's: download it and hash it.
    const sum = newest.files[0].sha256 as string;
    await page.getByText(sum).waitFor();
    const link = page.locator(`a[href="${newest.files[0].url}"]`);
    const bytes = Buffer.from(await (await fetch(`${base}${await link.getAttribute('href')}`)).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sum);
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      expect(await checkScreen(page, `open-data-${width}`)).toEqual([]);
    }
    await page.close();
  });

  it('builds the appeals’ download links from the period, refuses one over 366 days, and the CSV opens as Excel would read it', async () => {
    const page = await visitor.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/open-data?municipality=${c.city.code}`);
    await page.getByLabel('С', { exact: true }).fill('2026-12-01');
    await page.getByLabel('По', { exact: true }).fill('2026-12-03');
    const appeals = page.getByTestId('dataset-appeals');
    const csvLink = appeals.getByRole('link', { name: 'CSV', exact: true });
    await expect
      .poll(() => csvLink.getAttribute('href'))
      .toBe(`/api/open-data/appeals.csv?municipality=${c.city.code}&from=2026-12-01&to=2026-12-03`);
    const excel = await appeals.getByRole('link', { name: 'CSV для Excel' }).getAttribute('href');
    const res = await fetch(`${base}${excel}`);
    const text = await res.text();
    // The BOM is what makes Excel read UTF-8; fetch's text() strips it, so look at the bytes' first character.
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = readCsv(text.replace(/^\uFEFF/, ''), ';');
    expect(rows.slice(1).map((r) => r[1])).toEqual([
      c.appeals.lateEvening.number,
      c.appeals.routed.number,
      c.appeals.pothole.number,
    ]);
    const geo = await appeals.getByRole('link', { name: 'GeoJSON', exact: true }).getAttribute('href');
    const features = ((await (await fetch(`${base}${geo}`)).json()) as { features: unknown[] }).features;
    expect(features).toHaveLength(3);

    await page.getByLabel('С', { exact: true }).fill('2025-01-01');
    await page.getByRole('alert').getByText('Выбрано 702 дн. — можно не больше 366.').waitFor();
    expect(await appeals.getByRole('link', { name: 'CSV для Excel' }).count()).toBe(0);
    // The buildings' downloads need no period.
    const buildingsCsv = page.getByTestId('dataset-buildings').getByRole('link', { name: 'CSV', exact: true });
    expect(await buildingsCsv.getAttribute('href')).toBe(`/api/open-data/buildings.csv?municipality=${c.city.code}`);
    await page.close();
  });

  it('speaks Tatar and English too', async () => {
    const page = await visitor.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/open-data?municipality=${c.city.code}`);
    await page.getByRole('heading', { name: 'Обращения жителей' }).waitFor();
    await page.getByRole('button', { name: 'Татарча' }).click();
    await page.getByRole('heading', { name: 'Ачык мәгълүматлар', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Халык мөрәҗәгатьләре' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Residents’ appeals' }).waitFor();
    await page.getByRole('contentinfo').getByRole('link', { name: 'Open data' }).waitFor();
    expect(visitor.pageErrors).toEqual([]);
    await page.close();
  });
});
