/**
 * Form values for the demo applications (db/seed/eservices.ts): what an applicant would type into
 * each field of a service's form, checked against the form before they are written.
 */
import { addDays, type FormField, formProblems, type LocalDate } from '../../dispatch/eservices.ts';
import type { CatalogueService } from './eservices-catalogue.ts';
import type { Random } from './random.ts';

const texts: Record<string, string[]> = {
  planned_object: [
    'Индивидуальный жилой дом в два этажа',
    'Магазин шаговой доступности',
    'Многоквартирный жилой дом с подземной автостоянкой',
    'Склад строительных материалов',
    'Детский сад на 220 мест',
  ],
  object_name: [
    'Жилой дом',
    'Административное здание',
    'Торговый центр «Ягодка»',
    'Многоквартирный жилой дом, 1-я очередь',
    'Склад',
  ],
  sign_text: ['Аптека', 'Пекарня «Кыстыбый»', 'Цветы', 'Стоматология «Елмаю»', 'Продукты 24', 'Чак-чак и сувениры'],
  contractor: ['ООО «Дорстрой-Казань»', 'ООО «ИнжСетьСтрой»', 'ООО «ТатСпецМонтаж»', 'ООО «КазаньГорСвет»'],
  competition: [
    'Первенство г. Казани по лёгкой атлетике',
    'Открытый турнир по шахматам «Казанская осень»',
    'Чемпионат Республики Татарстан по плаванию',
    'Турнир по борьбе на поясах на призы Сабантуя',
    'Первенство г. Казани по волейболу среди юношей',
  ],
  for_whom: ['Нотариус', 'Банк', 'Суд', 'Управление Росреестра по Республике Татарстан'],
};

const descriptions: Record<string, string[]> = {
  redevelopment: [
    'Демонтаж ненесущей перегородки между кухней и комнатой, устройство арочного проёма.',
    'Перенос ванны и унитаза в пределах санузла, объединение ванной и туалета.',
    'Устройство гардеробной за счёт части коридора, перенос дверного проёма.',
  ],
  'unfit-housing': [
    'Трещины в несущих стенах, прогиб перекрытия в комнате, сырость в углах.',
    'Дом 1958 года постройки, деревянные перекрытия сгнили, фундамент просел.',
    'Постоянная плесень на стенах после протечек кровли, грибок в перекрытиях.',
  ],
  'tree-felling': [
    'Тополь наклонён в сторону детской площадки, ствол с дуплом.',
    'Деревья растут в охранной зоне теплотрассы, корни повреждают изоляцию.',
  ],
};

const subjects = [
  'Казанский вертолётный завод, слесарь механосборочных работ, 1986–1994',
  'Завод «Серп и Молот», табельщица',
  'Решение исполкома Вахитовского райсовета о выделении земельного участка под гараж',
  'Договор о передаче квартиры в собственность граждан (приватизации)',
  'Швейная фабрика «Идель», заработная плата за 1990–1995 годы',
];

const people = {
  men: ['Галиев Артур Рустемович', 'Сидоров Максим Андреевич', 'Валиуллин Айнур Ильдарович', 'Кириллов Егор Павлович'],
  women: [
    'Нуриева Амина Маратовна',
    'Смирнова Полина Игоревна',
    'Закирова Камила Айдаровна',
    'Фёдорова Дарья Олеговна',
  ],
};

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A number within the field's bounds that a person would write for it. */
function numberFor(field: FormField, rng: Random): number {
  const ranges: Record<string, [number, number, 'int' | 'one']> = {
    plot_area: [400, 5000, 'int'],
    floors: [1, 9, 'int'],
    total_area: [80, 5000, 'one'],
    height: field.max !== undefined && field.max <= 5 ? [0.5, 1.2, 'one'] : [6, 12, 'one'],
    setback: [3, 10, 'one'],
    premises_area: [30, 120, 'one'],
    months: [1, 6, 'int'],
    sides: [1, 2, 'int'],
    field_area: [6, 36, 'int'],
    width: [1, 6, 'one'],
    lease_years: [3, 49, 'int'],
    added_area: [20, 300, 'int'],
    use_area: [10, 500, 'int'],
    use_months: [3, 36, 'int'],
    family_size: [1, 6, 'int'],
    living_area: [18, 60, 'one'],
    rooms: [1, 4, 'int'],
    participants: [1, 5, 'int'],
    trees: [1, 12, 'int'],
    shrubs: [0, 20, 'int'],
    share: [25, 100, 'int'],
    year_from: [1965, 2005, 'int'],
    work_days: [3, 30, 'int'],
    dig_area: [5, 200, 'int'],
  };
  const min = field.min ?? 0;
  const max = field.max ?? min + 10;
  const [low, high, kind] = ranges[field.key] ?? [min, Math.min(max, min + 10), 'int'];
  const x = kind === 'int' ? rng.int(Math.ceil(low), Math.floor(high)) : round1(rng.float(low, high));
  return Math.min(max, Math.max(min, x));
}

