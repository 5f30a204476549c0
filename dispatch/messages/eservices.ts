/**
 * Municipal e-services (issue 15): the catalogue, an applicant's applications, the department's
 * steps and inter-agency requests. Applicants are residents, so what they meet has its Tatar text;
 * what only the department or the asked organisation reads (staff) may have none.
 */
import type { Entry } from './index.ts';

type Status =
  | 'draft'
  | 'submitted'
  | 'in_progress'
  | 'awaiting_documents'
  | 'ready'
  | 'issued'
  | 'refused'
  | 'withdrawn';
/** An application's statuses as the applicant reads them. */
const statusNames: Record<Status, { ru: string; en: string; tt: string }> = {
  draft: { ru: 'черновик', en: 'draft', tt: 'черновик' },
  submitted: { ru: 'подано', en: 'submitted', tt: 'тапшырылды' },
  in_progress: { ru: 'на рассмотрении', en: 'in progress', tt: 'карала' },
  awaiting_documents: { ru: 'ждёт документов', en: 'awaiting documents', tt: 'документлар көтелә' },
  ready: { ru: 'результат готов', en: 'result ready', tt: 'нәтиҗә әзер' },
  issued: { ru: 'результат выдан', en: 'result issued', tt: 'нәтиҗә бирелде' },
  refused: { ru: 'отказано', en: 'refused', tt: 'кире кагылды' },
  withdrawn: { ru: 'отозвано', en: 'withdrawn', tt: 'кире алынды' },
};

