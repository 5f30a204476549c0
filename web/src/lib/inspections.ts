/**
 * Seasonal inspections in the browser: the API calls (typed by the API's OpenAPI document) and the
 * texts of the inspection pages, Russian first, English beside.
 */
import { allOf, type Answer, answer, api, formOf, type Query, type RequestBody, undescribed } from './api.ts';
import { type Language, locales } from './i18n/language.ts';

export type InspectionSummary = Answer<'listInspections'>['items'][number];
export type Inspection = Answer<'getInspection'>;
export type InspectionStatus = Inspection['status'];
export type Season = Inspection['season'];
export type Severity = Inspection['defects'][number]['severity'];
export type Checklist = Answer<'getInspectionChecklist'>;
export type InspectionStats = Answer<'inspectionStats'>;
export type BuildingCondition = Answer<'getBuilding'>['condition'];

export const inspectionStatuses = allOf<InspectionStatus>()(['planned', 'in_progress', 'completed', 'cancelled']);
export const seasons = allOf<Season>()(['spring', 'autumn']);
export const severities = allOf<Severity>()(['minor', 'major', 'critical']);

export const getChecklist = (signal?: AbortSignal) => answer(api.GET('/api/inspections/checklist', { signal }));
export const listInspections = (query: Query<'listInspections'>, signal?: AbortSignal) =>
  answer(api.GET('/api/inspections', { params: { query }, signal }));
export const getInspection = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/inspections/{id}', { params: { path: { id } }, signal }));
export const startInspection = (id: number) =>
  answer(api.POST('/api/inspections/{id}/start', { params: { path: { id } } }));
export const scoreInspection = (id: number, scores: RequestBody<'scoreInspection'>['scores']) =>
  answer(api.PUT('/api/inspections/{id}/scores', { params: { path: { id } }, body: { scores } }));
export const addDefect = (
  id: number,
  input: { element: string; severity: Severity; description: string },
  photos: File[],
) =>
  answer(
    api.POST('/api/inspections/{id}/defects', {
      params: { path: { id } },
      body: undescribed(formOf(input, { photos })),
    }),
  );
export const makeAppeal = (id: number, defectId: number) =>
  answer(api.POST('/api/inspections/{id}/defects/{defectId}/appeal', { params: { path: { id, defectId } }, body: {} }));
export const completeInspection = (id: number, conclusion: string) =>
  answer(
    api.POST('/api/inspections/{id}/complete', { params: { path: { id } }, body: conclusion ? { conclusion } : {} }),
  );
export const cancelInspection = (id: number, reason: string) =>
  answer(api.POST('/api/inspections/{id}/cancel', { params: { path: { id } }, body: { reason } }));
export const planInspections = (body: RequestBody<'planInspections'>) =>
  answer(api.POST('/api/inspections/plan', { body }));
export const inspectionStats = (query: Query<'inspectionStats'>, signal?: AbortSignal) =>
  answer(api.GET('/api/stats/inspections', { params: { query }, signal }));

