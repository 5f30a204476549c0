/**
 * Outages of the demo city: a planned hot-water outage of the Vakhitovsky company's buildings
 * around its first building (drawn as an area), an emergency cold-water outage of Vodokanal under
 * way, and a restored one for the history. Written after the city is loaded; no jobs are queued
 * (the outage sweeper finds the escalation steps from `next_step_at`).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { polygonText } from '../queries/outages.ts';
import type { Ring } from '../schema/types.ts';

const HOUR = 3_600_000;

type Org = { id: number; staff: number };

async function orgWithStaff(db: Database, code: string, login: string): Promise<Org | null> {
  const [row] = await db.execute<{ id: number; staff: string }>(sql`
    select o.id, u.id as staff from organisations o join municipalities m on m.id = o.municipality_id and m.code = 'KZN'
    join users u on u.organisation_id = o.id and u.login = ${login}
    where o.code = ${code}`);
  return row ? { id: row.id, staff: Number(row.staff) } : null;
}

const square = (lon: number, lat: number, half: number): Ring => [
  [lon - half * 1.8, lat - half],
  [lon + half * 1.8, lat - half],
  [lon + half * 1.8, lat + half],
  [lon - half * 1.8, lat + half],
  [lon - half * 1.8, lat - half],
];

/** Moscow midnight of the day after `now`, plus hours. */
function tomorrowAt(now: Date, hours: number): Date {
  const moscow = new Date(now.getTime() + 3 * HOUR);
  return new Date(Date.UTC(moscow.getUTCFullYear(), moscow.getUTCMonth(), moscow.getUTCDate() + 1, hours - 3));
}

/**
 * The reason as people write it, naming where: the covered buildings' streets, the most covered
 * first (at most two), so that a reason never names a street the outage does not reach.
 */
async function namingStreets(db: Database, what: string, buildingIds: number[]): Promise<string> {
  if (buildingIds.length === 0) return what;
  const streets = await db.execute<{ street: string }>(sql`
    select street from buildings where id = any(${`{${buildingIds.join(',')}}`}::int[])
    group by street order by count(*) desc, street limit 2`);
  return `${what}: ${streets.map((s) => s.street).join(', ')}`;
}

/** The reason naming the one building where it happened ("… у дома ул. Баумана, д. 12"). */
async function atBuilding(db: Database, what: string, buildingId: number): Promise<string> {
  const [row] = await db.execute<{ address: string }>(sql`select address from buildings where id = ${buildingId}`);
  return row ? `${what} у дома ${row.address}` : what;
}

async function insertOutage(
  db: Database,
  o: {
    org: Org;
    service: string;
    kind: 'planned' | 'emergency';
    status: 'active' | 'restored';
    reason: string;
    startsAt: Date;
    expectedEndAt: Date;
    restoredAt?: Date;
    area: Ring | null;
    buildingIds: number[];
    publishedAt: Date;
    note: string | null;
  },
): Promise<void> {
  if (o.buildingIds.length === 0) return;
  const end = o.restoredAt ?? o.expectedEndAt;
  const [row] = await db.execute<{ id: string }>(sql`
    insert into outages (municipality_id, organisation_id, service, kind, status, reason, starts_at, expected_end_at, restored_at, area, next_step_at, created_by, created_at, updated_at)
    select o.municipality_id, o.id, ${o.service}::utility, ${o.kind}::outage_kind, ${o.status}::outage_status, ${o.reason},
      ${o.startsAt}::timestamptz, ${o.expectedEndAt}::timestamptz, ${o.restoredAt ?? null}::timestamptz,
      ${o.area ? polygonText(o.area) : null}::polygon, ${o.status === 'active' ? o.expectedEndAt : null}::timestamptz,
      ${o.org.staff}, ${o.publishedAt}::timestamptz, ${o.restoredAt ?? o.publishedAt}::timestamptz
    from organisations o where o.id = ${o.org.id}
    returning id`);
  const id = Number(row.id);
  await db.execute(sql`
    insert into outage_buildings (outage_id, building_id, service, during)
    select ${id}, unnest(${`{${o.buildingIds.join(',')}}`}::int[]), ${o.service}::utility, tstzrange(${o.startsAt}::timestamptz, ${end}::timestamptz, '[)')`);
  await db.execute(sql`
    insert into outage_updates (outage_id, kind, actor_id, actor_role, note, changes, at)
    values (${id}, 'published', ${o.org.staff}, 'org_staff', ${o.note}, '{}'::jsonb, ${o.publishedAt}::timestamptz)`);
  if (o.restoredAt) {
    await db.execute(sql`
      insert into outage_updates (outage_id, kind, actor_id, actor_role, note, changes, at)
      values (${id}, 'restored', ${o.org.staff}, 'org_staff', null,
        ${JSON.stringify({ status: ['active', 'restored'], restoredAt: [null, o.restoredAt.toISOString()] })}::jsonb, ${o.restoredAt}::timestamptz)`);
  }
}

