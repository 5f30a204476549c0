/**
 * Editing and removing a building's apartments (the rules are in dispatch/apartments.ts): the row
 * under a lock, its use (readings, links), the change with its history rows, the removal.
 */
import { sql } from 'drizzle-orm';
import type { ApartmentValues, FieldChange } from '../../dispatch/apartments.ts';
import type { Db } from '../client.ts';
import { apartmentChanges } from '../schema/index.ts';

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));

export type LockedApartment = ApartmentValues & {
  id: number;
  buildingId: number;
  version: number;
  /** The building's passport counts, for the checks of dispatch/apartments.ts. */
  buildingEntrances: number | null;
  buildingFloors: number | null;
};

/** A live apartment under a row lock until the transaction ends (null when absent or removed). */
export async function lockApartment(db: Db, apartmentId: number): Promise<LockedApartment | null> {
  const [r] = await db.execute(sql`
    select a.id, a.building_id, a.number, a.entrance, a.floor, a.area::float8 as area, a.account_number, a.version,
      b.entrances as building_entrances, b.floors as building_floors
    from apartments a join buildings b on b.id = a.building_id
    where a.id = ${apartmentId} and a.deleted_at is null
    for update of a`);
  if (!r) return null;
  return {
    id: num(r.id),
    buildingId: num(r.building_id),
    number: String(r.number),
    entrance: numOrNull(r.entrance),
    floor: numOrNull(r.floor),
    area: numOrNull(r.area),
    accountNumber: (r.account_number as string | null) ?? null,
    version: num(r.version),
    buildingEntrances: numOrNull(r.building_entrances),
    buildingFloors: numOrNull(r.building_floors),
  };
}

/** Another live apartment of the building with this number, in any letter case (its id), or null. */
export async function sameNumberElsewhere(
  db: Db,
  buildingId: number,
  number: string,
  exceptId: number,
): Promise<number | null> {
  const [r] = await db.execute(sql`
    select id from apartments where building_id = ${buildingId} and lower(number) = lower(${number}) and id <> ${exceptId} and deleted_at is null limit 1`);
  return r ? num(r.id) : null;
}

/** Write the new values, raise the version and record one history row per changed field. */
export async function saveApartment(
  db: Db,
  a: {
    id: number;
    buildingId: number;
    next: ApartmentValues;
    changes: readonly FieldChange[];
    actorId: number;
    now: Date;
  },
): Promise<number> {
  const [row] = await db.execute(sql`
    update apartments set number = ${a.next.number}, entrance = ${a.next.entrance}, floor = ${a.next.floor}, area = ${a.next.area},
      account_number = ${a.next.accountNumber}, version = version + 1
    where id = ${a.id} returning version`);
  if (a.changes.length > 0) {
    await db.insert(apartmentChanges).values(
      a.changes.map((c) => ({
        apartmentId: a.id,
        buildingId: a.buildingId,
        kind: 'updated' as const,
        field: c.field,
        oldValue: c.oldValue,
        newValue: c.newValue,
        actorId: a.actorId,
        at: a.now,
      })),
    );
  }
  return num(row.version);
}

/**
 * What an apartment still carries: readings of any of its meters, confirmed residents. Its meters
 * and links are locked first, so a reading being submitted (it holds its meter's lock) or a link
 * being confirmed meanwhile is either counted here or waits and then finds the apartment removed.
 */
export async function apartmentUsage(
  db: Db,
  apartmentId: number,
): Promise<{ readings: number; confirmedLinks: number }> {
  await db.execute(sql`select id from meters where apartment_id = ${apartmentId} order by id for update`);
  await db.execute(sql`select id from apartment_links where apartment_id = ${apartmentId} order by id for update`);
  const [r] = await db.execute(sql`
    select (select count(*) from meter_readings r join meters m on m.id = r.meter_id where m.apartment_id = ${apartmentId})::int as readings,
      (select count(*) from apartment_links l where l.apartment_id = ${apartmentId} and l.status = 'confirmed')::int as confirmed`);
  return { readings: num(r.readings), confirmedLinks: num(r.confirmed) };
}

/**
 * Remove an apartment: its pending link requests are rejected with `note`, its meters retired, the
 * row marked removed (its number is free again), and the removal recorded with the apartment as it
 * was. Returns the residents whose requests were rejected, to be told.
 */
export async function removeApartment(
  db: Db,
  a: { apartment: LockedApartment; note: string; reason: string | null; actorId: number; now: Date },
): Promise<{ rejected: { linkId: number; userId: number }[]; retiredMeters: number }> {
  const { apartment: ap, now } = a;
  const rejected = await db.execute(sql`
    update apartment_links set status = 'rejected', decided_at = ${now}, decided_by = ${a.actorId}, note = ${a.note}
    where apartment_id = ${ap.id} and status = 'pending' returning id, user_id`);
  const retired = await db.execute(
    sql`update meters set retired_at = ${now} where apartment_id = ${ap.id} and retired_at is null returning id`,
  );
  await db.execute(sql`update apartments set deleted_at = ${now}, version = version + 1 where id = ${ap.id}`);
  await db.insert(apartmentChanges).values({
    apartmentId: ap.id,
    buildingId: ap.buildingId,
    kind: 'deleted',
    field: null,
    oldValue: {
      number: ap.number,
      entrance: ap.entrance,
      floor: ap.floor,
      area: ap.area,
      accountNumber: ap.accountNumber,
      retiredMeterIds: retired.map((m) => num(m.id)),
      rejectedLinkIds: rejected.map((l) => num(l.id)),
    },
    newValue: a.reason === null ? null : { reason: a.reason },
    actorId: a.actorId,
    at: now,
  });
  return {
    rejected: rejected.map((l) => ({ linkId: num(l.id), userId: num(l.user_id) })),
    retiredMeters: retired.length,
  };
}

/** A building's apartment history, newest first, with the staff member who made each change. */
export async function selectApartmentChanges(db: Db, buildingId: number, o: { limit: number; before?: number }) {
  const rows = await db.execute(sql`
    select c.id, c.apartment_id, a.number as current_number, a.deleted_at is not null as removed, c.kind, c.field, c.old_value, c.new_value, c.at,
      c.actor_id, up.full_name as actor_name, u.role as actor_role, o.name_ru as organisation_ru, o.name_en as organisation_en
    from apartment_changes c join apartments a on a.id = c.apartment_id join users u on u.id = c.actor_id
    left join user_personal up on up.user_id = c.actor_id left join organisations o on o.id = u.organisation_id
    where c.building_id = ${buildingId} ${o.before === undefined ? sql`` : sql`and c.id < ${o.before}`}
    order by c.id desc limit ${o.limit}`);
  return rows.map((r) => ({
    id: num(r.id),
    apartmentId: num(r.apartment_id),
    number: String(r.current_number),
    removed: r.removed === true,
    kind: r.kind as 'updated' | 'deleted',
    field: (r.field as string | null) ?? null,
    oldValue: r.old_value ?? null,
    newValue: r.new_value ?? null,
    at: r.at instanceof Date ? r.at : new Date(String(r.at)),
    actorId: num(r.actor_id),
    actorName: (r.actor_name as string | null) ?? null,
    actorRole: String(r.actor_role),
    organisation:
      r.organisation_ru == null
        ? null
        : { nameRu: String(r.organisation_ru), nameEn: String(r.organisation_en ?? r.organisation_ru) },
  }));
}
