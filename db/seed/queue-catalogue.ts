/**
 * The demo electronic queue (issue 16): where Kazan receives people in person — a reception office in
 * each of the 7 districts, run by the administration that serves the district (Kazan has 4 for its 7
 * districts, so three of them keep two offices), the hall of the Department of Architecture and Urban
 * Development (УАиГ) and the hall of the Committee for Land and Property Relations (КЗИО) — with the
 * 28 types of appointment the model city offered, their windows and cabinets, and the demo's operators.
 * Innopolis has one office of its executive committee. db/seed/queue.ts writes them and the bookings.
 *
 * Addresses: the administrations' and departments' own addresses (db/seed/kazan.ts) for their main
 * offices; the second offices of the two-district administrations are plausible addresses on real
 * streets of the district. Every map point lies inside its district's outline in db/seed/kazan.ts
 * (tests/seed-queue.test.ts checks it).
 */
import type { AppointmentPurpose, OfficeRules } from '../../dispatch/appointments.ts';
import { DEFAULT_OFFICE_RULES } from '../../dispatch/appointments.ts';
import type { Weekday, WorkingInterval } from '../../dispatch/calendar.ts';
import type { Texts } from '../../dispatch/eservices.ts';
import type { Role } from '../schema/users.ts';
import { tx } from './eservices-texts.ts';

type Week = Partial<Record<Weekday, WorkingInterval[]>>;

/**
 * The executive committee's hours: Mon–Thu 09:00–18:00, Fri 09:00–16:45, lunch 12:00–12:45. The
 * administrative regulations of Kazan's municipal services give the committee's and the district
 * administrations' reception hours this way ("перерыв на обед с 12.00 до 12.45"); 12:00 rather than
 * 13:00 also leaves the long afternoon, when most working people come, without a break.
 */
const day = (end: string): WorkingInterval[] => [
  { start: '09:00', end: '12:00' },
  { start: '12:45', end },
];
export const EXECUTIVE_COMMITTEE_WEEK: Week = {
  mon: day('18:00'),
  tue: day('18:00'),
  wed: day('18:00'),
  thu: day('18:00'),
  fri: day('16:45'),
};

/** The deputy head receives on Tuesday afternoons only. */
const DEPUTY_HEAD_WEEK: Week = { tue: [{ start: '14:00', end: '18:00' }] };

/** District offices give walk-in tickets; the department halls see people by appointment (УАиГ none at all). */
export const DISTRICT_RULES: OfficeRules = {
  ...DEFAULT_OFFICE_RULES,
  horizonDays: 14,
  opensAt: '08:00',
  walkIns: true,
};
export const UAIG_RULES: OfficeRules = { ...DEFAULT_OFFICE_RULES, walkIns: false };
export const KZIO_RULES: OfficeRules = { ...DEFAULT_OFFICE_RULES, walkIns: true, callRule: 'by_time' };

export type QueueServiceSpec = {
  code: string;
  name: Texts;
  description: Texts;
  purpose: AppointmentPurpose;
  /** The e-service (by code, of the same municipality) whose documents are handed in or result collected. */
  eservice?: string;
  letter: string;
  /** How much it is asked for, relative to the others (the bookings' mix). */
  demand: number;
};

const svc = (
  code: string,
  letter: string,
  purpose: AppointmentPurpose,
  demand: number,
  name: Texts,
  description: Texts,
  eservice?: string,
): QueueServiceSpec => ({ code, letter, purpose, demand, name, description, ...(eservice ? { eservice } : {}) });

