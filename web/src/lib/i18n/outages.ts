/**
 * The texts of the outage screens (map layer, building pages, the outage page, the publisher), in
 * Russian, English and Tatar; kept beside the main catalogues so the feature's words live together.
 */
import type { Language } from './language.ts';

const ru = {
  title: 'Отключения',
  intro: 'Плановые и аварийные отключения воды, тепла, электричества и газа в городе.',
  active: 'Действующие отключения',
  none: 'Сейчас отключений нет.',
  loading: 'Загружаем отключения…',
  error: 'Не удалось загрузить отключения.',
  onBuilding: 'Отключения в доме',
  noneInBuilding: 'В этом доме отключений нет.',
  services: {
    cold_water: 'Холодная вода',
    hot_water: 'Горячая вода',
    heating: 'Отопление',
    electricity: 'Электроэнергия',
    gas: 'Газ',
  } as Record<string, string>,
  kinds: { planned: 'плановое', emergency: 'аварийное' } as Record<string, string>,
  phases: {
    upcoming: 'скоро',
    ongoing: 'идёт',
    overdue: 'дольше срока',
    restored: 'восстановлено',
    cancelled: 'отменено',
  } as Record<string, string>,
  from: 'С',
  until: 'Ожидаемое окончание',
  restoredAt: 'Восстановлено',
  reason: 'Причина',
  publisher: 'Сообщила организация',
  buildings: (n: number) => `Домов: ${n}`,
  details: 'Подробнее',
  history: 'История',
  updateKinds: {
    published: 'Опубликовано',
    updated: 'Изменено',
    restored: 'Подача восстановлена',
    cancelled: 'Отменено',
    escalated: 'Эскалация: срок прошёл',
  } as Record<string, string>,
  changeFields: {
    expectedEndAt: 'окончание',
    reason: 'причина',
    buildings: 'дома',
    status: 'статус',
    restoredAt: 'восстановлено',
    escalationLevel: 'уровень эскалации',
  } as Record<string, string>,
  system: 'система',
  affected: 'Дома в отключении',
  notFound: 'Такого отключения нет.',
  follow: 'Следить за отключением',
  following: 'Вы следите за этим отключением: сообщим об изменениях и восстановлении.',
  unfollow: 'Не следить',
  signInToFollow: 'Войдите, чтобы следить за отключением.',
  // the filing page
  explains: 'В этом доме сейчас отключение по этой услуге',
  followInstead: 'Следить за отключением вместо обращения',
  fileAnyway: 'Если проблема другая, подайте обращение ниже.',
  linked: 'Обращение связано с отключением',
  // the publisher
  mine: 'Отключения организации',
  publish: 'Опубликовать отключение',
  newTitle: 'Новое отключение',
  service: 'Услуга',
  onBehalfOf: 'От имени организации',
  kind: 'Вид',
  startsAt: 'Начало (время московское)',
  expectedEndAt: 'Ожидаемое окончание (время московское)',
  note: 'Сообщение жителям (необязательно)',
  how: 'Какие дома',
  byArea: 'Обвести на карте',
  byList: 'Списком',
  byDistrict: 'Весь район',
  district: 'Район',
  areaHelp: 'Щёлкайте по карте, чтобы поставить углы области; точки можно перетаскивать. Не меньше трёх точек.',
  undo: 'Убрать последнюю точку',
  clear: 'Начать заново',
  corners: (n: number) => `Точек: ${n}`,
  searchBuilding: 'Найти дом по адресу',
  add: 'Добавить',
  remove: 'Убрать',
  chosen: 'Выбранные дома',
  preview: 'Показать дома',
  caught: (n: number) => `В отключение попадут домов: ${n}`,
  notServed: (n: number) => `Не обслуживаются вами (не войдут): ${n}`,
  noBuildings: 'Дома не выбраны.',
  publishing: 'Публикуем…',
  published: 'Отключение опубликовано.',
  manage: 'Управление',
  newEnd: 'Новое ожидаемое окончание (время московское)',
  saveChange: 'Сохранить изменения',
  restore: 'Подача восстановлена',
  cancel: 'Отменить отключение',
  saved: 'Сохранено.',
  mapLabel: 'Карта отключений',
  overdueTitle: 'Отключения дольше срока',
  noneOverdue: 'Все отключения идут в срок.',
  drawLabel: 'Карта для выбора области отключения',
};

