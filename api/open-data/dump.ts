/**
 * The daily open-data dump (the open_data.dump timer, jobs/open-data.ts): each municipality's
 * appeals filed or changed on its local yesterday and its whole register of buildings, written to
 * DATA_DIR/open-data/<code>/<day>/ with a checksum each, recorded in open_data_dumps, kept 30 days.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { listMunicipalities, type MunicipalityRef } from '../../db/queries/municipalities.ts';
import {
  deleteDumpsBefore,
  getDump,
  publicAppealBatches,
  publicBuildingBatches,
  recordDump,
} from '../../db/queries/open-data.ts';
import type { OpenDataFile } from '../../db/schema/index.ts';
import { dumpDayOf, oldestKeptDay, periodInstants } from '../../dispatch/open-data.ts';
import { dataPackage, dumpFiles } from '../../dispatch/open-data-datasets.ts';
import type { Context } from '../context.ts';
import {
  appealFields,
  appealRecord,
  buildingFields,
  buildingRecord,
  csvChunks,
  geoJsonChunks,
  type RowCounter,
} from './records.ts';
import { dumpDirOf } from './service.ts';

export type DumpSettings = { dataDir: string; publicUrl: string };

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Write text chunks to `file` atomically: into a temporary file beside it, renamed over it once
 * complete, so a reader never sees half a file and a crash leaves only a temporary one (swept later).
 */
async function writeAtomically(
  file: string,
  chunks: AsyncIterable<string>,
): Promise<{ bytes: number; sha256: string }> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const encode = async function* () {
    for await (const text of chunks) yield Buffer.from(text, 'utf8');
  };
  try {
    await pipeline(encode, tap, createWriteStream(temp));
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Whether a recorded dump is whole on disk: every file there with its recorded size. */
async function dumpIsWhole(dir: string, files: readonly OpenDataFile[]): Promise<boolean> {
  if (dumpFiles.some((name) => !files.some((f) => f.name === name))) return false;
  for (const f of files) {
    const s = await stat(path.join(dir, f.name)).catch(() => null);
    if (!s || s.size !== f.bytes) return false;
  }
  return true;
}

/** The data files of a day's dump, each streamed from the database to disk. */
async function writeDataFiles(ctx: Context, m: MunicipalityRef, day: string, dir: string): Promise<OpenDataFile[]> {
  const { since, until } = periodInstants({ from: day, to: day }, m.timeZone);
  const window = { municipalityId: m.id, since, until, by: 'changed' as const };
  const toAppeal = (r: Parameters<typeof appealRecord>[0]) => appealRecord(r, m.timeZone);
  const files: OpenDataFile[] = [];
  const write = async (name: string, chunks: (counter: RowCounter) => AsyncIterable<string>) => {
    const counter: RowCounter = { rows: 0 };
    const written = await writeAtomically(path.join(dir, name), chunks(counter));
    files.push({ name, rows: counter.rows, ...written });
  };
  await write('appeals.csv', (c) => csvChunks(publicAppealBatches(ctx.db, window), appealFields, toAppeal, ',', c));
  await write('appeals.geojson', (c) => geoJsonChunks(publicAppealBatches(ctx.db, window), appealFields, toAppeal, c));
  await write('buildings.geojson', (c) =>
    geoJsonChunks(publicBuildingBatches(ctx.db, m.id), buildingFields, buildingRecord, c),
  );
  return files;
}

/**
 * One municipality's dump of one day. Run twice for a day it does nothing the second time (the
 * recorded files are all there); a dump whose files went missing is made again.
 */
export async function dumpMunicipalityDay(
  ctx: Context,
  m: MunicipalityRef,
  day: string,
  settings: DumpSettings,
): Promise<{ made: boolean; files: OpenDataFile[] }> {
  const dir = path.join(dumpDirOf(settings.dataDir, m.code), day);
  const recorded = await getDump(ctx.db, m.id, day);
  if (recorded && (await dumpIsWhole(dir, recorded.files))) return { made: false, files: recorded.files };
  await mkdir(dir, { recursive: true });
  // A run killed mid-write left its temporary files: they go before this one writes its own.
  for (const name of await readdir(dir)) if (name.endsWith('.tmp')) await unlink(path.join(dir, name)).catch(() => {});
  const files = await writeDataFiles(ctx, m, day, dir);
  const pkg = dataPackage({ municipalityCode: m.code, day, baseUrl: settings.publicUrl, files });
  const pkgText = `${JSON.stringify(pkg, null, 2)}\n`;
  const written = await writeAtomically(
    path.join(dir, 'datapackage.json'),
    (async function* () {
      yield pkgText;
    })(),
  );
  files.push({ name: 'datapackage.json', rows: files.length, ...written });
  await recordDump(ctx.db, m.id, day, files, ctx.clock());
  return { made: true, files };
}

/** Delete a municipality's dumps older than the kept 30 days: their rows, their folders, stray temporary files. */
export async function pruneDumps(ctx: Context, m: MunicipalityRef, day: string, dataDir: string): Promise<string[]> {
  const oldest = oldestKeptDay(day);
  const forgotten = await deleteDumpsBefore(ctx.db, m.id, oldest);
  const root = dumpDirOf(dataDir, m.code);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const removed = new Set(forgotten);
  for (const e of entries) {
    if (!e.isDirectory() || !DAY_PATTERN.test(e.name) || e.name >= oldest) continue;
    await rm(path.join(root, e.name), { recursive: true, force: true });
    removed.add(e.name);
  }
  return [...removed].sort();
}

/**
 * The night's run: every municipality's dump of its local yesterday (or of `day`), then the old ones
 * pruned. A municipality that fails does not stop the others; the run fails after them (pg-boss retries it).
 */
export async function runOpenDataDumps(ctx: Context, settings: DumpSettings, day?: string) {
  const results: { code: string; day: string; made: boolean; files: number; pruned: string[] }[] = [];
  const failures: unknown[] = [];
  for (const m of await listMunicipalities(ctx.db)) {
    const dumpDay = day ?? dumpDayOf(ctx.clock(), m.timeZone);
    try {
      const { made, files } = await dumpMunicipalityDay(ctx, m, dumpDay, settings);
      // Keep 30 days back from today's dump, whichever day was asked for.
      const pruned = await pruneDumps(ctx, m, maxDay(dumpDay, dumpDayOf(ctx.clock(), m.timeZone)), settings.dataDir);
      results.push({ code: m.code, day: dumpDay, made, files: files.length, pruned });
    } catch (err) {
      ctx.log.error({ err, municipality: m.code, day: dumpDay }, 'open-data dump failed');
      failures.push(err);
    }
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `open-data dump failed for ${failures.length} municipalities`);
  return results;
}

const maxDay = (a: string, b: string) => (a > b ? a : b);