/** What the district administrations receive people about (14 types). */
const DISTRICT_SERVICES: QueueServiceSpec[] = [
  svc(
    'housing-consult',
    'А',
    'consultation',
    5,
    tx('Жилищные вопросы: консультация', 'Housing questions: a consultation', 'Торак мәсьәләләре: консультация'),
    tx(
      'Ответы на вопросы о муниципальном жилье, договорах социального найма, обмене и переселении.',
      'Questions about municipal housing, social tenancy agreements, exchanges and resettlement.',
      'Муниципаль торак, социаль наем килешүләре, алмашу һәм күчерү турында сорауларга җаваплар.',
    ),
  ),
  svc(
    'housing-list-hand-in',
    'Б',
    'hand_in',
    3,
    tx(
      'Учёт нуждающихся в жилье: приём документов',
      'Housing list: handing in documents',
      'Торакка мохтаҗлар исәбе: документлар кабул итү',
    ),
    tx(
      'Приём заявления и документов для принятия на учёт в качестве нуждающихся в жилых помещениях.',
      'Handing in the application and documents to be put on the list of those who need housing.',
      'Торак урыннарына мохтаҗлар буларак исәпкә алу өчен гариза һәм документлар кабул итү.',
    ),
    'housing-list',
  ),
  svc(
    'housing-list-info',
    'В',
    'consultation',
    3,
    tx(
      'Учёт нуждающихся в жилье: номер очереди и состав дела',
      'Housing list: your place on the list and your file',
      'Торакка мохтаҗлар исәбе: чират номеры һәм эш составы',
    ),
    tx(
      'Сведения о номере в очереди, перерегистрация, внесение изменений в учётное дело.',
      'Your place on the list, re-registration, changes to your file.',
      'Чираттагы номер, яңадан теркәлү, исәп эшенә үзгәрешләр кертү турында мәгълүмат.',
    ),
  ),
  svc(
    'registration-consult',
    'Г',
    'consultation',
    4,
    tx(
      'Регистрация по месту жительства: вопросы',
      'Registration of residence: questions',
      'Яшәү урыны буенча теркәлү: сораулар',
    ),
    tx(
      'Справки о составе семьи и с места жительства для муниципального жилья, вопросы регистрационного учёта.',
      'Certificates of household and of residence for municipal housing; questions of residence registration.',
      'Муниципаль торак өчен гаилә составы һәм яшәү урыныннан белешмәләр, теркәү исәбе сораулары.',
    ),
  ),
  svc(
    'guardianship-consult',
    'Д',
    'consultation',
    3,
    tx('Опека и попечительство: консультация', 'Guardianship: a consultation', 'Опека һәм попечительлек: консультация'),
    tx(
      'Установление опеки, приёмная семья, защита прав и имущества несовершеннолетних.',
      'Setting up guardianship, foster families, protecting the rights and property of minors.',
      'Опека билгеләү, кабул итүче гаилә, балигъ булмаганнарның хокукларын һәм милкен яклау.',
    ),
  ),
  svc(
    'minor-property-hand-in',
    'Е',
    'hand_in',
    2,
    tx(
      'Сделки с имуществом несовершеннолетнего: приём документов',
      'Transactions with a minor’s property: handing in documents',
      'Балигъ булмаганның милке белән килешүләр: документлар кабул итү',
    ),
    tx(
      'Приём заявления родителей о разрешении на продажу или обмен жилья, где доля принадлежит ребёнку.',
      'Parents hand in their application for permission to sell or exchange a home in which a child owns a share.',
      'Бала өлеше булган торакны сатуга яки алмашуга рөхсәт турында ата-аналарның гаризасын кабул итү.',
    ),
    'minor-property',
  ),
  svc(
    'trade-permit',
    'Ж',
    'hand_in',
    2,
    tx(
      'Нестационарная торговля и ярмарки: разрешения',
      'Street trading and fairs: permits',
      'Стационар булмаган сәүдә һәм ярминкәләр: рөхсәтләр',
    ),
    tx(
      'Приём заявлений на место в схеме нестационарных торговых объектов района и на участие в ярмарке.',
      'Applications for a place in the district’s scheme of kiosks and stalls, and for a stand at a fair.',
      'Районның стационар булмаган сәүдә объектлары схемасында урынга һәм ярминкәдә катнашуга гаризалар кабул итү.',
    ),
  ),
  svc(
    'private-house-land',
    'И',
    'consultation',
    3,
    tx(
      'Земельные вопросы индивидуальных жилых домов',
      'Land questions of private houses',
      'Шәхси торак йортларның җир мәсьәләләре',
    ),
    tx(
      'Границы участков частных домов, споры с соседями, оформление хозяйственных построек и подъездов.',
      'Boundaries of private house plots, disputes with neighbours, outbuildings and driveways.',
      'Шәхси йортлар кишәрлекләре чикләре, күршеләр белән бәхәсләр, хуҗалык корылмаларын рәсмиләштерү.',
    ),
  ),
  svc(
    'yards-consult',
    'К',
    'consultation',
    2,
    tx(
      'Благоустройство дворов и ЖКХ района',
      'The district’s yards and housing services',
      'Район ишегалларын төзекләндерү һәм торак-коммуналь хуҗалык',
    ),
    tx(
      'Ремонт дворов по программам, детские площадки, работа управляющих компаний района.',
      'Yard repairs under the city’s programmes, playgrounds, the district’s management companies.',
      'Программалар буенча ишегалларын ремонтлау, балалар мәйданчыклары, район идарәче компанияләре эше.',
    ),
  ),
  svc(
    'social-support',
    'Л',
    'consultation',
    2,
    tx('Адресная социальная помощь', 'Targeted social support', 'Адреслы социаль ярдәм'),
    tx(
      'Материальная помощь малоимущим, ветеранам и семьям с детьми: кто имеет право и какие нужны документы.',
      'Financial help to low-income people, veterans and families with children: who may get it and what to bring.',
      'Аз керемлеләргә, ветераннарга һәм балалы гаиләләргә матди ярдәм: кемнең хокукы бар һәм нинди документлар кирәк.',
    ),
  ),
  svc(
    'minors-commission',
    'М',
    'consultation',
    1,
    tx(
      'Комиссия по делам несовершеннолетних',
      'The Commission for Minors’ Affairs',
      'Балигъ булмаганнар эшләре буенча комиссия',
    ),
    tx(
      'Приём родителей и законных представителей секретарём комиссии района.',
      'Parents and guardians are received by the secretary of the district’s commission.',
      'Ата-аналарны һәм законлы вәкилләрне район комиссиясе секретаре кабул итә.',
    ),
  ),
  svc(
    'deputy-head-reception',
    'Н',
    'consultation',
    1,
    tx(
      'Личный приём заместителя главы администрации',
      'A meeting with the deputy head of the administration',
      'Администрация башлыгы урынбасарының шәхси кабул итүе',
    ),
    tx(
      'Вопросы, не решённые в отделах администрации. Приём по вторникам после обеда.',
      'Questions the administration’s departments have not settled. Tuesday afternoons.',
      'Администрация бүлекләрендә хәл ителмәгән мәсьәләләр. Сишәмбе көнне төштән соң.',
    ),
  ),
  svc(
    'unfit-housing-hand-in',
    'П',
    'hand_in',
    1,
    tx(
      'Аварийное и непригодное жильё: приём заявлений',
      'Unsafe and unfit housing: handing in an application',
      'Авария хәлендәге һәм яраксыз торак: гаризалар кабул итү',
    ),
    tx(
      'Приём заявления об обследовании дома или квартиры межведомственной комиссией.',
      'An application for the inter-agency commission to inspect a house or flat.',
      'Йортны яки фатирны ведомствоара комиссия тарафыннан тикшерү турында гариза кабул итү.',
    ),
    'unfit-housing',
  ),
  svc(
    'privatisation-hand-in',
    'Р',
    'hand_in',
    2,
    tx(
      'Приватизация жилья: приём документов',
      'Privatisation of a home: handing in documents',
      'Торакны приватизацияләү: документлар кабул итү',
    ),
    tx(
      'Приём заявления и документов на бесплатную передачу муниципальной квартиры в собственность.',
      'The application and documents to have a municipal flat transferred into your ownership free of charge.',
      'Муниципаль фатирны милеккә бушлай тапшыру өчен гариза һәм документлар кабул итү.',
    ),
    'privatisation',
  ),
];

