/**
 * Full technical passports for the demo buildings, consistent with each building's summary columns
 * (year, floors, walls, entrances, elevators, wear, last overhaul): Stalin-era brick houses with
 * wooden floors and pitched steel roofs, Khrushchev-era and 1970s–80s panel series with flat roofs
 * and Soviet elevators (replaced after their 25-year service life), modern monoliths with imported
 * elevators; overhaul histories ending in the building's last overhaul year.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import {
  type Condition,
  type Elevator,
  normalisePassport,
  type Overhaul,
  type Passport,
  type Summary,
  splitPassport,
} from '../../dispatch/passport.ts';
import { summaryColumns } from '../queries/passports.ts';
import type { Database } from '../client.ts';
import { buildingPassports, buildings, passportChanges, users } from '../schema/index.ts';
import { copyRows } from './load.ts';
import { Random } from './random.ts';

// Enough to show every era in the demo; a seeded city of a million buildings keeps the summaries only.
export const MAX_SEEDED_PASSPORTS = 20_000;

const conditionOf = (wear: number): Condition =>
  wear < 20 ? 'good' : wear < 40 ? 'satisfactory' : wear < 60 ? 'unsatisfactory' : 'dilapidated';

const contractors = [
  'ООО «КазаньСтройРемонт»',
  'ООО «ТатКапРемонт»',
  'ООО «Фасад-Сервис»',
  'ООО «Поволжская строительная компания»',
  'ООО «ИнжСетьМонтаж»',
  'ООО «Кровля-Казань»',
];
const elevatorMakers = {
  soviet: ['Карачаровский механический завод', 'Щербинский лифтостроительный завод', 'Могилёвлифтмаш'],
  replacement: ['Щербинский лифтостроительный завод', 'Могилёвлифтмаш', 'Карачаровский механический завод', 'KONE'],
  modern: ['KONE', 'OTIS', 'Щербинский лифтостроительный завод', 'Могилёвлифтмаш'],
};
const serialPrefix: Record<string, string> = {
  'Карачаровский механический завод': 'КМЗ',
  'Щербинский лифтостроительный завод': 'ЩЛЗ',
  Могилёвлифтмаш: 'МЛМ',
  KONE: 'KONE',
  OTIS: 'OTIS',
};

type SummaryRow = Summary & { id: number };

/** A full passport for a building, drawn from its summary. */
export function passportFor(rng: Random, b: SummaryRow, now: Date): Passport {
  const nowYear = now.getUTCFullYear();
  const year = b.yearBuilt ?? 1975;
  const floors = b.floors ?? 5;
  const entrances = Math.max(1, b.entrances ?? 1);
  const wear = b.wearPercent ?? Math.min(70, (nowYear - year) * 0.7);
  const wall = b.wallMaterial ?? 'brick';
  const p = normalisePassport(b, {});
  const era = year < 1958 ? 'stalin' : year < 1971 ? 'khrushchev' : year < 1992 ? 'soviet' : 'modern';

  const kazanSeries: Record<string, string[]> = {
    panel: era === 'khrushchev' ? ['1-464А', '1-335', 'К-7'] : ['1-464Д', '111-121', '1-467', '97'],
    brick: era === 'khrushchev' ? ['1-447С', '1-511'] : ['1-447С-43', 'II-29', 'индивидуальный проект'],
  };
  const series =
    era === 'stalin' || era === 'modern' || !(wall in kazanSeries)
      ? 'индивидуальный проект'
      : rng.pick(kazanSeries[wall]);
  const totalArea = b.totalArea ?? floors * entrances * 280;
  p.general = {
    cadastralNumber: `16:50:${String(rng.int(10101, 360412)).padStart(6, '0')}:${rng.int(10, 3999)}`,
    commissionedYear: Math.min(nowYear, year + (rng.chance(0.3) ? 1 : 0)),
    series,
    undergroundFloors:
      era === 'stalin' ? (rng.chance(0.5) ? 1 : 0) : era === 'modern' && floors >= 12 ? rng.int(1, 2) : 1,
    nonResidentialPremises: rng.chance(0.4) ? rng.int(1, 6) : 0,
    livingArea: Math.round(totalArea * rng.float(0.58, 0.7) * 10) / 10,
    nonResidentialArea: Math.round(totalArea * rng.float(0, 0.06) * 10) / 10,
    landArea: Math.round(totalArea * rng.float(0.35, 0.9)),
  };

  const c = () => conditionOf(Math.max(0, Math.min(100, wear + rng.int(-10, 10))));
  switch (era) {
    case 'stalin':
      p.structure = {
        foundation: { type: 'ленточный бутовый', condition: c() },
        walls: { type: wall === 'wood' ? 'бревенчатые' : 'кирпичные, толщиной 64 см', condition: c() },
        floorSlabs: { type: rng.chance(0.6) ? 'деревянные по металлическим балкам' : 'железобетонные', condition: c() },
        roof: { type: 'скатная, деревянная стропильная', material: 'кровельная оцинкованная сталь', condition: c() },
      };
      break;
    case 'khrushchev':
    case 'soviet':
      p.structure = {
        foundation: { type: 'ленточный сборный железобетонный', condition: c() },
        walls: {
          type:
            wall === 'panel'
              ? 'крупнопанельные керамзитобетонные'
              : wall === 'brick'
                ? 'кирпичные, толщиной 51 см'
                : 'крупноблочные',
          condition: c(),
        },
        floorSlabs: { type: 'сборные железобетонные многопустотные', condition: c() },
        roof: rng.chance(0.7)
          ? { type: 'плоская совмещённая', material: 'рулонная наплавляемая', condition: c() }
          : { type: 'скатная', material: 'асбестоцементный шифер', condition: c() },
      };
      break;
    default:
      p.structure = {
        foundation: {
          type: floors >= 12 ? 'свайный с монолитным ростверком' : 'монолитная железобетонная плита',
          condition: c(),
        },
        walls: {
          type:
            wall === 'monolith' || wall === 'mixed'
              ? 'монолитный железобетонный каркас с заполнением газобетонными блоками'
              : wall === 'panel'
                ? 'трёхслойные железобетонные панели'
                : 'кирпичные с утеплителем',
          condition: c(),
        },
        floorSlabs: { type: wall === 'panel' ? 'сборные железобетонные' : 'монолитные железобетонные', condition: c() },
        roof: { type: 'плоская с внутренним водостоком', material: 'наплавляемая (техноэласт)', condition: c() },
      };
  }

  // Overhauls: the last one is the summary's; older buildings had one or two before.
  const overhauls: Overhaul[] = [];
  const worksPool = [
    'ремонт крыши',
    'ремонт фасада',
    'замена внутридомовых сетей ХВС, ГВС и водоотведения',
    'замена системы отопления',
    'ремонт подвальных помещений',
    'замена лифтового оборудования',
    'замена внутридомовых электросетей',
    'утепление и ремонт фасада',
  ];
  const costOf = (y: number) => Math.round((totalArea * rng.float(900, 2600) * (y >= 2015 ? 1.6 : 1)) / 1000) * 1000;
  if (b.lastOverhaulYear !== null) {
    const years = [b.lastOverhaulYear];
    if (year < 1985 && b.lastOverhaulYear - 12 > year + 20 && rng.chance(0.5))
      years.unshift(b.lastOverhaulYear - rng.int(8, 12));
    for (const y of years) {
      const works = [...new Set([rng.pick(worksPool), rng.pick(worksPool)])].join(', ');
      overhauls.push({ year: y, works, cost: costOf(y), contractor: rng.pick(contractors) });
    }
  }
  p.overhauls = overhauls;
  const overhauled = (words: string) => overhauls.filter((o) => o.works?.includes(words)).at(-1)?.year ?? null;

  const networksYear = overhauled('сетей ХВС');
  p.systems = {
    heating: {
      type:
        b.heatingSystem === 'roof_boiler'
          ? 'крышная газовая котельная'
          : b.heatingSystem === 'individual_gas'
            ? 'поквартирные газовые котлы'
            : 'центральное, от городской тепловой сети',
      replacedYear: overhauled('отопления'),
    },
    hotWater: {
      type:
        b.hotWaterSystem === 'gas_heater'
          ? 'газовые колонки'
          : b.hotWaterSystem === 'roof_boiler'
            ? 'от крышной котельной'
            : 'централизованное, закрытая схема',
      replacedYear: networksYear,
    },
    coldWater: { type: 'централизованное', replacedYear: networksYear },
    sewerage: { type: 'централизованное', replacedYear: networksYear },
    gas:
      floors > 10 && era !== 'stalin'
        ? { type: 'нет (электроплиты)', replacedYear: null }
        : { type: 'сетевой газ, газовые плиты', replacedYear: null },
    electricity: {
      type: era === 'modern' ? '380/220 В, ВРУ с АВР' : '380/220 В',
      replacedYear: overhauled('электросетей'),
    },
    ventilation: {
      type: era === 'modern' && floors >= 12 ? 'естественная с механическим побуждением' : 'естественная вытяжная',
      replacedYear: null,
    },
    garbageChute:
      floors >= 9 && year < 2010
        ? { type: rng.chance(0.6) ? 'есть, законсервирован' : 'есть', replacedYear: null }
        : { type: 'нет', replacedYear: null },
  };

  // Elevators: Soviet ones serve 25 years, then the overhaul programme replaces them.
  const elevators: Elevator[] = [];
  const count = b.elevatorCount ?? 0;
  for (let i = 0; i < count; i++) {
    const entrance = (i % entrances) + 1;
    const original = year;
    let commissioned = original;
    let maker = rng.pick(era === 'modern' ? elevatorMakers.modern : elevatorMakers.soviet);
    if (commissioned + 25 < nowYear && rng.chance(0.75)) {
      commissioned = Math.min(nowYear - 1, Math.max(original + 25, rng.int(2012, 2024)));
      maker = rng.pick(elevatorMakers.replacement);
    }
    const inspected = new Date(now.getTime() - rng.int(10, 340) * 86_400_000).toISOString().slice(0, 10);
    const capacityKg =
      floors >= 12 && i >= entrances
        ? 630
        : era === 'modern'
          ? rng.pick([400, 630, 1000])
          : commissioned === original
            ? 320
            : 400;
    elevators.push({
      entrance,
      serial: `${serialPrefix[maker]}-${rng.int(10000, 99999)}`,
      capacityKg,
      commissionedYear: commissioned,
      lastInspection: inspected,
      manufacturer: maker,
    });
  }
  p.elevators = elevators;
  return p;
}

