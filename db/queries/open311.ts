/**
 * Open311 GeoReport v2 (issue 18): the clients and their keys, what a POST adds to the appeal it
 * filed (token, media, attributes, the submitter kept apart as personal data), and the public
 * service requests as GET requests reads them — public appeals of public categories only, with no
 * author, contact, apartment or submitter field.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { AppealStatus } from '../../dispatch/taxonomy.ts';
import type { Db } from '../client.ts';
import {
  apiClients,
  appeals,
  buildings,
  categories,
  municipalities,
  open311Requests,
  open311Submitters,
  organisations,
  users,
} from '../schema/index.ts';
import { type AccessContext, recordAccess } from './audit.ts';

export type ApiClient = typeof apiClients.$inferSelect;

/** The client whose key hashes to this, revoked or not (the service tells the two apart). */
export async function findClientByKeyHash(db: Db, keyHash: string): Promise<ApiClient | null> {
  const rows = await db.select().from(apiClients).where(eq(apiClients.keyHash, keyHash)).limit(1);
  return rows[0] ?? null;
}

/** The client was used now (the admin's list shows it); at most one write a minute per client. */
export async function touchClient(db: Db, id: number, now: Date): Promise<void> {
  await db
    .update(apiClients)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiClients.id, id),
        sql`(${apiClients.lastUsedAt} is null or ${apiClients.lastUsedAt} < ${now.toISOString()}::timestamptz - interval '1 minute')`,
      ),
    );
}

export type Open311Extras = {
  appealId: number;
  clientId: number;
  token: string;
  mediaUrl: string | null;
  attributes: Record<string, string | string[]>;
  createdAt: Date;
};
export type Submitter = Omit<typeof open311Submitters.$inferInsert, 'appealId'>;

/**
 * What Open311 adds to the appeal it filed, and its submitter (when the client named one). A
 * repeat finds the rows there and keeps them: the token answered is the first one.
 */
export async function recordOpen311Request(db: Db, extras: Open311Extras, submitter: Submitter | null) {
  await db.insert(open311Requests).values(extras).onConflictDoNothing();
  if (submitter)
    await db
      .insert(open311Submitters)
      .values({ appealId: extras.appealId, ...submitter })
      .onConflictDoNothing();
  const rows = await db
    .select({ token: open311Requests.token })
    .from(open311Requests)
    .where(eq(open311Requests.appealId, extras.appealId));
  return rows[0]!.token;
}

/** The appeal a token was answered for (its municipality too, to check the jurisdiction). */
export async function appealOfToken(db: Db, token: string) {
  const rows = await db
    .select({ number: appeals.number, municipalityId: appeals.municipalityId, public: appeals.public })
    .from(open311Requests)
    .innerJoin(appeals, eq(appeals.id, open311Requests.appealId))
    .where(eq(open311Requests.token, token))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * The submitter of an appeal filed through Open311, for the staff handling it, and the trail row of
 * that reading (kind appeal.read_personal, subject the client's service account). Null when the
 * appeal has none; nothing is recorded then.
 */
export async function readSubmitterAudited(db: Db, appealId: number, context: AccessContext) {
  const rows = await db
    .select({
      email: open311Submitters.email,
      firstName: open311Submitters.firstName,
      lastName: open311Submitters.lastName,
      phone: open311Submitters.phone,
      deviceId: open311Submitters.deviceId,
      accountId: open311Submitters.accountId,
      authorId: appeals.authorId,
      clientName: apiClients.name,
    })
    .from(open311Submitters)
    .innerJoin(appeals, eq(appeals.id, open311Submitters.appealId))
    .innerJoin(open311Requests, eq(open311Requests.appealId, open311Submitters.appealId))
    .innerJoin(apiClients, eq(apiClients.id, open311Requests.clientId))
    .where(eq(open311Submitters.appealId, appealId))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  await recordAccess(db, context, [
    { kind: 'appeal.read_personal', subjectUserId: row.authorId, record: `appeal:${appealId}:open311_submitter` },
  ]);
  const { authorId: _author, ...submitter } = row;
  return submitter;
}

export type RequestFilter = {
  municipalityId: number;
  numbers?: string[];
  categoryCodes?: string[];
  statuses?: AppealStatus[];
  from?: Date;
  to?: Date;
  limit: number;
};

/**
 * Public service requests, newest first: public appeals of categories that are public now (a
 * category made private later takes its appeals out too). The first photo stands for an appeal
 * filed through Otklik; Open311's own media_url for one filed through Open311.
 */
export async function listPublicRequests(db: Db, f: RequestFilter) {
  const where: (SQL | undefined)[] = [
    eq(appeals.municipalityId, f.municipalityId),
    eq(appeals.public, true),
    eq(categories.public, true),
  ];
  if (f.numbers) where.push(inArray(appeals.number, f.numbers));
  if (f.categoryCodes) where.push(inArray(categories.code, f.categoryCodes));
  if (f.statuses) where.push(inArray(appeals.status, f.statuses));
  if (f.from) where.push(gte(appeals.createdAt, f.from));
  if (f.to) where.push(lte(appeals.createdAt, f.to));
  return db
    .select({
      number: appeals.number,
      status: appeals.status,
      description: appeals.description,
      categoryCode: categories.code,
      categoryNameRu: categories.nameRu,
      categoryNameEn: categories.nameEn,
      organisationRu: organisations.nameRu,
      organisationEn: organisations.nameEn,
      createdAt: appeals.createdAt,
      updatedAt: appeals.updatedAt,
      resolutionDueAt: appeals.resolutionDueAt,
      address: appeals.addressText,
      buildingId: appeals.buildingId,
      postcode: buildings.postcode,
      lon: sql<number>`(${appeals.location})[0]`.mapWith(Number),
      lat: sql<number>`(${appeals.location})[1]`.mapWith(Number),
      mediaUrl: open311Requests.mediaUrl,
      firstPhotoId: sql<number | null>`(select min(a.id) from attachments a where a.appeal_id = ${appeals.id})`.mapWith(
        (v) => (v === null ? null : Number(v)),
      ),
    })
    .from(appeals)
    .innerJoin(categories, eq(categories.id, appeals.categoryId))
    .leftJoin(organisations, eq(organisations.id, appeals.assignedOrgId))
    .leftJoin(buildings, eq(buildings.id, appeals.buildingId))
    .leftJoin(open311Requests, eq(open311Requests.appealId, appeals.id))
    .where(and(...where))
    .orderBy(desc(appeals.createdAt), desc(appeals.id))
    .limit(f.limit);
}
export type PublicRequestRow = Awaited<ReturnType<typeof listPublicRequests>>[number];

/** A building of the municipality by id (the spec's address_id). */
export async function buildingOfMunicipality(db: Db, municipalityId: number, id: number) {
  const rows = await db
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.id, id), eq(buildings.municipalityId, municipalityId)))
    .limit(1);
  return rows[0] ?? null;
}

