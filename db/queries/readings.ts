/**
 * Apartments, residents' links, meters and readings (issue 6). The rules are in
 * dispatch/readings.ts; this file reads what they need and writes what they decide, set-based for
 * the company's bulk import (a temp table and unnest, never one round trip per row).
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { ParsedImportLine } from '../../dispatch/readings-import.ts';
import type { PastReading, Replacement, SubmissionWindow } from '../../dispatch/readings.ts';
import type { Db } from '../client.ts';
import { apartments, buildings, meterReplacements, meters, municipalities } from '../schema/index.ts';
import type { ApartmentLinkStatus, MeterKind, ReadingSource } from '../schema/meters.ts';

/** Whose buildings: a management company's, or (an admin's) a whole municipality's. */
export type CompanyScope = { organisationId: number } | { municipalityId: number };

const scopeOn = (scope: CompanyScope, b = sql.raw('b')): SQL =>
  'organisationId' in scope
    ? sql`${b}.management_company_id = ${scope.organisationId}`
    : sql`${b}.municipality_id = ${scope.municipalityId}`;

const num = (v: unknown): number => Number(v);

/**
 * A PostgreSQL array literal of one parameter (drizzle would spread a JS array into one parameter
 * per element): every element quoted, null as NULL, so text of any kind travels intact.
 */
