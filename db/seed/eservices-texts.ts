/**
 * The shared pieces of the e-services catalogue (db/seed/eservices-catalogue.ts): stage names, the
 * departments' units and collection places, common documents, refusal grounds and form fields, in
 * Russian, English and Tatar.
 */
import type { FormField, RefusalGround, RequiredDocument, ServiceStage, Texts } from '../../dispatch/eservices.ts';

/** Russian, English, Tatar. */
export const tx = (ru: string, en: string, tt: string): Texts => ({ ru, en, tt });

// ---------------------------------------------------------------------------------------------
// Stages

const stageNames = {
  registration: tx('Регистрация заявления', 'Registering the application', 'Гаризаны теркәү'),
  review: tx('Проверка документов', 'Checking the documents', 'Документларны тикшерү'),
  interagency: tx('Межведомственные запросы', 'Inter-agency requests', 'Ведомствоара сораулар'),
  approvals: tx('Согласования', 'Approvals', 'Килештерүләр'),
  inspection: tx('Осмотр на месте', 'Site visit', 'Урында карау'),
  commission: tx('Рассмотрение на комиссии', 'Commission hearing', 'Комиссиядә карау'),
  search: tx(
    'Поиск документов в архивных фондах',
    'Searching the archive holdings',
    'Архив фондларында документлар эзләү',
  ),
  drafting: tx('Подготовка результата', 'Drafting the result', 'Нәтиҗәне әзерләү'),
  signing: tx('Подписание', 'Signing', 'Имзалау'),
} satisfies Record<string, Texts>;

/** The kinds of internal stage the catalogue uses; each has its name in the three languages. */
export type StageCode = keyof typeof stageNames;

/** One internal stage: its code names it; `days` working days; `unit` is responsible for it. */
export const stage = (code: StageCode, days: number, unit: Texts): ServiceStage => ({
  code,
  name: stageNames[code],
  termDays: days,
  unit,
});

// ---------------------------------------------------------------------------------------------
// The departments: their units and where a result is collected

const hours = tx(
  'пн–чт 9:00–18:00, пт 9:00–16:45, перерыв 12:00–12:48',
  'Mon–Thu 9:00–18:00, Fri 9:00–16:45, break 12:00–12:48',
  'дш–пнҗ 9:00–18:00, җм 9:00–16:45, тәнәфес 12:00–12:48',
);
const collectAt = (ru: string, en: string, tt: string): Texts =>
  tx(
    `${ru}; ${hours.ru}. Или в любом МФЦ Казани.`,
    `${en}; ${hours.en}. Or at any MFC (one-stop centre) in Kazan.`,
    `${tt}; ${hours.tt}. Яки Казанның теләсә кайсы күпфункцияле үзәгендә (КФҮ).`,
  );