/** Buildings per management company that get a demo change history (by the company's own staff). */
const HISTORY_BUILDINGS = 30;
const DAY = 86_400_000;

/**
 * Write full passports for the seeded buildings (up to MAX_SEEDED_PASSPORTS, by id), deterministic
 * for a seed. The summary columns stay as the city generator made them. The first buildings of each
 * management company with staff get a short change history: a CSV import of cadastral numbers, the
 * supervisor's wear update and the staff's record of the last elevator inspection.
 */
export async function seedPassports(db: Database, opts: { seed: number; now: Date }): Promise<number> {
  const rows = await db
    .select({
      id: buildings.id,
      managementCompanyId: buildings.managementCompanyId,
      ...summaryColumns,
    })
    .from(buildings)
    .orderBy(asc(buildings.id))
    .limit(MAX_SEEDED_PASSPORTS);
  const staff = await db
    .select({ id: users.id, role: users.role, organisationId: users.organisationId })
    .from(users)
    .where(inArray(users.role, ['org_staff', 'org_supervisor']))
    .orderBy(asc(users.id));
  const staffOf = new Map<number, { staff?: number; supervisor?: number }>();
  for (const u of staff) {
    if (u.organisationId === null) continue;
    const entry = staffOf.get(u.organisationId) ?? {};
    if (u.role === 'org_staff') entry.staff ??= u.id;
    else entry.supervisor ??= u.id;
    staffOf.set(u.organisationId, entry);
  }
  const rng = new Random(opts.seed, 'passports');
  const withHistory = new Map<number, number>();
  const passports: (typeof buildingPassports.$inferInsert)[] = [];
  const changes: (typeof passportChanges.$inferInsert)[] = [];
  for (const b of rows) {
    const passport = passportFor(rng, b, opts.now);
    const people = b.managementCompanyId === null ? undefined : staffOf.get(b.managementCompanyId);
    const shown = b.managementCompanyId === null ? HISTORY_BUILDINGS : (withHistory.get(b.managementCompanyId) ?? 0);
    const history: (typeof passportChanges.$inferInsert)[] = [];
    if (people && shown < HISTORY_BUILDINGS && b.managementCompanyId !== null) {
      withHistory.set(b.managementCompanyId, shown + 1);
      const boss = people.supervisor ?? people.staff!;
      const worker = people.staff ?? boss;
      const at = (daysAgo: number) => new Date(opts.now.getTime() - daysAgo * DAY);
      history.push({
        buildingId: b.id,
        field: 'general.cadastralNumber',
        oldValue: null,
        newValue: passport.general.cadastralNumber,
        actorId: boss,
        source: 'import',
        at: at(300),
      });
      if (b.wearPercent !== null && b.wearPercent >= 2) {
        history.push({
          buildingId: b.id,
          field: 'wearPercent',
          oldValue: Math.round((b.wearPercent - 2) * 10) / 10,
          newValue: b.wearPercent,
          actorId: boss,
          source: 'form',
          at: at(200),
        });
      }
      const lift = passport.elevators[0];
      if (lift?.lastInspection) {
        const inspected = new Date(`${lift.lastInspection}T07:00:00Z`);
        const before = new Date(inspected.getTime() - 365 * DAY).toISOString().slice(0, 10);
        history.push({
          buildingId: b.id,
          field: 'elevators.0.lastInspection',
          oldValue: before,
          newValue: lift.lastInspection,
          actorId: worker,
          source: 'form',
          at: new Date(inspected.getTime() + DAY),
        });
      }
      history.sort((x, y) => (x.at as Date).getTime() - (y.at as Date).getTime());
      changes.push(...history);
    }
    passports.push({
      buildingId: b.id,
      data: splitPassport(passport).data as unknown as Record<string, unknown>,
      version: 1 + history.length,
      updatedAt: (history.at(-1)?.at as Date | undefined) ?? opts.now,
      updatedBy: history.at(-1)?.actorId ?? null,
    });
  }
  // Streamed with COPY, as the city itself is (db/seed/load.ts): a third of the time of INSERTs.
  const written = await db.$client.begin(async (tx) => {
    const count = await copyRows(tx, buildingPassports, passports);
    await copyRows(tx, passportChanges, changes);
    return count;
  });
  await db.execute(sql`analyze building_passports`);
  return written;
}
