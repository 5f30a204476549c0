import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import WebSocket from 'ws';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { createSession } from '../../db/queries/sessions.ts';
import * as s from '../../db/schema/index.ts';
import { localDate } from '../../dispatch/eservices.ts';
import { startBoss } from '../../jobs/boss.ts';
import { appointmentMakers } from '../helpers/appointments-make.ts';
import { makers } from '../helpers/make.ts';
import { benchDatabase } from './lib/cluster.ts';
import { latencyStats } from './lib/stats.ts';
import type { Figure } from './run.ts';

const allDay = [{ start: '00:00', end: '24:00' }];
const WEEK = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
const POINTS = 4;

/**
 * From an operator's call to the hall display: the real app on a port, an office with 4 windows and a
 * few hundred waiting tickets; an operator at each window in turn calls the next client over HTTP
 * (POST /api/service-points/{id}/call-next) while a display follows hall:{officeId} over a websocket.
 * Latency = the display's receipt of the call − the moment the request was sent. Baseline, same run
 * and database: plain SQL, an UPDATE of the ticket and a NOTIFY in one transaction on one connection,
 * the LISTEN on another; latency = notification − send.
 */
export async function hallFigures(opts: { quick: boolean }): Promise<Figure[]> {
  const calls = opts.quick ? 120 : 400;
  const log = (line: string) => console.log(`  [queue-hall ${new Date().toISOString().slice(11, 23)}] ${line}`);
  const bd = await benchDatabase('queue_hall');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-hall-'));
  try {
    const make = makers(bd.db);
    const city = await make.municipality({ code: 'HALL' });
    const org = await make.organisation(city.id);
    const q = appointmentMakers(bd.db);
    const office = await q.office(city.id, org.id, { week: WEEK });
    const service = await q.service(city.id, { letter: 'А' });
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: bd.url, PORT: '0', WRITE_RATE_LIMITS: 'off' });
    const boss = await startBoss(bd.url, { supervise: false, schedule: false, max: 4 });
    const app = await buildApp({ config, db: bd.db, boss });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const operators: { pointId: number; cookie: string; csrf: string }[] = [];
    for (let i = 0; i < POINTS; i++) {
      const staff = await make.user(city.id, { role: 'org_staff', organisationId: org.id, login: `op-${i}` });
      const point = await q.point(office.id, [{ serviceId: service.id, slotMinutes: 15 }], {
        label: `окно ${i + 1}`,
        operators: [staff.id],
      });
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      await createSession(bd.db, {
        tokenHash: app.hashSessionToken(token),
        userId: staff.id,
        csrfToken: csrf,
        now: new Date(),
        expiresAt: new Date(Date.now() + 86400e3),
      });
      operators.push({ pointId: point.id, cookie: `${app.sessionCookieName}=${token}`, csrf });
    }
    const day = localDate(new Date(), 'Europe/Moscow');
    await bd.db.execute(sql`
      insert into hall_tickets (office_id, day, letter, seq, number, service_id, kind, due_at, arrived_at)
      select ${office.id}, ${day}, 'А', g, 'А-' || lpad(g::text, 3, '0'), ${service.id}, 'walk_in', now(), now()
      from generate_series(1, ${calls + 10}) g`);
    log(`office ${office.id}: ${POINTS} windows, ${calls + 10} tickets waiting`);

    const app_ = await measureCalls(base, office.id, operators, calls, async (ticketId) => {
      // The client leaves the window (no event: not measured, and nothing else reaches the display).
      await bd.db.update(s.hallTickets).set({ status: 'done' }).where(eq(s.hallTickets.id, ticketId));
    });
    log(`app: ${app_.length} calls, p50 ${latencyStats(app_).p50} ms, p99 ${latencyStats(app_).p99} ms`);
    await app.close();
    await boss.stop({ graceful: false, close: true });

    const plain = await measurePlainSql(bd.url, office.id, calls);
    log(
      `plain SQL: ${plain.length} notifications, p50 ${latencyStats(plain).p50} ms, p99 ${latencyStats(plain).p99} ms`,
    );
    const a = latencyStats(app_);
    const b = latencyStats(plain);
    const ratio = (x: number, y: number) => Math.round((x / Math.max(y, 0.01)) * 100) / 100;
    return [
      {
        label: 'operator’s call → hall display, p50',
        value: a.p50,
        unit: 'ms',
        baseline: b.p50,
        baselineLabel: 'UPDATE + NOTIFY → LISTEN, plain SQL',
        ratio: ratio(a.p50, b.p50),
      },
      {
        label: 'operator’s call → hall display, p99',
        value: a.p99,
        unit: 'ms',
        baseline: b.p99,
        baselineLabel: 'UPDATE + NOTIFY → LISTEN, plain SQL',
        ratio: ratio(a.p99, b.p99),
        target: 'p99 ≤ 300 ms',
      },
      { label: 'calls measured', value: a.count, unit: 'calls' },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}