/** The units of each department responsible for a stage (one department's clerks, its commission, its head). */
export const units = {
  uaig: {
    office: tx(
      'Отдел приёма и выдачи документов УАиГ',
      'UAiG reception office',
      'АШТИ документлар кабул итү һәм бирү бүлеге',
    ),
    plans: tx('Отдел градостроительных планов', 'Town-planning plans section', 'Шәһәр төзелеше планнары бүлеге'),
    permits: tx('Отдел разрешений на строительство', 'Building permits section', 'Төзелешкә рөхсәтләр бүлеге'),
    housing: tx(
      'Межведомственная комиссия по переустройству и перепланировке',
      'Inter-agency commission on alterations and redevelopment',
      'Яңадан җиһазлау һәм яңадан планлаштыру буенча ведомствоара комиссия',
    ),
    addresses: tx('Отдел адресного реестра', 'Address register section', 'Адреслар реестры бүлеге'),
    head: tx('Руководство УАиГ', 'UAiG management', 'АШТИ җитәкчелеге'),
  },
  kzio: {
    office: tx('Отдел приёма документов КЗИО', 'KZIO reception office', 'ҖММК документлар кабул итү бүлеге'),
    land: tx('Управление земельных отношений', 'Land relations division', 'Җир мөнәсәбәтләре идарәсе'),
    property: tx(
      'Отдел реестра муниципального имущества',
      'Municipal property register section',
      'Муниципаль милек реестры бүлеге',
    ),
    head: tx('Руководство КЗИО', 'KZIO management', 'ҖММК җитәкчелеге'),
  },
  education: {
    office: tx(
      'Отдел комплектования дошкольных учреждений',
      'Kindergarten enrolment section',
      'Мәктәпкәчә учреждениеләрне комплектлау бүлеге',
    ),
    head: tx('Начальник Управления образования', 'Head of the Education Department', 'Мәгариф идарәсе башлыгы'),
  },
  archive: {
    office: tx('Архивный отдел: приём запросов', 'Archive: requests desk', 'Архив бүлеге: сораулар кабул итү'),
    reading: tx('Архивный отдел: хранилище и поиск', 'Archive: stacks and search', 'Архив бүлеге: саклагыч һәм эзләү'),
    head: tx('Начальник Архивного отдела', 'Head of the Archive', 'Архив бүлеге башлыгы'),
  },
  housing: {
    office: tx('Отдел учёта и распределения жилья', 'Housing register section', 'Торакны исәпкә алу һәм бүлү бүлеге'),
    commission: tx('Жилищная комиссия', 'Housing commission', 'Торак комиссиясе'),
    privatisation: tx('Отдел приватизации жилья', 'Housing privatisation section', 'Торакны хосусыйлаштыру бүлеге'),
    head: tx(
      'Начальник Управления жилищной политики',
      'Head of the Housing Policy Department',
      'Торак сәясәте идарәсе башлыгы',
    ),
  },
  landscaping: {
    office: tx('Отдел выдачи разрешений КВБ', 'KVB permits section', 'ТТК рөхсәтләр бирү бүлеге'),
    inspectors: tx('Инспекторы по благоустройству', 'Landscaping inspectors', 'Төзекләндерү буенча инспекторлар'),
    greenery: tx('Отдел озеленения', 'Urban greenery section', 'Яшелләндерү бүлеге'),
    head: tx('Председатель КВБ', 'Chair of KVB', 'ТТК рәисе'),
  },
  advertising: {
    office: tx('Отдел разрешительной документации УНРИ', 'UNRI permits section', 'ТРМИ рөхсәт документлары бүлеге'),
    design: tx('Художественный совет', 'Design council', 'Нәфис совет'),
    head: tx('Начальник УНРИ', 'Head of UNRI', 'ТРМИ башлыгы'),
  },
  guardianship: {
    office: tx(
      'Специалисты органа опеки и попечительства',
      'Guardianship officers',
      'Опека һәм попечительлек органы белгечләре',
    ),
    head: tx(
      'Начальник отдела опеки и попечительства',
      'Head of the Guardianship Office',
      'Опека һәм попечительлек бүлеге башлыгы',
    ),
  },
  sport: {
    office: tx('Отдел спортивной подготовки', 'Sports training section', 'Спорт әзерлеге бүлеге'),
    head: tx(
      'Начальник Управления физической культуры и спорта',
      'Head of the Sports Department',
      'Физик культура һәм спорт идарәсе башлыгы',
    ),
  },
  innopolis: {
    office: tx(
      'Общий отдел исполкома Иннополиса',
      'Innopolis executive committee office',
      'Иннополис башкарма комитетының гомуми бүлеге',
    ),
    head: tx(
      'Руководитель исполкома Иннополиса',
      'Head of the Innopolis executive committee',
      'Иннополис башкарма комитеты җитәкчесе',
    ),
  },
} satisfies Record<string, Record<string, Texts>>;

