/**
 * Pure generation of the demo installation: no database, no clock (`now` is an argument), no
 * Math.random. The same options give the same rows, in the same order, with the same ids.
 *
 * Shape of the city: Kazan is cut into 700 m cells; the cells that hold housing become
 * neighbourhoods, each with its own rotated street grid. Houses stand in lots along the streets
 * (odd numbers on one side, even on the other, «корп.» when a lot holds several), never outside
 * their district. Large cities are made by packing the same neighbourhoods more densely.
 *
 * Streaming: buildings, residents, appeals and events are generators, so a million of each never
 * sits in memory as rows; appeals only need the compact typed-array index of the buildings.
 */
import { offsetMillis } from '../../dispatch/calendar.ts';
import { formatAddress, normaliseAddress } from '../../dispatch/address.ts';
import type * as s from '../schema/index.ts';
import type { AppealStatus, Channel } from '../schema/appeals.ts';
import type { Priority, Utility } from '../schema/categories.ts';
import type { Role } from '../schema/users.ts';
import { containsWithMargin, contains, LocalFrame, type MetricPolygon, projectRing, round6 } from './geo.ts';
import {
  CATEGORIES,
  type CategorySpec,
  type CategoryTexts,
  categoryTexts,
  DEMO_RESIDENTS,
  DEMO_STAFF,
  DISPATCHER_ASSIGNED,
  type DistrictSpec,
  INNOPOLIS,
  INNOPOLIS_BUILDINGS,
  INNOPOLIS_DISTRICT,
  INNOPOLIS_ORGANISATIONS,
  innopolisResponsibility,
  KAZAN,
  KAZAN_CITY_HALL,
  KAZAN_CONTRACTORS,
  KAZAN_DEPARTMENTS,
  KAZAN_DISPATCH_CENTRE,
  KAZAN_DISTRICT_ADMINISTRATIONS,
  KAZAN_DISTRICTS,
  KAZAN_HOMEOWNERS_ASSOCIATIONS,
  KAZAN_MANAGEMENT_COMPANIES,
  KAZAN_SUPPLIERS,
  type MunicipalitySpec,
  NO_ANSWER_REJECTION,
  type OrganisationSpec,
  PEOPLE,
  RESIDENT_CANCELLED,
  STREET_BASES,
  STREET_TYPES,
} from './kazan.ts';
import { Random, WeightedTable } from './random.ts';

/** The one password of every demo staff account. */
export const DEMO_PASSWORD = 'otklik-demo';

export type GenerateOptions = {
  seed: number;
  /** Apartment buildings of Kazan (Innopolis always has INNOPOLIS_BUILDINGS more). */
  buildings: number;
  /** Appeals of both municipalities over the 90 days before `now`. */
  appeals: number;
  now: Date;
  /** The argon2 hash of DEMO_PASSWORD, computed once by the caller and shared by all staff. */
  passwordHash: string;
};

export const LIMITS = { minBuildings: 200, maxBuildings: 1_500_000, maxAppeals: 5_000_000 } as const;

export type MunicipalityRow = typeof s.municipalities.$inferInsert & { id: number };
export type RoutingRuleRow = typeof s.routingRules.$inferInsert & { id: number };
export type DistrictRow = typeof s.districts.$inferInsert & { id: number };
export type OrganisationRow = typeof s.organisations.$inferInsert & { id: number };
export type CategoryRow = typeof s.categories.$inferInsert & { id: number };
export type BuildingRow = typeof s.buildings.$inferInsert & { id: number };
export type UserRow = typeof s.users.$inferInsert & { id: number };
export type PersonalRow = typeof s.userPersonal.$inferInsert;
export type AppealRow = typeof s.appeals.$inferInsert & { id: number };
export type AppealEventRow = typeof s.appealEvents.$inferInsert & { id: number };

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** 90 days: the history the demo shows. */
const HISTORY_DAYS = 90;
const KAZAN_CELL_METRES = 700;
const INNOPOLIS_CELL_METRES = 1400;
/** Keep houses this far from district borders, so that every test agrees which district holds them. */
const DISTRICT_MARGIN_METRES = 50;

// ---------------------------------------------------------------------------------------------
// Eras of the housing stock

type Era = 'wood' | 'stalinka' | 'khrushchevka' | 'panel' | 'late' | 'modern' | 'innopolis';
type WallMaterial = (typeof s.wallMaterials)[number];

type EraSpec = {
  years: [number, number | 'now'];
  floors: [number, number][];
  walls: [WallMaterial, number][];
  entrances: [number, number];
  perFloor: [number, number];
  flatArea: number;
  /** Wear per year of age, %. */
  wearRate: number;
};

const ERAS: Record<Era, EraSpec> = {
  wood: {
    years: [1930, 1957],
    floors: [[2, 1]],
    walls: [['wood', 1]],
    entrances: [1, 2],
    perFloor: [2, 4],
    flatArea: 40,
    wearRate: 1.3,
  },
  stalinka: {
    years: [1935, 1957],
    floors: [
      [3, 0.15],
      [4, 0.35],
      [5, 0.4],
      [6, 0.1],
    ],
    walls: [
      ['brick', 0.85],
      ['block', 0.15],
    ],
    entrances: [2, 5],
    perFloor: [2, 3],
    flatArea: 62,
    wearRate: 0.65,
  },
  khrushchevka: {
    years: [1958, 1970],
    floors: [
      [4, 0.1],
      [5, 0.9],
    ],
    walls: [
      ['panel', 0.55],
      ['brick', 0.4],
      ['block', 0.05],
    ],
    entrances: [2, 6],
    perFloor: [4, 4],
    flatArea: 44,
    wearRate: 0.85,
  },
  panel: {
    years: [1971, 1990],
    floors: [
      [5, 0.15],
      [9, 0.5],
      [10, 0.08],
      [12, 0.12],
      [14, 0.05],
      [16, 0.1],
    ],
    walls: [
      ['panel', 0.7],
      ['brick', 0.25],
      ['block', 0.05],
    ],
    entrances: [2, 8],
    perFloor: [4, 4],
    flatArea: 52,
    wearRate: 0.8,
  },
  late: {
    years: [1991, 1999],
    floors: [
      [5, 0.1],
      [9, 0.35],
      [10, 0.15],
      [12, 0.15],
      [14, 0.1],
      [16, 0.15],
    ],
    walls: [
      ['brick', 0.5],
      ['panel', 0.4],
      ['mixed', 0.1],
    ],
    entrances: [1, 6],
    perFloor: [4, 5],
    flatArea: 56,
    wearRate: 0.7,
  },
  modern: {
    years: [2000, 'now'],
    floors: [
      [10, 0.15],
      [12, 0.1],
      [14, 0.1],
      [16, 0.15],
      [17, 0.1],
      [19, 0.1],
      [20, 0.1],
      [22, 0.1],
      [25, 0.1],
    ],
    walls: [
      ['monolith', 0.6],
      ['mixed', 0.25],
      ['brick', 0.1],
      ['panel', 0.05],
    ],
    entrances: [1, 5],
    perFloor: [4, 8],
    flatArea: 55,
    wearRate: 0.6,
  },
  innopolis: {
    years: [2013, 'now'],
    floors: [
      [4, 0.4],
      [5, 0.2],
      [7, 0.2],
      [10, 0.2],
    ],
    walls: [
      ['monolith', 0.5],
      ['brick', 0.3],
      ['mixed', 0.2],
    ],
    entrances: [1, 4],
    perFloor: [4, 6],
    flatArea: 50,
    wearRate: 0.6,
  },
};
const ERA_LIST: Era[] = ['wood', 'stalinka', 'khrushchevka', 'panel', 'late', 'modern'];

/** Older houses near the centre, panel blocks in the middle ring, new monoliths at the edge. */
function eraWeights(distanceKm: number, district: string, sotsgorodKm: number): number[] {
  //                       wood  stal  khru  panel late  modern
  let w: number[];
  if (distanceKm < 2.5) w = [0.02, 0.45, 0.2, 0.12, 0.05, 0.16];
  else if (distanceKm < 5) w = [0.03, 0.15, 0.35, 0.3, 0.08, 0.09];
  else if (distanceKm < 8) w = [0.02, 0.03, 0.12, 0.5, 0.13, 0.2];
  else w = [0.05, 0.01, 0.05, 0.3, 0.14, 0.45];
  // Соцгород: the aircraft works' 1930s–1950s garden city
  if (sotsgorodKm < 2.2) w = [0.08, 0.55, 0.2, 0.1, 0.03, 0.04];
  if (district === 'kirovsky') w[0] += 0.08;
  return w;
}
const SOTSGOROD: [number, number] = [49.095, 55.852];

