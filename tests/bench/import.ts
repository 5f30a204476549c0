import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { seedDemoCity } from '../../db/seed/demo.ts';
import { KAZAN_DISTRICTS, KAZAN_MANAGEMENT_COMPANIES, STREET_BASES, STREET_TYPES } from '../../db/seed/kazan.ts';
import { pointInRing } from '../../dispatch/geo.ts';
import { benchDatabase } from './lib/cluster.ts';
import type { BenchResult, Figure } from './run.ts';

const run = promisify(execFile);

/**
 * The registers' import (issue 18): 100,000 apartment buildings of Kazan (20,000 in quick mode) as
 * a GIS ZhKKh-like CSV — a GUID each, street and house, the district's name, a point inside it,
 * the district's management company and the suppliers by code, the passport's summary — imported
 * through `npm run import` (api/imports/cli.ts as a child process: read, check, COPY, upsert, the
 * run recorded) into a database with the demo city's reference data, next to a plain COPY of the
 * same rows (as the import stored them) into a table of the same shape and indexes, in the same
 * run. Then the same file again: everything unchanged, nothing written.
 */
export async function importBench(opts: { quick: boolean }): Promise<BenchResult> {
  const count = Number(process.env.BENCH_IMPORT_BUILDINGS ?? (opts.quick ? 20_000 : 100_000));
  const log = (line: string) => console.log(`  [import ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const bd = await benchDatabase('import');
  const dir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-import-'));
  const raw = bd.db.$client;
  try {
    await seedDemoCity(bd.db, { buildings: 200, appeals: 0, seed: 5, now: new Date('2026-10-20T09:00:00Z') });
    const file = path.join(dir, 'kazan-buildings.csv');
    writeFileSync(file, kazanRegister(count));
    log(`register of ${count.toLocaleString('en')} buildings written`);
    const cli = path.join(import.meta.dirname, '../../api/imports/cli.ts');
    const env = { ...process.env, DATABASE_URL: bd.url, DATA_DIR: dir };
    const importOnce = async () => {
      const t0 = performance.now();
      const { stdout } = await run(process.execPath, [cli, 'buildings', file, '--municipality', 'KZN'], {
        env,
        maxBuffer: 64 << 20,
      });
      return { seconds: (performance.now() - t0) / 1000, stdout: stdout.trim().split('\n').at(-1) ?? '' };
    };
    const first = await importOnce();
    log(`import: ${first.seconds.toFixed(1)} s — ${first.stdout}`);
    const again = await importOnce();
    log(`repeated: ${again.seconds.toFixed(1)} s — ${again.stdout}`);
    const [{ n }] = await raw<{ n: number }[]>`select count(*)::int as n from buildings where external_id is not null`;
    const [last] = await raw<{ created: number; unchanged: number; updated: number }[]>`
      select created, unchanged, updated from import_runs order by id desc limit 1`;

    // The baseline: the same rows, as stored, into a table of the same shape and indexes by a plain COPY.
    await raw.unsafe('create table bench_copy (like buildings including defaults including indexes)');
    const rows: string[] = [];
    for await (const chunk of await raw`copy (select * from buildings where external_id is not null order by id) to stdout`.readable()) {
      rows.push((chunk as Buffer).toString('utf8'));
    }
    const t0 = performance.now();
    const target = await raw`copy bench_copy from stdin`.writable();
    await new Promise<void>((resolve, reject) => {
      target.on('finish', resolve).on('error', reject);
      for (const r of rows) target.write(r);
      target.end();
    });
    const copySeconds = (performance.now() - t0) / 1000;
    log(`plain COPY of the same ${n.toLocaleString('en')} rows: ${copySeconds.toFixed(1)} s`);

    const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
    const figures: Figure[] = [
      {
        label: `import of ${count.toLocaleString('en')} buildings (CLI, end to end)`,
        value: round(first.seconds),
        unit: 's',
        baseline: round(copySeconds),
        baselineLabel: 'plain COPY of the same rows into a same-shaped table',
        ratio: round(first.seconds / copySeconds, 1),
        target: '≤ 60 s',
      },
      { label: 'import rate', value: Math.round(count / first.seconds), unit: 'lines/s' },
      {
        label: 'repeated import (all unchanged)',
        value: round(again.seconds),
        unit: 's',
        baseline: round(first.seconds),
        baselineLabel: 'first import',
        ratio: round(again.seconds / first.seconds),
      },
    ];
    return {
      name: 'import',
      description:
        'npm run import -- buildings kazan.csv: 100,000 buildings of Kazan (GUID, address, district, point, management company and suppliers by code, passport summary) read, checked, COPY into a temp table and upserted by external id, the run recorded; next to a plain COPY of the same stored rows into a same-shaped table; then the same file again (nothing changes).',
      figures,
      raw: { count, stored: n, first, again, lastRun: last, copySeconds },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await bd.stop();
  }
}

/** A deterministic register of Kazan's apartment buildings (the same file every run). */
export function kazanRegister(count: number): string {
  let seed = 18;
  const random = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const types = STREET_TYPES.map(([t]) => t);
  const streets = STREET_BASES.flatMap((base) => types.map((t) => `${t} ${base}`));
  const materials = ['панельный', 'кирпичный', 'монолитный', 'блочный', 'деревянный'];
  const lines = [
    'external_id;district;street;house;block;postcode;lat;lon;management_company;cold_water;hot_water;heating;electricity;gas;' +
      'year_built;floors;entrances;apartments;total_area;wall_material;elevators;last_overhaul_year;wear_percent',
  ];
  const boxes = KAZAN_DISTRICTS.map((d) => {
    const xs = d.boundary.map((p) => p[0]);
    const ys = d.boundary.map((p) => p[1]);
    return { d, x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  });
  const companies = new Map(
    KAZAN_DISTRICTS.map((d) => [
      d.code,
      KAZAN_MANAGEMENT_COMPANIES.filter((m) => m.district === d.code).map((m) => m.code),
    ]),
  );
  for (let i = 0; i < count; i++) {
    const box = boxes[i % boxes.length];
    let lon = 0;
    let lat = 0;
    do {
      lon = box.x0 + random() * (box.x1 - box.x0);
      lat = box.y0 + random() * (box.y1 - box.y0);
    } while (!pointInRing([lon, lat], box.d.boundary));
    const street = streets[i % streets.length];
    const round = Math.floor(i / streets.length);
    const house = `${(round % 300) + 1}`;
    const block = round >= 300 ? `${Math.floor(round / 300)}` : '';
    const floors = pick([5, 5, 9, 9, 10, 12, 16, 17, 25]);
    const entrances = 1 + Math.floor(random() * 8);
    const built = 1950 + Math.floor(random() * 75);
    const guid = `${(i + 1).toString(16).padStart(8, '0')}-18ab-4c00-9d00-${(1e11 + i).toString(16).padStart(12, '0')}`;
    const central = built > 1960;
    lines.push(
      [
        guid,
        box.d.nameRu,
        street,
        house,
        block,
        pick(box.d.postcodes),
        lat.toFixed(6),
        lon.toFixed(6),
        pick(companies.get(box.d.code) ?? ['uk01']),
        'vodokanal',
        central ? box.d.heatSupplier : '',
        central ? box.d.heatSupplier : '',
        'tatenergosbyt',
        floors <= 5 ? 'gazprom-kazan' : '',
        built,
        floors,
        entrances,
        floors * entrances * 4,
        (floors * entrances * 4 * 52.5).toFixed(1),
        pick(materials),
        floors > 9 ? entrances : 0,
        built < 1980 && random() < 0.3 ? 2010 + Math.floor(random() * 15) : '',
        Math.min(80, (2026 - built) * 0.6).toFixed(1),
      ].join(';'),
    );
  }
  return `${lines.join('\n')}\n`;
}