export function pgArray(items: readonly (string | number | null)[]): string {
  return `{${items.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const day = (v: unknown): string | null =>
  v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

// ---- Buildings and their windows ----

export type BuildingFacts = {
  id: number;
  municipalityId: number;
  managementCompanyId: number | null;
  address: string;
  window: SubmissionWindow;
  /** The building's own window days (null: it follows the municipality's). */
  ownWindow: { fromDay: number; toDay: number } | null;
};

const buildingFacts = sql`b.id, b.municipality_id as "municipalityId", b.management_company_id as "managementCompanyId", b.address,
  coalesce(b.reading_window_from_day, mu.reading_window_from_day) as "fromDay",
  coalesce(b.reading_window_to_day, mu.reading_window_to_day) as "toDay",
  b.reading_window_from_day as "ownFrom", b.reading_window_to_day as "ownTo", mu.time_zone as "timeZone"`;

type BuildingFactsRow = Record<string, unknown>;
const toBuilding = (r: BuildingFactsRow): BuildingFacts => ({
  id: num(r.id),
  municipalityId: num(r.municipalityId),
  managementCompanyId: r.managementCompanyId == null ? null : num(r.managementCompanyId),
  address: String(r.address),
  window: { fromDay: num(r.fromDay), toDay: num(r.toDay), timeZone: String(r.timeZone) },
  ownWindow: r.ownFrom == null ? null : { fromDay: num(r.ownFrom), toDay: num(r.ownTo) },
});

export async function getBuildingFacts(db: Db, buildingId: number): Promise<BuildingFacts | null> {
  const rows = await db.execute(
    sql`select ${buildingFacts} from buildings b join municipalities mu on mu.id = b.municipality_id where b.id = ${buildingId}`,
  );
  return rows[0] ? toBuilding(rows[0]) : null;
}

export async function setBuildingWindow(
  db: Db,
  buildingId: number,
  window: { fromDay: number; toDay: number } | null,
): Promise<void> {
  await db
    .update(buildings)
    .set({ readingWindowFromDay: window?.fromDay ?? null, readingWindowToDay: window?.toDay ?? null })
    .where(eq(buildings.id, buildingId));
}

export async function setMunicipalityWindow(
  db: Db,
  municipalityId: number,
  window: { fromDay: number; toDay: number },
): Promise<void> {
  await db
    .update(municipalities)
    .set({ readingWindowFromDay: window.fromDay, readingWindowToDay: window.toDay })
    .where(eq(municipalities.id, municipalityId));
}

export async function getMunicipalityWindow(db: Db, municipalityId: number): Promise<SubmissionWindow | null> {
  const [row] = await db
    .select({
      fromDay: municipalities.readingWindowFromDay,
      toDay: municipalities.readingWindowToDay,
      timeZone: municipalities.timeZone,
    })
    .from(municipalities)
    .where(eq(municipalities.id, municipalityId));
  return row ?? null;
}

// ---- Apartments and meters ----

export type MeterInput = {
  kind: MeterKind;
  tariffs: number;
  serialNumber: string;
  installedOn: string | null;
  verificationDue: string | null;
};
export type ApartmentInput = {
  number: string;
  entrance: number | null;
  floor: number | null;
  area: number | null;
  accountNumber: string | null;
  meters: MeterInput[];
};

/**
 * Create apartments of a building with their meters in two statements (unnest), whatever their
 * number. Numbers already in the building are skipped and returned, not overwritten.
 */
export async function insertApartments(
  db: Db,
  buildingId: number,
  input: readonly ApartmentInput[],
): Promise<{ created: { id: number; number: string }[]; existing: string[] }> {
  if (input.length === 0) return { created: [], existing: [] };
  const created = (await db.execute(sql`
    insert into apartments (building_id, number, entrance, floor, area, account_number)
    select ${buildingId}, t.number, t.entrance, t.floor, t.area, t.account
    from unnest(${pgArray(input.map((a) => a.number))}::text[], ${pgArray(input.map((a) => a.entrance))}::smallint[], ${pgArray(input.map((a) => a.floor))}::smallint[],
                ${pgArray(input.map((a) => a.area))}::numeric[], ${pgArray(input.map((a) => a.accountNumber))}::text[]) as t(number, entrance, floor, area, account)
    on conflict (building_id, number) where deleted_at is null do nothing
    returning id, number`)) as unknown as { id: number; number: string }[];
  const idOf = new Map(created.map((r) => [r.number, num(r.id)]));
  const meterRows = input.flatMap((a) =>
    idOf.has(a.number) ? a.meters.map((m) => ({ ...m, apartmentId: idOf.get(a.number) as number })) : [],
  );
  if (meterRows.length > 0) {
    await db.execute(sql`
      insert into meters (apartment_id, kind, tariffs, serial_number, installed_on, verification_due)
      select t.apartment_id, t.kind::meter_kind, t.tariffs, t.serial, t.installed_on, t.due
      from unnest(${pgArray(meterRows.map((m) => m.apartmentId))}::int[], ${pgArray(meterRows.map((m) => m.kind))}::text[], ${pgArray(meterRows.map((m) => m.tariffs))}::smallint[],
                  ${pgArray(meterRows.map((m) => m.serialNumber))}::text[], ${pgArray(meterRows.map((m) => m.installedOn))}::date[], ${pgArray(meterRows.map((m) => m.verificationDue))}::date[])
        as t(apartment_id, kind, tariffs, serial, installed_on, due)`);
  }
  return {
    created: created.map((r) => ({ id: num(r.id), number: r.number })),
    existing: input.filter((a) => !idOf.has(a.number)).map((a) => a.number),
  };
}

export async function insertMeter(db: Db, apartmentId: number, m: MeterInput): Promise<number> {
  const [row] = await db
    .insert(meters)
    .values({
      apartmentId,
      kind: m.kind,
      tariffs: m.tariffs,
      serialNumber: m.serialNumber,
      installedOn: m.installedOn,
      verificationDue: m.verificationDue,
    })
    .returning({ id: meters.id });
  return row.id;
}

export type ApartmentFacts = { id: number; number: string; accountNumber: string | null; building: BuildingFacts };

export async function getApartment(db: Db, apartmentId: number): Promise<ApartmentFacts | null> {
  const rows = await db.execute(sql`
    select a.id as "apartmentId", a.number, a.account_number as "accountNumber", ${buildingFacts}
    from apartments a join buildings b on b.id = a.building_id join municipalities mu on mu.id = b.municipality_id where a.id = ${apartmentId} and a.deleted_at is null`);
  const r = rows[0];
  return r
    ? {
        id: num(r.apartmentId),
        number: String(r.number),
        accountNumber: (r.accountNumber as string | null) ?? null,
        building: toBuilding(r),
      }
    : null;
}

export async function findApartment(db: Db, buildingId: number, number: string): Promise<number | null> {
  const [row] = await db
    .select({ id: apartments.id })
    .from(apartments)
    .where(
      and(
        eq(apartments.buildingId, buildingId),
        sql`lower(${apartments.number}) = lower(${number})`,
        isNull(apartments.deletedAt),
      ),
    );
  return row?.id ?? null;
}

export type MeterFacts = {
  id: number;
  apartmentId: number;
  kind: MeterKind;
  tariffs: 1 | 2 | 3;
  serialNumber: string;
  verificationDue: string | null;
  retiredAt: Date | null;
  building: BuildingFacts;
};

export async function getMeter(db: Db, meterId: number): Promise<MeterFacts | null> {
  const rows = await db.execute(sql`
    select m.id as "meterId", m.apartment_id as "apartmentId", m.kind, m.tariffs, m.serial_number as "serialNumber",
      m.verification_due::text as "verificationDue", m.retired_at as "retiredAt", ${buildingFacts}
    from meters m join apartments a on a.id = m.apartment_id join buildings b on b.id = a.building_id
    join municipalities mu on mu.id = b.municipality_id where m.id = ${meterId} and a.deleted_at is null`);
  const r = rows[0];
  if (!r) return null;
  return {
    id: num(r.meterId),
    apartmentId: num(r.apartmentId),
    kind: r.kind as MeterKind,
    tariffs: num(r.tariffs) as 1 | 2 | 3,
    serialNumber: String(r.serialNumber),
    verificationDue: day(r.verificationDue),
    retiredAt: r.retiredAt == null ? null : date(r.retiredAt),
    building: toBuilding(r),
  };
}

export async function updateMeterFields(
  db: Db,
  meterId: number,
  patch: { serialNumber?: string; verificationDue?: string | null },
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.update(meters).set(patch).where(eq(meters.id, meterId));
}

export async function setMeterRetired(db: Db, meterId: number, now: Date): Promise<void> {
  await db
    .update(meters)
    .set({ retiredAt: now })
    .where(and(eq(meters.id, meterId), sql`${meters.retiredAt} is null`));
}

/** Record a replacement: the meter row keeps its id, takes the new serial, and readings restart from the initial values. */
export async function recordReplacement(
  db: Db,
  r: {
    meterId: number;
    at: Date;
    oldSerialNumber: string;
    newSerialNumber: string;
    initialValues: number[];
    verificationDue: string | null;
    recordedBy: number;
    note: string | null;
  },
): Promise<number> {
  const [row] = await db
    .insert(meterReplacements)
    .values({
      meterId: r.meterId,
      at: r.at,
      oldSerialNumber: r.oldSerialNumber,
      newSerialNumber: r.newSerialNumber,
      initialValues: r.initialValues,
      recordedBy: r.recordedBy,
      note: r.note,
    })
    .returning({ id: meterReplacements.id });
  await db
    .update(meters)
    .set({
      serialNumber: r.newSerialNumber,
      installedOn: sql`(${r.at.toISOString()}::timestamptz)::date`,
      ...(r.verificationDue ? { verificationDue: r.verificationDue } : {}),
    })
    .where(eq(meters.id, r.meterId));
  return row.id;
}

/** The apartments of a building with their meters (for the company). */
export async function selectBuildingApartments(db: Db, buildingId: number) {
  const rows = await db.execute(sql`
    select a.id, a.number, a.entrance, a.floor, a.area::float8 as area, a.account_number as "accountNumber", a.version,
      coalesce((select json_agg(json_build_object('id', m.id, 'kind', m.kind, 'tariffs', m.tariffs, 'serialNumber', m.serial_number,
        'verificationDue', m.verification_due, 'retired', m.retired_at is not null,
        'last', (select json_build_object('period', r.period, 'values', r.values::float8[], 'consumption', r.consumption::float8[],
                   'flags', r.flags, 'submittedAt', r.submitted_at)
                 from meter_readings r where r.meter_id = m.id order by r.period desc limit 1)) order by m.id) from meters m where m.apartment_id = a.id), '[]') as meters
    from apartments a where a.building_id = ${buildingId} and a.deleted_at is null
    order by length(a.number), a.number`);
  return rows.map((r) => ({
    id: num(r.id),
    number: String(r.number),
    entrance: r.entrance == null ? null : num(r.entrance),
    floor: r.floor == null ? null : num(r.floor),
    area: r.area == null ? null : num(r.area),
    accountNumber: (r.accountNumber as string | null) ?? null,
    version: num(r.version),
    meters: r.meters as {
      id: number;
      kind: MeterKind;
      tariffs: number;
      serialNumber: string;
      verificationDue: string | null;
      retired: boolean;
      last: {
        period: string;
        values: number[];
        consumption: number[] | null;
        flags: string[];
        submittedAt: string;
      } | null;
    }[],
  }));
}

/** The buildings a company manages (or a municipality's, for an admin), with apartment and (working) meter counts. */
export async function listCompanyBuildings(db: Db, scope: CompanyScope) {
  const rows = await db.execute(sql`
    select ${buildingFacts}, (select count(*) from apartments a where a.building_id = b.id and a.deleted_at is null)::int as apartments,
      (select count(*) from apartments a join meters m on m.apartment_id = a.id where a.building_id = b.id and a.deleted_at is null and m.retired_at is null)::int as meters
    from buildings b join municipalities mu on mu.id = b.municipality_id where ${scopeOn(scope)} order by b.address limit 2000`);
  return rows.map((r) => ({ ...toBuilding(r), apartments: num(r.apartments), meters: num(r.meters) }));
}

// ---- Links ----

export type LinkFacts = {
  id: number;
  apartmentId: number;
  userId: number;
  status: ApartmentLinkStatus;
  building: BuildingFacts;
};

/**
 * Ask for a link; null when the apartment was removed meanwhile (the share lock waits for a removal
 * in progress, then sees it), so no pending request is left on a removed apartment.
 */
export async function createLink(
  db: Db,
  l: { apartmentId: number; userId: number; evidence: string; now: Date },
): Promise<number | null> {
  const [row] = await db.execute(sql`
    insert into apartment_links (apartment_id, user_id, evidence, requested_at)
    select a.id, ${l.userId}, ${l.evidence}, ${l.now} from apartments a where a.id = ${l.apartmentId} and a.deleted_at is null for share
    returning id`);
  return row ? num(row.id) : null;
}

export async function getLink(db: Db, linkId: number): Promise<LinkFacts | null> {
  const rows = await db.execute(sql`
    select l.id as "linkId", l.apartment_id as "apartmentId", l.user_id as "userId", l.status, ${buildingFacts}
    from apartment_links l join apartments a on a.id = l.apartment_id join buildings b on b.id = a.building_id
    join municipalities mu on mu.id = b.municipality_id where l.id = ${linkId}`);
  const r = rows[0];
  return r
    ? {
        id: num(r.linkId),
        apartmentId: num(r.apartmentId),
        userId: num(r.userId),
        status: r.status as ApartmentLinkStatus,
        building: toBuilding(r),
      }
    : null;
}

/** Move a link from one of `from` to `to`; false when it was no longer in one of them. */
export async function decideLink(
  db: Db,
  d: {
    linkId: number;
    from: readonly ApartmentLinkStatus[];
    to: ApartmentLinkStatus;
    by: number;
    note: string | null;
    now: Date;
  },
): Promise<boolean> {
  const rows = await db.execute(sql`
    update apartment_links set status = ${d.to}, decided_at = ${d.now}, decided_by = ${d.by}, note = ${d.note}
    where id = ${d.linkId} and status = any(${pgArray(d.from)}::apartment_link_status[]) returning id`);
  return rows.length > 0;
}

export async function hasConfirmedLink(db: Db, userId: number, apartmentId: number): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from apartment_links where user_id = ${userId} and apartment_id = ${apartmentId} and status = 'confirmed'`,
  );
  return rows.length > 0;
}

