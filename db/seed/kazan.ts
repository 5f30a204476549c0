/**
 * Data for the demo installation: a Kazan-like city (KZN) and little Innopolis (INN).
 * Coordinates are [lon, lat]. The district outlines share their vertices, so they tile the city
 * boundary without overlapping; they follow the real layout only approximately.
 */
import type { CategoryGroup, Priority, Utility } from '../schema/categories.ts';
import type { OrganisationKind } from '../schema/organisations.ts';
import type { Role } from '../schema/users.ts';
import type { Ring, WorkingHours } from '../schema/types.ts';

type LonLat = [number, number];

// Shared vertices of the Kazan partition (see the district rings below).
const v = {
  // city boundary, clockwise from the west tip (Юдино)
  A: [48.95, 55.805],
  B: [48.955, 55.83],
  C: [49.0, 55.845],
  D: [49.04, 55.865],
  E: [49.07, 55.895],
  F: [49.13, 55.895],
  G: [49.17, 55.865],
  H: [49.22, 55.85],
  I: [49.27, 55.835],
  J: [49.295, 55.8],
  K: [49.285, 55.75],
  L: [49.25, 55.715],
  W3: [49.22, 55.7075],
  M: [49.19, 55.7],
  N: [49.13, 55.705],
  O: [49.105, 55.73],
  P: [49.09, 55.765],
  Q: [49.085, 55.785],
  R: [49.06, 55.79],
  S: [49.02, 55.785],
  T: [48.98, 55.79],
  // inner vertices: the Kazanka mouth, the river upstream, and district corners
  KM: [49.095, 55.8],
  V1: [49.13, 55.808],
  V2: [49.165, 55.8],
  V3: [49.175, 55.78],
  V4: [49.15, 55.765],
  V5: [49.115, 55.762],
  W1: [49.2, 55.76],
  W2: [49.21, 55.73],
  X1: [49.19, 55.815],
  X2: [49.21, 55.83],
  Y1: [49.105, 55.82],
  Y2: [49.11, 55.845],
  Y3: [49.05, 55.845],
  Y4: [49.055, 55.82],
  Z1: [49.17, 55.848],
} satisfies Record<string, LonLat>;

type Vertex = keyof typeof v;
const ring = (...names: Vertex[]): Ring => [...names, names[0]].map((n) => [v[n][0], v[n][1]] as [number, number]);

export type MunicipalitySpec = {
  code: string;
  nameRu: string;
  nameEn: string;
  timeZone: string;
  boundary: Ring;
  /** The historic centre: older houses near it, newer ones towards the edge. */
  centre: LonLat;
};

export const KAZAN: MunicipalitySpec = {
  code: 'KZN',
  nameRu: 'Казань',
  nameEn: 'Kazan',
  timeZone: 'Europe/Moscow',
  boundary: ring(
    'A',
    'B',
    'C',
    'D',
    'E',
    'F',
    'G',
    'H',
    'I',
    'J',
    'K',
    'L',
    'W3',
    'M',
    'N',
    'O',
    'P',
    'Q',
    'R',
    'S',
    'T',
  ),
  centre: [49.106, 55.796],
};

export type DistrictSpec = {
  code: string;
  nameRu: string;
  nameEn: string;
  boundary: Ring;
  /** Relative density of apartment buildings. */
  density: number;
  /** Heat and hot water come from this supplier (by organisation code). */
  heatSupplier: 'tatenergo' | 'kazenergo';
  postcodes: string[];
  /** Real streets of the district, given to its neighbourhoods first. */
  streets: string[];
};

export const KAZAN_DISTRICTS: DistrictSpec[] = [
  {
    code: 'aviastroitelny',
    nameRu: 'Авиастроительный',
    nameEn: 'Aviastroitelny',
    boundary: ring('Y3', 'D', 'E', 'F', 'G', 'Z1', 'Y2'),
    density: 0.8,
    heatSupplier: 'kazenergo',
    postcodes: ['420036', '420037', '420038', '420039', '420127', '420071'],
    streets: [
      'ул. Максимова',
      'ул. Лукина',
      'ул. Ленинградская',
      'ул. Копылова',
      'ул. Дементьева',
      'ул. Челюскина',
      'ул. Беломорская',
      'ул. Кулагина',
      'ул. Академика Павлова',
      'ул. Айдарова',
      'ул. Лётная',
      'ул. Побежимова',
      'ул. Ухтомского',
      'ул. Сабан',
      'ул. Белинского',
      'ул. Симонова',
    ],
  },
  {
    code: 'vakhitovsky',
    nameRu: 'Вахитовский',
    nameEn: 'Vakhitovsky',
    boundary: ring('P', 'Q', 'KM', 'V1', 'V2', 'V3', 'V4', 'V5'),
    density: 1.0,
    heatSupplier: 'tatenergo',
    postcodes: ['420111', '420012', '420015', '420021', '420097', '420107', '420008'],
    streets: [
      'ул. Баумана',
      'ул. Кремлёвская',
      'ул. Пушкина',
      'ул. Большая Красная',
      'ул. Татарстан',
      'ул. Карла Маркса',
      'ул. Островского',
      'ул. Профсоюзная',
      'ул. Габдуллы Тукая',
      'ул. Галиаскара Камала',
      'ул. Право-Булачная',
      'ул. Лево-Булачная',
      'ул. Бутлерова',
      'ул. Достоевского',
      'ул. Петербургская',
      'ул. Спартаковская',
      'ул. Муштари',
      'ул. Горького',
      'ул. Щапова',
      'ул. Вишневского',
      'ул. Шаляпина',
      'ул. Зои Космодемьянской',
      'ул. Тази Гиззата',
      'ул. Парижской Коммуны',
      'ул. Чернышевского',
      'ул. Некрасова',
      'ул. Волкова',
      'ул. Толстого',
      'ул. Хади Такташа',
      'ул. Калинина',
      'ул. Марселя Салимжанова',
      'ул. Лобачевского',
      'ул. Дзержинского',
      'ул. Мусы Джалиля',
    ],
  },
  {
    code: 'kirovsky',
    nameRu: 'Кировский',
    nameEn: 'Kirovsky',
    boundary: ring('T', 'A', 'B', 'C', 'D', 'Y3', 'Y4', 'R', 'S'),
    density: 0.55,
    heatSupplier: 'kazenergo',
    postcodes: ['420017', '420032', '420033', '420019', '420045', '420049'],
    streets: [
      'ш. Горьковское',
      'ул. Тимирязева',
      'ул. Ташкентская',
      'ул. Кулахметова',
      'ул. Болотникова',
      'ул. Краснококшайская',
      'ул. Мулланура Вахитова',
      'ул. Ягодинская',
      'ул. Лесхозовская',
      'ул. Степана Разина',
      'ул. Лысогорская',
      'ул. Красной Позиции',
      'ул. Клары Цеткин',
      'ул. Шамиля Усманова',
    ],
  },
  {
    code: 'moskovsky',
    nameRu: 'Московский',
    nameEn: 'Moskovsky',
    boundary: ring('Q', 'R', 'Y4', 'Y3', 'Y2', 'Y1', 'KM'),
    density: 0.9,
    heatSupplier: 'kazenergo',
    postcodes: ['420034', '420035', '420051', '420052', '420054', '420073'],
    streets: [
      'ул. Декабристов',
      'ул. Восстания',
      'ул. Гудованцева',
      'ул. Короленко',
      'ул. Волгоградская',
      'ул. Ильича',
      'ул. Батыршина',
      'ул. Саид-Галеева',
      'ул. Энергетиков',
      'ул. Тунакова',
      'ул. Фрунзе',
      'ул. Чапаева',
      'ул. Голубятникова',
      'ул. Ломжинская',
      'ул. Гагарина',
    ],
  },
  {
    code: 'novo-savinovsky',
    nameRu: 'Ново-Савиновский',
    nameEn: 'Novo-Savinovsky',
    boundary: ring('KM', 'V1', 'V2', 'X1', 'X2', 'H', 'G', 'Z1', 'Y2', 'Y1'),
    density: 1.35,
    heatSupplier: 'tatenergo',
    postcodes: ['420029', '420039', '420044', '420059', '420066', '420087', '420126', '420132'],
    streets: [
      'пр. Ямашева',
      'ул. Чистопольская',
      'ул. Гаврилова',
      'ул. Фатыха Амирхана',
      'ул. Сибгата Хакима',
      'ул. Абсалямова',
      'ул. Четаева',
      'ул. Адоратского',
      'ул. Мусина',
      'ул. Маршала Чуйкова',
      'ул. Серова',
      'пр. Ибрагимова',
      'ул. Бондаренко',
      'ул. Лаврентьева',
      'ул. Завойского',
      'ул. Галимджана Баруди',
    ],
  },
  {
    code: 'privolzhsky',
    nameRu: 'Приволжский',
    nameEn: 'Privolzhsky',
    boundary: ring('O', 'P', 'V5', 'V4', 'V3', 'W1', 'W2', 'W3', 'M', 'N'),
    density: 1.05,
    heatSupplier: 'tatenergo',
    postcodes: ['420088', '420093', '420094', '420100', '420101', '420108', '420110', '420138', '420140'],
    streets: [
      'пр. Победы',
      'ул. Юлиуса Фучика',
      'ул. Рихарда Зорге',
      'ул. Закиева',
      'ул. Кул Гали',
      'ул. Хусаина Мавлютова',
      'ул. Павлюхина',
      'ул. Оренбургский тракт',
      'ул. Ботаническая',
      'ул. Тэцевская',
      'ул. Авангардная',
      'ул. Гарифьянова',
      'ул. Магистральная',
      'ул. Минская',
      'ул. Дубравная',
      'ул. Сыртлановой',
      'ул. Ташаяк',
      'ул. Кирпичникова',
      'ул. Нурсултана Назарбаева',
    ],
  },
  {
    code: 'sovetsky',
    nameRu: 'Советский',
    nameEn: 'Sovetsky',
    boundary: ring('V2', 'X1', 'X2', 'H', 'I', 'J', 'K', 'L', 'W3', 'W2', 'W1', 'V3'),
    density: 1.0,
    heatSupplier: 'tatenergo',
    postcodes: ['420061', '420073', '420075', '420076', '420080', '420081', '420087', '420089', '420124', '420133'],
    streets: [
      'ул. Академика Сахарова',
      'ул. Гвардейская',
      'ул. Патриса Лумумбы',
      'ул. Латышских Стрелков',
      'ул. Карбышева',
      'ул. Космонавтов',
      'ул. Аделя Кутуя',
      'ул. Губкина',
      'ул. Комиссара Габишева',
      'ул. Мамадышский тракт',
      'ул. Сибирский тракт',
      'пр. Альберта Камалеева',
      'ул. Ноксинский спуск',
      'ул. Курчатова',
      'ул. Халитова',
      'ул. Азата Аббасова',
      'ул. Родины',
      'ул. Седова',
      'ул. Тихорецкая',
      'ул. Баки Урманче',
      'ул. Николая Ершова',
      'ул. Дорожная',
    ],
  },
];

