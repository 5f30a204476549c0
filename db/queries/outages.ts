/**
 * Outages: publication with its buildings (chosen from a list, inside a drawn polygon or a whole
 * district, resolved in SQL), the public lists, changes with their history, the residents to tell
 * (set-based: a district may be hundreds of buildings) and the escalation sweeper's queries.
 */
import { and, asc, eq, gt, inArray, lte, max, type SQL, sql } from 'drizzle-orm';
import type { TopicFacts } from '../../dispatch/live.ts';
import type { OutageEventType, OutageSnapshot } from '../../dispatch/live-records.ts';
import { announceOutageUpdates } from '../announce.ts';
import type { Person, PreferenceOverride } from '../../dispatch/notifications.ts';
import type { OutageUpdateKind } from '../schema/outages.ts';
import type { Utility } from '../../dispatch/taxonomy.ts';
import { arrayLiteral, type Db } from '../client.ts';
import { buildings, municipalities, outageFollowers, outageUpdates, outages } from '../schema/index.ts';
import type { Ring } from '../schema/types.ts';

export type Outage = typeof outages.$inferSelect;

const supplierColumn: Record<Utility, string> = {
  cold_water: 'cold_water_supplier_id',
  hot_water: 'hot_water_supplier_id',
  heating: 'heating_supplier_id',
  electricity: 'electricity_supplier_id',
  gas: 'gas_supplier_id',
};

/** `(x,y),(x,y),…` as PostgreSQL reads a polygon. */
export const polygonText = (ring: Ring) => `(${ring.map(([x, y]) => `(${x},${y})`).join(',')})`;

export async function getBoundary(db: Db, municipalityId: number): Promise<Ring | null> {
  const [row] = await db
    .select({ boundary: municipalities.boundary })
    .from(municipalities)
    .where(eq(municipalities.id, municipalityId));
  return row?.boundary ?? null;
}

export type BuildingChoice = { buildingIds: readonly number[] } | { area: Ring } | { districtId: number };

export type ChosenBuilding = {
  id: number;
  address: string;
  lat: number;
  lon: number;
  districtId: number;
  served: boolean;
};

/**
 * The municipality's buildings a choice names, each with whether the organisation serves it for the
 * service (as its management company or as that service's supplier); `organisationId` null serves all.
 */
export async function chooseBuildings(
  db: Db,
  q: { municipalityId: number; service: Utility; organisationId: number | null; choice: BuildingChoice },
): Promise<ChosenBuilding[]> {
  const served =
    q.organisationId === null
      ? sql`true`
      : // coalesce: a building with no supplier of the service compares as null, and "served" is a yes or a no.
        sql`coalesce(b.management_company_id = ${q.organisationId} or b.${sql.identifier(supplierColumn[q.service])} = ${q.organisationId}, false)`;
  const where =
    'buildingIds' in q.choice
      ? sql`b.id = any(${arrayLiteral(q.choice.buildingIds)}::int[])`
      : 'area' in q.choice
        ? sql`b.location <@ ${polygonText(q.choice.area)}::polygon`
        : sql`b.district_id = ${q.choice.districtId}`;
  const rows = await db.execute<{
    id: number;
    address: string;
    lat: number;
    lon: number;
    district_id: number;
    served: boolean;
  }>(sql`
    select b.id, b.address, b.location[1] as lat, b.location[0] as lon, b.district_id, ${served} as served
    from buildings b where b.municipality_id = ${q.municipalityId} and ${where}
    order by b.address, b.id`);
  return rows.map((r) => ({
    id: r.id,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    districtId: r.district_id,
    served: r.served,
  }));
}

export type OverlapQuery = {
  service: Utility;
  buildingIds: readonly number[];
  startsAt: Date;
  endsAt: Date;
  exceptOutageId?: number;
};
/** The outage another one collides with: which, over which building, and its own reason and times. */
export type Overlap = {
  outageId: number;
  buildingId: number;
  address: string;
  kind: Outage['kind'];
  reason: string;
  startsAt: Date;
  expectedEndAt: Date;
};

