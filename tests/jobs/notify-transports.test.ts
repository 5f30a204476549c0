import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVapidKeys } from '../../api/config.ts';
import { createTransports, type DeliverySettings } from '../../api/notifications/transports.ts';

type Request = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

/** The SMS gateway settings against a real HTTP server: methods, body templates, escaping, errors. */
describe('SMS gateway transport', () => {
  let server: Server;
  let base: string;
  const seen: Request[] = [];
  const settings = (o: Partial<DeliverySettings>): DeliverySettings => ({
    SMTP_FROM: 'x <x@example.org>',
    SMS_GATEWAY_METHOD: 'POST',
    SMS_GATEWAY_BODY: '{"to":"{{to}}","text":"{{text}}"}',
    SMS_GATEWAY_CONTENT_TYPE: 'application/json',
    SMS_GATEWAY_AUTH_HEADER: 'authorization',
    VAPID_SUBJECT: 'mailto:x@example.org',
    vapid: loadVapidKeys(mkdtempSync(path.join(tmpdir(), 'otklik-vapid-'))),
    ...o,
  });
  const message = {
    destination: '+79170000001',
    subject: 'Тема',
    text: 'Строка "в кавычках" & знак\nвторая',
    link: null,
  };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(req.url?.startsWith('/refuse') ? 401 : 200).end(req.url?.startsWith('/refuse') ? 'bad key' : 'OK');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('posts JSON with the text escaped for JSON and the auth header', async () => {
    await createTransports(settings({ SMS_GATEWAY_URL: `${base}/json`, SMS_GATEWAY_AUTH: 'Bearer k' })).sms?.(message);
    const req = seen.at(-1)!;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe('Bearer k');
    expect(JSON.parse(req.body)).toEqual({ to: '+79170000001', text: message.text });
  });

  it('posts a form with the values URL-encoded, under a custom auth header', async () => {
    await createTransports(
      settings({
        SMS_GATEWAY_URL: `${base}/form`,
        SMS_GATEWAY_BODY: 'phone={{to}}&msg={{text}}&sender=Otklik',
        SMS_GATEWAY_CONTENT_TYPE: 'application/x-www-form-urlencoded',
        SMS_GATEWAY_AUTH: 'secret',
        SMS_GATEWAY_AUTH_HEADER: 'x-api-key',
      }),
    ).sms?.(message);
    const req = seen.at(-1)!;
    expect(req.headers['x-api-key']).toBe('secret');
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      phone: '+79170000001',
      msg: message.text,
      sender: 'Otklik',
    });
  });

  it('sends a GET with the values in the URL and no body', async () => {
    await createTransports(
      settings({ SMS_GATEWAY_URL: `${base}/get?to={{to}}&text={{text}}`, SMS_GATEWAY_METHOD: 'GET' }),
    ).sms?.(message);
    const req = seen.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.body).toBe('');
    const query = new URL(req.url, base).searchParams;
    expect([query.get('to'), query.get('text')]).toEqual(['+79170000001', message.text]);
  });

  it('treats a non-2xx answer as a failure naming the status', async () => {
    await expect(createTransports(settings({ SMS_GATEWAY_URL: `${base}/refuse` })).sms?.(message)).rejects.toThrow(
      'SMS gateway answered 401: bad key',
    );
  });

  it('has no SMS or e-mail channel when they are not configured (dev outbox), push always', () => {
    const transports = createTransports(settings({}));
    expect([transports.sms, transports.email, typeof transports.push]).toEqual([undefined, undefined, 'function']);
  });
});