export const INNOPOLIS: MunicipalitySpec = {
  code: 'INN',
  nameRu: 'Иннополис',
  nameEn: 'Innopolis',
  timeZone: 'Europe/Moscow',
  boundary: [
    [48.728, 55.748],
    [48.735, 55.741],
    [48.752, 55.7395],
    [48.763, 55.746],
    [48.761, 55.758],
    [48.746, 55.7625],
    [48.731, 55.757],
    [48.728, 55.748],
  ],
  centre: [48.745, 55.751],
};

export const INNOPOLIS_DISTRICT: DistrictSpec = {
  code: 'innopolis',
  nameRu: 'Иннополис',
  nameEn: 'Innopolis',
  boundary: INNOPOLIS.boundary,
  density: 1,
  heatSupplier: 'tatenergo',
  postcodes: ['420500'],
  streets: ['ул. Университетская', 'ул. Спортивная', 'ул. Инновационная', 'ул. Квантовая', 'ул. Технопарковая'],
};

/** How many Innopolis apartment buildings the demo has, whatever the size of Kazan. */
export const INNOPOLIS_BUILDINGS = 30;

/** Genitive name parts that go with any street type, for streets beyond the real ones. */
export const STREET_BASES = [
  'Лермонтова',
  'Чехова',
  'Гоголя',
  'Тургенева',
  'Менделеева',
  'Ломоносова',
  'Королёва',
  'Циолковского',
  'Жукова',
  'Кутузова',
  'Суворова',
  'Нахимова',
  'Мичурина',
  'Попова',
  'Крылова',
  'Глинки',
  'Чайковского',
  'Шишкина',
  'Репина',
  'Айвазовского',
  'Габдуллы Кариева',
  'Фатиха Карима',
  'Хасана Туфана',
  'Сары Садыковой',
  'Рашида Вагапова',
  'Салиха Сайдашева',
  'Каюма Насыри',
  'Шигабутдина Марджани',
  'Ризы Фахретдина',
  'Карима Тинчурина',
  'Мирхайдара Файзи',
  'Шарифа Камала',
  'Гумара Баширова',
  'Амирхана Еники',
  'Туфана Миннуллина',
  'Батурина',
  'Гастелло',
  'Матросова',
  'Чкалова',
  'Шмидта',
  'Рахматуллина',
  'Галимджана Ибрагимова',
  'Строителей',
  'Энтузиастов',
  'Металлистов',
  'Авиаторов',
  'Химиков',
  'Лётчиков',
  'Моряков',
  'Геологов',
  'Связистов',
  'Машиностроителей',
  'Нефтяников',
  'Студентов',
  'Учителей',
  'Дружбы',
  'Мира',
  'Единства',
  'Молодёжи',
  'Юности',
  'Ветеранов',
  'Героев',
  'Тружеников',
  'Садоводов',
  'Хлебозавода',
  'Зари',
  'Весны',
  'Радуги',
  'Рябин',
  'Клёнов',
  'Лип',
  'Берёз',
  'Тополей',
  'Сосен',
  'Каштанов',
  'Вишен',
  'Акаций',
  'Сиреней',
  'Ромашек',
  'Васильков',
  'Бабушкина',
  'Фурманова',
  'Щорса',
  'Островского',
  'Некрасова',
  'Державина',
  'Радищева',
  'Баратынского',
  'Аксакова',
  'Горбачевского',
  'Зинина',
  'Арбузова',
  'Бутлерова',
  'Кекуле',
  'Лобачевского',
  'Фукса',
  'Эрнста',
  'Лядова',
  'Качалова',
  'Комлева',
  'Шапошникова',
  'Тукаевская',
  'Ахтямова',
  'Булака',
  'Заводская',
  'Кабана',
].filter((b) => !/ская$|ая$/.test(b));

/** Street types of generated names, with their shares. */
export const STREET_TYPES: [string, number][] = [
  ['ул.', 8],
  ['пер.', 2.5],
  ['проезд', 1],
  ['б-р', 0.5],
  ['туп.', 0.3],
];

const office = (fri = '16:00', sat?: [string, string]): WorkingHours => ({
  calendar: 'production',
  week: {
    '1': [['08:00', '17:00']],
    '2': [['08:00', '17:00']],
    '3': [['08:00', '17:00']],
    '4': [['08:00', '17:00']],
    '5': [['08:00', fri]],
    ...(sat ? { '6': [sat] } : {}),
  },
});
const roundTheClock: WorkingHours = {
  calendar: '24x7',
  week: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]])),
};
export const WORKING_HOURS = { office, roundTheClock };

export type OrganisationSpec = {
  code: string;
  kind: OrganisationKind;
  nameRu: string;
  nameEn: string;
  /** Management companies: the district they work in; administrations: the district they are filed under. */
  district?: string;
  phone?: string;
  email?: string;
  address?: string;
  website?: string;
  workingHours: WorkingHours;
};

const mc = (code: string, district: string, nameRu: string, nameEn: string, sat = false): OrganisationSpec => ({
  code,
  kind: 'management_company',
  nameRu,
  nameEn,
  district,
  workingHours: office('16:00', sat ? ['09:00', '13:00'] : undefined),
});

/**
 * Management companies of Kazan, by district. `uk01` and `uk02` are the two companies the demo
 * staff accounts belong to. A company serves the contiguous part of its district nearest to it.
 */
export const KAZAN_MANAGEMENT_COMPANIES: OrganisationSpec[] = [
  mc('uk01', 'vakhitovsky', 'ООО «УК ЖКХ Вахитовского района»', 'Vakhitovsky District Housing Management Company LLC'),
  mc('uk02', 'novo-savinovsky', 'ООО «УК «Уютный дом»', 'Uyutny Dom Management Company LLC', true),
  mc('uk03', 'vakhitovsky', 'ООО «УК «Старый город»', 'Stary Gorod Management Company LLC'),
  mc('uk04', 'vakhitovsky', 'ООО «УК «Кремлёвская»', 'Kremlyovskaya Management Company LLC'),
  mc('uk05', 'vakhitovsky', 'ООО «УК «Кабан»', 'Kaban Management Company LLC'),
  mc('uk06', 'vakhitovsky', 'ООО «УК «Суконная слобода»', 'Sukonnaya Sloboda Management Company LLC'),
  mc('uk07', 'privolzhsky', 'ООО «УК ЖКХ Приволжского района»', 'Privolzhsky District Housing Management Company LLC'),
  mc('uk08', 'privolzhsky', 'ООО «УК «Горки»', 'Gorki Management Company LLC', true),
  mc('uk09', 'privolzhsky', 'ООО «УК «Танкодром»', 'Tankodrom Management Company LLC'),
  mc('uk10', 'privolzhsky', 'ООО «УК «Победа»', 'Pobeda Management Company LLC'),
  mc('uk11', 'privolzhsky', 'ООО «УК «Комфорт»', 'Komfort Management Company LLC'),
  mc('uk12', 'privolzhsky', 'ООО «УК «Мирный»', 'Mirny Management Company LLC'),
  mc('uk13', 'privolzhsky', 'ООО «УК «Южный»', 'Yuzhny Management Company LLC'),
  mc('uk14', 'sovetsky', 'ООО «УК ЖКХ Советского района»', 'Sovetsky District Housing Management Company LLC'),
  mc('uk15', 'sovetsky', 'ООО «УК «Азино»', 'Azino Management Company LLC', true),
  mc('uk16', 'sovetsky', 'ООО «УК «Дербышки»', 'Derbyshki Management Company LLC'),
  mc('uk17', 'sovetsky', 'ООО «УК «Сервис-Люкс»', 'Servis-Lux Management Company LLC'),
  mc('uk18', 'sovetsky', 'ООО «УК «Жилкомсервис»', 'Zhilkomservis Management Company LLC'),
  mc('uk19', 'sovetsky', 'ООО «УК «Константиновка»', 'Konstantinovka Management Company LLC'),
  mc('uk20', 'sovetsky', 'ООО «УК «Светлый дом»', 'Svetly Dom Management Company LLC'),
  mc('uk21', 'sovetsky', 'ООО «УК «Наш дом»', 'Nash Dom Management Company LLC'),
  mc(
    'uk22',
    'novo-savinovsky',
    'ООО «УК ЖКХ Ново-Савиновского района»',
    'Novo-Savinovsky District Housing Management Company LLC',
  ),
  mc('uk23', 'novo-savinovsky', 'ООО «УК «Заречье»', 'Zarechye Management Company LLC'),
  mc('uk24', 'novo-savinovsky', 'ООО «УК «Казанка»', 'Kazanka Management Company LLC'),
  mc('uk25', 'novo-savinovsky', 'ООО «УК «Ямашевский»', 'Yamashevsky Management Company LLC'),
  mc('uk26', 'novo-savinovsky', 'ООО «УК «Тимер»', 'Timer Management Company LLC'),
  mc(
    'uk27',
    'aviastroitelny',
    'ООО «УК ЖКХ Авиастроительного района»',
    'Aviastroitelny District Housing Management Company LLC',
  ),
  mc('uk28', 'aviastroitelny', 'ООО «УК «Соцгород»', 'Sotsgorod Management Company LLC'),
  mc('uk29', 'aviastroitelny', 'ООО «УК «Караваево»', 'Karavaevo Management Company LLC'),
  mc('uk30', 'aviastroitelny', 'ООО «УК «Северный»', 'Severny Management Company LLC'),
  mc('uk31', 'aviastroitelny', 'ООО «УК «Жилищник»', 'Zhilishchnik Management Company LLC'),
  mc('uk32', 'kirovsky', 'ООО «УК ЖКХ Кировского района»', 'Kirovsky District Housing Management Company LLC'),
  mc('uk33', 'kirovsky', 'ООО «УК «Юдино»', 'Yudino Management Company LLC'),
  mc('uk34', 'kirovsky', 'ООО «УК «Адмиралтейская слобода»', 'Admiralteyskaya Sloboda Management Company LLC'),
  mc('uk35', 'kirovsky', 'ООО «УК «Салават Купере»', 'Salavat Kupere Management Company LLC'),
  mc('uk36', 'moskovsky', 'ООО «УК ЖКХ Московского района»', 'Moskovsky District Housing Management Company LLC'),
  mc('uk37', 'moskovsky', 'ООО «УК «Яшьлек»', 'Yashlek Management Company LLC'),
  mc('uk38', 'moskovsky', 'ООО «УК «Домоуправ»', 'Domoupravl Management Company LLC'),
  mc('uk39', 'moskovsky', 'ООО «УК «Восстания»', 'Vosstaniya Management Company LLC'),
  mc('uk40', 'moskovsky', 'ООО «УК «Квартал»', 'Kvartal Management Company LLC'),
];

