/**
 * The catalogue of Kazan's municipal e-services (issue 15), modelled on the services the city's
 * executive committee provides online: what each is, which department provides it, who may apply,
 * what to attach, the result, the regulated term as the law or the regulation sets it, the internal
 * stages with their own terms, the legal grounds for refusing, and the form. Innopolis offers two of
 * them (address assignment and the excavation permit) through its executive committee.
 */
import type { ApplicantKind, FormField, ResultKind, ServiceStage, TermUnit, Texts } from '../../dispatch/eservices.ts';
import {
  choice,
  collection,
  documents as d,
  field,
  fields as f,
  grounds as g,
  ownDocument,
  ownGround,
  stage,
  tx,
  units as u,
} from './eservices-texts.ts';

/** One service of the catalogue, as the seed writes it (the department by organisation code). */
export type CatalogueService = {
  /** Lower-case, Latin; an application's number starts with it in capitals (GPZU-2026-000123). */
  code: string;
  /** The organisation code of the department that provides it. */
  department: string;
  name: Texts;
  description: Texts;
  applicantKinds: ApplicantKind[];
  documents: ReturnType<typeof ownDocument>[];
  resultKind: ResultKind;
  termDays: number;
  termUnit: TermUnit;
  /** Whether the term stops while the applicant is asked for documents. */
  pausable: boolean;
  stages: ServiceStage[];
  refusalGrounds: ReturnType<typeof ownGround>[];
  collection: Texts;
  fields: FormField[];
  /** Organisations (codes) the department asks during the service, with the question, for the demo. */
  interagency?: { organisation: string; question: string; answer: string }[];
  /** How often it is applied for, relative to the others (the demo's mix). */
  demand: number;
};

const everyone: ApplicantKind[] = ['person', 'entrepreneur', 'legal_entity'];
const business: ApplicantKind[] = ['entrepreneur', 'legal_entity'];

const networks = [
  {
    organisation: 'vodokanal',
    question:
      'Прошу предоставить информацию о возможности подключения объекта к сетям водоснабжения и водоотведения (ч. 7 ст. 57.3 ГрК РФ).',
    answer:
      'Подключение возможно: точка подключения — водовод Ду 200 мм на границе участка, максимальная нагрузка 3 м³/сут.',
  },
  {
    organisation: 'tatenergo',
    question:
      'Прошу предоставить информацию о возможности подключения объекта к тепловым сетям (ч. 7 ст. 57.3 ГрК РФ).',
    answer: 'Подключение возможно от тепловой камеры ТК-14, располагаемая мощность 0,15 Гкал/ч.',
  },
  {
    organisation: 'gazprom-kazan',
    question:
      'Прошу предоставить информацию о возможности подключения объекта к сетям газоснабжения (ч. 7 ст. 57.3 ГрК РФ).',
    answer: 'Подключение возможно от газопровода низкого давления Ду 110 мм, максимальный расход 5 м³/ч.',
  },
];

const excavationApprovals = [
  {
    organisation: 'vodokanal',
    question: 'Прошу согласовать производство земляных работ в охранной зоне сетей водоснабжения и водоотведения.',
    answer: 'Согласовано при условии вызова представителя АО «Водоканал» до начала работ.',
  },
  {
    organisation: 'tatenergo',
    question: 'Прошу согласовать производство земляных работ в охранной зоне тепловых сетей.',
    answer: 'Согласовано. Работы в охранной зоне теплотрассы вести вручную.',
  },
];

const buildingPurpose = choice(
  'purpose',
  tx('Назначение объекта', 'Purpose of the building', 'Объектның билгеләнеше'),
  [
    ['individual_house', 'Индивидуальный жилой дом', 'Detached house', 'Индивидуаль торак йорт'],
    ['apartment_building', 'Многоквартирный жилой дом', 'Apartment building', 'Күпфатирлы торак йорт'],
    ['commercial', 'Торговый или офисный объект', 'Shop or office building', 'Сәүдә яки офис объекты'],
    [
      'industrial',
      'Производственный или складской объект',
      'Industrial or storage building',
      'Җитештерү яки склад объекты',
    ],
    ['social', 'Объект социальной инфраструктуры', 'Social infrastructure', 'Социаль инфраструктура объекты'],
  ],
);

const plotArea = field(
  'plot_area',
  'number',
  tx('Площадь земельного участка, м²', 'Area of the land plot, m²', 'Җир кишәрлегенең мәйданы, м²'),
  { min: 1, max: 1_000_000 },
);

const floors = (max: number) =>
  field('floors', 'number', tx('Количество надземных этажей', 'Above-ground storeys', 'Җир өстендәге катлар саны'), {
    min: 1,
    max,
  });

const totalArea = (required = true) =>
  field(
    'total_area',
    'number',
    tx('Общая площадь объекта, м²', 'Total floor area, m²', 'Объектның гомуми мәйданы, м²'),
    {
      required,
      min: 1,
      max: 500_000,
    },
  );

const objectName = field('object_name', 'text', tx('Наименование объекта', 'Name of the building', 'Объектның исеме'), {
  min: 3,
  max: 300,
});

// ---------------------------------------------------------------------------------------------
// Управление архитектуры и градостроительства (УАиГ)

