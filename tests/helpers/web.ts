import type { TestApp } from './app.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';

/** A fresh Chromium, signed in as the user (the session cookie the web app would get at sign-in). */
export async function signedInBrowser(
  t: TestApp,
  userId: number,
  opts: { phone?: boolean } = {},
): Promise<TestBrowser> {
  const browser = await launchBrowser(opts);
  const [name, value] = (await t.signIn(userId)).cookie.split('=');
  await browser.context.addCookies([{ name, value, url: t.baseUrl as string }]);
  return browser;
}