/** Each call in turn from the next window; the display's receipt of it, in ms after the request was sent. */
async function measureCalls(
  base: string,
  officeId: number,
  operators: { pointId: number; cookie: string; csrf: string }[],
  calls: number,
  leave: (ticketId: number) => Promise<void>,
): Promise<number[]> {
  const display = new WebSocket(`${base.replace(/^http/, 'ws')}/api/live`);
  const arrivals = new Map<number, number>();
  const waiters = new Map<number, (at: number) => void>();
  display.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { type: string; event?: { step: string }; ticket?: { id: number } };
    if (m.type !== 'event' || m.event?.step !== 'call' || !m.ticket) return;
    const at = performance.now();
    arrivals.set(m.ticket.id, at);
    waiters.get(m.ticket.id)?.(at);
  });
  await new Promise((resolve) => display.once('open', resolve));
  const subscribed = new Promise((resolve) =>
    display.on('message', (d) => d.toString().includes('"subscribed"') && resolve(null)),
  );
  display.send(JSON.stringify({ type: 'subscribe', topic: `hall:${officeId}` }));
  await subscribed;
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const op = operators[i % operators.length];
    const sent = performance.now();
    const res = await fetch(`${base}/api/service-points/${op.pointId}/call-next`, {
      method: 'POST',
      headers: { cookie: op.cookie, 'x-csrf-token': op.csrf },
    });
    const body = (await res.json()) as { ticket: { id: number } | null };
    if (res.status !== 200 || !body.ticket) throw new Error(`call ${i}: ${res.status} ${JSON.stringify(body)}`);
    const id = body.ticket.id;
    const at =
      arrivals.get(id) ??
      (await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`call ${i}: the display got nothing in 5 s`)), 5000);
        waiters.set(id, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      }));
    samples.push(at - sent);
    await leave(id);
  }
  display.close();
  return samples;
}

/** The same number of UPDATE + NOTIFY transactions on one connection, received by LISTEN on another. */
async function measurePlainSql(url: string, officeId: number, rounds: number): Promise<number[]> {
  const listener = postgres(url, { max: 1, onnotice: () => {} });
  const writer = postgres(url, { max: 1, onnotice: () => {} });
  const waiters = new Map<string, (at: number) => void>();
  await listener.listen('bench_hall', (payload) => waiters.get(payload)?.(performance.now()));
  const [{ id }] = await writer<{ id: string }[]>`select id from hall_tickets where office_id = ${officeId} limit 1`;
  const samples: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const key = String(i);
      const got = new Promise<number>((resolve) => waiters.set(key, resolve));
      const sent = performance.now();
      await writer.begin(async (tx) => {
        await tx`update hall_tickets set calls = calls + 1, called_at = now() where id = ${id}`;
        await tx`select pg_notify('bench_hall', ${key})`;
      });
      samples.push((await got) - sent);
    }
  } finally {
    await listener.end({ timeout: 2 });
    await writer.end({ timeout: 2 });
  }
  return samples;
}