const en: typeof ru = {
  title: 'Outages',
  intro: 'Planned and emergency outages of water, heating, electricity and gas in the city.',
  active: 'Active outages',
  none: 'No outages right now.',
  loading: 'Loading outages…',
  error: 'Could not load the outages.',
  onBuilding: 'Outages in this building',
  noneInBuilding: 'No outages in this building.',
  services: {
    cold_water: 'Cold water',
    hot_water: 'Hot water',
    heating: 'Heating',
    electricity: 'Electricity',
    gas: 'Gas',
  },
  kinds: { planned: 'planned', emergency: 'emergency' },
  phases: {
    upcoming: 'upcoming',
    ongoing: 'under way',
    overdue: 'past its expected end',
    restored: 'restored',
    cancelled: 'cancelled',
  },
  from: 'From',
  until: 'Expected end',
  restoredAt: 'Restored',
  reason: 'Reason',
  publisher: 'Published by',
  buildings: (n: number) => `Buildings: ${n}`,
  details: 'Details',
  history: 'History',
  updateKinds: {
    published: 'Published',
    updated: 'Changed',
    restored: 'Service restored',
    cancelled: 'Cancelled',
    escalated: 'Escalated: past the expected end',
  },
  changeFields: {
    expectedEndAt: 'end',
    reason: 'reason',
    buildings: 'buildings',
    status: 'status',
    restoredAt: 'restored',
    escalationLevel: 'escalation level',
  },
  system: 'system',
  affected: 'Buildings affected',
  notFound: 'No such outage.',
  follow: 'Follow this outage',
  following: 'You follow this outage: we will tell you of changes and restoration.',
  unfollow: 'Stop following',
  signInToFollow: 'Sign in to follow this outage.',
  explains: 'There is an outage of this service in this building now',
  followInstead: 'Follow the outage instead of filing',
  fileAnyway: 'If the problem is something else, file an appeal below.',
  linked: 'This appeal is linked to an outage',
  mine: 'Our outages',
  publish: 'Publish an outage',
  newTitle: 'New outage',
  service: 'Service',
  onBehalfOf: 'On behalf of',
  kind: 'Kind',
  startsAt: 'Start (Moscow time)',
  expectedEndAt: 'Expected end (Moscow time)',
  note: 'Message to residents (optional)',
  how: 'Which buildings',
  byArea: 'Draw on the map',
  byList: 'From a list',
  byDistrict: 'A whole district',
  district: 'District',
  areaHelp: 'Click the map to place the corners of the area; drag points to move them. At least three points.',
  undo: 'Remove the last point',
  clear: 'Start again',
  corners: (n: number) => `Points: ${n}`,
  searchBuilding: 'Find a building by address',
  add: 'Add',
  remove: 'Remove',
  chosen: 'Chosen buildings',
  preview: 'Show the buildings',
  caught: (n: number) => `Buildings in the outage: ${n}`,
  notServed: (n: number) => `Not served by you (left out): ${n}`,
  noBuildings: 'No buildings chosen.',
  publishing: 'Publishing…',
  published: 'The outage is published.',
  manage: 'Manage',
  newEnd: 'New expected end (Moscow time)',
  saveChange: 'Save the changes',
  restore: 'Service restored',
  cancel: 'Cancel the outage',
  saved: 'Saved.',
  mapLabel: 'Map of outages',
  overdueTitle: 'Outages past their expected end',
  noneOverdue: 'Every outage is within its expected end.',
  drawLabel: 'Map to draw the outage area',
};