/** An active outage of the service over one of the buildings at an overlapping time, if any. */
export async function findOverlap(db: Db, q: OverlapQuery): Promise<Overlap | null> {
  if (q.buildingIds.length === 0) return null;
  const rows = await db.execute<{
    outage_id: number;
    building_id: number;
    address: string;
    kind: Outage['kind'];
    reason: string;
    starts_at: Date | string;
    expected_end_at: Date | string;
  }>(sql`
    select ob.outage_id::int, ob.building_id, b.address, o.kind, o.reason, o.starts_at, o.expected_end_at
    from outage_buildings ob join buildings b on b.id = ob.building_id join outages o on o.id = ob.outage_id
    where ob.service = ${q.service} and ob.building_id = any(${arrayLiteral(q.buildingIds)}::int[])
      and ob.during && tstzrange(${q.startsAt}::timestamptz, ${q.endsAt}::timestamptz, '[)')
      and ob.outage_id <> ${q.exceptOutageId ?? 0}
    order by ob.outage_id, b.address limit 1`);
  const r = rows[0];
  return r
    ? {
        outageId: Number(r.outage_id),
        buildingId: r.building_id,
        address: r.address,
        kind: r.kind,
        reason: r.reason,
        startsAt: toDate(r.starts_at)!,
        expectedEndAt: toDate(r.expected_end_at)!,
      }
    : null;
}

/** Is this error the exclusion constraint refusing an overlapping outage? */
export function isOverlapViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const pg = e as Error & { code?: string; constraint_name?: string };
    if (pg.code === '23P01') return true;
  }
  return false;
}

export async function insertOutage(db: Db, row: typeof outages.$inferInsert): Promise<Outage> {
  const [created] = await db.insert(outages).values(row).returning();
  return created;
}

/** Add buildings to an outage with its service and its active range [startsAt, expectedEndAt). */
export async function addOutageBuildings(
  db: Db,
  o: Pick<Outage, 'id' | 'service' | 'startsAt' | 'expectedEndAt'>,
  buildingIds: readonly number[],
): Promise<void> {
  if (buildingIds.length === 0) return;
  await db.execute(sql`
    insert into outage_buildings (outage_id, building_id, service, during)
    select ${o.id}, unnest(${arrayLiteral(buildingIds)}::int[]), ${o.service}, tstzrange(${o.startsAt}::timestamptz, ${o.expectedEndAt}::timestamptz, '[)')`);
}

export async function removeOutageBuildings(db: Db, outageId: number, buildingIds: readonly number[]): Promise<void> {
  if (buildingIds.length === 0) return;
  await db.execute(
    sql`delete from outage_buildings where outage_id = ${outageId} and building_id = any(${arrayLiteral(buildingIds)}::int[])`,
  );
}

/** Keep `during` in step with the outage: active [start, end), restored [start, restored), cancelled empty. */
export async function syncOutageRange(
  db: Db,
  o: Pick<Outage, 'id' | 'status' | 'startsAt' | 'expectedEndAt' | 'restoredAt'>,
): Promise<void> {
  const range =
    o.status === 'cancelled'
      ? sql`'empty'::tstzrange`
      : sql`tstzrange(${o.startsAt}::timestamptz, ${(o.status === 'restored' ? o.restoredAt : o.expectedEndAt) ?? o.expectedEndAt}::timestamptz, '[)')`;
  await db.execute(sql`update outage_buildings set during = ${range} where outage_id = ${o.id}`);
}

export async function listOutageBuildingIds(db: Db, outageId: number): Promise<number[]> {
  const rows = await db.execute<{ building_id: number }>(
    sql`select building_id from outage_buildings where outage_id = ${outageId} order by building_id`,
  );
  return rows.map((r) => r.building_id);
}

export async function lockOutage(db: Db, id: number): Promise<Outage | null> {
  const [row] = await db.select().from(outages).where(eq(outages.id, id)).for('update');
  return row ?? null;
}

/** Write the outage's new state (the caller checked the version under the lock); bumps the version. */
export async function updateOutage(
  db: Db,
  id: number,
  set: Partial<Omit<Outage, 'id' | 'version'>>,
  now: Date,
): Promise<Outage> {
  const [row] = await db
    .update(outages)
    .set({ ...set, updatedAt: now, version: sql`${outages.version} + 1` })
    .where(eq(outages.id, id))
    .returning();
  return row;
}