const years = (day: LocalDate, n: number) =>
  `${Number(day.slice(0, 4)) - n}${day.slice(4)}`.replace('-02-29', '-02-28');

/** A date a person would enter for the field, relative to the day of filing. */
function dateFor(key: string, filedOn: LocalDate, rng: Random): LocalDate {
  switch (key) {
    case 'child_birth_date':
      return addDays(years(filedOn, rng.int(1, 5)), -rng.int(0, 300));
    case 'desired_date':
      return addDays(filedOn, rng.int(30, 300));
    case 'applicant_birth_date':
      return addDays(years(filedOn, 16), -rng.int(30, 330));
    case 'partner_birth_date':
      return addDays(years(filedOn, rng.int(18, 24)), -rng.int(0, 330));
    case 'athlete_birth_date':
      return addDays(years(filedOn, rng.int(10, 30)), -rng.int(0, 330));
    case 'start_date':
      return addDays(filedOn, rng.int(7, 30));
    case 'competition_date':
      return addDays(filedOn, -rng.int(5, 50));
    default:
      return addDays(filedOn, -rng.int(0, 365));
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A text a person would type into the field. */
function textFor(service: CatalogueService, field: FormField, filed: LocalDate, address: string, rng: Random): string {
  const year = filed.slice(0, 4);
  switch (field.key) {
    case 'address':
      return address;
    case 'location':
      return `Земли вблизи дома: ${address}`;
    case 'apartment':
      return String(rng.int(1, 240));
    case 'gpzu_number':
      return `РФ-16-2-01-0-00-${Number(year) - rng.int(0, 2)}-${pad(rng.int(1, 4800), 4)}`;
    case 'permit_number':
      return `16-RU16301000-${pad(rng.int(1, 900), 3)}-${Number(year) - rng.int(1, 3)}`;
    case 'notice_number':
      return `${rng.int(10, 999)}/${Number(year) - 1}`;
    case 'lease_number':
      return String(rng.int(1000, 99_999));
    case 'birth_certificate':
      return `${rng.pick(['I', 'II', 'III', 'IV'])}-КБ ${pad(rng.int(0, 999_999), 6)}`;
    case 'child_name':
    case 'athlete_name':
    case 'partner_name':
      return rng.pick(rng.chance(0.5) ? people.men : people.women);
    case 'subject':
      return rng.pick(subjects);
    case 'description':
      return rng.pick(descriptions[service.code] ?? ['Подробности приложены к заявлению.']);
  }
  const samples = texts[field.key];
  if (!samples) throw new Error(`no sample text for ${service.code}.${field.key}`);
  return rng.pick(samples);
}

function valueFor(
  service: CatalogueService,
  field: FormField,
  filed: LocalDate,
  address: string,
  rng: Random,
): unknown {
  switch (field.type) {
    case 'number':
      return numberFor(field, rng);
    case 'date':
      return dateFor(field.key, filed, rng);
    case 'checkbox':
      return field.required ? true : rng.chance(0.5);
    case 'choice':
      // most families have no benefit
      if (field.key === 'benefit' && rng.chance(0.7)) return 'none';
      return rng.pick(field.choices ?? []).value;
    case 'cadastral_number':
      return `16:50:${pad(rng.int(10_101, 350_999), 6)}:${rng.int(1, 9999)}`;
    default:
      return textFor(service, field, filed, address, rng);
  }
}

/**
 * The values of an application filed on `filedOn`: every required field, about half of the optional
 * ones. Throws when they do not pass the form (a catalogue and its sample values must agree).
 */
export function sampleValues(
  service: CatalogueService,
  filedOn: LocalDate,
  address: string,
  rng: Random,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of service.fields) {
    if (!field.required && !rng.chance(0.5)) continue;
    values[field.key] = valueFor(service, field, filedOn, address, rng);
  }
  if (typeof values.year_from === 'number' && service.fields.some((f) => f.key === 'year_to')) {
    values.year_to = Math.min(2030, values.year_from + rng.int(1, 15));
  }
  const problems = formProblems(service.fields, values);
  if (problems.length > 0) throw new Error(`${service.code}: sample values fail the form: ${JSON.stringify(problems)}`);
  return values;
}

/** A valid INN (taxpayer number) of Tatarstan: 10 digits for a company, 12 for an entrepreneur. */
export function innFor(rng: Random, digits: 10 | 12): string {
  const body = [1, 6, ...Array.from({ length: digits === 10 ? 7 : 8 }, () => rng.int(0, 9))];
  const check = (ds: number[], weights: number[]) => (weights.reduce((s, w, i) => s + w * ds[i]!, 0) % 11) % 10;
  if (digits === 10) return [...body, check(body, [2, 4, 10, 3, 5, 9, 4, 6, 8])].join('');
  const eleven = [...body, check(body, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])];
  return [...eleven, check(eleven, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])].join('');
}
