import { afterAll } from 'vitest';
import { closeOpenContexts } from '../helpers/browser.ts';

// Run before every test file of the integration project. With `isolate: false` a worker's process,
// and its Chromium (tests/helpers/browser.ts), outlive the file: what the file left open is closed here.
afterAll(closeOpenContexts);