const architecture: CatalogueService[] = [
  {
    code: 'gpzu',
    department: 'uaig',
    name: tx(
      'Выдача градостроительного плана земельного участка (ГПЗУ)',
      'Land development plan (GPZU)',
      'Җир кишәрлегенең шәһәр төзелеше планын бирү (ҖКШТП)',
    ),
    description: tx(
      'ГПЗУ содержит сведения о границах участка, разрешённом использовании, предельных параметрах строительства и о подключении к сетям; нужен для проектирования и получения разрешения на строительство.',
      'The plan states the plot’s boundaries, its permitted use, the limits of what may be built and how to connect to the utility networks; it is needed to design a building and to get a building permit.',
      'Планда кишәрлекнең чикләре, рөхсәт ителгән файдалану төре, төзелешнең чик параметрлары һәм челтәрләргә тоташу турында мәгълүматлар бар; ул проектлау һәм төзелешкә рөхсәт алу өчен кирәк.',
    ),
    applicantKinds: everyone,
    documents: [d.identity, d.proxy, d.landTitle],
    resultKind: 'document',
    // Town Planning Code art. 57.3 part 5: 14 working days.
    termDays: 14,
    termUnit: 'working_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.uaig.office),
      stage('review', 2, u.uaig.plans),
      stage('interagency', 5, u.uaig.plans),
      stage('drafting', 4, u.uaig.plans),
      stage('signing', 2, u.uaig.head),
    ],
    refusalGrounds: [
      ownGround(
        'not_right_holder',
        'Заявитель не является правообладателем земельного участка (ч. 5 ст. 57.3 Градостроительного кодекса РФ)',
        'The applicant does not hold rights to the land plot (Town Planning Code art. 57.3 part 5)',
        'Гариза бирүче җир кишәрлегенә хокук иясе түгел (РФ Шәһәр төзелеше кодексының 57.3 ст. 5 өлеше)',
      ),
      ownGround(
        'no_planning_documentation',
        'Нет утверждённой документации по планировке территории, без которой размещение объекта не допускается (ч. 5 ст. 57.3 ГрК РФ)',
        'There is no approved territory planning documentation, without which the building may not be placed (Town Planning Code art. 57.3 part 5)',
        'Объектны урнаштыру өчен кирәкле территорияне планлаштыру документлары расланмаган (РФ ШТК 57.3 ст. 5 өлеше)',
      ),
      g.documents,
    ],
    collection: collection.uaig,
    fields: [
      f.cadastral(),
      f.address,
      plotArea,
      buildingPurpose,
      field('planned_object', 'textarea', tx('Планируемый объект', 'Planned building', 'Планлаштырылган объект'), {
        required: false,
        max: 500,
      }),
      f.consent,
    ],
    interagency: networks,
    demand: 12,
  },
  {
    code: 'build-permit',
    department: 'uaig',
    name: tx('Выдача разрешения на строительство', 'Building permit', 'Төзелешкә рөхсәт бирү'),
    description: tx(
      'Разрешение на строительство или реконструкцию объекта капитального строительства по проектной документации, соответствующей ГПЗУ.',
      'Permission to build or reconstruct a permanent building according to design documentation that agrees with the plot’s land development plan.',
      'Капиталь төзелеш объектын ҖКШТПга туры килгән проект документлары буенча төзергә яки реконструкцияләргә рөхсәт.',
    ),
    applicantKinds: everyone,
    documents: [
      d.identity,
      d.proxy,
      d.landTitle,
      ownDocument(
        'design',
        true,
        'Проектная документация (пояснительная записка, схема планировочной организации участка, архитектурные решения)',
        'Design documentation (explanatory note, site layout plan, architectural solutions)',
        'Проект документлары (аңлатма язуы, кишәрлекне планлаштыру схемасы, архитектура карарлары)',
      ),
      ownDocument(
        'expert_review',
        false,
        'Положительное заключение экспертизы проектной документации, если она обязательна',
        'Positive expert review of the design, when required',
        'Проект документлары экспертизасының уңай бәяләмәсе, ул мәҗбүри булса',
      ),
    ],
    resultKind: 'document',
    // Town Planning Code art. 51 part 11: 5 working days.
    termDays: 5,
    termUnit: 'working_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.uaig.office),
      stage('review', 2, u.uaig.permits),
      stage('drafting', 1, u.uaig.permits),
      stage('signing', 1, u.uaig.head),
    ],
    refusalGrounds: [
      g.documents,
      ownGround(
        'not_matching_gpzu',
        'Проектная документация не соответствует требованиям градостроительного плана земельного участка (ч. 13 ст. 51 ГрК РФ)',
        'The design does not meet the land development plan’s requirements (Town Planning Code art. 51 part 13)',
        'Проект документлары җир кишәрлегенең шәһәр төзелеше планы таләпләренә туры килми (РФ ШТК 51 ст. 13 өлеше)',
      ),
    ],
    collection: collection.uaig,
    fields: [
      f.cadastral(),
      f.address,
      objectName,
      choice('works', tx('Вид работ', 'Kind of works', 'Эшләр төре'), [
        ['construction', 'Строительство', 'New construction', 'Төзелеш'],
        ['reconstruction', 'Реконструкция', 'Reconstruction', 'Реконструкция'],
      ]),
      floors(60),
      totalArea(),
      field('gpzu_number', 'text', tx('Номер ГПЗУ', 'Land development plan number', 'ҖКШТП номеры'), {
        min: 5,
        max: 60,
      }),
      f.consent,
    ],
    demand: 4,
  },
  {
    code: 'commissioning',
    department: 'uaig',
    name: tx(
      'Выдача разрешения на ввод объекта в эксплуатацию',
      'Permit to put a building into service',
      'Объектны файдалануга тапшыруга рөхсәт бирү',
    ),
    description: tx(
      'Удостоверяет, что объект построен в соответствии с разрешением на строительство и проектной документацией.',
      'Certifies that the building was built according to its building permit and design documentation.',
      'Объектның төзелешкә рөхсәт һәм проект документлары нигезендә төзелгәнен раслый.',
    ),
    applicantKinds: business,
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'technical_plan',
        true,
        'Технический план объекта капитального строительства',
        'Technical plan of the building',
        'Капиталь төзелеш объектының техник планы',
      ),
      ownDocument(
        'conformity',
        true,
        'Акт о соответствии построенного объекта требованиям технических регламентов',
        'Statement that the building meets the technical regulations',
        'Төзелгән объектның техник регламентлар таләпләренә туры килүе турында акт',
      ),
    ],
    resultKind: 'document',
    // Town Planning Code art. 55 part 5: 5 working days.
    termDays: 5,
    termUnit: 'working_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.uaig.office),
      stage('inspection', 2, u.uaig.permits),
      stage('drafting', 1, u.uaig.permits),
      stage('signing', 1, u.uaig.head),
    ],
    refusalGrounds: [
      g.documents,
      ownGround(
        'not_matching_permit',
        'Объект не соответствует разрешению на строительство или требованиям ГПЗУ (ч. 6 ст. 55 ГрК РФ)',
        'The building does not match its building permit or the land development plan (Town Planning Code art. 55 part 6)',
        'Объект төзелешкә рөхсәткә яки ҖКШТП таләпләренә туры килми (РФ ШТК 55 ст. 6 өлеше)',
      ),
    ],
    collection: collection.uaig,
    fields: [
      field(
        'permit_number',
        'text',
        tx('Номер разрешения на строительство', 'Building permit number', 'Төзелешкә рөхсәт номеры'),
        {
          min: 5,
          max: 60,
        },
      ),
      f.cadastral(),
      f.address,
      objectName,
      totalArea(),
      f.consent,
    ],
    interagency: [networks[0]!],
    demand: 2,
  },
  {
    code: 'house-notice',
    department: 'uaig',
    name: tx(
      'Уведомление о планируемом строительстве индивидуального жилого дома',
      'Notice of a planned detached house',
      'Индивидуаль торак йорт төзү планлаштырылуы турында белдерү',
    ),
    description: tx(
      'Вместо разрешения на строительство: управление проверяет параметры дома и сообщает, допустимо ли его размещение на участке.',
      'Instead of a building permit: the department checks the house’s parameters and replies whether it may stand on the plot.',
      'Төзелешкә рөхсәт урынына: идарә йортның параметрларын тикшерә һәм аны кишәрлектә урнаштырырга ярамы-юкмы икәнен хәбәр итә.',
    ),
    applicantKinds: ['person', 'entrepreneur'],
    documents: [
      d.identity,
      d.proxy,
      d.landTitle,
      ownDocument(
        'appearance',
        false,
        'Описание внешнего облика дома (в границах исторического поселения)',
        'Description of the house’s appearance (in a historic settlement)',
        'Йортның тышкы кыяфәте тасвирламасы (тарихи торак пункт чикләрендә)',
      ),
    ],
    resultKind: 'decision',
    // Town Planning Code art. 51.1 part 7: 7 working days.
    termDays: 7,
    termUnit: 'working_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.uaig.office),
      stage('review', 4, u.uaig.permits),
      stage('drafting', 1, u.uaig.permits),
      stage('signing', 1, u.uaig.head),
    ],
    refusalGrounds: [
      ownGround(
        'parameters',
        'Параметры дома не соответствуют предельным параметрам, установленным правилами землепользования и застройки (ч. 10 ст. 51.1 ГрК РФ)',
        'The house exceeds the limits set by the land use and development rules (Town Planning Code art. 51.1 part 10)',
        'Йортның параметрлары җирдән файдалану һәм төзелеш кагыйдәләре билгеләгән чик параметрларга туры килми (РФ ШТК 51.1 ст. 10 өлеше)',
      ),
      ownGround(
        'use_not_permitted',
        'Размещение дома не допускается видом разрешённого использования участка (ч. 10 ст. 51.1 ГрК РФ)',
        'A house is not allowed by the plot’s permitted use (Town Planning Code art. 51.1 part 10)',
        'Кишәрлекнең рөхсәт ителгән файдалану төре йорт урнаштыруга юл куймый (РФ ШТК 51.1 ст. 10 өлеше)',
      ),
    ],
    collection: collection.uaig,
    fields: [
      f.cadastral(),
      f.address,
      floors(3),
      field('height', 'number', tx('Высота дома, м', 'Height of the house, m', 'Йортның биеклеге, м'), {
        min: 2,
        max: 20,
      }),
      field(
        'setback',
        'number',
        tx('Отступ от границ участка, м', 'Setback from the plot boundary, m', 'Кишәрлек чикләреннән ара, м'),
        { min: 0, max: 100 },
      ),
      choice('house_kind', tx('Вид объекта', 'Kind of building', 'Объект төре'), [
        ['individual_house', 'Индивидуальный жилой дом', 'Detached house', 'Индивидуаль торак йорт'],
        ['garden_house', 'Садовый дом', 'Garden house', 'Бакча йорты'],
      ]),
      f.consent,
    ],
    demand: 5,
  },
  {
    code: 'house-completed',
    department: 'uaig',
    name: tx(
      'Уведомление об окончании строительства индивидуального жилого дома',
      'Notice of a completed detached house',
      'Индивидуаль торак йорт төзелеше тәмамлануы турында белдерү',
    ),
    description: tx(
      'После строительства дома: управление проверяет соответствие дома параметрам и само направляет документы в Росреестр для регистрации прав.',
      'Once the house is built: the department checks it against the notified parameters and itself sends the documents to Rosreestr to register the rights.',
      'Йорт төзелгәннән соң: идарә аның параметрларга туры килүен тикшерә һәм хокукларны теркәү өчен документларны Росреестрга үзе җибәрә.',
    ),
    applicantKinds: ['person', 'entrepreneur'],
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'technical_plan',
        true,
        'Технический план дома',
        'Technical plan of the house',
        'Йортның техник планы',
      ),
    ],
    resultKind: 'decision',
    // Town Planning Code art. 55 part 19: 7 working days.
    termDays: 7,
    termUnit: 'working_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.uaig.office),
      stage('review', 3, u.uaig.permits),
      stage('inspection', 2, u.uaig.permits),
      stage('signing', 1, u.uaig.head),
    ],
    refusalGrounds: [
      ownGround(
        'parameters',
        'Параметры построенного дома не соответствуют указанным в уведомлении о планируемом строительстве (ч. 20 ст. 55 ГрК РФ)',
        'The house as built does not match the parameters of the planning notice (Town Planning Code art. 55 part 20)',
        'Төзелгән йортның параметрлары төзелеш турында белдерүдә күрсәтелгәннәргә туры килми (РФ ШТК 55 ст. 20 өлеше)',
      ),
      g.documents,
    ],
    collection: collection.uaig,
    fields: [
      f.cadastral(),
      f.address,
      field(
        'notice_number',
        'text',
        tx('Номер уведомления о планируемом строительстве', 'Planning notice number', 'Төзелеш турында белдерү номеры'),
        {
          min: 3,
          max: 60,
        },
      ),
      floors(3),
      totalArea(),
      f.consent,
    ],
    demand: 3,
  },
  {
    code: 'redevelopment',
    department: 'uaig',
    name: tx(
      'Согласование переустройства и (или) перепланировки помещения в многоквартирном доме',
      'Approval of alterations or redevelopment of a flat',
      'Күпфатирлы йорттагы бинаны яңадан җиһазлауны һәм (яки) яңадан планлаштыруны килештерү',
    ),
    description: tx(
      'Решение межведомственной комиссии о согласовании переноса стен, объединения помещений, переноса санитарно-технического оборудования по проекту.',
      'The inter-agency commission’s approval of moving walls, joining rooms or moving plumbing according to a project.',
      'Ведомствоара комиссиянең проект буенча диварларны күчерүне, бүлмәләрне берләштерүне, санитар-техник җиһазларны күчерүне килештерү турында карары.',
    ),
    applicantKinds: everyone,
    documents: [
      d.identity,
      d.proxy,
      d.premisesTitle,
      ownDocument(
        'project',
        true,
        'Проект переустройства и (или) перепланировки',
        'Project of the alterations or redevelopment',
        'Яңадан җиһазлау һәм (яки) яңадан планлаштыру проекты',
      ),
      ownDocument(
        'family_consent',
        false,
        'Согласие совершеннолетних членов семьи нанимателя (для квартир по договору социального найма)',
        'Consent of the tenant’s adult family members (for socially rented flats)',
        'Яллаучының балигъ гаилә әгъзаларының ризалыгы (социаль наем шартнамәсе буенча фатирлар өчен)',
      ),
    ],
    resultKind: 'decision',
    // Housing Code art. 26 part 4: no later than 45 days.
    termDays: 45,
    termUnit: 'calendar_days',
    pausable: true,
    stages: [
      stage('registration', 1, u.uaig.office),
      stage('review', 5, u.uaig.housing),
      stage('commission', 15, u.uaig.housing),
      stage('drafting', 5, u.uaig.housing),
      stage('signing', 3, u.uaig.head),
    ],
    refusalGrounds: [
      ownGround(
        'documents',
        'Не представлены документы, указанные в ч. 2 ст. 26 Жилищного кодекса РФ (п. 1 ч. 1 ст. 27 ЖК РФ)',
        'The documents listed in Housing Code art. 26 part 2 were not submitted (Housing Code art. 27 part 1 item 1)',
        'РФ Торак кодексының 26 ст. 2 өлешендә күрсәтелгән документлар тапшырылмаган (РФ ТК 27 ст. 1 өлешенең 1 п.)',
      ),
      ownGround(
        'project_not_compliant',
        'Проект не соответствует требованиям законодательства (п. 3 ч. 1 ст. 27 ЖК РФ)',
        'The project does not meet the requirements of the law (Housing Code art. 27 part 1 item 3)',
        'Проект законнар таләпләренә туры килми (РФ ТК 27 ст. 1 өлешенең 3 п.)',
      ),
    ],
    collection: collection.uaig,
    fields: [
      f.address,
      f.apartment(),
      choice('works', tx('Вид работ', 'Kind of works', 'Эшләр төре'), [
        ['redevelopment', 'Перепланировка', 'Redevelopment', 'Яңадан планлаштыру'],
        ['alterations', 'Переустройство', 'Alterations (plumbing, equipment)', 'Яңадан җиһазлау'],
        ['both', 'Переустройство и перепланировка', 'Both', 'Яңадан җиһазлау һәм яңадан планлаштыру'],
      ]),
      field('premises_area', 'number', tx('Площадь помещения, м²', 'Area of the premises, m²', 'Бинаның мәйданы, м²'), {
        min: 5,
        max: 1000,
      }),
      f.description(true, 'Описание работ', 'Description of the works', 'Эшләрнең тасвирламасы'),
      field(
        'months',
        'number',
        tx('Срок производства работ, месяцев', 'Duration of the works, months', 'Эшләрне башкару срогы, ай'),
        {
          min: 1,
          max: 24,
        },
      ),
      f.consent,
    ],
    demand: 9,
  },
  {
    code: 'non-residential',
    department: 'uaig',
    name: tx(
      'Перевод жилого помещения в нежилое и нежилого в жилое',
      'Conversion of a dwelling into non-residential premises and back',
      'Торак бинаны торак булмаган бинага һәм торак булмаган бинаны торак бинага күчерү',
    ),
    description: tx(
      'Решение о переводе квартиры на первом этаже в магазин, офис или кабинет — или наоборот — с условиями работ, если они нужны.',
      'A decision to turn a ground-floor flat into a shop, office or surgery — or back — with the works required, if any.',
      'Беренче каттагы фатирны кибеткә, офиска яки кабинетка күчерү (яки киресенчә) турында карар, кирәк булса, эшләр шартлары белән.',
    ),
    applicantKinds: everyone,
    documents: [
      d.identity,
      d.proxy,
      d.premisesTitle,
      ownDocument('floor_plan', true, 'Поэтажный план дома', 'Floor plan of the building', 'Йортның катлар планы'),
      ownDocument(
        'owners_consent',
        true,
        'Протокол общего собрания собственников о согласии на перевод',
        'Minutes of the owners’ general meeting consenting to the conversion',
        'Милекчеләрнең гомуми җыелышының күчерүгә ризалык турында беркетмәсе',
      ),
    ],
    resultKind: 'decision',
    // Housing Code art. 23 part 4: no later than 45 days.
    termDays: 45,
    termUnit: 'calendar_days',
    pausable: true,
    stages: [
      stage('registration', 1, u.uaig.office),
      stage('review', 5, u.uaig.housing),
      stage('interagency', 5, u.uaig.housing),
      stage('commission', 10, u.uaig.housing),
      stage('drafting', 5, u.uaig.housing),
      stage('signing', 3, u.uaig.head),
    ],
    refusalGrounds: [
      ownGround(
        'conditions',
        'Не соблюдены условия перевода, установленные ст. 22 Жилищного кодекса РФ (п. 3 ч. 1 ст. 24 ЖК РФ)',
        'The conditions of Housing Code art. 22 are not met (Housing Code art. 24 part 1 item 3)',
        'РФ Торак кодексының 22 ст. билгеләгән күчерү шартлары үтәлмәгән (РФ ТК 24 ст. 1 өлешенең 3 п.)',
      ),
      g.documents,
    ],
    collection: collection.uaig,
    fields: [
      f.address,
      f.apartment(),
      field('premises_area', 'number', tx('Площадь помещения, м²', 'Area of the premises, m²', 'Бинаның мәйданы, м²'), {
        min: 5,
        max: 1000,
      }),
      choice('new_use', tx('Новое назначение', 'New use', 'Яңа билгеләнеш'), [
        ['shop', 'Магазин', 'Shop', 'Кибет'],
        ['office', 'Офис', 'Office', 'Офис'],
        ['medical', 'Медицинский кабинет', 'Surgery', 'Медицина кабинеты'],
        ['services', 'Бытовые услуги', 'Consumer services', 'Көнкүреш хезмәтләре'],
        ['dwelling', 'Жилое помещение', 'Dwelling', 'Торак бина'],
      ]),
      field(
        'with_works',
        'checkbox',
        tx(
          'Нужны переустройство или перепланировка',
          'Alterations or redevelopment needed',
          'Яңадан җиһазлау яки яңадан планлаштыру кирәк',
        ),
        { required: false },
      ),
      f.consent,
    ],
    demand: 3,
  },
  {
    code: 'address',
    department: 'uaig',
    name: tx('Присвоение адреса объекту адресации', 'Address assignment', 'Адреслау объектына адрес бирү'),
    description: tx(
      'Присвоение, изменение или аннулирование адреса земельного участка, здания или помещения с внесением в государственный адресный реестр (ФИАС).',
      'Assigning, changing or cancelling the address of a land plot, building or premises, entered in the state address register (FIAS).',
      'Җир кишәрлегенә, бинага яки биналар эчендәге урынга адрес бирү, аны үзгәртү яки юкка чыгару һәм дәүләт адреслар реестрына (ФИАС) кертү.',
    ),
    applicantKinds: everyone,
    documents: [d.identity, d.proxy, d.landTitle],
    resultKind: 'decision',
    // Rules of address assignment (Government Decree No. 1221 of 19.11.2014), item 37: 10 working days.
    termDays: 10,
    termUnit: 'working_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.uaig.office),
      stage('review', 3, u.uaig.addresses),
      stage('inspection', 2, u.uaig.addresses),
      stage('drafting', 2, u.uaig.addresses),
      stage('signing', 2, u.uaig.head),
    ],
    refusalGrounds: [
      ownGround(
        'not_owner',
        'С заявлением обратилось лицо, не указанное в пп. 27 и 29 Правил присвоения адресов (п. 40 Правил, утв. постановлением Правительства РФ от 19.11.2014 № 1221)',
        'The applicant is not one of the persons of items 27 and 29 of the Address Rules (item 40 of the Rules approved by Government Decree No. 1221 of 19.11.2014)',
        'Гариза белән адрес бирү кагыйдәләренең 27 һәм 29 п. күрсәтелмәгән зат мөрәҗәгать иткән (РФ Хөкүмәтенең 19.11.2014 ел, № 1221 карары белән расланган кагыйдәләрнең 40 п.)',
      ),
      ownGround(
        'not_addressable',
        'Отсутствуют случаи и условия для присвоения адреса, указанные в пп. 5, 8–11 и 14–18 Правил (п. 40 Правил № 1221)',
        'None of the cases of items 5, 8–11 and 14–18 of the Rules applies (item 40 of Rules No. 1221)',
        'Кагыйдәләрнең 5, 8–11 һәм 14–18 п. күрсәтелгән адрес бирү очраклары юк (№ 1221 кагыйдәләрнең 40 п.)',
      ),
    ],
    collection: collection.uaig,
    fields: [
      choice('object_kind', tx('Объект адресации', 'Object to address', 'Адреслау объекты'), [
        ['land_plot', 'Земельный участок', 'Land plot', 'Җир кишәрлеге'],
        ['building', 'Здание, сооружение', 'Building or structure', 'Бина, корылма'],
        ['premises', 'Помещение', 'Premises', 'Бина эчендәге урын'],
      ]),
      field(
        'cadastral_number',
        'cadastral_number',
        tx('Кадастровый номер объекта', 'Cadastral number of the object', 'Объектның кадастр номеры'),
        { hint: tx('Например, 16:50:011102:123', 'For example, 16:50:011102:123', 'Мәсәлән, 16:50:011102:123') },
      ),
      field(
        'location',
        'text',
        tx('Описание местоположения', 'Description of the location', 'Урнашу урыны тасвирламасы'),
        {
          min: 5,
          max: 300,
        },
      ),
      choice('reason', tx('Основание', 'Reason', 'Нигез'), [
        ['new_building', 'Ввод построенного здания', 'A newly built building', 'Яңа төзелгән бина'],
        ['new_plot', 'Образование земельного участка', 'A newly formed land plot', 'Яңа барлыкка килгән җир кишәрлеге'],
        ['registration', 'Постановка на кадастровый учёт', 'Entering the cadastre', 'Кадастр исәбенә кую'],
        ['change', 'Изменение адреса', 'Changing the address', 'Адресны үзгәртү'],
      ]),
      f.consent,
    ],
    demand: 6,
  },
];

