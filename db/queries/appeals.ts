import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { announceEvents } from '../announce.ts';
import { locks } from '../locks.ts';
import { type Database, type Db, pipelinedTransaction, rowDecoder, type SqlExecutor } from '../client.ts';
import type { Utility } from '../../dispatch/taxonomy.ts';
import {
  type AppealStatus,
  appealEvents,
  appealFollowers,
  appeals,
  attachments,
  buildings,
  categories,
  districts,
  municipalities,
  organisations,
  userPersonal,
} from '../schema/index.ts';

export type Appeal = typeof appeals.$inferSelect;
export type NewAppeal = Omit<typeof appeals.$inferInsert, 'id' | 'number' | 'version'>;
export type NewAppealEvent = typeof appealEvents.$inferInsert;

/** The appeal this author already filed with this idempotency key, if any. */
export async function findAppealByIdempotencyKey(db: Db, authorId: number, key: string): Promise<Appeal | null> {
  const rows = await db
    .select()
    .from(appeals)
    .where(and(eq(appeals.authorId, authorId), eq(appeals.idempotencyKey, key)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Insert an appeal with the next public number of its municipality and year (KZN-2026-000123).
 * Returns null when the author's idempotency key is already taken (the first request won).
 */
export async function insertAppeal(
  db: Db,
  appeal: NewAppeal & { createdAt: Date },
  numbering: { code: string; year: number },
): Promise<Appeal | null> {
  const number = sql`(select ${`${numbering.code}-${numbering.year}-`} || lpad(n::text, greatest(6, length(n::text)), '0')
    from next_appeal_number(${appeal.municipalityId}::int, ${numbering.year}::int) as n)`;
  const rows = await db
    .insert(appeals)
    .values({ ...appeal, number, updatedAt: appeal.createdAt })
    .onConflictDoNothing({
      target: [appeals.authorId, appeals.idempotencyKey],
      where: sql`${appeals.idempotencyKey} is not null`,
    })
    .returning();
  return rows[0] ?? null;
}

const decodeAppeal = rowDecoder(appeals);
const decodeAttachment = rowDecoder(attachments);

/**
 * The appeal (its id reserved beforehand, see `nextAppealId`), its public number, its 'created'
 * event and its link to an outage under way at its building for its utility, in one statement.
 * Static text, so it is prepared once per connection and costs no query building per request.
 * The number comes from the same function as `insertAppeal`'s; the outage is the earliest active
 * one of the category's utility over the building that has begun. A filing with an idempotency key
 * claims it first (`claimKeySql`), so the key is free here; should a writer that does not claim it
 * (`insertAppeal`) have taken it meanwhile, the appeal is not inserted and the event, which names
 * the reserved id, fails its foreign key: the statement errs, so the whole transaction (the job sent
 * behind it too) rolls back.
 */
const filedAppealSql = `
with outage as (
  select o.id from outage_buildings ob join outages o on o.id = ob.outage_id
  where ob.building_id = $6::int and ob.service = $20::utility and o.status = 'active' and o.starts_at <= $18::timestamptz
  order by o.starts_at limit 1
), a as (
  insert into appeals (id, municipality_id, number, author_id, category_id, building_id, district_id, location, address_text,
    description, entrance, apartment, priority, status, channel, public, idempotency_key, outage_id, created_at, updated_at)
  values ($24::bigint, $1::int,
    (select $2::text || lpad(n::text, greatest(6, length(n::text)), '0') from next_appeal_number($1::int, $3::int) as n),
    $4::bigint, $5::int, $6::int, $7::int, point($8::float8, $9::float8), $10::text,
    $11::text, $12::text, $13::text, $14::priority, $15::appeal_status, $16::channel, $17::boolean, $19::text,
    (select id from outage), $18::timestamptz, $18::timestamptz)
  on conflict (author_id, idempotency_key) where idempotency_key is not null do nothing
  returning *
), created as (
  insert into appeal_events (appeal_id, type, to_status, actor_id, actor_role, payload, at)
  values ($24::bigint, 'created', $15::appeal_status, $21::bigint, $22::role, $23::jsonb, $18::timestamptz)
  returning id
)
select a.*, (select id from created) as created_event_id from a`;

/**
 * An idempotency key is claimed before anything is written: a transaction-scoped advisory lock on
 * the (author, key) pair, so a simultaneous duplicate waits for the first filing to commit, then the
 * look-up (a statement of its own, whose snapshot is taken once the lock is held) finds its appeal.
 * A replay or a race's loser thus draws no public number and violates no constraint: the numbers
 * stay dense and the server's log clean. The lock's two-int key (`locks.appealIdempotencyKey`, the
 * pair's hash) never meets the start-up locks, whose keys are single bigints.
 */
const claimKeySql = `select pg_advisory_xact_lock(${locks.appealIdempotencyKey}, hashtext($1::bigint || ':' || $2::text))`;
const keyTakenSql = 'select id from appeals where author_id = $1::bigint and idempotency_key = $2::text';

/** The 'created' event's foreign key: its violation in `filedAppealSql` means the key was taken. */
const CREATED_EVENT_FK = 'appeal_events_appeal_id_appeals_id_fk';

/** The 'outage_linked' event when the appeal was linked (sent behind `filedAppealSql`, so its id comes after 'created'). */
const outageLinkedSql = `insert into appeal_events (appeal_id, type, actor_id, payload, at)
  select a.id, 'outage_linked', null, jsonb_build_object('outageId', a.outage_id, 'system', 'intake'), $2::timestamptz
  from appeals a where a.id = $1::bigint and a.outage_id is not null
  returning id`;

/** Appeal ids taken from the sequence ahead, per pool (a round trip per block, not per appeal). */
const reservedIds = new WeakMap<Database, { ids: number[]; refill: Promise<void> | null }>();
const ID_BLOCK = 32;

/**
 * The next appeal id: from the appeals' own sequence, fetched `ID_BLOCK` at a time, so the id is
 * known before the appeal is written and everything that names it goes out in the same write.
 * Unused ids leave gaps, as rolled-back inserts always did; with several API processes ids are
 * unique but no longer in filing order across processes (lists order by created_at, id).
 */
export async function nextAppealId(db: Database): Promise<number> {
  let r = reservedIds.get(db);
  if (!r) {
    r = { ids: [], refill: null };
    reservedIds.set(db, r);
  }
  const pool = r;
  while (pool.ids.length === 0) {
    pool.refill ??= db.$client
      .unsafe<{ id: string }[]>(
        `select nextval(pg_get_serial_sequence('appeals', 'id')) as id from generate_series(1, ${ID_BLOCK}) order by 1`,
      )
      .then((rows) => {
        pool.ids.push(...rows.map((x) => Number(x.id)));
      })
      .finally(() => {
        pool.refill = null;
      });
    await pool.refill;
  }
  return pool.ids.shift()!;
}

export type FiledAppeal = {
  appeal: Appeal;
  photos: { id: number; mediaType: string; size: number; width: number | null; height: number | null }[];
};

/** What filing an appeal writes. */
type FilingRows = {
  appeal: NewAppeal & { createdAt: Date };
  numbering: { code: string; year: number };
  /** The 'created' event's actor and payload. */
  event: { actorId: number; actorRole: NonNullable<NewAppealEvent['actorRole']>; payload: Record<string, unknown> };
  /** The category's utility: an active outage of it at the building links the appeal. */
  utility: Utility | null;
  photos: Omit<typeof attachments.$inferInsert, 'id' | 'appealId'>[];
};

/** The parameters of `filedAppealSql`, in its order. */
function filedAppealParams(f: FilingRows, id: number, at: string): unknown[] {
  const a = f.appeal;
  return [
    a.municipalityId,
    `${f.numbering.code}-${f.numbering.year}-`,
    f.numbering.year,
    a.authorId,
    a.categoryId,
    a.buildingId ?? null,
    a.districtId ?? null,
    a.location.x,
    a.location.y,
    a.addressText ?? null,
    a.description,
    a.entrance ?? null,
    a.apartment ?? null,
    a.priority,
    a.status ?? 'new',
    a.channel,
    a.public,
    at,
    a.idempotencyKey ?? null,
    a.buildingId == null ? null : f.utility,
    f.event.actorId,
    f.event.actorRole,
    JSON.stringify(f.event.payload),
    id,
  ];
}

/**
 * File an appeal: the appeal with its number, its 'created' event, its link to an outage under way
 * (with the 'outage_linked' event), its photos and, through `send`, its jobs, all in one
 * transaction or not at all, sent in one go (db/client.ts `pipelinedTransaction`): the id is
 * reserved first (`nextAppealId`), so `begin`, the appeal, what names it and pg-boss's job insert
 * followed by `commit` go out without waiting for one another. With an idempotency key, the key is
 * claimed first (`claimKeySql`: one round trip more, before anything is written). Returns null when
 * the author's idempotency key is taken (the first request won; nothing is written, no number is
 * drawn). The events are announced once committed.
 */
export async function insertFiledAppeal(
  db: Database,
  f: FilingRows,
  /** Send the appeal's job through `executor` (pg-boss's `db` option): its statement is the last. */
  send: (appealId: number, executor: SqlExecutor) => Promise<unknown>,
): Promise<FiledAppeal | null> {
  const a = f.appeal;
  const at = a.createdAt.toISOString();
  const id = await nextAppealId(db);
  let filed: { appeal: Appeal; photos: FiledAppeal['photos']; eventIds: number[] } | null;
  try {
    filed = await pipelinedTransaction(db, async (p) => {
      if (a.idempotencyKey != null) {
        const claimed = p.query(claimKeySql, [a.authorId, a.idempotencyKey]);
        const taken = p.query<{ id: string }>(keyTakenSql, [a.authorId, a.idempotencyKey]);
        await claimed;
        // Taken: nothing is written, and the transaction that only read ends in a plain commit.
        if ((await taken).length > 0) return null;
      }
      const inserted = p.query<Record<string, unknown> & { created_event_id: string }>(
        filedAppealSql,
        filedAppealParams(f, id, at),
      );
      const linked =
        a.buildingId != null && f.utility !== null ? p.query<{ id: string }>(outageLinkedSql, [id, at]) : null;
      let stored: Promise<Record<string, unknown>[]> = Promise.resolve([]);
      if (f.photos.length > 0) {
        const q = db
          .insert(attachments)
          .values(f.photos.map((ph) => ({ ...ph, appealId: id })))
          .returning()
          .toSQL();
        stored = p.query(q.sql, q.params);
      }
      // The job last: pg-boss's statement goes out with `commit`.
      const sent = send(id, p.lastExecutor);
      sent.catch(() => {});
      // The appeal's own error first (a taken key), then the rest.
      const [row] = await inserted;
      const appeal = decodeAppeal(row!);
      const eventIds = [Number(row!.created_event_id)];
      const photos = (await stored)
        .map(decodeAttachment)
        .map((ph) => ({ id: ph.id, mediaType: ph.mediaType, size: ph.size, width: ph.width, height: ph.height }));
      for (const e of linked ? await linked : []) eventIds.push(Number(e.id));
      await sent;
      return { appeal, photos, eventIds };
    });
  } catch (err) {
    if (
      (err as { code?: string; constraint_name?: string }).code === '23503' &&
      (err as { constraint_name?: string }).constraint_name === CREATED_EVENT_FK
    )
      return null;
    throw err;
  }
  if (!filed) return null;
  db.$announcer.announce(filed.eventIds);
  return { appeal: filed.appeal, photos: filed.photos };
}

export async function insertAppealEvent(db: Db, event: NewAppealEvent): Promise<void> {
  const rows = await db.insert(appealEvents).values(event).returning({ id: appealEvents.id });
  announceEvents(db, rows);
}

/** Several events of one cause in one statement, in the order given (their ids rise in that order). */
export async function insertAppealEvents(db: Db, events: readonly NewAppealEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = await db
    .insert(appealEvents)
    .values([...events])
    .returning({ id: appealEvents.id });
  announceEvents(
    db,
    rows.sort((a, b) => a.id - b.id),
  );
}

/** An appeal with the names a view shows (category, building, district, organisation, municipality). */
export type AppealDetail = Awaited<ReturnType<typeof getAppealDetail>> & {};

const detailColumns = {
  appeal: appeals,
  municipalityCode: municipalities.code,
  category: {
    id: categories.id,
    code: categories.code,
    nameRu: categories.nameRu,
    nameEn: categories.nameEn,
    group: categories.group,
  },
  buildingAddress: buildings.address,
  district: { id: districts.id, nameRu: districts.nameRu, nameEn: districts.nameEn },
  organisation: { id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn },
};

/** Appeals with the names their views show; drizzle gives null for a missing left-joined row. */
function selectDetails(db: Db, where: SQL | undefined) {
  return db
    .select(detailColumns)
    .from(appeals)
    .innerJoin(municipalities, eq(municipalities.id, appeals.municipalityId))
    .innerJoin(categories, eq(categories.id, appeals.categoryId))
    .leftJoin(buildings, eq(buildings.id, appeals.buildingId))
    .leftJoin(districts, eq(districts.id, appeals.districtId))
    .leftJoin(organisations, eq(organisations.id, appeals.assignedOrgId))
    .where(where);
}

/** One appeal by id or by public number, with the names its views need. */
export async function getAppealDetail(db: Db, key: { id: number } | { number: string }) {
  const rows = await selectDetails(
    db,
    'id' in key ? eq(appeals.id, key.id) : eq(appeals.number, key.number.toUpperCase()),
  ).limit(1);
  return rows[0] ?? null;
}

/** The author's personal data, for the views allowed to show it. */
export async function getPersonal(db: Db, userId: number) {
  const rows = await db
    .select({ fullName: userPersonal.fullName, phone: userPersonal.phone, email: userPersonal.email })
    .from(userPersonal)
    .where(eq(userPersonal.userId, userId))
    .limit(1);
  return rows[0] ?? { fullName: null, phone: null, email: null };
}

export async function listAppealEvents(db: Db, appealId: number) {
  return db
    .select({
      id: appealEvents.id,
      type: appealEvents.type,
      fromStatus: appealEvents.fromStatus,
      toStatus: appealEvents.toStatus,
      actorId: appealEvents.actorId,
      actorRole: appealEvents.actorRole,
      organisation: { id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn },
      note: appealEvents.note,
      payload: appealEvents.payload,
      at: appealEvents.at,
    })
    .from(appealEvents)
    .leftJoin(organisations, eq(organisations.id, appealEvents.organisationId))
    .where(eq(appealEvents.appealId, appealId))
    .orderBy(asc(appealEvents.id));
}

/** Which appeals a list may show: decided by the permission scope of the actor. */
export type ListScope =
  | { kind: 'public' }
  | { kind: 'own'; userId: number }
  | { kind: 'organisation'; municipalityId: number; organisationId: number }
  | { kind: 'municipality'; municipalityId: number };

export type AppealFilters = {
  municipalityId?: number;
  statuses?: AppealStatus[];
  categoryId?: number;
  districtId?: number;
  organisationId?: number;
  buildingId?: number;
  from?: Date;
  to?: Date;
  bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
};

export type Cursor = { createdAt: Date; id: number };

function scopeCondition(scope: ListScope): SQL | undefined {
  switch (scope.kind) {
    case 'public':
      return eq(appeals.public, true);
    case 'own':
      return eq(appeals.authorId, scope.userId);
    case 'organisation':
      return and(eq(appeals.municipalityId, scope.municipalityId), eq(appeals.assignedOrgId, scope.organisationId));
    case 'municipality':
      return eq(appeals.municipalityId, scope.municipalityId);
  }
}

/** A page of appeals, newest first, keyset-paginated on (created_at, id). */
export async function listAppeals(db: Db, scope: ListScope, f: AppealFilters, cursor: Cursor | null, limit: number) {
  const where = and(
    scopeCondition(scope),
    f.municipalityId === undefined ? undefined : eq(appeals.municipalityId, f.municipalityId),
    f.statuses?.length ? inArray(appeals.status, f.statuses) : undefined,
    f.categoryId === undefined ? undefined : eq(appeals.categoryId, f.categoryId),
    f.districtId === undefined ? undefined : eq(appeals.districtId, f.districtId),
    f.organisationId === undefined ? undefined : eq(appeals.assignedOrgId, f.organisationId),
    f.buildingId === undefined ? undefined : eq(appeals.buildingId, f.buildingId),
    f.from ? gte(appeals.createdAt, f.from) : undefined,
    f.to ? lt(appeals.createdAt, f.to) : undefined,
    f.bbox
      ? sql`${appeals.location} <@ box(point(${f.bbox.minLon}, ${f.bbox.minLat}), point(${f.bbox.maxLon}, ${f.bbox.maxLat}))`
      : undefined,
    cursor
      ? or(
          lt(appeals.createdAt, cursor.createdAt),
          and(eq(appeals.createdAt, cursor.createdAt), lt(appeals.id, cursor.id)),
        )
      : undefined,
  );
  return selectDetails(db, where).orderBy(desc(appeals.createdAt), desc(appeals.id)).limit(limit);
}

/** What the lifecycle decides on, read under a row lock (FOR UPDATE) inside the caller's transaction. */
export async function lockAppealForTransition(db: Db, key: { id: number } | { number: string }) {
  const rows = await db
    .select({
      id: appeals.id,
      number: appeals.number,
      municipalityId: appeals.municipalityId,
      authorId: appeals.authorId,
      status: appeals.status,
      assignedOrgId: appeals.assignedOrgId,
      categoryId: appeals.categoryId,
      priority: appeals.priority,
      version: appeals.version,
      resolvedAt: appeals.resolvedAt,
      reopenCount: appeals.reopenCount,
      rating: appeals.rating,
      public: appeals.public,
    })
    .from(appeals)
    .where('id' in key ? eq(appeals.id, key.id) : eq(appeals.number, key.number.toUpperCase()))
    .for('update');
  return rows[0] ?? null;
}

export type AppealTransitionState = {
  status: AppealStatus;
  assignedOrgId: number | null;
  categoryId: number;
  priority: (typeof appeals.$inferSelect)['priority'];
  version: number;
  resolvedAt: Date | null;
  reopenCount: number;
  rating: number | null;
};

/**
 * Write a lifecycle transition: the appeal's next state, guarded by the version it was decided on,
 * and its event, in the caller's transaction. False when someone else changed the appeal first.
 */
export async function applyAppealTransition(
  db: Db,
  appealId: number,
  expectedVersion: number,
  next: AppealTransitionState,
  event: Omit<NewAppealEvent, 'appealId'>,
  now: Date,
): Promise<boolean> {
  const updated = await db
    .update(appeals)
    .set({
      status: next.status,
      assignedOrgId: next.assignedOrgId,
      categoryId: next.categoryId,
      priority: next.priority,
      version: next.version,
      resolvedAt: next.resolvedAt,
      reopenCount: next.reopenCount,
      rating: next.rating,
      // leaving triage clears its reason
      triageReason: next.status === 'new' || next.status === 'rejected' ? undefined : null,
      updatedAt: now,
    })
    .where(and(eq(appeals.id, appealId), eq(appeals.version, expectedVersion)))
    .returning({ id: appeals.id });
  if (updated.length === 0) return false;
  announceEvents(
    db,
    await db
      .insert(appealEvents)
      .values({ ...event, appealId })
      .returning({ id: appealEvents.id }),
  );
  return true;
}

export async function addFollower(db: Db, appealId: number, userId: number, now: Date): Promise<void> {
  await db.insert(appealFollowers).values({ appealId, userId, since: now }).onConflictDoNothing();
}

const openStatuses: AppealStatus[] = ['new', 'assigned', 'accepted', 'needs_info', 'reopened'];

/**
 * Open public appeals that may be the same problem: same category group in the same building, or
 * (outdoors) near the point, filed since `since`. The caller ranks by distance.
 */
export async function findSimilarOpenAppeals(
  db: Db,
  q: {
    municipalityId: number;
    group: string;
    buildingId: number | null;
    lon: number;
    lat: number;
    since: Date;
    boxDegrees: { lon: number; lat: number };
  },
) {
  const place = q.buildingId
    ? eq(appeals.buildingId, q.buildingId)
    : sql`${appeals.location} <@ box(point(${q.lon - q.boxDegrees.lon}, ${q.lat - q.boxDegrees.lat}), point(${q.lon + q.boxDegrees.lon}, ${q.lat + q.boxDegrees.lat}))`;
  return selectDetails(
    db,
    and(
      eq(appeals.municipalityId, q.municipalityId),
      eq(appeals.public, true),
      inArray(appeals.status, openStatuses),
      gte(appeals.createdAt, q.since),
      sql`${categories.group} = ${q.group}`,
      place,
    ),
  )
    .orderBy(desc(appeals.createdAt))
    .limit(50);
}

export async function removeFollower(db: Db, appealId: number, userId: number): Promise<void> {
  await db
    .delete(appealFollowers)
    .where(and(eq(appealFollowers.appealId, appealId), eq(appealFollowers.userId, userId)));
}
