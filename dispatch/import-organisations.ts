/**
 * A line of the organisations' register (issue 18): kind, code, names, INN and OGRN with their
 * check digits, the district, public contacts and working hours. Pure.
 */
import { normaliseEmail, normalisePhone } from './contacts.ts';
import {
  type Checked,
  type DistrictRef,
  externalIdOf,
  findDistrict,
  type ImportReference,
  type LineProblem,
  municipalityOf,
  textOf,
} from './import-checks.ts';
import type { RegisterLine } from './imports.ts';
import { type OrganisationKind, organisationKinds } from './taxonomy.ts';

/** As organisations.working_hours stores it (db/schema/types.ts). */
export type WorkingHoursValue = {
  calendar: '24x7' | 'production';
  week: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;
};

export type OrganisationRow = {
  line: number;
  externalId: string;
  kind: OrganisationKind;
  /** Null: the code stays as stored (a new organisation gets one made from its id). */
  code: string | null;
  nameRu: string;
  /** Null: the Russian name stands in (as stored for an update). */
  nameEn: string | null;
  inn: string | null;
  ogrn: string | null;
  districtId: number | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  website: string | null;
  /** Null: the stored hours stay (a new organisation gets office hours). */
  workingHours: WorkingHoursValue | null;
};

/** The hours of an organisation whose register gives none: Mon–Thu 8–17, Fri 8–16, the production calendar. */
export const DEFAULT_WORKING_HOURS: WorkingHoursValue = {
  calendar: 'production',
  week: {
    '1': [['08:00', '17:00']],
    '2': [['08:00', '17:00']],
    '3': [['08:00', '17:00']],
    '4': [['08:00', '17:00']],
    '5': [['08:00', '16:00']],
  },
};

const kindWords: [RegExp, OrganisationKind][] = [
  [/^(ук|управляющая (компания|организация)|тсж|тсн|жск|товарищество собственников)/, 'management_company'],
  [/^(рсо|ресурсоснабжающая|поставщик)/, 'resource_supplier'],
  [/^(подрядчик|подрядная)/, 'contractor'],
  [/^(администрация .*района|районная администрация)/, 'district_administration'],
  [/^(еддс|диспетчерск)/, 'dispatch_centre'],
  [/^(мэрия|исполком|исполнительный комитет)/, 'city_hall'],
  [/^(департамент|управление|комитет)/, 'city_department'],
];

export function readKind(value: string): OrganisationKind | null {
  const v = value.trim().toLowerCase().replaceAll('ё', 'е');
  if ((organisationKinds as readonly string[]).includes(v)) return v as OrganisationKind;
  return kindWords.find(([re]) => re.test(v))?.[1] ?? null;
}

const digitsOf = (s: string) => [...s].map(Number);

/** A Russian taxpayer number (INN) of 10 (a company) or 12 (a person) digits with its check digits. */
export function innValid(inn: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false;
  const d = digitsOf(inn);
  const check = (weights: number[]) => (weights.reduce((sum, w, i) => sum + w * d[i], 0) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
}

/** A state registration number: OGRN (13 digits) or OGRNIP (15), the last a check digit. */
export function ogrnValid(ogrn: string): boolean {
  if (!/^\d{13}$|^\d{15}$/.test(ogrn)) return false;
  const body = BigInt(ogrn.slice(0, -1));
  const modulus = ogrn.length === 13 ? 11n : 13n;
  return Number((body % modulus) % 10n) === Number(ogrn.at(-1));
}

const dayNames: Record<string, number> = {
  пн: 1,
  вт: 2,
  ср: 3,
  чт: 4,
  пт: 5,
  сб: 6,
  вс: 7,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};
const TIME = /(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})/g;

function days(part: string): number[] | null {
  const words = part.toLowerCase().replace(/\./g, '').trim();
  if (words === '') return null;
  const result: number[] = [];
  for (const piece of words.split(/\s+/)) {
    const [a, b] = piece.split(/[-–—]/);
    const from = dayNames[a.slice(0, 3)] ?? dayNames[a.slice(0, 2)];
    const to = b === undefined ? from : (dayNames[b.slice(0, 3)] ?? dayNames[b.slice(0, 2)]);
    if (from === undefined || to === undefined || to < from) return null;
    for (let d = from; d <= to; d++) result.push(d);
  }
  return result;
}

const hhmm = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;

/**
 * Working hours as registers write them: "круглосуточно" / "24x7", or days with intervals
 * ("пн-пт 08:00-17:00; сб 09:00-13:00", "1-5 8:00-12:00 13:00-17:00"), or the stored JSON form.
 */
export function readWorkingHours(value: string): WorkingHoursValue | null {
  const v = value.trim().toLowerCase();
  if (/^(24\s*[x×/х]\s*7|круглосуточно)$/.test(v)) {
    const week: WorkingHoursValue['week'] = {};
    for (const d of ['1', '2', '3', '4', '5', '6', '7'] as const) week[d] = [['00:00', '24:00']];
    return { calendar: '24x7', week };
  }
  if (v.startsWith('{')) return jsonHours(value);
  const week: WorkingHoursValue['week'] = {};
  for (const segment of v.split(/[;\n]|,(?=\s*[^\d\s])/)) {
    if (segment.trim() === '') continue;
    const first = segment.search(/\d{1,2}:\d{2}/);
    if (first < 0) return null;
    const on = days(segment.slice(0, first));
    const spans = [...segment.slice(first).matchAll(TIME)].map(
      (m) => [hhmm(m[1], m[2]), hhmm(m[3], m[4])] as [string, string],
    );
    if (!on || spans.length === 0 || spans.some(([a, b]) => !(a < b) || b > '24:00' || a.slice(3) > '59')) return null;
    for (const d of on) week[String(d) as '1'] = [...(week[String(d) as '1'] ?? []), ...spans];
  }
  return Object.keys(week).length > 0 ? { calendar: 'production', week } : null;
}