/** The links of a company's buildings (the person's name and evidence: the company decides on them). */
export async function listCompanyLinks(db: Db, scope: CompanyScope, status: ApartmentLinkStatus | null) {
  const rows = await db.execute(sql`
    select l.id, l.status, l.evidence, l.requested_at as "requestedAt", l.decided_at as "decidedAt", l.note,
      a.id as "apartmentId", a.number as apartment, a.account_number as "accountNumber", b.id as "buildingId", b.address,
      p.full_name as "fullName", l.user_id as "userId"
    from apartment_links l join apartments a on a.id = l.apartment_id join buildings b on b.id = a.building_id
    left join user_personal p on p.user_id = l.user_id
    where ${scopeOn(scope)} ${status ? sql`and l.status = ${status}` : sql``}
    order by l.requested_at, l.id limit 500`);
  return rows.map((r) => ({
    id: num(r.id),
    status: r.status as ApartmentLinkStatus,
    evidence: (r.evidence as string | null) ?? null,
    requestedAt: date(r.requestedAt),
    decidedAt: r.decidedAt == null ? null : date(r.decidedAt),
    note: (r.note as string | null) ?? null,
    apartmentId: num(r.apartmentId),
    apartment: String(r.apartment),
    accountNumber: (r.accountNumber as string | null) ?? null,
    accountMatches:
      r.accountNumber != null &&
      r.evidence != null &&
      String(r.accountNumber).replace(/\D/g, '') === String(r.evidence).replace(/\D/g, ''),
    buildingId: num(r.buildingId),
    address: String(r.address),
    fullName: (r.fullName as string | null) ?? null,
    userId: num(r.userId),
  }));
}