export async function insertOutageUpdate(
  db: Db,
  u: {
    outageId: number;
    kind: OutageUpdateKind;
    actorId: number | null;
    actorRole: (typeof outageUpdates.$inferInsert)['actorRole'];
    note?: string | null;
    changes?: Record<string, [unknown, unknown]>;
    at: Date;
  },
): Promise<number> {
  const rows = await db
    .insert(outageUpdates)
    .values({ ...u, note: u.note ?? null, changes: u.changes ?? {} })
    .returning({ id: outageUpdates.id });
  // Live streams hear of it once the transaction commits (db/announce.ts).
  announceOutageUpdates(db, rows);
  return rows[0].id;
}

export type OutageFilters = {
  municipalityId: number;
  status?: 'active' | 'restored' | 'cancelled' | 'all';
  service?: Utility;
  buildingId?: number;
  districtId?: number;
  organisationId?: number;
  bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  limit: number;
};

export type OutageListRow = Outage & {
  organisationRu: string;
  organisationEn: string;
  buildingCount: number;
  firstAddress: string | null;
};

function outageRows(db: Db, where: SQL) {
  return db.execute<Record<string, unknown>>(sql`
    select o.*, org.name_ru as organisation_ru, org.name_en as organisation_en,
      (select count(*)::int from outage_buildings ob where ob.outage_id = o.id) as building_count,
      (select b.address from outage_buildings ob join buildings b on b.id = ob.building_id where ob.outage_id = o.id order by b.address limit 1) as first_address
    from outages o join organisations org on org.id = o.organisation_id
    where ${where}`);
}

const toDate = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
const ringOf = (v: unknown): Ring | null => {
  if (v === null || v === undefined) return null;
  const nums =
    String(v)
      .match(/-?\d+(\.\d+)?(e-?\d+)?/gi)
      ?.map(Number) ?? [];
  const ring: Ring = [];
  for (let i = 0; i + 1 < nums.length; i += 2) ring.push([nums[i], nums[i + 1]]);
  return ring;
};

function mapRow(r: Record<string, unknown>): OutageListRow {
  return {
    id: Number(r.id),
    municipalityId: Number(r.municipality_id),
    organisationId: Number(r.organisation_id),
    service: r.service as Utility,
    kind: r.kind as Outage['kind'],
    status: r.status as Outage['status'],
    reason: String(r.reason),
    startsAt: toDate(r.starts_at)!,
    expectedEndAt: toDate(r.expected_end_at)!,
    restoredAt: toDate(r.restored_at),
    area: ringOf(r.area),
    districtId: r.district_id === null ? null : Number(r.district_id),
    escalationLevel: Number(r.escalation_level),
    nextStepAt: toDate(r.next_step_at),
    version: Number(r.version),
    createdBy: Number(r.created_by),
    createdAt: toDate(r.created_at)!,
    updatedAt: toDate(r.updated_at)!,
    organisationRu: String(r.organisation_ru),
    organisationEn: String(r.organisation_en),
    buildingCount: Number(r.building_count),
    firstAddress: (r.first_address as string | null) ?? null,
  };
}

/** Outages of a municipality, active ones by default, newest start first. */
export async function listOutages(db: Db, f: OutageFilters): Promise<OutageListRow[]> {
  const parts: SQL[] = [sql`o.municipality_id = ${f.municipalityId}`];
  const status = f.status ?? 'active';
  if (status !== 'all') parts.push(sql`o.status = ${status}`);
  if (f.service) parts.push(sql`o.service = ${f.service}`);
  if (f.organisationId) parts.push(sql`o.organisation_id = ${f.organisationId}`);
  if (f.buildingId)
    parts.push(
      sql`exists (select 1 from outage_buildings ob where ob.outage_id = o.id and ob.building_id = ${f.buildingId})`,
    );
  if (f.districtId) {
    parts.push(
      sql`exists (select 1 from outage_buildings ob join buildings b on b.id = ob.building_id where ob.outage_id = o.id and b.district_id = ${f.districtId})`,
    );
  }
  if (f.bbox) {
    const box = `(${f.bbox.maxLon},${f.bbox.maxLat}),(${f.bbox.minLon},${f.bbox.minLat})`;
    parts.push(
      sql`exists (select 1 from outage_buildings ob join buildings b on b.id = ob.building_id where ob.outage_id = o.id and b.location <@ ${box}::box)`,
    );
  }
  const rows = await outageRows(
    db,
    sql`${sql.join(parts, sql` and `)} order by o.starts_at desc, o.id desc limit ${f.limit}`,
  );
  return rows.map(mapRow);
}

