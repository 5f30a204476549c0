import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../api/app.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { LiveTestClient } from '../helpers/live.ts';

type LogEntry = { level: number; msg: string; code?: string; reason?: string };

/**
 * A client's malformed messages and frames on the live websocket: each is answered (an error
 * message, or the close code that names the fault) and logged as the client's mistake, never as a
 * server error.
 */
describe('the live websocket with a careless or hostile client', () => {
  let t: TestApp;
  let app: App;
  let baseUrl: string;
  const lines: string[] = [];
  const entries = () => lines.map((l) => JSON.parse(l) as LogEntry);

  beforeAll(async () => {
    t = await startTestApp();
    app = await buildApp({
      config: t.config,
      db: t.db,
      boss: t.boss,
      logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } },
    });
    await app.ready();
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('answers bad messages with an error message and keeps the socket open', async () => {
    const client = await LiveTestClient.open(baseUrl);
    const bad = ['{not json', JSON.stringify({ type: 'dance' }), Buffer.from([1, 2, 3])];
    for (const message of bad) {
      const from = client.messages.length;
      client.ws.send(message);
      expect(await client.next((m) => m.type === 'error', 5000, from)).toMatchObject({
        code: 'bad_message',
        status: 400,
      });
    }
    client.send({ type: 'ping' });
    await client.next((m) => m.type === 'pong');
    expect(client.closed).toBeNull();
    client.close();
    const reasons = entries()
      .filter((e) => e.msg === 'live: bad message from the client')
      .map((e) => [e.level, e.reason]);
    expect(reasons).toEqual([
      [30, 'not JSON'],
      [30, 'not a message: type invalid_union'],
      [30, 'a binary message'],
    ]);
  });

  it.each([
    [
      'a frame over the size limit',
      1009,
      'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
      (c: LiveTestClient) => c.ws.send('x'.repeat(5000)),
    ],
    [
      'a text frame of invalid UTF-8',
      1007,
      'WS_ERR_INVALID_UTF8',
      (c: LiveTestClient) => c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }),
    ],
    [
      'an unmasked frame (a protocol error)',
      1002,
      'WS_ERR_EXPECTED_MASK',
      (c: LiveTestClient) => c.ws.send('{"type":"ping"}', { mask: false }),
    ],
  ])('closes the socket on %s with code %i, logged as the client’s mistake', async (_, closeCode, code, send) => {
    const client = await LiveTestClient.open(baseUrl);
    send(client);
    expect((await client.waitClosed()).code).toBe(closeCode);
    expect(entries().find((e) => e.code === code)).toMatchObject({
      level: 30,
      msg: 'websocket: bad frame from the client, closed',
    });
  });

  it('logs none of it at error level', () => {
    expect(entries().filter((e) => e.level >= 50)).toEqual([]);
  });
});
