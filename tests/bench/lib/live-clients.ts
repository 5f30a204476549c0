/**
 * Websocket clients for bench -- live, in their own process (so they do not share the server's
 * event loop): each connects with its session cookie, subscribes to its topics, and notes when each
 * `accepted` event and each raw baseline frame arrives. Commands over IPC:
 * - start (the job): connect everyone, answer `ready` with how many connected and subscribed;
 * - report { t0: [appealId, ms][] }: latencies (arrival − t0 of the change) and deliveries per appeal.
 */
import WebSocket from 'ws';
import { latencyStats } from './stats.ts';

type ClientSpec = { url: string; cookie?: string; topics: string[] };
type Job = { clients: ClientSpec[]; connectConcurrency: number };

/** Per server URL: arrival times of each appeal's `accepted` event. */
const arrivals = new Map<string, Map<number, number[]>>();
const raw: number[] = [];
const sockets: WebSocket[] = [];
let closedEarly = 0;
let errors = 0;

const now = () => performance.timeOrigin + performance.now();

function open(spec: ClientSpec): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${spec.url.replace(/^http/, 'ws')}/api/live`, {
      headers: spec.cookie ? { cookie: spec.cookie } : {},
      perMessageDeflate: false,
    });
    let pending = spec.topics.length;
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      resolve(ok);
    };
    ws.on('open', () => {
      for (const topic of spec.topics) ws.send(JSON.stringify({ type: 'subscribe', topic }));
      if (pending === 0) finish(true);
    });
    ws.on('message', (data) => {
      const text = data.toString();
      // Cheap checks first: thousands of messages a second arrive here.
      if (text.startsWith('{"type":"raw"')) {
        raw.push(now() - (JSON.parse(text) as { t: number }).t);
        return;
      }
      const m = JSON.parse(text) as { type: string; appeal?: { id: number }; event?: { type: string } };
      if (m.type === 'event' && m.event?.type === 'accepted' && m.appeal) {
        const byAppeal = arrivals.get(spec.url) ?? new Map<number, number[]>();
        arrivals.set(spec.url, byAppeal);
        const list = byAppeal.get(m.appeal.id) ?? [];
        byAppeal.set(m.appeal.id, list);
        list.push(now());
      } else if (m.type === 'subscribed') {
        if (--pending === 0) finish(true);
      } else if (m.type === 'error') {
        errors++;
        finish(false);
      }
    });
    ws.on('close', () => {
      if (done) closedEarly++;
      finish(false);
    });
    ws.on('error', () => finish(false));
    sockets.push(ws);
  });
}

process.on('message', async (msg: { cmd: string; job?: Job; t0?: [number, number][] }) => {
  if (msg.cmd === 'start' && msg.job) {
    const specs = msg.job.clients;
    let next = 0;
    let ok = 0;
    await Promise.all(
      Array.from({ length: msg.job.connectConcurrency }, async () => {
        while (next < specs.length) if (await open(specs[next++])) ok++;
      }),
    );
    process.send?.({ cmd: 'ready', connected: ok, errors });
  } else if (msg.cmd === 'report' && msg.t0) {
    const byServer: Record<string, { latency: ReturnType<typeof latencyStats>; deliveries: Record<number, number> }> =
      {};
    for (const [url, byAppeal] of arrivals) {
      const latencies: number[] = [];
      const deliveries: Record<number, number> = {};
      for (const [appealId, t0] of msg.t0) {
        const list = byAppeal.get(appealId) ?? [];
        deliveries[appealId] = list.length;
        for (const at of list) latencies.push(at - t0);
      }
      byServer[url] = { latency: latencyStats(latencies), deliveries };
    }
    process.send?.({ cmd: 'report', byServer, raw: latencyStats(raw), closedEarly, errors });
  } else if (msg.cmd === 'stop') {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
});
process.send?.({ cmd: 'up' });