/** A resident's links (not the withdrawn ones) with their apartments and meters' last readings. */
export async function selectOwnApartments(db: Db, userId: number) {
  const rows = await db.execute(sql`
    select l.id as "linkId", l.status, l.note, l.requested_at as "requestedAt", a.id as "apartmentId", a.number as apartment,
      ${buildingFacts},
      case when l.status = 'confirmed' then coalesce((
        select json_agg(json_build_object('id', m.id, 'kind', m.kind, 'tariffs', m.tariffs, 'serialNumber', m.serial_number,
          'verificationDue', m.verification_due,
          'last', (select json_build_object('period', r.period, 'values', r.values::float8[], 'consumption', r.consumption::float8[],
                     'flags', r.flags, 'submittedAt', r.submitted_at)
                   from meter_readings r where r.meter_id = m.id order by r.period desc limit 1)) order by m.kind, m.id)
        from meters m where m.apartment_id = a.id and m.retired_at is null), '[]') else '[]' end as meters
    from apartment_links l join apartments a on a.id = l.apartment_id join buildings b on b.id = a.building_id
    join municipalities mu on mu.id = b.municipality_id
    where l.user_id = ${userId} and l.status <> 'revoked'
    order by l.requested_at desc, l.id desc`);
  return rows.map((r) => ({
    linkId: num(r.linkId),
    status: r.status as ApartmentLinkStatus,
    note: (r.note as string | null) ?? null,
    apartmentId: num(r.apartmentId),
    apartment: String(r.apartment),
    building: toBuilding(r),
    meters: r.meters as {
      id: number;
      kind: MeterKind;
      tariffs: number;
      serialNumber: string;
      verificationDue: string | null;
      last: {
        period: string;
        values: number[];
        consumption: number[] | null;
        flags: string[];
        submittedAt: string;
      } | null;
    }[],
  }));
}

