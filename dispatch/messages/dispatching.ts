/**
 * What routing rules, SLA policies and escalation ladders, the appeals map and the city-hall
 * statistics answer with. Residents meet only the map (the public viewport), so its messages have
 * their Tatar text; the rest is read by staff in Russian or English.
 */
import type { Entry } from './index.ts';

export const dispatchingMessages = {
  // ── Fields shared by the admins' forms ──
  'field.above_zero': { ru: 'больше нуля', en: 'above zero' },

  // ── Routing rules ──
  'routing.rule_invalid': { ru: 'Правило не подходит.', en: 'The rule cannot be saved.' },
  'routing.field.category_or_group': { ru: 'категория или группа, не обе', en: 'a category or a group, not both' },
  'routing.field.criterion_required': {
    ru: 'нужен хотя бы один критерий: категория, группа, районы или дома',
    en: 'at least one criterion: category, group, districts or buildings',
  },
  'routing.field.foreign_districts': {
    ru: ({ ids }) => `не районы этого муниципалитета: ${ids}`,
    en: ({ ids }) => `not districts of this municipality: ${ids}`,
  } satisfies Entry<{ ids: string }>,
  'routing.field.foreign_buildings': {
    ru: ({ ids }) => `не дома этого муниципалитета: ${ids}`,
    en: ({ ids }) => `not buildings of this municipality: ${ids}`,
  } satisfies Entry<{ ids: string }>,
  'routing.field.empty_list': {
    ru: 'пустой список ничему не соответствует; null — любой',
    en: 'an empty list matches nothing; null means any',
  },
  'routing.field.priority_range': { ru: 'от −1000 до 1000', en: '−1000 to 1000' },

  // ── SLA policies and escalation ladders ──
  'sla.category_unknown': { ru: 'Нет такой категории.', en: 'Unknown category.' },
  'sla.field.amount_at_most': {
    ru: ({ max, unit }) => `не больше ${max} (${unit})`,
    en: ({ max, unit }) => `at most ${max} ${unit}`,
  } satisfies Entry<{ max: number; unit: string }>,
  'sla.field.time_of_day': { ru: 'время ЧЧ:ММ от 00:00 до 24:00', en: 'a time HH:MM from 00:00 to 24:00' },
  'sla.field.intervals_a_day': {
    ru: ({ max }) => `не больше ${max} интервалов в день`,
    en: ({ max }) => `at most ${max} intervals a day`,
  } satisfies Entry<{ max: number }>,
  'sla.field.end_before_start': { ru: 'конец позже начала', en: 'the end must come after the start' },
  'sla.field.intervals_overlap': {
    ru: 'интервалы по порядку, без пересечений',
    en: 'intervals in order, not overlapping',
  },
  'sla.field.no_working_time': { ru: 'нет рабочего времени', en: 'no working time in the week' },
  'sla.field.time_zone_unknown': { ru: 'неизвестный часовой пояс', en: 'unknown time zone' },
  'sla.field.category_or_all': { ru: '«all» или id категории', en: '"all" or a category id' },
  'sla.field.action_repeated': { ru: 'действия не повторяются', en: 'no action twice' },

  // ── The appeals map ──
  'map.box_too_large': {
    ru: 'Слишком большая область для этого масштаба.',
    en: 'The box is too large for this zoom.',
    tt: 'Бу масштаб өчен мәйдан артык зур.',
  },
  'map.field.box_too_large': {
    ru: ({ zoom, cells, span }) =>
      `на масштабе ${zoom} — не больше ${cells} × ${cells} ячеек (≈ ${span}° по долготе); уменьшите масштаб`,
    en: ({ zoom, cells, span }) =>
      `at zoom ${zoom} at most ${cells} × ${cells} cells (about ${span}° of longitude); zoom out`,
    tt: ({ zoom, cells, span }) =>
      `${zoom} масштабында ${cells} × ${cells} күзәнәктән артык түгел (озынлык буенча ≈ ${span}°); масштабны кечерәйтегез`,
  } satisfies Entry<{ zoom: number; cells: number; span: number }>,
  'map.sla_open_only': {
    ru: 'Карта сроков показывает только открытые обращения.',
    en: 'The SLA view shows open appeals only.',
  },
  'map.field.only_statuses': {
    ru: ({ statuses }) => `только ${statuses}`,
    en: ({ statuses }) => `only ${statuses}`,
  } satisfies Entry<{ statuses: string }>,
  'map.field.zoom': {
    ru: ({ min, max }) => `масштаб: целое число ${min}–${max}`,
    en: ({ min, max }) => `zoom: a whole number ${min}–${max}`,
    tt: ({ min, max }) => `масштаб: ${min}–${max} бөтен сан`,
  } satisfies Entry<{ min: number; max: number }>,
  'map.field.bbox_required': {
    ru: 'обязателен: minLon,minLat,maxLon,maxLat',
    en: 'required: minLon,minLat,maxLon,maxLat',
    tt: 'мәҗбүри: minLon,minLat,maxLon,maxLat',
  },

  // ── Statistics ──
  'stats.period_reversed': { ru: 'Начало периода позже его конца.', en: 'The period starts after it ends.' },
  'stats.period_too_long': {
    ru: ({ days }) => `Период длиннее ${days} дней.`,
    en: ({ days }) => `The period is longer than ${days} days.`,
  } satisfies Entry<{ days: number }>,
  'stats.own_organisation_only': {
    ru: 'Только показатели своей организации.',
    en: 'Only your own organisation’s figures.',
  },
  'stats.field.from_not_after_to': { ru: 'from ≤ to', en: 'from ≤ to' },
  'stats.field.days_at_most': {
    ru: ({ days }) => `не больше ${days} дней`,
    en: ({ days }) => `at most ${days} days`,
  } satisfies Entry<{ days: number }>,
  'stats.field.date': { ru: 'ожидается дата ГГГГ-ММ-ДД', en: 'expected a date YYYY-MM-DD' },
  'stats.field.cell': { ru: 'ожидается 1, 2, 4 или 8', en: 'expected 1, 2, 4 or 8' },
};
