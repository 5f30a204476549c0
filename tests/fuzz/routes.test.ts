import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRoutes, requestsSent, startWorld, type World } from './harness.ts';

// CI: ~4,000 requests over every route and role. `npm run test:fuzz` sets FUZZ_RUNS (100,000 or more).
const TOTAL = Number(process.env.FUZZ_RUNS ?? 4000);
// A fixed seed in CI (the same requests every run, so the suite cannot flake); a fresh one in full mode.
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.FUZZ_RUNS ? Date.now() % 1_000_000 : 7));

describe('fuzzing every route of the OpenAPI document', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 120_000);
  afterAll(() => world?.t.close());

  it('answers every generated request, valid or hostile, without a 5xx, with a documented status and a body that fits its schema', async () => {
    expect(world.operations.length).toBeGreaterThan(100);
    const started = performance.now();
    const before = requestsSent();
    const failures = await fuzzRoutes(world, {
      perOperation: Math.ceil(TOTAL / world.operations.length),
      rounds: TOTAL >= 50_000 ? 10 : 2,
      seed: SEED,
    });
    const sent = requestsSent() - before;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `route fuzzer: ${sent} requests over ${world.operations.length} operations × 7 roles in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)} req/s), seed ${SEED}`,
    );
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect(failures.map((f) => `${f.key}\n    ${f.request}\n    → ${f.status} ${f.response.slice(0, 300)}`)).toEqual(
      [],
    );
  }, 3_600_000);
});