const ru = {
  nav: 'Осмотры',
  title: 'Сезонные осмотры домов',
  loading: 'Загрузка…',
  error: 'Не удалось загрузить.',
  empty: 'Осмотров нет.',
  signIn: 'Войдите как сотрудник управляющей компании или мэрии.',
  status: { planned: 'Запланирован', in_progress: 'Идёт', completed: 'Завершён', cancelled: 'Отменён' } as Record<
    InspectionStatus,
    string
  >,
  season: { spring: 'весенний', autumn: 'осенний' } as Record<Season, string>,
  seasonTitle: (season: Season, year: number) => `${season === 'spring' ? 'Весенний' : 'Осенний'} осмотр ${year}`,
  severity: { minor: 'Незначительный', major: 'Значительный', critical: 'Критический' } as Record<Severity, string>,
  due: (day: string) => `срок до ${day}`,
  overdue: 'просрочен',
  overdueOnly: 'Только просроченные',
  filterStatus: 'Статус',
  all: 'Все',
  rating: 'Оценка состояния',
  ratingOf: (r: string) => `${r} из 5`,
  progress: (n: number, total: number) => `оценено ${n} из ${total}`,
  defects: (n: number) => `дефектов: ${n}`,
  open: 'Открыть',
  plan: 'Запланировать осмотры',
  planTitle: 'План сезонных осмотров',
  planIntro:
    'Весенний осмотр — до 31 мая, осенний — до 15 сентября, до начала отопительного сезона. Повторное планирование не создаёт дублей.',
  year: 'Год',
  seasonLabel: 'Сезон',
  scope: 'Какие дома',
  scopeAll: 'Все дома муниципалитета',
  scopeOwn: 'Все дома нашей компании',
  scopeOrganisation: 'Дома одной управляющей компании',
  organisation: 'Управляющая компания',
  scopeBuildings: 'Выбранные дома (номера через запятую)',
  buildingIds: 'Номера домов',
  planned: (r: { created: number; existing: number; unmanaged: number; dueOn: string }) =>
    `Создано осмотров: ${r.created}; уже были в плане: ${r.existing}; домов без управляющей компании: ${r.unmanaged}. Срок: ${r.dueOn}`,
  start: 'Начать осмотр',
  notApplicable: 'Нет в доме',
  note: 'Заметка',
  saveScore: 'Сохранено',
  scoreLabel: (element: string) => `Оценка: ${element}`,
  addDefect: 'Добавить дефект',
  element: 'Элемент',
  severityLabel: 'Серьёзность',
  description: 'Описание',
  photo: 'Фото (камера)',
  saveDefect: 'Сохранить дефект',
  defectsTitle: 'Дефекты',
  makeAppeal: 'Создать заявку на работы',
  appealMade: (n: string) => `Заявка ${n} создана и направлена исполнителю.`,
  appealLink: 'Заявка',
  complete: 'Завершить осмотр',
  conclusion: 'Заключение',
  missing: (n: number) => `Не оценено элементов: ${n}`,
  ratingPreview: 'Предварительная оценка',
  completed: (r: string) => `Осмотр завершён. Оценка состояния дома: ${r} из 5.`,
  scaleTitle: 'Что значат оценки',
  back: 'Все осмотры',
  cancel: 'Отменить осмотр',
  cancelReason: 'Причина отмены',
  dashboardTitle: 'Сезонные осмотры',
  dashboardOverdue: (n: number) => `Просрочено осмотров: ${n}`,
  byOrganisation: 'По управляющим компаниям',
  colOrganisation: 'Компания',
  colPlanned: 'В плане',
  colInProgress: 'Идут',
  colCompleted: 'Завершены',
  colOverdue: 'Просрочены',
  seasonsTitle: 'План и выполнение по сезонам',
  colSeason: 'Сезон',
  overdueList: 'Просроченные осмотры',
  conditionTitle: 'Техническое состояние',
  conditionFrom: (season: Season, year: number, day: string) =>
    `по ${season === 'spring' ? 'весеннему' : 'осеннему'} осмотру ${year} г. (${day})`,
  conditionNone: 'Сезонный осмотр ещё не проводился.',
  conditionWord: (r: number): string =>
    r >= 4.5
      ? 'хорошее'
      : r >= 3.5
        ? 'удовлетворительное'
        : r >= 2.5
          ? 'требует ремонта'
          : r >= 1.5
            ? 'неудовлетворительное'
            : 'аварийное',
};
type Texts = typeof ru;

