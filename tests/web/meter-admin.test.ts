import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers } from '../helpers/readings.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** The management company keeps its buildings' apartments, meters and reading windows in a real browser. */
describe('web app: the company’s buildings, apartments and meters', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let base: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    const r = readingMakers(t.db);
    const a = await r.apartment(c.building.id, {
      number: '42',
      account: '4200',
      meters: [{ kind: 'cold_water', serial: 'КВ-42', verificationDue: '2025-01-31' }],
    });
    await r.history(a.meterIds[0], c.users.resident.id, [
      { period: '2026-08', values: [105] },
      { period: '2026-09', values: [111], consumption: [6] },
    ]);
    // The 20th: inside the municipality's 15th–25th window.
    t.setNow(new Date('2026-10-20T09:00:00Z'));
    browser = await signedInBrowser(t, c.users.orgStaff.id);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sets and clears a building’s reading window, with the API’s reason beside the field', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/housing/readings`);
    await page.getByRole('link', { name: 'Дома, квартиры и счётчики →' }).click();
    await page.waitForURL(`${base}/housing/buildings`);
    // On a phone the sections are behind the header's menu button.
    await page.getByRole('button', { name: 'Меню' }).click();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Дома и счётчики' }).getAttribute('href')).toBe(
      '/housing/buildings',
    );
    await page.getByRole('button', { name: 'Меню' }).click();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: c.building.address }) });
    await card.getByText('Квартир: 1 · счётчиков в работе: 1').waitFor();
    await card.getByText('Показания принимаются с 15 по 25 число месяца').waitFor();
    await card.getByText('как у муниципалитета').waitFor();
    await card.getByText('Приём показаний открыт до 25 окт. 2026 г. включительно.').waitFor();
    expect(await checkScreen(page, 'housing-buildings')).toEqual([]);

    await card.getByLabel('С числа').fill('20');
    await card.getByLabel('По число').fill('10');
    await card.getByRole('button', { name: 'Задать окно дома' }).click();
    await card.getByText('не раньше первого дня').waitFor();
    expect(await card.getByLabel('По число').getAttribute('aria-invalid')).toBe('true');
    const [untouched] = await t.db.execute(
      sql`select reading_window_from_day as f, reading_window_to_day as t from buildings where id = ${c.building.id}`,
    );
    expect(untouched).toEqual({ f: null, t: null });

    await card.getByLabel('С числа').fill('1');
    await card.getByRole('button', { name: 'Задать окно дома' }).click();
    await card.getByText(`${c.building.address}: окно приёма сохранено.`).waitFor();
    await card.getByText('своё окно дома').waitFor();
    await card.getByText('Показания принимаются с 1 по 10 число месяца').waitFor();
    await card
      .getByText('Окно этого месяца закрыто: показания примут с отметкой «поздно». Следующее откроется 1 нояб. 2026 г.')
      .waitFor();
    const [own] = await t.db.execute(
      sql`select reading_window_from_day as f, reading_window_to_day as t from buildings where id = ${c.building.id}`,
    );
    expect(own).toEqual({ f: 1, t: 10 });
    expect(await checkScreen(page, 'housing-buildings-own-window')).toEqual([]);

    await card.getByRole('button', { name: 'Как у муниципалитета' }).click();
    await card.getByText(`${c.building.address}: окно как у муниципалитета.`).waitFor();
    await card.getByText('Показания принимаются с 15 по 25 число месяца').waitFor();
    const [cleared] = await t.db.execute(
      sql`select reading_window_from_day as f, reading_window_to_day as t from buildings where id = ${c.building.id}`,
    );
    expect(cleared).toEqual({ f: null, t: null });
    await page.close();
  });

  it('adds an apartment with a meter, records a replacement, edits and retires a meter', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/housing/buildings`);
    await page.getByRole('heading', { name: c.building.address }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: c.building.address }).waitFor();
    const apt = (n: string) =>
      page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Квартира ${n}`, exact: true }) });
    await apt('42').getByText('л/с 4200').waitFor();
    await apt('42').getByText('поверка просрочена').waitFor();
    await apt('42').getByText('Последнее: 111 м³ за сентябрь 2026 г.').waitFor();
    expect(await checkScreen(page, 'housing-building')).toEqual([]);

    // A number already in the building is told beside the number; nothing is created.
    const add = page.getByRole('region', { name: 'Добавить квартиру' });
    await add.getByLabel('Номер квартиры').fill('42');
    await add.getByLabel('Заводской номер').fill('ДУБЛЬ-1');
    await add.getByRole('button', { name: 'Добавить квартиру' }).click();
    await add.getByText('Квартира 42 уже есть в доме — ничего не изменено.').waitFor();
    expect(await add.getByLabel('Номер квартиры').getAttribute('aria-invalid')).toBe('true');

    await add.getByLabel('Номер квартиры').fill('77');
    await add.getByLabel('Подъезд').fill('2');
    await add.getByLabel('Этаж').fill('5');
    await add.getByLabel('Лицевой счёт').fill('7700');
    await add.getByLabel('Вид').selectOption('electricity');
    await add.getByLabel('Тарифов').selectOption('2');
    await add.getByLabel('Заводской номер').fill('Э-77');
    await add.getByLabel('Поверка до').fill('2032-06-30');
    expect(await checkScreen(page, 'housing-building-add')).toEqual([]);
    await add.getByRole('button', { name: 'Добавить квартиру' }).click();
    await add.getByText('Квартира 77 добавлена.').waitFor();
    await apt('77').getByText('подъезд 2 · этаж 5 · л/с 7700').waitFor();
    const [created] = await t.db.execute(sql`
      select a.entrance, a.floor, a.account_number as account, m.kind, m.tariffs, m.serial_number as serial, m.verification_due::text as due
      from apartments a join meters m on m.apartment_id = a.id where a.building_id = ${c.building.id} and a.number = '77'`);
    expect(created).toEqual({
      entrance: 2,
      floor: 5,
      account: '7700',
      kind: 'electricity',
      tariffs: 2,
      serial: 'Э-77',
      due: '2032-06-30',
    });
    expect(await t.db.execute(sql`select 1 from meters where serial_number = 'ДУБЛЬ-1'`)).toHaveLength(0);

    // The replacement: a day after the server's today is refused beside the date, then recorded.
    await apt('77').getByRole('button', { name: 'Замена: № Э-77' }).click();
    const replace = page.getByRole('form', { name: 'Замена счётчика № Э-77' });
    await replace.getByLabel('Номер нового счётчика').fill('Э-77Н');
    await replace.getByLabel('Дата замены').fill('2026-10-25');
    await replace.getByLabel('Начальное показание Т1, кВт·ч').fill('0.5');
    await replace.getByLabel('Начальное показание Т2, кВт·ч').fill('0.2');
    await replace.getByRole('button', { name: 'Записать замену' }).click();
    await replace.getByText('не в будущем').waitFor();
    await apt('77').getByText('Ошибка в данных замены.').waitFor();
    expect(await replace.getByLabel('Дата замены').getAttribute('aria-invalid')).toBe('true');
    expect(await checkScreen(page, 'housing-building-replace')).toEqual([]);
    await replace.getByLabel('Дата замены').fill('2026-10-18');
    await replace.getByRole('button', { name: 'Записать замену' }).click();
    await page.getByText('Замена записана: теперь счётчик № Э-77Н.').waitFor();
    await apt('77').getByText('№ Э-77Н').waitFor();
    const [replaced] = await t.db.execute(sql`
      select r.old_serial_number as old, r.new_serial_number as new, r.initial_values::float8[] as v, r.recorded_by::int as by, (r.at at time zone 'Europe/Moscow')::date::text as day,
        m.serial_number as serial
      from meter_replacements r join meters m on m.id = r.meter_id where m.serial_number = 'Э-77Н'`);
    expect(replaced).toEqual({
      old: 'Э-77',
      new: 'Э-77Н',
      v: [0.5, 0.2],
      by: c.users.orgStaff.id,
      day: '2026-10-18',
      serial: 'Э-77Н',
    });

    // A second meter: added, its serial and verification date changed, then retired after confirming.
    await apt('77').getByRole('button', { name: 'Добавить счётчик: Квартира 77' }).click();
    const meterForm = page.getByRole('form', { name: 'Добавить счётчик: Квартира 77' });
    await meterForm.getByLabel('Вид').selectOption('gas');
    await meterForm.getByLabel('Заводской номер').fill('Г-77');
    await meterForm.getByRole('button', { name: 'Добавить счётчик' }).click();
    await page.getByText('Счётчик добавлен.').waitFor();
    await apt('77').getByRole('button', { name: 'Изменить: № Г-77' }).click();
    const editForm = page.getByRole('form', { name: 'Изменить: № Г-77' });
    await editForm.getByLabel('Заводской номер').fill('Г-77-2');
    await editForm.getByLabel('Поверка до').fill('2031-03-01');
    await editForm.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено.').waitFor();
    await apt('77').getByText('Поверка до: 1 мар. 2031 г.').waitFor();
    await apt('77').getByRole('button', { name: 'Снять: № Г-77-2' }).click();
    await page.getByText('Снять счётчик № Г-77-2? Показания по нему больше не будут приниматься.').waitFor();
    const [stillThere] = await t.db.execute(sql`select retired_at from meters where serial_number = 'Г-77-2'`);
    expect(stillThere.retired_at).toBeNull();
    await page.getByRole('button', { name: 'Да, снять' }).click();
    await page.getByText('Счётчик № Г-77-2 снят.').waitFor();
    await apt('77').getByText('снят', { exact: true }).waitFor();
    const [gas] = await t.db.execute(
      sql`select kind, verification_due::text as due, retired_at is not null as retired from meters where serial_number = 'Г-77-2'`,
    );
    expect(gas).toEqual({ kind: 'gas', due: '2031-03-01', retired: true });
    expect(await checkScreen(page, 'housing-building-after')).toEqual([]);

    // A building the company does not manage is not found.
    await page.goto(`${base}/housing/buildings/999999`);
    await page.getByText('Дом не найден или не обслуживается вашей компанией.').waitFor();

    // In English (last: the choice stays with the browser).
    await page.goto(`${base}/housing/buildings`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Buildings, apartments and meters' }).waitFor();
    await page.getByText('Apartments: 2 · meters in service: 2').waitFor();
    await page.getByRole('link', { name: 'Apartments and meters →' }).click();
    await page.getByRole('heading', { name: 'Apartment 77', exact: true }).waitFor();
    await page.getByText('verification overdue').waitFor();
    await page.getByText('Last: 111 m³ for September 2026').waitFor();
    await page.close();
  });

  it('renumbers an apartment with the API’s reasons beside the fields, and removes one only after confirming', async () => {
    const r = readingMakers(t.db);
    await t.db.execute(sql`update buildings set floors = 9 where id = ${c.building.id}`);
    const withReadings = await r.apartment(c.building.id, {
      number: '15',
      meters: [{ kind: 'hot_water', serial: 'ГВ-15' }],
    });
    await r.history(withReadings.meterIds[0], c.users.resident.id, [{ period: '2026-09', values: [40] }]);
    const mistaken = await r.apartment(c.building.id, { number: '16', account: '1600' });
    const pending = await r.link(mistaken.id, c.users.resident.id, 'pending');

    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/housing/buildings/${c.building.id}`);
    // The previous step left the page in English: the buttons are there too, then back to Russian.
    await page.getByRole('button', { name: 'Edit apartment: Apartment 16' }).waitFor();
    await page.getByRole('button', { name: 'Русский' }).click();
    const apt = (n: string) =>
      page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Квартира ${n}`, exact: true }) });

    await apt('16').getByRole('button', { name: 'Изменить квартиру: Квартира 16' }).click();
    const form = page.getByRole('form', { name: 'Квартира 16: изменение' });
    expect(await form.getByLabel('Лицевой счёт').inputValue()).toBe('1600');
    // A number the building has: told beside the number, nothing changed.
    await form.getByLabel('Номер квартиры').fill('42');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByText('такой номер в доме уже есть').waitFor();
    expect(await form.getByLabel('Номер квартиры').getAttribute('aria-invalid')).toBe('true');
    // A floor the building does not have (9 by its passport).
    await form.getByLabel('Номер квартиры').fill('16А');
    await form.getByLabel('Этаж').fill('12');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByText('в доме 9 этаж(а/ей) по паспорту').waitFor();
    expect(await form.getByLabel('Этаж').getAttribute('aria-invalid')).toBe('true');
    expect(await checkScreen(page, 'housing-apartment-edit-errors')).toEqual([]);
    const [untouched] = await t.db.execute(sql`select number, version from apartments where id = ${mistaken.id}`);
    expect(untouched).toEqual({ number: '16', version: 1 });

    await form.getByLabel('Этаж').fill('3');
    await form.getByLabel('Площадь, м²').fill('38.5');
    await form.getByLabel('Лицевой счёт').fill('1699');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Квартира 16А сохранена.').waitFor();
    await apt('16А').getByText('этаж 3 · 38,5 м² · л/с 1699').waitFor();
    const changes = await t.db.execute(
      sql`select field, old_value, new_value from apartment_changes where apartment_id = ${mistaken.id} order by id`,
    );
    expect(changes).toEqual([
      { field: 'number', old_value: '16', new_value: '16А' },
      { field: 'floor', old_value: null, new_value: 3 },
      { field: 'area', old_value: null, new_value: 38.5 },
      { field: 'accountNumber', old_value: '1600', new_value: '1699' },
    ]);

    // Someone else changed it meanwhile: the page says so, reloads, and the next save goes through.
    await t.db.execute(sql`update apartments set version = version + 1 where id = ${mistaken.id}`);
    await apt('16А').getByRole('button', { name: 'Изменить квартиру: Квартира 16А' }).click();
    const again = page.getByRole('form', { name: 'Квартира 16А: изменение' });
    await again.getByLabel('Подъезд').fill('1');
    await again.getByRole('button', { name: 'Сохранить' }).click();
    await again.getByText('Квартиру уже изменили: обновите страницу.', { exact: false }).waitFor();
    await again.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Квартира 16А сохранена.').waitFor();
    await apt('16А').getByText('подъезд 1 · этаж 3').waitFor();

    // An apartment with readings: asked to confirm, then refused with the reason and the advice.
    await apt('15').getByRole('button', { name: 'Удалить квартиру: Квартира 15' }).click();
    await apt('15').getByText('Удалить квартиру 15?', { exact: false }).waitFor();
    await apt('15').getByRole('button', { name: 'Да, удалить' }).click();
    await apt('15').getByRole('alert').getByText('есть показания счётчиков (1)', { exact: false }).waitFor();
    expect(await apt('15').getByRole('alert').textContent()).toContain('Снимите её счётчики');
    const [kept] = await t.db.execute(sql`select deleted_at from apartments where id = ${withReadings.id}`);
    expect(kept.deleted_at).toBeNull();

    // The mistaken one: the confirmation, nothing removed until it is given, then removed.
    await apt('16А').getByRole('button', { name: 'Удалить квартиру: Квартира 16А' }).click();
    const confirm = page.getByRole('group', { name: 'Удалить квартиру: Квартира 16А' });
    await confirm.getByLabel('Причина (жители её увидят)').fill('внесена ошибочно');
    expect(await checkScreen(page, 'housing-apartment-remove')).toEqual([]);
    const [notYet] = await t.db.execute(sql`select deleted_at from apartments where id = ${mistaken.id}`);
    expect(notYet.deleted_at).toBeNull();
    await confirm.getByRole('button', { name: 'Да, удалить' }).click();
    await page.getByText('Квартира 16А удалена. Отклонено заявок жителей: 1.').waitFor();
    await page.getByRole('heading', { name: 'Квартира 16А', exact: true }).waitFor({ state: 'detached' });
    const [link] = await t.db.execute(sql`select status, note from apartment_links where id = ${pending}`);
    expect(link).toEqual({
      status: 'rejected',
      note: 'квартира удалена управляющей компанией / the apartment was removed by the management company: внесена ошибочно',
    });

    // The history: each change with who made it, newest first; removed apartments too.
    const history = page.getByRole('region', { name: 'История изменений квартир' });
    await history.getByRole('button', { name: 'Показать историю' }).click();
    const entries = history.getByRole('listitem');
    await entries.first().getByText('Квартира 16А удалена: внесена ошибочно').waitFor();
    await history.getByText('Квартира 16А: номер «16» → «16А»').waitFor();
    await history.getByText('Квартира 16А: лицевой счёт «1600» → «1699»').waitFor();
    await history.getByText('Квартира 16А: этаж пусто → «3»').waitFor();
    expect(await entries.count()).toBe(6);
    expect(await entries.first().textContent()).toContain(c.mc.nameRu);
    expect(await checkScreen(page, 'housing-apartment-history')).toEqual([]);
    await page.close();
  });
});