// ---------------------------------------------------------------------------------------------
// Управление наружной рекламы и информации (УНРИ)

const advertising: CatalogueService[] = [
  {
    code: 'advertising',
    department: 'advertising',
    name: tx(
      'Выдача разрешения на установку и эксплуатацию рекламной конструкции',
      'Permit to install an advertising structure',
      'Реклама конструкциясен урнаштыруга һәм файдалануга рөхсәт бирү',
    ),
    description: tx(
      'Разрешение на рекламную конструкцию (щит, ситиформат, стелу, крышную установку) по схеме размещения рекламных конструкций Казани.',
      'Permission for an advertising structure (billboard, city format, pylon, rooftop sign) on Kazan’s advertising placement scheme.',
      'Казанның реклама конструкцияләрен урнаштыру схемасы буенча реклама конструкциясенә (щит, ситиформат, стела, түбә өстендәге җайланма) рөхсәт.',
    ),
    applicantKinds: business,
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'owner_consent',
        true,
        'Согласие собственника недвижимого имущества, к которому присоединяется конструкция',
        'Consent of the owner of the property the structure is attached to',
        'Конструкция беркетелә торган күчемсез милек милекчесенең ризалыгы',
      ),
      ownDocument(
        'project',
        true,
        'Проект рекламной конструкции с фотомонтажом',
        'Design of the structure with a photomontage',
        'Фотомонтаж белән реклама конструкциясе проекты',
      ),
    ],
    resultKind: 'document',
    // Federal Law No. 38-FZ "On advertising" art. 19 part 17: two months (61 days at most).
    termDays: 60,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.advertising.office),
      stage('review', 5, u.advertising.office),
      stage('approvals', 15, u.advertising.design),
      stage('drafting', 5, u.advertising.office),
      stage('signing', 3, u.advertising.head),
    ],
    refusalGrounds: [
      ownGround(
        'scheme',
        'Место установки не соответствует схеме размещения рекламных конструкций (п. 2 ч. 15 ст. 19 Федерального закона от 13.03.2006 № 38-ФЗ «О рекламе»)',
        'The place is not on the advertising placement scheme (Federal Law No. 38-FZ “On advertising” art. 19 part 15 item 2)',
        'Урнаштыру урыны реклама конструкцияләрен урнаштыру схемасына туры килми (13.03.2006 ел, № 38-ФЗ «Реклама турында» Федераль закон, 19 ст. 15 өлешенең 2 п.)',
      ),
      ownGround(
        'traffic_safety',
        'Нарушение требований безопасности дорожного движения (п. 4 ч. 15 ст. 19 Федерального закона № 38-ФЗ)',
        'It would endanger road traffic safety (Federal Law No. 38-FZ art. 19 part 15 item 4)',
        'Юл хәрәкәте куркынычсызлыгы таләпләре бозыла (№ 38-ФЗ Федераль закон, 19 ст. 15 өлешенең 4 п.)',
      ),
      ownGround(
        'appearance',
        'Нарушение внешнего архитектурного облика сложившейся застройки (п. 5 ч. 15 ст. 19 Федерального закона № 38-ФЗ)',
        'It would spoil the established architectural appearance of the street (Federal Law No. 38-FZ art. 19 part 15 item 5)',
        'Урнашкан төзелешнең тышкы архитектура кыяфәте бозыла (№ 38-ФЗ Федераль закон, 19 ст. 15 өлешенең 5 п.)',
      ),
    ],
    collection: collection.advertising,
    fields: [
      f.address,
      choice('structure', tx('Тип конструкции', 'Kind of structure', 'Конструкция төре'), [
        ['billboard', 'Щит 3×6 м', 'Billboard 3×6 m', '3×6 м щит'],
        ['city_format', 'Ситиформат', 'City format', 'Ситиформат'],
        ['pylon', 'Стела', 'Pylon', 'Стела'],
        ['rooftop', 'Крышная установка', 'Rooftop sign', 'Түбә өстендәге җайланма'],
        ['facade_banner', 'Панно на фасаде', 'Facade banner', 'Фасадтагы панно'],
      ]),
      field('sides', 'number', tx('Количество сторон', 'Number of faces', 'Яклар саны'), { min: 1, max: 4 }),
      field(
        'field_area',
        'number',
        tx('Площадь информационного поля, м²', 'Advertising area, m²', 'Мәгълүмат кыры мәйданы, м²'),
        { min: 1, max: 300 },
      ),
      f.consent,
    ],
    demand: 2,
  },
  {
    code: 'signboard',
    department: 'advertising',
    name: tx(
      'Согласование дизайн-проекта размещения вывески',
      'Approval of a shop sign design',
      'Элмә такта урнаштыру дизайн-проектын килештерү',
    ),
    description: tx(
      'Проверка вывески на соответствие Правилам благоустройства Казани и архитектурному облику фасада.',
      'Checks a sign against Kazan’s Landscaping Rules and the facade’s architecture.',
      'Элмә тактаның Казанны төзекләндерү кагыйдәләренә һәм фасадның архитектура кыяфәтенә туры килүен тикшерү.',
    ),
    applicantKinds: business,
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'design',
        true,
        'Дизайн-проект вывески с привязкой к фасаду',
        'Sign design placed on the facade drawing',
        'Фасадка бәйләнгән элмә такта дизайн-проекты',
      ),
    ],
    resultKind: 'decision',
    // The administrative regulation of the Executive Committee: 15 working days.
    termDays: 15,
    termUnit: 'working_days',
    pausable: true,
    stages: [
      stage('registration', 1, u.advertising.office),
      stage('review', 5, u.advertising.office),
      stage('approvals', 5, u.advertising.design),
      stage('drafting', 2, u.advertising.office),
      stage('signing', 2, u.advertising.head),
    ],
    refusalGrounds: [
      ownGround(
        'rules',
        'Вывеска не соответствует требованиям Правил благоустройства территории г. Казани',
        'The sign does not meet Kazan’s Landscaping Rules',
        'Элмә такта Казан шәһәре территориясен төзекләндерү кагыйдәләре таләпләренә туры килми',
      ),
      g.documents,
    ],
    collection: collection.advertising,
    fields: [
      f.address,
      field('sign_text', 'text', tx('Текст вывески', 'Text of the sign', 'Элмә такта тексты'), { min: 2, max: 200 }),
      choice('sign_kind', tx('Вид вывески', 'Kind of sign', 'Элмә такта төре'), [
        ['wall', 'Настенная', 'Wall sign', 'Диварга беркетелгән'],
        ['projecting', 'Консольная', 'Projecting sign', 'Консольле'],
        ['window', 'В витрине', 'In the shop window', 'Витринада'],
        ['rooftop', 'На крыше', 'On the roof', 'Түбәдә'],
      ]),
      field('width', 'number', tx('Ширина, м', 'Width, m', 'Киңлеге, м'), { min: 0.1, max: 30 }),
      field('height', 'number', tx('Высота, м', 'Height, m', 'Биеклеге, м'), { min: 0.1, max: 5 }),
      field('illuminated', 'checkbox', tx('С подсветкой', 'Illuminated', 'Яктыртулы'), { required: false }),
      f.consent,
    ],
    demand: 4,
  },
];

