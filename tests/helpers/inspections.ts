import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { TestApp } from './app.ts';
import type { TestBrowser } from './browser.ts';

/**
 * A phone: Chromium as a 390×844 touch screen (isMobile, hasTouch), Russian, Moscow time, signed in
 * as the user. Like launchBrowser (tests/helpers/browser.ts), with the phone's emulation on top.
 */
export async function phoneBrowser(t: TestApp, userId: number): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'otklik-phone-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    headless: true,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const pageErrors: Error[] = [];
  context.on('weberror', (webError) => pageErrors.push(webError.error()));
  const [name, value] = (await t.signIn(userId)).cookie.split('=');
  await context.addCookies([{ name, value, url: t.baseUrl as string }]);
  return {
    context,
    pageErrors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
