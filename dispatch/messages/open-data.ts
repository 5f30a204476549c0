/**
 * Open data's problems (api/open-data/): a period that cannot be served, a dump that does not exist.
 * Residents download open data too, so each has its Tatar text.
 */
import type { Entry } from './index.ts';

export const openDataMessages = {
  'open_data.field.date': {
    ru: 'ожидается дата ГГГГ-ММ-ДД',
    en: 'expected a date YYYY-MM-DD',
    tt: 'ЕЕЕЕ-АА-КК датасы көтелә',
  },
  'open_data.period_reversed': {
    ru: 'Начало периода позже его конца.',
    en: 'The period starts after it ends.',
    tt: 'Чорның башы ахырыннан соңрак.',
  },
  'open_data.period_too_long': {
    ru: ({ days, max }) =>
      `Период слишком длинный: ${days} дн., можно не больше ${max}. Разбейте его на части или возьмите ежедневные выгрузки.`,
    en: ({ days, max }) => `The period is too long: ${days} days, at most ${max}. Split it, or take the daily dumps.`,
    tt: ({ days, max }) =>
      `Чор артык озын: ${days} көн, ${max} көннән артмаска тиеш. Аны өлешләргә бүлегез яки көндәлек выгрузкаларны алыгыз.`,
  } satisfies Entry<{ days: number; max: number }>,
  'open_data.dump_not_found': {
    ru: 'Такой выгрузки нет: она ещё не сделана или уже удалена (хранятся 30 дней).',
    en: 'No such dump: not made yet, or deleted already (dumps are kept 30 days).',
    tt: 'Мондый выгрузка юк: ул әле ясалмаган яки бетерелгән (30 көн саклана).',
  },
};
