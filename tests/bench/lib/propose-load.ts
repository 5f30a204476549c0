import { latencyStats } from './stats.ts';

/**
 * Load generator for proposals (issue 17), run as a separate process (so it does not share the
 * server's event loop): `count` proposals started on a fixed schedule over `seconds` (an open loop:
 * one every seconds/count, whatever the answers take), each by the next of the eligible residents'
 * sessions, as a multipart form with its text and a point, with an Idempotency-Key. Prints the
 * statuses, the latencies of the 201s and the errors as JSON.
 */
type Job = {
  url: string;
  discussionId: number;
  count: number;
  seconds: number;
  sessions: { cookie: string; csrf: string }[];
};

const job = JSON.parse(process.argv[2]) as Job;
const latencies: number[] = [];
const statuses: Record<string, number> = {};
const errors: string[] = [];
let inFlight = 0;
let maxInFlight = 0;

async function propose(i: number) {
  const session = job.sessions[i % job.sessions.length];
  const form = new FormData();
  form.set('text', `Предложение ${i + 1}: сохранить сквер, добавить освещение и скамейки у дома.`);
  form.set('lon', String(49.12 + ((i % 7) - 3) * 0.0005));
  form.set('lat', String(55.79 + ((i % 5) - 2) * 0.0005));
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  const t0 = performance.now();
  try {
    const res = await fetch(`${job.url}/api/discussions/${job.discussionId}/proposals`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': `bench-${i}` },
      body: form,
    });
    const text = await res.text();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status === 201) latencies.push(performance.now() - t0);
    else if (errors.length < 10) errors.push(`${res.status} ${text.slice(0, 200)}`);
  } catch (err) {
    statuses.network = (statuses.network ?? 0) + 1;
    if (errors.length < 10) errors.push(String(err));
  } finally {
    inFlight--;
  }
}

const started = performance.now();
const gap = (job.seconds * 1000) / job.count;
const all: Promise<void>[] = [];
for (let i = 0; i < job.count; i++) {
  const due = started + i * gap;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  all.push(propose(i));
}
await Promise.all(all);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({
    statuses,
    errors,
    seconds,
    maxInFlight,
    created: latencies.length,
    request: latencyStats(latencies),
  }),
);
