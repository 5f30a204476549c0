/**
 * Run an import of a register (issue 18), the one use case behind the CLI and the admin's upload:
 * record the run, read and check the file line by line while COPY streams the good lines into a
 * temporary table, then one set-based upsert per register keyed by external id, and — only when
 * asked — the deletion of the municipality's register records the file no longer names (never
 * those still referred to). All in one transaction: a failed run changes nothing; a dry run does
 * the same work and rolls it back, so what it reports is exactly what the real run would do.
 */
import type { Database } from '../../db/client.ts';
import {
  adoptBuildings,
  adoptOrganisations,
  copyIntoStage,
  copySeen,
  createStage,
  deleteMissing,
  keepStoredCodes,
  stageColumns,
  stageTables,
  takeOutTakenAddresses,
  takeOutTakenCodes,
  type Upserted,
  upsertBuildings,
  upsertOrganisations,
} from '../../db/queries/import-apply.ts';
import {
  createImportRun,
  districtsForImport,
  failRun,
  finishImportRun,
  getImportRun,
  type ImportRun,
  municipalityForImport,
  organisationsForImport,
  setImportProgress,
} from '../../db/queries/import-runs.ts';
import { type ImportReference, OrganisationIndex } from '../../dispatch/import-checks.ts';
import { DEFAULT_WORKING_HOURS } from '../../dispatch/import-organisations.ts';
import type { RegisterKind } from '../../dispatch/imports.ts';
import { type Message, render } from '../../dispatch/messages/index.ts';
import { ImportFileError, openRegister, type RegisterSource } from './read-register.ts';
import { newLedger, type Refusal, type StageLedger, stageText } from './stage-lines.ts';

export type ImportProgress = { phase: 'read' | 'apply'; done: number; total: number; lines: number };

export type ImportRequest = {
  db: Database;
  clock: () => Date;
  kind: RegisterKind;
  filePath: string;
  fileName: string;
  municipality: { code: string } | { id: number };
  dryRun: boolean;
  deleteMissing: boolean;
  via: 'cli' | 'web';
  startedBy: number | null;
  /** The run the admin's upload recorded; the CLI's is recorded here. */
  runId?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Each line's outcome in the report (the CLI's dry run prints them). */
  withOutcomes?: boolean;
  /** After a run that changed something: forget cached reference data (api/reference.ts). */
  afterChange?: () => void;
};

export type LineOutcome = { line: number; externalId: string; outcome: 'create' | 'update' | 'unchanged' };

export type ImportProblemRecord = { line: number; field: string; reason: string; code: string; params?: unknown };

export type ImportReport = {
  run: ImportRun;
  encoding: 'utf-8' | 'windows-1251';
  ignoredColumns: string[];
  /** Every refused line's problems (the run keeps the first 1,000). */
  refused: Refusal[];
  /** Records --delete-missing kept because others refer to them. */
  kept: { externalId: string; refs: string[] }[];
  outcomes?: LineOutcome[];
  ms: number;
};

/** The run's problems as stored: the reason in Russian with its message id and parameters. */
const MAX_STORED_PROBLEMS = 1000;
export function problemRecord(line: number, field: string, reason: Message): ImportProblemRecord {
  return {
    line,
    field,
    reason: render(reason, 'ru'),
    code: reason.id,
    ...('params' in reason ? { params: reason.params } : {}),
  };
}

class DryRunRollback extends Error {
  readonly applied: Applied;
  constructor(applied: Applied) {
    super('dry run: rolled back');
    this.applied = applied;
  }
}

type Applied = {
  upserted: Upserted[];
  adopted: string[];
  deleted: string[];
  kept: { externalId: string; refs: string[] }[];
};

async function reference(
  db: Database,
  kind: RegisterKind,
  m: { id: number; code: string; boundary: [number, number][] },
  now: Date,
) {
  const [districts, organisations] = await Promise.all([
    districtsForImport(db, m.id),
    kind === 'buildings' ? organisationsForImport(db, m.id) : Promise.resolve([]),
  ]);
  return {
    municipalityCode: m.code,
    boundary: m.boundary,
    districts,
    organisations: new OrganisationIndex(organisations),
    now,
  } satisfies ImportReference;
}

