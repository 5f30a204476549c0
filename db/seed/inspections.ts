/**
 * Demo inspections: last autumn's inspection completed for about a third of the managed buildings
 * (scores from the building's wear, a few defects, the condition rating), the next spring season
 * planned for every managed building, and one autumn inspection left open past its due day, so the
 * city-hall dashboard has one overdue inspection to show. Deterministic for a seed and `now`.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import {
  checklist,
  conditionRating,
  type InspectionSeason,
  localDay,
  type Scores,
  seasonDueOn,
} from '../../dispatch/inspections.ts';
import { inspectionDefects, inspectionScores, inspections, type InspectionStatus } from '../schema/index.ts';
import { DEMO_STAFF } from './kazan.ts';
import { copyRows } from './load.ts';
import { Random } from './random.ts';

// A third of the stock done last autumn: enough ratings on the map without years of history.
const COMPLETED_SHARE = 0.33;

const defectTexts: Record<string, string[]> = {
  roof: [
    'Протечки кровли над последним этажом, разрушение покрытия',
    'Засорены водосточные воронки, наледь на карнизе',
  ],
  facade: ['Трещины в межпанельных швах, намокание стен', 'Разрушение бетона балконных плит'],
  entrances: ['Не закрывается входная дверь, разбито окно на лестнице', 'Не работает освещение на площадках'],
  basement: ['Подтопление подвала, сырость, следы грызунов', 'Открыты продухи, мусор в подвале'],
  heating: ['Течь запорной арматуры на тепловом узле', 'Разрушена теплоизоляция трубопроводов в подвале'],
  water_supply: ['Коррозия стояков холодной воды, капельная течь', 'Неисправны задвижки на вводе'],
  sewerage: ['Течь канализационного лежака в подвале', 'Засоры выпусков, нет ревизий'],
  electricity: ['Открытые щиты на этажах, скрутки проводки', 'Нет заземления в ВРУ'],
  gas: ['Не проверены дымоходы и вентканалы', 'Коррозия газового стояка'],
  elevators: ['Истекает срок службы лифта, износ канатов', 'Неисправна дверь шахты на 1 этаже'],
  yard: ['Разрушено покрытие проезда, лужи у подъездов', 'Сломано ограждение детской площадки'],
};

type SeedBuilding = {
  id: number;
  municipalityId: number;
  organisationId: number;
  wear: number;
  elevators: number;
  floors: number;
};

/** Load the demo inspections of every municipality (after the city itself). */
export async function seedInspections(
  db: Database,
  opts: { seed: number; now: Date },
): Promise<{ completed: number; planned: number; overdue: number }> {
  const rng = new Random(opts.seed, 'inspections');
  const municipalities = await db.execute<{ id: number; time_zone: string; creator: string | null }>(sql`
    select m.id, m.time_zone,
      (select u.id from users u where u.municipality_id = m.id and u.role in ('city_hall', 'admin') order by u.role <> 'city_hall', u.id limit 1) as creator
    from municipalities m order by m.id`);
  let completed = 0;
  let planned = 0;
  let overdue = 0;
  for (const m of municipalities) {
    if (m.creator === null) continue;
    const creator = Number(m.creator);
    const today = localDay(opts.now, m.time_zone);
    const year = Number(today.slice(0, 4));
    // The last autumn season whose due day has passed, and the next spring one.
    const autumnYear = today > seasonDueOn(year, 'autumn') ? year : year - 1;
    const springYear = today > seasonDueOn(year, 'spring') ? year + 1 : year;
    const buildings = (
      await db.execute<{
        id: number;
        organisation_id: number;
        wear: number | null;
        elevators: number | null;
        floors: number | null;
      }>(sql`
        select id, management_company_id as organisation_id, wear_percent::float8 as wear, elevators, floors
        from buildings where municipality_id = ${m.id} and management_company_id is not null order by id`)
    ).map(
      (b): SeedBuilding => ({
        id: b.id,
        municipalityId: m.id,
        organisationId: b.organisation_id,
        wear: b.wear ?? 30,
        elevators: b.elevators ?? 0,
        floors: b.floors ?? 5,
      }),
    );
    if (buildings.length === 0) continue;
    const inspectors = new Map(
      (
        await db.execute<{ organisation_id: number; id: string }>(sql`
          select distinct on (organisation_id) organisation_id, id from users
          where municipality_id = ${m.id} and role in ('org_staff', 'org_supervisor') and organisation_id is not null
          order by organisation_id, role, id`)
      ).map((u) => [u.organisation_id, Number(u.id)]),
    );

    const done = buildings.filter(() => rng.chance(COMPLETED_SHARE));
    // The one open autumn inspection past its due day: a building not among the completed ones.
    // (In the company of the demo's first staff login, so that it shows when one signs in.)
    const doneIds = new Set(done.map((b) => b.id));
    const demoLogins = DEMO_STAFF.filter((st) => st.role === 'org_staff').map((st) => st.login);
    const [demoStaff] = await db.execute<{ organisation_id: number }>(
      sql`select organisation_id from users where municipality_id = ${m.id} and login = any(${`{${demoLogins.join(',')}}`}::text[]) and organisation_id is not null order by id limit 1`,
    );
    const late =
      buildings.find((b) => !doneIds.has(b.id) && b.organisationId === demoStaff?.organisation_id) ??
      buildings.find((b) => !doneIds.has(b.id)) ??
      null;
    const autumnDue = seasonDueOn(autumnYear, 'autumn');
    const rows = done.map((b) => {
      // Inspections ran over the three weeks before the due day, in working hours, Moscow time.
      const day = new Date(`${autumnDue}T07:00:00Z`);
      day.setUTCDate(day.getUTCDate() - rng.int(1, 21));
      const startedAt = new Date(day.getTime() + rng.int(0, 6) * 3600_000);
      const completedAt = new Date(startedAt.getTime() + rng.int(60, 180) * 60_000);
      return { b, startedAt, completedAt, scores: scoresFor(b, rng) };
    });
    const inserted = await insertInspections(
      db,
      [
        ...rows.map((r) => ({
          b: r.b,
          year: autumnYear,
          season: 'autumn' as const,
          status: 'completed' as const,
          inspectorId: inspectors.get(r.b.organisationId) ?? null,
          startedAt: r.startedAt,
          completedAt: r.completedAt,
          rating: conditionRating(r.scores),
        })),
        ...(late
          ? [
              {
                b: late,
                year: autumnYear,
                season: 'autumn' as const,
                status: 'in_progress' as const,
                inspectorId: inspectors.get(late.organisationId) ?? null,
                startedAt: new Date(`${autumnDue}T08:00:00Z`),
                completedAt: null,
                rating: null,
              },
            ]
          : []),
      ],
      autumnDue,
      creator,
    );
    const scoreRows: (typeof inspectionScores.$inferInsert)[] = [];
    const defectRows: (typeof inspectionDefects.$inferInsert)[] = [];
    rows.forEach((r, i) => {
      const inspectionId = inserted[i]!;
      for (const [element, score] of Object.entries(r.scores)) {
        scoreRows.push({ inspectionId, element, score: score ?? null, note: null });
        if (score !== null && score !== undefined && score <= 2) {
          const texts = defectTexts[element] ?? ['Дефект'];
          defectRows.push({
            inspectionId,
            element,
            severity: score === 1 ? 'critical' : 'major',
            description: texts[rng.int(0, texts.length - 1)]!,
            createdBy: inspectors.get(r.b.organisationId) ?? creator,
            createdAt: r.completedAt,
          });
        }
      }
    });
    await copyRows(db.$client, inspectionScores, scoreRows);
    await copyRows(db.$client, inspectionDefects, defectRows);
    completed += rows.length;
    overdue += late ? 1 : 0;

    const springDue = seasonDueOn(springYear, 'spring');
    const [spring] = await db.execute<{ n: number }>(sql`
      with inserted as (
        insert into inspections (municipality_id, building_id, organisation_id, year, season, due_on, created_by, created_at)
        select ${m.id}, id, management_company_id, ${springYear}, 'spring', ${springDue}, ${creator}, ${opts.now}
        from buildings where municipality_id = ${m.id} and management_company_id is not null
        on conflict (building_id, year, season) where status <> 'cancelled' do nothing
        returning 1)
      select count(*)::int as n from inserted`);
    planned += spring?.n ?? 0;
  }
  return { completed, planned, overdue };
}

