/**
 * Bulk loading of a generated city into PostgreSQL with COPY FROM STDIN (text format), streamed
 * from the generators with backpressure, all in one transaction: a failed load leaves nothing.
 *
 * For big loads the secondary indexes and foreign keys of the bulk tables are dropped first and
 * rebuilt at the end (a sorted index build and one validating join are far cheaper than a million
 * index insertions and trigger checks). Their definitions are read from the catalogue, so they come
 * back exactly as the migrations made them, inside the same transaction.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Column, getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Database } from '../client.ts';
import * as s from '../schema/index.ts';
import {
  BuildingIndex,
  type CityPlan,
  generateAppeals,
  generateBuildings,
  generateResidents,
  type NumberState,
  recordNumber,
} from './generate.ts';

export type SeedPhase = 'reference' | 'buildings' | 'users' | 'appeals' | 'events' | 'indexes' | 'sequences';
export type SeedProgress = { phase: SeedPhase; done: number; total: number };
export type OnProgress = (progress: SeedProgress) => void;

export type LoadSummary = {
  municipalities: number;
  districts: number;
  organisations: number;
  categories: number;
  buildings: number;
  users: number;
  appeals: number;
  events: number;
};

/** From this many buildings + appeals on, indexes and foreign keys are rebuilt after the load. */
const BULK_THRESHOLD = 5_000;
/** Rows between progress reports. */
const REPORT_EVERY = 2_000;
/** Bytes of COPY text handed to the socket at once. */
const CHUNK_BYTES = 1 << 20;

type Sql = postgres.Sql | postgres.TransactionSql;
type Encoder = (value: unknown) => string;

/** COPY text format: backslash escapes for the four characters that would break a line. */
function escapeText(text: string): string {
  return /[\\\n\r\t]/.test(text)
    ? text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
    : text;
}

function encoderFor(column: Column): Encoder {
  const type = column.columnType;
  let encode: (value: unknown) => string;
  if (type === 'PgPointObject') encode = (v) => `(${(v as { x: number }).x},${(v as { y: number }).y})`;
  else if (type === 'PgPointTuple') encode = (v) => `(${(v as number[])[0]},${(v as number[])[1]})`;
  else if (type === 'PgJsonb' || type === 'PgJson') encode = (v) => escapeText(JSON.stringify(v));
  else if (type === 'PgCustomColumn') encode = (v) => escapeText(String(column.mapToDriverValue(v)));
  // numeric arrays only (routing rules' district and building ids)
  else if (type === 'PgArray') encode = (v) => `{${(v as number[]).join(',')}}`;
  else if (type === 'PgBoolean') encode = (v) => (v ? 't' : 'f');
  else if (type.startsWith('PgTimestamp') || type.startsWith('PgDate'))
    encode = (v) => (v instanceof Date ? v.toISOString() : String(v));
  else encode = (v) => escapeText(String(v));
  return (value) => (value === null || value === undefined ? '\\N' : encode(value));
}

/**
 * Stream rows into a table with COPY. The columns are those the first row has (so column defaults
 * apply to the rest); values are encoded by the drizzle column types.
 */
export async function copyRows<T extends PgTable>(
  sql: Sql,
  table: T,
  rows: Iterable<T['$inferInsert']>,
  onRows?: (count: number) => void,
): Promise<number> {
  const iterator = rows[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) return 0;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in (first.value as object));
  const keys = columns.map(([key]) => key);
  const encoders = columns.map(([, column]) => encoderFor(column));
  const names = columns.map(([, column]) => column.name);
  let count = 0;
  function* chunks(): Generator<string> {
    let buffer: string[] = [];
    let bytes = 0;
    let row: IteratorResult<T['$inferInsert']> = first;
    while (!row.done) {
      const record = row.value as Record<string, unknown>;
      let line = '';
      for (let i = 0; i < keys.length; i++) line += (i === 0 ? '' : '\t') + encoders[i](record[keys[i]]);
      line += '\n';
      buffer.push(line);
      bytes += line.length;
      count++;
      if (onRows && count % REPORT_EVERY === 0) onRows(count);
      if (bytes >= CHUNK_BYTES) {
        yield buffer.join('');
        buffer = [];
        bytes = 0;
      }
      row = iterator.next();
    }
    if (buffer.length > 0) yield buffer.join('');
  }
  const tableName: string = getTableName(table);
  const target = await sql`copy ${sql(tableName)} (${sql(names)}) from stdin`.writable();
  await pipeline(Readable.from(chunks(), { objectMode: false }), target);
  onRows?.(count);
  return count;
}

