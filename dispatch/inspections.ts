/**
 * Seasonal inspections of apartment buildings: the city's one checklist, what a condition score
 * means, the building's rating from the scores, the seasons and their due dates, and which steps an
 * inspection may take. Pure: time and time zone are arguments.
 */
import type { Message } from './messages/index.ts';

export const checklistElementCodes = [
  'roof',
  'facade',
  'entrances',
  'basement',
  'heating',
  'water_supply',
  'sewerage',
  'electricity',
  'gas',
  'elevators',
  'yard',
] as const;
export type ChecklistElementCode = (typeof checklistElementCodes)[number];

export type ChecklistElement = {
  code: ChecklistElementCode;
  group: 'structure' | 'engineering' | 'elevators' | 'yard';
  nameRu: string;
  nameEn: string;
  /** What the inspector looks at. */
  checkRu: string;
  checkEn: string;
  /**
   * Its share in the rating. Load-bearing and life-safety elements weigh most (roof, basement:
   * foundations and water ingress; heating and gas: the heating season and explosion risk); the
   * yard least.
   */
  weight: number;
  /** May be "not applicable" (no gas, no elevators in a five-storey building). */
  optional: boolean;
  /** Housing categories (codes) a defect of this element becomes a work appeal in, best first. */
  appealCategories: readonly string[];
};

/** The city's one checklist, in the order the inspector walks the building: top to bottom, then out. */
export const checklist: readonly ChecklistElement[] = [
  {
    code: 'roof',
    group: 'structure',
    nameRu: 'Кровля',
    nameEn: 'Roof',
    checkRu: 'Покрытие, водостоки, парапеты, чердак, следы протечек',
    checkEn: 'Covering, gutters, parapets, attic, signs of leaks',
    weight: 2,
    optional: false,
    appealCategories: ['roof_leak', 'roof_icicles'],
  },
  {
    code: 'facade',
    group: 'structure',
    nameRu: 'Фасад',
    nameEn: 'Facade',
    checkRu: 'Стены, швы, балконы, козырьки, отмостка',
    checkEn: 'Walls, joints, balconies, canopies, blind area',
    weight: 1.5,
    optional: false,
    appealCategories: ['facade'],
  },
  {
    code: 'entrances',
    group: 'structure',
    nameRu: 'Подъезды',
    nameEn: 'Entrances',
    checkRu: 'Двери, окна, лестницы, освещение, отделка',
    checkEn: 'Doors, windows, stairs, lighting, finishes',
    weight: 1,
    optional: false,
    appealCategories: ['entrance_door', 'stairwell_windows', 'stairwell_light'],
  },
  {
    code: 'basement',
    group: 'structure',
    nameRu: 'Подвал и фундамент',
    nameEn: 'Basement and foundations',
    checkRu: 'Сырость, подтопление, трещины, продухи, грызуны',
    checkEn: 'Damp, flooding, cracks, vents, rodents',
    weight: 1.5,
    optional: false,
    appealCategories: ['basement_flooded', 'pests'],
  },
  {
    code: 'heating',
    group: 'engineering',
    nameRu: 'Отопление',
    nameEn: 'Heating',
    checkRu: 'Тепловой узел, стояки, изоляция, запорная арматура, промывка и опрессовка',
    checkEn: 'Heat substation, risers, insulation, valves, flushing and pressure test',
    weight: 2,
    optional: false,
    appealCategories: ['flat_flooding'],
  },
  {
    code: 'water_supply',
    group: 'engineering',
    nameRu: 'Водоснабжение',
    nameEn: 'Water supply',
    checkRu: 'Вводы, стояки холодной и горячей воды, арматура, протечки',
    checkEn: 'Inlets, cold and hot water risers, valves, leaks',
    weight: 1.5,
    optional: false,
    appealCategories: ['flat_flooding'],
  },
  {
    code: 'sewerage',
    group: 'engineering',
    nameRu: 'Канализация',
    nameEn: 'Sewerage',
    checkRu: 'Лежаки, стояки, выпуски, прочистки',
    checkEn: 'Horizontal mains, stacks, outlets, cleanouts',
    weight: 1.5,
    optional: false,
    appealCategories: ['sewer_blockage'],
  },
  {
    code: 'electricity',
    group: 'engineering',
    nameRu: 'Электроснабжение',
    nameEn: 'Electricity',
    checkRu: 'Вводно-распределительное устройство, щиты, проводка, заземление',
    checkEn: 'Main switchboard, panels, wiring, earthing',
    weight: 1.5,
    optional: false,
    appealCategories: ['stairwell_light', 'wiring_sparks'],
  },
  {
    code: 'gas',
    group: 'engineering',
    nameRu: 'Газоснабжение',
    nameEn: 'Gas',
    checkRu: 'Внутридомовое газовое оборудование, вентиляция и дымоходы',
    checkEn: 'In-building gas equipment, ventilation and flues',
    weight: 2,
    optional: true,
    appealCategories: ['gas_smell'],
  },
  {
    code: 'elevators',
    group: 'elevators',
    nameRu: 'Лифты',
    nameEn: 'Elevators',
    checkRu: 'Кабины, двери шахт, машинное помещение, срок службы',
    checkEn: 'Cars, landing doors, machine room, service life',
    weight: 1.5,
    optional: true,
    appealCategories: ['lift_broken'],
  },
  {
    code: 'yard',
    group: 'yard',
    nameRu: 'Придомовая территория',
    nameEn: 'Yard',
    checkRu: 'Покрытие, водоотвод, площадки, освещение, контейнеры',
    checkEn: 'Paving, drainage, playgrounds, lighting, bins',
    weight: 0.5,
    optional: false,
    appealCategories: ['yard_dirty'],
  },
];

