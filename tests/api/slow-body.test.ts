import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

/**
 * A client over a bare socket that declares a body and sends it a byte at a time: what it got back
 * and when the server closed the connection (ms after the headers went out).
 */
function trickle(
  port: number,
  head: string,
  opts: { declared: number; everyMs: number; bytes?: number },
): Promise<{ response: string; closedAfterMs: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let sentBytes = 0;
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      response += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ response, closedAfterMs: Date.now() - started, sentBytes });
    });
    socket.on('connect', () => {
      socket.write(`${head}Content-Length: ${opts.declared}\r\n\r\n`);
      started = Date.now();
      timer = setInterval(() => {
        if (sentBytes >= (opts.bytes ?? opts.declared - 1) || socket.destroyed) return;
        sentBytes++;
        socket.write(' ');
      }, opts.everyMs);
    });
    setTimeout(() => reject(new Error(`still open after 20 s; got ${JSON.stringify(response)}`)), 20_000).unref();
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

describe('slow request bodies', () => {
  let t: TestApp;
  let port: number;
  let resident: { cookie: string; 'x-csrf-token': string };

  beforeAll(async () => {
    t = await startTestApp({
      listen: true,
      env: {
        BODY_TIMEOUT_MS: '1500',
        BODY_IDLE_TIMEOUT_MS: '800',
        UPLOAD_TIMEOUT_MS: '4000',
        UPLOAD_IDLE_TIMEOUT_MS: '2000',
      },
    });
    port = Number(new URL(t.baseUrl as string).port);
    const city = await smallCity(t.db);
    resident = await t.signIn(city.users.resident.id);
  });
  afterAll(() => t?.close());

  it('answers 408 and closes the connection when a JSON body trickles past its deadline', async () => {
    const r = await trickle(
      port,
      'POST /api/auth/code HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept-Language: ru\r\n',
      { declared: 1000, everyMs: 300 },
    );
    expect(statusOf(r.response)).toBe(408);
    expect(r.response).toMatch(/content-type: application\/problem\+json/i);
    expect(r.response).toMatch(/connection: close/i);
    const problem = bodyOf(r.response);
    expect(problem).toMatchObject({ status: 408, code: 'request.body_timeout' });
    expect(problem.detail).toMatch(/слишком долго/);
    // A byte every 300 ms never trips the 800 ms pause: the 1.5 s deadline ends it.
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(1400);
    expect(r.closedAfterMs).toBeLessThan(4000);
  });

  it('closes a JSON request whose body stops arriving after the idle bound', async () => {
    const r = await trickle(
      port,
      'POST /api/auth/code HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n',
      {
        declared: 1000,
        everyMs: 50,
        bytes: 3,
      },
    );
    expect(statusOf(r.response)).toBe(408);
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(700);
    expect(r.closedAfterMs).toBeLessThan(1450);
  });

  it('gives a photo upload its own, longer bound, then closes it too', async () => {
    const r = await trickle(
      port,
      'POST /api/appeals HTTP/1.1\r\nHost: localhost\r\n' +
        `Cookie: ${resident.cookie}\r\nX-CSRF-Token: ${resident['x-csrf-token']}\r\n` +
        'Content-Type: multipart/form-data; boundary=xyz\r\n',
      { declared: 100_000, everyMs: 300 },
    );
    // Past the JSON deadline (1.5 s) the upload was still going; its own 4 s deadline ended it.
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(3900);
    expect(r.closedAfterMs).toBeLessThan(7000);
    expect(statusOf(r.response)).toBe(408);
    expect(bodyOf(r.response)).toMatchObject({ code: 'request.body_timeout' });
  });

  it('closes an upload answered before its body was read (401) within the short bound, not the upload one', async () => {
    const r = await trickle(
      port,
      'POST /api/appeals HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=xyz\r\n',
      { declared: 100_000, everyMs: 300 },
    );
    expect(statusOf(r.response)).toBe(401);
    // The rest of the body is only read to be thrown away: 1.5 s from the answer, not the upload's 4 s.
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(1400);
    expect(r.closedAfterMs).toBeLessThan(3000);
  });

  it("leaves app.inject's requests alone: no network, nothing to bound", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: 'x'.repeat(100),
    });
    expect(res.statusCode).toBe(401);
    // Past the idle bound with the body unread: a watcher would try to close a socket that is not one
    // (vitest fails the run on the error that throws from its timer).
    await new Promise((r) => setTimeout(r, 1200));
  });

  it('still takes a body that arrives at an ordinary pace', async () => {
    const res = await fetch(`${t.baseUrl}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destination: 'not a phone' }),
    });
    expect(res.status).toBe(400);
  });
});
