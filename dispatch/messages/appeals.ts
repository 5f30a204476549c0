/**
 * What appeals, the dispatcher's board and an organisation's queue answer with: problems
 * (`detail`), the reasons beside a field, and the lifecycle's refusals. Residents file, read,
 * follow, confirm, dispute and rate appeals, so those messages have their Tatar text; the staff's
 * (reassigning, merging, triage, queues) are in Russian and English.
 */
import type { Entry } from './index.ts';

export const appealMessages = {
  // ── Filing and reading ──
  'appeal.category_unknown': { ru: 'Нет такой категории.', en: 'Unknown category.', tt: 'Мондый тема юк.' },
  'appeal.building_unknown': { ru: 'Нет такого дома.', en: 'Unknown building.', tt: 'Мондый йорт юк.' },
  'appeal.not_acceptable': {
    ru: 'Обращение нельзя принять в таком виде.',
    en: 'The appeal cannot be accepted as it is.',
    tt: 'Мөрәҗәгатьне мондый рәвештә кабул итеп булмый.',
  },
  'appeal.idempotency_key_reused': {
    ru: 'Ключ Idempotency-Key уже использован для другого обращения.',
    en: 'The Idempotency-Key was used for a different request.',
    tt: 'Idempotency-Key ачкычы башка мөрәҗәгать өчен кулланылган инде.',
  },
  'appeal.cursor_invalid': { ru: 'Неверный курсор.', en: 'Invalid cursor.', tt: 'Курсор дөрес түгел.' },
  'appeal.action_body_required': {
    ru: 'Нужно тело запроса с действием.',
    en: 'A body naming the action is required.',
    tt: 'Гамәлне атаучы сорау кирәк.',
  },
  'appeal.photos_not_allowed': {
    ru: 'Фото к этому действию не прикладываются.',
    en: 'Photos do not go with this action.',
    tt: 'Бу гамәлгә фото беркетелми.',
  },
  'appeal.organisation_unknown': { ru: 'Нет такой организации.', en: 'Unknown organisation.' },
  'appeal.category_inactive': {
    ru: 'Эта тема больше не используется.',
    en: 'The category is no longer in use.',
    tt: 'Бу тема инде кулланылмый.',
  },
  'appeal.target_unknown': { ru: 'Нет такого обращения.', en: 'Unknown appeal.' },
  'appeal.target_closed': {
    ru: 'Основное обращение само закрыто как дубликат или отозвано.',
    en: 'The target appeal is itself a duplicate or cancelled.',
  },

  // ── Reasons beside a field ──
  'field.no_such_category': { ru: 'нет такой категории', en: 'no such category', tt: 'мондый тема юк' },
  'field.no_such_building': { ru: 'нет такого дома', en: 'no such building', tt: 'мондый йорт юк' },
  'field.no_such_category_here': {
    ru: 'нет такой категории в этом муниципалитете',
    en: 'no such category here',
    tt: 'бу муниципалитетта мондый тема юк',
  },
  'field.no_such_organisation_here': {
    ru: 'нет такой организации в этом муниципалитете',
    en: 'no such organisation here',
  },
  'field.no_such_appeal_here': { ru: 'нет такого обращения в этом муниципалитете', en: 'no such appeal here' },
  'field.not_your_organisation': { ru: 'не ваша организация', en: 'not your organisation' },
  'appeal.field.idempotency_key_taken': {
    ru: 'ключ занят другим запросом',
    en: 'key already used for another request',
    tt: 'ачкыч башка сорау белән кулланылган',
  },
  'appeal.field.idempotency_key_format': {
    ru: '1–200 печатных ASCII-символов',
    en: '1–200 printable ASCII characters',
    tt: '1–200 басма ASCII-символ',
  },
  'appeal.field.description_too_short': {
    ru: 'опишите проблему (не короче 5 символов)',
    en: 'describe the problem (at least 5 characters)',
    tt: 'проблеманы тасвирлагыз (кимендә 5 символ)',
  },
  'appeal.field.both_coordinates': {
    ru: 'нужны и lat, и lon',
    en: 'give both lat and lon',
    tt: 'lat та, lon да кирәк',
  },
  'appeal.field.building_or_point': {
    ru: 'укажите дом или точку',
    en: 'give a building or a point',
    tt: 'йортны яки ноктаны күрсәтегез',
  },
  'appeal.field.number_or_id_example': {
    ru: 'номер обращения (KZN-2026-000123) или id',
    en: 'an appeal number or id',
    tt: 'мөрәҗәгать номеры (KZN-2026-000123) яки id',
  },
  'appeal.field.number_or_id': {
    ru: 'номер обращения или id',
    en: 'an appeal number or id',
    tt: 'мөрәҗәгать номеры яки id',
  },
  'appeal.field.rating': { ru: 'оценка 1–5', en: 'rating 1–5', tt: 'бәя 1–5' },
  'appeal.field.cursor_foreign': {
    ru: 'не из ответа API',
    en: 'not from an API response',
    tt: 'API җавабыннан түгел',
  },
  'appeal.field.photos_go_with': {
    ru: ({ actions }) => `фото можно приложить к: ${actions} (публично)`,
    en: ({ actions }) => `photos go with: ${actions} (public)`,
    tt: ({ actions }) => `фотоны түбәндәгеләргә беркетеп була: ${actions} (ачык)`,
  } satisfies Entry<{ actions: string }>,
  'appeal.field.category_deactivated': {
    ru: 'тема отключена',
    en: 'the category is deactivated',
    tt: 'тема сүндерелгән',
  },
  'appeal.field.target_status': {
    ru: ({ status }) => `основное обращение в статусе «${status}»`,
    en: ({ status }) => `the target is ${status}`,
  } satisfies Entry<{ status: string }>,
  // Intake (dispatch/intake.ts): where the appeal is and what it concerns.
  'appeal.field.category_closed': {
    ru: 'категория закрыта',
    en: 'the category is no longer in use',
    tt: 'тема ябылган',
  },
  'appeal.field.building_elsewhere': {
    ru: 'дом в другом муниципалитете',
    en: 'the building is in another municipality',
    tt: 'йорт башка муниципалитетта',
  },
  'appeal.field.place_required': {
    ru: 'укажите точку на карте или дом',
    en: 'give a map point or a building',
    tt: 'картада ноктаны яки йортны күрсәтегез',
  },
  'appeal.field.point_outside': {
    ru: 'точка вне границ муниципалитета',
    en: 'the point is outside the municipality',
    tt: 'нокта муниципалитет чикләреннән тыш',
  },
  'appeal.field.no_building_near': {
    ru: ({ metres }) => `для этой категории нужен дом: в радиусе ${metres} м домов нет`,
    en: ({ metres }) => `this category needs a building: none within ${metres} m`,
    tt: ({ metres }) => `бу тема өчен йорт кирәк: ${metres} м радиуста йортлар юк`,
  } satisfies Entry<{ metres: number }>,

  // ── The lifecycle's refusals (dispatch/lifecycle.ts) ──
  'appeal.version_conflict': {
    ru: 'Обращение уже изменили; обновите страницу',
    en: 'The appeal has changed since it was read',
    tt: 'Мөрәҗәгать инде үзгәртелгән; битне яңартыгыз',
  },
  'appeal.action_forbidden': {
    ru: 'Это действие вам недоступно',
    en: 'You may not do this to this appeal',
    tt: 'Бу гамәл сезгә ярамый',
  },
  'appeal.internal_comment_forbidden': {
    ru: 'Внутренний комментарий вам недоступен',
    en: 'You may not post an internal comment',
    tt: 'Эчке аңлатма язу сезгә ярамый',
  },
  'appeal.transition_forbidden': {
    ru: ({ status }) => `Действие недоступно в статусе «${status}»`,
    en: ({ status }) => `Not allowed from status "${status}"`,
    tt: ({ status }) => `«${status}» статусында бу гамәл ярамый`,
  } satisfies Entry<{ status: string }>,
  'appeal.resolution_time_unknown': {
    ru: 'Не известно время решения',
    en: 'The resolution time is unknown',
    tt: 'Хәл ителү вакыты билгесез',
  },
  'appeal.dispute_window_closed': {
    ru: 'Срок оспаривания (15 дней) истёк',
    en: 'The 15-day dispute window has closed',
    tt: 'Бәхәсләшү вакыты (15 көн) узды',
  },
  'appeal.dispute_window_open': {
    ru: 'Срок оспаривания (15 дней) ещё не истёк',
    en: 'The 15-day dispute window is still open',
    tt: 'Бәхәсләшү вакыты (15 көн) әле узмады',
  },
  'appeal.note_required': { ru: 'Нужен текст', en: 'A note is required', tt: 'Текст кирәк' },
  'appeal.reason_required': { ru: 'Нужна причина', en: 'A reason is required', tt: 'Сәбәп кирәк' },
  'appeal.target_organisation_required': { ru: 'Нужна организация', en: 'A target organisation is required' },
  'appeal.already_with_organisation': {
    ru: 'Обращение уже у этой организации',
    en: 'The appeal is already with this organisation',
  },
  'appeal.target_appeal_required': { ru: 'Нужно основное обращение', en: 'A target appeal is required' },
  'appeal.duplicate_of_itself': {
    ru: 'Обращение не может быть дубликатом самого себя',
    en: 'An appeal cannot duplicate itself',
  },
  'appeal.rating_required': {
    ru: 'Нужна оценка от 1 до 5',
    en: 'A rating from 1 to 5 is required',
    tt: '1 дән 5 кә кадәр бәя кирәк',
  },
  'appeal.category_required': { ru: 'Нужна категория', en: 'A category is required' },
  'appeal.priority_required': { ru: 'Нужен приоритет', en: 'A priority is required' },
  'appeal.visibility_required': {
    ru: 'Укажите, публичный ли комментарий',
    en: 'Say whether the comment is public or internal',
    tt: 'Аңлатма ачыкмы, юкмы, күрсәтегез',
  },

  // ── The dispatcher's board ──
  'board.field.appeals_at_least_one': { ru: 'хотя бы одно обращение', en: 'at least one appeal' },
  'board.field.appeals_at_most': {
    ru: ({ max }) => `не больше ${max} за раз`,
    en: ({ max }) => `at most ${max} at once`,
  } satisfies Entry<{ max: number }>,
  'board.field.reason_required': { ru: 'нужна причина', en: 'a reason is required' },
  'board.wrong_kind': {
    ru: ({ numbers }) =>
      `Эта организация не отвечает за темы обращений ${numbers}. Выберите подходящую или подтвердите передачу.`,
    en: ({ numbers }) =>
      `This organisation does not answer for the topics of ${numbers}. Choose one that does, or confirm the hand-over.`,
  } satisfies Entry<{ numbers: string }>,

  // ── An organisation's queue ──
  'queue.own_organisation_only': {
    ru: 'Только очередь своей организации.',
    en: 'Only your own organisation’s queue.',
  },
  'queue.organisation_required': { ru: 'Укажите организацию.', en: 'Name the organisation.' },
};