/** The Department of Architecture and Urban Development's hall (8 types). */
const UAIG_SERVICES: QueueServiceSpec[] = [
  svc(
    'architect-consult',
    'А',
    'consultation',
    3,
    tx('Консультация архитектора', 'A consultation with an architect', 'Архитектор консультациясе'),
    tx(
      'Градостроительные ограничения участка, что можно построить, какие документы готовить.',
      'A plot’s planning restrictions, what may be built there, which documents to prepare.',
      'Кишәрлекнең шәһәр төзелеше чикләүләре, анда нәрсә төзергә мөмкин, нинди документлар әзерләргә.',
    ),
  ),
  svc(
    'gpzu-hand-in',
    'Б',
    'hand_in',
    4,
    tx('ГПЗУ: подача документов', 'Land development plan: handing in documents', 'ҖКШТП: документлар тапшыру'),
    tx(
      'Приём заявления на градостроительный план земельного участка с проверкой комплекта документов.',
      'Handing in the application for a land development plan; the clerk checks the documents with you.',
      'Җир кишәрлегенең шәһәр төзелеше планына гариза кабул итү, документлар комплектын тикшереп.',
    ),
    'gpzu',
  ),
  svc(
    'gpzu-collect',
    'В',
    'collect',
    3,
    tx('ГПЗУ: получение', 'Land development plan: collecting it', 'ҖКШТП: алу'),
    tx(
      'Выдача готового градостроительного плана; возьмите паспорт и номер заявления.',
      'Collecting a ready land development plan; bring your passport and the application number.',
      'Әзер шәһәр төзелеше планын бирү; паспортны һәм гариза номерын алыгыз.',
    ),
    'gpzu',
  ),
  svc(
    'build-permit-hand-in',
    'Г',
    'hand_in',
    2,
    tx(
      'Разрешение на строительство: подача документов',
      'Building permit: handing in documents',
      'Төзелешкә рөхсәт: документлар тапшыру',
    ),
    tx(
      'Приём заявления на разрешение на строительство или реконструкцию с проектной документацией.',
      'Handing in the application for a building or reconstruction permit with the design documents.',
      'Төзелешкә яки реконструкциягә рөхсәткә гаризаны проект документлары белән кабул итү.',
    ),
    'build-permit',
  ),
  svc(
    'build-permit-collect',
    'Д',
    'collect',
    2,
    tx('Разрешение на строительство: получение', 'Building permit: collecting it', 'Төзелешкә рөхсәт: алу'),
    tx(
      'Выдача разрешения на строительство заявителю или его представителю по доверенности.',
      'The building permit is handed to the applicant or to their representative with a power of attorney.',
      'Төзелешкә рөхсәтне гариза бирүчегә яки ышаныч кәгазе буенча аның вәкиленә бирү.',
    ),
    'build-permit',
  ),
  svc(
    'commissioning-hand-in',
    'Е',
    'hand_in',
    1,
    tx(
      'Ввод объекта в эксплуатацию: подача документов',
      'Commissioning a building: handing in documents',
      'Объектны файдалануга тапшыру: документлар тапшыру',
    ),
    tx(
      'Приём заявления на разрешение на ввод объекта в эксплуатацию с техническим планом.',
      'Handing in the application for a commissioning permit with the technical plan.',
      'Объектны файдалануга тапшыруга рөхсәт алу өчен гаризаны техник план белән кабул итү.',
    ),
    'commissioning',
  ),
  svc(
    'redevelopment-hand-in',
    'Ж',
    'hand_in',
    3,
    tx(
      'Перепланировка квартиры: подача документов',
      'Redevelopment of a flat: handing in documents',
      'Фатирны яңадан планлаштыру: документлар тапшыру',
    ),
    tx(
      'Приём заявления о согласовании переустройства или перепланировки с проектом.',
      'Handing in the application to approve the alteration or redevelopment of a flat, with its design.',
      'Яңадан җиһазлауны яки яңадан планлаштыруны килештерү турында гаризаны проект белән кабул итү.',
    ),
    'redevelopment',
  ),
  svc(
    'address-collect',
    'И',
    'collect',
    1,
    tx(
      'Адрес объекта: получение решения',
      'A building’s address: collecting the decision',
      'Объект адресы: карарны алу',
    ),
    tx(
      'Выдача постановления о присвоении или изменении адреса здания или участка.',
      'Collecting the decision that gives or changes the address of a building or plot.',
      'Бинага яки кишәрлеккә адрес бирү яки аны үзгәртү турында карарны бирү.',
    ),
    'address',
  ),
];

