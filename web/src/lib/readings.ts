/**
 * Meters and readings (issue 6): the API calls of the resident's /meters page and the company's
 * /housing/readings page (typed by the API's OpenAPI document), and their texts in Russian and
 * English.
 */
import {
  allOf,
  type Answer,
  answer,
  api,
  formOf,
  ProblemError,
  type RequestBody,
  type Schemas,
  undescribed,
} from './api.ts';
import type { Language } from './i18n/language.ts';

export type ReadingWindow = Schemas['ReadingWindow'];
export type OwnApartment = Schemas['OwnApartment'];
export type OwnMeter = OwnApartment['meters'][number];
export type MeterKind = OwnMeter['kind'];
export type LinkStatus = OwnApartment['status'];
export type ReadingResult = Schemas['ReadingResult'];
export type ReadingFlag = ReadingResult['flags'][number];
export type MeterHistory = Schemas['MeterHistory'];
export type CompanyLink = Schemas['ApartmentLink'];
export type ImportReport = Schemas['ReadingImportReport'];

export const meterKinds = allOf<MeterKind>()(['cold_water', 'hot_water', 'electricity', 'heating', 'gas']);

export const ownApartments = (signal?: AbortSignal) => answer(api.GET('/api/me/apartments', { signal }));
export const requestLink = (body: RequestBody<'requestApartmentLink'>) =>
  answer(api.POST('/api/me/apartments', { body }));
export const withdrawLink = (linkId: number) =>
  answer(api.DELETE('/api/me/apartments/{id}', { params: { path: { id: linkId } } }));
export const submitReading = (meterId: number, values: number[]) =>
  answer(api.POST('/api/meters/{id}/readings', { params: { path: { id: meterId } }, body: { values } }));
export const meterHistory = (meterId: number, signal?: AbortSignal) =>
  answer(api.GET('/api/meters/{id}/readings', { params: { path: { id: meterId } }, signal }));
export const companyLinks = (signal?: AbortSignal) =>
  answer(api.GET('/api/housing/links', { params: { query: { status: 'pending' } }, signal }));
export const decideLink = (id: number, verb: 'confirm' | 'reject', reason?: string) =>
  verb === 'reject'
    ? answer(api.POST('/api/housing/links/{id}/reject', { params: { path: { id } }, body: { reason: reason ?? '' } }))
    : answer(api.POST('/api/housing/links/{id}/confirm', { params: { path: { id } }, body: {} }));
export const importReadings = (file: File) =>
  answer(api.POST('/api/housing/readings/import', { body: undescribed(formOf({}, { file: [file] })) }));
export const exportUrl = (period: string, format: 'csv' | 'xlsx') =>
  `/api/housing/readings/export?period=${encodeURIComponent(period)}&format=${format}`;

// ---- The company's buildings, apartments and meters ----

export type HousingBuilding = Answer<'listHousingBuildings'>['items'][number];
export type BuildingApartments = Answer<'listBuildingApartments'>;
export type CompanyApartment = Schemas['CompanyApartment'];
export type CompanyMeter = CompanyApartment['meters'][number];
/** A change to an apartment's facts (the version read goes beside it). */
export type ApartmentChange = Omit<RequestBody<'updateApartment'>, 'version'>;
export type ApartmentInput = RequestBody<'createApartments'>['apartments'][number];
export type MeterInput = RequestBody<'addMeter'>;
export type ApartmentHistoryEntry = Schemas['ApartmentChange'];

export const housingBuildings = (signal?: AbortSignal) => answer(api.GET('/api/housing/buildings', { signal }));
export const buildingApartments = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/housing/buildings/{id}/apartments', { params: { path: { id } }, signal }));
/** The building's own reading window, or (null) the municipality's again. */
export const setReadingWindow = (id: number, days: RequestBody<'setBuildingReadingWindow'>) =>
  answer(api.PUT('/api/housing/buildings/{id}/reading-window', { params: { path: { id } }, body: days }));
export const createApartment = (buildingId: number, apartment: ApartmentInput) =>
  answer(
    api.POST('/api/housing/buildings/{id}/apartments', {
      params: { path: { id: buildingId } },
      body: { apartments: [apartment] },
    }),
  );