/** Stage the file, reconcile with the tables, upsert, delete if asked: inside the run's transaction. */
async function apply(
  req: ImportRequest,
  municipalityId: number,
  source: RegisterSource,
  ref: ImportReference,
  ledger: StageLedger,
  onLine: () => void,
): Promise<Applied> {
  const now = req.clock();
  return req.db.$client.begin(async (sql) => {
    await createStage(sql, req.kind);
    const table = stageTables[req.kind];
    const columns = stageColumns[req.kind].map(([c]) => c);
    await copyIntoStage(sql, table, columns, stageText(req.kind, source.lines, ref, ledger, onLine));
    req.onProgress?.({ phase: 'read', done: 1, total: 1, lines: ledger.lines });
    req.onProgress?.({ phase: 'apply', done: 0, total: 1, lines: ledger.lines });
    const present = source.header.present as ReadonlySet<string>;
    let adopted: string[];
    let upserted: Upserted[];
    if (req.kind === 'buildings') {
      for (const t of await takeOutTakenAddresses(sql, municipalityId)) {
        ledger.refusedLines.add(t.line);
        ledger.refused.push({
          line: t.line,
          field: 'house',
          reason: { id: 'import.line.address_taken', params: { externalId: t.holder } },
        });
      }
      adopted = await adoptBuildings(sql, municipalityId, now);
      upserted = await upsertBuildings(sql, municipalityId, present, now);
    } else {
      adopted = await adoptOrganisations(sql, municipalityId);
      await keepStoredCodes(sql, municipalityId);
      for (const t of await takeOutTakenCodes(sql, municipalityId)) {
        ledger.refusedLines.add(t.line);
        ledger.refused.push({
          line: t.line,
          field: 'code',
          reason: { id: 'import.line.code_taken', params: { externalId: t.holder } },
        });
      }
      upserted = await upsertOrganisations(sql, municipalityId, present, DEFAULT_WORKING_HOURS);
    }
    let outcome = { deleted: [] as string[], kept: [] as Applied['kept'] };
    if (req.deleteMissing) {
      await copySeen(sql, ledger.seen);
      outcome = await deleteMissing(sql, req.kind, municipalityId);
    }
    const applied = { upserted, adopted, ...outcome };
    req.onProgress?.({ phase: 'apply', done: 1, total: 1, lines: ledger.lines });
    if (req.dryRun) throw new DryRunRollback(applied);
    return applied;
  }) as Promise<Applied>;
}

function counts(ledger: StageLedger, applied: Applied) {
  const created = new Set<string>();
  const updated = new Set<string>(applied.adopted);
  for (const u of applied.upserted) (u.inserted ? created : updated).add(u.external_id);
  // lines taken out of the stage after COPY (an address or code taken) are refused, not staged
  for (const [id, line] of ledger.lineOf) if (ledger.refusedLines.has(line)) ledger.lineOf.delete(id);
  const staged = ledger.lineOf.size;
  return { created, updated, unchanged: staged - created.size - updated.size };
}

/** The run the admin's upload recorded, or the CLI's recorded now. */
async function runOf(req: ImportRequest, municipalityId: number): Promise<ImportRun> {
  const existing = req.runId === undefined ? null : await getImportRun(req.db, req.runId);
  return (
    existing ??
    (await createImportRun(req.db, {
      municipalityId,
      kind: req.kind,
      format: /\.(geo)?json$/i.test(req.fileName) ? 'geojson' : 'csv',
      fileName: req.fileName,
      via: req.via,
      dryRun: req.dryRun,
      allowDelete: req.deleteMissing,
      startedBy: req.startedBy,
      startedAt: req.clock(),
    }))
  );
}