/** The Committee for Land and Property Relations' hall (6 types). */
const KZIO_SERVICES: QueueServiceSpec[] = [
  svc(
    'land-consult',
    'К',
    'consultation',
    3,
    tx(
      'Земельные и имущественные отношения: консультация',
      'Land and property: a consultation',
      'Җир һәм милек мөнәсәбәтләре: консультация',
    ),
    tx(
      'Аренда и выкуп муниципальной земли и помещений, торги, арендная плата.',
      'Leasing and buying municipal land and premises, auctions, rent.',
      'Муниципаль җирне һәм биналарны арендалау һәм сатып алу, сату-алу, аренда түләве.',
    ),
  ),
  svc(
    'land-lease-hand-in',
    'Л',
    'hand_in',
    3,
    tx(
      'Аренда земельного участка: подача документов',
      'Leasing a plot: handing in documents',
      'Җир кишәрлеген арендалау: документлар тапшыру',
    ),
    tx(
      'Приём заявления о предоставлении участка в аренду без торгов.',
      'Handing in the application to lease a plot without an auction.',
      'Кишәрлекне сату-алусыз арендага бирү турында гариза кабул итү.',
    ),
    'land-lease',
  ),
  svc(
    'land-lease-collect',
    'М',
    'collect',
    2,
    tx(
      'Аренда земельного участка: получение договора',
      'Leasing a plot: collecting the lease',
      'Җир кишәрлеген арендалау: килешүне алу',
    ),
    tx(
      'Подписание и получение договора аренды земельного участка.',
      'Signing and collecting the lease of the plot.',
      'Җир кишәрлеген арендалау килешүенә кул кую һәм аны алу.',
    ),
    'land-lease',
  ),
  svc(
    'land-preapproval-hand-in',
    'Н',
    'hand_in',
    2,
    tx(
      'Предварительное согласование участка: подача документов',
      'Preliminary approval of a plot: handing in documents',
      'Кишәрлекне алдан килештерү: документлар тапшыру',
    ),
    tx(
      'Приём заявления о предварительном согласовании предоставления земельного участка со схемой.',
      'Handing in the application for the preliminary approval of a plot, with its layout.',
      'Җир кишәрлеген бирүне алдан килештерү турында гаризаны схема белән кабул итү.',
    ),
    'land-preapproval',
  ),
  svc(
    'land-redistribution-hand-in',
    'П',
    'hand_in',
    1,
    tx(
      'Перераспределение земель: подача документов',
      'Redistribution of land: handing in documents',
      'Җирләрне яңадан бүлү: документлар тапшыру',
    ),
    tx(
      'Приём заявления о перераспределении участка и земель, находящихся в муниципальной собственности.',
      'Handing in the application to redistribute a plot and municipal land next to it.',
      'Кишәрлекне һәм муниципаль милектәге җирләрне яңадан бүлү турында гариза кабул итү.',
    ),
    'land-redistribution',
  ),
  svc(
    'property-extract-collect',
    'Р',
    'collect',
    2,
    tx(
      'Выписка из реестра муниципального имущества: получение',
      'An extract from the register of municipal property: collecting it',
      'Муниципаль милек реестрыннан өземтә: алу',
    ),
    tx(
      'Выдача выписки на бумаге с подписью и печатью.',
      'Collecting the extract on paper, signed and stamped.',
      'Кул куелган һәм мөһер сугылган кәгазь өземтәне бирү.',
    ),
    'property-extract',
  ),
];

