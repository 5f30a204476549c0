/** Latency statistics in milliseconds. */
export type LatencyStats = {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
};

export function latencyStats(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    count: s.length,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(s.at(-1) ?? Number.NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

/**
 * Run `task` from `concurrency` loops for `durationMs` (closed loop), or start one every 1/rate s
 * (open loop, when `ratePerSecond` is given) and collect latencies of the successful runs.
 */
export async function drive(
  task: (i: number) => Promise<boolean>,
  opts: { concurrency: number; durationMs: number; ratePerSecond?: number },
): Promise<{ ok: number; failed: number; seconds: number; throughput: number; latency: LatencyStats }> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let n = 0;
  const started = performance.now();
  const deadline = started + opts.durationMs;
  const one = async () => {
    const t0 = performance.now();
    const success = await task(n++).catch(() => false);
    if (success) {
      ok++;
      latencies.push(performance.now() - t0);
      if (process.env.BENCH_TRACE && performance.now() - t0 > 50)
        console.error(`slow ${Math.round(t0 - started)} ms: ${Math.round(performance.now() - t0)} ms`);
    } else failed++;
  };
  if (opts.ratePerSecond) {
    const interval = 1000 / opts.ratePerSecond;
    const inflight = new Set<Promise<void>>();
    let next = started;
    while (performance.now() < deadline) {
      const now = performance.now();
      if (now >= next) {
        const p = one().finally(() => inflight.delete(p));
        inflight.add(p);
        next += interval;
      } else await new Promise((r) => setTimeout(r, Math.min(5, next - now)));
    }
    await Promise.all(inflight);
  } else {
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (performance.now() < deadline) await one();
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  return { ok, failed, seconds, throughput: Math.round((ok / seconds) * 10) / 10, latency: latencyStats(latencies) };
}