/** Homeowners' associations: each runs a few houses of one neighbourhood itself. */
export const KAZAN_HOMEOWNERS_ASSOCIATIONS: OrganisationSpec[] = [
  mc('tszh01', 'sovetsky', 'ТСЖ «Солнечный»', 'Solnechny Homeowners Association'),
  mc('tszh02', 'novo-savinovsky', 'ТСЖ «Ветеран»', 'Veteran Homeowners Association'),
  mc('tszh03', 'privolzhsky', 'ЖСК «Строитель-7»', 'Stroitel-7 Housing Cooperative'),
  mc('tszh04', 'vakhitovsky', 'ТСЖ «Берёзка»', 'Beryozka Homeowners Association'),
  mc('tszh05', 'aviastroitelny', 'ТСЖ «Авиатор»', 'Aviator Homeowners Association'),
];

export const KAZAN_SUPPLIERS: OrganisationSpec[] = [
  {
    code: 'vodokanal',
    kind: 'resource_supplier',
    nameRu: 'АО «Водоканал»',
    nameEn: 'Vodokanal JSC (water supply and sewerage)',
    phone: '+7 843 231-62-62',
    address: 'ул. Горького, д. 1',
    website: 'https://www.vodokanal-kazan.ru',
    workingHours: roundTheClock,
  },
  {
    code: 'tatenergo',
    kind: 'resource_supplier',
    nameRu: 'АО «Татэнерго»',
    nameEn: 'Tatenergo JSC (heating and hot water)',
    phone: '+7 843 291-80-01',
    address: 'ул. Островского, д. 57',
    workingHours: roundTheClock,
  },
  {
    code: 'kazenergo',
    kind: 'resource_supplier',
    nameRu: 'АО «Казэнерго»',
    nameEn: 'Kazenergo JSC (heating and hot water)',
    phone: '+7 843 562-04-04',
    address: 'ул. Салимжанова, д. 1',
    workingHours: roundTheClock,
  },
  {
    code: 'tatenergosbyt',
    kind: 'resource_supplier',
    nameRu: 'АО «Татэнергосбыт»',
    nameEn: 'Tatenergosbyt JSC (electricity)',
    phone: '+7 843 221-40-00',
    address: 'ул. Чистопольская, д. 34',
    workingHours: roundTheClock,
  },
  {
    code: 'gazprom-kazan',
    kind: 'resource_supplier',
    nameRu: 'ООО «Газпром трансгаз Казань»',
    nameEn: 'Gazprom Transgaz Kazan LLC (gas)',
    phone: '+7 843 204-04-04',
    address: 'ул. Аделя Кутуя, д. 41',
    workingHours: roundTheClock,
  },
];

/** A city department of the executive committee, with its own phone and address. */
const dept = (code: string, nameRu: string, nameEn: string, phone: string, address: string) =>
  ({
    code,
    kind: 'city_department',
    nameRu,
    nameEn,
    phone,
    address,
    workingHours: office('16:45'),
  }) satisfies OrganisationSpec;

export const KAZAN_DEPARTMENTS: OrganisationSpec[] = [
  {
    code: 'roads',
    kind: 'city_department',
    nameRu: 'МКУ «Управление дорожного хозяйства и благоустройства г. Казани»',
    nameEn: 'Kazan Roads and Landscaping Department',
    phone: '+7 843 299-03-44',
    address: 'ул. Кремлёвская, д. 1',
    workingHours: office(),
  },
  {
    code: 'transport',
    kind: 'city_department',
    nameRu: 'МКУ «Управление транспорта и связи г. Казани»',
    nameEn: 'Kazan Transport and Communications Department',
    phone: '+7 843 299-14-01',
    address: 'ул. Кремлёвская, д. 1',
    workingHours: office(),
  },
  // The departments that provide municipal e-services (db/seed/eservices-catalogue.ts). Each has its
  // phone and address, so that adding them draws nothing from the plan's random stream.
  dept(
    'uaig',
    'МКУ «Управление архитектуры и градостроительства Исполнительного комитета г. Казани»',
    'Kazan Department of Architecture and Urban Development (UAiG)',
    '+7 843 299-16-31',
    'ул. Баумана, д. 58',
  ),
  dept(
    'kzio',
    'МКУ «Комитет земельных и имущественных отношений Исполнительного комитета г. Казани»',
    'Kazan Committee for Land and Property Relations (KZIO)',
    '+7 843 299-17-00',
    'ул. Груздева, д. 5',
  ),
  dept(
    'education',
    'МКУ «Управление образования Исполнительного комитета г. Казани»',
    'Kazan Education Department',
    '+7 843 299-13-93',
    'ул. Ершова, д. 49Б',
  ),
  dept(
    'archive',
    'Архивный отдел Исполнительного комитета г. Казани',
    'Kazan Municipal Archive',
    '+7 843 292-98-42',
    'ул. Татарстан, д. 55',
  ),
  dept(
    'housing',
    'МКУ «Управление жилищной политики Исполнительного комитета г. Казани»',
    'Kazan Housing Policy Department',
    '+7 843 299-15-38',
    'ул. Кремлёвская, д. 1',
  ),
  dept(
    'landscaping',
    'МКУ «Комитет внешнего благоустройства Исполнительного комитета г. Казани»',
    'Kazan Committee for Public Landscaping (KVB)',
    '+7 843 299-02-17',
    'ул. Карла Маркса, д. 68',
  ),
  dept(
    'advertising',
    'МКУ «Управление наружной рекламы и информации Исполнительного комитета г. Казани»',
    'Kazan Department of Outdoor Advertising and Information (UNRI)',
    '+7 843 299-12-08',
    'ул. Право-Булачная, д. 33',
  ),
  dept(
    'guardianship',
    'Отдел опеки и попечительства Исполнительного комитета г. Казани',
    'Kazan Guardianship Office',
    '+7 843 299-11-46',
    'ул. Кремлёвская, д. 1',
  ),
  dept(
    'sport',
    'МКУ «Управление физической культуры и спорта Исполнительного комитета г. Казани»',
    'Kazan Sports Department',
    '+7 843 299-14-76',
    'ул. Пушкина, д. 52',
  ),
];

/**
 * Kazan has four administrations for its seven districts: three of them serve two districts each.
 * `district` is the one the organisation row points at; `serves` lists every district it answers for.
 */
export const KAZAN_DISTRICT_ADMINISTRATIONS: (OrganisationSpec & { serves: string[] })[] = [
  {
    code: 'adm-avia-ns',
    kind: 'district_administration',
    nameRu: 'Администрация Авиастроительного и Ново-Савиновского районов',
    nameEn: 'Administration of the Aviastroitelny and Novo-Savinovsky Districts',
    district: 'aviastroitelny',
    serves: ['aviastroitelny', 'novo-savinovsky'],
    address: 'ул. Ленинградская, д. 24',
    workingHours: office(),
  },
  {
    code: 'adm-vakh-priv',
    kind: 'district_administration',
    nameRu: 'Администрация Вахитовского и Приволжского районов',
    nameEn: 'Administration of the Vakhitovsky and Privolzhsky Districts',
    district: 'vakhitovsky',
    serves: ['vakhitovsky', 'privolzhsky'],
    address: 'ул. Туфана Миннуллина, д. 2',
    workingHours: office(),
  },
  {
    code: 'adm-kir-mosk',
    kind: 'district_administration',
    nameRu: 'Администрация Кировского и Московского районов',
    nameEn: 'Administration of the Kirovsky and Moskovsky Districts',
    district: 'kirovsky',
    serves: ['kirovsky', 'moskovsky'],
    address: 'ул. Шамиля Усманова, д. 12',
    workingHours: office(),
  },
  {
    code: 'adm-sov',
    kind: 'district_administration',
    nameRu: 'Администрация Советского района',
    nameEn: 'Administration of the Sovetsky District',
    district: 'sovetsky',
    serves: ['sovetsky'],
    address: 'ул. Аделя Кутуя, д. 62',
    workingHours: office(),
  },
];

