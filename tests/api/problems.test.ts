import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** The headers a browser acts on, which every answer of the API carries (docs/security.md, V3). */
const securityHeaders = [
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'x-frame-options',
  'content-security-policy',
];

type RawAnswer = { status: number; headers: Record<string, string>; body: string };

/** Send bytes as they are over a socket (no client to tidy them up) and read the answer until the server closes. */
function sendRaw(baseUrl: string, bytes: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.end(bytes);
  });
}

describe('problems: every error, from every layer, is problem+json with the security headers', () => {
  let t: TestApp;
  let ordinary: Headers;
  beforeAll(async () => {
    // With the web app, as served: its catch-all would take what no API route claims (a POST to /healthz).
    t = await startTestApp({ web: true, listen: true });
    // What a problem answered by the app itself carries, to compare the parser's refusals with.
    ordinary = (await fetch(`${t.baseUrl}/api/no-such-route`)).headers;
  }, 300_000);
  afterAll(() => t?.close());

  const expectProblem = (res: RawAnswer, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    for (const name of securityHeaders) {
      expect(ordinary.get(name), name).toBeTruthy();
      expect(res.headers[name], name).toBe(ordinary.get(name));
    }
    expect(res.headers['cache-control']).toBe('no-store');
    const problem = JSON.parse(res.body);
    expect(problem).toMatchObject({ type: expect.stringMatching(/^https:\/\/otklik\.dev\/problems\//), status, code });
    expect(problem.title).toEqual(expect.any(String));
    // Russian first: the reader's language is unknown when the headers could not be read.
    expect(problem.detail).toMatch(/[а-яё]/i);
    expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
  };

  it('answers headers over the limit (a 20 KB header line) with 431', async () => {
    const res = await sendRaw(
      t.baseUrl!,
      `GET /api/categories HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n\r\n`,
    );
    expectProblem(res, 431, 'request.headers_too_large');
  });

  it('answers a malformed header and raw control bytes in the URL with 400', async () => {
    const badHeader = await sendRaw(
      t.baseUrl!,
      'GET /api/categories HTTP/1.1\r\nHost: localhost\r\nBad Header Name: x\r\n\r\n',
    );
    expectProblem(badHeader, 400, 'request.malformed');
    const controlBytes = await sendRaw(
      t.baseUrl!,
      Buffer.concat([
        Buffer.from('GET /api/categories'),
        Buffer.from([0x01, 0x7f, 0x00]),
        Buffer.from(' HTTP/1.1\r\nHost: localhost\r\n\r\n'),
      ]),
    );
    expectProblem(controlBytes, 400, 'request.malformed');
  });

  it('refuses any method but GET and HEAD on the health checks with 405 problem+json, Allow and the headers', async () => {
    for (const [method, path] of [
      ['POST', '/healthz'],
      ['PUT', '/healthz'],
      ['DELETE', '/readyz'],
      ['OPTIONS', '/healthz'],
      ['POST', '/readyz'],
    ]) {
      const res = await fetch(`${t.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: method === 'POST' ? 'a=1' : undefined,
      });
      const what = `${method} ${path}`;
      expect(res.status, what).toBe(405);
      expect(res.headers.get('content-type'), what).toBe('application/problem+json; charset=utf-8');
      expect(res.headers.get('allow'), what).toBe('GET, HEAD');
      for (const name of securityHeaders) expect(res.headers.get(name), `${what} ${name}`).toBe(ordinary.get(name));
      expect(await res.json(), what).toMatchObject({ status: 405, code: 'method.not_allowed', instance: path });
    }
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });
});