export const addMeter = (apartmentId: number, meter: MeterInput) =>
  answer(api.POST('/api/housing/apartments/{id}/meters', { params: { path: { id: apartmentId } }, body: meter }));
export const updateMeter = (meterId: number, change: RequestBody<'updateMeter'>) =>
  answer(api.PATCH('/api/housing/meters/{id}', { params: { path: { id: meterId } }, body: change }));
export const recordReplacement = (meterId: number, replacement: RequestBody<'recordMeterReplacement'>) =>
  answer(api.POST('/api/housing/meters/{id}/replacement', { params: { path: { id: meterId } }, body: replacement }));
export const retireMeter = (meterId: number) =>
  answer(api.POST('/api/housing/meters/{id}/retire', { params: { path: { id: meterId } } }));
export const updateApartment = (apartmentId: number, version: number, change: ApartmentChange) =>
  answer(
    api.PATCH('/api/housing/apartments/{id}', { params: { path: { id: apartmentId } }, body: { version, ...change } }),
  );
export const apartmentHistory = (buildingId: number, signal?: AbortSignal) =>
  answer(
    api.GET('/api/housing/buildings/{id}/apartment-changes', {
      params: { path: { id: buildingId }, query: { limit: 50 } },
      signal,
    }),
  );
export const deleteApartment = (apartmentId: number, reason: string | null) =>
  answer(
    api.DELETE('/api/housing/apartments/{id}', {
      params: { path: { id: apartmentId } },
      body: reason ? { reason } : null,
    }),
  );