export const eserviceMessages = {
  // ── The catalogue ──
  'eservice.changed_meanwhile': {
    ru: 'Услугу уже изменили: обновите страницу.',
    en: 'The service was changed meanwhile: reload it.',
  },
  'eservice.invalid': { ru: 'Описание услуги содержит ошибки.', en: 'The service’s description has errors.' },
  'eservice.field.stage_code_twice': { ru: 'код этапа повторяется', en: 'the stage code repeats' },
  'eservice.field.ground_code_twice': { ru: 'код основания повторяется', en: 'the ground code repeats' },
  'eservice.field.field_key_twice': { ru: 'ключ поля повторяется', en: 'the field key repeats' },
  'eservice.field.choices_needed': {
    ru: 'для поля выбора нужны варианты',
    en: 'a choice field needs its choices',
  },
  'eservice.field.bad_pattern': { ru: 'неверное регулярное выражение', en: 'not a valid regular expression' },

  // ── An application's form (formProblems of dispatch/eservices.ts) ──
  'application.invalid': {
    ru: 'Заявление заполнено с ошибками.',
    en: 'The application has errors.',
    tt: 'Гариза хаталар белән тутырылган.',
  },
  'application.field.required': { ru: 'обязательное поле', en: 'required', tt: 'мәҗбүри кыр' },
  'application.field.type': { ru: 'неверный тип значения', en: 'wrong type of value', tt: 'кыйммәт төре дөрес түгел' },
  'application.field.too_small': { ru: 'слишком мало', en: 'too small', tt: 'артык кечкенә' },
  'application.field.too_large': { ru: 'слишком много', en: 'too large', tt: 'артык зур' },
  'application.field.pattern': { ru: 'неверный формат', en: 'wrong format', tt: 'формат дөрес түгел' },
  'application.field.choice': { ru: 'нет такого варианта', en: 'no such choice', tt: 'мондый вариант юк' },
  'application.field.unknown': {
    ru: 'нет такого поля в форме',
    en: 'no such field in the form',
    tt: 'формада мондый кыр юк',
  },
  'application.field.service_unknown': {
    ru: 'нет такой услуги среди предоставляемых',
    en: 'no such service among those offered',
    tt: 'күрсәтелгән хезмәтләр арасында мондые юк',
  },
  'application.field.inn': { ru: 'ИНН: 10 или 12 цифр', en: 'INN: 10 or 12 digits', tt: 'ИНН: 10 яки 12 сан' },
  'application.field.document_missing': {
    ru: 'приложите этот документ',
    en: 'attach this document',
    tt: 'бу документны беркетегез',
  },
  'application.field.document_unknown': {
    ru: 'услуга не требует такого документа',
    en: 'the service asks for no such document',
    tt: 'хезмәт мондый документ сорамый',
  },
  'application.field.applicant_kind': {
    ru: 'эта услуга не для такого заявителя',
    en: 'the service is not for this kind of applicant',
    tt: 'бу хезмәт мондый гариза бирүче өчен түгел',
  },
  'application.field.organisation_needed': {
    ru: 'укажите организацию и её ИНН',
    en: 'name the organisation and its INN',
    tt: 'оешманы һәм аның ИНН-ын күрсәтегез',
  },
  'application.field.ground_unknown': {
    ru: 'нет такого основания для отказа в этой услуге',
    en: 'no such refusal ground for this service',
  },
  'application.field.result_file_missing': {
    ru: 'сначала загрузите файл результата (kind=result)',
    en: 'upload the result file first (kind=result)',
  },
  'application.field.note_required': { ru: 'нужен комментарий', en: 'a note is needed', tt: 'аңлатма кирәк' },
  'application.field.delivery_required': {
    ru: 'укажите способ получения: collect или electronic',
    en: 'say how it is delivered: collect or electronic',
  },
  'application.field.last_stage': {
    ru: 'это последний этап: выдайте результат или откажите',
    en: 'this is the last stage: issue the result or refuse',
  },
  'application.field.own_department': {
    ru: 'запрос направляется другой организации',
    en: 'the request goes to another organisation',
  },
  'application.field.organisation_unknown': {
    ru: 'нет такой организации в муниципалитете',
    en: 'no such organisation in the municipality',
  },
  'application.field.idempotency_key_taken': {
    ru: 'ключ уже использован для другого заявления',
    en: 'the key was used for another application',
    tt: 'ачкыч башка гариза өчен кулланылган инде',
  },
  'application.idempotency_key_reused': {
    ru: 'Ключ идемпотентности уже использован для другого заявления.',
    en: 'The Idempotency-Key was used for another application.',
    tt: 'Идемпотентлык ачкычы башка гариза өчен кулланылган инде.',
  },
  'application.changed_meanwhile': {
    ru: 'Заявление уже изменили: обновите страницу.',
    en: 'The application was changed meanwhile: reload it.',
    tt: 'Гариза үзгәртелгән инде: битне яңартыгыз.',
  },
  'application.step_not_allowed': {
    ru: ({ step, status }) => `Действие «${step}» невозможно в статусе «${status}».`,
    en: ({ step, status }) => `The step "${step}" is not allowed in status "${status}".`,
    tt: ({ step, status }) => `«${status}» статусында «${step}» гамәле мөмкин түгел.`,
  } satisfies Entry<{ step: string; status: string }>,
  'application.steps_refused': {
    ru: 'Действие не выполнено: исправьте поля.',
    en: 'The step was refused: correct the fields.',
    tt: 'Гамәл башкарылмады: кырларны төзәтегез.',
  },
  'application.service_not_offered': {
    ru: 'Эта услуга сейчас не предоставляется.',
    en: 'This service is not offered now.',
    tt: 'Бу хезмәт хәзер күрсәтелми.',
  },
  'application.not_draft': {
    ru: 'Изменять и дополнять можно только черновик.',
    en: 'Only a draft can be changed.',
    tt: 'Черновикны гына үзгәртергә мөмкин.',
  },

  // ── Files ──
  'application.file.too_large': {
    ru: ({ max }) => `Файл больше ${max} МБ.`,
    en: ({ max }) => `The file is over ${max} MB.`,
    tt: ({ max }) => `Файл ${max} МБ-тан зуррак.`,
  } satisfies Entry<{ max: number }>,
  'application.file.total_too_large': {
    ru: ({ max }) => `Все файлы заявления вместе — не больше ${max} МБ.`,
    en: ({ max }) => `All files of an application together: at most ${max} MB.`,
    tt: ({ max }) => `Гаризаның барлык файллары бергә — ${max} МБ-тан артмаска тиеш.`,
  } satisfies Entry<{ max: number }>,
  'application.file.total_reason': {
    ru: ({ used, max }) => `уже загружено ${used} МБ из ${max} МБ`,
    en: ({ used, max }) => `${used} MB of ${max} MB already uploaded`,
    tt: ({ used, max }) => `${max} МБ-тан ${used} МБ йөкләнгән инде`,
  } satisfies Entry<{ used: number; max: number }>,
  'application.file.no_file': {
    ru: 'Нет файла в поле file.',
    en: 'No file in the field file.',
    tt: 'file кырында файл юк.',
  },
  'application.file.one_file': {
    ru: 'Один файл в поле file.',
    en: 'One file in the field file.',
    tt: 'file кырында бер файл.',
  },
  'application.file.kind_not_yours': {
    ru: 'этот вид файла загружает другая сторона',
    en: 'the other side uploads this kind of file',
    tt: 'бу төр файлны икенче як йөкли',
  },

  // ── Inter-agency requests ──
  'interagency.invalid': {
    ru: 'Запрос не отправлен: исправьте поля.',
    en: 'The request was not sent: correct the fields.',
  },
  'interagency.changed_meanwhile': {
    ru: 'Запрос уже изменили: обновите страницу.',
    en: 'The request was changed meanwhile: reload it.',
  },
  'interagency.already_answered': {
    ru: ({ status }) => `На запрос уже ответили (${status}).`,
    en: ({ status }) => `The request is already answered (${status}).`,
  } satisfies Entry<{ status: string }>,

  // ── Who did it, on a timeline ──
  'application.actor.you': { ru: 'вы', en: 'you', tt: 'сез' },
  'application.actor.applicant': { ru: 'заявитель', en: 'the applicant', tt: 'гариза бирүче' },
  'application.actor.department': { ru: 'ведомство', en: 'the department', tt: 'ведомство' },
  'application.actor.system': { ru: 'система', en: 'the system', tt: 'система' },

  // ── Notices (what the applicant, the department and the asked organisation are told) ──
  'notice.application.subject': {
    ru: ({ number }) => `Заявление ${number}`,
    en: ({ number }) => `Application ${number}`,
    tt: ({ number }) => `Гариза ${number}`,
  } satisfies Entry<{ number: string }>,
  'notice.application.status_changed': {
    ru: ({ number, service, status }) => `Заявление ${number} «${service}»: ${statusNames[status].ru}.`,
    en: ({ number, service, status }) => `Application ${number} "${service}": ${statusNames[status].en}.`,
    tt: ({ number, service, status }) => `${number} гаризасы «${service}»: ${statusNames[status].tt}.`,
  } satisfies Entry<{ number: string; service: string; status: Status }>,
  'notice.application.documents_requested': {
    ru: ({ number, note }) => `По заявлению ${number} нужны документы: ${note} Срок приостановлен до вашего ответа.`,
    en: ({ number, note }) => `Application ${number} needs documents: ${note} The term is paused until you answer.`,
    tt: ({ number, note }) =>
      `${number} гаризасы буенча документлар кирәк: ${note} Срок сезнең җавапка кадәр туктатылды.`,
  } satisfies Entry<{ number: string; note: string }>,
  'notice.application.ready_collect': {
    ru: ({ number, where }) => `Результат по заявлению ${number} готов. Где и когда получить: ${where}`,
    en: ({ number, where }) => `The result of application ${number} is ready. Collect it at: ${where}`,
    tt: ({ number, where }) => `${number} гаризасы буенча нәтиҗә әзер. Кайда һәм кайчан алырга: ${where}`,
  } satisfies Entry<{ number: string; where: string }>,
  'notice.application.ready_electronic': {
    ru: ({ number, link }) => `Результат по заявлению ${number} готов, скачать: ${link}`,
    en: ({ number, link }) => `The result of application ${number} is ready, download: ${link}`,
    tt: ({ number, link }) => `${number} гаризасы буенча нәтиҗә әзер, йөкләп алу: ${link}`,
  } satisfies Entry<{ number: string; link: string }>,
  'notice.application.refused': {
    ru: ({ number, ground, note }) => `По заявлению ${number} отказано: ${ground}. ${note}`,
    en: ({ number, ground, note }) => `Application ${number} is refused: ${ground}. ${note}`,
    tt: ({ number, ground, note }) => `${number} гаризасы кире кагылды: ${ground}. ${note}`,
  } satisfies Entry<{ number: string; ground: string; note: string }>,
  'notice.application.new_application': {
    ru: ({ number, service, due }) => `Новое заявление ${number} «${service}», срок — ${due}.`,
    en: ({ number, service, due }) => `New application ${number} "${service}", due ${due}.`,
  } satisfies Entry<{ number: string; service: string; due: string }>,
  'notice.application.documents_provided': {
    ru: ({ number }) => `Заявитель ответил на запрос документов по заявлению ${number}; срок снова идёт.`,
    en: ({ number }) =>
      `The applicant answered the request for documents on application ${number}; the term runs again.`,
  } satisfies Entry<{ number: string }>,
  'notice.application.withdrawn': {
    ru: ({ number }) => `Заявитель отозвал заявление ${number}.`,
    en: ({ number }) => `The applicant withdrew application ${number}.`,
  } satisfies Entry<{ number: string }>,
  'notice.application.overdue': {
    ru: ({ number, due }) => `Заявление ${number} просрочено: срок был ${due}.`,
    en: ({ number, due }) => `Application ${number} is overdue: it was due ${due}.`,
  } satisfies Entry<{ number: string; due: string }>,
  'notice.application.interagency_asked': {
    ru: ({ number, service, due }) => `Межведомственный запрос по заявлению ${number} «${service}», ответ до ${due}.`,
    en: ({ number, service, due }) =>
      `An inter-agency request on application ${number} "${service}", answer by ${due}.`,
  } satisfies Entry<{ number: string; service: string; due: string }>,
  'notice.application.interagency_answered': {
    ru: ({ number, organisation, decision }) =>
      `${organisation} ответила на запрос по заявлению ${number}: ${decision === 'agreed' ? 'согласовано' : 'отказ'}.`,
    en: ({ number, organisation, decision }) =>
      `${organisation} answered the request on application ${number}: ${decision === 'agreed' ? 'agreed' : 'refused'}.`,
  } satisfies Entry<{ number: string; organisation: string; decision: string }>,
};
