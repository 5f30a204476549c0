import type { TestApp } from './app.ts';
import type { TestBrowser } from './browser.ts';
import { signedInBrowser } from './web.ts';

/** A phone (390×844 touch screen, Russian, Moscow time) signed in as the user. */
export const phoneBrowser = (t: TestApp, userId: number): Promise<TestBrowser> =>
  signedInBrowser(t, userId, { phone: true });