/** Element scores from the building's wear: a worn building scores lower, with some spread per element. */
function scoresFor(b: SeedBuilding, rng: Random): Scores {
  const base = 5 - b.wear / 22;
  const scores: Scores = {};
  for (const element of checklist) {
    if (element.code === 'elevators' && b.elevators === 0) scores.elevators = null;
    // Tall buildings have electric stoves: no gas.
    else if (element.code === 'gas' && b.floors >= 10) scores.gas = null;
    else scores[element.code] = Math.min(5, Math.max(1, Math.round(base + rng.normal(0, 0.7))));
  }
  return scores;
}

/** Insert inspections with COPY, their ids drawn from the sequence first; returns them in order. */
async function insertInspections(
  db: Database,
  rows: {
    b: SeedBuilding;
    year: number;
    season: InspectionSeason;
    status: InspectionStatus;
    inspectorId: number | null;
    startedAt: Date;
    completedAt: Date | null;
    rating: number | null;
  }[],
  dueOn: string,
  creator: number,
): Promise<number[]> {
  const ids = (
    await db.$client<{ id: string }[]>`
      select nextval(pg_get_serial_sequence('inspections', 'id')) as id from generate_series(1, ${rows.length})`
  ).map((r) => Number(r.id));
  await copyRows(
    db.$client,
    inspections,
    rows.map((r, i) => ({
      id: ids[i],
      municipalityId: r.b.municipalityId,
      buildingId: r.b.id,
      organisationId: r.b.organisationId,
      year: r.year,
      season: r.season,
      status: r.status,
      dueOn,
      inspectorId: r.inspectorId,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      rating: r.rating,
      createdBy: creator,
      createdAt: r.startedAt,
    })),
  );
  return ids;
}
