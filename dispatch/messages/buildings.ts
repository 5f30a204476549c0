/**
 * Buildings: outages, seasonal inspections and technical passports. Residents follow outages and
 * read public passports, so what they meet there has its Tatar text; what only the organisations
 * and the city's staff read (publishing an outage, inspecting, keeping a passport) does not.
 */
import type { Entry } from './index.ts';

export const buildingMessages = {
  // ── Outages: what a resident meets following one ──
  'outage.over': { ru: 'Отключение уже завершено.', en: 'The outage is over.', tt: 'Сүндерү тәмамланды инде.' },

  // ── Outages: publishing and changing one (the organisation, the dispatcher) ──
  'outage.own_organisation_only': {
    ru: 'Публиковать можно только от своей организации.',
    en: 'You publish for your own organisation only.',
  },
  'outage.not_your_organisation': { ru: 'не ваша организация', en: 'not your organisation' },
  'outage.name_organisation': {
    ru: 'Укажите организацию, от имени которой публикуется отключение.',
    en: 'Name the publishing organisation.',
  },
  'outage.no_such_organisation': {
    ru: 'нет такой организации в муниципалитете',
    en: 'no such organisation in the municipality',
  },
  'outage.invalid_area': { ru: 'Неверная область отключения.', en: 'Invalid outage area.' },
  'outage.unknown_buildings': { ru: 'Нет таких домов в муниципалитете.', en: 'Unknown buildings.' },
  'outage.unknown_buildings.reason': {
    ru: ({ ids }) => `нет таких домов: ${ids}`,
    en: ({ ids }) => `no such buildings: ${ids}`,
  } satisfies Entry<{ ids: string }>,
  'outage.not_served': {
    ru: 'Организация не обслуживает эти дома по этой услуге.',
    en: 'The organisation does not serve these buildings for this service.',
  },
  'outage.not_served.reason': {
    ru: ({ buildings }) => `не обслуживаются: ${buildings}`,
    en: ({ buildings }) => `not served: ${buildings}`,
  } satisfies Entry<{ buildings: string }>,
  'outage.none_served': {
    ru: 'Нет домов, которые обслуживает организация.',
    en: 'None of these buildings is served by the organisation.',
  },
  'outage.none_served.reason': { ru: 'нет обслуживаемых домов', en: 'no served buildings' },
  'outage.overlaps': {
    ru: ({ outageId, address }) => `Пересекается с отключением №${outageId} той же услуги (${address}): измените его.`,
    en: ({ outageId, address }) =>
      `Overlaps outage ${outageId} of the same service (${address}): change that one instead.`,
  } satisfies Entry<{ outageId: number; address: string }>,
  'outage.overlaps.reason': {
    ru: ({ outageId }) => `уже отключено отключением ${outageId}`,
    en: ({ outageId }) => `already in outage ${outageId}`,
  } satisfies Entry<{ outageId: number }>,
  'outage.overlaps_another': {
    ru: 'Пересекается с другим отключением той же услуги.',
    en: 'Overlaps another outage of the same service.',
  },
  'outage.overlap': { ru: 'пересечение', en: 'overlap' },
  'outage.invalid_times': { ru: 'Неверные сроки отключения.', en: 'Invalid outage times.' },
  'outage.invalid_end': { ru: 'Неверный срок окончания.', en: 'Invalid expected end.' },
  'outage.changed_meanwhile': {
    ru: 'Отключение уже изменили: обновите страницу.',
    en: 'The outage was changed meanwhile: reload it.',
  },
  'outage.already_over': {
    ru: ({ status }) => `Отключение уже ${status === 'restored' ? 'завершено' : 'отменено'}.`,
    en: ({ status }) => `The outage is already ${status}.`,
  } satisfies Entry<{ status: string }>,
  'outage.nothing_to_change': { ru: 'Нечего менять.', en: 'Nothing to change.' },
  'outage.no_changes': { ru: 'нет изменений', en: 'no changes' },
  'outage.restored_in_future': {
    ru: 'Восстановление не может быть в будущем.',
    en: 'Restoration cannot be in the future.',
  },
  'outage.later_than_now': { ru: 'позже текущего времени', en: 'later than now' },
  'outage.not_begun': {
    ru: 'Отключение ещё не началось: отмените его.',
    en: 'The outage has not begun: cancel it instead.',
  },
  'outage.before_start': { ru: 'раньше начала отключения', en: 'before the outage began' },
  // Reasons beside the fields of a new or changed outage.
  'outage.end_before_start': {
    ru: 'окончание должно быть позже начала',
    en: 'the end must come after the start',
  },
  'outage.too_short': { ru: 'отключение короче 15 минут', en: 'an outage of less than 15 minutes' },
  'outage.too_long': { ru: 'отключение дольше 31 дня', en: 'an outage longer than 31 days' },
  'outage.emergency_too_old': {
    ru: 'аварийное отключение началось больше 7 дней назад',
    en: 'an emergency that began more than 7 days ago',
  },
  'outage.planned_ahead': {
    ru: 'плановое отключение публикуется заранее (начало не раньше чем час назад)',
    en: 'a planned outage is announced ahead (start at most an hour ago)',
  },
  'outage.too_far_ahead': { ru: 'начало больше чем через полгода', en: 'a start more than half a year ahead' },
  'outage.end_passed': { ru: 'окончание уже прошло', en: 'the expected end has already passed' },
  'outage.end_passed_restore': {
    ru: 'окончание уже прошло: отметьте восстановление',
    en: 'the end has passed: mark it restored instead',
  },
  'outage.area_too_few': { ru: 'нужно не меньше трёх точек', en: 'at least three corners are needed' },
  'outage.area_too_many': {
    ru: ({ max }) => `не больше ${max} точек`,
    en: ({ max }) => `at most ${max} corners`,
  } satisfies Entry<{ max: number }>,
  'outage.area_out_of_range': { ru: 'координаты вне диапазона', en: 'coordinates out of range' },
  'outage.area_crosses': { ru: 'контур пересекает сам себя', en: 'the outline crosses itself' },
  'outage.area_outside': {
    ru: 'область выходит за границу муниципалитета',
    en: 'the area leaves the municipality',
  },
  // zod's messages of the outage forms.
  'outage.field.date_time': {
    ru: 'ожидается дата и время ISO 8601',
    en: 'expected an ISO 8601 date-time',
  },
  'outage.field.choose_building': { ru: 'выберите хотя бы один дом', en: 'choose at least one building' },
  'outage.field.three_corners': { ru: 'нужно не меньше трёх точек', en: 'at least three corners' },
  'outage.field.one_way': {
    ru: 'укажите дома одним способом: buildingIds, area или districtId',
    en: 'choose buildings one way: buildingIds, area or districtId',
  },
  'outage.field.reason': { ru: 'укажите причину', en: 'give the reason' },
  // ── Inspections (the companies and the city's staff) ──
  'inspection.step_not_allowed': {
    ru: ({ step, status }) => `Шаг «${step}» недоступен в статусе «${status}».`,
    en: ({ step, status }) => `Step "${step}" is not allowed in status "${status}".`,
  } satisfies Entry<{ step: string; status: string }>,
  'inspection.scores_refused': { ru: 'Оценки не приняты.', en: 'The scores were not accepted.' },
  'inspection.element_twice': { ru: 'элемент повторяется', en: 'the element appears twice' },
  'inspection.not_all_scored': {
    ru: 'Осмотр нельзя завершить: оценены не все элементы.',
    en: 'Not every element is scored.',
  },
  'inspection.not_scored': { ru: 'не оценено', en: 'not scored' },
  'inspection.score_required': {
    ru: 'элемент есть в каждом доме: нужна оценка',
    en: 'every building has it: a score is required',
  },
  'inspection.nothing_scored': { ru: 'нет ни одной оценки', en: 'nothing was scored' },
  'inspection.no_such_element': { ru: 'нет такого элемента в перечне', en: 'no such checklist element' },
  'inspection.not_applicable_refused': {
    ru: 'элемент есть в каждом доме: «не применимо» нельзя',
    en: 'every building has it: it cannot be "not applicable"',
  },
  'inspection.score_range': { ru: 'оценка от 1 до 5', en: 'a score from 1 to 5' },
  'inspection.appeal_already_made': {
    ru: 'По этому дефекту заявка уже создана.',
    en: 'A work appeal was already made of this defect.',
  },
  'inspection.no_fitting_category': {
    ru: 'Нет подходящей категории для заявки.',
    en: 'No fitting category for the appeal.',
  },
  'inspection.no_such_category': { ru: 'нет такой категории для дома', en: 'no such building category' },
  'inspection.no_housing_categories': {
    ru: 'в муниципалитете нет категорий ЖКХ',
    en: 'the municipality has no housing categories',
  },
  'inspection.appeal_refused': { ru: 'Заявку нельзя создать.', en: 'The appeal cannot be made.' },
  'inspection.own_buildings_only': {
    ru: 'Можно планировать только дома своей организации.',
    en: 'Only your company’s buildings.',
  },
  'inspection.plan_year': {
    ru: 'Планировать можно прошлый, текущий или следующий год.',
    en: 'Plan last, this or next year.',
  },
  'inspection.years': {
    ru: ({ from, to }) => `${from}–${to}`,
    en: ({ from, to }) => `${from}–${to}`,
  } satisfies Entry<{ from: number; to: number }>,
  'inspection.due_outside_year': {
    ru: 'Срок вне года осмотра.',
    en: 'The due date is outside the inspection year.',
  },
  'inspection.within_year': {
    ru: ({ year }) => `в ${year} году`,
    en: ({ year }) => `within ${year}`,
  } satisfies Entry<{ year: number }>,
  'inspection.buildings_refused': {
    ru: 'Некоторые дома нельзя включить в план.',
    en: 'Some buildings cannot be planned.',
  },
  'inspection.not_your_building': { ru: 'нет такого дома у вашей организации', en: 'not a building of your company' },
  'inspection.no_such_building': { ru: 'нет такого дома', en: 'no such building' },
  'inspection.field.whole_score': { ru: 'оценка — целое 1–5', en: 'a whole score 1–5' },
  'inspection.field.score': { ru: 'оценка 1–5', en: 'score 1–5' },
  'inspection.field.element': { ru: 'нет такого элемента перечня', en: 'no such checklist element' },
  'inspection.field.severity': { ru: 'minor, major или critical', en: 'minor, major or critical' },
  'inspection.field.description': {
    ru: 'опишите дефект (не короче 5 символов)',
    en: 'describe the defect (at least 5 characters)',
  },
  'inspection.field.date': { ru: 'ожидается дата ГГГГ-ММ-ДД', en: 'expected a date YYYY-MM-DD' },
  'inspection.field.reason': { ru: 'укажите причину', en: 'give a reason' },
};
