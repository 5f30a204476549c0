/**
 * One API instance for bench -- live, in its own process: the real app (buildApp, the live hub and
 * feed) on a port, instrumented to time its send loop. Commands over IPC:
 * - stats: RSS, clients, messages sent, time spent in the hub's fan-out;
 * - raw: the baseline: write one pre-framed websocket text message straight to every client's TCP
 *   socket in a plain loop, `rounds` times, and time it.
 * Env: BENCH_LIVE = JSON { url, dataDir, secret, announce: 'after_commit' | 'off' }.
 */
import { buildApp } from '../../../api/app.ts';
import { loadConfig } from '../../../api/config.ts';
import { connect } from '../../../db/client.ts';
import { startBoss } from '../../../jobs/boss.ts';

type Options = { url: string; dataDir: string; secret: string; announce: 'after_commit' | 'off' };
const opts = JSON.parse(process.env.BENCH_LIVE as string) as Options;

const config = loadConfig({
  DATA_DIR: opts.dataDir,
  DATABASE_URL: opts.url,
  PORT: '0',
  SESSION_SECRET: opts.secret,
  WRITE_RATE_LIMITS: 'off',
});
const db = connect(opts.url, { max: 20 });
if (opts.announce === 'off') db.$announcer.announce = () => {};
const boss = await startBoss(opts.url, { supervise: false, schedule: false, max: 4 });
const app = await buildApp({ config, db, boss });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

// The hub's fan-out, timed: how long publishing took and how many socket writes it made.
const hub = app.live.hub;
const publish = hub.publish.bind(hub);
let publishMs = 0;
let publishCalls = 0;
hub.publish = (events) => {
  const t0 = performance.now();
  const before = hub.sent;
  publish(events);
  publishMs += performance.now() - t0;
  publishCalls += hub.sent - before > 0 ? 1 : 0;
};

/** A server-to-client websocket text frame (unmasked) around `text`. */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x81, n]) : Buffer.from([0x81, 126, n >> 8, n & 0xff]);
  return Buffer.concat([head, payload]);
}

process.on('message', async (msg: { cmd: string; rounds?: number }) => {
  if (msg.cmd === 'stats') {
    process.send?.({ cmd: 'stats', rssBytes: process.memoryUsage.rss(), ...hub.stats(), publishMs, publishCalls });
  } else if (msg.cmd === 'raw') {
    const sockets = [...hub.clients].map(
      (c) => (c.socket as unknown as { _socket: { write: (b: Buffer) => boolean } })._socket,
    );
    let ms = 0;
    let writes = 0;
    for (let r = 0; r < (msg.rounds ?? 20); r++) {
      const t0 = performance.now();
      const data = frame(JSON.stringify({ type: 'raw', round: r, t: performance.timeOrigin + t0 }));
      for (const s of sockets) s.write(data);
      ms += performance.now() - t0;
      writes += sockets.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.send?.({ cmd: 'raw', ms, writes });
  } else if (msg.cmd === 'stop') {
    await app.close();
    await boss.stop({ graceful: false, close: true });
    await db.$client.end({ timeout: 2 });
    process.exit(0);
  }
});
process.send?.({ cmd: 'ready', port });
