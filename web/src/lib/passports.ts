/**
 * The technical passport in the browser: the API calls (GET/PATCH the passport, documents, history,
 * CSV import and export; typed by the API's OpenAPI document) and the page's own texts. The sections
 * and fields come from the API (GET /api/passports/layout), the same specs it checks the passport
 * against.
 */
import { allOf, type Answer, answer, api, formOf, type RequestBody, type Schemas, undescribed } from './api.ts';
import type { Language } from './i18n/index.svelte.ts';

export type PassportLayout = Answer<'passportLayout'>;
export type PassportSection = PassportLayout['sections'][number];
export type FieldSpec = PassportSection['fields'][number];
/** One field's value, as the form reads and writes it by the field's dotted path. */
export type PassportValue = string | number | null;
/**
 * The passport as the edit form holds it. The form walks the layout's dotted paths, so it sees any
 * field as a value and each list section as items of values; the API checks what comes back.
 */
export type PassportDraft = Record<string, unknown> &
  Record<'elevators' | 'overhauls', Record<string, PassportValue>[]>;
type PassportPatch = RequestBody<'patchPassport'>['passport'];
export type BuildingDocument = Schemas['BuildingDocument'];
export type FullPassport = Schemas['FullBuildingPassport'];
export type PassportChange = Answer<'listPassportChanges'>['items'][number];
export type ImportReport = Answer<'importPassports'>;

export const documentKinds = allOf<BuildingDocument['kind']>()([
  'passport_scan',
  'act',
  'inspection_report',
  'project',
  'photo',
  'other',
]);

export const passportLayout = (signal?: AbortSignal) => answer(api.GET('/api/passports/layout', { signal }));
export const getPassport = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/buildings/{id}/passport', { params: { path: { id } }, signal }));
export const patchPassport = (id: number, version: number, passport: PassportDraft) =>
  answer(
    api.PATCH('/api/buildings/{id}/passport', {
      params: { path: { id } },
      body: { version, passport: passport as PassportPatch },
    }),
  );
export const passportChanges = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/buildings/{id}/passport/changes', { params: { path: { id }, query: { limit: 200 } }, signal }));

export function uploadDocument(id: number, file: File, kind: string, title: string, isPublic: boolean) {
  const form = formOf({ kind, title, public: isPublic }, { file: [file] });
  return answer(api.POST('/api/buildings/{id}/documents', { params: { path: { id } }, body: undescribed(form) }));
}
export const deleteDocument = (id: number) =>
  answer(api.DELETE('/api/building-documents/{id}', { params: { path: { id } } }));

export const PASSPORTS_EXPORT_URL = '/api/passports/export';

/** Send a CSV file's text to the import (a dry run checks only). */
export async function importPassports(file: File, dryRun: boolean) {
  return answer(
    api.POST('/api/passports/import', {
      params: { query: { dryRun: dryRun ? 'true' : 'false' } },
      body: undescribed(await file.text()),
      bodySerializer: (csv) => csv,
      headers: { 'content-type': 'text/csv' },
    }),
  );
}

/** Read a dotted path of the passport. */
export function valueAt(object: unknown, path: string): PassportValue {
  let at: unknown = object;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return null;
    at = (at as Record<string, unknown>)[key];
  }
  return (at as PassportValue | undefined) ?? null;
}

/** Write a dotted path of the passport (creating the objects on the way). */
export function setValueAt(object: Record<string, unknown>, path: string, value: PassportValue) {
  const keys = path.split('.');
  let at = object;
  for (const key of keys.slice(0, -1)) {
    if (at[key] === null || typeof at[key] !== 'object') at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1) as string] = value;
}

