/** Inter-agency requests of e-service applications: a department asks another organisation, which answers. */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { applications, eservices, interagencyRequests, organisations } from '../schema/index.ts';
import type { InteragencyRequest } from './eservices.ts';

export async function insertInteragency(
  db: Db,
  row: typeof interagencyRequests.$inferInsert,
): Promise<InteragencyRequest> {
  const [created] = await db.insert(interagencyRequests).values(row).returning();
  return created!;
}

export async function listInteragencyOf(db: Db, applicationId: number) {
  return db
    .select({
      request: interagencyRequests,
      organisation: { id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn },
    })
    .from(interagencyRequests)
    .innerJoin(organisations, eq(organisations.id, interagencyRequests.organisationId))
    .where(eq(interagencyRequests.applicationId, applicationId))
    .orderBy(asc(interagencyRequests.id));
}

/** A request with what its application says about the permission and the asked organisation's view. */
export async function getInteragency(db: Db, id: number, lock = false) {
  const q = db
    .select({ request: interagencyRequests, application: applications })
    .from(interagencyRequests)
    .innerJoin(applications, eq(applications.id, interagencyRequests.applicationId))
    .where(eq(interagencyRequests.id, id))
    .limit(1);
  const rows = lock ? await q.for('update', { of: interagencyRequests }) : await q;
  return rows[0] ?? null;
}

export async function updateInteragency(
  db: Db,
  id: number,
  set: Partial<Omit<InteragencyRequest, 'id' | 'version'>>,
): Promise<InteragencyRequest> {
  const [row] = await db
    .update(interagencyRequests)
    .set({ ...set, version: sql`${interagencyRequests.version} + 1` })
    .where(eq(interagencyRequests.id, id))
    .returning();
  return row!;
}

/** Cancel an application's pending requests (it was decided or withdrawn); returns how many. */
export async function cancelPendingInteragency(db: Db, applicationId: number): Promise<number> {
  const rows = await db
    .update(interagencyRequests)
    .set({ status: 'cancelled', version: sql`${interagencyRequests.version} + 1` })
    .where(and(eq(interagencyRequests.applicationId, applicationId), eq(interagencyRequests.status, 'pending')))
    .returning({ id: interagencyRequests.id });
  return rows.length;
}

/** An organisation's queue of requests: the pending by due day, then the answered, newest first. */
export async function listInteragencyQueue(db: Db, organisationId: number, limit: number, offset: number) {
  const where = eq(interagencyRequests.organisationId, organisationId);
  const [items, [total]] = await Promise.all([
    db
      .select({
        request: interagencyRequests,
        number: applications.number,
        serviceName: eservices.name,
        serviceCode: eservices.code,
        departmentId: applications.departmentId,
      })
      .from(interagencyRequests)
      .innerJoin(applications, eq(applications.id, interagencyRequests.applicationId))
      .innerJoin(eservices, eq(eservices.id, applications.serviceId))
      .where(where)
      .orderBy(
        sql`case when ${interagencyRequests.status} = 'pending' then 0 else 1 end`,
        sql`case when ${interagencyRequests.status} = 'pending' then ${interagencyRequests.dueOn} end asc`,
        desc(interagencyRequests.id),
      )
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(interagencyRequests).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function organisationIn(db: Db, id: number, municipalityId: number) {
  const rows = await db
    .select({ id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn })
    .from(organisations)
    .where(and(eq(organisations.id, id), eq(organisations.municipalityId, municipalityId)))
    .limit(1);
  return rows[0] ?? null;
}