/** Where each department hands over results on paper. */
export const collection = {
  uaig: collectAt(
    'УАиГ, ул. Баумана, д. 58, окно выдачи № 3',
    'UAiG, 58 Baumana St, issue window 3',
    'АШТИ, Бауман ур., 58 нче йорт, 3 нче бирү тәрәзәсе',
  ),
  kzio: collectAt(
    'КЗИО, ул. Груздева, д. 5, каб. 101',
    'KZIO, 5 Gruzdeva St, room 101',
    'ҖММК, Груздев ур., 5 нче йорт, 101 бүлмә',
  ),
  education: collectAt(
    'Управление образования, ул. Ершова, д. 49Б, каб. 12',
    'Education Department, 49B Yershova St, room 12',
    'Мәгариф идарәсе, Ершов ур., 49Б йорт, 12 бүлмә',
  ),
  archive: collectAt(
    'Архивный отдел, ул. Татарстан, д. 55, читальный зал',
    'Archive, 55 Tatarstan St, reading room',
    'Архив бүлеге, Татарстан ур., 55 нче йорт, уку залы',
  ),
  housing: collectAt(
    'Управление жилищной политики, ул. Кремлёвская, д. 1, каб. 214',
    'Housing Policy Department, 1 Kremlyovskaya St, room 214',
    'Торак сәясәте идарәсе, Кремль ур., 1 нче йорт, 214 бүлмә',
  ),
  landscaping: collectAt(
    'КВБ, ул. Карла Маркса, д. 68, каб. 5',
    'KVB, 68 Karla Marksa St, room 5',
    'ТТК, Карл Маркс ур., 68 нче йорт, 5 бүлмә',
  ),
  advertising: collectAt(
    'УНРИ, ул. Право-Булачная, д. 33, каб. 7',
    'UNRI, 33 Pravo-Bulachnaya St, room 7',
    'ТРМИ, Право-Булачная ур., 33 нче йорт, 7 бүлмә',
  ),
  guardianship: collectAt(
    'Отдел опеки и попечительства, ул. Кремлёвская, д. 1, каб. 118',
    'Guardianship Office, 1 Kremlyovskaya St, room 118',
    'Опека һәм попечительлек бүлеге, Кремль ур., 1 нче йорт, 118 бүлмә',
  ),
  sport: collectAt(
    'Управление физической культуры и спорта, ул. Пушкина, д. 52, каб. 9',
    'Sports Department, 52 Pushkina St, room 9',
    'Физик культура һәм спорт идарәсе, Пушкин ур., 52 нче йорт, 9 бүлмә',
  ),
  innopolis: tx(
    'Исполком Иннополиса, ул. Университетская, д. 7, каб. 104; пн–пт 9:00–18:00',
    'Innopolis executive committee, 7 Universitetskaya St, room 104; Mon–Fri 9:00–18:00',
    'Иннополис башкарма комитеты, Университет ур., 7 нче йорт, 104 бүлмә; дш–җм 9:00–18:00',
  ),
} satisfies Record<keyof typeof units, Texts>;

// ---------------------------------------------------------------------------------------------
// Documents

const doc = (code: string, name: Texts, required: boolean): RequiredDocument => ({ code, name, required });

/** Documents many services ask for. */
export const documents = {
  identity: doc(
    'identity',
    tx('Документ, удостоверяющий личность', 'Identity document', 'Шәхесне раслаучы документ'),
    true,
  ),
  proxy: doc(
    'proxy',
    tx(
      'Доверенность, если обращается представитель',
      'Power of attorney, when a representative applies',
      'Вәкил мөрәҗәгать иткәндә, ышаныч кәгазе',
    ),
    false,
  ),
  landTitle: doc(
    'land_title',
    tx(
      'Правоустанавливающие документы на земельный участок, если права не зарегистрированы в ЕГРН',
      'Title documents for the land plot, when the rights are not in the Unified State Register of Real Estate',
      'Җир кишәрлегенә хокук билгели торган документлар, әгәр хокуклар Күчемсез милекнең бердәм дәүләт реестрында теркәлмәгән булса',
    ),
    false,
  ),
  premisesTitle: doc(
    'premises_title',
    tx(
      'Правоустанавливающие документы на помещение, если права не зарегистрированы в ЕГРН',
      'Title documents for the premises, when the rights are not in the Unified State Register of Real Estate',
      'Бинага хокук билгели торган документлар, әгәр хокуклар Күчемсез милекнең бердәм дәүләт реестрында теркәлмәгән булса',
    ),
    false,
  ),
  birthCertificate: doc(
    'birth_certificate',
    tx('Свидетельство о рождении ребёнка', 'Child’s birth certificate', 'Баланың туу турында таныклыгы'),
    true,
  ),
} satisfies Record<string, RequiredDocument>;

/** A document of one service. */
export const ownDocument = (code: string, required: boolean, ru: string, en: string, tt: string) =>
  doc(code, tx(ru, en, tt), required);

// ---------------------------------------------------------------------------------------------
// Refusal grounds