// ---------------------------------------------------------------------------------------------
// Комитет земельных и имущественных отношений (КЗИО)

const land: CatalogueService[] = [
  {
    code: 'property-extract',
    department: 'kzio',
    name: tx(
      'Выписка из реестра муниципального имущества',
      'Extract from the municipal property register',
      'Муниципаль милек реестрыннан өземтә',
    ),
    description: tx(
      'Сведения о том, числится ли объект в реестре муниципального имущества г. Казани, с его характеристиками.',
      'Whether a property is in Kazan’s register of municipal property, with its particulars.',
      'Объектның Казан шәһәре муниципаль милек реестрында исәптә торуы һәм аның характеристикалары турында мәгълүмат.',
    ),
    applicantKinds: everyone,
    documents: [d.identity, d.proxy],
    resultKind: 'certificate',
    // The administrative regulation of the Executive Committee: 10 working days.
    termDays: 10,
    termUnit: 'working_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.kzio.office),
      stage('review', 4, u.kzio.property),
      stage('drafting', 3, u.kzio.property),
      stage('signing', 2, u.kzio.head),
    ],
    refusalGrounds: [
      ownGround(
        'unidentifiable',
        'Запрос не позволяет определить объект (нет адреса или кадастрового номера) (административный регламент услуги)',
        'The request does not identify the property (no address or cadastral number) (the service’s administrative regulation)',
        'Сорау объектны билгеләргә мөмкинлек бирми (адрес яки кадастр номеры юк) (хезмәтнең административ регламенты)',
      ),
      g.documents,
    ],
    collection: collection.kzio,
    fields: [
      choice('object_kind', tx('Вид объекта', 'Kind of property', 'Объект төре'), [
        ['premises', 'Помещение', 'Premises', 'Бина эчендәге урын'],
        ['building', 'Здание', 'Building', 'Бина'],
        ['land_plot', 'Земельный участок', 'Land plot', 'Җир кишәрлеге'],
      ]),
      f.address,
      f.cadastral(false),
      field('for_whom', 'text', tx('Для представления в', 'To be presented to', 'Кая тапшыру өчен'), {
        required: false,
        max: 200,
      }),
      f.consent,
    ],
    demand: 3,
  },
  {
    code: 'land-lease',
    department: 'kzio',
    name: tx(
      'Предоставление земельного участка в аренду без проведения торгов',
      'Lease of a land plot without an auction',
      'Җир кишәрлеген сәүдәләр үткәрмичә арендага бирү',
    ),
    description: tx(
      'Договор аренды муниципального участка без торгов в случаях п. 2 ст. 39.6 Земельного кодекса РФ: собственнику здания, для ИЖС, для масштабного инвестиционного проекта и др.',
      'A lease of a municipal plot without an auction in the cases of Land Code art. 39.6 item 2: to a building’s owner, for a detached house, for a major investment project and others.',
      'РФ Җир кодексының 39.6 ст. 2 п. очракларында муниципаль кишәрлекне сәүдәләрсез арендага алу шартнамәсе: бина милекчесенә, индивидуаль торак төзелеше өчен, зур инвестиция проекты өчен һ.б.',
    ),
    applicantKinds: everyone,
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'grounds',
        true,
        'Документы, подтверждающие право на приобретение участка без торгов',
        'Documents proving the right to the plot without an auction',
        'Кишәрлекне сәүдәләрсез алуга хокукны раслаучы документлар',
      ),
    ],
    resultKind: 'document',
    // Land Code art. 39.17 part 5: no more than 20 days.
    termDays: 20,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.kzio.office),
      stage('review', 3, u.kzio.land),
      stage('interagency', 4, u.kzio.land),
      stage('drafting', 3, u.kzio.land),
      stage('signing', 2, u.kzio.head),
    ],
    refusalGrounds: [
      ownGround(
        'granted_to_others',
        'Участок предоставлен на праве аренды или ином праве другому лицу (п. 4 ст. 39.16 Земельного кодекса РФ)',
        'The plot is already leased or held by another person (Land Code art. 39.16 item 4)',
        'Кишәрлек башка затка арендага яки башка хокук белән бирелгән (РФ Җир кодексының 39.16 ст. 4 п.)',
      ),
      ownGround(
        'use_not_allowed',
        'Цель использования участка не соответствует его разрешённому использованию (п. 14 ст. 39.16 ЗК РФ)',
        'The intended use does not match the plot’s permitted use (Land Code art. 39.16 item 14)',
        'Кишәрлектән файдалану максаты аның рөхсәт ителгән файдалану төренә туры килми (РФ ҖК 39.16 ст. 14 п.)',
      ),
      ownGround(
        'no_right',
        'Заявитель не вправе приобрести участок без торгов (п. 1 ст. 39.16 ЗК РФ)',
        'The applicant has no right to the plot without an auction (Land Code art. 39.16 item 1)',
        'Гариза бирүченең кишәрлекне сәүдәләрсез алырга хокукы юк (РФ ҖК 39.16 ст. 1 п.)',
      ),
    ],
    collection: collection.kzio,
    fields: [
      f.cadastral(),
      f.address,
      choice(
        'lease_ground',
        tx('Основание предоставления без торгов', 'Ground for no auction', 'Сәүдәләрсез бирү нигезе'),
        [
          [
            'building_owner',
            'Собственник здания на участке (пп. 9 п. 2 ст. 39.6 ЗК РФ)',
            'Owner of a building on the plot (Land Code art. 39.6 item 2 sub-item 9)',
            'Кишәрлектәге бина милекчесе (РФ ҖК 39.6 ст. 2 п. 9 пп.)',
          ],
          [
            'individual_house',
            'Гражданину для индивидуального жилищного строительства (пп. 15 п. 2 ст. 39.6 ЗК РФ)',
            'A citizen, for a detached house (Land Code art. 39.6 item 2 sub-item 15)',
            'Гражданга индивидуаль торак төзелеше өчен (РФ ҖК 39.6 ст. 2 п. 15 пп.)',
          ],
          [
            'investment',
            'Масштабный инвестиционный проект (пп. 3 п. 2 ст. 39.6 ЗК РФ)',
            'Major investment project (Land Code art. 39.6 item 2 sub-item 3)',
            'Зур инвестиция проекты (РФ ҖК 39.6 ст. 2 п. 3 пп.)',
          ],
        ],
      ),
      field('lease_years', 'number', tx('Срок аренды, лет', 'Lease term, years', 'Аренда срогы, ел'), {
        min: 1,
        max: 49,
      }),
      f.consent,
    ],
    demand: 4,
  },
  {
    code: 'land-redistribution',
    department: 'kzio',
    name: tx(
      'Перераспределение земель и земельного участка, находящегося в частной собственности',
      'Redistribution of municipal land and a private plot',
      'Җирләрне һәм хосусый милектәге җир кишәрлеген яңадан бүлү',
    ),
    description: tx(
      'Согласие на увеличение частного участка за счёт примыкающих муниципальных земель по схеме расположения участка.',
      'Consent to enlarge a private plot with adjoining municipal land according to a plot layout scheme.',
      'Кишәрлекнең урнашу схемасы буенча хосусый кишәрлекне аңа тоташкан муниципаль җирләр хисабына зурайтуга ризалык.',
    ),
    applicantKinds: ['person', 'entrepreneur', 'legal_entity'],
    documents: [
      d.identity,
      d.proxy,
      d.landTitle,
      ownDocument(
        'layout_scheme',
        true,
        'Схема расположения земельного участка на кадастровом плане территории',
        'Layout scheme of the plot on the cadastral plan of the territory',
        'Территориянең кадастр планында җир кишәрлегенең урнашу схемасы',
      ),
    ],
    resultKind: 'decision',
    // Land Code art. 39.29 part 8: no more than 20 days.
    termDays: 20,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.kzio.office),
      stage('review', 4, u.kzio.land),
      stage('inspection', 3, u.kzio.land),
      stage('drafting', 3, u.kzio.land),
      stage('signing', 2, u.kzio.head),
    ],
    refusalGrounds: [
      ownGround(
        'independent_plot',
        'Из земель, за счёт которых предполагается перераспределение, можно образовать самостоятельный участок (пп. 9 п. 9 ст. 39.29 ЗК РФ)',
        'A separate plot could be formed from the land to be added (Land Code art. 39.29 item 9 sub-item 9)',
        'Яңадан бүлү өчен алынырга тиешле җирләрдән аерым кишәрлек төзергә мөмкин (РФ ҖК 39.29 ст. 9 п. 9 пп.)',
      ),
      ownGround(
        'limits',
        'Площадь участка после перераспределения превысит предельный максимальный размер (пп. 7 п. 9 ст. 39.29 ЗК РФ)',
        'The enlarged plot would exceed the maximum size (Land Code art. 39.29 item 9 sub-item 7)',
        'Яңадан бүлүдән соң кишәрлекнең мәйданы иң чик зурлыктан артып китәчәк (РФ ҖК 39.29 ст. 9 п. 7 пп.)',
      ),
    ],
    collection: collection.kzio,
    fields: [
      f.cadastral(),
      f.address,
      plotArea,
      field(
        'added_area',
        'number',
        tx('Площадь присоединяемых земель, м²', 'Area of the land to add, m²', 'Кушыла торган җирләрнең мәйданы, м²'),
        { min: 1, max: 5000 },
      ),
      f.consent,
    ],
    demand: 2,
  },
  {
    code: 'land-use',
    department: 'kzio',
    name: tx(
      'Выдача разрешения на использование земель без предоставления земельного участка',
      'Permit to use land without granting a plot',
      'Җир кишәрлеген бирмичә җирләрдән файдалануга рөхсәт бирү',
    ),
    description: tx(
      'Для размещения сетей, проездов, площадок и других объектов из перечня, утверждённого постановлением Правительства РФ от 03.12.2014 № 1300, без оформления участка.',
      'To place utility lines, driveways, playgrounds and other objects of the list approved by Government Decree No. 1300 of 03.12.2014 without forming a plot.',
      'РФ Хөкүмәтенең 03.12.2014 ел, № 1300 карары белән расланган исемлектәге челтәрләрне, юлларны, мәйданчыкларны һәм башка объектларны кишәрлек рәсмиләштермичә урнаштыру өчен.',
    ),
    applicantKinds: everyone,
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'location_scheme',
        true,
        'Схема границ предполагаемых к использованию земель',
        'Scheme of the boundaries of the land to be used',
        'Файдаланырга планлаштырылган җирләрнең чикләре схемасы',
      ),
    ],
    resultKind: 'decision',
    // The administrative regulation (Land Code art. 39.34): 25 days.
    termDays: 25,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.kzio.office),
      stage('review', 5, u.kzio.land),
      stage('approvals', 5, u.kzio.land),
      stage('drafting', 3, u.kzio.land),
      stage('signing', 2, u.kzio.head),
    ],
    refusalGrounds: [
      ownGround(
        'not_in_list',
        'Объект не входит в перечень, утверждённый постановлением Правительства РФ от 03.12.2014 № 1300 (пп. 2 п. 3 ст. 39.34 ЗК РФ)',
        'The object is not on the list of Government Decree No. 1300 of 03.12.2014 (Land Code art. 39.34 item 3 sub-item 2)',
        'Объект РФ Хөкүмәтенең 03.12.2014 ел, № 1300 карары белән расланган исемлеккә керми (РФ ҖК 39.34 ст. 3 п. 2 пп.)',
      ),
      ownGround(
        'granted',
        'Земельный участок предоставлен физическому или юридическому лицу (пп. 3 п. 3 ст. 39.34 ЗК РФ)',
        'The land has been granted to a person or company (Land Code art. 39.34 item 3 sub-item 3)',
        'Җир кишәрлеге физик яки юридик затка бирелгән (РФ ҖК 39.34 ст. 3 п. 3 пп.)',
      ),
    ],
    collection: collection.kzio,
    fields: [
      field('location', 'text', tx('Местоположение земель', 'Location of the land', 'Җирләрнең урнашу урыны'), {
        min: 5,
        max: 300,
      }),
      choice('use', tx('Вид объекта', 'Kind of object', 'Объект төре'), [
        ['utility_line', 'Инженерные сети', 'Utility lines', 'Инженерлык челтәрләре'],
        ['driveway', 'Проезд, тротуар', 'Driveway or pavement', 'Юл, тротуар'],
        [
          'playground',
          'Детская или спортивная площадка',
          'Playground or sports ground',
          'Балалар яки спорт мәйданчыгы',
        ],
        ['parking', 'Стоянка транспортных средств', 'Parking', 'Транспорт чаралары тукталышы'],
        ['survey', 'Инженерные изыскания', 'Engineering survey', 'Инженерлык эзләнүләре'],
      ]),
      field('use_area', 'number', tx('Площадь, м²', 'Area, m²', 'Мәйданы, м²'), { min: 1, max: 10_000 }),
      field('use_months', 'number', tx('Срок использования, месяцев', 'Term of use, months', 'Файдалану срогы, ай'), {
        min: 1,
        max: 60,
      }),
      f.consent,
    ],
    demand: 2,
  },
  {
    code: 'land-preapproval',
    department: 'kzio',
    name: tx(
      'Предварительное согласование предоставления земельного участка',
      'Preliminary approval of granting a land plot',
      'Җир кишәрлеген бирүне алдан килештерү',
    ),
    description: tx(
      'Решение, с которым заявитель обеспечивает кадастровые работы и постановку участка на учёт, а затем получает его без торгов.',
      'A decision with which the applicant has the plot surveyed and registered, and then receives it without an auction.',
      'Гариза бирүче аның нигезендә кадастр эшләрен үткәрә, кишәрлекне исәпкә куя, аннары аны сәүдәләрсез ала.',
    ),
    applicantKinds: everyone,
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'layout_scheme',
        true,
        'Схема расположения земельного участка на кадастровом плане территории',
        'Layout scheme of the plot on the cadastral plan of the territory',
        'Территориянең кадастр планында җир кишәрлегенең урнашу схемасы',
      ),
    ],
    resultKind: 'decision',
    // Land Code art. 39.15 part 7: no more than 20 days.
    termDays: 20,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.kzio.office),
      stage('review', 4, u.kzio.land),
      stage('interagency', 4, u.kzio.land),
      stage('drafting', 3, u.kzio.land),
      stage('signing', 2, u.kzio.head),
    ],
    refusalGrounds: [
      ownGround(
        'scheme',
        'Схема расположения участка не может быть утверждена (п. 16 ст. 11.10, пп. 1 п. 8 ст. 39.15 ЗК РФ)',
        'The plot layout scheme cannot be approved (Land Code art. 11.10 item 16; art. 39.15 item 8 sub-item 1)',
        'Кишәрлекнең урнашу схемасын раслап булмый (РФ ҖК 11.10 ст. 16 п.; 39.15 ст. 8 п. 1 пп.)',
      ),
      ownGround(
        'no_right',
        'Заявитель не вправе приобрести участок без торгов (пп. 2 п. 8 ст. 39.15, п. 1 ст. 39.16 ЗК РФ)',
        'The applicant has no right to the plot without an auction (Land Code art. 39.15 item 8 sub-item 2; art. 39.16 item 1)',
        'Гариза бирүченең кишәрлекне сәүдәләрсез алырга хокукы юк (РФ ҖК 39.15 ст. 8 п. 2 пп.; 39.16 ст. 1 п.)',
      ),
    ],
    collection: collection.kzio,
    fields: [
      field('location', 'text', tx('Местоположение участка', 'Location of the plot', 'Кишәрлекнең урнашу урыны'), {
        min: 5,
        max: 300,
      }),
      plotArea,
      choice('right', tx('Вид права', 'Kind of right', 'Хокук төре'), [
        ['lease', 'Аренда', 'Lease', 'Аренда'],
        ['ownership', 'Собственность', 'Ownership', 'Милек'],
        ['free_use', 'Безвозмездное пользование', 'Free use', 'Түләүсез файдалану'],
      ]),
      buildingPurpose,
      f.consent,
    ],
    demand: 2,
  },
];