/** The run's outcome recorded: counts, the first 1,000 problems (kept records first). */
async function finishDone(
  req: ImportRequest,
  runId: number,
  src: RegisterSource,
  ledger: StageLedger,
  applied: Applied,
) {
  const c = counts(ledger, applied);
  const problems = ledger.refused.sort((a, b) => a.line - b.line).map((r) => problemRecord(r.line, r.field, r.reason));
  const keptProblems = applied.kept.map((k) =>
    problemRecord(0, 'external_id', {
      id: 'import.delete.kept',
      params: { externalId: k.externalId, refs: k.refs.join(', ') },
    }),
  );
  const run = await finishImportRun(req.db, runId, {
    status: 'done',
    finishedAt: req.clock(),
    format: src.format,
    lines: ledger.lines,
    created: c.created.size,
    updated: c.updated.size,
    unchanged: c.unchanged,
    deleted: applied.deleted.length,
    rejected: ledger.refusedLines.size,
    problems: [...keptProblems, ...problems].slice(0, MAX_STORED_PROBLEMS),
    error: null,
  });
  if (!req.dryRun && (c.created.size > 0 || c.updated.size > 0 || applied.deleted.length > 0)) req.afterChange?.();
  return { run, c };
}

async function finishFailed(
  req: ImportRequest,
  runId: number,
  src: RegisterSource | null,
  lines: number,
  err: unknown,
) {
  const reason = err instanceof ImportFileError ? render(err.reason, 'ru') : `${(err as Error).message}`.slice(0, 500);
  await failRun(req.db, runId, { finishedAt: req.clock(), error: reason, lines, format: src?.format });
}

/** Import a register file: the run recorded, the report returned (a file that cannot be read throws ImportFileError). */
export async function runImport(req: ImportRequest): Promise<ImportReport> {
  const started = performance.now();
  const m = await municipalityForImport(req.db, req.municipality);
  if (!m) {
    const code = 'code' in req.municipality ? req.municipality.code : String(req.municipality.id);
    throw new ImportFileError({ id: 'import.municipality_unknown', params: { code } });
  }
  const run = await runOf(req, m.id);
  const ledger = newLedger();
  let source: RegisterSource | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    source = await openRegister(req.filePath, req.fileName, req.kind);
    const src = source;
    const ref = await reference(req.db, req.kind, m, req.clock());
    // the reading is complete once its last line is checked (the bytes are all read a little before)
    const report = () => {
      const { done, total } = src.progress();
      req.onProgress?.({ phase: 'read', done: Math.min(done, total - 1), total, lines: ledger.lines });
    };
    // progress for the admin's page: the lines read, written beside the run's transaction
    timer = setInterval(() => void setImportProgress(req.db, run.id, ledger.lines).catch(() => {}), 1000);
    let sinceReport = 0;
    const onLine = () => {
      if (++sinceReport >= 1000) {
        sinceReport = 0;
        report();
      }
    };
    const applied = await apply(req, m.id, src, ref, ledger, onLine).catch((err) => {
      if (err instanceof DryRunRollback) return err.applied;
      throw err;
    });
    clearInterval(timer);
    const { run: finished, c } = await finishDone(req, run.id, src, ledger, applied);
    return {
      run: finished,
      encoding: src.encoding,
      ignoredColumns: src.header.ignored,
      refused: ledger.refused,
      kept: applied.kept,
      outcomes: req.withOutcomes ? outcomesOf(ledger, c) : undefined,
      ms: Math.round(performance.now() - started),
    };
  } catch (err) {
    clearInterval(timer);
    await finishFailed(req, run.id, source, ledger.lines, err);
    throw err;
  }
}

function outcomesOf(ledger: StageLedger, c: ReturnType<typeof counts>): LineOutcome[] {
  const outcomes: LineOutcome[] = [];
  for (const [externalId, line] of ledger.lineOf) {
    const outcome = c.created.has(externalId) ? 'create' : c.updated.has(externalId) ? 'update' : 'unchanged';
    outcomes.push({ line, externalId, outcome });
  }
  return outcomes.sort((a, b) => a.line - b.line);
}
