/**
 * The texts of the project office's page of municipal e-services (/eservices/office), in Russian and
 * English; staff read it, so Tatar falls back to Russian as the staff sections of the main catalogues do.
 */
import type { Language } from './language.ts';

const ru = {
  title: 'Проектный офис: муниципальные услуги',
  intro:
    'Заявления по услугам и подразделениям за период: сколько подано и какая доля онлайн, сколько рассмотрено и в срок, сколько в работе и просрочено сейчас, сколько дней занимает рассмотрение и какой этап съедает срок.',
  from: 'С',
  to: 'По',
  department: 'Подразделение',
  allDepartments: 'Все подразделения',
  show: 'Показать',
  period: (p: string) => `Период: ${p}`,
  loading: 'Загружаем показатели…',
  error: 'Не удалось загрузить показатели.',
  empty: 'Нет данных за период.',
  csv: 'Скачать CSV',
  received: 'Подано',
  onlineShare: 'Доля онлайн',
  finished: 'Рассмотрено',
  withinTermShare: 'В срок',
  openNow: 'В работе',
  overdueNow: 'Просрочено сейчас',
  medianDays: 'Медиана, раб. дн.',
  p90Days: '90-й процентиль, раб. дн.',
  medianCalendar: 'Медиана, календ. дн.',
  term: 'Срок',
  termUnits: { working_days: 'раб. дн.', calendar_days: 'календ. дн.' } as Record<string, string>,
  services: 'По услугам',
  service: 'Услуга',
  departments: 'По подразделениям',
  stages: 'Время по этапам',
  stagesNote:
    'Заявления, рассмотренные в периоде: сколько рабочих дней они провели на каждом этапе (медиана и 90-й процентиль) против срока этапа. Красным — этапы, где медиана выше срока.',
  stage: 'Этап',
  stageTerm: 'Срок этапа, раб. дн.',
  throughStage: 'Прошли этап',
  overStageTerm: 'Дольше срока',
  allServices: 'Все услуги',
  chartHead: 'Медиана, 90-й процентиль и срок (черта)',
  chartLabel: (name: string, median: string, term: string) => `${name}: медиана ${median}, срок ${term}`,
  signIn: 'Войдите, чтобы увидеть показатели.',
};

const en: typeof ru = {
  title: 'Project office: municipal e-services',
  intro:
    'Applications per service and department over a period: how many were submitted and the online share, how many were decided and on time, how many are open and overdue now, how many days a decision takes and which stage eats the term.',
  from: 'From',
  to: 'To',
  department: 'Department',
  allDepartments: 'All departments',
  show: 'Show',
  period: (p: string) => `Period: ${p}`,
  loading: 'Loading the figures…',
  error: 'Could not load the figures.',
  empty: 'Nothing in the period.',
  csv: 'Download CSV',
  received: 'Received',
  onlineShare: 'Online share',
  finished: 'Decided',
  withinTermShare: 'Within the term',
  openNow: 'Open',
  overdueNow: 'Overdue now',
  medianDays: 'Median, working days',
  p90Days: '90th percentile, working days',
  medianCalendar: 'Median, calendar days',
  term: 'Term',
  termUnits: { working_days: 'working days', calendar_days: 'calendar days' },
  services: 'Per service',
  service: 'Service',
  departments: 'Per department',
  stages: 'Time per stage',
  stagesNote:
    'Applications decided in the period: the working days they spent in each stage (median and 90th percentile) against the stage’s term. In red, the stages whose median is over their term.',
  stage: 'Stage',
  stageTerm: 'Stage term, working days',
  throughStage: 'Went through',
  overStageTerm: 'Over the term',
  allServices: 'All services',
  chartHead: 'Median, 90th percentile and the term (line)',
  chartLabel: (name: string, median: string, term: string) => `${name}: median ${median}, term ${term}`,
  signIn: 'Sign in to see the figures.',
};

export const eserviceStatsTexts: Record<Language, typeof ru> = { ru, en, tt: ru };