export const KAZAN_DISPATCH_CENTRE: OrganisationSpec = {
  code: 'eds',
  kind: 'dispatch_centre',
  nameRu: 'Единая диспетчерская служба г. Казани',
  nameEn: 'Kazan Unified Dispatch Service',
  phone: '+7 843 212-24-24',
  address: 'ул. Кремлёвская, д. 1',
  workingHours: roundTheClock,
};

export const KAZAN_CITY_HALL: OrganisationSpec = {
  code: 'ispolkom',
  kind: 'city_hall',
  nameRu: 'Исполнительный комитет г. Казани',
  nameEn: 'Kazan City Executive Committee',
  phone: '+7 843 299-10-10',
  address: 'ул. Кремлёвская, д. 1',
  website: 'https://kzn.ru',
  workingHours: office(),
};

export const KAZAN_CONTRACTORS: OrganisationSpec[] = [
  {
    code: 'liftservice',
    kind: 'contractor',
    nameRu: 'ООО «Лифтсервис»',
    nameEn: 'Liftservis LLC (lifts)',
    workingHours: roundTheClock,
  },
  {
    code: 'krovlya',
    kind: 'contractor',
    nameRu: 'ООО «КровляСтрой»',
    nameEn: 'KrovlyaStroy LLC (roofing)',
    workingHours: office(),
  },
  {
    code: 'dorstroy',
    kind: 'contractor',
    nameRu: 'ООО «Дорстрой-Казань»',
    nameEn: 'Dorstroy-Kazan LLC (road works)',
    workingHours: office(),
  },
  {
    code: 'chisty-gorod',
    kind: 'contractor',
    nameRu: 'ООО «Чистый город»',
    nameEn: 'Chisty Gorod LLC (cleaning)',
    workingHours: office('16:00', ['08:00', '14:00']),
  },
];

export const INNOPOLIS_ORGANISATIONS: OrganisationSpec[] = [
  {
    code: 'inn-uk',
    kind: 'management_company',
    nameRu: 'ООО «УК «Иннополис»',
    nameEn: 'Innopolis Management Company LLC',
    district: 'innopolis',
    phone: '+7 843 203-40-40',
    workingHours: office(),
  },
  {
    code: 'inn-eds',
    kind: 'dispatch_centre',
    nameRu: 'Единая диспетчерская служба г. Иннополис',
    nameEn: 'Innopolis Dispatch Service',
    phone: '+7 843 203-40-41',
    workingHours: roundTheClock,
  },
  {
    code: 'inn-ispolkom',
    kind: 'city_hall',
    nameRu: 'Исполнительный комитет г. Иннополис',
    nameEn: 'Innopolis Executive Committee',
    phone: '+7 843 203-40-00',
    address: 'ул. Университетская, д. 7',
    workingHours: office(),
  },
];

/** Seasonal multipliers by month (index 0 = January). */
const season = {
  all: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  winter: [2.2, 2.2, 1.6, 0.5, 0.05, 0, 0, 0, 0, 0.1, 0.9, 2],
  heating: [1.6, 1.5, 1.2, 0.8, 0.2, 0.05, 0.05, 0.05, 0.4, 2.2, 1.8, 1.6],
  thaw: [0.6, 0.8, 1.8, 2.2, 1.2, 1, 1.1, 1, 0.9, 1, 0.9, 0.6],
  summer: [0.1, 0.1, 0.3, 0.8, 1.6, 2, 2, 1.8, 1.2, 0.6, 0.2, 0.1],
  hotWaterOff: [0.8, 0.8, 0.8, 0.9, 1.6, 2.4, 2.4, 1.8, 0.9, 0.8, 0.8, 0.8],
  roads: [1.2, 1.3, 1.8, 2, 1.4, 1, 0.8, 0.8, 0.9, 1, 1.1, 1.2],
} satisfies Record<string, number[]>;

export type CategorySpec = {
  code: string;
  nameRu: string;
  nameEn: string;
  group: CategoryGroup;
  responsibleKind: OrganisationKind;
  utility?: Utility;
  priority: Priority;
  emergency?: boolean;
  public?: boolean;
  /** Relative frequency of appeals in this category. */
  weight: number;
  season: number[];
  /** Where in the building: 'flat' sets entrance and apartment, 'entrance' the entrance only. */
  place?: 'flat' | 'entrance';
  /** Description templates: {entrance} {floor} {apt} {days} {hours}. */
  texts: string[];
  /** What the organisation writes when it resolves one. */
  fixes: string[];
  /** What a resident writes when the fix did not help, besides the place's usual words (see categoryTexts). */
  disputes?: string[];
};

const housing = (c: Omit<CategorySpec, 'group' | 'responsibleKind'>): CategorySpec => ({
  ...c,
  group: 'housing',
  responsibleKind: 'management_company',
});
const utilityCat = (u: Utility, c: Omit<CategorySpec, 'group' | 'responsibleKind' | 'utility'>): CategorySpec => ({
  ...c,
  group: 'utilities',
  responsibleKind: 'resource_supplier',
  utility: u,
});
const city = (group: CategoryGroup, c: Omit<CategorySpec, 'group' | 'responsibleKind'>): CategorySpec => ({
  ...c,
  group,
  responsibleKind: group === 'other' ? 'district_administration' : 'city_department',
});