const nameOf = (table: PgTable): string => getTableName(table);
const BULK_TABLES = [s.buildings, s.users, s.userPersonal, s.appeals, s.appealEvents].map(nameOf);

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export type Dropped = {
  indexes: { name: string; def: string }[];
  foreignKeys: { table: string; name: string; def: string }[];
};

/** Drop the secondary indexes and foreign keys of the bulk tables; return how to recreate them. */
export async function dropForBulk(tx: Sql): Promise<Dropped> {
  const indexes = await tx<{ name: string; def: string }[]>`
    select i.indexname as name, i.indexdef as def
    from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in ${tx(BULK_TABLES)}
      and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
    order by i.tablename, i.indexname`;
  const foreignKeys = await tx<{ table: string; name: string; def: string }[]>`
    select cl.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_class cl on cl.oid = c.conrelid
    where c.contype = 'f' and cl.relnamespace = current_schema()::regnamespace and cl.relname in ${tx(BULK_TABLES)}
    order by cl.relname, c.conname`;
  for (const fk of foreignKeys) await tx`alter table ${tx(fk.table)} drop constraint ${tx(fk.name)}`;
  for (const index of indexes) await tx`drop index ${tx(index.name)}`;
  return { indexes, foreignKeys };
}

export async function restoreAfterBulk(tx: Sql, dropped: Dropped, onProgress: OnProgress): Promise<void> {
  // builds are sorts: give them memory and both cores
  await tx`set local maintenance_work_mem = '512MB'`;
  await tx`set local max_parallel_maintenance_workers = 2`;
  const total = dropped.indexes.length + dropped.foreignKeys.length;
  let done = 0;
  onProgress({ phase: 'indexes', done, total });
  for (const index of dropped.indexes) {
    await tx.unsafe(index.def);
    onProgress({ phase: 'indexes', done: ++done, total });
  }
  for (const fk of dropped.foreignKeys) {
    await tx.unsafe(`alter table ${quoteIdent(fk.table)} add constraint ${quoteIdent(fk.name)} ${fk.def}`);
    onProgress({ phase: 'indexes', done: ++done, total });
  }
}

/** Make id sequences and appeal-number sequences continue after the loaded rows. */
async function alignSequences(tx: Sql, numbers: NumberState): Promise<void> {
  for (const table of [
    s.municipalities,
    s.districts,
    s.organisations,
    s.categories,
    s.routingRules,
    s.buildings,
    s.users,
    s.appeals,
    s.appealEvents,
  ]) {
    const name = nameOf(table);
    await tx`select setval(pg_get_serial_sequence(${name}, 'id'), coalesce((select max(id) from ${tx(name)}), 0) + 1, false)`;
  }
  // next_appeal_number() (migration 0002) draws from appeal_number_<municipality>_<year>
  for (const { municipalityId, year, max } of numbers.values()) {
    const sequence = `appeal_number_${municipalityId}_${year}`;
    await tx.unsafe(`create sequence if not exists ${quoteIdent(sequence)}`);
    await tx`select setval(${sequence}::regclass, ${max})`;
  }
}