// ---------------------------------------------------------------------------------------------
// Управление образования, Архивный отдел, Управление жилищной политики

const kindergartens: [string, string, string, string][] = [
  [
    'ds-vakh-12',
    'Детский сад № 12 (Вахитовский район)',
    'Kindergarten No. 12 (Vakhitovsky District)',
    '12 нче балалар бакчасы (Вахитов районы)',
  ],
  [
    'ds-sov-215',
    'Детский сад № 215 (Советский район)',
    'Kindergarten No. 215 (Sovetsky District)',
    '215 нче балалар бакчасы (Совет районы)',
  ],
  [
    'ds-ns-371',
    'Детский сад № 371 (Ново-Савиновский район)',
    'Kindergarten No. 371 (Novo-Savinovsky District)',
    '371 нче балалар бакчасы (Яңа Савин районы)',
  ],
  [
    'ds-priv-89',
    'Детский сад № 89 (Приволжский район)',
    'Kindergarten No. 89 (Privolzhsky District)',
    '89 нчы балалар бакчасы (Идел буе районы)',
  ],
  [
    'ds-avia-27',
    'Детский сад № 27 (Авиастроительный район)',
    'Kindergarten No. 27 (Aviastroitelny District)',
    '27 нче балалар бакчасы (Авиатөзелеш районы)',
  ],
  [
    'ds-kir-138',
    'Детский сад № 138 (Кировский район)',
    'Kindergarten No. 138 (Kirovsky District)',
    '138 нче балалар бакчасы (Киров районы)',
  ],
  [
    'ds-mosk-401',
    'Детский сад № 401 (Московский район)',
    'Kindergarten No. 401 (Moskovsky District)',
    '401 нче балалар бакчасы (Мәскәү районы)',
  ],
];

