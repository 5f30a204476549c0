import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { WorkingCalendar } from '../../dispatch/calendar.ts';
import type { SlaDuration } from '../../dispatch/sla.ts';
import type { Db } from '../client.ts';
import { slaPolicies } from '../schema/index.ts';
import type { Priority } from '../schema/index.ts';

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;

/** What identifies a policy inside a municipality: a category (null: every category) and a priority. */
export type SlaPolicyKey = { categoryId: number | null; priority: Priority };

export type SlaPolicyFields = {
  acceptDuration: SlaDuration;
  acceptCalendar: WorkingCalendar;
  resolveDuration: SlaDuration;
  resolveCalendar: WorkingCalendar;
  note: string | null;
};

const keyIs = (municipalityId: number, key: SlaPolicyKey) =>
  and(
    eq(slaPolicies.municipalityId, municipalityId),
    key.categoryId === null ? isNull(slaPolicies.categoryId) : eq(slaPolicies.categoryId, key.categoryId),
    eq(slaPolicies.priority, key.priority),
  );

/** A municipality's own policies: the municipality-wide ones first, then by category; by priority in enum order. */
export async function selectSlaPolicies(
  db: Db,
  municipalityId: number,
  filter: { categoryId?: number } = {},
): Promise<SlaPolicyRow[]> {
  return db
    .select()
    .from(slaPolicies)
    .where(
      and(
        eq(slaPolicies.municipalityId, municipalityId),
        filter.categoryId === undefined ? undefined : eq(slaPolicies.categoryId, filter.categoryId),
      ),
    )
    .orderBy(sql`${slaPolicies.categoryId} is not null`, asc(slaPolicies.categoryId), asc(slaPolicies.priority));
}

export async function getSlaPolicy(db: Db, municipalityId: number, key: SlaPolicyKey): Promise<SlaPolicyRow | null> {
  const rows = await db.select().from(slaPolicies).where(keyIs(municipalityId, key));
  return rows[0] ?? null;
}

/**
 * Set the policy for a key, creating it when the municipality had none. Update first, then insert;
 * when a concurrent request inserted the same key in between, update that row instead.
 */
export async function upsertSlaPolicy(
  db: Db,
  municipalityId: number,
  key: SlaPolicyKey,
  fields: SlaPolicyFields,
  now: Date,
): Promise<{ row: SlaPolicyRow; created: boolean }> {
  const update = () =>
    db
      .update(slaPolicies)
      .set({ ...fields, updatedAt: now })
      .where(keyIs(municipalityId, key))
      .returning();
  const [updated] = await update();
  if (updated) return { row: updated, created: false };
  const [inserted] = await db
    .insert(slaPolicies)
    .values({ municipalityId, ...key, ...fields, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { row: inserted, created: true };
  const [raced] = await update();
  return { row: raced, created: false };
}

/** Delete the policy for a key and return it; null when the municipality had none. */
export async function deleteSlaPolicyRow(
  db: Db,
  municipalityId: number,
  key: SlaPolicyKey,
): Promise<SlaPolicyRow | null> {
  const [row] = await db.delete(slaPolicies).where(keyIs(municipalityId, key)).returning();
  return row ?? null;
}
