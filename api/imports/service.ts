/**
 * The admin's imports (issue 18): an uploaded register is stored under DATA_DIR/imports/, its run
 * recorded and an `import.run` job sent in the same transaction; the worker runs it as the CLI does
 * (runImport). The admin reads the runs of the municipality: progress, counts and refused lines.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/client.ts';
import {
  createImportRun,
  failStaleImportRuns,
  failRun,
  getImportRun,
  type ImportRun,
  listImportRuns,
} from '../../db/queries/import-runs.ts';
import type { ImportKind } from '../../db/schema/interop.ts';
import { detectFormat } from '../../dispatch/imports.ts';
import { render } from '../../dispatch/messages/index.ts';
import { can } from '../../dispatch/permissions.ts';
import { enqueue } from '../../jobs/queues.ts';
import { authorizeActor, type Context, inTransaction } from '../context.ts';
import { HttpProblem } from '../errors.ts';
import { ImportFileError } from './read-register.ts';
import { runImport } from './run-import.ts';

/** Where uploaded registers wait for their run: DATA_DIR/imports/. */
export const importsDirOf = (dataDir: string) => path.join(dataDir, 'imports');

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const notFound = () => new HttpProblem(404, 'not-found', { id: 'import.run.not_found' });

type Stored = { format: 'csv' | 'geojson'; totalLines: number | null };

/** Lines to expect (for the progress): a CSV's lines but the header, a GeoJSON's features. */
async function countLines(file: string, format: 'csv' | 'geojson'): Promise<number> {
  let count = 0;
  let last = 10;
  if (format === 'geojson') {
    const text = (await readFile(file)).toString('latin1');
    return text.match(/"type"\s*:\s*"Feature"/g)?.length ?? 0;
  }
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) count++;
    last = bytes[bytes.length - 1] ?? last;
  }
  return Math.max(0, count + (last === 10 ? 0 : 1) - 1);
}

export type UploadInput = {
  kind: ImportKind;
  dryRun: boolean;
  deleteMissing: boolean;
  fileName: string;
  /** The upload, already written to a temporary file of the imports' directory. */
  tempPath: string;
};

/** Record the admin's run of an uploaded register and queue it; the run as recorded. */
export async function startUploadedImport(ctx: Context, importsDir: string, input: UploadInput): Promise<ImportRun> {
  authorizeActor(ctx, 'admin.imports');
  const actor = ctx.actor as NonNullable<Context['actor']>;
  const head = (await readFile(input.tempPath)).subarray(0, 64).toString('utf8');
  const format = detectFormat(input.fileName, head);
  const stored: Stored = { format, totalLines: await countLines(input.tempPath, format) };
  const run = await inTransaction(ctx, async (tx) => {
    const created = await createImportRun(tx.db, {
      municipalityId: actor.municipalityId,
      kind: input.kind,
      format,
      fileName: input.fileName,
      via: 'web',
      dryRun: input.dryRun,
      allowDelete: input.deleteMissing,
      startedBy: actor.userId,
      startedAt: ctx.clock(),
    });
    await rename(input.tempPath, path.join(importsDir, `${created.id}.${format}`));
    await writeFile(path.join(importsDir, `${created.id}.json`), JSON.stringify(stored));
    await enqueue(ctx.boss, tx.db, 'import.run', { runId: created.id });
    return created;
  });
  ctx.log.info({ runId: run.id, kind: run.kind, dryRun: run.dryRun }, 'import queued');
  return run;
}

/** A temporary file in the imports' directory for an upload being received. */
export async function uploadTarget(importsDir: string): Promise<string> {
  await mkdir(importsDir, { recursive: true });
  return path.join(importsDir, `upload-${randomBytes(8).toString('hex')}.part`);
}

export async function discardUpload(file: string): Promise<void> {
  await rm(file, { force: true });
}

async function readStored(importsDir: string, runId: number): Promise<Stored | null> {
  try {
    return JSON.parse(await readFile(path.join(importsDir, `${runId}.json`), 'utf8')) as Stored;
  } catch {
    return null;
  }
}

/** One run of the admin's municipality, with the lines it expects while it works. */
export async function readImportRun(
  ctx: Context,
  importsDir: string,
  id: number,
): Promise<ImportRun & { totalLines: number | null }> {
  authorizeActor(ctx, 'admin.imports');
  const run = await getImportRun(ctx.db, id);
  // another municipality's run is as unknown as one that does not exist
  if (!run || !can(ctx.actor, 'admin.imports', { municipalityId: run.municipalityId })) throw notFound();
  const stored = run.status === 'running' ? await readStored(importsDir, id) : null;
  return { ...run, totalLines: stored?.totalLines ?? (run.status === 'running' ? null : run.lines) };
}

export async function listRuns(ctx: Context, page: { limit: number; offset: number; kind?: ImportKind }) {
  authorizeActor(ctx, 'admin.imports');
  const actor = ctx.actor as NonNullable<Context['actor']>;
  return listImportRuns(ctx.db, actor.municipalityId, page);
}

/**
 * The worker's part: run an uploaded register's recorded run, once (a run no longer "running" or
 * whose file is gone is left as it is), then remove the file.
 */
export async function runStoredImport(
  deps: { db: Database; clock: () => Date; log: Context['log']; afterChange?: () => void },
  importsDir: string,
  runId: number,
): Promise<void> {
  const run = await getImportRun(deps.db, runId);
  const stored = await readStored(importsDir, runId);
  if (run?.status !== 'running') {
    // already run, or given up as interrupted: its upload is of no more use
    await rm(path.join(importsDir, `${runId}.${stored?.format ?? run?.format ?? 'csv'}`), { force: true });
    await rm(path.join(importsDir, `${runId}.json`), { force: true });
    return;
  }
  const file = path.join(importsDir, `${runId}.${stored?.format ?? run.format}`);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  try {
    if (!exists) throw new ImportFileError({ id: 'import.file.unreadable' });
    await runImport({
      db: deps.db,
      clock: deps.clock,
      kind: run.kind,
      filePath: file,
      fileName: run.fileName,
      municipality: { id: run.municipalityId },
      dryRun: run.dryRun,
      deleteMissing: run.allowDelete,
      via: 'web',
      startedBy: run.startedBy,
      runId,
      afterChange: deps.afterChange,
    });
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    // the run records why; a missing file never reached runImport
    if (!exists) {
      await failRun(deps.db, runId, { finishedAt: deps.clock(), error: render(err.reason, 'ru') });
    }
    deps.log.warn({ runId, code: err.reason.id }, 'import refused');
  } finally {
    await rm(file, { force: true });
    await rm(path.join(importsDir, `${runId}.json`), { force: true });
  }
}

/** Runs whose process stopped mid-way (the job expires after 30 minutes) are marked failed. */
export async function failInterruptedImports(db: Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - 35 * 60_000);
  return failStaleImportRuns(db, before, render({ id: 'import.run.interrupted' }, 'ru'), now);
}
