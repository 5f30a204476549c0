import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ImportRequest, runImport } from '../../api/imports/run-import.ts';
import type { Database } from '../../db/client.ts';
import { makers, square } from './make.ts';

/*
 * The registers' imports in tests (issue 18): a small Kazan (two districts, west and east of 49.12,
 * the municipality KZN-like with its own code), a management company and suppliers entered by
 * hand (no external id), and register files written to a temp directory.
 */

export const ORGS_HEADER = 'external_id,kind,code,name_ru,inn,ogrn,phone,email,website,working_hours';

export async function importCity(db: Database, opts: { code?: string } = {}) {
  const make = makers(db);
  const city = await make.municipality({
    boundary: square(49.12, 55.79, 0.1),
    ...(opts.code ? { code: opts.code } : {}),
  });
  const west = await make.district(city.id, {
    code: 'vakhitovsky',
    nameRu: 'Вахитовский',
    nameEn: 'Vakhitovsky',
    boundary: [
      [49.02, 55.69],
      [49.12, 55.69],
      [49.12, 55.89],
      [49.02, 55.89],
    ],
  });
  const east = await make.district(city.id, {
    code: 'sovetsky',
    nameRu: 'Советский',
    nameEn: 'Sovetsky',
    boundary: [
      [49.12, 55.69],
      [49.22, 55.69],
      [49.22, 55.89],
      [49.12, 55.89],
    ],
  });
  const handMc = await make.organisation(city.id, { code: 'uk-hand', nameRu: 'УК «Ручная»' });
  const vodokanal = await make.organisation(city.id, {
    kind: 'resource_supplier',
    code: 'vodokanal',
    nameRu: 'АО «Водоканал»',
    ogrn: '1021602830370',
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'otklik-imports-'));
  let n = 0;
  return {
    city,
    west,
    east,
    handMc,
    vodokanal,
    make,
    /** Write a register file; its path. */
    file(text: string | Buffer, ext = 'csv') {
      const file = path.join(dir, `register-${++n}.${ext}`);
      writeFileSync(file, text);
      return file;
    },
    /** Run an import from the CLI's side of the use case. */
    run(kind: ImportRequest['kind'], file: string, opts: Partial<ImportRequest> = {}) {
      return runImport({
        db,
        clock: () => new Date(),
        kind,
        filePath: file,
        fileName: path.basename(file),
        municipality: { code: city.code },
        dryRun: false,
        deleteMissing: false,
        via: 'cli',
        startedBy: null,
        ...opts,
      });
    },
  };
}

/** Valid OGRNs and INNs (their check digits hold). */
export const ogrn = { mc: '1021602841391', tszh: '1051622012342', heat: '1061683044158' };
export const inn = { mc: '1655009542', heat: '1657036630' };

/** A table's rows as text, for comparing before and after. */
export async function snapshot(db: Database, table: 'buildings' | 'organisations'): Promise<string> {
  const rows = await db.$client.unsafe(`select * from ${table} order by id`);
  return JSON.stringify(rows);
}
