import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { eserviceCalls, eserviceMakers, tx3 } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';
import { checkScreen } from '../helpers/screens.ts';
import { signedInBrowser } from '../helpers/web.ts';

/** The admin keeps the municipality's e-services in a real browser: texts, term, stages, the form. */
describe('web app: the admin’s catalogue of e-services', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let browser: TestBrowser;
  let base: string;
  let gpzu: { id: number };
  let archive: { id: number };

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await smallCity(t.db);
    const make = eserviceMakers(t.db);
    gpzu = await make.service(c.city.id, c.roads.id, { code: 'GPZU' });
    archive = await make.service(c.city.id, c.roads.id, {
      code: 'ARCHIVE',
      name: tx3('Архивная справка', 'Archive certificate', 'Архив белешмәсе'),
      active: false,
    });
    browser = await signedInBrowser(t, c.users.admin.id);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const serviceRow = async (id: number) => {
    const [row] = await t.db.execute(
      sql`select term_days as "termDays", stages, form_version as "formVersion", version from eservices where id = ${id}`,
    );
    return row as { termDays: number; stages: { code: string; termDays: number; name: { ru: string } }[] } & {
      formVersion: number;
      version: number;
    };
  };

  it('lists the municipality’s services, inactive ones too, and finds one by a word of its name', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin`);
    await page.getByRole('link', { name: 'Муниципальные услуги' }).click();
    await page.waitForURL(`${base}/admin/eservices`);
    const card = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('link', { name }) });
    await card('Градостроительный план земельного участка').getByText('14 рабочих дней').waitFor();
    await card('Градостроительный план земельного участка').getByText('версия 1').waitFor();
    await card('Архивная справка').getByText('не предоставляется').waitFor();
    expect(await checkScreen(page, 'eservices-admin-list')).toEqual([]);
    const names = () => page.getByRole('main').getByRole('listitem').getByRole('link').allTextContents();

    await page.getByLabel('Статус').selectOption({ label: 'не предоставляется' });
    await page.getByText('1 услуга').waitFor();
    expect(await names()).toEqual(['Архивная справка']);
    await page.getByLabel('Статус').selectOption({ label: 'Все' });
    await page.getByLabel('Ведомство').selectOption({ label: 'Дороги' });
    await page.getByText('2 услуги').waitFor();

    await page.getByLabel('Название или код').fill('белешмә');
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.getByText('1 услуга').waitFor();
    expect(await names()).toEqual(['Архивная справка']);
    await page.getByRole('link', { name: 'Архивная справка' }).click();
    await page.waitForURL(`${base}/admin/eservices/${archive.id}`);
    await page.getByRole('heading', { level: 1, name: 'Архивная справка' }).waitFor();
    await page.close();
  });

  it('changes the term and a stage, warning while the stages take longer than the term', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/eservices/${gpzu.id}`);
    await page.getByRole('heading', { level: 1, name: 'Градостроительный план земельного участка' }).waitFor();
    await page.getByText('Сумма сроков этапов: 14 из 14.').waitFor();
    expect(await checkScreen(page, 'eservices-admin-service')).toEqual([]);

    await page.getByLabel('Срок, дней').fill('12');
    await page.getByText('Сумма сроков этапов (14) больше срока услуги (12)').waitFor();
    await page.getByLabel('Этап 2: Срок, раб. дней').fill('6');
    await page.getByText('Сумма сроков этапов: 12 из 12.').waitFor();
    await page.getByLabel('Этап 2: Название по-русски').fill('Подготовка проекта ГПЗУ');
    // The last stage goes first.
    await page.getByRole('button', { name: 'Выше: Этап 3' }).click();
    await page.getByRole('button', { name: 'Выше: Этап 2' }).click();
    expect(await page.getByLabel('Этап 1: Код').inputValue()).toBe('sign');
    await page.getByRole('button', { name: 'Сохранить услугу' }).click();
    await page.getByText('Услуга сохранена.').waitFor();

    const row = await serviceRow(gpzu.id);
    expect(row.termDays).toBe(12);
    expect(row.stages.map((s) => [s.code, s.termDays])).toEqual([
      ['sign', 4],
      ['check', 2],
      ['prepare', 6],
    ]);
    expect(row.stages[2].name.ru).toBe('Подготовка проекта ГПЗУ');
    await page.close();
  });

  it('puts the API’s reasons beside the fields it refused, and saves nothing', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/eservices/${gpzu.id}`);
    const before = await serviceRow(gpzu.id);
    await page.getByLabel('Этап 1: Название по-татарски').fill('');
    await page.getByRole('button', { name: 'Сохранить услугу' }).click();
    await page.getByText('Не сохранено: проверьте отмеченные поля.').waitFor();
    expect(await page.getByLabel('Этап 1: Название по-татарски').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('обязательно', { exact: true }).first().waitFor();
    expect((await serviceRow(gpzu.id)).version).toBe(before.version);
    await page.close();
  });

  it('says clearly when someone else changed the service meanwhile, and reloads it', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/eservices/${gpzu.id}`);
    await page.getByLabel('Срок, дней').waitFor();
    // Another admin saves first.
    const { version } = await serviceRow(gpzu.id);
    const other = await eserviceCalls(t).call(c.users.admin.id, 'PATCH', `/api/eservices/${gpzu.id}`, {
      version,
      termDays: 20,
    });
    expect(other.statusCode).toBe(200);

    await page.getByLabel('Срок, дней').fill('10');
    await page.getByRole('button', { name: 'Сохранить услугу' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'изменил кто-то другой' });
    await alert.waitFor();
    expect(await checkScreen(page, 'eservices-admin-stale')).toEqual([]);
    expect((await serviceRow(gpzu.id)).termDays).toBe(20);
    await alert.getByRole('button', { name: 'Перезагрузить' }).click();
    await page.getByText('Сумма сроков этапов: 12 из 20.').waitFor();
    expect(await page.getByLabel('Срок, дней').inputValue()).toBe('20');
    await page.close();
  });

  it('publishes a new form version with a new required field; an application begun before keeps its version', async () => {
    const begun = await eserviceCalls(t).call(c.users.resident.id, 'POST', '/api/applications', {
      serviceId: gpzu.id,
      applicantKind: 'person',
      values: { cadastral: '16:50:011105:12' },
    });
    expect(begun.statusCode).toBe(201);

    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/admin/eservices/${gpzu.id}`);
    await page.getByText('Сейчас действует версия 1.').waitFor();
    const preview = page.getByRole('form', { name: 'Как увидит заявитель' });
    await preview.getByLabel('Площадь, м²').waitFor();

    await page.getByRole('button', { name: 'Добавить поле' }).click();
    await page.getByLabel('Поле 5: Ключ').fill('phone');
    await page.getByLabel('Поле 5: Подпись по-русски').fill('Телефон для связи');
    await page.getByLabel('Поле 5: Подпись по-английски').fill('Contact phone');
    await page.getByLabel('Поле 5: Подпись по-татарски').fill('Элемтә өчен телефон');
    await page.getByRole('checkbox', { name: 'Поле 5: обязательное' }).check();
    await page.getByLabel('Поле 5: Шаблон (регулярное выражение)').fill('\\+7\\d{10}');
    // The preview shows it at once, in the language chosen for it.
    await preview.getByLabel('Телефон для связи').waitFor();
    await page.getByLabel('Язык предпросмотра').selectOption('tt');
    await preview.getByLabel('Элемтә өчен телефон').waitFor();
    // The comment goes up, above the purpose.
    await page.getByRole('button', { name: 'Выше: Поле 4' }).click();
    await page.getByText('Есть неопубликованные изменения формы.').waitFor();
    expect(await checkScreen(page, 'eservices-admin-form')).toEqual([]);

    await page.getByRole('button', { name: 'Опубликовать как версию 2' }).click();
    await page.getByText('Опубликована версия 2 формы.').waitFor();
    await page.getByText('Сейчас действует версия 2.').waitFor();

    const row = await serviceRow(gpzu.id);
    expect(row.formVersion).toBe(2);
    const [form] = await t.db.execute(
      sql`select fields from eservice_forms where service_id = ${gpzu.id} and version = 2`,
    );
    const fields = (form as { fields: { key: string; required: boolean; pattern?: string }[] }).fields;
    expect(fields.map((f) => f.key)).toEqual(['cadastral', 'area', 'comment', 'purpose', 'phone']);
    expect(fields[4]).toMatchObject({ key: 'phone', required: true, pattern: '\\+7\\d{10}' });
    const [kept] = await t.db.execute(sql`select form_version from applications where id = ${begun.json().id}`);
    expect(kept).toEqual({ form_version: 1 });

    // A choice without choices is refused beside the field; nothing is published.
    await page.getByRole('button', { name: 'Добавить поле' }).click();
    await page.getByLabel('Поле 6: Подпись по-русски').fill('Вид');
    await page.getByLabel('Поле 6: Подпись по-английски').fill('Kind');
    await page.getByLabel('Поле 6: Подпись по-татарски').fill('Төр');
    await page.getByLabel('Поле 6: Тип').selectOption('choice');
    await page.getByRole('button', { name: 'Опубликовать как версию 3' }).click();
    await page.getByText('нужны варианты', { exact: false }).waitFor();
    expect((await serviceRow(gpzu.id)).formVersion).toBe(2);
    await page.close();
  });
});
