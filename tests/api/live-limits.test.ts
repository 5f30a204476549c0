import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { LiveTestClient } from '../helpers/live.ts';
import { smallCity } from '../helpers/make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;

/** A handshake the server refuses: its HTTP status, Retry-After and problem. */
function refusedHandshake(
  baseUrl: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; retryAfter: string | undefined; problem: { code?: string; detail?: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/live`, { headers });
    ws.on('open', () => {
      ws.close();
      reject(new Error('the socket opened'));
    });
    ws.on('error', () => {});
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], problem: JSON.parse(body) }),
      );
    });
  });
}

describe('live stream limits per address and per process', () => {
  let t: TestApp;
  let c: City;
  const open: LiveTestClient[] = [];
  const connect = async (headers: Record<string, string> = {}) => {
    const client = await LiveTestClient.open(t.baseUrl as string, headers);
    open.push(client);
    return client;
  };
  const closeAll = async () => {
    for (const client of open.splice(0)) {
      client.close();
      await client.waitClosed().catch(() => {});
    }
    // The server counts a socket out on its close event.
    await new Promise((r) => setTimeout(r, 100));
  };

  beforeAll(async () => {
    t = await startTestApp({
      listen: true,
      live: {
        feedPollMs: 200,
        limits: { maxSocketsPerAddress: 4, maxAnonymousSockets: 3, replayIdsPerAddressPerMinute: 1000 },
      },
    });
    c = await smallCity(t.db);
  });
  afterAll(async () => {
    await closeAll();
    await t?.close();
  });

  it('refuses an address its fifth socket with 429 and Retry-After, and takes it once one closes', async () => {
    const staff = await t.signIn(c.users.dispatcher.id);
    for (let i = 0; i < 4; i++) await connect(staff);
    const refused = await refusedHandshake(t.baseUrl as string, { ...staff, 'accept-language': 'ru' });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('60');
    expect(refused.problem.code).toBe('live.too_many_sockets');
    expect(refused.problem.detail).toMatch(/Слишком много открытых соединений/);
    const first = open.shift() as LiveTestClient;
    first.close();
    await first.waitClosed();
    await new Promise((r) => setTimeout(r, 100));
    await connect(staff);
    await closeAll();
  });

  it('refuses anonymous sockets beyond the process-wide cap with 503, while signed-in people still connect', async () => {
    for (let i = 0; i < 3; i++) await connect();
    const refused = await refusedHandshake(t.baseUrl as string);
    expect(refused.status).toBe(503);
    expect(refused.problem.code).toBe('live.busy');
    expect(refused.retryAfter).toBe('60');
    const staff = await t.signIn(c.users.dispatcher.id);
    await connect(staff);
    await closeAll();
  });

  it('replays what an address missed until its replay budget is spent, then asks it to resync', async () => {
    const resident = await t.signIn(c.users.resident.id);
    const filed = await fetch(`${t.baseUrl}/api/appeals`, {
      method: 'POST',
      headers: { ...resident, 'content-type': 'application/json' },
      body: JSON.stringify({ categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша в подъезде' }),
    });
    expect(filed.status).toBe(201);
    const appealId = ((await filed.json()) as { id: number }).id;
    await t.db.execute(
      sql`insert into appeal_events (appeal_id, type, payload) select ${appealId}, 'commented', '{}' from generate_series(1, 700)`,
    );
    const [{ last }] = await t.db.execute<{ last: number }>(sql`select max(id)::int as last from appeal_events`);
    while (t.app.live.feed.position < last) await new Promise((r) => setTimeout(r, 50));

    const staff = await t.signIn(c.users.dispatcher.id);
    const client = await connect(staff);
    // The budget refills by the app's clock: held still, so a slow machine cannot refill it between the asks.
    t.setNow(new Date());
    // 300 ids back on one appeal: 300 of the budget's 1,000, replayed.
    const first = await client.subscribe(`appeal:${appealId}`, last - 300);
    expect(first).toMatchObject({ type: 'subscribed', seq: last });
    await client.next((m) => m.type === 'event' && m.topic === `appeal:${appealId}` && m.seq === last);
    // The board: 600 ids back and the 200 of overlap, 800 > the 700 left: not replayed.
    const board = `board:${c.city.id}`;
    await client.subscribe(board, last - 600);
    const resync = await client.next((m) => m.topic === board && m.type === 'resync');
    expect(resync).toMatchObject({ reason: 'replay_limited' });
    expect(client.events(board)).toHaveLength(0);
    // The live stream still flows on the topic whose replay was refused.
    await t.db.execute(
      sql`insert into appeal_events (appeal_id, type, payload) values (${appealId}, 'commented', '{}')`,
    );
    await client.next((m) => m.type === 'event' && m.topic === board && (m.seq ?? 0) > last);
    t.setNow(null);
  });
});
