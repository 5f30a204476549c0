import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProblem } from '../../api/errors.ts';
import { createOrganisation, updateOrganisation } from '../../api/organisations/service.ts';
import { organisations } from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { actingAs } from './helpers.ts';

describe('organisations service', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('refuses to change the kind of a company that buildings name, and changes nothing of it', async () => {
    const ctx = actingAs(t, c.users.admin);
    const refused = await updateOrganisation(ctx, c.mc.id, { kind: 'city_department', nameRu: 'Новое имя' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(HttpProblem);
    expect((refused as HttpProblem).status).toBe(422);
    const [row] = await t.db.select().from(organisations).where(eq(organisations.id, c.mc.id));
    expect(row.kind).toBe('management_company');
    expect(row.nameRu).toBe(c.mc.nameRu);
  });

  it('answers 409 naming body.code for a code the municipality already has, and stores no second one', async () => {
    const ctx = actingAs(t, c.users.admin);
    const input = {
      kind: 'city_department' as const,
      code: c.roads.code,
      nameRu: 'Дороги 2',
      nameEn: 'Roads 2',
      districtId: null,
      phone: null,
      email: null,
      address: null,
      website: null,
      workingHours: { calendar: '24x7' as const, week: {} },
    };
    const refused = await createOrganisation(ctx, input).catch((e: unknown) => e);
    expect((refused as HttpProblem).status).toBe(409);
    expect((refused as HttpProblem).errors?.[0]).toEqual({
      field: 'body.code',
      reason: { id: 'directory.code_taken' },
    });
    const same = await t.db.select().from(organisations).where(eq(organisations.code, c.roads.code));
    expect(same.filter((o) => o.municipalityId === c.city.id)).toHaveLength(1);
  });
});