// ---- Readings ----

export type StoredReading = {
  period: string;
  values: number[];
  consumption: number[] | null;
  flags: string[];
  source: ReadingSource;
  submittedAt: Date;
};

export async function selectMeterReadings(db: Db, meterId: number): Promise<StoredReading[]> {
  const rows = await db.execute(sql`
    select period, values::float8[] as values, consumption::float8[] as consumption, flags, source, submitted_at as "submittedAt"
    from meter_readings where meter_id = ${meterId} order by period`);
  return rows.map((r) => ({
    period: String(r.period),
    values: nums(r.values),
    consumption: r.consumption == null ? null : nums(r.consumption),
    flags: (r.flags as string[]) ?? [],
    source: r.source as ReadingSource,
    submittedAt: date(r.submittedAt),
  }));
}

/** Hold the meter's row until the transaction ends: one submission per meter at a time. */
export async function lockMeter(db: Db, meterId: number): Promise<{ retired: boolean }> {
  const [row] = await db.execute(
    sql`select retired_at is not null as retired from meters where id = ${meterId} for update`,
  );
  // Retired while this submission waited for the lock (the meter retired, its apartment removed).
  return { retired: row?.retired !== false };
}

export async function meterReplacementsOf(db: Db, meterId: number): Promise<Replacement[]> {
  const rows = await db.execute(
    sql`select at, initial_values::float8[] as v from meter_replacements where meter_id = ${meterId} order by at`,
  );
  return rows.map((r) => ({ at: date(r.at), initialValues: nums(r.v) }));
}

