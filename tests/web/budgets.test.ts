import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, type TestBrowser } from '../helpers/browser.ts';
import {
  BUDGET_KIOSK_KEY,
  budgetCity,
  type PageWatch,
  serveTiles,
  sidewaysScrollers,
  signInBrowser,
  tabTo,
  waitForSignInLink,
  watchPage,
} from '../helpers/budgets.ts';
import { checkScreen } from '../helpers/screens.ts';

type City = Awaited<ReturnType<typeof budgetCity>>;
type Role =
  | 'visitor'
  | 'resident'
  | 'orgStaff'
  | 'orgSupervisor'
  | 'supplierStaff'
  | 'dispatcher'
  | 'cityHall'
  | 'admin';

/** A main screen: where it is, who uses it, and what it shows once it has loaded its content. */
type Screen = { name: string; role: Role; path: (c: City) => string; shows: (page: Page, c: City) => Locator };

const screens: Screen[] = [
  {
    name: 'home',
    role: 'visitor',
    path: (c) => `/?municipality=${c.city.code}`,
    shows: (page) => page.locator('.leaflet-container'),
  },
  {
    name: 'map',
    role: 'visitor',
    path: (c) => `/map?municipality=${c.city.code}`,
    shows: (page) => page.locator('.leaflet-container'),
  },
  {
    name: 'open-data',
    role: 'visitor',
    path: (c) => `/open-data?municipality=${c.city.code}`,
    shows: (page) => page.getByRole('heading', { name: 'Обращения жителей' }),
  },
  {
    name: 'sign-in',
    role: 'visitor',
    path: (c) => `/signin?municipality=${c.city.code}`,
    shows: (page) => page.getByLabel('Телефон или эл. почта'),
  },
  {
    name: 'building',
    role: 'visitor',
    path: (c) => `/buildings/${c.building.id}`,
    shows: (page, c) => page.getByRole('heading', { level: 1, name: c.building.address }),
  },
  {
    name: 'appeals',
    role: 'resident',
    path: () => '/appeals',
    shows: (page, c) => page.getByRole('link', { name: c.leak.number }),
  },
  {
    name: 'appeal',
    role: 'resident',
    path: (c) => `/appeals/${c.leak.number}`,
    shows: (page) => page.locator('.photos img'),
  },
  {
    name: 'appeal-staff',
    role: 'orgStaff',
    path: (c) => `/appeals/${c.leak.number}`,
    shows: (page) => page.getByRole('button', { name: 'Принять в работу' }),
  },
  {
    name: 'new-appeal',
    role: 'resident',
    path: (c) => `/appeals/new?building=${c.building.id}`,
    // A building in the link: the flow opens at its topic step.
    shows: (page) => page.getByRole('searchbox', { name: 'Найти тему' }),
  },
  {
    name: 'meters',
    role: 'resident',
    path: () => '/meters',
    shows: (page, c) => page.getByRole('heading', { name: `${c.building.address}, квартира 42` }),
  },
  {
    name: 'outages',
    role: 'resident',
    path: () => '/outages',
    shows: (page) => page.getByText('Замена задвижки на вводе в дом').first(),
  },
  {
    name: 'outage',
    role: 'resident',
    path: (c) => `/outages/${c.outageId}`,
    shows: (page) => page.getByRole('heading', { level: 1, name: /Горячая вода/ }),
  },
  {
    name: 'new-outage',
    role: 'supplierStaff',
    path: () => '/outages/new',
    shows: (page) => page.getByTestId('outage-draw-map'),
  },
  {
    name: 'discussions',
    role: 'visitor',
    path: (c) => `/discussions?municipality=${c.city.code}`,
    shows: (page) => page.getByRole('link', { name: /Проект планировки территории в границах/ }),
  },
  {
    name: 'discussion',
    role: 'visitor',
    path: (c) => `/discussions/${c.discussionId}`,
    shows: (page) => page.getByRole('heading', { level: 1, name: /Проект планировки территории в границах/ }),
  },
  {
    name: 'discussions-manage',
    role: 'orgSupervisor',
    path: () => '/discussions/manage',
    shows: (page) => page.getByRole('link', { name: /Проект планировки территории в границах/ }),
  },
  {
    name: 'passport',
    role: 'orgStaff',
    path: (c) => `/buildings/${c.building.id}/passport`,
    shows: (page, c) => page.getByRole('heading', { level: 1, name: c.building.address }),
  },
  {
    name: 'passports-csv',
    role: 'orgSupervisor',
    path: () => '/passports',
    shows: (page) => page.getByRole('heading', { level: 1 }),
  },
  {
    name: 'queue',
    role: 'orgStaff',
    path: () => '/queue',
    shows: (page, c) => page.getByRole('link', { name: c.leak.number }),
  },
  {
    name: 'board',
    role: 'dispatcher',
    path: () => '/board',
    shows: (page, c) => page.getByRole('link', { name: c.bench.number }),
  },
  {
    name: 'dashboard',
    role: 'cityHall',
    path: () => '/dashboard',
    shows: (page) => page.locator('dl.totals div', { hasText: 'Получено' }),
  },
  {
    name: 'admin',
    role: 'admin',
    path: () => '/admin',
    shows: (page) => page.getByRole('heading', { level: 1, name: 'Администрирование' }),
  },
  {
    name: 'admin-directory',
    role: 'admin',
    path: () => '/admin/directory',
    shows: (page) => page.getByRole('heading', { level: 1 }),
  },
  {
    name: 'admin-eservices',
    role: 'admin',
    path: () => '/admin/eservices',
    shows: (page, c) => page.getByRole('link', { name: c.eservice.name.ru }),
  },
  {
    name: 'admin-eservice',
    role: 'admin',
    path: (c) => `/admin/eservices/${c.eservice.id}`,
    shows: (page) => page.getByRole('form', { name: 'Как увидит заявитель' }),
  },
  {
    name: 'admin-imports',
    role: 'admin',
    path: () => '/admin/imports',
    shows: (page) => page.getByRole('heading', { level: 2, name: 'Прошлые импорты' }),
  },
  {
    name: 'admin-api-clients',
    role: 'admin',
    path: () => '/admin/api-clients',
    shows: (page) => page.getByRole('button', { name: 'Создать и выдать ключ' }),
  },
  {
    name: 'admin-offices',
    role: 'orgSupervisor',
    path: () => '/admin/offices',
    shows: (page) => page.getByRole('link', { name: 'Приёмная управляющей компании' }),
  },
  {
    name: 'admin-office',
    role: 'orgSupervisor',
    path: (c) => `/admin/offices/${c.office.id}`,
    shows: (page) => page.getByRole('button', { name: 'Сохранить часы' }),
  },
  {
    name: 'discussion-protocol',
    role: 'orgSupervisor',
    path: (c) => `/discussions/${c.closedDiscussion.id}/protocol`,
    shows: (page) => page.getByRole('heading', { name: 'Предложения в протоколе (2)' }),
  },
  {
    name: 'queue-stats',
    role: 'cityHall',
    path: () => '/offices/stats',
    shows: (page) => page.getByRole('region', { name: 'Нагрузка по часам' }),
  },
  {
    name: 'inspections',
    role: 'orgStaff',
    path: () => '/inspections',
    shows: (page, c) => page.getByRole('link', { name: c.building.address }),
  },
  {
    name: 'housing-buildings',
    role: 'orgStaff',
    path: () => '/housing/buildings',
    shows: (page, c) => page.getByRole('heading', { name: c.building.address }),
  },
  {
    name: 'housing-readings',
    role: 'orgStaff',
    path: () => '/housing/readings',
    shows: (page) => page.getByRole('heading', { level: 1 }),
  },
  {
    name: 'services',
    role: 'visitor',
    path: (c) => `/services?municipality=${c.city.code}`,
    shows: (page) => page.getByRole('link', { name: 'Градостроительный план земельного участка' }),
  },
  {
    name: 'service',
    role: 'visitor',
    path: (c) => `/services/${c.service.id}?municipality=${c.city.code}`,
    shows: (page) => page.getByRole('link', { name: 'Подать заявление' }),
  },
  {
    name: 'apply',
    role: 'resident',
    path: (c) => `/services/${c.service.id}/apply`,
    shows: (page) => page.getByRole('radio', { name: 'Физическое лицо' }),
  },
  {
    name: 'appointments-new',
    role: 'visitor',
    path: (c) => `/appointments/new?municipality=${c.city.code}`,
    shows: (page) => page.getByRole('button', { name: /Консультация/ }),
  },
  {
    name: 'appointments-days',
    role: 'visitor',
    path: (c) => `/appointments/new?municipality=${c.city.code}&service=${c.consultation.id}&office=${c.office.id}`,
    shows: (page) => page.getByRole('heading', { name: /Свободное время ·/ }),
  },
  {
    name: 'appointments',
    role: 'resident',
    path: () => '/appointments',
    shows: (page, c) => page.getByRole('link', { name: new RegExp(c.booked.code) }),
  },
  {
    name: 'appointment',
    role: 'resident',
    path: (c) => `/appointments/${c.booked.id}`,
    shows: (page) => page.getByRole('button', { name: 'Перенести' }),
  },
  {
    name: 'applications',
    role: 'resident',
    path: () => '/applications',
    shows: (page, c) => page.getByRole('link', { name: c.application.number }),
  },
  {
    name: 'application',
    role: 'resident',
    path: (c) => `/applications/${c.application.id}`,
    shows: (page) => page.getByText('Взято в работу'),
  },
  {
    name: 'application-staff',
    role: 'orgStaff',
    path: (c) => `/applications/${c.application.id}`,
    shows: (page) => page.getByRole('button', { name: 'На следующий этап' }),
  },
  {
    name: 'applications-inbox',
    role: 'orgStaff',
    path: () => '/applications/inbox',
    shows: (page, c) => page.getByRole('link', { name: c.application.number }),
  },
  {
    name: 'interagency',
    role: 'supplierStaff',
    path: () => '/interagency',
    shows: (page) => page.getByText('Есть ли на участке сети горячего водоснабжения?'),
  },
  {
    name: 'hall-display',
    role: 'visitor',
    path: (c) => `/offices/${c.hall.office.id}/hall`,
    shows: (page) => page.getByTestId('hall-row').first(),
  },
  {
    name: 'hall-kiosk',
    role: 'visitor',
    path: (c) => `/offices/${c.hall.office.id}/kiosk?key=${BUDGET_KIOSK_KEY}`,
    shows: (page) => page.getByLabel('Код записи'),
  },
  {
    name: 'hall-console',
    role: 'orgStaff',
    path: (c) => `/offices/${c.hall.office.id}/console?point=${c.hall.point.id}`,
    shows: (page) => page.getByTestId('current-number'),
  },
  {
    name: 'discussion-propose',
    role: 'resident',
    path: (c) => `/discussions/${c.discussion.id}/propose`,
    shows: (page) => page.getByLabel('Текст'),
  },
  {
    name: 'discussion-moderation',
    role: 'orgStaff',
    path: (c) => `/discussions/${c.discussion.id}/moderation`,
    shows: (page) => page.getByRole('button', { name: 'Принять в протокол' }),
  },
  {
    name: 'proposals',
    role: 'resident',
    path: () => '/proposals',
    shows: (page) => page.getByText('Прошу сохранить сквер во дворе'),
  },
  {
    name: 'notification-settings',
    role: 'resident',
    path: () => '/settings/notifications',
    shows: (page) => page.getByRole('checkbox', { name: 'Статус моих обращений и тех, за которыми слежу: Эл. почта' }),
  },
];

