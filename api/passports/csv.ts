/** Passports in bulk: CSV export of the buildings in reach, and CSV import line by line. */
import {
  buildingScopes,
  getPassports,
  listPassports,
  type PassportWrite,
  savePassports,
} from '../../db/queries/passports.ts';
import {
  checkPassport,
  diffPassport,
  mergePassport,
  passportsFromCsv,
  type PassportProblem,
  passportsToCsv,
} from '../../dispatch/passport.ts';
import { type Actor, can, scopeOf } from '../../dispatch/permissions.ts';
import { type Context, inTransaction } from '../context.ts';
import { BadRequest, HttpProblem, NotFound } from '../errors.ts';
import { resourceOf } from './read-passport.ts';
import type { ImportLine } from './schemas.ts';

/** A line of the import's report, its reasons still messages (the route renders them for the reader). */
export type ImportedLine = Omit<ImportLine, 'errors'> & { errors: PassportProblem[] };

const MAX_IMPORT_ROWS = 20_000;
const IMPORT_CHUNK = 500;

type CsvRow = ReturnType<typeof passportsFromCsv>['rows'][number];
type ValidRow = Extract<CsvRow, { ok: true }>;
type Refuse = (row: { line: number; buildingId: number | null }, errors: PassportProblem[]) => void;

/** The CSV rows an actor may import or export: the company's buildings, or the municipality's. */
function importScope(actor: Actor): { municipalityId: number; managementCompanyId: number | null } | null {
  const scope = scopeOf(actor, 'passport.import');
  if (!actor || scope === null) return null;
  if (scope === 'organisation')
    return actor.organisationId === null
      ? null
      : { municipalityId: actor.municipalityId, managementCompanyId: actor.organisationId };
  return { municipalityId: actor.municipalityId, managementCompanyId: null };
}

/** One row per building in the actor's reach, and the day of the export (for the file's name). */
export async function exportPassports(ctx: Context): Promise<{ csv: string; day: string }> {
  const scope = importScope(ctx.actor);
  if (!scope) throw new NotFound('organisation');
  const rows = await listPassports(ctx.db, scope.municipalityId, scope.managementCompanyId);
  const csv = passportsToCsv(
    rows.map((r) => ({ buildingId: r.buildingId, address: r.address, version: r.version, passport: r.passport })),
  );
  return { csv, day: ctx.clock().toISOString().slice(0, 10) };
}

/** The file's rows, refused as a whole when it is not UTF-8, its header is wrong or it is too long. */
function readCsv(body: unknown): CsvRow[] {
  if (typeof body !== 'string') {
    throw new HttpProblem(415, 'unsupported-media-type', { id: 'passport.import.csv_expected' });
  }
  if (body.includes('\uFFFD') || body.includes('\u0000')) {
    throw new BadRequest({ id: 'passport.import.not_utf8' }, [
      { field: 'body', reason: { id: 'passport.import.save_utf8' } },
    ]);
  }
  const { headerProblems, rows } = passportsFromCsv(body);
  if (headerProblems.length > 0) {
    throw new BadRequest(
      { id: 'passport.import.bad_header' },
      headerProblems.map((p) => ({ field: `header.${p.field}`, reason: p.reason })),
    );
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new HttpProblem(413, 'too-large', {
      id: 'passport.import.too_many_rows',
      params: { max: MAX_IMPORT_ROWS },
    });
  }
  return rows;
}

/**
 * Import passports from CSV: each line is checked on its own and the valid ones are applied
 * (history source "import"), a few hundred buildings per transaction; `dryRun` checks only.
 */
export async function importPassports(ctx: Context, body: unknown, dryRun: boolean) {
  const rows = readCsv(body);
  const lines: ImportedLine[] = [];
  const refuse: Refuse = (row, errors) =>
    lines.push({ line: row.line, buildingId: row.buildingId, status: 'error', changes: 0, errors });
  const valid = await rowsInReach(ctx, rows, refuse);
  for (let i = 0; i < valid.length; i += IMPORT_CHUNK) {
    lines.push(...(await importPassportChunk(ctx, valid.slice(i, i + IMPORT_CHUNK), dryRun, refuse)));
  }
  lines.sort((a, b) => a.line - b.line);
  const count = (s: string) => lines.filter((l) => l.status === s).length;
  ctx.log.info({ applied: count('applied'), refused: count('error'), dryRun }, 'passports imported');
  return { applied: count('applied'), unchanged: count('unchanged'), refused: count('error'), dryRun, lines };
}

/** The well-formed rows of buildings the actor may import, each building once. */
async function rowsInReach(ctx: Context, rows: CsvRow[], refuse: Refuse): Promise<ValidRow[]> {
  const scopes = await buildingScopes(ctx.db, [
    ...new Set(rows.flatMap((r) => (r.buildingId === null ? [] : [r.buildingId]))),
  ]);
  const seen = new Set<number>();
  const valid: ValidRow[] = [];
  for (const row of rows) {
    if (!row.ok) refuse(row, row.problems);
    // A building out of reach reads like a missing one: the file learns nothing about it.
    else if (
      !scopes.has(row.buildingId) ||
      !can(ctx.actor, 'passport.import', resourceOf(scopes.get(row.buildingId)!))
    ) {
      refuse(row, [{ field: 'buildingId', reason: { id: 'passport.import.not_your_building' } }]);
    } else if (seen.has(row.buildingId)) {
      refuse(row, [{ field: 'buildingId', reason: { id: 'passport.import.building_repeated' } }]);
    } else {
      seen.add(row.buildingId);
      valid.push(row);
    }
  }
  return valid;
}

/** One chunk of an import in one transaction: its buildings locked together, written in a few statements. */
async function importPassportChunk(
  ctx: Context,
  chunk: ValidRow[],
  dryRun: boolean,
  refuse: Refuse,
): Promise<ImportedLine[]> {
  const now = ctx.clock();
  return inTransaction(ctx, async (tx) => {
    const stored = await getPassports(
      tx.db,
      chunk.map((r) => r.buildingId),
      { forUpdate: true },
    );
    const lines: ImportedLine[] = [];
    const writes: PassportWrite[] = [];
    for (const row of chunk) {
      const current = stored.get(row.buildingId)!;
      if (row.version !== null && row.version !== current.version) {
        refuse(row, [
          {
            field: 'version',
            reason: { id: 'passport.import.changed_since_export', params: { version: current.version } },
          },
        ]);
        continue;
      }
      const next = mergePassport(current.passport, row.patch);
      const errors = checkPassport(next, now);
      if (errors.length > 0) {
        refuse(row, errors);
        continue;
      }
      const changes = diffPassport(current.passport, next);
      if (changes.length > 0) writes.push({ buildingId: row.buildingId, passport: next, changes });
      lines.push({
        line: row.line,
        buildingId: row.buildingId,
        status: changes.length > 0 ? 'applied' : 'unchanged',
        changes: changes.length,
        errors: [],
      });
    }
    if (!dryRun) await savePassports(tx.db, writes, { actorId: ctx.actor!.userId, source: 'import', now });
    return lines;
  });
}