/** Load a planned city into an empty database, in one transaction. */
export async function loadCity(db: Database, plan: CityPlan, onProgress: OnProgress = () => {}): Promise<LoadSummary> {
  const sql = db.$client;
  const bulk = plan.counts.buildings + plan.counts.appeals >= BULK_THRESHOLD;
  const numbers: NumberState = new Map();
  const summary: LoadSummary = {
    municipalities: 0,
    districts: 0,
    organisations: 0,
    categories: 0,
    buildings: 0,
    users: 0,
    appeals: 0,
    events: 0,
  };

  await sql.begin(async (tx) => {
    const dropped = bulk ? await dropForBulk(tx) : null;

    onProgress({ phase: 'reference', done: 0, total: 4 });
    summary.municipalities = await copyRows(tx, s.municipalities, plan.municipalities);
    summary.districts = await copyRows(tx, s.districts, plan.districts);
    summary.organisations = await copyRows(tx, s.organisations, plan.organisations);
    summary.categories = await copyRows(tx, s.categories, plan.categories);
    await copyRows(tx, s.routingRules, plan.routingRules);
    onProgress({ phase: 'reference', done: 4, total: 4 });

    const index = new BuildingIndex(plan.counts.buildings);
    const buildingsTotal = plan.counts.buildings;
    summary.buildings = await copyRows(tx, s.buildings, generateBuildings(plan, index), (done) =>
      onProgress({ phase: 'buildings', done, total: buildingsTotal }),
    );

    // accounts first, then their personal data (the residents are generated twice rather than kept)
    const usersTotal = plan.staff.length + plan.counts.residents;
    const accounts = function* () {
      for (const st of plan.staff) yield st.user;
      for (const r of generateResidents(plan)) yield r.user;
    };
    const personal = function* () {
      for (const st of plan.staff) yield st.personal;
      for (const r of generateResidents(plan)) yield r.personal;
    };
    summary.users = await copyRows(tx, s.users, accounts(), (done) =>
      onProgress({ phase: 'users', done: Math.floor(done / 2), total: usersTotal }),
    );
    await copyRows(tx, s.userPersonal, personal(), (done) =>
      onProgress({ phase: 'users', done: Math.floor((usersTotal + done) / 2), total: usersTotal }),
    );

    // appeals, then (regenerated identically) their events
    const appealsTotal = plan.counts.appeals;
    const appeals = function* () {
      for (const { appeal } of generateAppeals(plan, index)) {
        recordNumber(numbers, appeal);
        yield appeal;
      }
    };
    summary.appeals = await copyRows(tx, s.appeals, appeals(), (done) =>
      onProgress({ phase: 'appeals', done, total: appealsTotal }),
    );
    let appealsSeen = 0;
    const events = function* () {
      for (const { events } of generateAppeals(plan, index)) {
        appealsSeen++;
        yield* events;
      }
    };
    summary.events = await copyRows(tx, s.appealEvents, events(), () =>
      onProgress({ phase: 'events', done: appealsSeen, total: appealsTotal }),
    );

    if (dropped) await restoreAfterBulk(tx, dropped, onProgress);
    onProgress({ phase: 'sequences', done: 0, total: 1 });
    await alignSequences(tx, numbers);
    onProgress({ phase: 'sequences', done: 1, total: 1 });
  });
  // fresh statistics, so the first queries after a big load get good plans
  const analysed = [s.municipalities, s.districts, s.organisations, s.categories].map(nameOf).concat(BULK_TABLES);
  await sql.unsafe(`analyze ${analysed.map(quoteIdent).join(', ')}`);
  return summary;
}

/** True when the database holds no municipality (so nothing the seed would collide with). */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const rows = await db.$client<{ empty: boolean }[]>`select not exists (select 1 from municipalities) as empty`;
  return rows[0].empty;
}

/**
 * Empty every application table (not pg-boss's or drizzle's schemas) and drop the appeal-number
 * sequences, so that a new city can be loaded.
 */
export async function resetDatabase(db: Database): Promise<void> {
  const sql = db.$client;
  await sql.begin(async (tx) => {
    const tables = await tx<
      { name: string }[]
    >`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`;
    if (tables.length > 0)
      await tx.unsafe(`truncate ${tables.map((t) => quoteIdent(t.name)).join(', ')} restart identity cascade`);
    const sequences = await tx<{ name: string }[]>`
      select sequencename as name from pg_sequences where schemaname = current_schema() and sequencename like 'appeal\\_number\\_%'`;
    for (const seq of sequences) await tx.unsafe(`drop sequence if exists ${quoteIdent(seq.name)}`);
  });
}
