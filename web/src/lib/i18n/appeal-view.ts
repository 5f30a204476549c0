/**
 * The texts of the appeal page's parts (the staff panel, the photos, the timeline), in Russian,
 * English and Tatar: the staff panel's texts stay Russian in Tatar, like the other staff screens.
 */
import type { Language } from './language.ts';

type ClockName = 'response' | 'resolution';

const ru = {
  // What the resident sees on their own appeal too.
  entrance: 'Подъезд',
  apartment: 'Квартира',
  photosBefore: 'Фото заявителя — до',
  photosAfter: 'Фото исполнителя — после',
  photo: (id: number) => `Фото ${id}`,
  openPhoto: (id: number) => `Открыть фото ${id}`,
  place: 'Место на карте',
  mapLabel: (address: string) => `Карта: ${address}`,
  toTriage: 'диспетчеру',
  nobody: '—',
  clocks: { response: 'Срок принятия', resolution: 'Срок решения' } as Record<ClockName, string>,
  step: (clock: string, percent: number) =>
    percent < 100 ? `${clock}: прошло ${percent} %` : percent === 100 ? `${clock} нарушен` : `${clock} превышен вдвое`,
  // The staff panel.
  author: 'Заявитель',
  name: 'Имя',
  phone: 'Телефон',
  email: 'Эл. почта',
  notGiven: 'не указано',
  audited: 'Личные данные — только для работы по обращению; каждый просмотр записывается.',
  deadlines: 'Сроки',
  acceptBy: 'Принять до',
  resolveBy: 'Решить до',
  worked: (elapsed: string, allowed: string) => `прошло ${elapsed} рабочего времени из ${allowed}`,
  pausedFor: (d: string) => `на паузе (ждали заявителя) ${d}`,
  pausedNow: 'сейчас на паузе: ждём заявителя',
  met: 'выполнено',
  breached: 'нарушен',
  notStarted: 'ещё не идёт',
  cityClock: 'У города',
  organisationClock: 'У исполнителя',
  since: (at: string, ago: string) => `с ${at} — ${ago}`,
  reassignedNote: 'Обращение передавали: срок города идёт с первого назначения, у нового исполнителя — свой отсчёт.',
};

type AppealViewTexts = typeof ru;

const en: AppealViewTexts = {
  entrance: 'Entrance',
  apartment: 'Apartment',
  photosBefore: 'Resident’s photos — before',
  photosAfter: 'Executor’s photos — after',
  photo: (id) => `Photo ${id}`,
  openPhoto: (id) => `Open photo ${id}`,
  place: 'On the map',
  mapLabel: (address) => `Map: ${address}`,
  toTriage: 'the dispatcher',
  nobody: '—',
  clocks: { response: 'Acceptance deadline', resolution: 'Resolution deadline' },
  step: (clock, percent) =>
    percent < 100
      ? `${clock}: ${percent} % used`
      : percent === 100
        ? `${clock} missed`
        : `${clock} exceeded twice over`,
  author: 'Resident',
  name: 'Name',
  phone: 'Phone',
  email: 'E-mail',
  notGiven: 'not given',
  audited: 'Personal data: for working on this appeal only; every view is recorded.',
  deadlines: 'Deadlines',
  acceptBy: 'Accept by',
  resolveBy: 'Resolve by',
  worked: (elapsed, allowed) => `${elapsed} of ${allowed} working time used`,
  pausedFor: (d) => `paused (waiting for the resident) ${d}`,
  pausedNow: 'paused now: waiting for the resident',
  met: 'done',
  breached: 'missed',
  notStarted: 'not running yet',
  cityClock: 'With the city',
  organisationClock: 'With the executor',
  since: (at, ago) => `since ${at} — ${ago}`,
  reassignedNote:
    'This appeal was handed over: the city’s clock runs from the first assignment, the new executor’s from when it received it.',
};

const tt: Partial<AppealViewTexts> = {
  entrance: 'Подъезд',
  apartment: 'Фатир',
  photosBefore: 'Мөрәҗәгать итүче фотолары — элек',
  photosAfter: 'Башкаручы фотолары — соңыннан',
  photo: (id) => `${id} фото`,
  openPhoto: (id) => `${id} фотоны ачу`,
  place: 'Картада урын',
  mapLabel: (address) => `Карта: ${address}`,
  toTriage: 'диспетчерга',
  clocks: { response: 'Кабул итү срогы', resolution: 'Хәл итү срогы' },
  step: (clock, percent) =>
    percent < 100 ? `${clock}: ${percent} % узды` : percent === 100 ? `${clock} бозылды` : `${clock} ике тапкыр узды`,
};

export const appealViewTexts: Record<Language, AppealViewTexts> = { ru, en, tt: { ...ru, ...tt } };