export async function getOutage(db: Db, id: number): Promise<OutageListRow | null> {
  const rows = await outageRows(db, sql`o.id = ${id}`);
  return rows[0] ? mapRow(rows[0]) : null;
}

export type OutageBuilding = { id: number; address: string; lat: number; lon: number };

/** The buildings of some outages (at most `perOutage` each, by address), for maps and pages. */
export async function listBuildingsOf(
  db: Db,
  outageIds: readonly number[],
  perOutage: number,
): Promise<Map<number, OutageBuilding[]>> {
  const out = new Map<number, OutageBuilding[]>();
  if (outageIds.length === 0) return out;
  const rows = await db.execute<{ outage_id: string; id: number; address: string; lat: number; lon: number }>(sql`
    select outage_id, id, address, lat, lon from (
      select ob.outage_id, b.id, b.address, b.location[1] as lat, b.location[0] as lon,
        row_number() over (partition by ob.outage_id order by b.address, b.id) as n
      from outage_buildings ob join buildings b on b.id = ob.building_id
      where ob.outage_id = any(${`{${outageIds.join(',')}}`}::bigint[])
    ) x where n <= ${perOutage} order by outage_id, n`);
  for (const r of rows) {
    const key = Number(r.outage_id);
    const list = out.get(key) ?? [];
    list.push({ id: r.id, address: r.address, lat: r.lat, lon: r.lon });
    out.set(key, list);
  }
  return out;
}

export async function listOutageUpdates(db: Db, outageId: number) {
  return db
    .select({
      id: outageUpdates.id,
      kind: outageUpdates.kind,
      note: outageUpdates.note,
      changes: outageUpdates.changes,
      at: outageUpdates.at,
      actorRole: outageUpdates.actorRole,
    })
    .from(outageUpdates)
    .where(eq(outageUpdates.outageId, outageId))
    .orderBy(asc(outageUpdates.id));
}

/** The outage an appeal follows, as its view shows it. */
export async function getOutageBrief(db: Db, id: number) {
  const [row] = await db
    .select({
      id: outages.id,
      service: outages.service,
      kind: outages.kind,
      status: outages.status,
      reason: outages.reason,
      startsAt: outages.startsAt,
      expectedEndAt: outages.expectedEndAt,
      restoredAt: outages.restoredAt,
    })
    .from(outages)
    .where(eq(outages.id, id));
  return row ?? null;
}

/**
 * The people an outage's residents' messages go to, in one query: residents with a confirmed link
 * to an apartment in an affected building, the authors of open appeals linked to the outage and
 * the residents who chose to follow it.
 */
export async function listOutageAudience(db: Db, outageId: number): Promise<Person[]> {
  const rows = await db.execute<{
    user_id: string;
    role: Person['role'];
    language: Person['language'];
    phone: string | null;
    email: string | null;
    preferences: PreferenceOverride[];
    push_endpoints: string[];
  }>(sql`
    with audience as (
      select l.user_id from apartment_links l
        join apartments a on a.id = l.apartment_id
        join outage_buildings ob on ob.building_id = a.building_id and ob.outage_id = ${outageId}
      where l.status = 'confirmed'
      union
      select ap.author_id from appeals ap
      where ap.outage_id = ${outageId} and ap.status not in ('closed', 'rejected', 'duplicate', 'cancelled')
      union
      select f.user_id from outage_followers f where f.outage_id = ${outageId}
    )
    -- Choices and browsers aggregated once for the whole audience (a district is thousands of people).
    , prefs as (
      select np.user_id, json_agg(json_build_object('kind', np.kind, 'channel', np.channel, 'enabled', np.enabled)) as preferences
      from notification_preferences np where np.user_id in (select user_id from audience) group by np.user_id
    ), pushes as (
      select s.user_id, json_agg(s.endpoint order by s.id) as push_endpoints
      from push_subscriptions s where s.user_id in (select user_id from audience) group by s.user_id
    )
    select u.id as user_id, u.role, u.language, p.phone, p.email,
      coalesce(prefs.preferences, '[]'::json) as preferences, coalesce(pushes.push_endpoints, '[]'::json) as push_endpoints
    from audience x join users u on u.id = x.user_id left join user_personal p on p.user_id = u.id
      left join prefs on prefs.user_id = u.id left join pushes on pushes.user_id = u.id
    where u.disabled_at is null
    order by u.id`);
  return rows.map((r) => ({
    userId: Number(r.user_id),
    role: r.role,
    language: r.language,
    phone: r.phone ?? null,
    email: r.email ?? null,
    preferences: r.preferences,
    pushEndpoints: r.push_endpoints,
  }));
}