function jsonHours(value: string): WorkingHoursValue | null {
  try {
    const parsed = JSON.parse(value) as WorkingHoursValue;
    const okCalendar = parsed.calendar === '24x7' || parsed.calendar === 'production';
    const okWeek =
      typeof parsed.week === 'object' &&
      parsed.week !== null &&
      Object.entries(parsed.week).every(
        ([d, spans]) =>
          /^[1-7]$/.test(d) &&
          Array.isArray(spans) &&
          spans.every(
            (s) => Array.isArray(s) && s.length === 2 && s.every((t) => /^([01]\d|2[0-4]):[0-5]\d$/.test(String(t))),
          ),
      );
    return okCalendar && okWeek ? { calendar: parsed.calendar, week: parsed.week } : null;
  } catch {
    return null;
  }
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function contactsOf(line: RegisterLine, problems: LineProblem[]) {
  let phone = textOf(line, 'phone', 50, problems);
  if (phone !== null && !/^\d{2,6}$/.test(phone)) {
    const parsed = normalisePhone(phone);
    if (!parsed.ok) {
      problems.push({ field: 'phone', reason: parsed.reason });
      phone = null;
    }
  }
  let email = textOf(line, 'email', 254, problems);
  if (email !== null) {
    const parsed = normaliseEmail(email);
    if (parsed.ok) email = parsed.value;
    else {
      problems.push({ field: 'email', reason: parsed.reason });
      email = null;
    }
  }
  let website = textOf(line, 'website', 300, problems);
  if (website !== null) {
    try {
      const url = new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`);
      website = url.toString();
    } catch {
      problems.push({ field: 'website', reason: { id: 'field.website' } });
      website = null;
    }
  }
  return { phone, email, website, address: textOf(line, 'address', 300, problems) };
}

function registryNumbers(line: RegisterLine, problems: LineProblem[]) {
  const inn = line.inn?.replace(/\s/g, '') ?? null;
  const ogrn = line.ogrn?.replace(/\s/g, '') ?? null;
  if (inn !== null && !innValid(inn)) problems.push({ field: 'inn', reason: { id: 'import.line.inn' } });
  if (ogrn !== null && !ogrnValid(ogrn)) problems.push({ field: 'ogrn', reason: { id: 'import.line.ogrn' } });
  return { inn, ogrn };
}

function districtOf(districts: readonly DistrictRef[], line: RegisterLine, problems: LineProblem[]): number | null {
  if (line.district === undefined) return null;
  const district = findDistrict(districts, line.district);
  if (!district) {
    problems.push({
      field: 'district',
      reason: { id: 'import.line.district_unknown', params: { value: line.district } },
    });
  }
  return district?.id ?? null;
}

/** A line of the organisations' register: the organisation to store, or the line's problems. */
export function checkOrganisationLine(
  lineNo: number,
  line: RegisterLine,
  ref: Pick<ImportReference, 'municipalityCode' | 'districts'>,
): Checked<OrganisationRow> {
  const problems: LineProblem[] = [];
  const externalId = externalIdOf(line, problems);
  municipalityOf(line, ref as ImportReference, problems);
  const kind = line.kind === undefined ? null : readKind(line.kind);
  if (kind === null) {
    const reason =
      line.kind === undefined
        ? ({ id: 'field.required' } as const)
        : ({ id: 'import.line.kind', params: { kinds: organisationKinds.join(', ') } } as const);
    problems.push({ field: 'kind', reason });
  }
  const code = line.code ?? null;
  if (code !== null && !CODE.test(code)) problems.push({ field: 'code', reason: { id: 'field.code' } });
  const nameRu = textOf(line, 'name_ru', 300, problems, true);
  const nameEn = textOf(line, 'name_en', 300, problems);
  const numbers = registryNumbers(line, problems);
  const districtId = districtOf(ref.districts, line, problems);
  const contacts = contactsOf(line, problems);
  const workingHours = line.working_hours === undefined ? null : readWorkingHours(line.working_hours);
  if (line.working_hours !== undefined && workingHours === null) {
    problems.push({ field: 'working_hours', reason: { id: 'import.line.working_hours' } });
  }
  if (problems.length > 0 || externalId === null || kind === null || nameRu === null) return { ok: false, problems };
  return {
    ok: true,
    row: { line: lineNo, externalId, kind, code, nameRu, nameEn, ...numbers, districtId, ...contacts, workingHours },
  };
}

/** The code of a new organisation its register gives none: made from its register id. */
export function codeFromExternalId(externalId: string): string {
  const latin = externalId.replace(/[^A-Za-z0-9._-]/g, '');
  if (latin === externalId && latin.length <= 56) return `ext-${latin}`;
  // letters a code cannot hold: a short hash (FNV-1a) keeps two such ids apart
  let hash = 0x811c9dc5;
  for (const ch of externalId) hash = Math.imul(hash ^ (ch.codePointAt(0) as number), 0x01000193) >>> 0;
  return `ext-${latin.slice(0, 40)}${latin ? '-' : ''}${hash.toString(36)}`;
}