const social: CatalogueService[] = [
  {
    code: 'kindergarten',
    department: 'education',
    name: tx(
      'Постановка на учёт и направление детей в детские сады',
      'Registering a child for a kindergarten place',
      'Балаларны исәпкә кую һәм балалар бакчаларына юллама бирү',
    ),
    description: tx(
      'Постановка ребёнка в очередь в муниципальные детские сады Казани с выбором до двух садов и желаемой даты; льготники получают место в первую очередь.',
      'Puts a child on the waiting list of Kazan’s municipal kindergartens, with up to two preferred kindergartens and the desired date; those with benefits come first.',
      'Баланы Казанның муниципаль балалар бакчаларына чиратка кую, ике бакчага кадәр һәм теләгән датаны сайлап; ташламалы категорияләр беренче чиратта урын ала.',
    ),
    applicantKinds: ['person'],
    documents: [
      d.identity,
      d.birthCertificate,
      ownDocument(
        'residence',
        false,
        'Документ о регистрации ребёнка по месту жительства в Казани',
        'Proof of the child’s registered residence in Kazan',
        'Баланың Казанда яшәү урыны буенча теркәлүе турында документ',
      ),
      ownDocument(
        'benefit',
        false,
        'Документ, подтверждающий право на льготу',
        'Proof of a benefit',
        'Ташламага хокукны раслаучы документ',
      ),
    ],
    resultKind: 'decision',
    // The administrative regulation of the Executive Committee: 7 working days.
    termDays: 7,
    termUnit: 'working_days',
    pausable: true,
    stages: [
      stage('registration', 1, u.education.office),
      stage('review', 4, u.education.office),
      stage('drafting', 1, u.education.office),
      stage('signing', 1, u.education.head),
    ],
    refusalGrounds: [
      ownGround(
        'age',
        'Возраст ребёнка превышает 7 лет (ч. 1 ст. 67 Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»)',
        'The child is older than seven (Federal Law No. 273-FZ “On education” art. 67 part 1)',
        'Баланың яше 7 яшьтән артык (29.12.2012 ел, № 273-ФЗ «Россия Федерациясендә мәгариф турында» Федераль закон, 67 ст. 1 өлеше)',
      ),
      ownGround(
        'already_registered',
        'Ребёнок уже состоит на учёте для направления в детский сад (административный регламент услуги)',
        'The child is already on the waiting list (the service’s administrative regulation)',
        'Бала балалар бакчасына юллама алу өчен исәптә тора инде (хезмәтнең административ регламенты)',
      ),
      g.documents,
    ],
    collection: collection.education,
    fields: [
      f.personName('child_name', 'ФИО ребёнка', 'Child’s full name', 'Баланың фамилиясе, исеме, әтисенең исеме'),
      field('child_birth_date', 'date', tx('Дата рождения ребёнка', 'Child’s date of birth', 'Баланың туган көне')),
      field(
        'birth_certificate',
        'text',
        tx(
          'Серия и номер свидетельства о рождении',
          'Birth certificate series and number',
          'Туу турында таныклыкның сериясе һәм номеры',
        ),
        {
          pattern: '[IVXLC]{1,4}-[А-ЯЁ]{2} \\d{6}',
          hint: tx('Например, II-КБ 123456', 'For example, II-КБ 123456', 'Мәсәлән, II-КБ 123456'),
        },
      ),
      choice(
        'kindergarten_1',
        tx('Детский сад (первый выбор)', 'Kindergarten (first choice)', 'Балалар бакчасы (беренче сайлау)'),
        kindergartens,
      ),
      choice(
        'kindergarten_2',
        tx('Детский сад (второй выбор)', 'Kindergarten (second choice)', 'Балалар бакчасы (икенче сайлау)'),
        kindergartens,
        false,
      ),
      field(
        'desired_date',
        'date',
        tx('Желаемая дата зачисления', 'Desired start date', 'Кабул итү өчен теләгән дата'),
      ),
      choice('group_language', tx('Язык обучения в группе', 'Language of the group', 'Төркемдә тәрбия теле'), [
        ['russian', 'Русский', 'Russian', 'Рус теле'],
        ['tatar', 'Татарский', 'Tatar', 'Татар теле'],
      ]),
      choice('benefit', tx('Льгота', 'Benefit', 'Ташлама'), [
        ['none', 'Нет', 'None', 'Юк'],
        ['large_family', 'Многодетная семья', 'Large family', 'Күп балалы гаилә'],
        [
          'disabled',
          'Ребёнок-инвалид или родитель-инвалид',
          'Disabled child or parent',
          'Инвалид бала яки инвалид ата-ана',
        ],
        ['military', 'Дети военнослужащих', 'Children of servicemen', 'Хәрби хезмәткәрләрнең балалары'],
        ['police', 'Дети сотрудников полиции', 'Children of police officers', 'Полиция хезмәткәрләренең балалары'],
      ]),
      f.consent,
    ],
    demand: 14,
  },
  {
    code: 'archive-certificate',
    department: 'archive',
    name: tx(
      'Выдача архивных справок, выписок и копий',
      'Archive certificates, extracts and copies',
      'Архив белешмәләрен, өземтәләрен һәм күчермәләрен бирү',
    ),
    description: tx(
      'Справки о стаже и заработной плате, копии решений исполкома о выделении земли и приватизации — по документам муниципального архива.',
      'Certificates of employment and salary, copies of the executive committee’s decisions on land and privatisation — from the municipal archive’s records.',
      'Муниципаль архив документлары буенча хезмәт стажы һәм хезмәт хакы турында белешмәләр, башкарма комитетның җир бүлеп бирү һәм хосусыйлаштыру турындагы карарларының күчермәләре.',
    ),
    applicantKinds: everyone,
    documents: [d.identity, d.proxy],
    resultKind: 'certificate',
    // Federal Law No. 59-FZ art. 12 part 1 and No. 125-FZ art. 26: 30 days.
    termDays: 30,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.archive.office),
      stage('search', 12, u.archive.reading),
      stage('drafting', 5, u.archive.reading),
      stage('signing', 2, u.archive.head),
    ],
    refusalGrounds: [
      ownGround(
        'no_return_address',
        'В запросе нет фамилии заявителя или адреса для ответа (ч. 1 ст. 11 Федерального закона от 02.05.2006 № 59-ФЗ)',
        'The request has no name of the applicant or no address to reply to (Federal Law No. 59-FZ art. 11 part 1)',
        'Сорауда гариза бирүченең фамилиясе яки җавап өчен адрес юк (02.05.2006 ел, № 59-ФЗ Федераль закон, 11 ст. 1 өлеше)',
      ),
      ownGround(
        'personal_data',
        'Запрошены сведения о частной жизни другого лица без его согласия (ст. 25 Федерального закона от 22.10.2004 № 125-ФЗ «Об архивном деле»)',
        'The request asks about another person’s private life without their consent (Federal Law No. 125-FZ “On archives” art. 25)',
        'Икенче кешенең шәхси тормышы турында мәгълүматлар аның ризалыгыннан башка сорала (22.10.2004 ел, № 125-ФЗ «Архив эше турында» Федераль закон, 25 ст.)',
      ),
    ],
    collection: collection.archive,
    fields: [
      choice('request_kind', tx('Что нужно', 'What you need', 'Нәрсә кирәк'), [
        ['employment', 'Справка о стаже', 'Certificate of employment', 'Хезмәт стажы турында белешмә'],
        ['salary', 'Справка о заработной плате', 'Certificate of salary', 'Хезмәт хакы турында белешмә'],
        [
          'decision',
          'Копия решения исполкома',
          'Copy of an executive committee decision',
          'Башкарма комитет карарының күчермәсе',
        ],
        [
          'land',
          'Документы о выделении земельного участка',
          'Records of a land allotment',
          'Җир кишәрлеге бүлеп бирү турында документлар',
        ],
        [
          'privatisation',
          'Документы о приватизации жилья',
          'Records of a housing privatisation',
          'Торакны хосусыйлаштыру турында документлар',
        ],
      ]),
      field('year_from', 'number', tx('Период с (год)', 'From (year)', 'Чор, башы (ел)'), { min: 1918, max: 2030 }),
      field('year_to', 'number', tx('Период по (год)', 'To (year)', 'Чор, ахыры (ел)'), { min: 1918, max: 2030 }),
      field(
        'subject',
        'textarea',
        tx(
          'Организация, должность или предмет запроса',
          'Employer, position or subject',
          'Оешма, вазифа яки сорау предметы',
        ),
        {
          min: 5,
          max: 1000,
        },
      ),
      choice('purpose', tx('Для представления в', 'To be presented to', 'Кая тапшыру өчен'), [
        ['social_fund', 'Социальный фонд России', 'Social Fund of Russia', 'Россия Социаль фонды'],
        ['court', 'Суд', 'Court', 'Суд'],
        ['notary', 'Нотариус', 'Notary', 'Нотариус'],
        ['other', 'Иное', 'Other', 'Башка'],
      ]),
      f.consent,
    ],
    demand: 8,
  },
  {
    code: 'housing-list',
    department: 'housing',
    name: tx(
      'Принятие на учёт граждан в качестве нуждающихся в жилых помещениях',
      'Registering as in need of housing',
      'Гражданнарны торак урыннарга мохтаҗлар буларак исәпкә алу',
    ),
    description: tx(
      'Постановка малоимущей семьи на учёт для получения жилья по договору социального найма.',
      'Puts a low-income family on the waiting list for socially rented housing.',
      'Аз керемле гаиләне социаль наем шартнамәсе буенча торак алу өчен исәпкә кую.',
    ),
    applicantKinds: ['person'],
    documents: [
      d.identity,
      ownDocument(
        'family',
        true,
        'Документы о составе семьи (свидетельства о браке, рождении)',
        'Documents of the family (marriage and birth certificates)',
        'Гаилә составы турында документлар (никах, туу турында таныклыклар)',
      ),
      ownDocument(
        'income',
        true,
        'Сведения о доходах членов семьи за последние 12 месяцев',
        'Family members’ income for the last 12 months',
        'Гаилә әгъзаларының соңгы 12 айдагы керемнәре турында мәгълүматлар',
      ),
    ],
    resultKind: 'decision',
    // Housing Code art. 52 part 5: no later than 30 working days.
    termDays: 30,
    termUnit: 'working_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.housing.office),
      stage('review', 5, u.housing.office),
      stage('interagency', 10, u.housing.office),
      stage('commission', 10, u.housing.commission),
      stage('signing', 3, u.housing.head),
    ],
    refusalGrounds: [
      ownGround(
        'documents',
        'Не представлены документы, предусмотренные ч. 4 ст. 52 Жилищного кодекса РФ (п. 1 ч. 1 ст. 54 ЖК РФ)',
        'The documents of Housing Code art. 52 part 4 were not submitted (Housing Code art. 54 part 1 item 1)',
        'РФ Торак кодексының 52 ст. 4 өлешендә каралган документлар тапшырылмаган (РФ ТК 54 ст. 1 өлешенең 1 п.)',
      ),
      ownGround(
        'no_need',
        'Документы не подтверждают право состоять на учёте в качестве нуждающихся (п. 2 ч. 1 ст. 54 ЖК РФ)',
        'The documents do not prove the right to be on the waiting list (Housing Code art. 54 part 1 item 2)',
        'Документлар мохтаҗлар буларак исәптә торырга хокукны расламый (РФ ТК 54 ст. 1 өлешенең 2 п.)',
      ),
      ownGround(
        'five_years',
        'Не истёк пятилетний срок после намеренного ухудшения жилищных условий (ст. 53, п. 3 ч. 1 ст. 54 ЖК РФ)',
        'Five years have not passed since the housing conditions were deliberately worsened (Housing Code art. 53; art. 54 part 1 item 3)',
        'Торак шартларын белә торып начарайтканнан соң биш ел узмаган (РФ ТК 53 ст.; 54 ст. 1 өлешенең 3 п.)',
      ),
    ],
    collection: collection.housing,
    fields: [
      f.address,
      field('family_size', 'number', tx('Состав семьи, человек', 'Family members', 'Гаилә составы, кеше'), {
        min: 1,
        max: 20,
      }),
      field(
        'living_area',
        'number',
        tx(
          'Общая площадь занимаемого жилья, м²',
          'Floor area of the present home, m²',
          'Яши торган торакның гомуми мәйданы, м²',
        ),
        {
          min: 0,
          max: 500,
        },
      ),
      choice('need', tx('Основание', 'Ground', 'Нигез'), [
        ['no_housing', 'Нет жилого помещения', 'No home', 'Торак урын юк'],
        [
          'below_norm',
          'Площадь на человека меньше учётной нормы',
          'Less space per person than the city’s norm',
          'Бер кешегә туры килгән мәйдан исәп нормасыннан ким',
        ],
        ['unfit', 'Жильё признано непригодным', 'The home is declared unfit', 'Торак яраксыз дип танылган'],
        [
          'illness',
          'В квартире живёт больной тяжёлой формой хронического заболевания',
          'A family member with a severe chronic illness',
          'Фатирда авыр хроник авыру белән авыручы яши',
        ],
      ]),
      f.consent,
    ],
    demand: 4,
  },
  {
    code: 'privatisation',
    department: 'housing',
    name: tx(
      'Передача жилых помещений муниципального жилищного фонда в собственность граждан (приватизация)',
      'Privatisation of a municipal flat',
      'Муниципаль торак фондының торак урыннарын гражданнар милкенә тапшыру (хосусыйлаштыру)',
    ),
    description: tx(
      'Бесплатная передача квартиры, занимаемой по договору социального найма, в собственность нанимателя и членов семьи.',
      'Transfers a socially rented flat free of charge into the ownership of the tenant and family.',
      'Социаль наем шартнамәсе буенча яши торган фатирны яллаучы һәм аның гаилә әгъзалары милкенә түләүсез тапшыру.',
    ),
    applicantKinds: ['person'],
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'lease',
        true,
        'Договор социального найма или ордер',
        'Social tenancy agreement or housing warrant',
        'Социаль наем шартнамәсе яки ордер',
      ),
      ownDocument(
        'not_used',
        true,
        'Справки о неучастии в приватизации с прежних мест жительства',
        'Certificates of not having privatised before, from previous homes',
        'Элеккеге яшәү урыннарыннан хосусыйлаштыруда катнашмау турында белешмәләр',
      ),
    ],
    resultKind: 'document',
    // Law No. 1541-1 "On privatisation of the housing stock" art. 8: two months.
    termDays: 60,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.housing.privatisation),
      stage('review', 10, u.housing.privatisation),
      stage('interagency', 10, u.housing.privatisation),
      stage('drafting', 10, u.housing.privatisation),
      stage('signing', 5, u.housing.head),
    ],
    refusalGrounds: [
      ownGround(
        'used_right',
        'Право на бесплатную приватизацию уже использовано (ст. 11 Закона РФ от 04.07.1991 № 1541-1)',
        'The right to free privatisation has already been used (Law No. 1541-1 of 04.07.1991, art. 11)',
        'Түләүсез хосусыйлаштыруга хокук кулланылган инде (РФның 04.07.1991 ел, № 1541-1 законы, 11 ст.)',
      ),
      ownGround(
        'not_privatisable',
        'Помещение не подлежит приватизации: аварийное, служебное или в общежитии (ст. 4 Закона РФ № 1541-1)',
        'The home cannot be privatised: it is condemned, service housing or a hostel room (Law No. 1541-1, art. 4)',
        'Торак урын хосусыйлаштырылмый: авария хәлендә, хезмәт торагы яки тулай торакта (РФның № 1541-1 законы, 4 ст.)',
      ),
    ],
    collection: collection.housing,
    fields: [
      f.address,
      f.apartment(),
      field('rooms', 'number', tx('Количество комнат', 'Rooms', 'Бүлмәләр саны'), { min: 1, max: 10 }),
      field(
        'premises_area',
        'number',
        tx('Общая площадь квартиры, м²', 'Floor area of the flat, m²', 'Фатирның гомуми мәйданы, м²'),
        {
          min: 8,
          max: 300,
        },
      ),
      field(
        'participants',
        'number',
        tx('Участников приватизации', 'People taking part', 'Хосусыйлаштыруда катнашучылар'),
        {
          min: 1,
          max: 15,
        },
      ),
      field(
        'lease_number',
        'text',
        tx('Номер договора социального найма', 'Social tenancy agreement number', 'Социаль наем шартнамәсе номеры'),
        {
          min: 1,
          max: 40,
        },
      ),
      f.consent,
    ],
    demand: 3,
  },
  {
    code: 'unfit-housing',
    department: 'housing',
    name: tx(
      'Признание помещения непригодным для проживания, дома аварийным',
      'Declaring a home unfit or a building condemned',
      'Бинаны яшәү өчен яраксыз, йортны авария хәлендә дип тану',
    ),
    description: tx(
      'Межведомственная комиссия обследует помещение или многоквартирный дом и принимает заключение о его пригодности.',
      'The inter-agency commission inspects a home or an apartment building and decides whether it is fit to live in.',
      'Ведомствоара комиссия бинаны яки күпфатирлы йортны тикшерә һәм аның яраклылыгы турында бәяләмә кабул итә.',
    ),
    applicantKinds: ['person', 'legal_entity'],
    documents: [
      d.identity,
      d.proxy,
      d.premisesTitle,
      ownDocument(
        'survey',
        false,
        'Заключение специализированной организации по обследованию дома',
        'Survey report of a specialised organisation',
        'Йортны тикшерү буенча махсуслашкан оешма бәяләмәсе',
      ),
    ],
    resultKind: 'decision',
    // Regulation approved by Government Decree No. 47 of 28.01.2006, item 46: 30 days.
    termDays: 30,
    termUnit: 'calendar_days',
    pausable: true,
    stages: [
      stage('registration', 1, u.housing.office),
      stage('review', 3, u.housing.office),
      stage('inspection', 5, u.housing.commission),
      stage('commission', 8, u.housing.commission),
      stage('drafting', 3, u.housing.commission),
    ],
    refusalGrounds: [
      g.documents,
      ownGround(
        'not_owner',
        'Заявитель не является собственником или нанимателем помещения (п. 42 Положения, утв. постановлением Правительства РФ от 28.01.2006 № 47)',
        'The applicant neither owns nor rents the home (item 42 of the Regulation approved by Government Decree No. 47 of 28.01.2006)',
        'Гариза бирүче бинаның милекчесе дә, яллаучысы да түгел (РФ Хөкүмәтенең 28.01.2006 ел, № 47 карары белән расланган нигезләмәнең 42 п.)',
      ),
    ],
    collection: collection.housing,
    fields: [
      f.address,
      f.apartment(false),
      choice('object_kind', tx('Объект', 'Object', 'Объект'), [
        ['premises', 'Жилое помещение', 'A home', 'Торак урын'],
        ['building', 'Многоквартирный дом', 'An apartment building', 'Күпфатирлы йорт'],
      ]),
      choice('reason', tx('Причина', 'Reason', 'Сәбәп'), [
        ['wear', 'Физический износ', 'Physical wear', 'Физик тузу'],
        [
          'deformation',
          'Деформация и разрушение конструкций',
          'Deformed or failing structure',
          'Конструкцияләрнең деформациясе һәм җимерелүе',
        ],
        ['damp', 'Сырость и плесень', 'Damp and mould', 'Дымлылык һәм күгәрек'],
        ['hazard', 'Вредные факторы среды', 'Environmental hazards', 'Зарарлы әйләнә-тирә факторлары'],
      ]),
      f.description(true, 'Описание состояния', 'Description of the condition', 'Торышның тасвирламасы'),
      f.consent,
    ],
    demand: 2,
  },
];