/** The API's field errors by field, without the `body.` prefix (e.g. `apartments.0.meters.0.serialNumber`). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ProblemError)
    for (const e of error.errors) out[e.field.replace(/^body\.?/, '') || 'body'] ??= e.reason;
  return out;
}

/** Today in Moscow, YYYY-MM-DD. */
export function today(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Moscow',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The resident's screen (my meters); the company's screens follow in `ru`. */
const residentRu = {
  title: 'Мои счётчики',
  signIn: 'Войдите, чтобы передавать показания.',
  loading: 'Загружаем…',
  error: 'Не удалось загрузить.',
  empty: 'Квартир пока нет. Привяжите свою — управляющая компания подтвердит.',
  linkTitle: 'Привязать квартиру',
  building: 'Дом',
  chosen: (a: string) => `Выбран дом: ${a}`,
  apartment: 'Квартира',
  account: 'Лицевой счёт (из квитанции)',
  request: 'Отправить заявку',
  requested: 'Заявка отправлена. Управляющая компания проверит лицевой счёт и подтвердит.',
  chooseBuilding: 'Сначала найдите дом по адресу.',
  withdraw: 'Отвязать',
  status: {
    pending: 'ждёт подтверждения',
    confirmed: 'подтверждена',
    rejected: 'отклонена',
    revoked: 'отозвана',
  } as Record<LinkStatus, string>,
  rejectedBecause: (r: string) => `Причина: ${r}`,
  windowOpen: (d: string) => `Приём показаний открыт до ${d} включительно.`,
  // A Russian date ends with «г.»: no second full stop after it.
  windowBefore: (d: string) => `Приём показаний откроется ${d}`,
  windowNotOpen: (from: string, to: string) => `Приём показаний ещё не открыт. Следующее окно: с ${from} по ${to}`,
  windowLate: (d: string) =>
    `Окно этого месяца закрыто: показания примут с отметкой «поздно». Следующее откроется ${d}`,
  kinds: {
    cold_water: 'Холодная вода',
    hot_water: 'Горячая вода',
    electricity: 'Электроэнергия',
    heating: 'Отопление',
    gas: 'Газ',
  } as Record<MeterKind, string>,
  units: { cold_water: 'м³', hot_water: 'м³', electricity: 'кВт·ч', heating: 'Гкал', gas: 'м³' } as Record<
    MeterKind,
    string
  >,
  tariff: (i: number, n: number) => (n === 1 ? 'Показание' : ['Т1 (день)', 'Т2 (ночь)', 'Т3 (пик)'][i]),
  serial: (s: string) => `№ ${s}`,
  verificationDue: (d: string) => `поверка до ${d}`,
  last: (p: string, v: string) => `Последнее: ${v} за ${p}`,
  noLast: 'Показаний ещё не было.',
  submit: 'Передать',
  submitted: (p: string) => `Показания за ${p} приняты.`,
  replaced: (p: string) => `Показания за ${p} исправлены.`,
  consumption: (v: string) => `Расход: ${v}`,
  flags: {
    high_consumption: 'Расход больше чем втрое выше среднего за полгода — проверьте показание.',
    zero_three_periods: 'Нулевой расход третий месяц подряд — счётчик может не работать.',
    verification_overdue: 'Срок поверки счётчика прошёл — закажите поверку.',
    late: 'Передано после окончания окна приёма.',
  } as Record<ReadingFlag, string>,
  history: 'История',
  hideHistory: 'Скрыть историю',
  chartLabel: (k: string) => `Расход по месяцам: ${k}`,
  period: 'Месяц',
  values: 'Показания',
  used: 'Расход',
  failed: 'Не получилось.',
};

const ru = {
  ...residentRu,
  // company
  companyTitle: 'Показания счётчиков',
  pendingTitle: 'Заявки жителей на привязку',
  noPending: 'Новых заявок нет.',
  resident: 'Житель',
  evidence: 'Указанный счёт',
  matches: 'совпадает с лицевым счётом',
  differs: 'не совпадает',
  confirm: 'Подтвердить',
  reject: 'Отклонить',
  rejectReason: 'Причина отказа',
  rejectReasonDefault: 'Лицевой счёт не совпадает с квартирой',
  confirmed: 'Подтверждено.',
  rejectedDone: 'Отклонено.',
  importTitle: 'Загрузка показаний',
  importHint:
    'CSV в UTF-8: столбцы serial (или building_id и apartment, или account, с kind) и value1, value2, value3. Разделитель «;» или «,».',
  file: 'Файл CSV',
  upload: 'Загрузить',
  report: (r: ImportReport, month: string) =>
    `За ${month}: получено ${r.received}, принято ${r.accepted} (из них исправлено ${r.replaced}), отклонено ${r.refusedCount}.`,
  flagged: 'С отметками',
  line: 'Строка',
  field: 'Поле',
  reason: 'Причина',
  exportTitle: 'Выгрузка за месяц',
  exportCsv: 'Скачать CSV',
  exportXlsx: 'Скачать XLSX',
  // the company's buildings and meters
  buildingsTitle: 'Дома, квартиры и счётчики',
  buildingsLink: 'Дома, квартиры и счётчики →',
  readingsLink: '← Показания',
  buildingsLead:
    'Дома вашей управляющей компании. Окно приёма показаний задаёт муниципалитет; для дома можно задать своё.',
  noBuildings: 'У компании нет домов.',
  counts: (a: number, m: number) => `Квартир: ${a} · счётчиков в работе: ${m}`,
  windowDays: (f: number, to: number) => `Показания принимаются с ${f} по ${to} число месяца`,
  windowOwn: 'своё окно дома',
  windowCity: 'как у муниципалитета',
  windowFrom: 'С числа',
  windowTo: 'По число',
  windowSave: 'Задать окно дома',
  windowClear: 'Как у муниципалитета',
  windowSaved: (a: string) => `${a}: окно приёма сохранено.`,
  windowCleared: (a: string) => `${a}: окно как у муниципалитета.`,
  windowLegend: (a: string) => `Окно приёма: ${a}`,
  openBuilding: 'Квартиры и счётчики',
  notFound: 'Дом не найден или не обслуживается вашей компанией.',
  allBuildings: '← Все дома',
  apartmentsTitle: 'Квартиры',
  noApartments: 'Квартир пока нет — добавьте первую.',
  apartmentHeading: (n: string) => `Квартира ${n}`,
  entrance: 'Подъезд',
  floor: 'Этаж',
  accountShort: 'Лицевой счёт',
  facts: (a: CompanyApartment) =>
    [
      a.entrance === null ? null : `подъезд ${a.entrance}`,
      a.floor === null ? null : `этаж ${a.floor}`,
      a.area === null ? null : `${String(a.area).replace('.', ',')} м²`,
      a.accountNumber ? `л/с ${a.accountNumber}` : 'л/с не указан',
    ]
      .filter(Boolean)
      .join(' · '),
  noMeters: 'Счётчиков нет.',
  kind: 'Вид',
  tariffs: 'Тарифов',
  tariffsText: (n: number) => (n === 1 ? 'один тариф' : `${n} тарифа`),
  serialNumber: 'Заводской номер',
  verificationDueLabel: 'Поверка до',
  overdue: 'поверка просрочена',
  retiredBadge: 'снят',
  edit: 'Изменить',
  save: 'Сохранить',
  cancel: 'Отмена',
  saved: 'Сохранено.',
  replace: 'Замена',
  replaceTitle: (s: string) => `Замена счётчика № ${s}`,
  newSerial: 'Номер нового счётчика',
  replacedOn: 'Дата замены',
  initial: (i: number, n: number) => (n === 1 ? 'Начальное показание' : `Начальное показание ${['Т1', 'Т2', 'Т3'][i]}`),
  replaceSave: 'Записать замену',
  replacedDone: (s: string) => `Замена записана: теперь счётчик № ${s}.`,
  retire: 'Снять',
  retireAsk: (s: string) => `Снять счётчик № ${s}? Показания по нему больше не будут приниматься.`,
  retireYes: 'Да, снять',
  retiredDone: (s: string) => `Счётчик № ${s} снят.`,
  addMeter: 'Добавить счётчик',
  meterAdded: 'Счётчик добавлен.',
  addApartment: 'Добавить квартиру',
  apartmentNumber: 'Номер квартиры',
  meterN: (i: number) => `Счётчик ${i + 1}`,
  moreMeter: '+ Ещё счётчик',
  removeMeter: 'Убрать',
  apartmentAdded: (n: string) => `Квартира ${n} добавлена.`,
  apartmentExists: (n: string) => `Квартира ${n} уже есть в доме — ничего не изменено.`,
  area: 'Площадь, м²',
  editApartment: 'Изменить квартиру',
  editApartmentTitle: (n: string) => `Квартира ${n}: изменение`,
  apartmentSaved: (n: string) => `Квартира ${n} сохранена.`,
  staleApartment: 'Квартиру уже изменили: данные обновлены, проверьте и сохраните снова.',
  deleteApartment: 'Удалить квартиру',
  deleteAsk: (n: string) =>
    `Удалить квартиру ${n}? Её счётчики будут сняты, заявки жителей на привязку отклонены с вашей причиной. Квартиру с показаниями или подтверждёнными жителями удалить нельзя — снимите счётчики.`,
  deleteReason: 'Причина (жители её увидят)',
  deleteYes: 'Да, удалить',
  apartmentDeleted: (n: string, rejected: number) =>
    `Квартира ${n} удалена.${rejected > 0 ? ` Отклонено заявок жителей: ${rejected}.` : ''}`,
  historyTitle: 'История изменений квартир',
  historyShow: 'Показать историю',
  historyEmpty: 'Квартиры ещё не меняли.',
  historyFields: {
    number: 'номер',
    entrance: 'подъезд',
    floor: 'этаж',
    area: 'площадь',
    accountNumber: 'лицевой счёт',
  } as Record<string, string>,
  historyChange: (n: string, field: string, from: string, to: string) => `Квартира ${n}: ${field} ${from} → ${to}`,
  historyRemoved: (n: string, reason: string | null) => `Квартира ${n} удалена${reason ? `: ${reason}` : ''}`,
  historyEmptyValue: 'пусто',
};
export type ReadingTexts = typeof ru;

const en: ReadingTexts = {
  title: 'My meters',
  signIn: 'Sign in to submit readings.',
  loading: 'Loading…',
  error: 'Could not load.',
  empty: 'No apartments yet. Link yours — the management company confirms it.',
  linkTitle: 'Link an apartment',
  building: 'Building',
  chosen: (a) => `Building: ${a}`,
  apartment: 'Apartment',
  account: 'Personal account (on the bill)',
  request: 'Send the request',
  requested: 'Request sent. The management company checks the account and confirms.',
  chooseBuilding: 'Find the building by its address first.',
  withdraw: 'Unlink',
  status: { pending: 'awaiting confirmation', confirmed: 'confirmed', rejected: 'rejected', revoked: 'revoked' },
  rejectedBecause: (r) => `Reason: ${r}`,
  windowOpen: (d) => `Readings are taken until ${d} inclusive.`,
  windowBefore: (d) => `Readings are taken from ${d}.`,
  windowNotOpen: (from, to) => `Readings are not being taken yet. The next window: ${from} to ${to}.`,
  windowLate: (d) => `This month's window has closed: a reading is taken and marked late. The next one opens on ${d}.`,
  kinds: {
    cold_water: 'Cold water',
    hot_water: 'Hot water',
    electricity: 'Electricity',
    heating: 'Heating',
    gas: 'Gas',
  },
  units: { cold_water: 'm³', hot_water: 'm³', electricity: 'kWh', heating: 'Gcal', gas: 'm³' },
  tariff: (i, n) => (n === 1 ? 'Reading' : ['T1 (day)', 'T2 (night)', 'T3 (peak)'][i]),
  serial: (s) => `No. ${s}`,
  verificationDue: (d) => `verification due ${d}`,
  last: (p, v) => `Last: ${v} for ${p}`,
  noLast: 'No readings yet.',
  submit: 'Submit',
  submitted: (p) => `Reading for ${p} taken.`,
  replaced: (p) => `Reading for ${p} corrected.`,
  consumption: (v) => `Consumption: ${v}`,
  flags: {
    high_consumption: 'Consumption is more than three times the six-month average — check the reading.',
    zero_three_periods: 'Zero consumption for the third month running — the meter may be stuck.',
    verification_overdue: 'The meter is past its verification date — book a verification.',
    late: 'Submitted after the window closed.',
  },
  history: 'History',
  hideHistory: 'Hide history',
  chartLabel: (k) => `Consumption by month: ${k}`,
  period: 'Month',
  values: 'Readings',
  used: 'Consumption',
  failed: 'That did not work.',
  companyTitle: 'Meter readings',
  pendingTitle: 'Residents’ link requests',
  noPending: 'No new requests.',
  resident: 'Resident',
  evidence: 'Account given',
  matches: 'matches the apartment’s account',
  differs: 'does not match',
  confirm: 'Confirm',
  reject: 'Reject',
  rejectReason: 'Reason for rejecting',
  rejectReasonDefault: 'The account does not match the apartment',
  confirmed: 'Confirmed.',
  rejectedDone: 'Rejected.',
  importTitle: 'Import readings',
  importHint:
    'CSV in UTF-8: columns serial (or building_id and apartment, or account, with kind) and value1, value2, value3. Separated by ";" or ",".',
  file: 'CSV file',
  upload: 'Upload',
  report: (r, month) =>
    `For ${month}: ${r.received} received, ${r.accepted} taken (${r.replaced} corrected), ${r.refusedCount} refused.`,
  flagged: 'Flagged',
  line: 'Line',
  field: 'Field',
  reason: 'Reason',
  exportTitle: 'Export a month',
  exportCsv: 'Download CSV',
  exportXlsx: 'Download XLSX',
  buildingsTitle: 'Buildings, apartments and meters',
  buildingsLink: 'Buildings, apartments and meters →',
  readingsLink: '← Readings',
  buildingsLead:
    'Your management company’s buildings. The municipality sets the reading window; a building may have its own.',
  noBuildings: 'The company has no buildings.',
  counts: (a, m) => `Apartments: ${a} · meters in service: ${m}`,
  windowDays: (f, to) => `Readings are taken from day ${f} to day ${to} of the month`,
  windowOwn: 'the building’s own window',
  windowCity: 'the municipality’s',
  windowFrom: 'From day',
  windowTo: 'To day',
  windowSave: 'Set the building’s window',
  windowClear: 'Use the municipality’s',
  windowSaved: (a) => `${a}: reading window saved.`,
  windowCleared: (a) => `${a}: the municipality’s window.`,
  windowLegend: (a) => `Reading window: ${a}`,
  openBuilding: 'Apartments and meters',
  notFound: 'No such building, or your company does not manage it.',
  allBuildings: '← All buildings',
  apartmentsTitle: 'Apartments',
  noApartments: 'No apartments yet — add the first one.',
  apartmentHeading: (n) => `Apartment ${n}`,
  entrance: 'Entrance',
  floor: 'Floor',
  accountShort: 'Personal account',
  facts: (a) =>
    [
      a.entrance === null ? null : `entrance ${a.entrance}`,
      a.floor === null ? null : `floor ${a.floor}`,
      a.area === null ? null : `${a.area} m²`,
      a.accountNumber ? `account ${a.accountNumber}` : 'no account',
    ]
      .filter(Boolean)
      .join(' · '),
  noMeters: 'No meters.',
  kind: 'Kind',
  tariffs: 'Tariffs',
  tariffsText: (n) => (n === 1 ? 'one tariff' : `${n} tariffs`),
  serialNumber: 'Serial number',
  verificationDueLabel: 'Verification due',
  overdue: 'verification overdue',
  retiredBadge: 'retired',
  edit: 'Edit',
  save: 'Save',
  cancel: 'Cancel',
  saved: 'Saved.',
  replace: 'Replace',
  replaceTitle: (s) => `Replacing meter No. ${s}`,
  newSerial: 'New meter’s serial number',
  replacedOn: 'Replaced on',
  initial: (i, n) => (n === 1 ? 'Initial reading' : `Initial reading ${['T1', 'T2', 'T3'][i]}`),
  replaceSave: 'Record the replacement',
  replacedDone: (s) => `Replacement recorded: the meter is now No. ${s}.`,
  retire: 'Retire',
  retireAsk: (s) => `Retire meter No. ${s}? Readings will no longer be taken for it.`,
  retireYes: 'Yes, retire it',
  retiredDone: (s) => `Meter No. ${s} retired.`,
  addMeter: 'Add a meter',
  meterAdded: 'Meter added.',
  addApartment: 'Add an apartment',
  apartmentNumber: 'Apartment number',
  meterN: (i) => `Meter ${i + 1}`,
  moreMeter: '+ Another meter',
  removeMeter: 'Remove',
  apartmentAdded: (n) => `Apartment ${n} added.`,
  apartmentExists: (n) => `Apartment ${n} is already in the building — nothing changed.`,
  area: 'Area, m²',
  editApartment: 'Edit apartment',
  editApartmentTitle: (n) => `Apartment ${n}: edit`,
  apartmentSaved: (n) => `Apartment ${n} saved.`,
  staleApartment: 'Someone changed this apartment meanwhile: the data is reloaded, check it and save again.',
  deleteApartment: 'Remove apartment',
  deleteAsk: (n) =>
    `Remove apartment ${n}? Its meters will be retired and residents’ link requests declined with your reason. An apartment with readings or confirmed residents cannot be removed — retire its meters instead.`,
  deleteReason: 'Reason (residents will see it)',
  deleteYes: 'Yes, remove it',
  apartmentDeleted: (n, rejected) =>
    `Apartment ${n} removed.${rejected > 0 ? ` Residents’ requests declined: ${rejected}.` : ''}`,
  historyTitle: 'Apartment change history',
  historyShow: 'Show the history',
  historyEmpty: 'No apartment has been changed yet.',
  historyFields: {
    number: 'number',
    entrance: 'entrance',
    floor: 'floor',
    area: 'area',
    accountNumber: 'personal account',
  },
  historyChange: (n, field, from, to) => `Apartment ${n}: ${field} ${from} → ${to}`,
  historyRemoved: (n, reason) => `Apartment ${n} removed${reason ? `: ${reason}` : ''}`,
  historyEmptyValue: 'empty',
};

/** The resident's screen in Tatar; the company's screens are staff-only and fall back to Russian. */
const residentTt: typeof residentRu = {
  title: 'Минем исәпләгечләр',
  signIn: 'Күрсәткечләрне тапшырыр өчен керегез.',
  loading: 'Йөкләнә…',
  error: 'Йөкләп булмады.',
  empty: 'Фатирлар әлегә юк. Үзегезнекен бәйләгез — идарәче компания раслар.',
  linkTitle: 'Фатирны бәйләү',
  building: 'Йорт',
  chosen: (a: string) => `Сайланган йорт: ${a}`,
  apartment: 'Фатир',
  account: 'Шәхси хисап (квитанциядән)',
  request: 'Гариза җибәрү',
  requested: 'Гариза җибәрелде. Идарәче компания шәхси хисапны тикшерер һәм раслар.',
  chooseBuilding: 'Башта йортны адрес буенча табыгыз.',
  withdraw: 'Бәйләнешне өзү',
  status: {
    pending: 'раслауны көтә',
    confirmed: 'расланды',
    rejected: 'кире кагылды',
    revoked: 'кире алынды',
  },
  rejectedBecause: (r: string) => `Сәбәп: ${r}`,
  windowOpen: (d: string) => `Күрсәткечләр ${d} көнне дә кертеп кабул ителә.`,
  windowBefore: (d: string) => `Күрсәткечләрне кабул итү ${d} ачылачак.`,
  windowNotOpen: (from: string, to: string) =>
    `Күрсәткечләрне кабул итү әле ачылмаган. Киләсе тәрәзә: ${from} — ${to}.`,
  windowLate: (d: string) =>
    `Бу айның тәрәзәсе ябык: күрсәткечләр «соң» билгесе белән кабул ителә. Киләсе тәрәзә ${d} ачылачак.`,
  kinds: {
    cold_water: 'Салкын су',
    hot_water: 'Кайнар су',
    electricity: 'Электр энергиясе',
    heating: 'Җылыту',
    gas: 'Газ',
  },
  units: { cold_water: 'м³', hot_water: 'м³', electricity: 'кВт·сәг', heating: 'Гкал', gas: 'м³' },
  tariff: (i: number, n: number) => (n === 1 ? 'Күрсәткеч' : ['Т1 (көндез)', 'Т2 (төнлә)', 'Т3 (пик)'][i]),
  serial: (s: string) => `№ ${s}`,
  verificationDue: (d: string) => `тикшерү ${d} кадәр`,
  last: (p: string, v: string) => `Соңгысы: ${p} өчен ${v}`,
  noLast: 'Күрсәткечләр әле булмады.',
  submit: 'Тапшыру',
  submitted: (p: string) => `${p} өчен күрсәткечләр кабул ителде.`,
  replaced: (p: string) => `${p} өчен күрсәткечләр төзәтелде.`,
  consumption: (v: string) => `Чыгым: ${v}`,
  flags: {
    high_consumption: 'Чыгым ярты елның уртачасыннан өч тапкырдан артыграк — күрсәткечне тикшерегез.',
    zero_three_periods: 'Өченче ай рәттән нуль чыгым — исәпләгеч эшләмәскә мөмкин.',
    verification_overdue: 'Исәпләгечне тикшерү срогы узды — тикшерүгә заказ бирегез.',
    late: 'Кабул итү тәрәзәсе ябылганнан соң тапшырылды.',
  },
  history: 'Тарих',
  hideHistory: 'Тарихны яшерү',
  chartLabel: (k: string) => `Айлар буенча чыгым: ${k}`,
  period: 'Ай',
  values: 'Күрсәткечләр',
  used: 'Чыгым',
  failed: 'Барып чыкмады.',
};

const texts: Record<Language, ReadingTexts> = { ru, en, tt: { ...ru, ...residentTt } };

export const readingTexts = (lang: Language): ReadingTexts => texts[lang];

/** The current month (YYYY-MM) in Moscow. */
export function currentPeriod(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit' })
    .format(now)
    .slice(0, 7);
}