export type ReadingWrite = {
  meterId: number;
  period: string;
  values: number[];
  consumption: number[] | null;
  flags: string[];
  source: ReadingSource;
  submittedBy: number;
  submittedAt: Date;
};

/** Insert readings (any number, one statement); one already there for the meter and period is replaced. */
export async function upsertReadings(db: Db, rows: readonly ReadingWrite[]): Promise<number> {
  if (rows.length === 0) return 0;
  // Arrays of arrays do not unnest into rows: values travel as PostgreSQL array literals.
  const literal = (v: readonly number[] | null) => (v === null ? null : `{${v.join(',')}}`);
  const result = await db.execute(sql`
    insert into meter_readings (meter_id, period, values, consumption, flags, source, submitted_by, submitted_at)
    select t.meter_id, t.period, t.vals::numeric[], t.cons::numeric[], t.flags::text[], t.source::reading_source, t.by, t.at
    from unnest(${pgArray(rows.map((r) => r.meterId))}::bigint[], ${pgArray(rows.map((r) => r.period))}::text[], ${pgArray(rows.map((r) => literal(r.values)))}::text[],
                ${pgArray(rows.map((r) => literal(r.consumption)))}::text[], ${pgArray(rows.map((r) => `{${r.flags.join(',')}}`))}::text[],
                ${pgArray(rows.map((r) => r.source))}::text[], ${pgArray(rows.map((r) => r.submittedBy))}::bigint[], ${pgArray(rows.map((r) => r.submittedAt.toISOString()))}::timestamptz[])
      as t(meter_id, period, vals, cons, flags, source, by, at)
    on conflict (meter_id, period) do update set values = excluded.values, consumption = excluded.consumption, flags = excluded.flags,
      source = excluded.source, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at`);
  return result.count ?? rows.length;
}

/** One line of a company's import, as parsed (identification by serial, or apartment/account with the kind). */
export type ImportLine = Pick<ParsedImportLine, 'line' | 'buildingId' | 'apartment' | 'account' | 'kind' | 'serial'>;

/** What the rules need to decide one import line: its meter (or why none), its history and replacements. */
export type ImportContext = {
  line: number;
  meterCount: number;
  meter: {
    id: number;
    tariffs: 1 | 2 | 3;
    kind: MeterKind;
    verificationDue: string | null;
    window: SubmissionWindow;
  } | null;
  /** Earlier periods' readings (the latest seven: six consumptions), oldest first. */
  history: PastReading[];
  /** Whether this period already has a reading (a resubmission). */
  hasCurrent: boolean;
  replacements: Replacement[];
};

/** How many past readings the import reads per meter: AVERAGE_PERIODS consumptions need one more. */
const IMPORT_HISTORY = 7;

/**
 * Resolve every import line to its meter in the company's buildings and read what the rules need,
 * in three statements whatever the number of lines: the lines go into a temp table (unnest), the
 * meters are matched by hash joins (serial; building + apartment + kind; account + kind), and each
 * matched meter's last readings and replacements come back aggregated. Call inside a transaction.
 */