/** Kazan's 28 types of appointment. */
export const KAZAN_QUEUE_SERVICES: QueueServiceSpec[] = [...DISTRICT_SERVICES, ...UAIG_SERVICES, ...KZIO_SERVICES];

/** Innopolis's executive committee receives about three things. */
export const INNOPOLIS_QUEUE_SERVICES: QueueServiceSpec[] = [
  svc(
    'inn-consult',
    'А',
    'consultation',
    3,
    tx(
      'Консультация специалиста исполкома',
      'A consultation at the executive committee',
      'Башкарма комитет белгече консультациясе',
    ),
    tx(
      'Жильё, благоустройство, земельные вопросы города Иннополис.',
      'Housing, public spaces and land questions of Innopolis.',
      'Иннополис шәһәренең торак, төзекләндерү, җир мәсьәләләре.',
    ),
  ),
  svc(
    'inn-address-hand-in',
    'Б',
    'hand_in',
    1,
    tx(
      'Присвоение адреса: подача документов',
      'Address assignment: handing in documents',
      'Адрес бирү: документлар тапшыру',
    ),
    tx(
      'Приём заявления о присвоении адреса зданию или участку.',
      'Handing in the application to give a building or plot an address.',
      'Бинага яки кишәрлеккә адрес бирү турында гариза кабул итү.',
    ),
    'address',
  ),
  svc(
    'inn-excavation-collect',
    'В',
    'collect',
    1,
    tx('Ордер на земляные работы: получение', 'Excavation permit: collecting it', 'Җир эшләренә ордер: алу'),
    tx(
      'Выдача ордера на производство земляных работ.',
      'Collecting the warrant to dig.',
      'Җир эшләрен башкаруга ордер бирү.',
    ),
    'excavation',
  ),
];

/** A window or cabinet: its label, its own hours (else the office's), the services it gives and their slots. */
export type QueuePointSpec = {
  kind: 'window' | 'cabinet';
  label: string;
  week?: Week;
  services: [code: string, slotMinutes: 15 | 30][];
};

export type QueueOfficeSpec = {
  code: string;
  /** The organisation (by code) that receives here. */
  organisation: string;
  /** The district it serves (district offices). */
  district?: string;
  name: Texts;
  address: string;
  lonLat: [number, number];
  howToFind: Texts;
  rules: OfficeRules;
  points: QueuePointSpec[];
  /** How busy it is, relative to the others (the share of its slots booked). */
  load: number;
};