/** The categories, modelled on the headings of city portals ("Открытая Казань", "Наш город"). */
export const CATEGORIES: CategorySpec[] = [
  housing({
    code: 'roof_leak',
    nameRu: 'Протекает кровля',
    nameEn: 'Leaking roof',
    priority: 'high',
    weight: 6,
    season: season.thaw,
    place: 'flat',
    texts: [
      'Во время дождя протекает крыша, вода течёт по стене в квартире {apt} на {floor} этаже.',
      'Протекает кровля над {entrance}-м подъездом, на потолке пятна и плесень.',
      'Уже {days} дня с крыши капает вода в подъезд, вёдра не помогают. Просим отремонтировать кровлю.',
      'После таяния снега течёт потолок в кв. {apt}, намокла проводка.',
    ],
    fixes: [
      'Выполнен локальный ремонт кровли над подъездом.',
      'Кровля отремонтирована, примыкания герметизированы.',
      'Заменён участок мягкой кровли, течь устранена.',
    ],
    disputes: ['Сделали только частично, снова течёт.', 'После первого же дождя крыша опять протекает.'],
  }),
  housing({
    code: 'roof_icicles',
    nameRu: 'Наледь и сосульки на крыше',
    nameEn: 'Ice and icicles on the roof',
    priority: 'high',
    weight: 3,
    season: season.winter,
    place: 'entrance',
    texts: [
      'Над входом в {entrance}-й подъезд висят огромные сосульки, опасно ходить.',
      'Крыша не очищена от снега и наледи, сосульки над тротуаром.',
      'Сосульки над балконами и детской площадкой, просим срочно сбить.',
    ],
    fixes: ['Кровля очищена от снега и наледи, опасная зона была огорожена.', 'Сосульки сбиты, снег вывезен.'],
  }),
  housing({
    code: 'stairwell_dirty',
    nameRu: 'Не убран подъезд',
    nameEn: 'Stairwell not cleaned',
    priority: 'low',
    weight: 4,
    season: season.all,
    place: 'entrance',
    texts: [
      'В {entrance}-м подъезде не убирались уже {days} дней, грязно и пахнет.',
      'Не моют лестницу в подъезде {entrance}, на площадках мусор.',
      'Уборщица не приходит, в подъезде грязь и окурки.',
    ],
    fixes: [
      'Проведена влажная уборка подъезда, график уборки вывешен на информационном стенде.',
      'Подъезд убран, уборщице сделано замечание.',
    ],
  }),
  housing({
    code: 'yard_dirty',
    nameRu: 'Не убран двор',
    nameEn: 'Courtyard not cleaned',
    priority: 'low',
    weight: 3.5,
    season: season.summer,
    texts: [
      'Во дворе мусор, дворник не появляется уже неделю.',
      'Двор не убирается, возле скамеек бутылки и пакеты.',
      'Листва и мусор во дворе не убраны.',
    ],
    fixes: ['Придомовая территория убрана.', 'Двор убран, мусор вывезен.'],
  }),
  housing({
    code: 'yard_snow',
    nameRu: 'Не убран снег во дворе',
    nameEn: 'Snow not cleared in the courtyard',
    priority: 'normal',
    weight: 5,
    season: season.winter,
    texts: [
      'Двор не чищен от снега, машины не могут выехать.',
      'Тротуары к подъездам не расчищены, скользко.',
      'После снегопада двор не убран уже {days} дня.',
    ],
    fixes: ['Двор очищен от снега, проезды посыпаны песком.', 'Снег убран и вывезен, тротуары обработаны.'],
  }),
  housing({
    code: 'lift_broken',
    nameRu: 'Не работает лифт',
    nameEn: 'Lift out of order',
    priority: 'high',
    weight: 4,
    season: season.all,
    place: 'entrance',
    texts: [
      'В {entrance}-м подъезде не работает лифт уже {days} дня.',
      'Лифт останавливается между этажами и не открывает двери.',
      'Лифт не работает, в доме пожилые люди и коляски.',
    ],
    fixes: [
      'Лифт отремонтирован, заменён блок управления.',
      'Неисправность устранена, лифт запущен.',
      'Заменены тросы, лифт работает.',
    ],
    disputes: ['Лифт проработал один день и снова стоит.'],
  }),
  housing({
    code: 'lift_stuck',
    nameRu: 'Застревание в лифте',
    nameEn: 'Person stuck in a lift',
    priority: 'emergency',
    emergency: true,
    weight: 0.8,
    season: season.all,
    place: 'entrance',
    texts: [
      'Застрял лифт в {entrance}-м подъезде, внутри человек.',
      'В лифте застрял ребёнок, между {floor} и следующим этажом.',
      'Застряли в лифте, кнопка вызова диспетчера не работает.',
    ],
    fixes: [
      'Пассажиры освобождены аварийной службой, лифт проверен.',
      'Люди эвакуированы из кабины, лифт выведен в ремонт.',
    ],
  }),
  housing({
    code: 'basement_flooded',
    nameRu: 'Затоплен подвал',
    nameEn: 'Flooded basement',
    priority: 'high',
    weight: 1.5,
    season: season.thaw,
    texts: [
      'Подвал затоплен водой, в подъезде запах сырости.',
      'В подвале стоит вода, комары летят в квартиры.',
      'Подвал залит, откачку не проводят.',
    ],
    fixes: ['Вода из подвала откачана, устранена течь трубопровода.', 'Подвал осушен, проведена дезинсекция.'],
    disputes: ['Подвал снова затоплен.'],
  }),
  housing({
    code: 'sewer_blockage',
    nameRu: 'Засор канализации в доме',
    nameEn: 'Sewer blockage in the building',
    priority: 'high',
    weight: 2,
    season: season.all,
    place: 'flat',
    texts: [
      'Засор канализационного стояка, вода поднимается в ванне кв. {apt}.',
      'Засорилась канализация, топит квартиры на первом этаже.',
      'Канализация не уходит уже {hours} часов.',
    ],
    fixes: ['Засор стояка устранён.', 'Прочищен лежак канализации в подвале.'],
    disputes: ['Через день канализация опять засорилась.'],
  }),
  housing({
    code: 'flat_flooding',
    nameRu: 'Течь в стояке, топят соседи',
    nameEn: 'Leak from a riser or the flat above',
    priority: 'high',
    weight: 2.5,
    season: season.all,
    place: 'flat',
    texts: [
      'Топят сверху, течёт по стене в кв. {apt}, соседей нет дома.',
      'Течь в стояке горячей воды в кв. {apt}.',
      'Из квартиры сверху течёт вода, намок потолок.',
    ],
    fixes: ['Перекрыт стояк, заменён участок трубы, течь устранена.', 'Течь устранена, составлен акт о заливе.'],
    disputes: ['Сделали только частично, снова течёт.'],
  }),
  housing({
    code: 'wiring_sparks',
    nameRu: 'Искрит проводка в подъезде',
    nameEn: 'Sparking wiring in the stairwell',
    priority: 'emergency',
    emergency: true,
    weight: 0.7,
    season: season.all,
    place: 'entrance',
    texts: [
      'В электрощитке на {floor} этаже искрит и пахнет гарью.',
      'Искрит проводка в подъезде {entrance}, слышен треск.',
      'Дымится электрощит в подъезде.',
    ],
    fixes: ['Аварийная бригада заменила автоматы и участок проводки.', 'Щиток отремонтирован, проводка проверена.'],
  }),
  housing({
    code: 'stairwell_light',
    nameRu: 'Не горит свет в подъезде',
    nameEn: 'No light in the stairwell',
    priority: 'normal',
    weight: 3,
    season: season.heating,
    place: 'entrance',
    texts: [
      'В {entrance}-м подъезде не горит свет на {floor} этаже.',
      'Темно в подъезде, не работают светильники.',
      'Нет освещения у входа в подъезд.',
    ],
    fixes: ['Заменены лампы, освещение восстановлено.', 'Установлены новые светодиодные светильники.'],
    disputes: ['Лампы снова не горят.'],
  }),
  housing({
    code: 'intercom',
    nameRu: 'Не работает домофон',
    nameEn: 'Intercom out of order',
    priority: 'low',
    weight: 1.5,
    season: season.all,
    place: 'entrance',
    texts: ['Не работает домофон в подъезде {entrance}.', 'Домофон не открывает дверь, трубка молчит.'],
    fixes: ['Домофон отремонтирован.', 'Заменён блок вызова домофона.'],
    disputes: ['Домофон снова не открывает дверь.'],
  }),
  housing({
    code: 'entrance_door',
    nameRu: 'Сломана входная дверь подъезда',
    nameEn: 'Broken entrance door',
    priority: 'normal',
    weight: 1.2,
    season: season.all,
    place: 'entrance',
    texts: [
      'Входная дверь {entrance}-го подъезда не закрывается, сломан доводчик.',
      'Дверь в подъезд сорвана с петель.',
    ],
    fixes: ['Дверь отремонтирована, установлен новый доводчик.', 'Петли заменены, дверь закрывается.'],
  }),
  housing({
    code: 'stairwell_windows',
    nameRu: 'Разбиты окна в подъезде',
    nameEn: 'Broken windows in the stairwell',
    priority: 'normal',
    weight: 1,
    season: season.heating,
    place: 'entrance',
    texts: ['В подъезде {entrance} разбито окно на {floor} этаже, холодно.', 'Нет стёкол в окнах подъезда, дует.'],
    fixes: ['Остекление восстановлено.', 'Вставлены стёкла, окна утеплены.'],
  }),
  housing({
    code: 'pests',
    nameRu: 'Грызуны и насекомые в подвале',
    nameEn: 'Rodents or insects in the basement',
    priority: 'normal',
    weight: 0.8,
    season: season.summer,
    texts: [
      'В подвале крысы, видели у мусоропровода.',
      'Тараканы из подвала, просим провести дезинсекцию.',
      'Комары из подвала, нужна обработка.',
    ],
    fixes: ['Проведены дератизация и дезинсекция подвала.', 'Подвал обработан, повторная обработка через месяц.'],
  }),
  housing({
    code: 'facade',
    nameRu: 'Разрушение фасада, балконов',
    nameEn: 'Crumbling facade or balconies',
    priority: 'high',
    weight: 0.9,
    season: season.thaw,
    texts: [
      'Осыпается штукатурка с фасада над входом.',
      'Разрушается балконная плита на {floor} этаже, падают куски бетона.',
      'С фасада падает облицовка, опасно.',
    ],
    fixes: [
      'Опасные участки фасада демонтированы, зона огорожена, ремонт включён в план.',
      'Балконная плита укреплена.',
    ],
  }),
  housing({
    code: 'garbage',
    nameRu: 'Мусор не вывезен',
    nameEn: 'Rubbish not collected',
    priority: 'normal',
    weight: 3,
    season: season.summer,
    texts: [
      'Контейнерная площадка переполнена, мусор не вывозят {days} дня.',
      'Мусор не вывезен, вокруг контейнеров пакеты и запах.',
      'Крупногабаритный мусор лежит у площадки больше недели.',
    ],
    fixes: ['Мусор вывезен, площадка убрана.', 'Региональный оператор вывез отходы, график уточнён.'],
    disputes: ['Мусор снова не вывозят.'],
  }),
  utilityCat('hot_water', {
    code: 'no_hot_water',
    nameRu: 'Нет горячей воды',
    nameEn: 'No hot water',
    priority: 'high',
    weight: 5,
    season: season.hotWaterOff,
    place: 'flat',
    texts: [
      'Нет горячей воды уже {days} дня, объявлений об отключении не было.',
      'Горячая вода еле тёплая, в кв. {apt} не выше 35 градусов.',
      'В доме нет горячей воды с утра.',
    ],
    fixes: [
      'Подача горячей воды восстановлена после ремонта на сетях.',
      'Устранена неисправность на тепловом пункте, ГВС восстановлено.',
    ],
    disputes: ['Горячая вода снова еле тёплая.'],
  }),
  utilityCat('cold_water', {
    code: 'no_cold_water',
    nameRu: 'Нет холодной воды',
    nameEn: 'No cold water',
    priority: 'high',
    weight: 3,
    season: season.all,
    place: 'flat',
    texts: [
      'Нет холодной воды во всём доме.',
      'Отключили холодную воду без предупреждения.',
      'В кв. {apt} нет холодной воды {hours} часов.',
    ],
    fixes: ['Водоснабжение восстановлено после ремонта водовода.', 'Устранён порыв на сетях, вода подана.'],
  }),
  utilityCat('cold_water', {
    code: 'low_pressure',
    nameRu: 'Слабый напор воды',
    nameEn: 'Low water pressure',
    priority: 'normal',
    weight: 2.5,
    season: season.summer,
    place: 'flat',
    texts: [
      'Слабый напор холодной воды на {floor} этаже, стиральная машина не работает.',
      'Вечером вода почти не идёт на верхних этажах.',
    ],
    fixes: ['Отрегулирован режим работы насосной станции, давление в норме.', 'Заменён регулятор давления на вводе.'],
  }),
  utilityCat('cold_water', {
    code: 'water_quality',
    nameRu: 'Ржавая или мутная вода',
    nameEn: 'Rusty or cloudy water',
    priority: 'normal',
    weight: 1.5,
    season: season.all,
    place: 'flat',
    texts: ['Из крана течёт ржавая вода.', 'Мутная вода с запахом, просим проверить качество.'],
    fixes: ['Проведена промывка сетей, пробы воды в норме.', 'Сети промыты, качество воды соответствует нормативу.'],
  }),
  utilityCat('cold_water', {
    code: 'pipe_burst',
    nameRu: 'Прорыв трубы водоснабжения',
    nameEn: 'Burst water main',
    priority: 'emergency',
    emergency: true,
    weight: 1,
    season: season.winter,
    texts: [
      'Прорыв трубы возле дома, вода заливает двор.',
      'Из-под асфальта бьёт вода, топит подвал.',
      'Порыв водопровода, во дворе течёт вода.',
    ],
    fixes: [
      'Аварийная бригада устранила порыв, благоустройство восстановят в плановом порядке.',
      'Заменён участок трубопровода, подача воды восстановлена.',
    ],
    disputes: ['Вода снова бьёт из-под асфальта.'],
  }),
  utilityCat('cold_water', {
    code: 'sewer_manhole',
    nameRu: 'Переполнен канализационный колодец',
    nameEn: 'Overflowing sewer manhole',
    priority: 'high',
    weight: 1,
    season: season.thaw,
    texts: ['Из канализационного колодца во дворе течёт вода, запах.', 'Колодец переполнен, стоки текут к подъезду.'],
    fixes: ['Колодец прочищен, сети промыты.', 'Устранён засор городской канализации.'],
  }),
  utilityCat('heating', {
    code: 'no_heating',
    nameRu: 'Нет отопления',
    nameEn: 'No heating',
    priority: 'high',
    weight: 5,
    season: season.heating,
    place: 'flat',
    texts: [
      'Батареи холодные, в квартире {apt} +16.',
      'Нет отопления в подъезде {entrance}, дома холодно.',
      'Отопление не включили, хотя сезон начался.',
    ],
    fixes: [
      'Стояки отопления развоздушены, теплоноситель подан.',
      'Устранена неисправность на тепловых сетях, отопление восстановлено.',
    ],
    disputes: ['Батареи снова холодные.'],
  }),
  utilityCat('heating', {
    code: 'cold_radiators',
    nameRu: 'Слабо греют батареи',
    nameEn: 'Radiators barely warm',
    priority: 'normal',
    weight: 3,
    season: season.heating,
    place: 'flat',
    texts: ['Батареи еле тёплые, в квартире {apt} холодно.', 'Плохо греет отопление на {floor} этаже.'],
    fixes: ['Отрегулирован тепловой узел, температура в норме.', 'Проведена промывка стояка, батареи греют.'],
    disputes: ['Батареи снова холодные.'],
  }),
  utilityCat('electricity', {
    code: 'power_outage',
    nameRu: 'Отключение электричества',
    nameEn: 'Power outage',
    priority: 'high',
    weight: 2.5,
    season: season.all,
    place: 'flat',
    texts: [
      'Нет электричества во всём доме.',
      'Пропал свет в подъезде {entrance} и квартирах.',
      'Отключили электроэнергию без предупреждения.',
    ],
    fixes: ['Электроснабжение восстановлено, заменён кабель.', 'Восстановлено после ремонта на подстанции.'],
  }),
  utilityCat('electricity', {
    code: 'voltage',
    nameRu: 'Перепады напряжения',
    nameEn: 'Voltage fluctuations',
    priority: 'normal',
    weight: 1,
    season: season.all,
    place: 'flat',
    texts: ['Мигает свет, перепады напряжения, сгорел холодильник.', 'Низкое напряжение в сети по вечерам.'],
    fixes: ['Перераспределена нагрузка по фазам, напряжение в норме.', 'Заменён вводной кабель.'],
  }),
  utilityCat('gas', {
    code: 'gas_smell',
    nameRu: 'Запах газа',
    nameEn: 'Smell of gas',
    priority: 'emergency',
    emergency: true,
    weight: 0.8,
    season: season.heating,
    place: 'entrance',
    texts: [
      'Сильный запах газа в подъезде {entrance}.',
      'Пахнет газом на {floor} этаже.',
      'Запах газа у газовой трубы на фасаде.',
    ],
    fixes: [
      'Аварийная газовая служба устранила утечку на резьбовом соединении.',
      'Утечка устранена, проведена проверка загазованности.',
    ],
  }),
  city('roads', {
    code: 'pothole',
    nameRu: 'Яма на дороге',
    nameEn: 'Pothole',
    priority: 'normal',
    weight: 5,
    season: season.roads,
    texts: [
      'Глубокая яма на проезжей части, машины пробивают колёса.',
      'Большая выбоина на дороге около дома.',
      'Провал асфальта на дороге, опасно для машин.',
    ],
    fixes: ['Выполнен ямочный ремонт.', 'Яма заделана литым асфальтом.'],
    disputes: ['Яму засыпали щебнем, после дождя она снова на месте.'],
  }),
  city('roads', {
    code: 'street_light',
    nameRu: 'Не горит уличный фонарь',
    nameEn: 'Broken street light',
    priority: 'normal',
    weight: 3,
    season: season.heating,
    texts: [
      'Не горят фонари на улице, вечером очень темно.',
      'Не работает уличное освещение возле остановки.',
      'Фонарь мигает и гаснет.',
    ],
    fixes: ['Заменён светильник, освещение восстановлено.', 'Восстановлено питание линии наружного освещения.'],
    disputes: ['Фонари снова не горят.'],
  }),
  city('roads', {
    code: 'traffic_light',
    nameRu: 'Не работает светофор',
    nameEn: 'Traffic light out of order',
    priority: 'high',
    weight: 1,
    season: season.all,
    texts: ['Не работает светофор на перекрёстке.', 'Светофор мигает жёлтым весь день.'],
    fixes: ['Светофорный объект отремонтирован.', 'Заменён контроллер светофора.'],
  }),
  city('roads', {
    code: 'open_manhole',
    nameRu: 'Открытый люк',
    nameEn: 'Open manhole',
    priority: 'emergency',
    emergency: true,
    weight: 0.6,
    season: season.all,
    texts: ['Открытый люк на тротуаре, может упасть ребёнок.', 'Нет крышки люка на проезжей части.'],
    fixes: ['Люк закрыт, установлена новая крышка.', 'Установлена крышка люка, место проверено.'],
  }),
  city('roads', {
    code: 'road_snow',
    nameRu: 'Не убран снег на дороге',
    nameEn: 'Snow not cleared on the road',
    priority: 'normal',
    weight: 3,
    season: season.winter,
    texts: ['Дорогу не чистят, колея и каша из снега.', 'Тротуар не расчищен, люди идут по проезжей части.'],
    fixes: ['Проезжая часть очищена, обработана противогололёдным материалом.', 'Снег убран и вывезен.'],
  }),
  city('roads', {
    code: 'sidewalk',
    nameRu: 'Разрушен тротуар',
    nameEn: 'Damaged pavement',
    priority: 'low',
    weight: 1.5,
    season: season.thaw,
    texts: ['Разбит тротуар, лужи и ямы.', 'Бордюр разрушен, плитка вывернута.'],
    fixes: ['Тротуар отремонтирован.', 'Ремонт тротуара включён в план на текущий сезон, выполнен временный ремонт.'],
  }),
  city('roads', {
    code: 'road_sign',
    nameRu: 'Повреждён дорожный знак',
    nameEn: 'Damaged road sign',
    priority: 'normal',
    weight: 0.6,
    season: season.all,
    texts: ['Сбит дорожный знак «Пешеходный переход».', 'Знак повёрнут и не виден водителям.'],
    fixes: ['Знак восстановлен.', 'Установлен новый дорожный знак.'],
  }),
  city('transport', {
    code: 'bus_schedule',
    nameRu: 'Автобус не соблюдает расписание',
    nameEn: 'Bus off schedule',
    priority: 'low',
    weight: 2,
    season: season.all,
    texts: [
      'Автобус не приходит по расписанию, ждём по 40 минут.',
      'Утром автобусы проезжают остановку переполненными.',
    ],
    fixes: ['Перевозчику выдано предписание, интервал движения восстановлен.', 'Добавлены рейсы в часы пик.'],
    disputes: ['Автобусы по-прежнему ходят с интервалом 40 минут.'],
  }),
  city('transport', {
    code: 'bus_stop',
    nameRu: 'Повреждена остановка',
    nameEn: 'Damaged bus stop',
    priority: 'normal',
    weight: 0.8,
    season: season.all,
    texts: ['Разбито стекло на остановке.', 'На остановке нет скамейки и навеса.'],
    fixes: ['Остановочный павильон отремонтирован.', 'Заменено остекление павильона.'],
  }),
  city('transport', {
    code: 'driver_conduct',
    nameRu: 'Нарушения водителя общественного транспорта',
    nameEn: 'Public transport driver misconduct',
    priority: 'normal',
    weight: 0.8,
    season: season.all,
    texts: ['Водитель автобуса курил за рулём и грубил пассажирам.', 'Водитель не остановился на остановке.'],
    fixes: [
      'Проведена проверка, к водителю применено дисциплинарное взыскание.',
      'Перевозчик провёл беседу с водителем.',
    ],
  }),
  city('landscaping', {
    code: 'playground',
    nameRu: 'Сломана детская площадка',
    nameEn: 'Broken playground',
    priority: 'normal',
    weight: 1.5,
    season: season.summer,
    texts: ['Сломаны качели на детской площадке, торчат болты.', 'На площадке разбита горка, дети могут пораниться.'],
    fixes: ['Повреждённое оборудование демонтировано, заказаны новые элементы.', 'Качели отремонтированы.'],
  }),
  city('landscaping', {
    code: 'hazardous_tree',
    nameRu: 'Аварийное дерево',
    nameEn: 'Hazardous tree',
    priority: 'high',
    weight: 1.2,
    season: season.summer,
    texts: [
      'Сухое дерево наклонилось над детской площадкой.',
      'Дерево упало на провода после ветра.',
      'Аварийный тополь над парковкой, ветки падают на машины.',
    ],
    fixes: ['Аварийное дерево спилено, порубочные остатки вывезены.', 'Проведена санитарная обрезка.'],
  }),
  city('landscaping', {
    code: 'illegal_dump',
    nameRu: 'Несанкционированная свалка',
    nameEn: 'Illegal dump',
    priority: 'normal',
    weight: 1.2,
    season: season.summer,
    texts: ['За гаражами свалка строительного мусора.', 'На пустыре выбрасывают мусор, свалка растёт.'],
    fixes: ['Свалка ликвидирована, мусор вывезен.', 'Территория очищена, установлены информационные таблички.'],
  }),
  city('landscaping', {
    code: 'grass',
    nameRu: 'Не скошена трава',
    nameEn: 'Grass not mowed',
    priority: 'low',
    weight: 1,
    season: season.summer,
    texts: ['Трава по пояс вдоль тротуара, много клещей.', 'Газон у дороги не косили всё лето.'],
    fixes: ['Покос выполнен.', 'Газон скошен, трава вывезена.'],
  }),
  city('landscaping', {
    code: 'benches_bins',
    nameRu: 'Сломаны скамейки, урны',
    nameEn: 'Broken benches or bins',
    priority: 'low',
    weight: 0.7,
    season: season.summer,
    texts: ['В сквере сломаны скамейки.', 'Урны переполнены и сломаны.'],
    fixes: ['Скамейки отремонтированы, урны заменены.', 'Установлены новые урны.'],
  }),
  city('other', {
    code: 'stray_dogs',
    nameRu: 'Бездомные собаки',
    nameEn: 'Stray dogs',
    priority: 'normal',
    weight: 1,
    season: season.all,
    texts: ['Стая бездомных собак во дворе, бросаются на детей.', 'Собаки у школы, просим отловить.'],
    fixes: ['Заявка передана службе отлова, животные отловлены.', 'Собаки отловлены и переданы в приют.'],
  }),
  city('other', {
    code: 'illegal_trade',
    nameRu: 'Незаконная торговля',
    nameEn: 'Illegal street trading',
    priority: 'low',
    weight: 0.5,
    season: season.summer,
    texts: ['У остановки торгуют с земли, мусор после торговцев.', 'Незаконный киоск на тротуаре.'],
    fixes: ['Проведён рейд, торговля пресечена.', 'Нестационарный объект демонтирован.'],
  }),
  city('other', {
    code: 'abandoned_car',
    nameRu: 'Брошенный автомобиль',
    nameEn: 'Abandoned car',
    priority: 'low',
    weight: 0.5,
    season: season.all,
    texts: [
      'Во дворе больше года стоит брошенная машина без колёс.',
      'Разукомплектованный автомобиль мешает уборке снега.',
    ],
    fixes: ['Владелец установлен, автомобиль убран.', 'Автомобиль эвакуирован на спецстоянку.'],
  }),
  // Private: what a resident reports about neighbours never appears on public views.
  city('other', {
    code: 'neighbours_noise',
    nameRu: 'Шум и нарушение тишины соседями',
    nameEn: 'Noisy neighbours',
    priority: 'normal',
    public: false,
    weight: 1,
    season: season.all,
    place: 'flat',
    texts: ['Соседи шумят по ночам, ремонт после 22:00.', 'Соседи устраивают громкие застолья каждую ночь.'],
    fixes: [
      'Материалы направлены участковому, с соседями проведена беседа.',
      'Участковый провёл профилактическую беседу.',
    ],
  }),
  city('other', {
    code: 'neighbour_conflict',
    nameRu: 'Конфликт с соседями, угрозы',
    nameEn: 'Neighbour conflict or threats',
    priority: 'high',
    public: false,
    weight: 0.4,
    season: season.all,
    place: 'flat',
    texts: [
      'Сосед угрожает и оскорбляет, боюсь выходить из квартиры.',
      'В квартире рядом постоянно кричат и слышны удары, просим проверить.',
    ],
    fixes: [
      'Обращение передано в отдел полиции, проведена проверка.',
      'Участковый уполномоченный отреагировал, семье предложена помощь социальной службы.',
    ],
  }),
  city('other', {
    code: 'unsanitary_flat',
    nameRu: 'Антисанитария в квартире соседей',
    nameEn: 'Unsanitary neighbouring flat',
    priority: 'normal',
    public: false,
    weight: 0.4,
    season: season.all,
    place: 'flat',
    texts: [
      'Из квартиры соседей запах и тараканы, накоплен мусор.',
      'Сосед собирает мусор в квартире, запах на весь подъезд.',
    ],
    fixes: [
      'Проведено обследование, собственнику выдано предписание.',
      'Квартира очищена с участием социальной службы.',
    ],
  }),
];

