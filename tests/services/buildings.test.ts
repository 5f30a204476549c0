import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateBuilding } from '../../api/buildings/service.ts';
import type { HttpProblem } from '../../api/errors.ts';
import { buildings, passportChanges } from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { actingAs } from './helpers.ts';

describe('buildings service', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('stores a passport change together with its history entry', async () => {
    const ctx = actingAs(t, c.users.admin);
    const changed = await updateBuilding(ctx, c.building.id, { passport: { floors: 12 } });
    expect(changed.passport.floors).toBe(12);
    const history = await t.db.select().from(passportChanges).where(eq(passportChanges.buildingId, c.building.id));
    expect(history.length).toBeGreaterThan(0);
  });

  it('refuses a management company that is not one, naming the field, and changes nothing', async () => {
    const ctx = actingAs(t, c.users.admin);
    const refused = await updateBuilding(ctx, c.building.id, {
      managementCompanyId: c.roads.id,
      postcode: '420000',
    }).catch((e: unknown) => e as HttpProblem);
    expect((refused as HttpProblem).status).toBe(422);
    expect((refused as HttpProblem).detail).toEqual({ id: 'building.cannot_save' });
    expect((refused as HttpProblem).errors?.[0]).toEqual({
      field: 'body.managementCompanyId',
      reason: { id: 'building.not_management_company' },
    });
    const [row] = await t.db.select().from(buildings).where(eq(buildings.id, c.building.id));
    expect(row.managementCompanyId).toBe(c.mc.id);
    expect(row.postcode).not.toBe('420000');
  });
});