// The windows of a district office. The main office of an administration has all five; its second
// office (the other district it serves) three, with guardianship and land in one cabinet.
const housingWindow = (n: number): QueuePointSpec => ({
  kind: 'window',
  label: `окно ${n}`,
  services: [
    ['housing-consult', 15],
    ['housing-list-info', 15],
    ['registration-consult', 15],
    ['yards-consult', 15],
  ],
});
const documentsWindow = (n: number): QueuePointSpec => ({
  kind: 'window',
  label: `окно ${n}`,
  services: [
    ['housing-list-hand-in', 30],
    ['privatisation-hand-in', 30],
    ['unfit-housing-hand-in', 30],
    ['housing-consult', 15],
    ['social-support', 15],
  ],
});
const guardianshipCabinet = (label: string): QueuePointSpec => ({
  kind: 'cabinet',
  label,
  services: [
    ['guardianship-consult', 30],
    ['minor-property-hand-in', 30],
    ['minors-commission', 30],
  ],
});
const landCabinet = (label: string): QueuePointSpec => ({
  kind: 'cabinet',
  label,
  services: [
    ['private-house-land', 30],
    ['trade-permit', 15],
    ['yards-consult', 15],
  ],
});
const mixedCabinet = (label: string): QueuePointSpec => ({
  kind: 'cabinet',
  label,
  services: [
    ['guardianship-consult', 30],
    ['minor-property-hand-in', 30],
    ['private-house-land', 30],
    ['trade-permit', 15],
  ],
});
const deputyCabinet = (label: string): QueuePointSpec => ({
  kind: 'cabinet',
  label,
  week: DEPUTY_HEAD_WEEK,
  services: [['deputy-head-reception', 30]],
});

const mainOffice = (cabinets: [string, string, string]): QueuePointSpec[] => [
  housingWindow(1),
  documentsWindow(2),
  guardianshipCabinet(cabinets[0]),
  landCabinet(cabinets[1]),
  deputyCabinet(cabinets[2]),
];
const secondOffice = (cabinet: string): QueuePointSpec[] => [
  housingWindow(1),
  documentsWindow(2),
  mixedCabinet(cabinet),
];

const receptionName = (ru: string, en: string, tt: string): Texts =>
  tx(`Приёмная ${ru} района`, `${en} District reception office`, `${tt} районы кабул итү бүлмәсе`);

const districtHowToFind = (floor: string): Texts =>
  tx(
    `Вход с главного крыльца, зал ожидания на ${floor} этаже; терминал электронной очереди у входа.`,
    `Main entrance; the waiting hall is on floor ${floor}; the queue kiosk is by the door.`,
    `Төп баскычтан керү, көтү залы ${floor} катта; электрон чират терминалы керү урынында.`,
  );

