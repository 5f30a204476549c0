import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRoutes, type Refusal, requestsSent, startWorld, type World } from './harness.ts';

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

  it('answers every generated request, valid or hostile, without a 5xx, with a documented status and a body that fits its schema, and refuses none that the document allows', async () => {
    expect(world.operations.length).toBeGreaterThan(100);
    const started = performance.now();
    const before = requestsSent();
    const { failures, refusals } = await fuzzRoutes(world, {
      perOperation: Math.ceil(TOTAL / world.operations.length),
      rounds: TOTAL >= 50_000 ? 10 : 2,
      seed: SEED,
    });
    const sent = requestsSent() - before;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `route fuzzer: ${sent} requests over ${world.operations.length} operations × 7 roles in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)} req/s), seed ${SEED}`,
    );
    const show = (r: Refusal) => `${r.count} × ${r.key}\n    ${r.request}\n    → ${r.response.slice(0, 300)}`;
    const of = (kind: Refusal['kind']) => refusals.filter((r) => r.kind === kind);
    const total = (list: Refusal[]) => list.reduce((sum, r) => sum + r.count, 0);
    // The rules not declared yet, by operation and code: a short list that can only shrink.
    const undeclared = new Map<string, number>();
    for (const r of of('undeclared')) {
      for (const code of new Set(r.key.match(/[a-z_]+\.[a-z_.]+(?=[,\]]|$)/g) ?? [])) {
        const key = `${r.operation} ${code}`;
        undeclared.set(key, (undeclared.get(key) ?? 0) + r.count);
      }
    }
    console.log(
      `route fuzzer: ${total(of('document'))} valid requests refused (the document allowed them)${of('document')
        .map((r) => `\n  ${show(r)}`)
        .join('')}\n` +
        `  ${total(of('undeclared'))} refused by rules not declared yet:${[...undeclared]
          .map(([key, count]) => `\n    ${count} × ${key}`)
          .join('')}\n` +
        `  ${total(of('world'))} refused by the records, the clock, the role or a file (not the document's)`,
    );
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect(failures.map((f) => `${f.key}\n    ${f.request}\n    → ${f.status} ${f.response.slice(0, 300)}`)).toEqual(
      [],
    );
    // A request valid by the document (its schemas, its `security`, the cross-field rules it states in words)
    // is never answered 400/422, nor 401 when it carried the session or needed none.
    expect(of('document').map(show)).toEqual([]);
  }, 3_600_000);
});