export async function importContext(
  db: Db,
  scope: CompanyScope,
  period: string,
  lines: readonly ImportLine[],
): Promise<ImportContext[]> {
  await db.execute(
    sql`create temp table reading_import (line int primary key, building_id int, apartment text, account text, kind text, serial text) on commit drop`,
  );
  await db.execute(sql`
    insert into reading_import
    select * from unnest(${pgArray(lines.map((l) => l.line))}::int[], ${pgArray(lines.map((l) => l.buildingId))}::int[], ${pgArray(lines.map((l) => l.apartment))}::text[],
                         ${pgArray(lines.map((l) => l.account))}::text[], ${pgArray(lines.map((l) => l.kind))}::text[], ${pgArray(lines.map((l) => l.serial))}::text[])`);
  await db.execute(sql`analyze reading_import`);
  const rows = await db.execute(sql`
    with company_meters as (
      select m.id, m.apartment_id, m.kind::text as kind, m.tariffs, m.serial_number, m.verification_due, a.building_id, a.number, a.account_number,
        coalesce(b.reading_window_from_day, mu.reading_window_from_day) as from_day,
        coalesce(b.reading_window_to_day, mu.reading_window_to_day) as to_day, mu.time_zone
      from meters m join apartments a on a.id = m.apartment_id join buildings b on b.id = a.building_id
      join municipalities mu on mu.id = b.municipality_id
      where m.retired_at is null and a.deleted_at is null and ${scopeOn(scope)}
    ), matched as (
      select r.line, cm.* from reading_import r join company_meters cm on cm.serial_number = r.serial
        where r.serial is not null and (r.kind is null or cm.kind = r.kind)
      union all
      select r.line, cm.* from reading_import r join company_meters cm on cm.building_id = r.building_id and lower(cm.number) = lower(r.apartment) and cm.kind = r.kind
        where r.serial is null and r.apartment is not null
      union all
      select r.line, cm.* from reading_import r join company_meters cm on cm.account_number = r.account and cm.kind = r.kind
        where r.serial is null and r.apartment is null and r.account is not null
    ), counted as (
      select line, count(*)::int as n, min(id) as id from matched group by line
    )
    select r.line, coalesce(k.n, 0) as n, c.id, c.kind, c.tariffs, c.verification_due::text as due, c.from_day, c.to_day, c.time_zone,
      h.history, h.has_current, rp.replacements
    from reading_import r
    left join counted k on k.line = r.line
    left join matched c on c.line = r.line and c.id = k.id and k.n = 1
    left join lateral (
      select json_agg(json_build_array(extract(epoch from x.submitted_at) * 1000, x.values::float8[]) order by x.period) as history,
        exists (select 1 from meter_readings cur where cur.meter_id = c.id and cur.period = ${period}) as has_current
      from (select period, submitted_at, values from meter_readings
            where meter_id = c.id and period < ${period} order by period desc limit ${IMPORT_HISTORY}) x
    ) h on c.id is not null
    left join lateral (
      select json_agg(json_build_array(extract(epoch from p.at) * 1000, p.initial_values::float8[]) order by p.at) as replacements
      from meter_replacements p where p.meter_id = c.id
    ) rp on c.id is not null
    order by r.line`);
  // [epoch ms, values] pairs: numbers parse faster than timestamps in text.
  const points = (v: unknown) => (Array.isArray(v) ? (v as [number, number[]][]) : []);
  return rows.map((r) => {
    const meter =
      r.id == null
        ? null
        : {
            id: num(r.id),
            tariffs: num(r.tariffs) as 1 | 2 | 3,
            kind: r.kind as MeterKind,
            verificationDue: day(r.due),
            window: { fromDay: num(r.from_day), toDay: num(r.to_day), timeZone: String(r.time_zone) },
          };
    return {
      line: num(r.line),
      meterCount: num(r.n),
      meter,
      history: points(r.history).map(([at, values]) => ({ at: new Date(Number(at)), values })),
      hasCurrent: r.has_current === true,
      replacements: points(r.replacements).map(([at, initialValues]) => ({ at: new Date(Number(at)), initialValues })),
    };
  });
}