const byCode = new Map(checklist.map((e) => [e.code, e]));

/** The checklist element with this code, or null for an unknown one. */
export function checklistElement(code: string): ChecklistElement | null {
  return byCode.get(code as ChecklistElementCode) ?? null;
}

/** What each condition score means, for every element (after the technical-condition grades of housing rules). */
export const scoreScale: readonly {
  score: 1 | 2 | 3 | 4 | 5;
  nameRu: string;
  nameEn: string;
  meaningRu: string;
  meaningEn: string;
}[] = [
  {
    score: 5,
    nameRu: 'Исправное',
    nameEn: 'Good',
    meaningRu: 'Дефектов нет, работы не нужны',
    meaningEn: 'No defects, no work needed',
  },
  {
    score: 4,
    nameRu: 'Удовлетворительное',
    nameEn: 'Satisfactory',
    meaningRu: 'Мелкие дефекты, устраняются при текущем обслуживании',
    meaningEn: 'Minor defects, fixed in routine maintenance',
  },
  {
    score: 3,
    nameRu: 'Требует текущего ремонта',
    nameEn: 'Needs repair',
    meaningRu: 'Работает, но нужен текущий ремонт в этом сезоне',
    meaningEn: 'Works, but needs a routine repair this season',
  },
  {
    score: 2,
    nameRu: 'Неудовлетворительное',
    nameEn: 'Poor',
    meaningRu: 'Значительный износ, нужен капитальный ремонт',
    meaningEn: 'Heavy wear, needs a major overhaul',
  },
  {
    score: 1,
    nameRu: 'Аварийное',
    nameEn: 'Emergency',
    meaningRu: 'Угроза жизни или отказу системы, нужны срочные меры',
    meaningEn: 'Danger to life or of failure, urgent action needed',
  },
];

/** Scores of one inspection: element → 1…5, or null for "not applicable". A missing element is unscored. */
export type Scores = Partial<Record<string, number | null>>;

// Any element in emergency condition (1) keeps the whole building at most "poor" (2.0): a sound
// facade must not average away a failing roof.
export const EMERGENCY_CAP = 2;

/**
 * The building's condition rating from the element scores: the weighted mean of the applicable
 * scores (weights from the checklist), capped at 2.0 when any element scores 1, rounded to one
 * decimal. Null when nothing applicable was scored.
 */
export function conditionRating(scores: Scores): number | null {
  let sum = 0;
  let weights = 0;
  let emergency = false;
  for (const element of checklist) {
    const score = scores[element.code];
    if (score === null || score === undefined) continue;
    sum += score * element.weight;
    weights += element.weight;
    if (score === 1) emergency = true;
  }
  if (weights === 0) return null;
  const mean = sum / weights;
  const capped = emergency ? Math.min(mean, EMERGENCY_CAP) : mean;
  // Round on tenths in integers, so 3.25 → 3.3 without floating-point surprises.
  return Math.round(Math.round(capped * 1000) / 100) / 10;
}

