/**
 * Problems with what a request carries (photos and files, text that is not UTF-8 or holds NUL) and
 * the live websocket's errors. Residents meet all of these, so each has its Tatar text. (The rate
 * limits' problem is `rate.too_many` in errors.ts.)
 */
import type { Entry } from './index.ts';

export const uploadMessages = {
  // ── Photos and files ──
  'upload.not_an_image': {
    ru: 'Фото должно быть JPEG, PNG или WebP.',
    en: 'Photos must be JPEG, PNG or WebP.',
    tt: 'Фото JPEG, PNG яки WebP булырга тиеш.',
  },
  'upload.content_not_image': {
    ru: 'не изображение JPEG/PNG/WebP по содержимому',
    en: 'content is not a JPEG, PNG or WebP image',
    tt: 'эчтәлеге буенча JPEG/PNG/WebP рәсеме түгел',
  },
  'upload.image_damaged': {
    ru: 'Изображение повреждено или слишком велико.',
    en: 'The image is damaged or too large.',
    tt: 'Рәсем бозылган яки артык зур.',
  },
  'upload.cannot_decode': {
    ru: ({ cause }) => `не удалось прочитать изображение (${cause})`,
    en: ({ cause }) => `cannot decode the image (${cause})`,
    tt: ({ cause }) => `рәсемне укып булмады (${cause})`,
  } satisfies Entry<{ cause: string }>,
  'upload.storage_failed': {
    ru: 'Не удалось сохранить файл, попробуйте позже.',
    en: 'Could not store the file, try again later.',
    tt: 'Файлны саклап булмады, соңрак кабатлагыз.',
  },
  'upload.unknown_file_field': {
    ru: 'Неизвестное поле файла.',
    en: 'Unknown file field.',
    tt: 'Билгесез файл кыры.',
  },
  'upload.photos_field': {
    ru: 'файлы передаются в поле photos',
    en: 'send files in the photos field',
    tt: 'файллар photos кырында җибәрелә',
  },
  'upload.too_many_photos': {
    ru: ({ max }) => `Не больше ${max} фото.`,
    en: ({ max }) => `At most ${max} photos.`,
    tt: ({ max }) => `${max} фотодан артык түгел.`,
  } satisfies Entry<{ max: number }>,
  'upload.max_files': {
    ru: ({ max }) => `не больше ${max} файлов`,
    en: ({ max }) => `at most ${max} files`,
    tt: ({ max }) => `${max} файлдан артык түгел`,
  } satisfies Entry<{ max: number }>,
  'upload.text_not_utf8': {
    ru: 'Текст не в кодировке UTF-8.',
    en: 'Text is not valid UTF-8.',
    tt: 'Текст UTF-8 кодлавында түгел.',
  },

  // ── Text the database cannot store ──
  'request.body_not_utf8': {
    ru: 'Тело запроса не в UTF-8.',
    en: 'Request body is not valid UTF-8.',
    tt: 'Сорау UTF-8 кодлавында түгел.',
  },
  'request.url_nul': {
    ru: 'Адрес содержит символ NUL.',
    en: 'The URL contains a NUL character.',
    tt: 'Адреста NUL символы бар.',
  },
  'request.text_nul': {
    ru: 'Текст содержит символ NUL.',
    en: 'Text contains a NUL character.',
    tt: 'Текстта NUL символы бар.',
  },
  'field.nul': { ru: 'символ NUL недопустим', en: 'NUL is not allowed', tt: 'NUL символы ярамый' },

  // ── The live websocket ──
  'live.cross_origin': {
    ru: 'Чужой источник (Origin).',
    en: 'Cross-origin websocket refused.',
    tt: 'Чит чыганак (Origin).',
  },
  'live.bad_message': {
    ru: 'Сообщение не распознано.',
    en: 'Message not understood.',
    tt: 'Хәбәр танылмады.',
  },
  'live.bad_topic': { ru: 'Нет такой темы.', en: 'No such topic.', tt: 'Мондый тема юк.' },
  'live.too_many_subscriptions': {
    ru: 'Слишком много подписок.',
    en: 'Too many subscriptions.',
    tt: 'Язылулар артык күп.',
  },
  'live.too_many_sockets': {
    ru: 'Слишком много открытых соединений с этого адреса; повторите через минуту.',
    en: 'Too many open connections from this address; try again in a minute.',
    tt: 'Бу адрестан ачык тоташулар артык күп; бер минуттан кабатлагыз.',
  },
  'live.busy': {
    ru: 'Сервер занят; живые обновления будут через минуту.',
    en: 'The server is busy; live updates in a minute.',
    tt: 'Сервер мәшгуль; тере яңартулар бер минуттан.',
  },
  'live.unauthorized': { ru: 'Нужно войти.', en: 'Sign-in required.', tt: 'Керергә кирәк.' },
  'live.forbidden': { ru: 'Нет доступа.', en: 'Not allowed.', tt: 'Керү мөмкинлеге юк.' },
  'live.not_found': { ru: 'Не найдено.', en: 'Not found.', tt: 'Табылмады.' },
};
