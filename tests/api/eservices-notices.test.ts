import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markOverdueApplications } from '../../api/eservices/overdue.ts';
import * as s from '../../db/schema/index.ts';
import { registerNotifications } from '../../jobs/notify-deliver.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contextAt } from '../helpers/context.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';
import { pdf } from '../helpers/passports.ts';

// Monday 2 March 2026, 12:00 in Moscow: outside quiet hours.
const NOON = new Date('2026-03-02T09:00:00Z');

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('who hears of an application: the applicant ("ready" by SMS), the department, the asked organisation', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let api: ReturnType<typeof eserviceCalls>;
  let service: { id: number };
  let clerk: number;
  let gateway: Server;
  const sms: { to: string; text: string }[] = [];

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        sms.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    gateway.listen(0, '127.0.0.1');
    await once(gateway, 'listening');
    const port = (gateway.address() as AddressInfo).port;
    t = await startTestApp({
      workers: true,
      env: {
        SMS_GATEWAY_URL: `http://127.0.0.1:${port}/send`,
        SMS_GATEWAY_AUTH: 'Bearer sms',
        PUBLIC_URL: 'https://otklik.test',
      },
    });
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    service = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    clerk = (
      await c.make.user(c.city.id, {
        role: 'org_staff',
        organisationId: c.roads.id,
        login: `clerk-${c.city.id}`,
        email: `clerk-${c.city.id}@roads.test`,
      })
    ).id;
    await registerNotifications(t.boss, t.db, () => new Date(), { settings: t.app.config, log: () => {} });
    t.setNow(NOON);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    gateway?.closeAllConnections();
    gateway?.close();
  });

  const outbox = (applicationId: number) =>
    t.db.execute<{ user_id: number; channel: string; template: string; body: string; send_after: Date | null }>(
      sql`select user_id::int, channel, template, body, send_after from notification_outbox where payload->>'applicationId' = ${String(applicationId)} order by id`,
    );
  const step = async (a: { id: number; version: number }, body: object) => {
    const res = await api.call(clerk, 'POST', `/api/applications/${a.id}/steps`, { version: a.version, ...body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('tells the department of a new application, and sends "ready" to the applicant by SMS with the download link', async () => {
    const phone = (await t.db.select().from(s.userPersonal).where(eq(s.userPersonal.userId, c.users.resident.id)))[0]
      .phone!;
    let a = await api.submitted(c.users.resident.id, service.id);
    const afterSubmit = await outbox(a.id);
    expect(afterSubmit).toContainEqual(
      expect.objectContaining({ user_id: clerk, channel: 'email', template: 'application.new_application' }),
    );
    // The applicant submitted it: nobody tells them of their own step.
    expect(afterSubmit.some((r) => r.user_id === c.users.resident.id)).toBe(false);

    a = await step(a, { step: 'take' });
    const taken = await outbox(a.id);
    // Taking it changes the status: the applicant hears by e-mail or push only (they gave neither), not SMS.
    expect(taken.filter((r) => r.user_id === c.users.resident.id)).toEqual([]);

    const file = await api.upload(clerk, `/api/applications/${a.id}/results`, {}, pdf('ГПЗУ'));
    expect(file.statusCode).toBe(201);
    a = await step(a, { step: 'issue_result', delivery: 'electronic' });
    const ready = (await outbox(a.id)).filter((r) => r.template === 'application.ready');
    expect(ready).toEqual([
      expect.objectContaining({ user_id: c.users.resident.id, channel: 'sms', send_after: null }),
    ]);
    const link = `https://otklik.test/api/applications/${a.id}/files/${file.json().id}`;
    expect(ready[0].body).toContain(a.number);
    expect(ready[0].body).toContain(link);

    const got = await until('the SMS at the gateway', async () =>
      sms.find((m) => m.to === phone && m.text.includes(a.number)),
    );
    expect(got.text).toContain(link);
  });

  it('holds "ready" for collection until the morning in quiet hours, naming where to collect it', async () => {
    let a = await api.submitted(c.users.resident.id, service.id);
    a = await step(a, { step: 'take' });
    // 23:30 in Moscow.
    t.setNow(new Date('2026-03-02T20:30:00Z'));
    a = await step(a, { step: 'mark_ready', delivery: 'collect' });
    t.setNow(NOON);
    const [ready] = (await outbox(a.id)).filter((r) => r.template === 'application.ready');
    expect(ready.body).toContain('окно 5');
    expect(new Date(ready.send_after!).toISOString()).toBe('2026-03-03T05:00:00.000Z');
  });

  it('asks the applicant for documents by SMS, and tells the asked organisation of a request', async () => {
    let a = await api.submitted(c.users.resident.id, service.id);
    a = await step(a, { step: 'take' });
    a = await step(a, { step: 'request_documents', note: 'Приложите выписку из ЕГРН.' });
    const asked = (await outbox(a.id)).filter((r) => r.template === 'application.documents_requested');
    expect(asked).toEqual([expect.objectContaining({ channel: 'sms' })]);
    expect(asked[0].body).toContain('выписку из ЕГРН');

    const supplier = await c.make.organisation(c.city.id, { kind: 'resource_supplier' });
    const staff = await c.make.user(c.city.id, {
      role: 'org_staff',
      organisationId: supplier.id,
      login: `water-${supplier.id}`,
      email: `water-${supplier.id}@water.test`,
    });
    const res = await api.call(clerk, 'POST', `/api/applications/${a.id}/interagency`, {
      organisationId: supplier.id,
      question: 'Есть ли техническая возможность подключения?',
    });
    expect(res.statusCode).toBe(201);
    const toSupplier = (await outbox(a.id)).filter((r) => r.template === 'application.interagency_asked');
    expect(toSupplier).toEqual([expect.objectContaining({ user_id: staff.id, channel: 'email' })]);
    // Only what the organisation needs: the number and the service, never the applicant.
    expect(toSupplier[0].body).not.toContain('Петров');
  });

  it('marks an application past its due day once and tells its department', async () => {
    const a = await api.submitted(c.users.resident.id, service.id);
    // 14 working days from 2 March end on 23 March; on the 24th it is overdue.
    const later = new Date('2026-03-24T09:00:00Z');
    expect(await markOverdueApplications(contextAt(t, new Date('2026-03-23T09:00:00Z')))).toBe(0);
    expect(await markOverdueApplications(contextAt(t, later))).toBeGreaterThanOrEqual(1);
    expect(await markOverdueApplications(contextAt(t, later))).toBe(0);
    const overdue = (await outbox(a.id)).filter((r) => r.template === 'application.overdue');
    expect(overdue).toEqual([expect.objectContaining({ user_id: clerk, channel: 'email' })]);
    const seen = await api.call(clerk, 'GET', `/api/applications/${a.id}`);
    expect(seen.json().timeline.at(-1)).toMatchObject({
      step: 'overdue',
      who: { kind: 'system' },
      data: { dueOn: '2026-03-23' },
    });
  });
});
