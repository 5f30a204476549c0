import http from 'node:http';
import { latencyStats } from './stats.ts';

/**
 * Load generator for booking (issue 16), run as a separate process (so it does not share the server's
 * event loop): every user at once asks for a time of the popular day; a 409's alternatives on that day
 * are tried next (as a person taps the first one offered), until booked, none is left that day, or
 * `tries` are spent. Prints the statuses, the request latencies and the time taken as JSON.
 */
type Job = {
  url: string;
  officeId: number;
  serviceId: number;
  day: string;
  starts: string[];
  tries: number;
  sessions: { cookie: string; csrf: string }[];
};

const job = JSON.parse(process.argv[2]) as Job;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const target = new URL(job.url);

function post(session: Job['sessions'][number], body: string, key: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: '/api/appointments',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          cookie: session.cookie,
          'x-csrf-token': session.csrf,
          'idempotency-key': key,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latencies: number[] = [];
const statuses: Record<string, number> = {};
const errors: string[] = [];
let booked = 0;

async function user(i: number) {
  const session = job.sessions[i];
  let wanted = job.starts[(i * 7919) % job.starts.length];
  for (let attempt = 0; attempt < job.tries; attempt++) {
    const body = JSON.stringify({ officeId: job.officeId, serviceId: job.serviceId, startsAt: wanted });
    const t0 = performance.now();
    const res = await post(session, body, `bench-${i}-${attempt}`);
    latencies.push(performance.now() - t0);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status === 201) {
      booked++;
      return;
    }
    if (res.status !== 409) {
      if (errors.length < 5) errors.push(`${res.status} ${res.body.slice(0, 300)}`);
      return;
    }
    const alternatives = (JSON.parse(res.body).alternatives ?? []) as { startsAt: string; date: string }[];
    const next = alternatives.find((a) => a.date === job.day);
    if (!next) return;
    wanted = next.startsAt;
  }
}

const started = performance.now();
await Promise.all(job.sessions.map((_, i) => user(i)));
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({
    booked,
    requests: latencies.length,
    statuses,
    errors,
    seconds,
    request: latencyStats(latencies),
  }),
);
agent.destroy();