// ---------------------------------------------------------------------------------------------
// The plan: reference rows and neighbourhoods

type Neighbourhood = {
  index: number;
  /** Index of the municipality context (0 = Kazan, 1 = Innopolis). */
  city: number;
  districtIdx: number;
  /** Cell centre and half-size, metres in the city's frame: houses stay inside the cell. */
  cellX: number;
  cellY: number;
  half: number;
  /** Centre of the neighbourhood (jittered inside the cell). */
  cx: number;
  cy: number;
  angle: number;
  streetSpacing: number;
  lotSpacing: number;
  perLot: number;
  weight: number;
  preliminary: number;
  capacity: number;
  target: number;
  era: Era;
  eraWeights: number[];
  postcode: string;
  managementCompanyId: number;
  heatSupplierId: number;
  /** A homeowners' association that runs the first houses of this neighbourhood. */
  hoa: { organisationId: number; houses: number } | null;
};

type CityContext = {
  spec: MunicipalitySpec;
  municipalityId: number;
  frame: LocalFrame;
  districts: { spec: DistrictSpec; id: number; polygon: MetricPolygon }[];
  neighbourhoods: Neighbourhood[];
  /** District admin (Kazan) or city hall (Innopolis) by district index. */
  otherOrgByDistrict: number[];
  roadsOrgId: number;
  transportOrgId: number;
  suppliers: { coldWater: number; electricity: number; gas: number } | null;
  dispatchCentreId: number;
  categoryIds: Map<string, number>;
};

export type CityPlan = {
  options: GenerateOptions;
  municipalities: MunicipalityRow[];
  districts: DistrictRow[];
  organisations: OrganisationRow[];
  categories: CategoryRow[];
  /** Staff accounts with their names (personal data, kept in user_personal). */
  staff: { user: UserRow; personal: PersonalRow }[];
  counts: { buildings: number; residents: number; appeals: number };
  cities: CityContext[];
  residents: { firstId: number; byCity: { first: number; count: number }[] };
  /** Users who act for each organisation in appeal histories. */
  actorsByOrg: Map<number, { id: number; role: Role }[]>;
  referenceTime: Date;
  routingRules: RoutingRuleRow[];
};

