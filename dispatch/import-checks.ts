/**
 * The line checks of the registers' imports (issue 18): a line of the buildings' or the
 * organisations' register read into the row to store, or its problems, each naming the column and
 * the reason. The same rules as the directory's forms (api/buildings/check-building.ts, the
 * passport's summary of dispatch/passport.ts, the contacts of dispatch/contacts.ts); what they
 * look up in the database (districts, organisations, the municipality's boundary) is handed in.
 */
import { formatAddress, normaliseAddress } from './address.ts';
import { type Point, pointInRing, type Ring } from './geo.ts';
import type { BuildingColumn, RegisterLine } from './imports.ts';
import type { Message } from './messages/index.ts';
import { checkFieldValue, type FieldSpec, summaryFields, type wallMaterialCodes } from './passport.ts';
import type { OrganisationKind, Utility } from './taxonomy.ts';

export type LineProblem = { field: string; reason: Message };
export type Checked<T> = { ok: true; row: T } | { ok: false; problems: LineProblem[] };

export type DistrictRef = { id: number; code: string; nameRu: string; nameEn: string; boundary: Ring };
export type OrganisationRef = {
  id: number;
  kind: OrganisationKind;
  code: string;
  externalId: string | null;
  inn: string | null;
  ogrn: string | null;
};

/** What the checks look up: the municipality, its districts and organisations, and today. */
export type ImportReference = {
  municipalityCode: string;
  boundary: Ring;
  districts: readonly DistrictRef[];
  organisations: OrganisationIndex;
  now: Date;
};

/** The municipality's organisations by register id, OGRN, INN and code (a building names them so). */
export class OrganisationIndex {
  readonly #by = new Map<string, OrganisationRef>();
  constructor(organisations: readonly OrganisationRef[]) {
    // the weakest key first, so that a register id wins over a code spelled the same
    for (const o of organisations) this.#by.set(`code:${o.code.toLowerCase()}`, o);
    for (const o of organisations) if (o.inn) this.#by.set(`inn:${o.inn}`, o);
    for (const o of organisations) if (o.ogrn) this.#by.set(`ogrn:${o.ogrn}`, o);
    for (const o of organisations) if (o.externalId) this.#by.set(`ext:${o.externalId}`, o);
  }
  find(value: string): OrganisationRef | null {
    const v = value.trim();
    return (
      this.#by.get(`ext:${v}`) ??
      this.#by.get(`ogrn:${v}`) ??
      this.#by.get(`inn:${v}`) ??
      this.#by.get(`code:${v.toLowerCase()}`) ??
      null
    );
  }
}

export type SupplierColumn = Extract<BuildingColumn, Utility>;
export const supplierColumns: readonly SupplierColumn[] = ['cold_water', 'hot_water', 'heating', 'electricity', 'gas'];

/** A building as the import stores it (ids resolved, address and search text made). */
export type BuildingRow = {
  line: number;
  externalId: string;
  districtId: number;
  street: string;
  house: string;
  block: string | null;
  postcode: string | null;
  address: string;
  searchText: string;
  lon: number;
  lat: number;
  managementCompanyId: number | null;
  suppliers: Record<SupplierColumn, number | null>;
  summary: Record<SummaryColumn, string | number | null>;
};

/** The passport's summary columns of `buildings`, by their register column. */
export const summaryColumns = {
  year_built: 'yearBuilt',
  floors: 'floors',
  entrances: 'entrances',
  apartments: 'apartments',
  total_area: 'totalArea',
  wall_material: 'wallMaterial',
  elevators: 'elevatorCount',
  heating_system: 'heatingSystem',
  hot_water_system: 'hotWaterSystem',
  last_overhaul_year: 'lastOverhaulYear',
  wear_percent: 'wearPercent',
} as const satisfies Partial<Record<BuildingColumn, string>>;
export type SummaryColumn = keyof typeof summaryColumns;
const specs = new Map(summaryFields.map((f) => [f.path, f]));