export type RenderedNotice = {
  userId: number | null;
  channel: 'sms' | 'email' | 'push';
  destination: string;
  kind: string;
  template: string;
  subject: string;
  body: string;
  sendAfter: Date | null;
};

/**
 * Write rendered messages to the outbox in one statement, whatever the count (a district's outage
 * may reach tens of thousands of residents): the rows go as one JSON parameter naming their text,
 * and each distinct text (a template in a language) goes once beside them. Returns the ids.
 */
export async function insertRenderedNotices(
  db: Db,
  municipalityId: number,
  notices: readonly RenderedNotice[],
  now: Date,
): Promise<number[]> {
  if (notices.length === 0) return [];
  const texts = new Map<string, number>();
  const textRows: { x: number; template: string; subject: string; body: string }[] = [];
  const rows = notices.map((n) => {
    const key = `${n.template}\u0000${n.subject}\u0000${n.body}`;
    let x = texts.get(key);
    if (x === undefined) {
      x = textRows.length;
      texts.set(key, x);
      textRows.push({ x, template: n.template, subject: n.subject, body: n.body });
    }
    return { u: n.userId, c: n.channel, d: n.destination, k: n.kind, x, s: n.sendAfter?.toISOString() ?? null };
  });
  const inserted = await db.execute<{ id: string }>(sql`
    insert into notification_outbox (municipality_id, user_id, appeal_id, channel, destination, kind, template, subject, body, payload, status, send_after, created_at)
    select ${municipalityId}, r.u, null, r.c::notification_channel, r.d, r.k, t.template, t.subject, t.body, '{}'::jsonb, 'pending', r.s, ${now}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(u bigint, c text, d text, k text, x int, s timestamptz)
    join jsonb_to_recordset(${JSON.stringify(textRows)}::jsonb) as t(x int, template text, subject text, body text) on t.x = r.x
    returning id`);
  return inserted.map((r) => Number(r.id));
}

