import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceCalls, eserviceMakers, gpzuFields } from '../helpers/eservices.ts';
import { png } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { pdf } from '../helpers/passports.ts';

describe('an applicant’s application over HTTP: draft, files, submit, read, withdraw', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let service: { id: number; code: string };
  let api: ReturnType<typeof eserviceCalls>;
  let resident: number;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    service = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    resident = c.users.resident.id;
    // Monday 2 March 2026, 10:00 in Moscow.
    t.setNow(new Date('2026-03-02T07:00:00Z'));
  });
  afterAll(() => t?.close());

  const draft = async (values: object = { cadastral: '16:50:011105:12', area: 600 }) => {
    const res = await api.call(resident, 'POST', '/api/applications', {
      serviceId: service.id,
      applicantKind: 'person',
      values,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };

  it('makes a draft whose values are checked for their types only, naming each field', async () => {
    const bad = await api.call(resident, 'POST', '/api/applications', {
      serviceId: service.id,
      applicantKind: 'legal_entity',
      values: { area: 'много', purpose: 'castle', nonsense: 1 },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.applicantOrganisation', 'body.values.area', 'body.values.nonsense', 'body.values.purpose']);
    const empty = await api.call(resident, 'POST', '/api/applications', {
      serviceId: service.id,
      applicantKind: 'person',
    });
    expect(empty.statusCode).toBe(201);
    expect(empty.json()).toMatchObject({
      status: 'draft',
      number: null,
      dueOn: null,
      allowedSteps: ['submit', 'withdraw'],
    });
    expect(empty.json().form.fields.map((f: { key: string }) => f.key)).toEqual([
      'cadastral',
      'area',
      'purpose',
      'comment',
    ]);
    // A draft is the applicant's alone until submitted: the department does not see it yet.
    const clerk = await c.make.user(c.city.id, {
      role: 'org_staff',
      organisationId: c.roads.id,
      login: `d-${c.city.id}`,
    });
    expect((await api.call(clerk.id, 'GET', `/api/applications/${empty.json().id}`)).statusCode).toBe(404);
    expect((await api.call(clerk.id, 'GET', '/api/applications/inbox?status=draft')).statusCode).toBe(400);
    const none = await api.call(resident, 'POST', '/api/applications', { serviceId: 999999, applicantKind: 'person' });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([expect.objectContaining({ field: 'body.serviceId' })]);
    // Staff apply for nobody.
    expect(
      (
        await api.call(c.users.orgStaff.id, 'POST', '/api/applications', {
          serviceId: service.id,
          applicantKind: 'person',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('changes a draft under its version: a stale one is 409', async () => {
    const d = await draft({});
    const changed = await api.call(resident, 'PATCH', `/api/applications/${d.id}`, {
      version: d.version,
      values: { cadastral: '16:50:011105:12', area: 700, comment: 'Угловой участок' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().values).toEqual({ cadastral: '16:50:011105:12', area: 700, comment: 'Угловой участок' });
    const stale = await api.call(resident, 'PATCH', `/api/applications/${d.id}`, { version: d.version, values: {} });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale', currentVersion: d.version + 1 });
    // Another applicant's application does not exist for them.
    const other = await api.call(c.users.otherResident.id, 'PATCH', `/api/applications/${d.id}`, {
      version: 2,
      values: {},
    });
    expect(other.statusCode).toBe(404);
    expect((await api.call(c.users.otherResident.id, 'GET', `/api/applications/${d.id}`)).statusCode).toBe(404);
  });

  it('takes PDF and images by content, refuses other content (415), a file over 20 MB and an application over 100 MB (413)', async () => {
    const d = await draft();
    const ok = await api.upload(
      resident,
      `/api/applications/${d.id}/files`,
      { documentCode: 'plan' },
      await png(),
      'image/png',
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'document', documentCode: 'plan', mediaType: 'image/png' });
    const text = await api.upload(
      resident,
      `/api/applications/${d.id}/files`,
      {},
      Buffer.from('MZ not a pdf'),
      'application/pdf',
    );
    expect(text.statusCode).toBe(415);
    const unknown = await api.upload(resident, `/api/applications/${d.id}/files`, { documentCode: 'tank' }, pdf());
    expect(unknown.statusCode).toBe(422);
    const big = Buffer.concat([pdf(), Buffer.alloc(20 * 1024 * 1024)]);
    const tooBig = await api.upload(resident, `/api/applications/${d.id}/files`, {}, big);
    expect(tooBig.statusCode).toBe(413);
    // 95 MB already attached: 6 MB more would pass 100 MB.
    await t.db.insert(s.applicationFiles).values({
      applicationId: d.id,
      kind: 'document',
      name: 'scan.pdf',
      sha256: 'x'.repeat(64),
      mediaType: 'application/pdf',
      size: 95 * 1024 * 1024,
      storagePath: 'xx/xx/none.pdf',
      uploadedBy: resident,
    });
    const over = await api.upload(
      resident,
      `/api/applications/${d.id}/files`,
      {},
      Buffer.concat([pdf(), Buffer.alloc(6 * 1024 * 1024)]),
    );
    expect(over.statusCode).toBe(413);
    expect(over.json()).toMatchObject({ code: 'application.file.total_too_large', errors: [{ field: 'file' }] });
    const removed = await api.call(resident, 'DELETE', `/api/applications/${d.id}/files/${ok.json().id}`);
    expect(removed.statusCode).toBe(204);
    const download = await api.call(resident, 'GET', `/api/applications/${d.id}/files/${ok.json().id}`);
    expect(download.statusCode).toBe(404);
  });

  it('refuses to submit an incomplete application, naming each missing field and document', async () => {
    const d = await draft({});
    const res = await api.call(resident, 'POST', `/api/applications/${d.id}/submit`);
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.values.area', 'body.values.cadastral', 'files.passport']);
  });

  it('submits once: the number, the term from the local day, the first stage; the same key answers the same', async () => {
    const d = await draft();
    await api.upload(resident, `/api/applications/${d.id}/files`, { documentCode: 'passport' }, pdf('Паспорт'));
    const key = { 'idempotency-key': 'submit-1' };
    const first = await api.call(resident, 'POST', `/api/applications/${d.id}/submit`, undefined, key);
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body.number).toMatch(new RegExp(`^${service.code}-2026-\\d{6}$`));
    // 14 working days from Tuesday 3 March; 9 March is the day off for 8 March.
    expect(body).toMatchObject({
      status: 'submitted',
      termStartOn: '2026-03-02',
      dueOn: '2026-03-23',
      termState: 'on_time',
      stage: { index: 0, name: { ru: 'Проверка документов' } },
      allowedSteps: ['withdraw'],
    });
    expect(body.timeline.map((e: { step: string; who: { kind: string } }) => [e.step, e.who.kind])).toEqual([
      ['created', 'you'],
      ['submit', 'you'],
    ]);
    const again = await api.call(resident, 'POST', `/api/applications/${d.id}/submit`, undefined, key);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);
    const rows = await t.db.execute(
      sql`select count(*)::int as n from application_events where application_id = ${d.id} and step = 'submit'`,
    );
    expect(rows[0].n).toBe(1);
    // Without the key, or with another, a submitted application cannot be submitted again.
    const twice = await api.call(resident, 'POST', `/api/applications/${d.id}/submit`, undefined, {
      'idempotency-key': 'x2',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'submitted',
      allowed: ['withdraw'],
    });
    // The key of one application names no other.
    const other = await draft();
    const reused = await api.call(resident, 'POST', `/api/applications/${other.id}/submit`, undefined, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);

    const numbers = await api.submitted(resident, service.id);
    expect(Number(numbers.number.slice(-6))).toBe(Number(body.number.slice(-6)) + 1);

    const mine = await api.call(resident, 'GET', '/api/applications/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.find((i: { id: number }) => i.id === d.id)).toMatchObject({
      status: 'submitted',
      dueOn: '2026-03-23',
      termState: 'on_time',
      stage: { index: 0 },
    });
  });

  it('answers one key sent with two applications at once: one submitted, the other 422', async () => {
    const drafts = [await draft(), await draft()];
    for (const d of drafts)
      await api.upload(resident, `/api/applications/${d.id}/files`, { documentCode: 'passport' }, pdf());
    const answers = await Promise.all(
      drafts.map((d) =>
        api.call(resident, 'POST', `/api/applications/${d.id}/submit`, undefined, {
          'idempotency-key': 'twice-at-once',
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 422]);
  });

  it('keeps a draft on the form version it was begun with when the admin publishes a new one', async () => {
    const own = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    const before = await api.call(resident, 'POST', '/api/applications', {
      serviceId: own.id,
      applicantKind: 'person',
      values: { cadastral: '16:50:011105:12', area: 600 },
    });
    const published = await api.call(c.users.admin.id, 'POST', `/api/eservices/${own.id}/form`, {
      fields: [
        ...gpzuFields,
        { key: 'phone', type: 'text', label: { ru: 'Телефон', en: 'Phone', tt: 'Телефон' }, required: true },
      ],
    });
    expect(published.statusCode).toBe(201);
    const kept = (await api.call(resident, 'GET', `/api/applications/${before.json().id}`)).json();
    expect(kept.form.version).toBe(1);
    expect(kept.form.fields.map((f: { key: string }) => f.key)).not.toContain('phone');
    await api.upload(resident, `/api/applications/${kept.id}/files`, { documentCode: 'passport' }, pdf());
    const submitted = await api.call(resident, 'POST', `/api/applications/${kept.id}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    // A draft begun now takes the new version, and its new required field.
    const after = await api.call(resident, 'POST', '/api/applications', {
      serviceId: own.id,
      applicantKind: 'person',
      values: { cadastral: '16:50:011105:12', area: 600 },
    });
    expect(after.json().form.version).toBe(2);
    await api.upload(resident, `/api/applications/${after.json().id}/files`, { documentCode: 'passport' }, pdf());
    const refused = await api.call(resident, 'POST', `/api/applications/${after.json().id}/submit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'body.values.phone' })]);
  });

  it('withdraws before the decision; not twice', async () => {
    const a = await api.submitted(resident, service.id);
    const res = await api.call(resident, 'POST', `/api/applications/${a.id}/withdraw`, {
      version: a.version,
      note: 'Передумал',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', termState: null, allowedSteps: [] });
    const again = await api.call(resident, 'POST', `/api/applications/${a.id}/withdraw`, {
      version: res.json().version,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ allowed: [] });
  });
});
