import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeCategory } from '../../api/categories/service.ts';
import { categories, routingRules } from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { actingAs } from './helpers.ts';

describe('categories service', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('deletes a category nothing refers to: the row is gone', async () => {
    const ctx = actingAs(t, c.users.admin);
    const unused = await c.make.category(c.city.id, { code: 'unused_one' });
    const removal = await removeCategory(ctx, unused.id);
    expect(removal.outcome).toBe('deleted');
    expect(await t.db.select().from(categories).where(eq(categories.id, unused.id))).toHaveLength(0);
  });

  it('only deactivates a category a routing rule names: the category and the rule both stay', async () => {
    const ctx = actingAs(t, c.users.admin);
    await t.db
      .insert(routingRules)
      .values({ municipalityId: c.city.id, categoryId: c.pothole.id, targetOrgId: c.roads.id });
    const removal = await removeCategory(ctx, c.pothole.id);
    expect(removal).toMatchObject({ outcome: 'deactivated', usedBy: ['routingRules'] });
    const [row] = await t.db.select().from(categories).where(eq(categories.id, c.pothole.id));
    expect(row.active).toBe(false);
    expect(await t.db.select().from(routingRules).where(eq(routingRules.categoryId, c.pothole.id))).toHaveLength(1);
  });
});