/** Active outages whose next escalation step is due (the sweeper's work). */
export async function listOutagesWithDueSteps(db: Db, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: outages.id })
    .from(outages)
    .where(and(eq(outages.status, 'active'), sql`${outages.nextStepAt} <= ${now.toISOString()}::timestamptz`))
    .orderBy(asc(outages.nextStepAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function setOutageEscalation(db: Db, id: number, level: number, nextStepAt: Date | null): Promise<void> {
  await db.update(outages).set({ escalationLevel: level, nextStepAt }).where(eq(outages.id, id));
}

export async function insertOutageFollower(db: Db, outageId: number, userId: number, now: Date): Promise<void> {
  await db.insert(outageFollowers).values({ outageId, userId, since: now }).onConflictDoNothing();
}

export async function deleteOutageFollower(db: Db, outageId: number, userId: number): Promise<void> {
  await db
    .delete(outageFollowers)
    .where(and(eq(outageFollowers.outageId, outageId), eq(outageFollowers.userId, userId)));
}

export async function isFollowing(db: Db, outageId: number, userId: number): Promise<boolean> {
  return (
    (await db.$count(
      outageFollowers,
      and(eq(outageFollowers.outageId, outageId), eq(outageFollowers.userId, userId)),
    )) > 0
  );
}

/** The first buildings of an outage a live message carries (the public map's list asks as many). */
const LIVE_BUILDINGS = 200;

/**
 * Committed outage history rows with their outages as they stand now (the outage feed's reading):
 * the outage in its public shape, its first buildings, and every building id it concerns.
 */
async function outageSnapshotsWhere(db: Db, where: SQL, limit?: number): Promise<OutageSnapshot[]> {
  const q = db
    .select({
      id: outageUpdates.id,
      outageId: outageUpdates.outageId,
      kind: outageUpdates.kind,
      actorRole: outageUpdates.actorRole,
      note: outageUpdates.note,
      changes: outageUpdates.changes,
      at: outageUpdates.at,
    })
    .from(outageUpdates)
    .where(where)
    .orderBy(asc(outageUpdates.id));
  const updates = limit === undefined ? await q : await q.limit(limit);
  if (updates.length === 0) return [];
  const outageIds = [...new Set(updates.map((u) => u.outageId))];
  const byId = new Map(
    (await outageRows(db, sql`o.id = any(${`{${outageIds.join(',')}}`}::bigint[])`)).map(mapRow).map((o) => [o.id, o]),
  );
  const firstBuildings = await listBuildingsOf(db, outageIds, LIVE_BUILDINGS);
  const idRows = await db.execute<{ outage_id: string; ids: number[] }>(sql`
    select outage_id, array_agg(building_id order by building_id) as ids from outage_buildings
    where outage_id = any(${`{${outageIds.join(',')}}`}::bigint[]) group by outage_id`);
  const buildingIds = new Map(idRows.map((r) => [Number(r.outage_id), r.ids.map(Number)]));
  const out: OutageSnapshot[] = [];
  for (const u of updates) {
    const outage = byId.get(u.outageId);
    if (!outage) continue;
    const ids = new Set(buildingIds.get(u.outageId) ?? []);
    // A change that removed buildings still concerns them: their pages must drop the outage.
    const before = u.changes.buildings?.[0];
    if (Array.isArray(before)) for (const b of before) if (Number.isSafeInteger(b)) ids.add(b as number);
    out.push({
      id: u.id,
      outageId: u.outageId,
      type: u.kind as OutageEventType,
      actorRole: u.actorRole,
      note: u.note,
      changes: u.changes,
      at: u.at,
      outage,
      buildings: firstBuildings.get(u.outageId) ?? [],
      buildingIds: [...ids],
    });
  }
  return out;
}

export function outageSnapshots(db: Db, ids: readonly number[]): Promise<OutageSnapshot[]> {
  return ids.length === 0 ? Promise.resolve([]) : outageSnapshotsWhere(db, inArray(outageUpdates.id, [...ids]));
}

export function outageSnapshotsAfter(db: Db, afterId: number, limit: number): Promise<OutageSnapshot[]> {
  return outageSnapshotsWhere(db, gt(outageUpdates.id, afterId), limit);
}

/** History rows in (afterId, upToId] for a reconnecting client (the caller bounds the range). */
export function outageSnapshotsBetween(db: Db, afterId: number, upToId: number): Promise<OutageSnapshot[]> {
  return outageSnapshotsWhere(db, and(gt(outageUpdates.id, afterId), lte(outageUpdates.id, upToId))!);
}

export async function outageUpdateIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: outageUpdates.id })
    .from(outageUpdates)
    .where(gt(outageUpdates.id, afterId))
    .orderBy(asc(outageUpdates.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function lastOutageUpdateId(db: Db): Promise<number> {
  const [row] = await db.select({ id: max(outageUpdates.id) }).from(outageUpdates);
  return row?.id ?? 0;
}

/** What a subscription to an outage topic needs: that the municipality, outage or building exists. */
export async function outageTopicFacts(
  db: Db,
  topic:
    | { kind: 'outages'; municipalityId: number }
    | { kind: 'outage'; outageId: number }
    | { kind: 'building'; buildingId: number },
): Promise<TopicFacts | null> {
  const [row] =
    topic.kind === 'outages'
      ? await db
          .select({ municipalityId: municipalities.id })
          .from(municipalities)
          .where(eq(municipalities.id, topic.municipalityId))
      : topic.kind === 'outage'
        ? await db
            .select({ municipalityId: outages.municipalityId })
            .from(outages)
            .where(eq(outages.id, topic.outageId))
        : await db
            .select({ municipalityId: buildings.municipalityId })
            .from(buildings)
            .where(eq(buildings.id, topic.buildingId));
  return row ? { kind: 'record', municipalityId: row.municipalityId } : null;
}
