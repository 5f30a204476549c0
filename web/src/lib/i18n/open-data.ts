/**
 * The texts of the open-data page (/open-data), in Russian, English and Tatar: residents, journalists
 * and developers read it.
 */
import type { Language } from './language.ts';

const ru = {
  title: 'Открытые данные',
  footerLink: 'Открытые данные',
  intro:
    'Обращения жителей и реестр домов в машиночитаемом виде: без имён, телефонов, адресов квартир и обращений закрытых тем.',
  licence: 'Лицензия',
  licenceNote: 'Используйте свободно, указав источник: «Отклик».',
  loading: 'Загружаем каталог…',
  error: 'Не удалось загрузить каталог открытых данных.',
  datasets: 'Наборы данных',
  formats: 'Форматы',
  schemas: 'Схемы',
  schemaGeojson: 'JSON Schema (GeoJSON)',
  schemaCsv: 'Table Schema (CSV)',
  frequency: 'Обновление',
  continuous: 'сразу, по живым данным; архив — ежедневно',
  period: 'Период обращений',
  from: 'С',
  to: 'По',
  periodHint: (max: number) => `Дни по местному времени, не больше ${max} дней за раз.`,
  periodTooLong: (days: number, max: number) => `Выбрано ${days} дн. — можно не больше ${max}.`,
  periodReversed: 'Начало периода позже конца.',
  download: 'Скачать',
  geojson: 'GeoJSON',
  csv: 'CSV',
  excel: 'CSV для Excel',
  excelNote:
    'Все CSV — в UTF-8 с меткой порядка байтов (BOM), поэтому Excel читает кириллицу правильно. Разделитель — запятая; «CSV для Excel» — с точкой с запятой, как ждёт Excel в русской локали.',
  dumps: 'Ежедневные выгрузки',
  dumpsIntro: (keep: number) =>
    `Каждую ночь в 03:30 по Москве: обращения, поданные или изменённые за прошедшие сутки, и весь реестр домов. Хранятся ${keep} дней; контрольные суммы SHA-256.`,
  noDumps: 'Выгрузок пока нет: первая появится после 03:30.',
  day: 'День',
  file: 'Файл',
  size: 'Размер',
  rows: 'Строк',
  checksum: 'SHA-256',
  units: ['Б', 'КБ', 'МБ'] as [string, string, string],
  docs: 'Описание API (OpenAPI)',
};
type OpenDataTexts = typeof ru;

const en: OpenDataTexts = {
  title: 'Open data',
  footerLink: 'Open data',
  intro:
    'Residents’ appeals and the register of buildings, machine-readable: no names, phone numbers, apartments or appeals of private categories.',
  licence: 'Licence',
  licenceNote: 'Use it freely, crediting the source: Otklik.',
  loading: 'Loading the catalogue…',
  error: 'Could not load the open-data catalogue.',
  datasets: 'Datasets',
  formats: 'Formats',
  schemas: 'Schemas',
  schemaGeojson: 'JSON Schema (GeoJSON)',
  schemaCsv: 'Table Schema (CSV)',
  frequency: 'Updated',
  continuous: 'live; the archive daily',
  period: 'Appeals of a period',
  from: 'From',
  to: 'To',
  periodHint: (max: number) => `Local days, at most ${max} days at a time.`,
  periodTooLong: (days: number, max: number) => `${days} days chosen: at most ${max}.`,
  periodReversed: 'The period starts after it ends.',
  download: 'Download',
  geojson: 'GeoJSON',
  csv: 'CSV',
  excel: 'CSV for Excel',
  excelNote:
    'Every CSV is UTF-8 with a byte-order mark (BOM), so Excel reads Cyrillic correctly. Comma-separated; “CSV for Excel” uses semicolons, as Excel expects in a Russian locale.',
  dumps: 'Daily dumps',
  dumpsIntro: (keep: number) =>
    `Every night at 03:30 Moscow time: the appeals filed or changed the day before, and the whole register of buildings. Kept ${keep} days; SHA-256 checksums.`,
  noDumps: 'No dumps yet: the first comes after 03:30.',
  day: 'Day',
  file: 'File',
  size: 'Size',
  rows: 'Rows',
  checksum: 'SHA-256',
  units: ['B', 'KB', 'MB'],
  docs: 'The API described (OpenAPI)',
};

const tt: OpenDataTexts = {
  title: 'Ачык мәгълүматлар',
  footerLink: 'Ачык мәгълүматлар',
  intro:
    'Халык мөрәҗәгатьләре һәм йортлар реестры машина укый торган рәвештә: исемнәрсез, телефоннарсыз, фатирларсыз һәм ябык темалар мөрәҗәгатьләреннән башка.',
  licence: 'Лицензия',
  licenceNote: 'Чыганакны күрсәтеп, ирекле кулланыгыз: «Отклик».',
  loading: 'Каталог йөкләнә…',
  error: 'Ачык мәгълүматлар каталогын йөкләп булмады.',
  datasets: 'Мәгълүмат җыелмалары',
  formats: 'Форматлар',
  schemas: 'Схемалар',
  schemaGeojson: 'JSON Schema (GeoJSON)',
  schemaCsv: 'Table Schema (CSV)',
  frequency: 'Яңарту',
  continuous: 'шунда ук; архив — көн саен',
  period: 'Мөрәҗәгатьләр чоры',
  from: 'Башы',
  to: 'Ахыры',
  periodHint: (max: number) => `Җирле вакыт буенча көннәр, бер тапкыр ${max} көннән артык түгел.`,
  periodTooLong: (days: number, max: number) => `${days} көн сайланган — ${max} көннән артмаска тиеш.`,
  periodReversed: 'Чорның башы ахырыннан соңрак.',
  download: 'Йөкләп алу',
  geojson: 'GeoJSON',
  csv: 'CSV',
  excel: 'Excel өчен CSV',
  excelNote:
    'Барлык CSV — BOM белән UTF-8, шуңа Excel кириллицаны дөрес укый. Аергыч — өтер; «Excel өчен CSV» — нокталы өтер белән.',
  dumps: 'Көндәлек выгрузкалар',
  dumpsIntro: (keep: number) =>
    `Һәр төнне Мәскәү вакыты белән 03:30 да: узган тәүлектә бирелгән яки үзгәргән мөрәҗәгатьләр һәм бөтен йортлар реестры. ${keep} көн саклана; SHA-256 контроль суммалары.`,
  noDumps: 'Выгрузкалар әле юк: беренчесе 03:30 дан соң булачак.',
  day: 'Көн',
  file: 'Файл',
  size: 'Зурлык',
  rows: 'Юллар',
  checksum: 'SHA-256',
  units: ['Б', 'КБ', 'МБ'],
  docs: 'API тасвирламасы (OpenAPI)',
};

export const openDataTexts: Record<Language, OpenDataTexts> = { ru, en, tt };
