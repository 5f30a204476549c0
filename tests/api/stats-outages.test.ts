import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { outageCity } from '../helpers/outages.ts';
import { contextAt } from '../helpers/context.ts';

const HOUR = 3600_000;

/** Appeals about a running outage in the city-hall figures: counted as received and resolved, never in SLA compliance. */
describe('city-hall statistics with outage-linked appeals', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  const t0 = new Date('2026-04-07T06:00:00Z'); // Tuesday 09:00 Moscow
  const at = (h: number) => t.setNow(new Date(t0.getTime() + h * HOUR));

  beforeAll(async () => {
    t = await startTestApp();
    c = await outageCity(t.db);
  });
  afterAll(() => t?.close());

  it('counts a resolved appeal linked to an outage as received and resolved, but neither compliant nor breached', async () => {
    at(0);
    const published = await t.app.inject({
      method: 'POST',
      url: '/api/outages',
      headers: await t.signIn(c.supplierStaff.id),
      payload: {
        service: 'hot_water',
        kind: 'emergency',
        reason: 'Порыв на теплотрассе',
        startsAt: t0.toISOString(),
        expectedEndAt: new Date(t0.getTime() + 6 * HOUR).toISOString(),
        buildingIds: [c.building.id],
      },
    });
    expect(published.statusCode, published.body).toBe(201);
    at(1);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.hotWater.id, buildingId: c.building.id, description: 'Нет горячей воды с утра' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as number;
    expect(await routeAppeal(contextAt(t, new Date(t0.getTime() + HOUR)), id)).toBe('assigned');
    const staff = await t.signIn(c.supplierStaff.id);
    for (const [h, body] of [
      [2, { action: 'accept' }],
      [30, { action: 'resolve', note: 'Подача восстановлена' }],
    ] as const) {
      at(h);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/appeals/${id}/actions`,
        headers: staff,
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    at(31);
    const res = await t.app.inject({
      url: '/api/stats/figures?by=organisation&from=2026-04-06&to=2026-04-12',
      headers: await t.signIn(c.users.cityHall.id),
    });
    expect(res.statusCode, res.body).toBe(200);
    const supplier = res.json().items.find((i: { id: number }) => i.id === c.supplier.id);
    expect(supplier).toMatchObject({
      received: 1,
      accepted: 1,
      resolved: 1,
      compliant: 0,
      breached: 0,
      slaCompliance: null,
    });
    t.setNow(null);
  });
});