export const KAZAN_OFFICES: QueueOfficeSpec[] = [
  {
    code: 'vakhitovsky',
    organisation: 'adm-vakh-priv',
    district: 'vakhitovsky',
    name: receptionName('Вахитовского', 'Vakhitovsky', 'Вахитов'),
    address: 'ул. Туфана Миннуллина, д. 2',
    lonLat: [49.1365, 55.7835],
    howToFind: districtHowToFind('1'),
    rules: DISTRICT_RULES,
    points: mainOffice(['каб. 105', 'каб. 108', 'каб. 201']),
    load: 1.1,
  },
  {
    code: 'privolzhsky',
    organisation: 'adm-vakh-priv',
    district: 'privolzhsky',
    name: receptionName('Приволжского', 'Privolzhsky', 'Идел буе'),
    address: 'ул. Юлиуса Фучика, д. 90',
    lonLat: [49.176, 55.7425],
    howToFind: districtHowToFind('1'),
    rules: DISTRICT_RULES,
    points: secondOffice('каб. 104'),
    load: 1,
  },
  {
    code: 'aviastroitelny',
    organisation: 'adm-avia-ns',
    district: 'aviastroitelny',
    name: receptionName('Авиастроительного', 'Aviastroitelny', 'Авиатөзелеш'),
    address: 'ул. Ленинградская, д. 24',
    lonLat: [49.0905, 55.858],
    howToFind: districtHowToFind('1'),
    rules: DISTRICT_RULES,
    points: mainOffice(['каб. 103', 'каб. 107', 'каб. 210']),
    load: 0.85,
  },
  {
    code: 'novo-savinovsky',
    organisation: 'adm-avia-ns',
    district: 'novo-savinovsky',
    name: receptionName('Ново-Савиновского', 'Novo-Savinovsky', 'Яңа Савин'),
    address: 'ул. Фатыха Амирхана, д. 10',
    lonLat: [49.1385, 55.8255],
    howToFind: districtHowToFind('2'),
    rules: DISTRICT_RULES,
    points: secondOffice('каб. 212'),
    load: 1.15,
  },
  {
    code: 'kirovsky',
    organisation: 'adm-kir-mosk',
    district: 'kirovsky',
    name: receptionName('Кировского', 'Kirovsky', 'Киров'),
    address: 'ул. Шамиля Усманова, д. 12',
    lonLat: [49.0235, 55.8085],
    howToFind: districtHowToFind('1'),
    rules: DISTRICT_RULES,
    points: mainOffice(['каб. 102', 'каб. 106', 'каб. 204']),
    load: 0.8,
  },
  {
    code: 'moskovsky',
    organisation: 'adm-kir-mosk',
    district: 'moskovsky',
    name: receptionName('Московского', 'Moskovsky', 'Мәскәү'),
    address: 'ул. Декабристов, д. 2',
    lonLat: [49.0815, 55.8125],
    howToFind: districtHowToFind('1'),
    rules: DISTRICT_RULES,
    points: secondOffice('каб. 109'),
    load: 0.95,
  },
  {
    code: 'sovetsky',
    organisation: 'adm-sov',
    district: 'sovetsky',
    name: receptionName('Советского', 'Sovetsky', 'Совет'),
    address: 'ул. Аделя Кутуя, д. 62',
    lonLat: [49.1845, 55.7915],
    howToFind: districtHowToFind('1'),
    rules: DISTRICT_RULES,
    points: mainOffice(['каб. 110', 'каб. 112', 'каб. 205']),
    load: 1.05,
  },
  {
    code: 'uaig',
    organisation: 'uaig',
    district: 'vakhitovsky',
    name: tx(
      'Зал приёма Управления архитектуры и градостроительства',
      'Department of Architecture and Urban Development: reception hall',
      'Архитектура һәм шәһәр төзелеше идарәсенең кабул итү залы',
    ),
    address: 'ул. Баумана, д. 58',
    lonLat: [49.1175, 55.7905],
    howToFind: tx(
      'Вход со стороны ул. Баумана, зал приёма на 1 этаже. Приём только по записи.',
      'Entrance from Baumana Street, the hall is on the ground floor. By appointment only.',
      'Бауман урамы ягыннан керү, кабул итү залы 1 катта. Язылу буенча гына кабул итү.',
    ),
    rules: UAIG_RULES,
    points: [
      {
        kind: 'window',
        label: 'окно 1',
        services: [
          ['gpzu-hand-in', 15],
          ['gpzu-collect', 15],
          ['address-collect', 15],
        ],
      },
      {
        kind: 'window',
        label: 'окно 2',
        services: [
          ['gpzu-hand-in', 15],
          ['gpzu-collect', 15],
          ['build-permit-collect', 15],
        ],
      },
      {
        kind: 'window',
        label: 'окно 3',
        services: [
          ['build-permit-hand-in', 30],
          ['commissioning-hand-in', 30],
          ['build-permit-collect', 15],
        ],
      },
      {
        kind: 'window',
        label: 'окно 4',
        services: [
          ['redevelopment-hand-in', 30],
          ['address-collect', 15],
        ],
      },
      { kind: 'cabinet', label: 'каб. 310', services: [['architect-consult', 30]] },
    ],
    load: 1.2,
  },
  {
    code: 'kzio',
    organisation: 'kzio',
    district: 'vakhitovsky',
    name: tx(
      'Зал приёма Комитета земельных и имущественных отношений',
      'Committee for Land and Property Relations: reception hall',
      'Җир һәм милек мөнәсәбәтләре комитетының кабул итү залы',
    ),
    address: 'ул. Груздева, д. 5',
    lonLat: [49.1265, 55.7755],
    howToFind: tx(
      'Центральный вход, зал приёма налево от поста охраны.',
      'Main entrance, the hall is to the left of the security desk.',
      'Үзәк керү урыны, кабул итү залы сак постыннан сулда.',
    ),
    rules: KZIO_RULES,
    points: [
      {
        kind: 'window',
        label: 'окно 1',
        services: [
          ['land-lease-hand-in', 30],
          ['land-preapproval-hand-in', 30],
          ['land-redistribution-hand-in', 30],
        ],
      },
      {
        kind: 'window',
        label: 'окно 2',
        services: [
          ['land-lease-hand-in', 30],
          ['land-lease-collect', 15],
          ['property-extract-collect', 15],
        ],
      },
      {
        kind: 'window',
        label: 'окно 3',
        services: [
          ['property-extract-collect', 15],
          ['land-lease-collect', 15],
        ],
      },
      { kind: 'cabinet', label: 'каб. 214', services: [['land-consult', 30]] },
    ],
    load: 1,
  },
];

export const INNOPOLIS_OFFICES: QueueOfficeSpec[] = [
  {
    code: 'innopolis',
    organisation: 'inn-ispolkom',
    name: tx(
      'Приёмная Исполнительного комитета г. Иннополис',
      'Innopolis Executive Committee reception office',
      'Иннополис шәһәре Башкарма комитетының кабул итү бүлмәсе',
    ),
    address: 'ул. Университетская, д. 7',
    lonLat: [48.7445, 55.7525],
    howToFind: tx(
      '1 этаж, направо от входа.',
      'Ground floor, to the right of the entrance.',
      '1 кат, керү урыныннан уңда.',
    ),
    rules: DISTRICT_RULES,
    points: [
      {
        kind: 'window',
        label: 'окно 1',
        services: [
          ['inn-consult', 15],
          ['inn-excavation-collect', 15],
        ],
      },
      {
        kind: 'cabinet',
        label: 'каб. 101',
        services: [
          ['inn-consult', 30],
          ['inn-address-hand-in', 30],
        ],
      },
    ],
    load: 0.5,
  },
];