// ── The admin's records of clients ──

const clientColumns = {
  id: apiClients.id,
  municipalityId: apiClients.municipalityId,
  name: apiClients.name,
  contact: apiClients.contact,
  keyPrefix: apiClients.keyPrefix,
  requestsPerMinute: apiClients.requestsPerMinute,
  createdAt: apiClients.createdAt,
  revokedAt: apiClients.revokedAt,
  revokeReason: apiClients.revokeReason,
  lastUsedAt: apiClients.lastUsedAt,
  requests: sql<number>`(select count(*) from open311_requests r where r.client_id = ${apiClients.id})`.mapWith(Number),
};

/** A municipality's clients, live ones first, newest first. */
export async function listClients(db: Db, municipalityId: number) {
  return db
    .select(clientColumns)
    .from(apiClients)
    .where(eq(apiClients.municipalityId, municipalityId))
    .orderBy(sql`${apiClients.revokedAt} is not null`, desc(apiClients.createdAt), asc(apiClients.id));
}

export async function getClient(db: Db, id: number) {
  const rows = await db.select(clientColumns).from(apiClients).where(eq(apiClients.id, id)).limit(1);
  return rows[0] ?? null;
}
export type ClientRow = NonNullable<Awaited<ReturnType<typeof getClient>>>;

/** A new client with its service account (a resident without personal data or a way to sign in). */
export async function insertClient(
  db: Db,
  c: {
    municipalityId: number;
    name: string;
    contact: string | null;
    requestsPerMinute: number;
    keyPrefix: string;
    keyHash: string;
    createdBy: number;
    now: Date;
  },
): Promise<number> {
  const [account] = await db
    .insert(users)
    .values({ municipalityId: c.municipalityId, role: 'resident', createdAt: c.now })
    .returning({ id: users.id });
  const [client] = await db
    .insert(apiClients)
    .values({
      municipalityId: c.municipalityId,
      name: c.name,
      contact: c.contact,
      keyPrefix: c.keyPrefix,
      keyHash: c.keyHash,
      userId: account.id,
      requestsPerMinute: c.requestsPerMinute,
      createdBy: c.createdBy,
      createdAt: c.now,
    })
    .returning({ id: apiClients.id });
  return client.id;
}

/** Revoke a live client's key; false when it was revoked already. */
export async function revokeClient(db: Db, id: number, by: number, reason: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiClients)
    .set({ revokedAt: now, revokedBy: by, revokeReason: reason })
    .where(and(eq(apiClients.id, id), isNull(apiClients.revokedAt)))
    .returning({ id: apiClients.id });
  return rows.length > 0;
}

/** The municipalities Open311 serves, by code (its jurisdiction ids). */
export async function jurisdictions(db: Db) {
  return db
    .select({
      id: municipalities.id,
      code: municipalities.code,
      timeZone: municipalities.timeZone,
      nameRu: municipalities.nameRu,
    })
    .from(municipalities)
    .orderBy(asc(municipalities.id));
}
