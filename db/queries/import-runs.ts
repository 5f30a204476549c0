/**
 * The registers' imports (issue 18): their runs (import_runs) and the reference data a run checks
 * its lines against (the municipality's boundary, districts and organisations).
 */
import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import type { DistrictRef, OrganisationRef } from '../../dispatch/import-checks.ts';
import type { Db } from '../client.ts';
import { type ImportKind, type ImportProblem, importRuns } from '../schema/interop.ts';
import { districts, municipalities } from '../schema/municipalities.ts';
import { organisations } from '../schema/organisations.ts';

export type ImportRun = typeof importRuns.$inferSelect;
export type NewImportRun = Pick<
  typeof importRuns.$inferInsert,
  'municipalityId' | 'kind' | 'format' | 'fileName' | 'via' | 'dryRun' | 'allowDelete' | 'startedBy' | 'startedAt'
>;

export async function createImportRun(db: Db, run: NewImportRun): Promise<ImportRun> {
  const [row] = await db.insert(importRuns).values(run).returning();
  return row;
}

export async function getImportRun(db: Db, id: number): Promise<ImportRun | null> {
  const [row] = await db.select().from(importRuns).where(eq(importRuns.id, id)).limit(1);
  return row ?? null;
}

/** The lines read so far, while the run works (written from outside its transaction). */
export async function setImportProgress(db: Db, id: number, lines: number): Promise<void> {
  await db
    .update(importRuns)
    .set({ lines })
    .where(and(eq(importRuns.id, id), eq(importRuns.status, 'running')));
}

export type ImportOutcome = {
  status: 'done' | 'failed';
  finishedAt: Date;
  format?: 'csv' | 'geojson';
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  problems: ImportProblem[];
  error: string | null;
};

export async function finishImportRun(db: Db, id: number, outcome: ImportOutcome): Promise<ImportRun> {
  const [row] = await db.update(importRuns).set(outcome).where(eq(importRuns.id, id)).returning();
  return row;
}

/** A run that failed as a whole: nothing changed, why in `error`. */
export function failRun(
  db: Db,
  id: number,
  f: { finishedAt: Date; error: string; lines?: number; format?: ImportOutcome['format'] },
) {
  return finishImportRun(db, id, {
    status: 'failed',
    finishedAt: f.finishedAt,
    ...(f.format ? { format: f.format } : {}),
    lines: f.lines ?? 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    rejected: 0,
    problems: [],
    error: f.error,
  });
}

/** Runs still "running" that started before `before`: their process stopped (the job's expiry is 30 min). */
export async function failStaleImportRuns(db: Db, before: Date, error: string, now: Date): Promise<number> {
  const rows = await db
    .update(importRuns)
    .set({ status: 'failed', error, finishedAt: now })
    .where(and(eq(importRuns.status, 'running'), lt(importRuns.startedAt, before)))
    .returning({ id: importRuns.id });
  return rows.length;
}

export async function listImportRuns(
  db: Db,
  municipalityId: number,
  page: { limit: number; offset: number; kind?: ImportKind },
): Promise<{ total: number; items: ImportRun[] }> {
  const where = and(
    eq(importRuns.municipalityId, municipalityId),
    page.kind ? eq(importRuns.kind, page.kind) : undefined,
  );
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(importRuns)
      .where(where)
      .orderBy(desc(importRuns.startedAt), desc(importRuns.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(importRuns).where(where),
  ]);
  return { total, items };
}

export type MunicipalityOfImport = { id: number; code: string; boundary: [number, number][] };

export async function municipalityForImport(
  db: Db,
  by: { code: string } | { id: number },
): Promise<MunicipalityOfImport | null> {
  const [row] = await db
    .select({ id: municipalities.id, code: municipalities.code, boundary: municipalities.boundary })
    .from(municipalities)
    .where('id' in by ? eq(municipalities.id, by.id) : sql`upper(${municipalities.code}) = upper(${by.code})`)
    .limit(1);
  return row ?? null;
}

/** The only municipality, when there is exactly one (the CLI's default). */
export async function soleMunicipalityCode(db: Db): Promise<string | null> {
  const rows = await db.select({ code: municipalities.code }).from(municipalities).limit(2);
  return rows.length === 1 ? rows[0].code : null;
}

export async function districtsForImport(db: Db, municipalityId: number): Promise<DistrictRef[]> {
  return db
    .select({
      id: districts.id,
      code: districts.code,
      nameRu: districts.nameRu,
      nameEn: districts.nameEn,
      boundary: districts.boundary,
    })
    .from(districts)
    .where(eq(districts.municipalityId, municipalityId))
    .orderBy(districts.id);
}

export async function organisationsForImport(db: Db, municipalityId: number): Promise<OrganisationRef[]> {
  return db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      code: organisations.code,
      externalId: organisations.externalId,
      inn: organisations.inn,
      ogrn: organisations.ogrn,
    })
    .from(organisations)
    .where(eq(organisations.municipalityId, municipalityId))
    .orderBy(organisations.id);
}