// ---------------------------------------------------------------------------------------------
// Комитет внешнего благоустройства, опека и попечительство, спорт

const excavation = (department: string, collect: Texts, office: Texts, head: Texts): CatalogueService => ({
  code: 'excavation',
  department,
  name: tx(
    'Выдача разрешения (ордера) на производство земляных работ',
    'Excavation permit (warrant)',
    'Җир эшләрен башкаруга рөхсәт (ордер) бирү',
  ),
  description: tx(
    'Ордер на раскопки при прокладке и ремонте сетей, с согласованием владельцев коммуникаций и обязательством восстановить благоустройство.',
    'A warrant to dig when laying or repairing utility lines, agreed with the owners of the networks, with a duty to restore the surface.',
    'Челтәрләр салганда һәм ремонтлаганда казу эшләренә ордер, коммуникацияләр хуҗалары белән килештереп һәм төзекләндерүне торгызу йөкләмәсе белән.',
  ),
  applicantKinds: everyone,
  documents: [
    d.identity,
    d.proxy,
    ownDocument(
      'works_project',
      true,
      'Проект производства работ с графиком',
      'Works plan with a schedule',
      'График белән эшләр башкару проекты',
    ),
    ownDocument(
      'traffic_scheme',
      false,
      'Схема организации дорожного движения на время работ',
      'Traffic management plan for the works',
      'Эшләр вакытында юл хәрәкәтен оештыру схемасы',
    ),
  ],
  resultKind: 'document',
  // The Landscaping Rules and the administrative regulation: 10 working days.
  termDays: 10,
  termUnit: 'working_days',
  pausable: true,
  stages: [
    stage('registration', 1, office),
    stage('review', 2, office),
    stage('approvals', 4, office),
    stage('drafting', 1, office),
    stage('signing', 1, head),
  ],
  refusalGrounds: [
    ownGround(
      'not_agreed',
      'Работы не согласованы с владельцами инженерных сетей в зоне производства работ (Правила благоустройства)',
      'The works are not agreed with the owners of the utility lines in the area (the Landscaping Rules)',
      'Эшләр башкару зонасындагы инженерлык челтәрләре хуҗалары белән килештерелмәгән (Төзекләндерү кагыйдәләре)',
    ),
    ownGround(
      'recent_repair',
      'Место работ на покрытии, отремонтированном менее трёх лет назад, без аварийной необходимости (Правила благоустройства)',
      'The surface was repaired less than three years ago and there is no emergency (the Landscaping Rules)',
      'Эшләр урыны өч елдан азрак элек ремонтланган өслектә, авария кирәклеге юк (Төзекләндерү кагыйдәләре)',
    ),
    g.documents,
  ],
  collection: collect,
  fields: [
    f.address,
    choice('works', tx('Вид работ', 'Kind of works', 'Эшләр төре'), [
      ['new_line', 'Прокладка новых сетей', 'Laying new lines', 'Яңа челтәрләр салу'],
      ['repair', 'Ремонт сетей', 'Repairing lines', 'Челтәрләрне ремонтлау'],
      ['connection', 'Подключение объекта', 'Connecting a building', 'Объектны тоташтыру'],
      ['survey', 'Инженерные изыскания', 'Engineering survey', 'Инженерлык эзләнүләре'],
    ]),
    choice('network', tx('Сети', 'Network', 'Челтәр'), [
      ['water', 'Водопровод', 'Water', 'Су үткәргеч'],
      ['sewer', 'Канализация', 'Sewer', 'Канализация'],
      ['heating', 'Теплосеть', 'Heating', 'Җылылык челтәре'],
      ['power', 'Электросеть', 'Power', 'Электр челтәре'],
      ['gas', 'Газопровод', 'Gas', 'Газүткәргеч'],
      ['telecom', 'Связь', 'Telecoms', 'Элемтә'],
    ]),
    field('start_date', 'date', tx('Начало работ', 'Start of the works', 'Эшләрнең башлануы')),
    field('work_days', 'number', tx('Продолжительность, дней', 'Duration, days', 'Дәвамлылыгы, көн'), {
      min: 1,
      max: 180,
    }),
    field('dig_area', 'number', tx('Площадь раскопки, м²', 'Area to dig, m²', 'Казу мәйданы, м²'), {
      min: 1,
      max: 10_000,
    }),
    field('contractor', 'text', tx('Подрядчик', 'Contractor', 'Подрядчы'), { min: 3, max: 200 }),
    field(
      'restore',
      'checkbox',
      tx(
        'Обязуюсь восстановить нарушенное благоустройство',
        'I undertake to restore the surface',
        'Бозылган төзекләндерүне торгызырга йөкләмә алам',
      ),
    ),
    f.consent,
  ],
  interagency: excavationApprovals,
  demand: 6,
});