/** Innopolis is small: city hall does the street work, and the management company runs the networks. */
export function innopolisResponsibility(c: CategorySpec): { responsibleKind: OrganisationKind; utility?: Utility } {
  if (c.group === 'utilities') return { responsibleKind: 'management_company' };
  if (c.group === 'housing') return { responsibleKind: 'management_company' };
  return { responsibleKind: 'city_hall' };
}

/**
 * Where an appeal's problem is, as far as the words people write about it go: inside a flat, in an
 * entrance, around the house (yard, basement, roof), out on the street, on a bus, or next door.
 */
export type CategorySetting = 'flat' | 'entrance' | 'house' | 'street' | 'transport' | 'neighbours';

export function categorySetting(c: Pick<CategorySpec, 'group' | 'place'>): CategorySetting {
  if (c.group === 'housing' || c.group === 'utilities')
    return c.place === 'flat' ? 'flat' : c.place === 'entrance' ? 'entrance' : 'house';
  if (c.group === 'transport') return 'transport';
  if (c.group === 'other' && c.place === 'flat') return 'neighbours';
  return 'street';
}

/** A question the organisation asks, and the resident's possible answers ({entrance} {floor} {apt}). */
export type InfoExchange = { request: string; replies: string[] };

type SettingTexts = {
  /** What an organisation writes when it rejects an appeal at once. */
  rejections: string[];
  infoExchanges: InfoExchange[];
  /** What a resident writes when the fix did not help. */
  disputes: string[];
};

