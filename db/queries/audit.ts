import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { personalDataAccess } from '../schema/index.ts';

export const personalDataKinds = [
  'appeal.read_personal',
  'user.manage',
  'apartment.link_evidence',
  'reading.export',
  'appointment.read_personal',
  'discussion.read_personal',
  // A verified identity (Gosuslugi) linked or refreshed by a sign-in, and unlinked: the person themself.
  'identity.verified',
  'identity.unlinked',
] as const;
export type PersonalDataKind = (typeof personalDataKinds)[number];

/** Who reads, through which route, from where: the same for every row one request writes. */
export type AccessContext = { at: Date; municipalityId: number; actorUserId: number; route: string; ip: string };
export type AccessEntry = { kind: PersonalDataKind; subjectUserId: number | null; record: string | null };

const rowOf = (c: AccessContext, e: AccessEntry) => ({
  at: c.at,
  municipalityId: c.municipalityId,
  actorUserId: c.actorUserId,
  subjectUserId: e.subjectUserId,
  kind: e.kind,
  record: e.record,
  route: c.route.slice(0, 200),
  ip: c.ip.slice(0, 64),
});

/** Record reads of personal data: one insert for any number of rows. */
export async function recordAccess(db: Db, context: AccessContext, entries: readonly AccessEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(personalDataAccess).values(entries.map((e) => rowOf(context, e)));
}

/**
 * An appeal author's personal data, read and recorded in one statement (the insert is a CTE of the
 * select): the appeal page's hot path pays no extra round trip for its audit row.
 */
export async function readPersonalAudited(
  db: Db,
  userId: number,
  context: AccessContext,
  record: string,
): Promise<{ fullName: string | null; phone: string | null; email: string | null }> {
  const r = rowOf(context, { kind: 'appeal.read_personal', subjectUserId: userId, record });
  const rows = await db.execute<{ full_name: string | null; phone: string | null; email: string | null }>(sql`
    with logged as (
      insert into personal_data_access (at, municipality_id, actor_user_id, subject_user_id, kind, record, route, ip)
      values (${r.at.toISOString()}::timestamptz, ${r.municipalityId}, ${r.actorUserId}, ${r.subjectUserId}, ${r.kind}, ${r.record}, ${r.route}, ${r.ip})
    )
    select full_name, phone, email from user_personal where user_id = ${userId}`);
  const row = rows[0];
  return { fullName: row?.full_name ?? null, phone: row?.phone ?? null, email: row?.email ?? null };
}

export type AccessFilter = {
  subjectUserId?: number;
  actorUserId?: number;
  kind?: PersonalDataKind;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
};

/** The municipality's trail, newest first. */
export async function listAccess(db: Db, municipalityId: number, f: AccessFilter) {
  const where: SQL[] = [eq(personalDataAccess.municipalityId, municipalityId)];
  if (f.subjectUserId !== undefined) where.push(eq(personalDataAccess.subjectUserId, f.subjectUserId));
  if (f.actorUserId !== undefined) where.push(eq(personalDataAccess.actorUserId, f.actorUserId));
  if (f.kind !== undefined) where.push(eq(personalDataAccess.kind, f.kind));
  if (f.from !== undefined) where.push(gte(personalDataAccess.at, f.from));
  if (f.to !== undefined) where.push(lt(personalDataAccess.at, f.to));
  return db
    .select()
    .from(personalDataAccess)
    .where(and(...where))
    .orderBy(desc(personalDataAccess.at), desc(personalDataAccess.id))
    .limit(f.limit)
    .offset(f.offset);
}