const texts = {
  ru: {
    title: 'Технический паспорт',
    open: 'Полный технический паспорт',
    back: '← К дому',
    loading: 'Загружаем технический паспорт…',
    notFound: 'Такого дома нет.',
    error: 'Не удалось загрузить паспорт.',
    retry: 'Повторить',
    empty: 'нет данных',
    none: 'Сведений нет.',
    version: (v: number) => `Версия ${v}`,
    edit: 'Редактировать',
    cancel: 'Отменить',
    save: 'Сохранить',
    saving: 'Сохраняем…',
    saved: 'Сохранено.',
    stale: 'Паспорт уже изменили: обновите страницу и внесите правки заново.',
    hasErrors: 'Исправьте поля, отмеченные ниже.',
    add: 'Добавить',
    remove: 'Удалить',
    item: (section: string, n: number) => `${section} № ${n}`,
    element: 'Элемент',
    system: 'Система',
    documents: 'Документы',
    noDocuments: 'Документов нет.',
    notPublic: 'не публикуется',
    upload: 'Приложить документ',
    uploading: 'Загружаем…',
    file: 'Файл (PDF, JPEG, PNG или WebP, до 10 МБ)',
    kind: 'Вид документа',
    docTitle: 'Название',
    publicDoc: 'Показывать всем',
    kinds: {
      passport_scan: 'скан техпаспорта',
      act: 'акт',
      inspection_report: 'отчёт об осмотре',
      project: 'проект',
      photo: 'фото',
      other: 'другое',
    } as Record<string, string>,
    deleteDoc: (title: string) => `Удалить «${title}»`,
    history: 'История изменений',
    noHistory: 'Изменений пока нет.',
    when: 'Когда',
    field: 'Поле',
    change: 'Было → стало',
    who: 'Кто',
    viaImport: 'импорт CSV',
    roles: { org_staff: 'сотрудник', org_supervisor: 'руководитель', admin: 'администратор' } as Record<string, string>,
    csvTitle: 'Техпаспорта: выгрузка и загрузка CSV',
    csvIntro:
      'Выгрузка — одна строка на дом, столбцы по полям паспорта; лифты и капремонты — в одной ячейке каждый: записи через «;», поля через «|». Загрузите исправленный файл: каждая строка проверяется отдельно, верные применяются.',
    download: 'Скачать CSV',
    csvFile: 'Файл CSV',
    dryRun: 'Только проверить, не применять',
    importButton: 'Загрузить',
    importing: 'Проверяем файл…',
    report: (r: ImportReport) =>
      `${r.dryRun ? 'Проверка: ' : ''}применено ${r.applied}, без изменений ${r.unchanged}, с ошибками ${r.refused}.`,
    line: 'Строка',
    building: 'Дом',
    result: 'Результат',
    statuses: { applied: 'применено', unchanged: 'без изменений', error: 'ошибка' } as Record<string, string>,
    changes: (n: number) => `полей: ${n}`,
    csvOnly: 'Выгрузка и загрузка техпаспортов доступны руководителям управляющих компаний и администраторам.',
  },
  en: {
    title: 'Technical passport',
    open: 'Full technical passport',
    back: '← To the building',
    loading: 'Loading the technical passport…',
    notFound: 'No such building.',
    error: 'Could not load the passport.',
    retry: 'Retry',
    empty: 'no data',
    none: 'No records.',
    version: (v: number) => `Version ${v}`,
    edit: 'Edit',
    cancel: 'Cancel',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Saved.',
    stale: 'Someone changed the passport meanwhile: reload the page and make your changes again.',
    hasErrors: 'Correct the fields marked below.',
    add: 'Add',
    remove: 'Remove',
    item: (section: string, n: number) => `${section} no. ${n}`,
    element: 'Element',
    system: 'System',
    documents: 'Documents',
    noDocuments: 'No documents.',
    notPublic: 'not public',
    upload: 'Attach a document',
    uploading: 'Uploading…',
    file: 'File (PDF, JPEG, PNG or WebP, up to 10 MB)',
    kind: 'Kind',
    docTitle: 'Title',
    publicDoc: 'Show to everyone',
    kinds: {
      passport_scan: 'passport scan',
      act: 'act',
      inspection_report: 'inspection report',
      project: 'project',
      photo: 'photo',
      other: 'other',
    } as Record<string, string>,
    deleteDoc: (title: string) => `Delete “${title}”`,
    history: 'Change history',
    noHistory: 'No changes yet.',
    when: 'When',
    field: 'Field',
    change: 'Before → after',
    who: 'Who',
    viaImport: 'CSV import',
    roles: { org_staff: 'staff', org_supervisor: 'supervisor', admin: 'administrator' } as Record<string, string>,
    csvTitle: 'Technical passports: CSV export and import',
    csvIntro:
      'The export has one row per building, a column per passport field; elevators and overhauls fit one cell each: items separated by “;”, fields by “|”. Upload the edited file: each line is checked on its own and the valid ones are applied.',
    download: 'Download CSV',
    csvFile: 'CSV file',
    dryRun: 'Check only, do not apply',
    importButton: 'Upload',
    importing: 'Checking the file…',
    report: (r: ImportReport) =>
      `${r.dryRun ? 'Check: ' : ''}applied ${r.applied}, unchanged ${r.unchanged}, refused ${r.refused}.`,
    line: 'Line',
    building: 'Building',
    result: 'Result',
    statuses: { applied: 'applied', unchanged: 'unchanged', error: 'error' } as Record<string, string>,
    changes: (n: number) => `fields: ${n}`,
    csvOnly: 'Passport export and import are open to management companies’ supervisors and administrators.',
  },
};

type PassportTexts = typeof texts.ru;
/** The words of the public passport; editing, history and CSV are staff screens and stay Russian in Tatar. */
type PublicPassportKey =
  | 'title'
  | 'open'
  | 'back'
  | 'loading'
  | 'notFound'
  | 'error'
  | 'retry'
  | 'empty'
  | 'none'
  | 'version'
  | 'item'
  | 'element'
  | 'system'
  | 'documents'
  | 'noDocuments'
  | 'kinds';

const ttPublic: Pick<PassportTexts, PublicPassportKey> = {
  title: 'Техник паспорт',
  open: 'Тулы техник паспорт',
  back: '← Йортка',
  loading: 'Техник паспорт йөкләнә…',
  notFound: 'Мондый йорт юк.',
  error: 'Паспортны йөкләп булмады.',
  retry: 'Кабатлау',
  empty: 'мәгълүмат юк',
  none: 'Мәгълүмат юк.',
  version: (v: number) => `${v} нче версия`,
  item: (section: string, n: number) => `${section} № ${n}`,
  element: 'Элемент',
  system: 'Система',
  documents: 'Документлар',
  noDocuments: 'Документлар юк.',
  kinds: {
    passport_scan: 'техпаспорт сканы',
    act: 'акт',
    inspection_report: 'карап чыгу хисабы',
    project: 'проект',
    photo: 'фото',
    other: 'башка',
  },
};

const byLanguage: Record<Language, PassportTexts> = { ...texts, tt: { ...texts.ru, ...ttPublic } };

/** The passport pages' texts in a language. */
export const passportTexts = (lang: Language) => byLanguage[lang];