/** Add the demo outages to a loaded demo city (no-op when its organisations are missing). */
export async function seedOutages(db: Database, now: Date): Promise<void> {
  const uk1 = await orgWithStaff(db, 'uk01', 'uk1.staff');
  const vodokanal = await orgWithStaff(db, 'vodokanal', 'vodokanal.staff');
  if (uk1) {
    // Planned: the company's buildings within ~300 m of one of its buildings (one with central hot water when it has any).
    const [first] = await db.execute<{ lon: number; lat: number }>(sql`
      select location[0] as lon, location[1] as lat from buildings
      where management_company_id = ${uk1.id} order by hot_water_supplier_id is null, id limit 1`);
    if (first) {
      const area = square(first.lon, first.lat, 0.0028);
      const inside = await db.execute<{ id: number }>(sql`
        select id from buildings where management_company_id = ${uk1.id} and location <@ ${polygonText(area)}::polygon order by id`);
      const buildingIds = inside.map((b) => b.id);
      await insertOutage(db, {
        org: uk1,
        service: 'hot_water',
        kind: 'planned',
        status: 'active',
        reason: await namingStreets(db, 'Замена участка трубопровода горячего водоснабжения', buildingIds),
        startsAt: tomorrowAt(now, 9),
        expectedEndAt: tomorrowAt(now, 18),
        area,
        buildingIds,
        publishedAt: new Date(now.getTime() - 26 * HOUR),
        note: 'Просим заранее набрать воду.',
      });
    }
  }
  if (vodokanal) {
    // Emergency: a burst main two hours ago; the 40 nearest buildings Vodokanal serves with cold water.
    const [centre] = await db.execute<{ id: number; lon: number; lat: number }>(sql`
      select id, location[0] as lon, location[1] as lat from buildings
      where cold_water_supplier_id = ${vodokanal.id} order by location <-> point(49.15, 55.80) limit 1`);
    if (centre) {
      const near = await db.execute<{ id: number }>(sql`
        select id from buildings where cold_water_supplier_id = ${vodokanal.id}
        order by location <-> point(${centre.lon}, ${centre.lat}) limit 40`);
      await insertOutage(db, {
        org: vodokanal,
        service: 'cold_water',
        kind: 'emergency',
        status: 'active',
        // the burst is at the first building it leaves without water, which the outage covers
        reason: await atBuilding(db, 'Порыв водовода', centre.id),
        startsAt: new Date(now.getTime() - 2 * HOUR),
        expectedEndAt: new Date(now.getTime() + 4 * HOUR),
        area: null,
        buildingIds: near.map((b) => b.id).sort((a, b) => a - b),
        publishedAt: new Date(now.getTime() - 1.8 * HOUR),
        note: null,
      });
      // A week ago: a night repair, restored an hour late.
      const older = await db.execute<{ id: number }>(sql`
        select id from buildings where cold_water_supplier_id = ${vodokanal.id}
        order by location <-> point(49.10, 55.78) limit 12`);
      const start = new Date(now.getTime() - 7 * 24 * HOUR);
      const flushed = older.map((b) => b.id).sort((a, b) => a - b);
      await insertOutage(db, {
        org: vodokanal,
        service: 'cold_water',
        kind: 'planned',
        status: 'restored',
        reason: await namingStreets(db, 'Плановая промывка водопроводной сети', flushed),
        startsAt: start,
        expectedEndAt: new Date(start.getTime() + 6 * HOUR),
        restoredAt: new Date(start.getTime() + 7 * HOUR),
        area: null,
        buildingIds: flushed,
        publishedAt: new Date(start.getTime() - 48 * HOUR),
        note: null,
      });
    }
  }
}
