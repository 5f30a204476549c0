import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

/** Read an answer's body chunk by chunk, keeping nothing: its bytes, features and when the first feature came. */
async function drain(res: Response, started: number) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const marker = '"type":"Feature"';
  let carry = '';
  let bytes = 0;
  let features = 0;
  let firstFeatureMs = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    // A marker may straddle two chunks: keep the tail.
    const text = carry + decoder.decode(value, { stream: true });
    features += text.split(marker).length - 1;
    if (features > 0 && firstFeatureMs === 0) firstFeatureMs = performance.now() - started;
    carry = text.slice(-(marker.length - 1));
  }
  return { bytes, features, firstFeatureMs, totalMs: performance.now() - started };
}

/**
 * A real city's register: 100,000 buildings streamed over HTTP. The answer (~40 MB of GeoJSON) is
 * written as the cursor reads it, so the first bytes come at once and what stays alive in the heap
 * does not grow by the document's size.
 */
describe('open data at a city’s scale', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    const c = await smallCity(t.db);
    url = `${t.baseUrl}/api/open-data/buildings.geojson?municipality=${c.city.code}`;
    await t.db.execute(sql`
      insert into buildings (municipality_id, district_id, street, house, address, search_text, location, floors, year_built, management_company_id)
      select ${c.city.id}, ${c.district.id}, 'ул. Тестовая', g::text, 'ул. Тестовая, д. ' || g, 'тестовая ' || g,
             point(49.0 + (g % 300) * 0.001, 55.7 + (g / 300) * 0.001), 5 + g % 12, 1950 + g % 70, ${c.mc.id}
      from generate_series(1, 99999) g`);
  }, 120_000);
  afterAll(() => t?.close());

  it('streams 100,000 buildings as GeoJSON: the first buildings at once, the heap not holding them', async () => {
    const timed = await drain(await fetch(url), performance.now());
    expect(timed.features).toBe(100_000);
    // Then again, with what stays alive sampled (a full collection before each sample, so garbage is not counted).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const heapBefore = live();
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, live());
    }, 250);
    const sampled = await drain(await fetch(url), performance.now());
    clearInterval(sampler);
    const growthMb = (heapPeak - heapBefore) / 1024 / 1024;
    const documentMb = sampled.bytes / 1024 / 1024;
    console.log(
      `open data: 100,000 buildings, ${documentMb.toFixed(1)} MB of GeoJSON in ${(timed.totalMs / 1000).toFixed(2)} s, ` +
        `the first building after ${timed.firstFeatureMs.toFixed(0)} ms; live heap peak +${growthMb.toFixed(1)} MB while streaming`,
    );
    expect(sampled.features).toBe(100_000);
    expect(documentMb).toBeGreaterThan(25);
    // Held whole, the rows and the text would keep more than the document's size alive; streamed, a few batches.
    expect(growthMb).toBeLessThan(documentMb / 4);
    // The first batch is sent before the last is read: a fraction of the whole.
    expect(timed.firstFeatureMs).toBeLessThan(timed.totalMs / 4);
  }, 180_000);
});
