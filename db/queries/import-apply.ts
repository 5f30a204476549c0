/**
 * How an import's checked lines reach the tables (issue 18), set-based: COPY into a temporary
 * table, then one upsert per register keyed by (municipality, external id) that writes a record only
 * when a value differs (so a repeated import changes nothing, updated_at included), then, when asked,
 * the deletion of the municipality's register records the file no longer has — except those other
 * records still refer to. Runs on the raw postgres.js transaction the service opened.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import type { RegisterKind } from '../../dispatch/imports.ts';
import { pgArray } from './readings.ts';

type Sql = postgres.TransactionSql;

export const stageTables: Record<RegisterKind, string> = {
  buildings: 'import_stage_buildings',
  organisations: 'import_stage_organisations',
};

/** The staged columns of each register, in COPY order, with their SQL types. */
export const stageColumns: Record<RegisterKind, readonly (readonly [string, string])[]> = {
  buildings: [
    ['line', 'int'],
    ['external_id', 'text'],
    ['district_id', 'int'],
    ['street', 'text'],
    ['house', 'text'],
    ['block', 'text'],
    ['postcode', 'text'],
    ['address', 'text'],
    ['search_text', 'text'],
    ['lon', 'float8'],
    ['lat', 'float8'],
    ['management_company_id', 'int'],
    ['cold_water_supplier_id', 'int'],
    ['hot_water_supplier_id', 'int'],
    ['heating_supplier_id', 'int'],
    ['electricity_supplier_id', 'int'],
    ['gas_supplier_id', 'int'],
    ['year_built', 'smallint'],
    ['floors', 'smallint'],
    ['entrances', 'smallint'],
    ['apartments', 'smallint'],
    ['total_area', 'numeric'],
    ['wall_material', 'wall_material'],
    ['elevators', 'smallint'],
    ['heating_system', 'text'],
    ['hot_water_system', 'text'],
    ['last_overhaul_year', 'smallint'],
    ['wear_percent', 'numeric'],
  ],
  organisations: [
    ['line', 'int'],
    ['external_id', 'text'],
    ['kind', 'organisation_kind'],
    ['code', 'text'],
    ['name_ru', 'text'],
    ['name_en', 'text'],
    ['inn', 'text'],
    ['ogrn', 'text'],
    ['district_id', 'int'],
    ['phone', 'text'],
    ['email', 'text'],
    ['address', 'text'],
    ['website', 'text'],
    ['working_hours', 'jsonb'],
    ['code_given', 'boolean'],
  ],
};

/** A value in COPY's text format. */
export function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\n\r\t]/.test(text)
    ? text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
    : text;
}

/** The temporary tables of a run (gone at its transaction's end). */
export async function createStage(sql: Sql, kind: RegisterKind): Promise<void> {
  const columns = stageColumns[kind].map(([name, type]) => `${name} ${type}`).join(', ');
  await sql.unsafe(`create temporary table ${stageTables[kind]} (${columns}) on commit drop`);
  await sql.unsafe('create temporary table import_stage_seen (external_id text primary key) on commit drop');
}

/** Stream COPY text (lines of tab-separated values) into a staged table. */
export async function copyIntoStage(
  sql: Sql,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<string>,
): Promise<void> {
  const target = await sql`copy ${sql(table)} (${sql(columns as string[])}) from stdin`.writable();
  await pipeline(Readable.from(chunks, { objectMode: false }), target);
  await sql.unsafe(`analyze ${table}`);
}