/** The words the publisher's screen alone uses: staff read it, so Tatar falls back to Russian there. */
type PublisherKey =
  | 'mine'
  | 'publish'
  | 'newTitle'
  | 'service'
  | 'onBehalfOf'
  | 'kind'
  | 'startsAt'
  | 'expectedEndAt'
  | 'note'
  | 'how'
  | 'byArea'
  | 'byList'
  | 'byDistrict'
  | 'district'
  | 'areaHelp'
  | 'undo'
  | 'clear'
  | 'corners'
  | 'searchBuilding'
  | 'add'
  | 'remove'
  | 'chosen'
  | 'preview'
  | 'caught'
  | 'notServed'
  | 'noBuildings'
  | 'publishing'
  | 'published'
  | 'manage'
  | 'newEnd'
  | 'saveChange'
  | 'restore'
  | 'cancel'
  | 'saved'
  | 'overdueTitle'
  | 'noneOverdue'
  | 'drawLabel';

const tt: Omit<typeof ru, PublisherKey> = {
  title: 'Сүндерүләр',
  intro: 'Шәһәрдә су, җылылык, электр һәм газны планлы һәм авария сүндерүләр.',
  active: 'Гамәлдәге сүндерүләр',
  none: 'Хәзер сүндерүләр юк.',
  loading: 'Сүндерүләр йөкләнә…',
  error: 'Сүндерүләрне йөкләп булмады.',
  onBuilding: 'Йорттагы сүндерүләр',
  noneInBuilding: 'Бу йортта сүндерүләр юк.',
  services: {
    cold_water: 'Салкын су',
    hot_water: 'Кайнар су',
    heating: 'Җылыту',
    electricity: 'Электр энергиясе',
    gas: 'Газ',
  },
  kinds: { planned: 'планлы', emergency: 'авария' },
  phases: {
    upcoming: 'тиздән',
    ongoing: 'бара',
    overdue: 'срогыннан озаграк',
    restored: 'торгызылды',
    cancelled: 'юкка чыгарылды',
  },
  from: 'Башы',
  until: 'Көтелгән тәмамлану',
  restoredAt: 'Торгызылды',
  reason: 'Сәбәп',
  publisher: 'Хәбәр иткән оешма',
  buildings: (n: number) => `Йортлар: ${n}`,
  details: 'Җентекләбрәк',
  history: 'Тарих',
  updateKinds: {
    published: 'Бастырылды',
    updated: 'Үзгәртелде',
    restored: 'Бирү торгызылды',
    cancelled: 'Юкка чыгарылды',
    escalated: 'Эскалация: срок узды',
  },
  changeFields: {
    expectedEndAt: 'тәмамлану',
    reason: 'сәбәп',
    buildings: 'йортлар',
    status: 'статус',
    restoredAt: 'торгызылды',
    escalationLevel: 'эскалация дәрәҗәсе',
  },
  system: 'система',
  affected: 'Сүндерүдәге йортлар',
  notFound: 'Мондый сүндерү юк.',
  follow: 'Сүндерүне күзәтү',
  following: 'Сез бу сүндерүне күзәтәсез: үзгәрешләр һәм торгызу турында хәбәр итәрбез.',
  unfollow: 'Күзәтмәү',
  signInToFollow: 'Сүндерүне күзәтер өчен керегез.',
  explains: 'Бу йортта хәзер бу хезмәт буенча сүндерү бара',
  followInstead: 'Мөрәҗәгать урынына сүндерүне күзәтү',
  fileAnyway: 'Проблема башка булса, түбәндә мөрәҗәгать бирегез.',
  linked: 'Мөрәҗәгать сүндерү белән бәйле',
  mapLabel: 'Сүндерүләр харитасы',
};

export const outageTexts: Record<Language, typeof ru> = { ru, en, tt: { ...ru, ...tt } };
