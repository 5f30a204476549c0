import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
 * Chromium with a fresh profile (no cookies, no cache), Russian locale and Moscow time, 390×844;
 * `phone` adds a phone's emulation (touch, mobile viewport, 2× pixels).
 */
export async function launchBrowser(opts: { phone?: boolean } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'otklik-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    ...CONTEXT_OPTIONS,
    ...(opts.phone ? PHONE_OPTIONS : {}),
  });
  return {
    ...watchContext(context),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium for many people at once: each `person()` is a fresh context (no cookies, no cache)
 * set up as launchBrowser's profile is, at a fraction of a browser process each.
 */
export async function launchChromium(): Promise<{
  person: (opts?: { phone?: boolean }) => Promise<TestBrowser>;
  close: () => Promise<void>;
}> {
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
  });
  return {
    person: async (opts = {}) => {
      const context = await browser.newContext({ ...CONTEXT_OPTIONS, ...(opts.phone ? PHONE_OPTIONS : {}) });
      return { ...watchContext(context), close: () => context.close() };
    },
    close: () => browser.close(),
  };
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
