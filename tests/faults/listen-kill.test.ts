import { afterAll, describe, expect, it } from 'vitest';
import { FULL } from './lib/harness.ts';
import { type Run, runCity } from './lib/load.ts';

const KILLS = Number(process.env.FAULTS_LISTEN_KILLS ?? (FULL ? 20 : 3));

/**
 * The LISTEN connection of every API process is cut with pg_terminate_backend again and again while
 * appeals are filed and routed: the dispatchers' board clients still receive every event of the city,
 * each once (api/live/feed.ts reads back what was committed while it was not listening).
 */
describe('LISTEN connection killed under load', () => {
  let run: Run | null = null;
  afterAll(() => run?.close());

  it(`live clients get every event, once, across ${KILLS} cuts`, async () => {
    run = await runCity({
      apis: 2,
      workers: 1,
      clients: 2,
      loadMs: FULL ? 40_000 : 5_000,
      listenKills: KILLS,
      sla: false,
    });
    expect(run.listenKills).toBeGreaterThanOrEqual(KILLS); // two listeners per cut, unless one was reconnecting
    for (const seen of run.seen) {
      expect([...new Set(seen)].sort((a, b) => a - b)).toEqual(run.written);
      expect(seen.length).toBe(new Set(seen).size);
    }
    console.log(
      `[faults] LISTEN cut: ${run.listenKills} listener connections terminated in ${KILLS} cuts; ${run.acked.length} appeals, ${run.written.length} events, each received once by both board clients (settled ${(run.settleMs / 1000).toFixed(1)} s after the load)`,
    );
  });
});