const EXTERNAL_ID = /^[\p{L}\p{N}._:{}-]{1,100}$/u;

/** A number as registers write it: a decimal point or comma, spaces between thousands. */
export function readNumber(text: string): number | null {
  const compact = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(compact)) return null;
  return Number(compact);
}

function text(
  line: RegisterLine,
  column: keyof RegisterLine,
  max: number,
  problems: LineProblem[],
  required = false,
): string | null {
  const value = line[column] ?? null;
  if (value === null) {
    if (required) problems.push({ field: column, reason: { id: 'field.required' } });
    return null;
  }
  if (value.length > max) {
    problems.push({ field: column, reason: { id: 'field.too_long_max', params: { max } } });
    return null;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
    problems.push({ field: column, reason: { id: 'field.control_characters' } });
    return null;
  }
  return value;
}

function externalIdOf(line: RegisterLine, problems: LineProblem[]): string | null {
  const id = line.external_id ?? null;
  if (id === null) problems.push({ field: 'external_id', reason: { id: 'field.required' } });
  else if (!EXTERNAL_ID.test(id)) problems.push({ field: 'external_id', reason: { id: 'import.line.external_id' } });
  else return id;
  return null;
}

function municipalityOf(line: RegisterLine, ref: ImportReference, problems: LineProblem[]): void {
  const code = line.municipality;
  if (code !== undefined && code.toUpperCase() !== ref.municipalityCode.toUpperCase()) {
    problems.push({
      field: 'municipality',
      reason: { id: 'import.line.municipality', params: { code: ref.municipalityCode } },
    });
  }
}

/** A district by its code or its name (Russian or English), in any case. */
export function findDistrict(districts: readonly DistrictRef[], value: string): DistrictRef | null {
  const v = value.trim().toLowerCase().replaceAll('ё', 'е');
  const bare = v.replace(/\s+район$/, '');
  return (
    districts.find((d) => d.code.toLowerCase() === v) ??
    districts.find((d) =>
      [d.nameRu, d.nameEn].some((n) => {
        const name = n.toLowerCase().replaceAll('ё', 'е');
        return name === v || name === bare;
      }),
    ) ??
    null
  );
}

function place(line: RegisterLine, ref: ImportReference, problems: LineProblem[]) {
  const lat = line.lat === undefined ? null : readNumber(line.lat);
  const lon = line.lon === undefined ? null : readNumber(line.lon);
  let ok = true;
  if (lat === null || lat < -90 || lat > 90) {
    problems.push({
      field: 'lat',
      reason: line.lat === undefined ? { id: 'field.required' } : { id: 'field.latitude' },
    });
    ok = false;
  }
  if (lon === null || lon < -180 || lon > 180) {
    problems.push({
      field: 'lon',
      reason: line.lon === undefined ? { id: 'field.required' } : { id: 'field.longitude' },
    });
    ok = false;
  }
  if (!ok || lat === null || lon === null) return null;
  const point: Point = [lon, lat];
  if (!pointInRing(point, ref.boundary)) {
    problems.push({ field: 'lat', reason: { id: 'place.outside_municipality' } });
    return null;
  }
  let districtId: number | null = null;
  if (line.district !== undefined) {
    const district = findDistrict(ref.districts, line.district);
    if (district) districtId = district.id;
    else
      problems.push({
        field: 'district',
        reason: { id: 'import.line.district_unknown', params: { value: line.district } },
      });
  } else {
    districtId = ref.districts.find((d) => pointInRing(point, d.boundary))?.id ?? null;
    if (districtId === null) problems.push({ field: 'district', reason: { id: 'building.outside_districts' } });
  }
  return districtId === null ? null : { lat, lon, districtId };
}