const ground = (code: string, text: Texts): RefusalGround => ({ code, text });

/** Refusal grounds many services share (the law of municipal services and the service's regulation). */
export const grounds = {
  documents: ground(
    'documents',
    tx(
      'Не представлены документы, которые заявитель обязан представить сам (ст. 7 Федерального закона от 27.07.2010 № 210-ФЗ, административный регламент услуги)',
      'The applicant did not submit the documents they must submit themselves (Federal Law No. 210-FZ of 27.07.2010, art. 7; the service’s administrative regulation)',
      'Гариза бирүче үзе тапшырырга тиешле документларны тапшырмаган (27.07.2010 ел, № 210-ФЗ Федераль закон, 7 ст.; хезмәтнең административ регламенты)',
    ),
  ),
  notEntitled: ground(
    'not_entitled',
    tx(
      'Заявитель не относится к лицам, имеющим право на получение услуги (административный регламент услуги)',
      'The applicant is not among those entitled to the service (the service’s administrative regulation)',
      'Гариза бирүче хезмәтне алырга хокуклы затларга керми (хезмәтнең административ регламенты)',
    ),
  ),
  falseData: ground(
    'false_data',
    tx(
      'Представленные документы содержат недостоверные сведения (административный регламент услуги)',
      'The documents submitted contain false information (the service’s administrative regulation)',
      'Тапшырылган документларда дөрес булмаган мәгълүматлар бар (хезмәтнең административ регламенты)',
    ),
  ),
} satisfies Record<string, RefusalGround>;

/** A refusal ground of one service. */
export const ownGround = (code: string, ru: string, en: string, tt: string) => ground(code, tx(ru, en, tt));

// ---------------------------------------------------------------------------------------------
// Form fields

type FieldOptions = Partial<Pick<FormField, 'hint' | 'min' | 'max' | 'pattern'>> & { required?: boolean };

/** A field; required unless `required: false`. */
export function field(key: string, type: FormField['type'], label: Texts, options: FieldOptions = {}): FormField {
  const { required = true, ...rest } = options;
  return { key, type, label, required, ...rest };
}

/** A choice field from [value, ru, en, tt] rows. */
export function choice(
  key: string,
  label: Texts,
  rows: [string, string, string, string][],
  required = true,
): FormField {
  return {
    key,
    type: 'choice',
    label,
    required,
    choices: rows.map(([value, ru, en, tt]) => ({ value, label: tx(ru, en, tt) })),
  };
}

/** Form fields many services share; the functions take whether the field is required. */
export const fields = {
  address: field('address', 'text', tx('Адрес объекта', 'Address of the property', 'Объектның адресы'), {
    min: 5,
    max: 300,
    hint: tx('Улица, дом, корпус', 'Street, house, block', 'Урам, йорт, корпус'),
  }),
  cadastral: (required = true) =>
    field(
      'cadastral_number',
      'cadastral_number',
      tx(
        'Кадастровый номер земельного участка',
        'Cadastral number of the land plot',
        'Җир кишәрлегенең кадастр номеры',
      ),
      {
        required,
        hint: tx('Например, 16:50:011102:123', 'For example, 16:50:011102:123', 'Мәсәлән, 16:50:011102:123'),
      },
    ),
  apartment: (required = true) =>
    field('apartment', 'text', tx('Номер квартиры (помещения)', 'Flat (premises) number', 'Фатир (бина) номеры'), {
      required,
      min: 1,
      max: 10,
    }),
  description: (required: boolean, ru: string, en: string, tt: string) =>
    field('description', 'textarea', tx(ru, en, tt), { required, min: 10, max: 2000 }),
  personName: (key: string, ru: string, en: string, tt: string) =>
    field(key, 'text', tx(ru, en, tt), { min: 5, max: 150 }),
  consent: field(
    'consent',
    'checkbox',
    tx(
      'Согласен на обработку персональных данных (Федеральный закон от 27.07.2006 № 152-ФЗ)',
      'I consent to the processing of my personal data (Federal Law No. 152-FZ of 27.07.2006)',
      'Шәхси мәгълүматларымны эшкәртүгә ризалык бирәм (27.07.2006 ел, № 152-ФЗ Федераль закон)',
    ),
  ),
} as const;
