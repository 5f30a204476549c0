/**
 * `npm run import -- buildings|organisations <file> [--dry-run] [--municipality KZN] [--delete-missing]`
 *
 * Imports a register (CSV or GeoJSON, docs/imports.md) into DATABASE_URL, or into the embedded
 * PostgreSQL of DATA_DIR: the one a running `npm start` serves, else started for the import. A thin
 * adapter over runImport (api/imports/run-import.ts), the admin's upload's use case too. Progress on
 * stderr; the report on stdout (with --dry-run, each line's outcome). Exit code 0 when every line
 * was taken, 1 when lines were refused, 2 when the file or the command was refused as a whole.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { openToolDatabase } from '../platform.ts';
import { connect } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { soleMunicipalityCode } from '../../db/queries/import-runs.ts';
import { ProgressBar } from '../../db/seed/progress.ts';
import type { RegisterKind } from '../../dispatch/imports.ts';
import { render } from '../../dispatch/messages/index.ts';
import { ImportFileError } from './read-register.ts';
import { type ImportReport, runImport } from './run-import.ts';

const USAGE = `usage: npm run import -- <buildings|organisations> <file.csv|file.geojson> [options]
  --dry-run          check and report each line (would create / update / unchanged / refused); change nothing
  --municipality C   the municipality's code (default: the only one in the database)
  --delete-missing   delete the municipality's register records absent from the file
                     (never those appeals, apartments, outages… still refer to: they are reported)
  --lang ru|en       the language of the reasons (default ru)
Organisations first: buildings name their management company and suppliers by the organisation's
register id, OGRN, INN or code. Columns: docs/imports.md.`;

export class UsageError extends Error {}

export type ImportFlags = {
  kind: RegisterKind;
  file: string;
  dryRun: boolean;
  municipality: string | null;
  deleteMissing: boolean;
  lang: 'ru' | 'en';
};

/** The command line read; a bad one throws a UsageError with a one-line message. */
export function parseImportArgs(argv: string[]): ImportFlags | 'help' {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        municipality: { type: 'string' },
        'delete-missing': { type: 'boolean', default: false },
        lang: { type: 'string', default: 'ru' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [kind, file, ...rest] = positionals;
  if (kind !== 'buildings' && kind !== 'organisations')
    throw new UsageError('the first argument is buildings or organisations');
  if (!file) throw new UsageError('name the register file');
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (values.lang !== 'ru' && values.lang !== 'en') throw new UsageError('--lang is ru or en');
  return {
    kind,
    file,
    dryRun: values['dry-run'] === true,
    municipality: typeof values.municipality === 'string' ? values.municipality : null,
    deleteMissing: values['delete-missing'] === true,
    lang: values.lang,
  };
}

const OUTCOME_WORDS = { create: 'would create', update: 'would update', unchanged: 'unchanged' } as const;

/** The report as printed: each line's outcome (dry run), the refusals, the counts. */
export function formatReport(report: ImportReport, flags: Pick<ImportFlags, 'dryRun' | 'lang'>): string[] {
  const out: string[] = [];
  const r = report.run;
  const refusedByLine = new Map<number, string[]>();
  for (const p of report.refused) {
    const list = refusedByLine.get(p.line) ?? [];
    list.push(`${p.field}: ${render(p.reason, flags.lang)}`);
    refusedByLine.set(p.line, list);
  }
  if (flags.dryRun && report.outcomes) {
    const lines = [
      ...report.outcomes.map((o) => [o.line, `line ${o.line}: ${OUTCOME_WORDS[o.outcome]} (${o.externalId})`] as const),
      ...[...refusedByLine].map(([line, why]) => [line, `line ${line}: refused: ${why.join('; ')}`] as const),
    ].sort((a, b) => a[0] - b[0]);
    out.push(...lines.map(([, text]) => text));
  } else {
    for (const [line, why] of [...refusedByLine].sort((a, b) => a[0] - b[0]))
      out.push(`line ${line}: refused: ${why.join('; ')}`);
  }
  for (const k of report.kept) out.push(`kept ${k.externalId}: not in the file, but ${k.refs.join(', ')} refer to it`);
  if (report.ignoredColumns.length > 0) out.push(`columns ignored: ${report.ignoredColumns.join(', ')}`);
  const verb = flags.dryRun ? 'dry run (nothing changed)' : 'imported';
  out.push(
    `${verb}: ${r.kind}, ${r.format}, ${report.encoding}; ${r.lines} lines: ${r.created} created, ${r.updated} updated, ` +
      `${r.unchanged} unchanged, ${r.deleted} deleted, ${r.rejected} refused (run ${r.id}, ${(report.ms / 1000).toFixed(1)} s)`,
  );
  return out;
}

async function main(): Promise<number> {
  let flags: ImportFlags;
  let config: ReturnType<typeof loadConfig>;
  try {
    const parsed = parseImportArgs(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    flags = parsed;
    config = loadConfig();
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(`import: ${err.message} (npm run import -- --help)`);
      return 2;
    }
    throw err;
  }
  const database = await openToolDatabase(config, (line) => console.error(`[import] postgres: ${line}`));
  const db = connect(database.url, { max: 3 });
  try {
    // a database of its own (not a running server's) may be older than this code
    if (!database.shared) await runMigrations(db);
    const municipality = flags.municipality ?? (await soleMunicipalityCode(db));
    if (!municipality) {
      console.error('import: the database has several municipalities (or none): name one with --municipality');
      return 2;
    }
    const bar = new ProgressBar(process.stderr, undefined, { read: 'чтение / reading', apply: 'запись / applying' });
    const started = performance.now();
    const report = await runImport({
      db,
      clock: () => new Date(),
      kind: flags.kind,
      filePath: path.resolve(flags.file),
      fileName: path.basename(flags.file),
      municipality: { code: municipality },
      dryRun: flags.dryRun,
      deleteMissing: flags.deleteMissing,
      via: 'cli',
      startedBy: null,
      withOutcomes: flags.dryRun,
      onProgress: (p) => {
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds > 0 ? Math.round(p.lines / seconds) : 0;
        const counts = `${p.lines.toLocaleString('en')} lines ${rate.toLocaleString('en')} lines/s`;
        bar.update({ phase: p.phase, done: p.done, total: p.total, counts });
      },
    });
    bar.finish();
    for (const line of formatReport(report, flags)) console.log(line);
    return report.run.rejected > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof ImportFileError) {
      console.error(`import: ${render(err.reason, flags.lang)}`);
      return 2;
    }
    throw err;
  } finally {
    await db.$client.end({ timeout: 5 });
    await database.embedded?.stop();
  }
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`import: failed: ${err instanceof Error ? err.message : String(err)}`);
      if (process.env.LOG_LEVEL === 'debug') console.error(err);
      process.exit(2);
    },
  );
}