function organisationOf(
  line: RegisterLine,
  column: 'management_company' | SupplierColumn,
  ref: ImportReference,
  problems: LineProblem[],
): number | null {
  const value = line[column];
  if (value === undefined) return null;
  const org = ref.organisations.find(value);
  if (!org) {
    problems.push({ field: column, reason: { id: 'import.line.organisation_unknown', params: { value } } });
    return null;
  }
  if (column === 'management_company') {
    if (org.kind !== 'management_company') {
      problems.push({ field: column, reason: { id: 'building.not_management_company' } });
      return null;
    }
  } else if (org.kind !== 'resource_supplier' && org.kind !== 'management_company') {
    // a management company may run a small town's networks itself (Innopolis does)
    problems.push({ field: column, reason: { id: 'building.not_supplier' } });
    return null;
  }
  return org.id;
}

const wallWords: [RegExp, (typeof wallMaterialCodes)[number]][] = [
  [/^(panel|панел)/, 'panel'],
  [/^(brick|кирпич)/, 'brick'],
  [/^(monolith|монолит)/, 'monolith'],
  [/^(block|блок|блоч)/, 'block'],
  [/^(wood|дерев|брус|бревен|бревн)/, 'wood'],
  [/^(mixed|смешан|комбинир|ин(ые|ой))/, 'mixed'],
];

function summaryValue(spec: FieldSpec, column: SummaryColumn, raw: string): string | number | Message {
  if (column === 'wall_material') {
    const word = raw.trim().toLowerCase();
    return wallWords.find(([re]) => re.test(word))?.[1] ?? { id: 'import.line.wall_material' };
  }
  if (spec.kind === 'int' || spec.kind === 'number') {
    const n = readNumber(column === 'wear_percent' ? raw.replace(/%$/, '') : raw);
    return n === null ? { id: 'field.expected_number' } : n;
  }
  return raw;
}

function summaryOf(line: RegisterLine, now: Date, problems: LineProblem[]): BuildingRow['summary'] {
  const summary = {} as BuildingRow['summary'];
  const built = line.year_built === undefined ? null : readNumber(line.year_built);
  const yearBuilt = built !== null && Number.isInteger(built) ? built : null;
  for (const [column, path] of Object.entries(summaryColumns) as [SummaryColumn, string][]) {
    const raw = line[column];
    summary[column] = null;
    if (raw === undefined) continue;
    const spec = specs.get(path) as FieldSpec;
    const value = summaryValue(spec, column, raw);
    const reason = typeof value === 'object' ? value : checkFieldValue(spec, value, now, yearBuilt);
    if (reason) problems.push({ field: column, reason });
    else summary[column] = value as string | number;
  }
  return summary;
}

/** A line of the buildings' register: the building to store, or the line's problems. */
export function checkBuildingLine(lineNo: number, line: RegisterLine, ref: ImportReference): Checked<BuildingRow> {
  const problems: LineProblem[] = [];
  const externalId = externalIdOf(line, problems);
  municipalityOf(line, ref, problems);
  const street = text(line, 'street', 200, problems, true);
  const house = text(line, 'house', 20, problems, true);
  const block = text(line, 'block', 20, problems);
  const postcode = line.postcode ?? null;
  if (postcode !== null && !/^\d{6}$/.test(postcode))
    problems.push({ field: 'postcode', reason: { id: 'field.postcode' } });
  const at = place(line, ref, problems);
  const managementCompanyId = organisationOf(line, 'management_company', ref, problems);
  const suppliers = {} as BuildingRow['suppliers'];
  for (const column of supplierColumns) suppliers[column] = organisationOf(line, column, ref, problems);
  const summary = summaryOf(line, ref.now, problems);
  if (problems.length > 0 || externalId === null || street === null || house === null || at === null) {
    return { ok: false, problems };
  }
  const address = formatAddress({ street, house, block });
  return {
    ok: true,
    row: {
      line: lineNo,
      externalId,
      districtId: at.districtId,
      street,
      house,
      block,
      postcode,
      address,
      searchText: normaliseAddress(address),
      lon: at.lon,
      lat: at.lat,
      managementCompanyId,
      suppliers,
      summary,
    },
  };
}

export { externalIdOf, municipalityOf, text as textOf };
