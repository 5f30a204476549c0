import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { contextAt } from '../helpers/context.ts';
import { smallCity } from '../helpers/make.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** The organisation's queue left open: it asks the API when something changes, not in a loop. */
describe('web app: an idle organisation queue', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let staff: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    c = await smallCity(t.db);
    staff = await signedInBrowser(t, c.users.orgStaff.id);
  }, 180_000);
  afterAll(async () => {
    await staff?.close();
    await t?.close();
  });

  it('makes at most one request to /api/queue in 10 s after loading (the websocket aside)', async () => {
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша над пятым этажом' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    await routeAppeal(contextAt(t, new Date()), filed.json().id);

    const page = await staff.context.newPage();
    page.setDefaultTimeout(8000);
    const queueCalls: string[] = [];
    const otherCalls: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/queue') queueCalls.push(url.search);
      else if (url.pathname.startsWith('/api/') && r.resourceType() !== 'websocket') otherCalls.push(url.pathname);
    });
    await page.goto(`${t.baseUrl}/queue`);
    await page.getByRole('link', { name: filed.json().number }).waitFor();
    const afterLoad = { queue: queueCalls.length, other: otherCalls.length };
    // The budget of every idle screen: watched over 10 s, at most one request.
    await page.waitForTimeout(10_000);
    const idle = queueCalls.length - afterLoad.queue + (otherCalls.length - afterLoad.other);
    expect(idle, `queue calls after load: ${queueCalls.length - afterLoad.queue}`).toBeLessThanOrEqual(1);
    expect(staff.pageErrors).toEqual([]);
  }, 60_000);
});