const en: Texts = {
  nav: 'Inspections',
  title: 'Seasonal building inspections',
  loading: 'Loading…',
  error: 'Could not load.',
  empty: 'No inspections.',
  signIn: 'Sign in as management company or city hall staff.',
  status: { planned: 'Planned', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled' },
  season: { spring: 'spring', autumn: 'autumn' },
  seasonTitle: (season, year) => `${season === 'spring' ? 'Spring' : 'Autumn'} inspection ${year}`,
  severity: { minor: 'Minor', major: 'Major', critical: 'Critical' },
  due: (day) => `due by ${day}`,
  overdue: 'overdue',
  overdueOnly: 'Overdue only',
  filterStatus: 'Status',
  all: 'All',
  rating: 'Condition rating',
  ratingOf: (r) => `${r} of 5`,
  progress: (n, total) => `${n} of ${total} scored`,
  defects: (n) => `defects: ${n}`,
  open: 'Open',
  plan: 'Plan inspections',
  planTitle: 'Seasonal inspection plan',
  planIntro:
    'Spring inspections are due by 31 May, autumn ones by 15 September, before the heating season. Planning again creates no duplicates.',
  year: 'Year',
  seasonLabel: 'Season',
  scope: 'Which buildings',
  scopeAll: 'All buildings of the municipality',
  scopeOwn: 'All buildings of our company',
  scopeOrganisation: 'Buildings of one management company',
  organisation: 'Management company',
  scopeBuildings: 'Chosen buildings (ids, comma-separated)',
  buildingIds: 'Building ids',
  planned: (r) =>
    `Inspections created: ${r.created}; already planned: ${r.existing}; buildings without a management company: ${r.unmanaged}. Due: ${r.dueOn}.`,
  start: 'Start the inspection',
  notApplicable: 'Not in this building',
  note: 'Note',
  saveScore: 'Saved',
  scoreLabel: (element) => `Score: ${element}`,
  addDefect: 'Add a defect',
  element: 'Element',
  severityLabel: 'Severity',
  description: 'Description',
  photo: 'Photo (camera)',
  saveDefect: 'Save the defect',
  defectsTitle: 'Defects',
  makeAppeal: 'Make a work appeal',
  appealMade: (n) => `Appeal ${n} was made and sent to be worked.`,
  appealLink: 'Appeal',
  complete: 'Complete the inspection',
  conclusion: 'Conclusion',
  missing: (n) => `Elements not scored: ${n}`,
  ratingPreview: 'Rating so far',
  completed: (r) => `Inspection completed. The building's condition rating: ${r} of 5.`,
  scaleTitle: 'What the scores mean',
  back: 'All inspections',
  cancel: 'Cancel the inspection',
  cancelReason: 'Why it is cancelled',
  dashboardTitle: 'Seasonal inspections',
  dashboardOverdue: (n) => `Overdue inspections: ${n}`,
  byOrganisation: 'By management company',
  colOrganisation: 'Company',
  colPlanned: 'Planned',
  colInProgress: 'In progress',
  colCompleted: 'Completed',
  colOverdue: 'Overdue',
  seasonsTitle: 'Planned and done per season',
  colSeason: 'Season',
  overdueList: 'Overdue inspections',
  conditionTitle: 'Technical condition',
  conditionFrom: (season, year, day) => `from the ${season} ${year} inspection (${day})`,
  conditionNone: 'No seasonal inspection yet.',
  conditionWord: (r) =>
    r >= 4.5 ? 'good' : r >= 3.5 ? 'satisfactory' : r >= 2.5 ? 'needs repair' : r >= 1.5 ? 'poor' : 'emergency',
};

/**
 * In Tatar only the building's condition, which residents see on the building page; the inspection
 * screens are staff-only and fall back to Russian.
 */
const conditionTt: Pick<Texts, 'conditionTitle' | 'conditionFrom' | 'conditionNone' | 'conditionWord' | 'ratingOf'> = {
  ratingOf: (r) => `5 тән ${r}`,
  conditionTitle: 'Техник торышы',
  conditionFrom: (season, year, day) =>
    `${year} елның ${season === 'spring' ? 'язгы' : 'көзге'} карап чыгуы буенча (${day})`,
  conditionNone: 'Сезонлы карап чыгу әле үткәрелмәгән.',
  conditionWord: (r) =>
    r >= 4.5
      ? 'яхшы'
      : r >= 3.5
        ? 'канәгатьләнерлек'
        : r >= 2.5
          ? 'ремонт кирәк'
          : r >= 1.5
            ? 'канәгатьләнерлек түгел'
            : 'авария хәлендә',
};

const texts: Record<Language, Texts> = { ru, en, tt: { ...ru, ...conditionTt } };

/** The inspection pages' texts in a language. */
export function inspectionTexts(lang: Language): Texts {
  return texts[lang];
}

/** A rating with one decimal in the language's style: 3,7 / 3.7. */
export function formatRating(rating: number, lang: Language): string {
  return rating.toLocaleString(locales[lang], {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
}
