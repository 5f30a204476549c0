import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

// Debian's Chromium (apt-get install -y chromium): playwright cannot download browsers here.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A fresh profile's settings: Russian, Moscow time, a phone's width (390×844).
const CONTEXT_OPTIONS: BrowserContextOptions = {
  locale: 'ru-RU',
  timezoneId: 'Europe/Moscow',
  viewport: { width: 390, height: 844 },
};
const PHONE_OPTIONS: BrowserContextOptions = { deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export type TestBrowser = {
  context: BrowserContext;
  /** Uncaught errors of any page in the context: a test that passes should leave this empty. */
  pageErrors: Error[];
  close: () => Promise<void>;
};

/**
 * A fresh profile (no cookies, no cache, no storage), Russian locale and Moscow time, 390×844; `phone`
 * adds a phone's emulation (touch, mobile viewport, 2× pixels). A context of the worker's one Chromium:
 * launching a browser for each person cost 2 s or more of CPU each, a context a fraction of that.
 */
export async function launchBrowser(opts: { phone?: boolean } = {}): Promise<TestBrowser> {
  const browser = await sharedChromium();
  const context = await browser.newContext({ ...CONTEXT_OPTIONS, ...(opts.phone ? PHONE_OPTIONS : {}) });
  openContexts.add(context);
  context.on('close', () => openContexts.delete(context));
  return { ...watchContext(context), close: () => context.close() };
}

const openContexts = new Set<BrowserContext>();

/**
 * Close the contexts a test file left open (tests/setup/file.ts, after each file): its pages would
 * otherwise keep running, polling a server that is gone, in the Chromium the next file uses.
 */
export async function closeOpenContexts(): Promise<void> {
  await Promise.all([...openContexts].map((context) => context.close()));
}

/**
 * Many people at once: each `person()` is a fresh context (no cookies, no cache) set up as
 * launchBrowser's; `close` closes the contexts it made (the worker's Chromium stays for the next file).
 */
export async function launchChromium(): Promise<{
  person: (opts?: { phone?: boolean }) => Promise<TestBrowser>;
  close: () => Promise<void>;
}> {
  const made: TestBrowser[] = [];
  return {
    person: async (opts = {}) => {
      const person = await launchBrowser(opts);
      made.push(person);
      return person;
    },
    close: async () => {
      await Promise.all(made.map((person) => person.close()));
    },
  };
}

// One Chromium per test worker, launched when a test first asks for a browser; playwright ends it
// when the worker's process exits. A crashed one is launched again.
let chromiumOfWorker: Promise<Browser> | null = null;

function sharedChromium(): Promise<Browser> {
  if (!chromiumOfWorker) {
    const launched = chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
    chromiumOfWorker = launched;
    launched.then(
      (browser) =>
        browser.on('disconnected', () => {
          if (chromiumOfWorker === launched) chromiumOfWorker = null;
        }),
      () => {
        if (chromiumOfWorker === launched) chromiumOfWorker = null;
      },
    );
  }
  return chromiumOfWorker;
}

function chromiumPath(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with apt-get update && apt-get install -y chromium`);
  }
  return CHROMIUM;
}

/** Record the context's uncaught errors and make each of its page loads wait for hydration. */
function watchContext(context: BrowserContext): Omit<TestBrowser, 'close'> {
  const pageErrors: Error[] = [];
  context.on('weberror', (webError) => pageErrors.push(webError.error()));
  // Every page load of the app waits for it to hydrate, so no test types into a page that is not
  // listening yet (a flake under load: a choice made before hydration is lost).
  for (const page of context.pages()) waitForHydrationOnLoad(page);
  context.on('page', waitForHydrationOnLoad);
  return { context, pageErrors };
}

/**
 * Wait until the app has hydrated (the layout marks <html data-hydrated>): before it, a server-rendered
 * control takes a choice that the page's state then never sees.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

function waitForHydrationOnLoad(page: Page): void {
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    if (response?.headers()['content-type']?.startsWith('text/html') && options?.waitUntil !== 'commit')
      await hydrated(page);
    return response;
  };
}