const notOurs = 'Вопрос не относится к компетенции организации, заявитель проинформирован.';
const nothingFound = 'По указанному адресу нарушений не выявлено.';
const photoPlease = 'Пришлите фото, пожалуйста: по описанию не удаётся найти место.';
const stillThere = 'Проблема не устранена, всё осталось как было.';
const backAgain = 'Через день всё повторилось.';

const SETTING_TEXTS: Record<CategorySetting, SettingTexts> = {
  flat: {
    rejections: [notOurs, 'Работы включены в программу капитального ремонта на следующий год.', nothingFound],
    infoExchanges: [
      { request: 'Уточните, пожалуйста, номер подъезда и этаж.', replies: ['Подъезд {entrance}, этаж {floor}.'] },
      {
        request: 'Уточните, когда удобно обеспечить доступ в квартиру.',
        replies: ['Дома буду после 18:00, телефон указан в профиле.', 'В выходные весь день, квартира {apt}.'],
      },
    ],
    disputes: [stillThere, backAgain],
  },
  entrance: {
    rejections: [notOurs, 'Работы включены в программу капитального ремонта на следующий год.', nothingFound],
    infoExchanges: [
      { request: 'Уточните, пожалуйста, номер подъезда и этаж.', replies: ['Подъезд {entrance}, этаж {floor}.'] },
      { request: photoPlease, replies: ['Фото приложить не могу, это в {entrance}-м подъезде, у лифта.'] },
    ],
    disputes: [stillThere, backAgain],
  },
  house: {
    rejections: [notOurs, 'Работы включены в программу капитального ремонта на следующий год.', nothingFound],
    infoExchanges: [
      {
        request: 'Уточните точное место: во дворе или со стороны улицы?',
        replies: ['Со стороны двора, напротив детской площадки.', 'Со стороны улицы, у торца дома.'],
      },
      { request: photoPlease, replies: ['Фото приложить не могу, место у второго подъезда, возле скамейки.'] },
    ],
    disputes: [stillThere, backAgain],
  },
  street: {
    rejections: [notOurs, 'Участок не относится к территории, которую обслуживает организация.', nothingFound],
    infoExchanges: [
      {
        request: 'Уточните точное место: у какого дома или перекрёстка?',
        replies: ['Напротив дома, у пешеходного перехода.', 'У перекрёстка, со стороны остановки.'],
      },
      { request: photoPlease, replies: ['Фото приложить не могу, место напротив дома, рядом с остановкой.'] },
    ],
    disputes: [stillThere, backAgain],
  },
  transport: {
    rejections: [notOurs, 'Маршрут обслуживает другой перевозчик, обращение передано ему.', nothingFound],
    infoExchanges: [
      {
        request: 'Уточните, пожалуйста, номер маршрута и время поездки.',
        replies: ['Маршрут 46, около 8 утра.', 'Маршрут 10, вечером около 19:00.'],
      },
      {
        request: 'Уточните, пожалуйста, бортовой номер автобуса, если запомнили.',
        replies: ['Номер не запомнил, маршрут 74, около 8:30 утра.'],
      },
    ],
    disputes: [stillThere, 'Ничего не изменилось, на этой неделе было то же самое.'],
  },
  neighbours: {
    rejections: [notOurs, 'Обращение передано в отдел полиции по месту жительства.', nothingFound],
    infoExchanges: [
      { request: 'Уточните, пожалуйста, номер квартиры соседей.', replies: ['Квартира этажом выше, над {apt}-й.'] },
      {
        request: 'Уточните, в какое время это обычно происходит.',
        replies: ['Почти каждую ночь после 23:00.', 'По выходным, с вечера до утра.'],
      },
    ],
    disputes: [stillThere, 'Через неделю всё началось снова.'],
  },
};

