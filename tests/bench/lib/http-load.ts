import http from 'node:http';
import { drive } from './stats.ts';

/**
 * Load generator run as a separate process (so it does not share the server's event loop):
 * POSTs JSON to the server from `concurrency` keep-alive connections, prints stats as JSON.
 */
type Job = {
  url: string;
  concurrency: number;
  durationMs: number;
  ratePerSecond?: number;
  sessions: { cookie: string; csrf: string }[];
  body: Record<string, unknown>;
  keyPrefix: string;
};

const job = JSON.parse(process.argv[2]) as Job;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency * 2 });
const target = new URL(job.url);

function post(i: number): Promise<boolean> {
  const s = job.sessions[i % job.sessions.length];
  const payload = JSON.stringify(job.body);
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          'idempotency-key': `${job.keyPrefix}-${i}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 201));
      },
    );
    req.on('error', () => resolve(false));
    req.end(payload);
  });
}

const result = await drive(post, job);
agent.destroy();
process.stdout.write(JSON.stringify(result));