// ---- Export ----

export type ExportRow = {
  address: string;
  apartment: string;
  account: string | null;
  kind: MeterKind;
  serialNumber: string;
  values: number[];
  consumption: number[] | null;
  flags: string[];
  submittedAt: Date;
};

/** A period's readings of the company's buildings, by address, apartment and meter. */
export async function selectExportRows(
  db: Db,
  scope: CompanyScope,
  period: string,
  buildingId: number | null = null,
): Promise<ExportRow[]> {
  const rows = await db.execute(sql`
    select b.address, a.number as apartment, a.account_number as account, m.kind, m.serial_number as serial,
      r.values::float8[] as values, r.consumption::float8[] as consumption, r.flags, r.submitted_at as at
    from meter_readings r join meters m on m.id = r.meter_id join apartments a on a.id = m.apartment_id join buildings b on b.id = a.building_id
    where r.period = ${period} and ${scopeOn(scope)} ${buildingId === null ? sql`` : sql`and b.id = ${buildingId}`}
    order by b.address, length(a.number), a.number, m.kind, m.id`);
  return rows.map((r) => ({
    address: String(r.address),
    apartment: String(r.apartment),
    account: (r.account as string | null) ?? null,
    kind: r.kind as MeterKind,
    serialNumber: String(r.serial),
    values: nums(r.values),
    consumption: r.consumption == null ? null : nums(r.consumption),
    flags: (r.flags as string[]) ?? [],
    submittedAt: date(r.at),
  }));
}

// ---- Reminders ----

/**
 * Residents with a confirmed link to an apartment whose building's window is open and closes in
 * `daysBefore` days or fewer (local time), having a meter in use without this period's reading, and
 * not yet reminded for the period. One row per person (the first such apartment's building).
 */
export async function residentsToRemind(db: Db, now: Date, daysBefore: number) {
  const rows = await db.execute(sql`
    with w as (
      select b.id as building_id, b.address, b.municipality_id, mu.time_zone,
        coalesce(b.reading_window_from_day, mu.reading_window_from_day) as from_day,
        least(coalesce(b.reading_window_to_day, mu.reading_window_to_day),
              extract(day from (date_trunc('month', ${now}::timestamptz at time zone mu.time_zone) + interval '1 month - 1 day'))::int) as to_day,
        extract(day from ${now}::timestamptz at time zone mu.time_zone)::int as today,
        to_char(${now}::timestamptz at time zone mu.time_zone, 'YYYY-MM') as period
      from buildings b join municipalities mu on mu.id = b.municipality_id
    )
    select distinct on (l.user_id) l.user_id as "userId", w.period, w.municipality_id as "municipalityId", w.time_zone as "timeZone",
      w.address, w.to_day as "toDay"
    from w join apartments a on a.building_id = w.building_id
    join apartment_links l on l.apartment_id = a.id and l.status = 'confirmed'
    where w.today between w.from_day and w.to_day and w.to_day - w.today <= ${daysBefore}
      and exists (select 1 from meters m where m.apartment_id = a.id and m.retired_at is null
                  and not exists (select 1 from meter_readings r where r.meter_id = m.id and r.period = w.period))
      and not exists (select 1 from reading_reminders rr where rr.user_id = l.user_id and rr.period = w.period)
    order by l.user_id, w.address`);
  return rows.map((r) => ({
    userId: num(r.userId),
    period: String(r.period),
    municipalityId: num(r.municipalityId),
    timeZone: String(r.timeZone),
    address: String(r.address),
    toDay: num(r.toDay),
  }));
}

/** Claim the reminder of a person for a period; false when someone already did (at most once). */
export async function claimReminder(db: Db, userId: number, period: string, now: Date): Promise<boolean> {
  const rows = await db.execute(
    sql`insert into reading_reminders (user_id, period, sent_at) values (${userId}, ${period}, ${now}) on conflict do nothing returning user_id`,
  );
  return rows.length > 0;
}