/** What the organisation writes when nobody answered its question for ten days. */
export const NO_ANSWER_REJECTION = 'Заявитель не ответил на запрос дополнительной информации.';
export const DISPATCHER_ASSIGNED = 'Назначено диспетчером';
export const RESIDENT_CANCELLED = 'Проблема решилась сама, отзываю обращение.';

/** Every text an appeal of this category may carry: its own descriptions and fixes, and its place's words. */
export type CategoryTexts = {
  /** Templates: {entrance} {floor} {apt} {days} {hours}. */
  descriptions: string[];
  fixes: string[];
  disputes: string[];
  /** Early rejections (the no-answer one is NO_ANSWER_REJECTION). */
  rejections: string[];
  infoExchanges: InfoExchange[];
};

export function categoryTexts(c: CategorySpec): CategoryTexts {
  const place = SETTING_TEXTS[categorySetting(c)];
  return {
    descriptions: c.texts,
    fixes: c.fixes,
    disputes: [...(c.disputes ?? []), ...place.disputes],
    rejections: place.rejections,
    infoExchanges: place.infoExchanges,
  };
}

export type DemoStaffSpec = {
  login: string;
  role: Role;
  municipality: 'KZN' | 'INN';
  /** Organisation code, or null for platform administrators. */
  organisation: string | null;
  fullName: string;
  description: string;
};

/** Staff accounts printed on start-up; every one signs in with DEMO_PASSWORD. */
export const DEMO_STAFF: DemoStaffSpec[] = [
  {
    login: 'admin',
    role: 'admin',
    municipality: 'KZN',
    organisation: null,
    fullName: 'Сафин Тимур Ильдарович',
    description: 'администратор Казани: справочники, категории, пользователи / Kazan administrator',
  },
  {
    login: 'dispatcher',
    role: 'dispatcher',
    municipality: 'KZN',
    organisation: 'eds',
    fullName: 'Гарипова Лейсан Маратовна',
    description: 'диспетчер ЕДС: разбор, переназначение, просроченные / dispatcher: triage, reassign, overdue',
  },
  {
    login: 'cityhall',
    role: 'city_hall',
    municipality: 'KZN',
    organisation: 'ispolkom',
    fullName: 'Морозов Андрей Викторович',
    description: 'исполком: показатели, сроки, карта проблем / city hall: figures, SLA, map',
  },
  {
    login: 'uk1.staff',
    role: 'org_staff',
    municipality: 'KZN',
    organisation: 'uk01',
    fullName: 'Хасанова Гульнара Рустамовна',
    description: 'сотрудник УК ЖКХ Вахитовского района: очередь, принять, решить / MC staff: own queue',
  },
  {
    login: 'uk1.boss',
    role: 'org_supervisor',
    municipality: 'KZN',
    organisation: 'uk01',
    fullName: 'Закиров Ринат Азатович',
    description: 'руководитель УК ЖКХ Вахитовского района / MC supervisor',
  },
  {
    login: 'uk2.staff',
    role: 'org_staff',
    municipality: 'KZN',
    organisation: 'uk02',
    fullName: 'Петрова Елена Сергеевна',
    description: 'сотрудник УК «Уютный дом» / MC staff',
  },
  {
    login: 'uk2.boss',
    role: 'org_supervisor',
    municipality: 'KZN',
    organisation: 'uk02',
    fullName: 'Валиев Марат Ильдусович',
    description: 'руководитель УК «Уютный дом» / MC supervisor',
  },
  {
    login: 'vodokanal.staff',
    role: 'org_staff',
    municipality: 'KZN',
    organisation: 'vodokanal',
    fullName: 'Кузнецов Дмитрий Олегович',
    description: 'АО «Водоканал»: вода и канализация / water supplier staff',
  },
  {
    login: 'roads.staff',
    role: 'org_staff',
    municipality: 'KZN',
    organisation: 'roads',
    fullName: 'Нуриев Айдар Радикович',
    description: 'УДХиБ: дороги и благоустройство / roads department staff',
  },
  {
    login: 'uaig.staff',
    role: 'org_staff',
    municipality: 'KZN',
    organisation: 'uaig',
    fullName: 'Ахметзянова Диляра Ринатовна',
    description:
      'специалист УАиГ: заявления на ГПЗУ, перепланировку, адреса; модерация общественных обсуждений, рекомендации / architecture department clerk: e-services inbox, moderating public discussions',
  },
  {
    login: 'uaig.head',
    role: 'org_supervisor',
    municipality: 'KZN',
    organisation: 'uaig',
    fullName: 'Гильмутдинов Ильдар Фаридович',
    description:
      'начальник отдела УАиГ: подписание, сроки; общественные обсуждения — протокол и заключение / architecture department head: signing, terms, discussions’ protocols and conclusions',
  },
  {
    login: 'inn.dispatcher',
    role: 'dispatcher',
    municipality: 'INN',
    organisation: 'inn-eds',
    fullName: 'Сабирова Алсу Ильнуровна',
    description: 'диспетчер Иннополиса (другой муниципалитет) / Innopolis dispatcher',
  },
  {
    login: 'inn.admin',
    role: 'admin',
    municipality: 'INN',
    organisation: null,
    fullName: 'Миннуллин Булат Камилевич',
    description: 'администратор Иннополиса / Innopolis administrator',
  },
];

/** Residents with fixed phones, for signing in by one-time code in the demo. */
export const DEMO_RESIDENTS = [
  { phone: '+79170000001', fullName: 'Гарипова Алсу Ринатовна', email: 'alsu.garipova@example.ru' },
  { phone: '+79170000002', fullName: 'Иванов Сергей Петрович', email: null },
  { phone: '+79170000003', fullName: 'Хабибуллин Рустам Ильдарович', email: 'rustam.h@example.ru' },
] as const;

export const PEOPLE = {
  surnames: [
    'Иванов',
    'Петров',
    'Смирнов',
    'Кузнецов',
    'Попов',
    'Васильев',
    'Соколов',
    'Михайлов',
    'Новиков',
    'Фёдоров',
    'Морозов',
    'Волков',
    'Алексеев',
    'Лебедев',
    'Семёнов',
    'Егоров',
    'Павлов',
    'Козлов',
    'Степанов',
    'Николаев',
    'Орлов',
    'Андреев',
    'Макаров',
    'Захаров',
    'Сафин',
    'Галиев',
    'Хайруллин',
    'Валиев',
    'Закиров',
    'Мухаметшин',
    'Ахметов',
    'Гарипов',
    'Зарипов',
    'Шарипов',
    'Нуриев',
    'Абдуллин',
    'Гилязов',
    'Сабиров',
    'Латыпов',
    'Фахрутдинов',
    'Хасанов',
    'Каримов',
    'Юсупов',
    'Исмагилов',
    'Миннуллин',
    'Хабибуллин',
    'Гатауллин',
    'Садыков',
    'Шакиров',
    'Яруллин',
    'Ибрагимов',
    'Гайнуллин',
    'Мингазов',
    'Файзуллин',
  ],
  male: [
    'Александр',
    'Сергей',
    'Андрей',
    'Дмитрий',
    'Алексей',
    'Ильдар',
    'Рустам',
    'Айдар',
    'Марат',
    'Тимур',
    'Руслан',
    'Ринат',
    'Радик',
    'Ильнур',
    'Азат',
    'Артём',
    'Максим',
    'Иван',
    'Николай',
    'Владимир',
    'Булат',
    'Камиль',
    'Эдуард',
    'Олег',
    'Роман',
    'Айрат',
    'Ленар',
    'Рамиль',
  ],
  female: [
    'Елена',
    'Ольга',
    'Наталья',
    'Татьяна',
    'Ирина',
    'Светлана',
    'Гульнара',
    'Алсу',
    'Лейсан',
    'Гузель',
    'Резеда',
    'Альбина',
    'Эльвира',
    'Динара',
    'Айгуль',
    'Анна',
    'Мария',
    'Екатерина',
    'Дарья',
    'Лилия',
    'Римма',
    'Зульфия',
    'Чулпан',
    'Юлия',
    'Ксения',
    'Венера',
  ],
  /** Patronymics from fathers' names: [male, female]. */
  patronymics: [
    ['Александрович', 'Александровна'],
    ['Сергеевич', 'Сергеевна'],
    ['Андреевич', 'Андреевна'],
    ['Дмитриевич', 'Дмитриевна'],
    ['Алексеевич', 'Алексеевна'],
    ['Ильдарович', 'Ильдаровна'],
    ['Рустамович', 'Рустамовна'],
    ['Маратович', 'Маратовна'],
    ['Ринатович', 'Ринатовна'],
    ['Радикович', 'Радиковна'],
    ['Азатович', 'Азатовна'],
    ['Иванович', 'Ивановна'],
    ['Николаевич', 'Николаевна'],
    ['Владимирович', 'Владимировна'],
    ['Булатович', 'Булатовна'],
    ['Камилевич', 'Камилевна'],
    ['Ильдусович', 'Ильдусовна'],
    ['Рафаэлевич', 'Рафаэлевна'],
    ['Фаридович', 'Фаридовна'],
    ['Викторович', 'Викторовна'],
  ] as [string, string][],
  emailDomains: ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'],
};
