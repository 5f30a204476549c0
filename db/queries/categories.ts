import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { categories } from '../schema/index.ts';

export type Category = typeof categories.$inferSelect;

/** Active categories of a municipality in display order. */
export async function listCategories(db: Db, municipalityId: number): Promise<Category[]> {
  return db
    .select()
    .from(categories)
    .where(and(eq(categories.municipalityId, municipalityId), eq(categories.active, true)))
    .orderBy(asc(categories.group), asc(categories.sortOrder), asc(categories.nameRu));
}

export async function getCategory(db: Db, id: number): Promise<Category | null> {
  const rows = await db.select().from(categories).where(eq(categories.id, id)).limit(1);
  return rows[0] ?? null;
}
