import { createDecipheriv, createECDH, createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerNotifications } from '../../jobs/notify-deliver.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

type Mail = { to: string[]; raw: string; text: string };
type Hit = { path: string; headers: IncomingMessage['headers']; body: Buffer };

const FLAKY = '+79990000001'; // the gateway refuses this number twice, then accepts
const BROKEN = '+79990000002'; // the gateway always refuses this number
// 12:00 in Moscow: outside quiet hours, so nothing here is held.
const DAY = new Date('2026-05-12T09:00:00Z');

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** The text part of a raw single-part e-mail, decoded from base64 or quoted-printable. */
function textOf(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Decrypt a web push message (RFC 8291, aes128gcm) with the browser's private key and auth secret. */
function decryptPush(body: Buffer, browser: ReturnType<typeof createECDH>, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();
  const shared = browser.computeSecret(serverKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), browser.getPublicKey(), serverKey]);
  const ikm = hmac(hmac(authSecret, shared), Buffer.concat([info, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(-16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, -16)), decipher.final()]);
  // The record ends with the padding delimiter 0x02 (then zeros).
  return plain.subarray(0, plain.lastIndexOf(2)).toString('utf8');
}

describe('notification delivery', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  const mails: Mail[] = [];
  const smsHits: Hit[] = [];
  const pushHits: Hit[] = [];
  const smsAnswers = new Map<string, number>();
  let smtp: SMTPServer;
  let gateway: Server;
  let pushService: Server;
  let pushPort: number;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (d: Buffer) => {
          raw += d.toString('utf8');
        });
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: textOf(raw) });
          callback();
        });
      },
    });
    gateway = createServer(async (req, res) => {
      const body = await readBody(req);
      smsHits.push({ path: req.url ?? '', headers: req.headers, body });
      const { to } = JSON.parse(body.toString('utf8')) as { to: string };
      const seen = (smsAnswers.get(to) ?? 0) + 1;
      smsAnswers.set(to, seen);
      const fail = to === BROKEN || (to === FLAKY && seen <= 2);
      res
        .writeHead(fail ? 503 : 200, { 'content-type': 'application/json' })
        .end(fail ? '{"error":"busy"}' : '{"ok":true}');
    });
    pushService = createServer(async (req, res) => {
      pushHits.push({ path: req.url ?? '', headers: req.headers, body: await readBody(req) });
      // A browser that unsubscribed: the push service answers 410 Gone.
      res.writeHead(req.url?.startsWith('/gone/') ? 410 : 201).end();
    });
    // SMTPServer wraps a net server: 'listening' is emitted there.
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const gatewayPort = await listen(gateway);
    pushPort = await listen(pushService);
    t = await startTestApp({
      workers: true,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        SMTP_FROM: 'Отклик <noreply@otklik.test>',
        SMS_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/send`,
        SMS_GATEWAY_AUTH: 'Bearer sms-secret',
        PUBLIC_URL: 'https://otklik.test',
        // Short retries: 1 s doubling, two retries after the first attempt.
        NOTIFY_RETRY_LIMIT: '2',
        NOTIFY_RETRY_DELAY: '1',
      },
    });
    c = await smallCity(t.db);
    await registerNotifications(t.boss, t.db, () => new Date(), { settings: t.app.config, log: () => {} });
  });
  afterAll(async () => {
    await t?.close();
    for (const server of [gateway, pushService]) {
      server?.closeAllConnections();
      server?.close();
    }
    await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
  });

  /** File an appeal as a resident and route it to the management company, at midday. */
  async function fileAndRoute(authorId: number, extra: Record<string, unknown> = {}) {
    t.setNow(DAY);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(authorId),
      payload: {
        categoryId: c.roof.id,
        buildingId: c.building.id,
        description: 'Течёт крыша, звоните +79171112233',
        ...extra,
      },
    });
    expect(res.statusCode).toBe(201);
    const appeal = res.json() as { id: number; number: string };
    await routeAppeal(contextAt(t, DAY), appeal.id);
    return appeal;
  }
  async function act(userId: number, appealId: number, payload: Record<string, unknown>) {
    t.setNow(DAY);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${appealId}/actions`,
      headers: await t.signIn(userId),
      payload,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const outboxOf = (appealId: number) =>
    t.db.execute<{
      id: number;
      user_id: number | null;
      channel: string;
      destination: string;
      status: string;
      template: string;
      body: string | null;
      attempts: number;
    }>(
      sql`select id, user_id, channel, destination, status, template, body, attempts from notification_outbox where appeal_id = ${appealId} order by id`,
    );
  const setContacts = (userId: number, phone: string | null, email: string | null) =>
    t.db.execute(sql`update user_personal set phone = ${phone}, email = ${email} where user_id = ${userId}`);

  it('e-mails the resident and the organisation through a real SMTP server, without the resident’s personal data to the organisation', async () => {
    const author = await c.make.user(c.city.id, {
      fullName: 'Зайцева Мария',
      phone: '+79175550011',
      email: 'maria@example.org',
    });
    await setContacts(c.users.orgStaff.id, null, 'staff@uk.example');
    const appeal = await fileAndRoute(author.id, { apartment: 'кв. 4577' });
    await act(c.users.orgStaff.id, appeal.id, { action: 'accept' });

    const toResident = await until('the resident’s e-mail', async () =>
      mails.find((m) => m.to.includes('maria@example.org') && m.text.includes('принято в работу')),
    );
    expect(toResident.text).toContain(appeal.number);
    expect(toResident.raw).toContain('noreply@otklik.test');
    const toOrganisation = await until('the organisation’s e-mail', async () =>
      mails.find((m) => m.to.includes('staff@uk.example') && m.text.includes(appeal.number)),
    );
    // The SMTP server has the mail a moment before the worker commits the row as sent.
    const rows = await until('the rows to be marked sent', async () => {
      const all = await outboxOf(appeal.id);
      const watched = all.filter((r) => r.destination === 'maria@example.org' || r.destination === 'staff@uk.example');
      return watched.length === 3 && watched.every((r) => r.status === 'sent') ? all : null;
    });
    const orgRow = rows.find((r) => r.destination === 'staff@uk.example')!;
    expect(orgRow).toMatchObject({ status: 'sent', template: 'appeal_assigned', attempts: 1 });
    expect(orgRow.body).toContain(`https://otklik.test/appeals/${appeal.number}`);
    expect(orgRow.body).toContain('ул. Баумана');
    // Neither the stored text nor the e-mail as sent carries the resident's name, phone, e-mail or apartment.
    for (const text of [orgRow.body ?? '', toOrganisation.text]) {
      for (const personal of [
        'Зайцева',
        'Мария',
        '+79175550011',
        '9175550011',
        'maria@example.org',
        'кв. 4577',
        '4577',
        '9171112233',
      ])
        expect(text).not.toContain(personal);
    }
    for (const contact of ['9175550011', 'maria@example.org']) expect(toOrganisation.raw).not.toContain(contact);
    // One e-mail per status change: sent to the organisation, then accepted.
    expect(rows.filter((r) => r.destination === 'maria@example.org').map((r) => [r.template, r.status])).toEqual([
      ['status_changed', 'sent'],
      ['appeal_accepted', 'sent'],
    ]);
  });

  it('an SMS gateway failing twice delivers exactly once after three logged attempts; one always failing dead-letters the message', async () => {
    const flaky = await c.make.user(c.city.id, { phone: FLAKY });
    const broken = await c.make.user(c.city.id, { phone: BROKEN });
    const flakyAppeal = await fileAndRoute(flaky.id);
    const brokenAppeal = await fileAndRoute(broken.id);
    for (const a of [flakyAppeal, brokenAppeal]) {
      await act(c.users.orgStaff.id, a.id, { action: 'accept' });
      // An information request goes by SMS by default.
      await act(c.users.orgStaff.id, a.id, { action: 'request_info', note: 'Какой подъезд?' });
    }
    const smsRow = async (appealId: number) => (await outboxOf(appealId)).find((r) => r.channel === 'sms');
    const sent = await until('the SMS to be sent', async () =>
      (await smsRow(flakyAppeal.id))?.status === 'sent' ? smsRow(flakyAppeal.id) : null,
    );
    const dead = await until('the SMS to be dead-lettered', async () =>
      (await smsRow(brokenAppeal.id))?.status === 'dead' ? smsRow(brokenAppeal.id) : null,
    );

    const attempts = (id: number) =>
      t.db.execute<{ attempt: number; ok: boolean; error: string | null; channel: string; duration_ms: number }>(
        sql`select attempt, ok, error, channel, duration_ms from notification_attempts where outbox_id = ${id} order by attempt`,
      );
    expect((await attempts(sent!.id)).map((a) => [a.attempt, a.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect((await attempts(sent!.id))[0].error).toContain('503');
    expect((await attempts(dead!.id)).map((a) => a.ok)).toEqual([false, false, false]);
    // Exactly one accepted delivery to the flaky number, and the gateway got the auth header and the text.
    const accepted = smsHits.filter((h) => JSON.parse(h.body.toString()).to === FLAKY);
    expect(accepted).toHaveLength(3);
    expect(accepted[2].headers.authorization).toBe('Bearer sms-secret');
    expect(JSON.parse(accepted[2].body.toString()).text).toContain('Какой подъезд?');
    expect(smsAnswers.get(FLAKY)).toBe(3);
    // Waiting a little longer changes nothing: no retry after success.
    await new Promise((r) => setTimeout(r, 1000));
    expect(smsAnswers.get(FLAKY)).toBe(3);
    expect(smsAnswers.get(BROKEN)).toBe(3);
  });

  it('a delivery job run twice sends once', async () => {
    const author = await c.make.user(c.city.id, { email: 'twice@example.org', phone: '+79175550099' });
    const appeal = await fileAndRoute(author.id);
    await act(c.users.orgStaff.id, appeal.id, { action: 'accept' });
    const row = await until('the e-mail row to be sent', async () =>
      (await outboxOf(appeal.id)).find(
        (r) => r.destination === 'twice@example.org' && r.template === 'appeal_accepted' && r.status === 'sent',
      ),
    );
    await t.boss.send('notify.deliver', { outboxId: Number(row.id) });
    await until('the second job to finish', async () => {
      const [job] = await t.db.execute<{ state: string }>(
        sql`select state from pgboss.job where name = 'notify.deliver' and (data->>'outboxId')::bigint = ${row.id} order by created_on desc limit 1`,
      );
      return job?.state === 'completed';
    });
    expect(mails.filter((m) => m.to.includes('twice@example.org') && m.text.includes('принято в работу'))).toHaveLength(
      1,
    );
    const [{ n }] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from notification_attempts where outbox_id = ${row.id}`,
    );
    expect(n).toBe(1);
  });

  it('a sign-in code goes out by e-mail and by SMS when the gateways are configured, at once (never held)', async () => {
    t.setNow(null);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/code',
      payload: { destination: 'newcomer@example.org', municipality: c.city.code },
    });
    expect(res.json()).toMatchObject({ devMode: false, channel: 'email' });
    const mail = await until('the sign-in e-mail', async () =>
      mails.find((m) => m.to.includes('newcomer@example.org')),
    );
    expect(mail.text).toMatch(/Код входа в Отклик: \d{6}/);
    // And by SMS through the gateway for a phone number.
    const bySms = await t.app.inject({
      method: 'POST',
      url: '/api/auth/code',
      payload: { destination: '+79175550123', municipality: c.city.code },
    });
    expect(bySms.json()).toMatchObject({ devMode: false, channel: 'sms' });
    const sms = await until('the sign-in SMS', async () =>
      smsHits.find((h) => JSON.parse(h.body.toString()).to === '+79175550123'),
    );
    expect(JSON.parse(sms.body.toString()).text).toMatch(/Код входа в Отклик: \d{6}/);
  });

  it('delivers web push to a subscribed browser: encrypted, VAPID-signed, readable only with its keys', async () => {
    const author = await c.make.user(c.city.id, { phone: '+79175550077' });
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    const authSecret = randomBytes(16);
    const headers = await t.signIn(author.id);
    const key = await t.app.inject({ method: 'GET', url: '/api/push/public-key' });
    expect(key.json().publicKey).toBe(t.app.config.vapid.publicKey);
    const endpoint = `http://127.0.0.1:${pushPort}/push/${author.id}`;
    const subscribe = await t.app.inject({
      method: 'POST',
      url: '/api/me/push-subscriptions',
      headers,
      payload: {
        endpoint,
        keys: { p256dh: browser.getPublicKey('base64url'), auth: authSecret.toString('base64url') },
      },
    });
    expect(subscribe.statusCode).toBe(204);
    const goneEndpoint = `http://127.0.0.1:${pushPort}/gone/${author.id}`;
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/me/push-subscriptions',
      headers,
      payload: {
        endpoint: goneEndpoint,
        keys: { p256dh: browser.getPublicKey('base64url'), auth: authSecret.toString('base64url') },
      },
    });
    expect(stale.statusCode).toBe(204);
    const appeal = await fileAndRoute(author.id);
    await act(c.users.orgStaff.id, appeal.id, { action: 'accept' });

    const hit = await until('the push message', async () => pushHits.find((h) => h.path === `/push/${author.id}`));
    expect(hit.headers['content-encoding']).toBe('aes128gcm');
    expect(hit.headers.authorization).toMatch(new RegExp(`^vapid t=.+, k=${t.app.config.vapid.publicKey}$`));
    const message = JSON.parse(decryptPush(hit.body, browser, authSecret)) as {
      title: string;
      body: string;
      url: string;
    };
    expect(message.title).toContain(appeal.number);
    expect(message.url).toBe(`https://otklik.test/appeals/${appeal.number}`);

    // The subscription the push service called gone is forgotten, its message dead after one attempt.
    const goneRows = await until('the gone subscription’s messages to be dead', async () => {
      const rows = (await outboxOf(appeal.id)).filter((r) => r.destination === goneEndpoint);
      return rows.length > 0 && rows.every((r) => r.status === 'dead') ? rows : null;
    });
    expect(goneRows.every((r) => r.attempts === 1)).toBe(true);
    const [{ n }] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from push_subscriptions where endpoint = ${goneEndpoint}`,
    );
    expect(n).toBe(0);

    const unsubscribe = await t.app.inject({
      method: 'DELETE',
      url: '/api/me/push-subscriptions',
      headers,
      payload: { endpoint },
    });
    expect(unsubscribe.statusCode).toBe(204);
    const again = await t.app.inject({
      method: 'DELETE',
      url: '/api/me/push-subscriptions',
      headers,
      payload: { endpoint },
    });
    expect(again.statusCode).toBe(404);
  });
});