function hash2(seed: number, x: number, y: number): number {
  let h = (seed ^ Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Smooth value noise in [0, 1): parks, industry and rivers are where it is low. */
function valueNoise(seed: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = hash2(seed, x0, y0);
  const b = hash2(seed, x0 + 1, y0);
  const c = hash2(seed, x0, y0 + 1);
  const d = hash2(seed, x0 + 1, y0 + 1);
  return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy;
}

function organisationRow(
  id: number,
  municipalityId: number,
  spec: OrganisationSpec,
  districtId: number | null,
  createdAt: Date,
): OrganisationRow {
  return {
    id,
    municipalityId,
    kind: spec.kind,
    code: spec.code,
    nameRu: spec.nameRu,
    nameEn: spec.nameEn,
    districtId,
    phone: spec.phone ?? null,
    email: spec.email ?? null,
    address: spec.address ?? null,
    website: spec.website ?? null,
    workingHours: spec.workingHours,
    createdAt,
  };
}

/** Contacts of organisations that the data file leaves out, made up deterministically. */
function fillContacts(rng: Random, spec: OrganisationSpec, streets: string[]): OrganisationSpec {
  return {
    ...spec,
    phone: spec.phone ?? `+7 843 2${rng.int(10, 99)}-${rng.int(10, 99)}-${rng.int(10, 99)}`,
    address: spec.address ?? formatAddress({ street: rng.pick(streets), house: String(rng.int(1, 120)) }),
    email: spec.email ?? (spec.kind === 'management_company' ? `info@${spec.code}.kzn.example` : undefined),
  };
}

/** Build the whole plan: every reference row, the neighbourhoods and how many houses each gets. */
export function planCity(options: GenerateOptions): CityPlan {
  const { seed, now } = options;
  if (
    !Number.isInteger(options.buildings) ||
    options.buildings < LIMITS.minBuildings ||
    options.buildings > LIMITS.maxBuildings
  ) {
    throw new RangeError(`buildings must be a whole number from ${LIMITS.minBuildings} to ${LIMITS.maxBuildings}`);
  }
  if (!Number.isInteger(options.appeals) || options.appeals < 0 || options.appeals > LIMITS.maxAppeals) {
    throw new RangeError(`appeals must be a whole number from 0 to ${LIMITS.maxAppeals}`);
  }
  const rng = new Random(seed, 'plan');
  // Reference data "has existed" for a while before the history starts.
  const referenceTime = new Date(now.getTime() - 400 * DAY);

  const municipalities: MunicipalityRow[] = [KAZAN, INNOPOLIS].map((m, i) => ({
    id: i + 1,
    code: m.code,
    nameRu: m.nameRu,
    nameEn: m.nameEn,
    timeZone: m.timeZone,
    boundary: m.boundary,
    createdAt: referenceTime,
  }));

  const districtSpecs: [number, DistrictSpec][] = [
    ...KAZAN_DISTRICTS.map((d) => [1, d] as [number, DistrictSpec]),
    [2, INNOPOLIS_DISTRICT],
  ];
  const districts: DistrictRow[] = districtSpecs.map(([municipalityId, d], i) => ({
    id: i + 1,
    municipalityId,
    code: d.code,
    nameRu: d.nameRu,
    nameEn: d.nameEn,
    boundary: d.boundary,
  }));
  const districtId = (municipalityId: number, code: string) =>
    districts.find((d) => d.municipalityId === municipalityId && d.code === code)!.id;

  // Organisations, in a fixed order (their ids are part of the data).
  const organisations: OrganisationRow[] = [];
  const orgId = new Map<string, number>();
  const allKazanStreets = KAZAN_DISTRICTS.flatMap((d) => d.streets);
  const addOrg = (municipalityId: number, spec: OrganisationSpec) => {
    const id = organisations.length + 1;
    const filled = fillContacts(rng, spec, municipalityId === 1 ? allKazanStreets : INNOPOLIS_DISTRICT.streets);
    const ownDistrict =
      spec.kind === 'district_administration' && spec.district ? districtId(municipalityId, spec.district) : null;
    organisations.push(organisationRow(id, municipalityId, filled, ownDistrict, referenceTime));
    orgId.set(`${municipalityId}:${spec.code}`, id);
    return id;
  };
  for (const spec of [
    ...KAZAN_MANAGEMENT_COMPANIES,
    ...KAZAN_HOMEOWNERS_ASSOCIATIONS,
    ...KAZAN_SUPPLIERS,
    ...KAZAN_DEPARTMENTS,
    ...KAZAN_DISTRICT_ADMINISTRATIONS,
    KAZAN_DISPATCH_CENTRE,
    KAZAN_CITY_HALL,
    ...KAZAN_CONTRACTORS,
  ]) {
    addOrg(1, spec);
  }
  for (const spec of INNOPOLIS_ORGANISATIONS) addOrg(2, spec);
  const kzn = (code: string) => orgId.get(`1:${code}`)!;
  const inn = (code: string) => orgId.get(`2:${code}`)!;

  // Categories: the same list in both municipalities; Innopolis routes some of them differently.
  const categories: CategoryRow[] = [];
  const categoryIds: Map<string, number>[] = [new Map(), new Map()];
  for (const [cityIdx, municipalityId] of [
    [0, 1],
    [1, 2],
  ] as const) {
    CATEGORIES.forEach((c, i) => {
      const routing =
        municipalityId === 2 ? innopolisResponsibility(c) : { responsibleKind: c.responsibleKind, utility: c.utility };
      const id = categories.length + 1;
      categories.push({
        id,
        municipalityId,
        code: c.code,
        nameRu: c.nameRu,
        nameEn: c.nameEn,
        group: c.group,
        responsibleKind: routing.responsibleKind,
        utility: routing.utility ?? null,
        defaultPriority: c.priority,
        emergency: c.emergency ?? false,
        public: c.public ?? true,
        needsBuilding: c.group === 'housing' || c.group === 'utilities',
        sortOrder: i + 1,
        active: true,
      });
      categoryIds[cityIdx].set(c.code, id);
    });
  }

  // The two cities' geometry.
  const makeCity = (spec: MunicipalitySpec, municipalityId: number, specs: DistrictSpec[]): CityContext => {
    const frame = new LocalFrame(spec.centre[0], spec.centre[1]);
    return {
      spec,
      municipalityId,
      frame,
      districts: specs.map((d) => ({
        spec: d,
        id: districtId(municipalityId, d.code),
        polygon: projectRing(frame, d.boundary),
      })),
      neighbourhoods: [],
      otherOrgByDistrict: [],
      roadsOrgId: 0,
      transportOrgId: 0,
      suppliers: null,
      dispatchCentreId: 0,
      categoryIds: categoryIds[municipalityId - 1],
    };
  };
  const kazan = makeCity(KAZAN, 1, KAZAN_DISTRICTS);
  const innopolis = makeCity(INNOPOLIS, 2, [INNOPOLIS_DISTRICT]);
  kazan.otherOrgByDistrict = kazan.districts.map((d) =>
    kzn(KAZAN_DISTRICT_ADMINISTRATIONS.find((a) => a.serves.includes(d.spec.code))!.code),
  );
  kazan.roadsOrgId = kzn('roads');
  kazan.transportOrgId = kzn('transport');
  kazan.suppliers = { coldWater: kzn('vodokanal'), electricity: kzn('tatenergosbyt'), gas: kzn('gazprom-kazan') };
  kazan.dispatchCentreId = kzn('eds');
  innopolis.otherOrgByDistrict = [inn('inn-ispolkom')];
  innopolis.roadsOrgId = inn('inn-ispolkom');
  innopolis.transportOrgId = inn('inn-ispolkom');
  innopolis.dispatchCentreId = inn('inn-eds');

  planKazanNeighbourhoods(kazan, options, kzn);
  planInnopolis(innopolis, options, inn('inn-uk'));

  // Staff: the demo accounts, then one duty account for every organisation that answers appeals.
  const staff: { user: UserRow; personal: PersonalRow }[] = [];
  const actorsByOrg = new Map<number, { id: number; role: Role }[]>();
  const people = new Random(seed, 'staff');
  const addStaff = (
    municipalityId: number,
    login: string,
    role: Role,
    organisationId: number | null,
    fullName: string,
  ) => {
    const id = staff.length + 1;
    staff.push({
      user: {
        id,
        municipalityId,
        role,
        organisationId,
        login,
        passwordHash: options.passwordHash,
        createdAt: referenceTime,
      },
      personal: { userId: id, fullName, phone: null, email: null },
    });
    if (organisationId !== null) {
      const list = actorsByOrg.get(organisationId) ?? [];
      list.push({ id, role });
      actorsByOrg.set(organisationId, list);
    }
  };
  for (const d of DEMO_STAFF) {
    const municipalityId = d.municipality === 'KZN' ? 1 : 2;
    addStaff(
      municipalityId,
      d.login,
      d.role,
      d.organisation ? orgId.get(`${municipalityId}:${d.organisation}`)! : null,
      d.fullName,
    );
  }
  for (const org of organisations) {
    if (org.kind === 'contractor') continue;
    const role: Role =
      org.kind === 'dispatch_centre'
        ? 'dispatcher'
        : org.kind === 'city_hall' && org.municipalityId === 1
          ? 'city_hall'
          : 'org_staff';
    addStaff(org.municipalityId, `${org.code}.duty`, role, org.id, personName(people).fullName);
  }

  // Residents: about one for every 15 appeals, at least 200; 3 % of them live in Innopolis.
  const residentCount = Math.min(500_000, Math.max(200, Math.round(options.appeals / 15)));
  const innopolisResidents = Math.max(5, Math.round(residentCount * 0.03));
  const firstResident = staff.length + 1;
  const residents = {
    firstId: firstResident,
    byCity: [
      { first: firstResident, count: DEMO_RESIDENTS.length + residentCount - innopolisResidents },
      { first: firstResident + DEMO_RESIDENTS.length + residentCount - innopolisResidents, count: innopolisResidents },
    ],
  };

  return {
    options,
    municipalities,
    districts,
    organisations,
    categories,
    staff,
    counts: {
      buildings: options.buildings + INNOPOLIS_BUILDINGS,
      residents: DEMO_RESIDENTS.length + residentCount,
      appeals: options.appeals,
    },
    cities: [kazan, innopolis],
    residents,
    actorsByOrg,
    referenceTime,
    routingRules: [...cityRoutingRules(kazan, 1), ...cityRoutingRules(innopolis, 1000, inn('inn-uk'))],
  };
}

/**
 * The routing rules an admin would set up for a city: streets, yards and transport to the city's
 * departments, "other" to the administration of each district (Kazan's four serve two districts
 * each), and, where the city has no suppliers of its own, utilities to the management company.
 * The appeal generator routes the same way, so demo histories agree with the live router.
 */
function cityRoutingRules(city: CityContext, firstId: number, utilitiesOrgId?: number): RoutingRuleRow[] {
  const rules: RoutingRuleRow[] = [];
  // Every row names every column: the COPY loader takes its column list from the first row.
  const add = (r: Pick<RoutingRuleRow, 'group' | 'targetOrgId' | 'note'> & { districtIds?: number[] }) =>
    rules.push({
      id: firstId + rules.length,
      municipalityId: city.municipalityId,
      categoryId: null,
      districtIds: null,
      buildingIds: null,
      priority: 0,
      active: true,
      ...r,
    });
  add({ group: 'roads', targetOrgId: city.roadsOrgId, note: 'Дороги — дорожному управлению' });
  add({ group: 'landscaping', targetOrgId: city.roadsOrgId, note: 'Благоустройство — дорожному управлению' });
  add({ group: 'transport', targetOrgId: city.transportOrgId, note: 'Транспорт — управлению транспорта' });
  const byOrg = new Map<number, number[]>();
  city.districts.forEach((d, i) => {
    const org = city.otherOrgByDistrict[i];
    byOrg.set(org, [...(byOrg.get(org) ?? []), d.id]);
  });
  for (const [targetOrgId, districtIds] of byOrg)
    add({ group: 'other', districtIds, targetOrgId, note: 'Прочее — администрации района' });
  if (utilitiesOrgId)
    add({ group: 'utilities', targetOrgId: utilitiesOrgId, note: 'Коммунальные услуги — управляющей компании' });
  return rules;
}

function planKazanNeighbourhoods(city: CityContext, options: GenerateOptions, org: (code: string) => number) {
  const rng = new Random(options.seed, 'neighbourhoods');
  const cell = KAZAN_CELL_METRES;
  const boundary = projectRing(city.frame, city.spec.boundary);
  const centre = city.frame.toMetres(KAZAN.centre[0], KAZAN.centre[1]);
  const sotsgorod = city.frame.toMetres(SOTSGOROD[0], SOTSGOROD[1]);

  type Cell = { x: number; y: number; districtIdx: number; weight: number; key: number };
  const cells: Cell[] = [];
  for (let y = boundary.minY + cell / 2; y < boundary.maxY; y += cell) {
    for (let x = boundary.minX + cell / 2; x < boundary.maxX; x += cell) {
      // the centre must be well inside a district, so the cell can hold houses
      const districtIdx = city.districts.findIndex((d) => containsWithMargin(d.polygon, x, y, 150));
      if (districtIdx < 0) continue;
      const noise = valueNoise(options.seed, x / 2800, y / 2800);
      // parks, industrial zones, rail yards: no apartment buildings
      if (noise < 0.2) continue;
      const r = Math.hypot(x - centre[0], y - centre[1]);
      const weight = city.districts[districtIdx].spec.density * (0.45 + 1.1 * Math.exp(-r / 5000)) * (0.4 + noise);
      cells.push({ x, y, districtIdx, weight, key: Math.log(rng.next() || 1e-12) / weight });
    }
  }

  // Every district needs a neighbourhood for each of its companies, plus one.
  const companies = [...KAZAN_MANAGEMENT_COMPANIES];
  const required = city.districts.map((d) => companies.filter((c) => c.district === d.spec.code).length + 1);
  const minimum = required.reduce((a, b) => a + b, 0);
  const wanted = Math.min(cells.length, Math.max(minimum + 10, Math.round(options.buildings / 45)));
  const byKey = [...cells].sort((a, b) => b.key - a.key);
  const chosen = new Set<Cell>();
  city.districts.forEach((_, di) => {
    const own = byKey.filter((c) => c.districtIdx === di);
    if (own.length < required[di]) throw new Error(`district ${city.districts[di].spec.code} has too few cells`);
    for (const c of own.slice(0, required[di])) chosen.add(c);
  });
  for (const c of byKey) {
    if (chosen.size >= wanted) break;
    chosen.add(c);
  }
  const selected = [...chosen].sort(
    (a, b) =>
      Math.hypot(a.x - centre[0], a.y - centre[1]) - Math.hypot(b.x - centre[0], b.y - centre[1]) ||
      a.y - b.y ||
      a.x - b.x,
  );
  const totalWeight = selected.reduce((sum, c) => sum + c.weight, 0);

  for (const c of selected) {
    const preliminary = (options.buildings * c.weight) / totalWeight;
    const district = city.districts[c.districtIdx];
    const r = Math.hypot(c.x - centre[0], c.y - centre[1]) / 1000;
    const weights = eraWeights(r, district.spec.code, Math.hypot(c.x - sotsgorod[0], c.y - sotsgorod[1]) / 1000);
    const n = makeNeighbourhood(
      rng,
      city,
      city.neighbourhoods.length,
      c.districtIdx,
      c.x,
      c.y,
      cell,
      preliminary,
      c.weight,
    );
    n.era = ERA_LIST[rng.weightedIndex(weights)];
    n.eraWeights = weights;
    n.postcode = rng.pick(district.spec.postcodes);
    n.heatSupplierId = org(district.spec.heatSupplier);
    n.capacity = countCandidates(city, n, options.seed);
    city.neighbourhoods.push(n);
  }
  allocateTargets(city.neighbourhoods, options.buildings);

  // Management companies: each district's companies start from spread-out neighbourhoods and take
  // the neighbourhoods nearest to them, so every company serves one contiguous part of the city.
  city.districts.forEach((d, di) => {
    const own = city.neighbourhoods.filter((n) => n.districtIdx === di && n.target > 0);
    const list = companies.filter((c) => c.district === d.spec.code);
    const seeds: Neighbourhood[] = [own.reduce((best, n) => (n.target > best.target ? n : best))];
    while (seeds.length < list.length) {
      let best: Neighbourhood | null = null;
      let bestDistance = -1;
      for (const n of own) {
        if (seeds.includes(n)) continue;
        const distance = Math.min(...seeds.map((sd) => Math.hypot(sd.cx - n.cx, sd.cy - n.cy)));
        if (distance > bestDistance) {
          bestDistance = distance;
          best = n;
        }
      }
      seeds.push(best!);
    }
    for (const n of own) {
      let nearest = 0;
      for (let i = 1; i < seeds.length; i++) {
        if (
          Math.hypot(seeds[i].cx - n.cx, seeds[i].cy - n.cy) <
          Math.hypot(seeds[nearest].cx - n.cx, seeds[nearest].cy - n.cy)
        )
          nearest = i;
      }
      n.managementCompanyId = org(list[nearest].code);
    }
    // Homeowners' associations take the first houses of the largest neighbourhood that seeds no company.
    for (const hoa of KAZAN_HOMEOWNERS_ASSOCIATIONS.filter((h) => h.district === d.spec.code)) {
      const host = own
        .filter((n) => !seeds.includes(n) && n.hoa === null && n.target >= 2)
        .reduce<Neighbourhood | null>((best, n) => (best === null || n.target > best.target ? n : best), null);
      if (host)
        host.hoa = { organisationId: org(hoa.code), houses: Math.max(1, Math.min(4, Math.floor(host.target / 5))) };
    }
  });
}

function planInnopolis(city: CityContext, options: GenerateOptions, managementCompanyId: number) {
  const rng = new Random(options.seed, 'innopolis');
  const [x, y] = city.frame.toMetres(INNOPOLIS.centre[0], INNOPOLIS.centre[1]);
  const n = makeNeighbourhood(rng, city, 0, 0, x, y, INNOPOLIS_CELL_METRES, INNOPOLIS_BUILDINGS, 1);
  n.era = 'innopolis';
  n.eraWeights = [];
  n.postcode = INNOPOLIS_DISTRICT.postcodes[0];
  n.managementCompanyId = managementCompanyId;
  n.capacity = countCandidates(city, n, options.seed);
  city.neighbourhoods.push(n);
  allocateTargets(city.neighbourhoods, INNOPOLIS_BUILDINGS);
}

function makeNeighbourhood(
  rng: Random,
  city: CityContext,
  index: number,
  districtIdx: number,
  cellX: number,
  cellY: number,
  cell: number,
  preliminary: number,
  weight: number,
): Neighbourhood {
  // Floor area of land per house: spacious for the demo, packed when millions are asked for.
  const landPerHouse = Math.min(6500, Math.max(100, (cell * cell * 0.5) / Math.max(1, preliminary)));
  const perLot = landPerHouse < 900 ? Math.min(6, Math.ceil(900 / landPerHouse)) : 1;
  const lotArea = landPerHouse * perLot;
  const streetSpacing = Math.min(220, Math.max(45, Math.sqrt(2 * lotArea) * 1.5));
  const lotSpacing = Math.max(14, (2 * lotArea) / streetSpacing);
  return {
    index,
    city: city.municipalityId - 1,
    districtIdx,
    cellX,
    cellY,
    half: cell / 2,
    cx: cellX + rng.float(-0.12, 0.12) * cell,
    cy: cellY + rng.float(-0.12, 0.12) * cell,
    angle: rng.float(0, Math.PI / 2),
    streetSpacing,
    lotSpacing,
    perLot,
    weight,
    preliminary,
    capacity: 0,
    target: 0,
    era: 'panel',
    eraWeights: [],
    postcode: '',
    managementCompanyId: 0,
    heatSupplierId: 0,
    hoa: null,
  };
}

/** Share `total` houses in proportion to the preliminary shares, never above a neighbourhood's capacity. */
function allocateTargets(neighbourhoods: Neighbourhood[], total: number) {
  const capacity = neighbourhoods.reduce((sum, n) => sum + n.capacity, 0);
  if (capacity < total)
    throw new RangeError(`the city can hold at most ${capacity} buildings with this layout, ${total} asked`);
  const share = new Map<Neighbourhood, number>();
  let open = [...neighbourhoods];
  let remaining = total;
  for (;;) {
    const weight = open.reduce((sum, n) => sum + n.preliminary, 0);
    const capped = open.filter((n) => (remaining * n.preliminary) / weight >= n.capacity);
    if (capped.length === 0) {
      for (const n of open) share.set(n, (remaining * n.preliminary) / weight);
      break;
    }
    for (const n of capped) {
      share.set(n, n.capacity);
      remaining -= n.capacity;
    }
    open = open.filter((n) => !capped.includes(n));
  }
  let assigned = 0;
  for (const n of neighbourhoods) {
    n.target = Math.min(n.capacity, Math.floor(share.get(n)!));
    assigned += n.target;
  }
  // largest remainders first; ties by index so the result is stable
  const order = [...neighbourhoods].sort(
    (a, b) =>
      share.get(b)! - Math.floor(share.get(b)!) - (share.get(a)! - Math.floor(share.get(a)!)) || a.index - b.index,
  );
  for (let i = 0; assigned < total; i = (i + 1) % order.length) {
    if (order[i].target < order[i].capacity) {
      order[i].target++;
      assigned++;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Streets and lots

type Lot = {
  street: number;
  side: 1 | -1;
  slot: number;
  distance: number;
  footX: number;
  footY: number;
  houses: [number, number][];
};

/** Every lot the neighbourhood's street grid offers inside its cell and district, nearest first. */
function candidateLots(city: CityContext, n: Neighbourhood, seed: number): Lot[] {
  const rng = new Random(seed, `lots:${n.city}:${n.index}`);
  const polygon = city.districts[n.districtIdx].polygon;
  const margin = n.city === 0 ? DISTRICT_MARGIN_METRES : 20;
  const ux = Math.cos(n.angle);
  const uy = Math.sin(n.angle);
  const wx = -uy;
  const wy = ux;
  const s = n.streetSpacing;
  const d = n.lotSpacing;
  const reach = n.half * 1.5 + Math.abs(n.cx - n.cellX) + Math.abs(n.cy - n.cellY);
  const streets = Math.ceil(reach / s);
  const slots = Math.ceil(reach / d);
  const lots: Lot[] = [];
  for (let j = -streets; j <= streets; j++) {
    for (let i = -slots; i < slots; i++) {
      for (const side of [1, -1] as const) {
        // now and then a lot holds one more building («корп. 2»)
        const perLot = n.perLot + (n.perLot <= 2 && rng.chance(0.08) ? 1 : 0);
        const along = (i + 0.5) * d + rng.float(-0.08, 0.08) * d;
        const footX = n.cx + ux * along + wx * j * s;
        const footY = n.cy + uy * along + wy * j * s;
        const houses: [number, number][] = [];
        for (let m = 0; m < perLot; m++) {
          const off = side * (8 + ((s / 2 - 16) * (m + 0.5)) / perLot);
          const x = footX + wx * off;
          const y = footY + wy * off;
          if (Math.abs(x - n.cellX) > n.half - 5 || Math.abs(y - n.cellY) > n.half - 5) continue;
          if (!containsWithMargin(polygon, x, y, margin)) continue;
          houses.push([x, y]);
        }
        if (houses.length === 0) continue;
        const cx = footX + wx * side * (s / 4);
        const cy = footY + wy * side * (s / 4);
        lots.push({ street: j, side, slot: i, distance: Math.hypot(cx - n.cx, cy - n.cy), footX, footY, houses });
      }
    }
  }
  lots.sort((a, b) => a.distance - b.distance || a.street - b.street || a.slot - b.slot || b.side - a.side);
  return lots;
}

function countCandidates(city: CityContext, n: Neighbourhood, seed: number): number {
  return candidateLots(city, n, seed).reduce((sum, lot) => sum + lot.houses.length, 0);
}

/** Hands out unique street names: the district's real streets first, then made-up ones. */
class StreetNames {
  readonly names: string[] = [];
  #used = new Set<string>();
  #districtQueues: Map<number, string[]>;
  #pool: string[];
  #poolIndex = 0;

  constructor(seed: number, districts: DistrictSpec[], reserved: string[]) {
    this.#districtQueues = new Map(districts.map((d, i) => [i, [...d.streets]]));
    for (const r of reserved) this.#used.add(r);
    const rng = new Random(seed, 'street-names');
    // first every base once, with a type drawn by its share (most streets are «ул.»), then the
    // other types of the same bases, then numbered streets for very large cities
    const weights = STREET_TYPES.map(([, w]) => w);
    const primary: string[] = [];
    const rest: string[] = [];
    for (const base of rng.shuffle([...STREET_BASES])) {
      const chosen = rng.weightedIndex(weights);
      for (const [i, [type]] of STREET_TYPES.entries()) (i === chosen ? primary : rest).push(`${type} ${base}`);
    }
    rng.shuffle(rest);
    const numbered: string[] = [];
    for (let k = 1; k <= 99; k++) {
      for (const base of STREET_BASES)
        numbered.push(`${k}-я ул. ${base}`, `${k}-й пер. ${base}`, `${k}-й проезд ${base}`);
    }
    this.#pool = [...primary, ...rest, ...numbered];
  }

  /** A new street's index in `names`. */
  next(districtIdx: number): number {
    const queue = this.#districtQueues.get(districtIdx);
    let name: string | undefined;
    while (queue && queue.length > 0 && name === undefined) {
      const candidate = queue.shift()!;
      if (!this.#used.has(candidate)) name = candidate;
    }
    while (name === undefined) {
      if (this.#poolIndex >= this.#pool.length) throw new Error('ran out of street names');
      const candidate = this.#pool[this.#poolIndex++];
      if (!this.#used.has(candidate)) name = candidate;
    }
    this.#used.add(name);
    this.names.push(name);
    return this.names.length - 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Buildings

/**
 * What appeals need to know about every building, as typed arrays (a few dozen bytes per house).
 * Organisation ids are 0 where there is none.
 */
export class BuildingIndex {
  readonly size: number;
  readonly city: Uint8Array;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly footLon: Float64Array;
  readonly footLat: Float64Array;
  readonly districtIdx: Uint8Array;
  readonly street: Int32Array;
  /** House number × 8 + letter index (0 = none, 1 = «А», …). */
  readonly house: Int32Array;
  readonly block: Uint8Array;
  readonly entrances: Uint8Array;
  readonly floors: Uint8Array;
  readonly apartments: Uint16Array;
  readonly weight: Float32Array;
  readonly managementCompany: Int32Array;
  readonly supplier: Record<Utility, Int32Array>;
  streetNames: string[][] = [[], []];
  count = 0;

  constructor(size: number) {
    this.size = size;
    this.city = new Uint8Array(size);
    this.lon = new Float64Array(size);
    this.lat = new Float64Array(size);
    this.footLon = new Float64Array(size);
    this.footLat = new Float64Array(size);
    this.districtIdx = new Uint8Array(size);
    this.street = new Int32Array(size);
    this.house = new Int32Array(size);
    this.block = new Uint8Array(size);
    this.entrances = new Uint8Array(size);
    this.floors = new Uint8Array(size);
    this.apartments = new Uint16Array(size);
    this.weight = new Float32Array(size);
    this.managementCompany = new Int32Array(size);
    this.supplier = {
      cold_water: new Int32Array(size),
      hot_water: new Int32Array(size),
      heating: new Int32Array(size),
      electricity: new Int32Array(size),
      gas: new Int32Array(size),
    };
  }

  address(i: number): string {
    return formatAddress({
      street: this.streetNames[this.city[i]][this.street[i]],
      ...houseParts(this.house[i], this.block[i]),
    });
  }
}

const LETTERS = ['', 'А', 'Б', 'В', 'Г'];
function houseParts(house: number, block: number): { house: string; block: string | null } {
  return { house: `${house >> 3}${LETTERS[house & 7]}`, block: block > 0 ? String(block) : null };
}

type Passport = Pick<
  BuildingRow,
  | 'yearBuilt'
  | 'floors'
  | 'entrances'
  | 'apartments'
  | 'totalArea'
  | 'wallMaterial'
  | 'elevators'
  | 'heatingSystem'
  | 'hotWaterSystem'
  | 'lastOverhaulYear'
  | 'wearPercent'
> & { hasGas: boolean };

function pickWeighted<T>(rng: Random, options: [T, number][]): T {
  return options[rng.weightedIndex(options.map(([, w]) => w))][0];
}

/**
 * A technical passport consistent with the era. Heating and hot-water systems are codes:
 * heating 'central' | 'roof_boiler' | 'individual_gas'; hot water 'central' | 'gas_heater' | 'roof_boiler'.
 */
function passport(rng: Random, era: Era, nowYear: number): Passport {
  const spec = ERAS[era];
  const lastYear = spec.years[1] === 'now' ? nowYear - 1 : spec.years[1];
  const yearBuilt = rng.int(spec.years[0], lastYear);
  const floors = pickWeighted(rng, spec.floors);
  const wallMaterial = pickWeighted(rng, spec.walls);
  const entrances = floors >= 12 ? rng.int(1, 3) : rng.int(spec.entrances[0], spec.entrances[1]);
  const perFloor = rng.int(spec.perFloor[0], spec.perFloor[1]);
  // shops on the ground floor of central and new houses
  const shops = (era === 'stalinka' || era === 'modern') && rng.chance(0.25) ? 1 : 0;
  const apartments = Math.max(2, entrances * (floors - shops) * perFloor);
  const totalArea = Math.round(apartments * spec.flatArea * rng.float(1.1, 1.3) * 10) / 10;
  let elevators = 0;
  if (floors >= 14) elevators = entrances * 2;
  else if (floors >= 9) elevators = entrances;
  else if (floors > 5) elevators = era === 'stalinka' ? (rng.chance(0.5) ? entrances : 0) : entrances;
  let heatingSystem = 'central';
  if (era === 'wood' && rng.chance(0.5)) heatingSystem = 'individual_gas';
  if ((era === 'modern' || era === 'innopolis') && yearBuilt >= 2005 && rng.chance(0.3)) heatingSystem = 'roof_boiler';
  let hotWaterSystem = 'central';
  if (heatingSystem === 'roof_boiler') hotWaterSystem = 'roof_boiler';
  else if (heatingSystem === 'individual_gas') hotWaterSystem = 'gas_heater';
  else if ((era === 'khrushchevka' && rng.chance(0.3)) || (era === 'stalinka' && rng.chance(0.15)))
    hotWaterSystem = 'gas_heater';
  const hasGas =
    heatingSystem !== 'central' ||
    hotWaterSystem === 'gas_heater' ||
    (era !== 'modern' && era !== 'innopolis' ? floors <= 10 && rng.chance(0.9) : rng.chance(0.1));
  const age = nowYear - yearBuilt;
  let lastOverhaulYear: number | null = null;
  if (age >= 25) {
    // Tatarstan's capital repair programme runs since 2010; a few houses were repaired before it
    if (rng.chance(0.45)) lastOverhaulYear = rng.int(2010, nowYear - 1);
    else if (yearBuilt + 25 <= 2009 && rng.chance(0.15)) lastOverhaulYear = rng.int(yearBuilt + 25, 2009);
  }
  let wear = age * spec.wearRate + rng.normal(0, 3);
  if (lastOverhaulYear !== null) wear -= Math.max(0, 22 - (nowYear - lastOverhaulYear));
  const wearPercent = Math.round(Math.min(80, Math.max(2, wear)) * 10) / 10;
  return {
    yearBuilt,
    floors,
    entrances,
    apartments,
    totalArea,
    wallMaterial,
    elevators,
    heatingSystem,
    hotWaterSystem,
    lastOverhaulYear,
    wearPercent,
    hasGas,
  };
}

function localYearOf(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

/** Every building of both cities, in id order; fills `index` as it goes. */
export function* generateBuildings(plan: CityPlan, index: BuildingIndex): Generator<BuildingRow> {
  const { seed, now } = plan.options;
  let id = 0;
  for (const city of plan.cities) {
    const nowYear = localYearOf(now, city.spec.timeZone);
    const reserved = plan.cities.filter((c) => c !== city).flatMap((c) => c.districts.flatMap((d) => d.spec.streets));
    const names = new StreetNames(
      seed,
      city.districts.map((d) => d.spec),
      reserved,
    );
    index.streetNames[city.municipalityId - 1] = names.names;
    for (const n of city.neighbourhoods) {
      if (n.target === 0) continue;
      const rng = new Random(seed, `houses:${n.city}:${n.index}`);
      const district = city.districts[n.districtIdx];
      // take the lots nearest the centre until the target is reached
      const chosen: { lot: Lot; houses: [number, number][] }[] = [];
      let taken = 0;
      for (const lot of candidateLots(city, n, seed)) {
        if (taken >= n.target) break;
        const houses = lot.houses.slice(0, n.target - taken);
        chosen.push({ lot, houses });
        taken += houses.length;
      }
      chosen.sort((a, b) => a.lot.street - b.lot.street || a.lot.side - b.lot.side || a.lot.slot - b.lot.slot);
      let streetIdx = -1;
      let currentStreet = Number.NaN;
      let currentSide = 0;
      let number = 0;
      let letter = 0;
      let served = 0;
      for (const { lot, houses } of chosen) {
        if (lot.street !== currentStreet) {
          currentStreet = lot.street;
          streetIdx = names.next(n.districtIdx);
          currentSide = 0;
        }
        if (lot.side !== currentSide) {
          currentSide = lot.side;
          number = lot.side === 1 ? -1 : 0;
          letter = 0;
        }
        // an infill house takes its neighbour's number with a letter: 14, 14А, 16
        if (number > 0 && letter < 3 && rng.chance(0.04)) letter++;
        else {
          number += 2;
          letter = 0;
        }
        for (const [m, [x, y]] of houses.entries()) {
          const i = index.count++;
          id++;
          const era: Era =
            n.eraWeights.length > 0 && rng.chance(0.2) ? ERA_LIST[rng.weightedIndex(n.eraWeights)] : n.era;
          const p = passport(rng, era, nowYear);
          const [lonRaw, latRaw] = city.frame.toLonLat(x, y);
          const [footLonRaw, footLatRaw] = city.frame.toLonLat(lot.footX, lot.footY);
          const lon = round6(lonRaw);
          const lat = round6(latRaw);
          const block = houses.length > 1 || lot.houses.length > 1 ? m + 1 : 0;
          const houseCode = number * 8 + letter;
          const parts = houseParts(houseCode, block);
          const street = names.names[streetIdx];
          const address = formatAddress({ street, ...parts });
          const managementCompanyId = n.hoa && served < n.hoa.houses ? n.hoa.organisationId : n.managementCompanyId;
          served++;
          const suppliers = city.suppliers;
          const heat = p.heatingSystem === 'central' && n.heatSupplierId ? n.heatSupplierId : 0;
          const hot = p.hotWaterSystem === 'central' && n.heatSupplierId ? n.heatSupplierId : 0;
          index.city[i] = n.city;
          index.lon[i] = lon;
          index.lat[i] = lat;
          index.footLon[i] = round6(footLonRaw);
          index.footLat[i] = round6(footLatRaw);
          index.districtIdx[i] = n.districtIdx;
          index.street[i] = streetIdx;
          index.house[i] = houseCode;
          index.block[i] = block;
          index.entrances[i] = p.entrances!;
          index.floors[i] = p.floors!;
          index.apartments[i] = p.apartments!;
          // bigger and more worn houses produce more appeals
          index.weight[i] = p.apartments! * (0.6 + p.wearPercent! / 60);
          index.managementCompany[i] = managementCompanyId;
          index.supplier.cold_water[i] = suppliers?.coldWater ?? 0;
          index.supplier.electricity[i] = suppliers?.electricity ?? 0;
          index.supplier.gas[i] = suppliers && p.hasGas ? suppliers.gas : 0;
          index.supplier.heating[i] = heat;
          index.supplier.hot_water[i] = hot;
          const { hasGas: _, ...technical } = p;
          yield {
            id,
            municipalityId: city.municipalityId,
            districtId: district.id,
            street,
            house: parts.house,
            block: parts.block,
            postcode: n.postcode,
            address,
            searchText: normaliseAddress(address),
            location: { x: lon, y: lat },
            managementCompanyId,
            coldWaterSupplierId: index.supplier.cold_water[i] || null,
            hotWaterSupplierId: hot || null,
            heatingSupplierId: heat || null,
            electricitySupplierId: index.supplier.electricity[i] || null,
            gasSupplierId: index.supplier.gas[i] || null,
            ...technical,
            updatedAt: plan.referenceTime,
          };
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Residents

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const translit = (text: string) => [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');

export function personName(rng: Random): { fullName: string; first: string; last: string } {
  const female = rng.chance(0.55);
  const surname = rng.pick(PEOPLE.surnames);
  const last = female ? `${surname}а` : surname;
  const first = rng.pick(female ? PEOPLE.female : PEOPLE.male);
  const patronymic = rng.pick(PEOPLE.patronymics)[female ? 1 : 0];
  return { fullName: `${last} ${first} ${patronymic}`, first, last };
}

/** Residents (no login, no password: they sign in by one-time code) with their personal data. */
export function* generateResidents(plan: CityPlan): Generator<{ user: UserRow; personal: PersonalRow }> {
  const rng = new Random(plan.options.seed, 'residents');
  const since = plan.options.now.getTime() - 3 * 365 * DAY;
  const until = plan.options.now.getTime() - (HISTORY_DAYS + 1) * DAY;
  let id = plan.residents.firstId;
  for (const d of DEMO_RESIDENTS) {
    yield {
      user: {
        id,
        municipalityId: 1,
        role: 'resident',
        organisationId: null,
        login: null,
        passwordHash: null,
        createdAt: plan.referenceTime,
      },
      personal: { userId: id, fullName: d.fullName, phone: d.phone, email: d.email },
    };
    id++;
  }
  let k = 0;
  for (const [cityIdx, group] of plan.residents.byCity.entries()) {
    const generated = cityIdx === 0 ? group.count - DEMO_RESIDENTS.length : group.count;
    for (let j = 0; j < generated; j++, k++, id++) {
      const person = personName(rng);
      // a bijection of k onto 7-digit numbers (7919 is prime to 9,999,000): phones never repeat,
      // and never fall on the demo residents' +7917000000x
      const digits = 1000 + ((k * 7919 + 1_234_567) % 9_999_000);
      const phone = `+7${k % 2 === 0 ? '917' : '987'}${String(digits).padStart(7, '0')}`;
      const email = rng.chance(0.35)
        ? `${translit(person.first)}.${translit(person.last)}${k}@${rng.pick(PEOPLE.emailDomains)}`
        : null;
      yield {
        user: {
          id,
          municipalityId: plan.cities[cityIdx].municipalityId,
          role: 'resident',
          organisationId: null,
          login: null,
          passwordHash: null,
          createdAt: new Date(Math.floor(rng.float(since, until) / 1000) * 1000),
        },
        personal: { userId: id, fullName: person.fullName, phone, email },
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Appeals and their histories

type LocalDay = { start: number; end: number; midnight: number; month: number; weekday: number; year: number };

/** The local days of the window [from, to), each clipped to the window. */
function localDays(timeZone: string, from: number, to: number): LocalDay[] {
  const days: LocalDay[] = [];
  const first = new Date(from + offsetMillis(timeZone, from));
  let y = first.getUTCFullYear();
  let m = first.getUTCMonth();
  let d = first.getUTCDate();
  for (;;) {
    const naive = Date.UTC(y, m, d);
    const midnight = naive - offsetMillis(timeZone, naive - offsetMillis(timeZone, naive));
    if (midnight >= to) break;
    const nextNaive = Date.UTC(y, m, d + 1);
    const next = nextNaive - offsetMillis(timeZone, nextNaive - offsetMillis(timeZone, nextNaive));
    const weekday = new Date(naive).getUTCDay();
    if (next > from)
      days.push({ start: Math.max(from, midnight), end: Math.min(to, next), midnight, month: m, weekday, year: y });
    const n = new Date(nextNaive);
    y = n.getUTCFullYear();
    m = n.getUTCMonth();
    d = n.getUTCDate();
  }
  return days;
}

// Share of appeals filed in each local hour: few at night, a plateau in the working day.
const HOURS = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.2, 2, 2.6, 2.7, 2.6, 2.4, 2.4, 2.4, 2.3, 2.2, 2.2, 2.3, 2.2, 2, 1.6, 1, 0.6,
];
// Sunday … Saturday: Monday brings the weekend's problems
const WEEKDAYS = [0.62, 1.18, 1.08, 1.05, 1.03, 0.98, 0.72];
// More appeals in the heating season
const MONTHS = [1.15, 1.1, 1.05, 1, 0.95, 0.95, 0.9, 0.9, 0.95, 1.15, 1.1, 1.15];

function hourIntervals(day: LocalDay): { from: number; to: number; weight: number }[] {
  const out: { from: number; to: number; weight: number }[] = [];
  for (let h = 0; h < 24; h++) {
    const from = Math.max(day.start, day.midnight + h * HOUR);
    const to = Math.min(day.end, day.midnight + (h + 1) * HOUR);
    if (to > from) out.push({ from, to, weight: (HOURS[h] * (to - from)) / HOUR });
  }
  return out;
}

// Emergencies are mostly phoned in; everything else comes from the app and the website.
const CHANNELS: [Channel, number][] = [
  ['mobile', 45],
  ['web', 40],
  ['call_centre', 15],
];
const EMERGENCY_CHANNELS: [Channel, number][] = [
  ['call_centre', 45],
  ['mobile', 35],
  ['web', 20],
];

type Actor = { id: number | null; role: Role | null; organisationId: number | null };

export type GeneratedAppeal = { appeal: AppealRow; events: AppealEventRow[] };

/** Durations in minutes by priority: [median, spread] of a log-normal. */
const DURATIONS: Record<Priority, { accept: [number, number]; work: [number, number] }> = {
  emergency: { accept: [10, 1.8], work: [180, 2] },
  high: { accept: [90, 2.5], work: [20 * 60, 2.2] },
  normal: { accept: [240, 2.5], work: [48 * 60, 2.2] },
  low: { accept: [600, 2.5], work: [96 * 60, 2.2] },
};

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/**
 * Appeals of both municipalities in creation order, each with its whole history up to `now`.
 * Deterministic: calling it twice gives the same sequence (the loader does, once for appeals and
 * once for events, so that neither has to be held in memory).
 */
export function* generateAppeals(plan: CityPlan, index: BuildingIndex): Generator<GeneratedAppeal> {
  const { seed, now, appeals: total } = plan.options;
  if (total === 0) return;
  const rng = new Random(seed, 'appeals');
  const nowMs = now.getTime();
  const from = nowMs - HISTORY_DAYS * DAY;
  const timeZone = KAZAN.timeZone;
  const days = localDays(timeZone, from, nowMs);

  // appeals per day: weekday × season × day-to-day noise, over the part of the day in the window
  const dayWeights = days.map((day) => {
    const mass = hourIntervals(day).reduce((sum, h) => sum + h.weight, 0);
    return mass * WEEKDAYS[day.weekday] * MONTHS[day.month] * Math.max(0.5, 1 + 0.12 * rng.normal());
  });
  const weightSum = dayWeights.reduce((a, b) => a + b, 0);
  const exact = dayWeights.map((w) => (total * w) / weightSum);
  const perDay = exact.map(Math.floor);
  let short = total - perDay.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; short > 0; k++, short--) perDay[byRemainder[k % byRemainder.length][1]]++;

  // per city: buildings to pick from, categories by month, residents
  const cityData = plan.cities.map((city, cityIdx) => {
    let first = -1;
    let last = -1;
    for (let i = 0; i < index.count; i++) {
      if (index.city[i] === cityIdx) {
        if (first < 0) first = i;
        last = i;
      }
    }
    const weights = index.weight.subarray(first, last + 1);
    const cats = CATEGORIES.map((spec) => ({
      spec,
      row: plan.categories.find((c) => c.id === city.categoryIds.get(spec.code))!,
    }));
    const byMonth = Array.from({ length: 12 }, (_, m) => cats.map((c) => c.spec.weight * (0.05 + c.spec.season[m])));
    return { city, first, table: new WeightedTable(weights), cats, byMonth, residents: plan.residents.byCity[cityIdx] };
  });
  const numbers = new Map<string, number>();
  const lastOfCategory = new Map<number, string>();
  let appealId = 0;
  let eventId = 0;

  for (const [dayIdx, day] of days.entries()) {
    const intervals = hourIntervals(day);
    const intervalWeights = intervals.map((h) => h.weight);
    const times: number[] = [];
    for (let k = 0; k < perDay[dayIdx]; k++) {
      const h = intervals[rng.weightedIndex(intervalWeights)];
      times.push(Math.floor(rng.float(h.from, h.to) / 1000) * 1000);
    }
    times.sort((a, b) => a - b);
    for (const createdMs of times) {
      const cityIdx = rng.chance(0.015) ? 1 : 0;
      const data = cityData[cityIdx];
      const { city } = data;
      let cat = data.cats[rng.weightedIndex(data.byMonth[day.month])];
      let building = data.first + data.table.pick(rng);
      const utility = cat.row.utility;
      if (utility) {
        // a utility problem needs a house that gets the utility from a supplier
        for (let tries = 0; tries < 8 && index.supplier[utility][building] === 0; tries++)
          building = data.first + data.table.pick(rng);
        if (index.supplier[utility][building] === 0) cat = data.cats.find((c) => c.spec.code === 'flat_flooding')!;
      }
      const spec: CategorySpec = cat.spec;
      const row = cat.row;
      const districtIdx = index.districtIdx[building];
      const district = city.districts[districtIdx];
      const address = index.address(building);

      // responsible organisation: the default routing of the category
      let assignedOrgId: number;
      if (row.responsibleKind === 'management_company') assignedOrgId = index.managementCompany[building];
      else if (row.responsibleKind === 'resource_supplier') assignedOrgId = index.supplier[row.utility!][building];
      else if (row.responsibleKind === 'district_administration' || row.responsibleKind === 'city_hall')
        assignedOrgId = city.otherOrgByDistrict[districtIdx];
      else assignedOrgId = spec.group === 'transport' ? city.transportOrgId : city.roadsOrgId;

      // place: the house itself, a spot on the street in front of it, or its yard
      let lon = index.lon[building];
      let lat = index.lat[building];
      let buildingId: number | null = building + 1;
      let addressText = address;
      if (!row.needsBuilding && spec.place !== 'flat') {
        buildingId = null;
        addressText = `около ${address}`;
        let x: number;
        let y: number;
        if (spec.group === 'roads' || spec.group === 'transport') {
          [x, y] = city.frame.toMetres(index.footLon[building], index.footLat[building]);
          x += rng.float(-12, 12);
          y += rng.float(-12, 12);
        } else {
          [x, y] = city.frame.toMetres(lon, lat);
          const angle = rng.float(0, 2 * Math.PI);
          const r = rng.float(15, 40);
          x += Math.cos(angle) * r;
          y += Math.sin(angle) * r;
        }
        if (contains(district.polygon, x, y)) {
          const [plon, plat] = city.frame.toLonLat(x, y);
          lon = round6(plon);
          lat = round6(plat);
        }
      }

      const entrances = index.entrances[building];
      const floors = index.floors[building];
      const entrance = rng.int(1, entrances);
      const floor = spec.code === 'roof_leak' ? floors : rng.int(1, floors);
      const perEntrance = Math.max(1, Math.floor(index.apartments[building] / entrances));
      const perFloor = Math.max(1, Math.floor(perEntrance / floors));
      const apt = (entrance - 1) * perEntrance + (floor - 1) * perFloor + rng.int(1, perFloor);
      const values = { entrance, floor, apt, days: rng.int(2, 6), hours: rng.int(3, 20) };
      const texts = categoryTexts(spec);
      const description = fill(rng.pick(texts.descriptions), values);

      const residents = data.residents;
      // some residents write far more than others (and the demo residents are among the first)
      const author = residents.first + Math.min(residents.count - 1, Math.floor(residents.count * rng.next() ** 1.6));
      const priority: Priority = row.emergency ? 'emergency' : row.defaultPriority!;
      const channel = pickWeighted(rng, priority === 'emergency' ? EMERGENCY_CHANNELS : CHANNELS);

      const createdAt = new Date(createdMs);
      // both municipalities keep Moscow time, so the local day's year is the numbering year
      const year = day.year;
      const key = `${city.municipalityId}:${year}`;
      const seq = (numbers.get(key) ?? 0) + 1;
      numbers.set(key, seq);
      const number = `${city.spec.code}-${year}-${String(seq).padStart(6, '0')}`;
      appealId++;

      const events = simulateHistory(rng, {
        plan,
        city,
        createdMs,
        nowMs,
        priority,
        channel,
        authorId: author,
        assignedOrgId,
        fix: rng.pick(texts.fixes),
        texts,
        duplicateOf: lastOfCategory.get(row.id) ?? null,
        values,
      });
      lastOfCategory.set(row.id, number);
      const last = events.at(-1)!;
      const eventRows: AppealEventRow[] = events.map((e) => ({ id: ++eventId, appealId, ...e }));
      yield {
        appeal: {
          id: appealId,
          municipalityId: city.municipalityId,
          number,
          authorId: author,
          categoryId: row.id,
          buildingId,
          districtId: district.id,
          location: { x: lon, y: lat },
          addressText,
          description,
          entrance: spec.place ? String(entrance) : null,
          apartment: spec.place === 'flat' ? String(apt) : null,
          priority,
          status: last.toStatus!,
          assignedOrgId: events.length > 1 ? assignedOrgId : null,
          channel,
          public: row.public!,
          idempotencyKey: null,
          resolvedAt: events.findLast((e) => e.type === 'resolved')?.at ?? null,
          reopenCount: events.filter((e) => e.type === 'reopened').length,
          rating: null,
          version: events.length,
          createdAt,
          updatedAt: last.at!,
        },
        events: eventRows,
      };
    }
  }
}

type HistoryInput = {
  plan: CityPlan;
  city: CityContext;
  createdMs: number;
  nowMs: number;
  priority: Priority;
  channel: Channel;
  authorId: number;
  assignedOrgId: number;
  fix: string;
  /** The category's words for everything else people write on it. */
  texts: CategoryTexts;
  duplicateOf: string | null;
  values: Record<string, number>;
};

type EventDraft = Omit<AppealEventRow, 'id' | 'appealId'>;

/**
 * The life of one appeal up to `now`: routed, accepted, maybe asked for details, resolved, then
 * confirmed, disputed or closed automatically — or ended early (duplicate, rejected, cancelled).
 */
function simulateHistory(rng: Random, h: HistoryInput): EventDraft[] {
  const events: EventDraft[] = [];
  let status: AppealStatus = 'new';
  let t = h.createdMs;
  const resident: Actor = { id: h.authorId, role: 'resident', organisationId: null };
  const system: Actor = { id: null, role: null, organisationId: null };
  const dispatchers = h.plan.actorsByOrg.get(h.city.dispatchCentreId) ?? [];
  const dispatcher = (): Actor => {
    const d = rng.pick(dispatchers);
    return { id: d.id, role: d.role, organisationId: h.city.dispatchCentreId };
  };
  const orgStaff = (): Actor => {
    const staff = h.plan.actorsByOrg.get(h.assignedOrgId) ?? [];
    const s = staff.length > 0 ? rng.pick(staff) : null;
    return { id: s?.id ?? null, role: s?.role ?? 'org_staff', organisationId: h.assignedOrgId };
  };
  const d = DURATIONS[h.priority];
  /** Add a state change after `minutes`; false when it would happen after now (the story stops). */
  const step = (
    minutes: number,
    type: string,
    to: AppealStatus,
    actor: Actor,
    note: string | null,
    payload: Record<string, unknown> = {},
  ): boolean => {
    const at = t + Math.max(1000, Math.round((minutes * MINUTE) / 1000) * 1000);
    if (at > h.nowMs) return false;
    events.push({
      type,
      fromStatus: status,
      toStatus: to,
      actorId: actor.id,
      actorRole: actor.role,
      organisationId: actor.organisationId,
      note,
      payload,
      at: new Date(at),
    });
    status = to;
    t = at;
    return true;
  };
  events.push({
    type: 'created',
    fromStatus: null,
    toStatus: 'new',
    actorId: resident.id,
    actorRole: 'resident',
    organisationId: null,
    note: null,
    payload: { channel: h.channel, photos: 0 },
    at: new Date(t),
  });

  // routing: automatic in a minute or two, or by a dispatcher when the rules were not sure
  const triage = rng.chance(h.priority === 'emergency' ? 0.05 : 0.15);
  const routed = triage
    ? step(
        rng.logNormal(h.priority === 'emergency' ? 5 : 90, 2.5),
        'assigned',
        'assigned',
        dispatcher(),
        DISPATCHER_ASSIGNED,
        { organisationId: h.assignedOrgId, by: 'dispatcher' },
      )
    : step(rng.float(0.3, 3), 'assigned', 'assigned', { ...system, organisationId: h.assignedOrgId }, null, {
        organisationId: h.assignedOrgId,
        by: 'routing',
      });
  if (!routed) return events;

  const fate = rng.next();
  if (fate < 0.03) {
    step(
      rng.logNormal(60, 3),
      'duplicate',
      'duplicate',
      dispatcher(),
      h.duplicateOf ? `Дубликат обращения ${h.duplicateOf}` : 'Дубликат обращения',
      h.duplicateOf ? { duplicateOf: h.duplicateOf } : {},
    );
    return events;
  }
  if (fate < 0.045) {
    step(rng.logNormal(d.accept[0] / 2, 2), 'cancelled', 'cancelled', resident, RESIDENT_CANCELLED);
    return events;
  }
  if (fate < 0.075) {
    step(rng.logNormal(d.accept[0], d.accept[1]), 'rejected', 'rejected', orgStaff(), rng.pick(h.texts.rejections));
    return events;
  }
  // a few organisations sit on some appeals for days: the dispatcher's overdue queue
  const neglect = rng.chance(0.04) ? 15 : 1;
  if (!step(rng.logNormal(d.accept[0] * neglect, d.accept[1]), 'accepted', 'accepted', orgStaff(), null)) return events;
  if (rng.chance(0.07)) {
    // (the draws in the order they always had, so a seed keeps giving the same city)
    const asksAfter = rng.logNormal(120, 3);
    const asker = orgStaff();
    const exchange = rng.pick(h.texts.infoExchanges);
    if (!step(asksAfter, 'info_requested', 'needs_info', asker, exchange.request)) return events;
    if (rng.chance(0.9)) {
      const repliesAfter = rng.logNormal(8 * 60, 3);
      const reply = fill(rng.pick(exchange.replies), h.values);
      if (!step(repliesAfter, 'info_provided', 'accepted', resident, reply)) return events;
    } else {
      // 10 days without an answer: the organisation gives up
      step(10 * 24 * 60, 'rejected', 'rejected', orgStaff(), NO_ANSWER_REJECTION);
      return events;
    }
  }
  if (!step(rng.logNormal(d.work[0], d.work[1]), 'resolved', 'resolved', orgStaff(), h.fix)) return events;

  const ending = (disputedOnce: boolean): void => {
    const r = rng.next();
    if (r < 0.7) {
      step(rng.logNormal(10 * 60, 3), 'closed', 'closed', resident, null, {
        confirmed: true,
        rating: pickWeighted(rng, [
          [5, 55],
          [4, 30],
          [3, 10],
          [2, 3],
          [1, 2],
        ]),
      });
    } else if (r < 0.78 && !disputedOnce) {
      if (!step(rng.logNormal(20 * 60, 2.5), 'reopened', 'reopened', resident, rng.pick(h.texts.disputes))) return;
      if (!step(rng.logNormal(d.accept[0] * 2, d.accept[1]), 'accepted', 'accepted', orgStaff(), null)) return;
      if (!step(rng.logNormal(d.work[0] * 1.5, d.work[1]), 'resolved', 'resolved', orgStaff(), h.fix)) return;
      ending(true);
    } else {
      // 15 days: the resident's window to confirm or dispute the fix
      step(
        15 * 24 * 60,
        'closed',
        'closed',
        system,
        'Закрыто автоматически: житель не оспорил решение в течение 15 дней',
        { confirmed: false, auto: true },
      );
    }
  };
  ending(false);
  return events;
}

/** The highest number used per municipality and local year, for the appeal-number sequences. */
export type NumberState = Map<string, { municipalityId: number; year: number; max: number }>;

export function recordNumber(state: NumberState, appeal: AppealRow): void {
  const [, yearText, seqText] = appeal.number.split('-');
  const year = Number(yearText);
  const key = `${appeal.municipalityId}:${year}`;
  const seq = Number(seqText);
  const current = state.get(key);
  if (!current || current.max < seq) state.set(key, { municipalityId: appeal.municipalityId, year, max: seq });
}