/** What a kiosk of an office presents in the demo: documented in the README, stored as its SHA-256. */
export const demoKioskKey = (officeCode: string) => `kiosk-${officeCode}`;

/**
 * Days changed by an exception, counted from the seed's today: a window closed today, a whole office
 * closed one working day next week, and a cabinet open only in the morning.
 */
export type QueueExceptionSpec = {
  office: string;
  /** A point's label, or null for the whole office. */
  point: string | null;
  /** 'today', or the weekday of next week. */
  when: 'today' | Weekday;
  hours: WorkingInterval[] | null;
  reason: string;
};

export const KAZAN_EXCEPTIONS: QueueExceptionSpec[] = [
  {
    office: 'vakhitovsky',
    point: 'каб. 108',
    when: 'today',
    hours: null,
    reason: 'Специалист на выездной проверке земельных участков',
  },
  {
    office: 'sovetsky',
    point: null,
    when: 'wed',
    hours: null,
    reason: 'Санитарный день: дезинфекция помещений приёмной',
  },
  {
    office: 'kzio',
    point: 'каб. 214',
    when: 'thu',
    hours: [{ start: '09:00', end: '12:00' }],
    reason: 'Консультант участвует в аукционе во второй половине дня',
  },
];

/** Accounts of the queue's demo: they sign in with DEMO_PASSWORD; `office` is where they operate. */
export type QueueStaffSpec = {
  login: string;
  municipality: 'KZN' | 'INN';
  role: Extract<Role, 'org_staff' | 'org_supervisor'>;
  organisation: string;
  /** The office whose every point they may operate (operators). */
  office: string | null;
  fullName: string;
  description: string;
};

const operator = (login: string, organisation: string, office: string, fullName: string, where: string) => ({
  login,
  municipality: organisation.startsWith('inn-') ? ('INN' as const) : ('KZN' as const),
  role: 'org_staff' as const,
  organisation,
  office,
  fullName,
  description: `оператор электронной очереди: ${where} / queue operator`,
});

export const QUEUE_STAFF: QueueStaffSpec[] = [
  operator('priem.vakh', 'adm-vakh-priv', 'vakhitovsky', 'Сабирова Гузель Айратовна', 'приёмная Вахитовского района'),
  operator('priem.priv', 'adm-vakh-priv', 'privolzhsky', 'Лебедев Артём Сергеевич', 'приёмная Приволжского района'),
  operator(
    'priem.avia',
    'adm-avia-ns',
    'aviastroitelny',
    'Галиева Резеда Ильдусовна',
    'приёмная Авиастроительного района',
  ),
  operator(
    'priem.nsav',
    'adm-avia-ns',
    'novo-savinovsky',
    'Кузьмина Ольга Викторовна',
    'приёмная Ново-Савиновского района',
  ),
  operator('priem.kir', 'adm-kir-mosk', 'kirovsky', 'Хайруллин Ленар Рамилевич', 'приёмная Кировского района'),
  operator('priem.mosk', 'adm-kir-mosk', 'moskovsky', 'Николаева Ирина Андреевна', 'приёмная Московского района'),
  operator('priem.sov', 'adm-sov', 'sovetsky', 'Мингазова Айгуль Рафаэлевна', 'приёмная Советского района'),
  operator('priem.kzio', 'kzio', 'kzio', 'Шакиров Эдуард Маратович', 'зал приёма КЗИО'),
  operator('priem.inn', 'inn-ispolkom', 'innopolis', 'Юсупова Динара Камилевна', 'приёмная исполкома Иннополиса'),
  {
    login: 'adm-vakh.head',
    municipality: 'KZN',
    role: 'org_supervisor',
    organisation: 'adm-vakh-priv',
    office: null,
    fullName: 'Фахрутдинов Айрат Ринатович',
    description:
      'руководитель администрации Вахитовского и Приволжского районов: приёмные, расписания, статистика очереди / district administration supervisor: offices, schedules, queue figures',
  },
];

/** Existing demo accounts (db/seed/kazan.ts DEMO_STAFF) that also operate an office's points. */
export const QUEUE_OPERATORS_FROM_DEMO_STAFF: { login: string; office: string }[] = [
  { login: 'uaig.staff', office: 'uaig' },
];