const IDLE_MS = 10_000;

type Opened = { page: Page; watch: PageWatch; layout: string[] };

/**
 * The budgets of issue 13 on every main screen, each as the person who uses it, over a small city
 * with something on every screen: no sideways scrolling at 390 px and at 1366 px, no serious or
 * critical axe violation, no console error or failed request on load, at most one request in 10 s of
 * idling; and the resident's filing and the staff's queue worked with the keyboard alone.
 */
describe('web app: the budgets of every main screen', () => {
  let t: TestApp;
  let c: City;
  let base: string;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  // One browser context per person, made once even when two screens of theirs open at the same time.
  const people = new Map<Role, Promise<TestBrowser>>();
  const person = (role: Role): Promise<TestBrowser> => {
    const made =
      people.get(role) ??
      (async () => {
        const browser = await chromium.person();
        await serveTiles(browser);
        if (role !== 'visitor') {
          const userId = role === 'supplierStaff' ? c.supplierStaff.id : c.users[role].id;
          await signInBrowser(t, browser, userId);
        }
        return browser;
      })();
    people.set(role, made);
    return made;
  };

  beforeAll(async () => {
    t = await startTestApp({ web: true, listen: true });
    base = t.baseUrl as string;
    c = await budgetCity(t);
    chromium = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
  });

  describe('each main screen, opened as the person who uses it', () => {
    const opened = new Map<string, Opened>();
    const open = async (screen: Screen): Promise<Opened> => {
      const page = await (await person(screen.role)).context.newPage();
      page.setDefaultTimeout(30_000);
      const watch = watchPage(page);
      const layout: string[] = [];
      try {
        await page.goto(`${base}${screen.path(c)}`);
        await screen.shows(page, c).first().waitFor();
        layout.push(...(await checkScreen(page, `budget-${screen.name}-390`)));
        await page.setViewportSize({ width: 1366, height: 900 });
        layout.push(...(await checkScreen(page, `budget-${screen.name}-1366`)));
        layout.push(...(await sidewaysScrollers(page, `${screen.name} at 1366 px`)));
      } catch (error) {
        layout.push(`never showed its content: ${(error as Error).message.split('\n')[0]}`);
      }
      return { page, watch, layout };
    };

    beforeAll(async () => {
      // A few at a time: each waits on the server and the browser in turn, so they overlap well.
      const queue = [...screens];
      const worker = async () => {
        for (let screen = queue.shift(); screen; screen = queue.shift()) opened.set(screen.name, await open(screen));
      };
      await Promise.all([worker(), worker(), worker()]);
    }, 300_000);

    it.each(screens)('$name ($role) fits 390 px and 1366 px with no serious or critical axe violation', (screen) => {
      expect(opened.get(screen.name)?.layout).toEqual([]);
    });

    it.each(screens)('$name ($role) loads with no console error and no failed request', (screen) => {
      expect(opened.get(screen.name)?.watch.problems).toEqual([]);
    });

    describe('left idle, every screen open at once', () => {
      const idle = new Map<string, string[]>();
      beforeAll(async () => {
        const before = new Map([...opened].map(([name, { watch }]) => [name, watch.requests.length]));
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
        for (const [name, { watch }] of opened) idle.set(name, watch.requests.slice(before.get(name)));
      }, IDLE_MS + 10_000);

      it.each(screens)('$name ($role) makes at most one request in 10 s', (screen) => {
        const requests = idle.get(screen.name) ?? [];
        expect(requests.length, requests.slice(0, 5).join('\n')).toBeLessThanOrEqual(1);
      });
    });

    afterAll(async () => {
      for (const { page } of opened.values()) await page.close();
    });
  });

  describe('the page’s icon and who is signed in', () => {
    it('names an SVG icon that loads, so no browser asks for a missing /favicon.ico', async () => {
      const page = await (await person('visitor')).context.newPage();
      await page.goto(`${base}/?municipality=${c.city.code}`);
      const href = await page.locator('head link[rel~="icon"]').getAttribute('href');
      expect(href).toBeTruthy();
      const icon = await page.request.get(new URL(href as string, page.url()).href);
      expect(icon.status()).toBe(200);
      expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
      expect(await icon.text()).toContain('<svg');
      await page.close();
    }, 60_000);

    it('asks a visitor whose session ended once, and then no more', async () => {
      const browser = await chromium.person();
      try {
        const session = await t.signIn(c.users.resident.id);
        const [name, token] = session.cookie.split('=');
        await browser.context.addCookies([{ name, value: token, url: base }]);
        await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: session });
        const page = await browser.context.newPage();
        const asked: number[] = [];
        page.on('response', (r) => {
          if (new URL(r.url()).pathname === '/api/auth/session') asked.push(r.status());
        });
        await page.goto(`${base}/signin?municipality=${c.city.code}`);
        await waitForSignInLink(page);
        expect(asked).toEqual([401]);
        await page.goto(`${base}/outages`);
        await waitForSignInLink(page);
        expect(asked).toEqual([401]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  });

  describe('with the keyboard alone', () => {
    // The resident's filing flow with the keyboard alone, photo included, is walked in filing.test.ts
    // ('can be filed with the keyboard alone'), next to the flow's other tests.
    it('the company’s staff take an appeal from the queue into work and resolve it', async () => {
      const page = await (await person('orgStaff')).context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${base}/queue`);
      await tabTo(page, page.getByRole('link', { name: c.fresh.number }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: c.fresh.number }).waitFor();
      const actions = page.getByRole('region', { name: 'Что можно сделать' });
      await tabTo(page, actions.getByRole('button', { name: 'Принять в работу' }));
      await page.keyboard.press('Enter');
      await tabTo(page, actions.locator('form').getByRole('button', { name: 'Принять в работу' }));
      await page.keyboard.press('Enter');
      await page.locator('.facts').getByText('В работе').waitFor();
      await tabTo(page, actions.getByRole('button', { name: 'Отметить решённым' }), { back: true });
      await page.keyboard.press('Enter');
      await tabTo(page, actions.getByLabel('Текст'));
      await page.keyboard.type('Заделали стык кровли над комнатой');
      await tabTo(page, actions.locator('form').getByRole('button', { name: 'Отметить решённым' }));
      await page.keyboard.press('Enter');
      await page.locator('.facts').getByText('Решено').waitFor();
      await page.close();
    }, 90_000);
  });
});
