const plural = new Intl.PluralRules('ru');
const forms = (n: number, one: string, few: string, many: string) => {
  const form = plural.select(n);
  return form === 'one' ? one : form === 'few' ? few : many;
};

/** Russian texts: the reference catalogue that every other language mirrors. */
export const ru = {
  appName: 'Отклик',
  pitch: 'Сообщите о проблеме с домом, двором или улицей — и следите, как её решают.',
  home: 'На главную',
  skipToContent: 'К содержимому',
  retry: 'Повторить',
  languageName: 'Русский',
  search: {
    label: 'Найти дом по адресу',
    placeholder: 'Например, Баумана 12',
    hint: 'Улица и номер дома. Стрелка вниз — к результатам.',
    results: 'Найденные дома',
    tooShort: 'Введите хотя бы 2 символа.',
    loading: 'Ищем…',
    empty: 'Ничего не нашли. Проверьте улицу и номер дома.',
    error: 'Поиск не удался. Проверьте связь и попробуйте ещё раз.',
    found: (n: number) => `${forms(n, 'Найден', 'Найдено', 'Найдено')} ${n} ${forms(n, 'дом', 'дома', 'домов')}`,
  },
  map: {
    label: 'Карта города',
    loading: 'Загружаем карту…',
    failed: 'Карта не загрузилась. Поиск по адресу работает.',
    zoomIn: 'Приблизьте карту, чтобы увидеть дома.',
    buildingsLoading: 'Загружаем дома…',
    buildingsError: 'Не удалось загрузить дома на карте.',
    shown: (n: number) => `На карте ${n} ${forms(n, 'дом', 'дома', 'домов')}.`,
    truncated: 'Показаны не все дома: приблизьте карту.',
    tilesUnavailable: 'Подложка карты недоступна, дома видны без неё.',
    openPassport: 'Паспорт дома',
  },
  categories: {
    title: 'О чём можно сообщить',
    loading: 'Загружаем темы…',
    error: 'Не удалось загрузить темы обращений.',
    empty: 'Темы обращений ещё не настроены.',
    emergency: 'авария',
    groups: {
      housing: 'Дом и подъезд',
      utilities: 'Коммунальные услуги',
      roads: 'Дороги',
      transport: 'Транспорт',
      landscaping: 'Благоустройство',
      other: 'Другое',
    },
  },
  building: {
    title: 'Паспорт дома',
    loading: 'Загружаем паспорт дома…',
    notFound: 'Такого дома нет. Возможно, ссылка устарела.',
    error: 'Не удалось загрузить паспорт дома.',
    district: 'Район',
    postcode: 'Индекс',
    yearBuilt: 'Год постройки',
    floors: 'Этажей',
    entrances: 'Подъездов',
    apartments: 'Квартир',
    totalArea: 'Общая площадь, м²',
    wallMaterial: 'Материал стен',
    elevators: 'Лифтов',
    heatingSystem: 'Отопление',
    hotWaterSystem: 'Горячая вода',
    lastOverhaulYear: 'Последний капремонт',
    wearPercent: 'Износ, %',
    unknown: 'нет данных',
    passport: 'Технические данные',
    managementCompany: 'Управляющая компания',
    noManagementCompany: 'Управляющая компания не указана.',
    suppliers: 'Поставщики ресурсов',
    supplier: {
      coldWater: 'Холодная вода',
      hotWater: 'Горячая вода',
      heating: 'Отопление',
      electricity: 'Электричество',
      gas: 'Газ',
    },
    phone: 'Телефон',
    email: 'Эл. почта',
    website: 'Сайт',
    // Codes the passports use for heating and hot water; any other text is shown as it is.
    systems: {
      central: 'от городской сети',
      individual_gas: 'индивидуальный газовый котёл',
      roof_boiler: 'крышная котельная',
      gas_heater: 'газовая колонка',
    } as Record<string, string>,
    wallMaterials: {
      panel: 'панель',
      brick: 'кирпич',
      monolith: 'монолит',
      block: 'блоки',
      wood: 'дерево',
      mixed: 'смешанный',
    },
  },
  errorPage: {
    notFound: 'Страница не найдена',
    failed: 'Что-то пошло не так',
  },
};

export type Messages = typeof ru;