export type ScoreProblem = { element: string; reason: Message };

/** What stops completion: elements not scored (or marked not applicable where that is not allowed). */
export function completionProblems(scores: Scores): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  for (const element of checklist) {
    const score = scores[element.code];
    if (score === undefined) problems.push({ element: element.code, reason: { id: 'inspection.not_scored' } });
    else if (score === null && !element.optional)
      problems.push({
        element: element.code,
        reason: { id: 'inspection.score_required' },
      });
  }
  if (problems.length === 0 && conditionRating(scores) === null)
    problems.push({ element: 'scores', reason: { id: 'inspection.nothing_scored' } });
  return problems;
}

/** Why a score for this element cannot be recorded, or null when it can. */
export function scoreProblem(element: string, score: number | null): Message | null {
  const known = checklistElement(element);
  if (!known) return { id: 'inspection.no_such_element' };
  if (score === null) return known.optional ? null : { id: 'inspection.not_applicable_refused' };
  if (!Number.isInteger(score) || score < 1 || score > 5) return { id: 'inspection.score_range' };
  return null;
}

export const inspectionSeasons = ['spring', 'autumn'] as const;
export type InspectionSeason = (typeof inspectionSeasons)[number];

/**
 * The last day of a season's inspection: spring by 31 May (after the snow, before summer works),
 * autumn by 15 September (before the heating season), per the housing-stock operation rules.
 */
export function seasonDueOn(year: number, season: InspectionSeason): string {
  return season === 'spring' ? `${year}-05-31` : `${year}-09-15`;
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The season to plan next: the current one until its due date has passed, then the following one. */
export function upcomingSeason(now: Date, timeZone: string): { year: number; season: InspectionSeason } {
  const today = localDay(now, timeZone);
  const year = Number(today.slice(0, 4));
  if (today <= seasonDueOn(year, 'spring')) return { year, season: 'spring' };
  if (today <= seasonDueOn(year, 'autumn')) return { year, season: 'autumn' };
  return { year: year + 1, season: 'spring' };
}

export type InspectionStatus = 'planned' | 'in_progress' | 'completed' | 'cancelled';
const OPEN: readonly InspectionStatus[] = ['planned', 'in_progress'];

/** Overdue: still open after its due day (in the municipality's time zone). */
export function isOverdue(
  inspection: { status: InspectionStatus; dueOn: string },
  now: Date,
  timeZone: string,
): boolean {
  return OPEN.includes(inspection.status) && localDay(now, timeZone) > inspection.dueOn;
}

export const inspectionSteps = ['start', 'score', 'add_defect', 'make_appeal', 'complete', 'cancel'] as const;
export type InspectionStep = (typeof inspectionSteps)[number];

// Scores and defects are taken while the inspector is on site; a defect may become a work appeal
// on site or afterwards, once the report is done.
const stepFrom: Record<InspectionStep, readonly InspectionStatus[]> = {
  start: ['planned'],
  score: ['in_progress'],
  add_defect: ['in_progress'],
  make_appeal: ['in_progress', 'completed'],
  complete: ['in_progress'],
  cancel: ['planned', 'in_progress'],
};

/** May an inspection in this status take this step? */
export function stepAllowed(status: InspectionStatus, step: InspectionStep): boolean {
  return stepFrom[step].includes(status);
}

/** The steps an inspection in this status may take. */
export function allowedSteps(status: InspectionStatus): InspectionStep[] {
  return inspectionSteps.filter((s) => stepAllowed(status, s));
}

export const defectSeverities = ['minor', 'major', 'critical'] as const;
export type DefectSeverity = (typeof defectSeverities)[number];

/**
 * The priority of a work appeal made from a defect. A critical defect is urgent but not an
 * emergency call: a danger to life is reported to the emergency line on the spot.
 */
export function defectPriority(severity: DefectSeverity): 'high' | 'normal' | 'low' {
  return severity === 'critical' ? 'high' : severity === 'major' ? 'normal' : 'low';
}

/** The category a defect's work appeal goes to: the element's preferred one the municipality has, else a fallback. */
export function defectCategory<C extends { id: number; code: string }>(
  element: string,
  available: readonly C[],
  fallback: C | null,
): C | null {
  const preferred = checklistElement(element)?.appealCategories ?? [];
  for (const code of preferred) {
    const found = available.find((c) => c.code === code);
    if (found) return found;
  }
  return fallback;
}