const careAndSport: CatalogueService[] = [
  {
    code: 'tree-felling',
    department: 'landscaping',
    name: tx(
      'Выдача разрешения на снос или пересадку зелёных насаждений (порубочный билет)',
      'Tree felling permit',
      'Яшел үсентеләрне кисүгә яки күчереп утыртуга рөхсәт бирү (кисү билеты)',
    ),
    description: tx(
      'Разрешение на вырубку, обрезку или пересадку деревьев и кустарников с расчётом компенсационной стоимости.',
      'Permission to fell, prune or transplant trees and shrubs, with the compensation value calculated.',
      'Агачларны һәм куакларны кисүгә, кыркуга яки күчереп утыртуга рөхсәт, компенсация бәясен исәпләп.',
    ),
    applicantKinds: everyone,
    documents: [
      d.identity,
      d.proxy,
      ownDocument(
        'plan',
        true,
        'Ситуационный план с указанием насаждений',
        'Site plan showing the trees',
        'Үсентеләр күрсәтелгән ситуацион план',
      ),
    ],
    resultKind: 'document',
    // The administrative regulation of the Executive Committee: 15 working days.
    termDays: 15,
    termUnit: 'working_days',
    pausable: true,
    stages: [
      stage('registration', 1, u.landscaping.office),
      stage('inspection', 5, u.landscaping.inspectors),
      stage('review', 3, u.landscaping.greenery),
      stage('drafting', 2, u.landscaping.greenery),
      stage('signing', 2, u.landscaping.head),
    ],
    refusalGrounds: [
      ownGround(
        'healthy',
        'Насаждения здоровы и не мешают строительству, сетям и инсоляции (Правила благоустройства г. Казани)',
        'The trees are healthy and hinder no building, utility line or daylight (Kazan’s Landscaping Rules)',
        'Үсентеләр сәламәт, төзелешкә, челтәрләргә һәм инсоляциягә комачауламый (Казанны төзекләндерү кагыйдәләре)',
      ),
      ownGround(
        'not_paid',
        'Не оплачена компенсационная стоимость зелёных насаждений (Правила благоустройства г. Казани)',
        'The compensation value of the trees has not been paid (Kazan’s Landscaping Rules)',
        'Яшел үсентеләрнең компенсация бәясе түләнмәгән (Казанны төзекләндерү кагыйдәләре)',
      ),
    ],
    collection: collection.landscaping,
    fields: [
      f.address,
      choice('reason', tx('Причина', 'Reason', 'Сәбәп'), [
        ['construction', 'Строительство', 'Construction', 'Төзелеш'],
        ['utilities', 'Ремонт или прокладка сетей', 'Utility works', 'Челтәрләрне ремонтлау яки салу'],
        ['hazardous', 'Аварийное дерево', 'Dangerous tree', 'Авария хәлендәге агач'],
        ['sanitary', 'Санитарная рубка', 'Sanitary felling', 'Санитар кисү'],
        ['daylight', 'Затенение окон', 'Shading windows', 'Тәрәзәләрне күләгәләү'],
      ]),
      field('trees', 'number', tx('Деревьев', 'Trees', 'Агачлар'), { min: 0, max: 500 }),
      field('shrubs', 'number', tx('Кустарников', 'Shrubs', 'Куаклар'), { min: 0, max: 1000 }),
      f.description(false, 'Дополнительные сведения', 'Further details', 'Өстәмә мәгълүматлар'),
      f.consent,
    ],
    demand: 4,
  },
  {
    code: 'minor-marriage',
    department: 'guardianship',
    name: tx(
      'Выдача разрешения на вступление в брак лицам, достигшим 16 лет',
      'Permission to marry at sixteen',
      '16 яшькә җиткән затларга никахка керүгә рөхсәт бирү',
    ),
    description: tx(
      'Разрешение органа местного самоуправления на брак до 18 лет при наличии уважительных причин.',
      'The municipality’s permission to marry before eighteen for good reasons.',
      'Җирле үзидарә органының 18 яшькә кадәр никахка керүгә рөхсәте, җитди сәбәпләр булганда.',
    ),
    applicantKinds: ['person'],
    documents: [
      d.identity,
      ownDocument(
        'reason',
        true,
        'Документ, подтверждающий уважительную причину (справка о беременности, свидетельство о рождении ребёнка)',
        'Proof of the reason (pregnancy certificate, child’s birth certificate)',
        'Җитди сәбәпне раслаучы документ (йөклелек турында белешмә, баланың туу турында таныклыгы)',
      ),
    ],
    resultKind: 'decision',
    // The administrative regulation of the Executive Committee: 15 working days.
    termDays: 15,
    termUnit: 'working_days',
    pausable: true,
    stages: [
      stage('registration', 1, u.guardianship.office),
      stage('review', 5, u.guardianship.office),
      stage('drafting', 5, u.guardianship.office),
      stage('signing', 2, u.guardianship.head),
    ],
    refusalGrounds: [
      ownGround(
        'age',
        'Заявитель не достиг 16 лет (п. 2 ст. 13 Семейного кодекса РФ)',
        'The applicant is under sixteen (Family Code art. 13 item 2)',
        'Гариза бирүчегә 16 яшь тулмаган (РФ Гаилә кодексының 13 ст. 2 п.)',
      ),
      ownGround(
        'no_reason',
        'Отсутствуют уважительные причины (п. 2 ст. 13 Семейного кодекса РФ)',
        'There is no good reason (Family Code art. 13 item 2)',
        'Җитди сәбәпләр юк (РФ Гаилә кодексының 13 ст. 2 п.)',
      ),
    ],
    collection: collection.guardianship,
    fields: [
      field(
        'applicant_birth_date',
        'date',
        tx('Дата рождения заявителя', 'Applicant’s date of birth', 'Гариза бирүченең туган көне'),
      ),
      f.personName(
        'partner_name',
        'ФИО будущего супруга',
        'Future spouse’s full name',
        'Булачак тормыш иптәшенең фамилиясе, исеме, әтисенең исеме',
      ),
      field(
        'partner_birth_date',
        'date',
        tx('Дата рождения будущего супруга', 'Future spouse’s date of birth', 'Булачак тормыш иптәшенең туган көне'),
      ),
      choice('reason', tx('Причина', 'Reason', 'Сәбәп'), [
        ['pregnancy', 'Беременность', 'Pregnancy', 'Йөклелек'],
        ['child', 'Рождение ребёнка', 'Birth of a child', 'Бала тууы'],
        ['other', 'Иная уважительная причина', 'Another good reason', 'Башка җитди сәбәп'],
      ]),
      field('parents_agree', 'checkbox', tx('Родители согласны', 'The parents agree', 'Ата-ана ризалар'), {
        required: false,
      }),
      f.consent,
    ],
    demand: 1,
  },
  {
    code: 'minor-property',
    department: 'guardianship',
    name: tx(
      'Выдача предварительного разрешения на сделку с имуществом несовершеннолетнего',
      'Prior consent to a transaction with a minor’s property',
      'Балигъ булмаган затның мөлкәте белән алыш-бирешкә алдан рөхсәт бирү',
    ),
    description: tx(
      'Разрешение органа опеки продать или обменять долю ребёнка в квартире при условии, что его права не ухудшатся.',
      'The guardianship office’s consent to sell or exchange a child’s share of a home, provided the child is not made worse off.',
      'Опека органының баланың фатирдагы өлешен сатуга яки алыштыруга рөхсәте, аның хокуклары начарланмаса.',
    ),
    applicantKinds: ['person'],
    documents: [
      d.identity,
      d.birthCertificate,
      ownDocument(
        'new_home',
        true,
        'Документы о жилье, в котором ребёнку будет выделена доля',
        'Documents of the home where the child will get a share',
        'Балага өлеш бүлеп биреләчәк торак турында документлар',
      ),
    ],
    resultKind: 'decision',
    // Federal Law No. 48-FZ "On guardianship" art. 21 part 3: 15 days.
    termDays: 15,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.guardianship.office),
      stage('review', 4, u.guardianship.office),
      stage('drafting', 3, u.guardianship.office),
      stage('signing', 2, u.guardianship.head),
    ],
    refusalGrounds: [
      ownGround(
        'worse_off',
        'Сделка влечёт уменьшение имущества несовершеннолетнего (п. 2 ст. 37 Гражданского кодекса РФ, ст. 21 Федерального закона от 24.04.2008 № 48-ФЗ)',
        'The transaction would reduce the minor’s property (Civil Code art. 37 item 2; Federal Law No. 48-FZ art. 21)',
        'Алыш-биреш балигъ булмаганның мөлкәтен киметә (РФ Граждан кодексының 37 ст. 2 п.; 24.04.2008 ел, № 48-ФЗ Федераль закон, 21 ст.)',
      ),
      g.documents,
    ],
    collection: collection.guardianship,
    fields: [
      f.personName('child_name', 'ФИО ребёнка', 'Child’s full name', 'Баланың фамилиясе, исеме, әтисенең исеме'),
      field('child_birth_date', 'date', tx('Дата рождения ребёнка', 'Child’s date of birth', 'Баланың туган көне')),
      choice('transaction', tx('Сделка', 'Transaction', 'Алыш-биреш'), [
        [
          'sale',
          'Продажа доли с покупкой другого жилья',
          'Sale of the share with purchase of another home',
          'Өлешне сатып, башка торак алу',
        ],
        ['exchange', 'Мена', 'Exchange', 'Алыштыру'],
        ['mortgage', 'Залог (ипотека)', 'Mortgage', 'Залог (ипотека)'],
      ]),
      f.address,
      field('share', 'number', tx('Доля ребёнка, %', 'Child’s share, %', 'Баланың өлеше, %'), { min: 1, max: 100 }),
      f.consent,
    ],
    demand: 3,
  },
  {
    code: 'sport-rank',
    department: 'sport',
    name: tx(
      'Присвоение спортивных разрядов «второй спортивный разряд» и «третий спортивный разряд»',
      'Award of the second and third sports ranks',
      '«Икенче спорт разряды» һәм «өченче спорт разряды» спорт разрядларын бирү',
    ),
    description: tx(
      'Присвоение разряда спортсмену, выполнившему нормы Единой всероссийской спортивной классификации на официальных соревнованиях.',
      'Awards a rank to an athlete who met the standards of the Unified All-Russian Sports Classification at official competitions.',
      'Рәсми ярышларда Бердәм бөтенроссия спорт классификациясе нормаларын үтәгән спортчыга разряд бирү.',
    ),
    applicantKinds: ['person', 'legal_entity'],
    documents: [
      d.identity,
      ownDocument(
        'protocol',
        true,
        'Копия протокола соревнований с результатом спортсмена',
        'Copy of the competition results with the athlete’s result',
        'Спортчының нәтиҗәсе күрсәтелгән ярыш беркетмәсенең күчермәсе',
      ),
      ownDocument('photos', true, 'Две фотографии 3×4 см', 'Two 3×4 cm photos', 'Ике 3×4 см фотосурәт'),
    ],
    resultKind: 'document',
    // Regulation on the Unified All-Russian Sports Classification: two months.
    termDays: 60,
    termUnit: 'calendar_days',
    pausable: false,
    stages: [
      stage('registration', 1, u.sport.office),
      stage('review', 10, u.sport.office),
      stage('drafting', 5, u.sport.office),
      stage('signing', 3, u.sport.head),
    ],
    refusalGrounds: [
      ownGround(
        'norms',
        'Результат не соответствует нормам и требованиям ЕВСК (Положение о Единой всероссийской спортивной классификации)',
        'The result does not meet the standards of the Classification (Regulation on the Unified All-Russian Sports Classification)',
        'Нәтиҗә БСК нормаларына һәм таләпләренә туры килми (Бердәм бөтенроссия спорт классификациясе турында нигезләмә)',
      ),
      ownGround(
        'doping',
        'Спортсмен отстранён за нарушение антидопинговых правил (Положение о ЕВСК)',
        'The athlete is suspended for an anti-doping violation (Regulation on the Classification)',
        'Спортчы антидопинг кагыйдәләрен бозган өчен читләтелгән (БСК турында нигезләмә)',
      ),
    ],
    collection: collection.sport,
    fields: [
      f.personName(
        'athlete_name',
        'ФИО спортсмена',
        'Athlete’s full name',
        'Спортчының фамилиясе, исеме, әтисенең исеме',
      ),
      field(
        'athlete_birth_date',
        'date',
        tx('Дата рождения спортсмена', 'Athlete’s date of birth', 'Спортчының туган көне'),
      ),
      choice('sport', tx('Вид спорта', 'Sport', 'Спорт төре'), [
        ['athletics', 'Лёгкая атлетика', 'Athletics', 'Җиңел атлетика'],
        ['swimming', 'Плавание', 'Swimming', 'Йөзү'],
        ['wrestling', 'Борьба на поясах', 'Belt wrestling', 'Билбау көрәше'],
        ['chess', 'Шахматы', 'Chess', 'Шахмат'],
        ['hockey', 'Хоккей', 'Ice hockey', 'Хоккей'],
        ['volleyball', 'Волейбол', 'Volleyball', 'Волейбол'],
      ]),
      choice('rank', tx('Разряд', 'Rank', 'Разряд'), [
        ['second', 'Второй спортивный разряд', 'Second sports rank', 'Икенче спорт разряды'],
        ['third', 'Третий спортивный разряд', 'Third sports rank', 'Өченче спорт разряды'],
      ]),
      field('competition', 'text', tx('Соревнование', 'Competition', 'Ярыш'), { min: 5, max: 300 }),
      field('competition_date', 'date', tx('Дата соревнования', 'Date of the competition', 'Ярыш көне')),
      f.consent,
    ],
    demand: 2,
  },
];

/** Kazan's catalogue: 25 services of nine departments. */
export const KAZAN_ESERVICES: CatalogueService[] = [
  ...architecture,
  ...advertising,
  ...land,
  ...social,
  excavation('landscaping', collection.landscaping, u.landscaping.office, u.landscaping.head),
  ...careAndSport,
];

/** Innopolis's catalogue: address assignment and the excavation permit, both from its executive committee. */
export const INNOPOLIS_ESERVICES: CatalogueService[] = [
  {
    ...architecture.find((s) => s.code === 'address')!,
    department: 'inn-ispolkom',
    stages: [
      stage('registration', 1, u.innopolis.office),
      stage('review', 4, u.innopolis.office),
      stage('drafting', 3, u.innopolis.office),
      stage('signing', 2, u.innopolis.head),
    ],
    collection: collection.innopolis,
    demand: 1,
  },
  { ...excavation('inn-ispolkom', collection.innopolis, u.innopolis.office, u.innopolis.head), interagency: [] },
];