export async function copySeen(sql: Sql, externalIds: Iterable<string>): Promise<void> {
  async function* chunks() {
    let buffer = '';
    for (const id of externalIds) {
      buffer += `${copyValue(id)}\n`;
      if (buffer.length > 65_536) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  await copyIntoStage(sql, 'import_stage_seen', ['external_id'], chunks());
}

/** The building columns set from the file only when it has them (the rest are always set). */
export const optionalBuildingColumns: Record<string, readonly string[]> = {
  postcode: ['postcode'],
  management_company: ['management_company_id'],
  cold_water: ['cold_water_supplier_id'],
  hot_water: ['hot_water_supplier_id'],
  heating: ['heating_supplier_id'],
  electricity: ['electricity_supplier_id'],
  gas: ['gas_supplier_id'],
  year_built: ['year_built'],
  floors: ['floors'],
  entrances: ['entrances'],
  apartments: ['apartments'],
  total_area: ['total_area'],
  wall_material: ['wall_material'],
  elevators: ['elevators'],
  heating_system: ['heating_system'],
  hot_water_system: ['hot_water_system'],
  last_overhaul_year: ['last_overhaul_year'],
  wear_percent: ['wear_percent'],
};
const alwaysBuildingColumns = ['district_id', 'street', 'house', 'block', 'address', 'search_text'];

const sameAddress = `b.search_text = s.search_text and lower(b.address) = lower(s.address)`;

/**
 * Lines whose address another register building of the municipality has (a different external
 * id): taken out of the stage, returned to be reported.
 */
export async function takeOutTakenAddresses(sql: Sql, municipalityId: number) {
  return sql.unsafe<{ line: number; holder: string }[]>(
    `delete from import_stage_buildings s using buildings b
     where b.municipality_id = $1 and ${sameAddress} and b.external_id is not null and b.external_id <> s.external_id
     returning s.line, b.external_id as holder`,
    [municipalityId],
  );
}

/**
 * A register's first import over buildings entered by hand: a line whose building has no external
 * id yet but the line's address is linked to it (gets the id) instead of making a second building.
 */
export async function adoptBuildings(sql: Sql, municipalityId: number, now: Date): Promise<string[]> {
  const rows = await sql.unsafe<{ external_id: string }[]>(
    `with candidates as (
       select distinct on (s.external_id) s.external_id, b.id
       from import_stage_buildings s
       join buildings b on b.municipality_id = $1 and b.external_id is null and ${sameAddress}
       where not exists (select 1 from buildings x where x.municipality_id = $1 and x.external_id = s.external_id)
       order by s.external_id, b.id
     ), chosen as (select distinct on (id) id, external_id from candidates order by id, external_id)
     update buildings b set external_id = c.external_id, updated_at = $2
     from chosen c where b.id = c.id
     returning b.external_id`,
    [municipalityId, now.toISOString()],
  );
  return rows.map((r) => r.external_id);
}

export type Upserted = { external_id: string; inserted: boolean };

/** One upsert of every staged building: inserted, updated where a value differs, else untouched. */
export async function upsertBuildings(
  sql: Sql,
  municipalityId: number,
  present: ReadonlySet<string>,
  now: Date,
): Promise<Upserted[]> {
  const optional = Object.entries(optionalBuildingColumns)
    .filter(([column]) => present.has(column))
    .flatMap(([, cols]) => cols);
  const columns = [...alwaysBuildingColumns, ...optional];
  const compared = [
    ...columns.map((c) => [`b.${c}`, `excluded.${c}`]),
    ['b.location[0]', 'excluded.location[0]'],
    ['b.location[1]', 'excluded.location[1]'],
  ];
  return sql.unsafe<Upserted[]>(
    `insert into buildings as b (municipality_id, external_id, location, updated_at, ${columns.join(', ')})
     select $1, s.external_id, point(s.lon, s.lat), $2, ${columns.map((c) => `s.${c}`).join(', ')}
     from import_stage_buildings s
     order by s.line
     on conflict (municipality_id, external_id) where external_id is not null do update
       set location = excluded.location, updated_at = excluded.updated_at,
           ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}
       where (${compared.map(([a]) => a).join(', ')}) is distinct from (${compared.map(([, b]) => b).join(', ')})
     returning b.external_id, (b.xmax = 0) as inserted`,
    [municipalityId, now.toISOString()],
  );
}

const optionalOrganisationColumns = ['inn', 'ogrn', 'district_id', 'phone', 'email', 'address', 'website'];
/** The register's column of a table column (`district` fills district_id). */
const registerColumnOf = (column: string) => (column === 'district_id' ? 'district' : column);

/**
 * Organisations entered by hand before the register: a line is linked to the one of the same code,
 * OGRN or INN that has no external id yet.
 */
export async function adoptOrganisations(sql: Sql, municipalityId: number): Promise<string[]> {
  const rows = await sql.unsafe<{ external_id: string }[]>(
    `with candidates as (
       select distinct on (s.external_id) s.external_id, o.id
       from import_stage_organisations s
       join organisations o on o.municipality_id = $1 and o.external_id is null
         and ((s.code_given and o.code = s.code) or o.ogrn = s.ogrn or (s.ogrn is null and o.inn = s.inn))
       where not exists (select 1 from organisations x where x.municipality_id = $1 and x.external_id = s.external_id)
       order by s.external_id, (o.code = s.code) desc, o.id
     ), chosen as (select distinct on (id) id, external_id from candidates order by id, external_id)
     update organisations o set external_id = c.external_id from chosen c where o.id = c.id
     returning o.external_id`,
    [municipalityId],
  );
  return rows.map((r) => r.external_id);
}

/** A line that gives no code keeps the stored organisation's (the one made from its id is for a new one). */
export async function keepStoredCodes(sql: Sql, municipalityId: number): Promise<void> {
  await sql.unsafe(
    `update import_stage_organisations s set code = o.code from organisations o
     where o.municipality_id = $1 and o.external_id = s.external_id and not s.code_given`,
    [municipalityId],
  );
}

/** Lines whose code another organisation of the municipality has: taken out of the stage. */
export async function takeOutTakenCodes(sql: Sql, municipalityId: number) {
  return sql.unsafe<{ line: number; holder: string }[]>(
    `delete from import_stage_organisations s using organisations o
     where o.municipality_id = $1 and o.code = s.code and o.external_id is distinct from s.external_id
     returning s.line, coalesce(o.external_id, o.code) as holder`,
    [municipalityId],
  );
}

/** One upsert of every staged organisation (the code only when the file has the column). */
export async function upsertOrganisations(
  sql: Sql,
  municipalityId: number,
  present: ReadonlySet<string>,
  defaultHours: unknown,
): Promise<Upserted[]> {
  const optional = optionalOrganisationColumns.filter((c) => present.has(registerColumnOf(c)));
  const set: [string, string][] = [
    ['kind', 'excluded.kind'],
    ['name_ru', 'excluded.name_ru'],
    ...optional.map((c) => [c, `excluded.${c}`] as [string, string]),
  ];
  if (present.has('code')) set.push(['code', 'excluded.code']);
  if (present.has('name_en')) set.push(['name_en', 'excluded.name_en']);
  if (present.has('working_hours')) set.push(['working_hours', 'excluded.working_hours']);
  return sql.unsafe<Upserted[]>(
    `insert into organisations as o (municipality_id, external_id, kind, code, name_ru, name_en, working_hours, ${optionalOrganisationColumns.join(', ')})
     select $1, s.external_id, s.kind, s.code, s.name_ru, coalesce(s.name_en, s.name_ru), coalesce(s.working_hours, $2::jsonb),
            ${optionalOrganisationColumns.map((c) => `s.${c}`).join(', ')}
     from import_stage_organisations s
     order by s.line
     on conflict (municipality_id, external_id) where external_id is not null do update
       set ${set.map(([c, v]) => `${c} = ${v}`).join(', ')}
       where (${set.map(([c]) => `o.${c}`).join(', ')}) is distinct from (${set.map(([, v]) => v).join(', ')})
     returning o.external_id, (o.xmax = 0) as inserted`,
    [municipalityId, JSON.stringify(defaultHours)],
  );
}

/** Foreign keys that would refuse a record's deletion (no action / restrict), one column each. */
async function blockingReferences(sql: Sql, table: string) {
  return sql<{ table: string; column: string }[]>`
    select cl.relname as table, a.attname as column
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and c.confrelid = ${table}::regclass and array_length(c.conkey, 1) = 1
      and c.confdeltype in ('a', 'r')
    order by cl.relname, a.attname`;
}

export type DeleteOutcome = { deleted: string[]; kept: { externalId: string; refs: string[] }[] };

/**
 * Delete the municipality's register records (external id set) the file did not name, keeping —
 * and returning — those other records still refer to (appeals, apartments, outages, buildings…).
 */
export async function deleteMissing(sql: Sql, kind: RegisterKind, municipalityId: number): Promise<DeleteOutcome> {
  const table = kind;
  const missing = await sql.unsafe<{ id: number; external_id: string }[]>(
    `select r.id, r.external_id from ${table} r
     where r.municipality_id = $1 and r.external_id is not null
       and not exists (select 1 from import_stage_seen x where x.external_id = r.external_id)
     order by r.external_id`,
    [municipalityId],
  );
  if (missing.length === 0) return { deleted: [], kept: [] };
  const ids = pgArray(missing.map((m) => m.id));
  const refs = new Map<number, Set<string>>();
  for (const ref of await blockingReferences(sql, table)) {
    const rows = await sql.unsafe<{ id: number }[]>(
      `select distinct "${ref.column}" as id from "${ref.table}" where "${ref.column}" = any($1::int[])`,
      [ids],
    );
    for (const { id } of rows) refs.set(id, (refs.get(id) ?? new Set()).add(ref.table));
  }
  const free = missing.filter((m) => !refs.has(m.id));
  if (free.length > 0)
    await sql.unsafe(`delete from ${table} where id = any($1::int[])`, [pgArray(free.map((m) => m.id))]);
  return {
    deleted: free.map((m) => m.external_id),
    kept: missing
      .filter((m) => refs.has(m.id))
      .map((m) => ({ externalId: m.external_id, refs: [...(refs.get(m.id) ?? [])].sort() })),
  };
}
