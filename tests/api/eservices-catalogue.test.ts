import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceCalls, eserviceMakers, gpzuFields, tx3 } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';

describe('the e-services catalogue over HTTP', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let gpzu: { id: number; version: number };
  let archive: { id: number };
  let closed: { id: number };
  let elsewhere: { id: number };
  let api: ReturnType<typeof eserviceCalls>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    const make = eserviceMakers(t.db);
    gpzu = await make.service(c.city.id, c.roads.id);
    archive = await make.service(c.city.id, c.roads.id, {
      code: 'ARCH',
      name: tx3('Архивная справка', 'Archive certificate', 'Архив белешмәсе'),
    });
    closed = await make.service(c.city.id, c.roads.id, { code: 'OLD', active: false });
    const otherDept = await c.make.organisation(c.other.id, { kind: 'city_department' });
    elsewhere = await make.service(c.other.id, otherDept.id, { code: 'GPZU' });
  });
  afterAll(() => t?.close());

  it('lists a municipality’s active services and finds them by words of their names in each language', async () => {
    const all = await api.call(null, 'GET', `/api/eservices?municipality=${c.city.code}`);
    expect(all.statusCode).toBe(200);
    expect(all.headers['cache-control']).toBe('public, max-age=60');
    const ids = all.json().items.map((s: { id: number }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([gpzu.id, archive.id]));
    expect(ids).not.toContain(closed.id);
    expect(ids).not.toContain(elsewhere.id);
    for (const q of ['архив', 'Archive', 'белешмә']) {
      const found = await api.call(
        null,
        'GET',
        `/api/eservices?municipality=${c.city.code}&q=${encodeURIComponent(q)}`,
      );
      expect(
        found.json().items.map((s: { id: number }) => s.id),
        q,
      ).toEqual([archive.id]);
    }
  });

  it('lists every service of the admin’s own municipality to its admin, inactive ones too, with department and form version', async () => {
    const all = await api.call(c.users.admin.id, 'GET', '/api/admin/eservices');
    expect(all.statusCode).toBe(200);
    const items = all.json().items as { id: number; active: boolean; departmentId: number; formVersion: number }[];
    expect(items.map((s) => s.id)).toEqual(expect.arrayContaining([gpzu.id, archive.id, closed.id]));
    expect(items.map((s) => s.id)).not.toContain(elsewhere.id);
    expect(items.find((s) => s.id === closed.id)).toMatchObject({
      active: false,
      departmentId: c.roads.id,
      formVersion: 1,
    });
    const found = await api.call(c.users.admin.id, 'GET', `/api/admin/eservices?q=${encodeURIComponent('белешмә')}`);
    expect(found.json().items.map((s: { id: number }) => s.id)).toEqual([archive.id]);
    expect((await api.call(c.users.cityHall.id, 'GET', '/api/admin/eservices')).statusCode).toBe(403);
    expect((await api.call(null, 'GET', '/api/admin/eservices')).statusCode).toBe(401);
  });

  it('shows a service with its form, stages, documents, term and grounds; 404 when not offered', async () => {
    const card = await api.call(null, 'GET', `/api/eservices/${gpzu.id}?municipality=${c.city.code}`);
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({
      id: gpzu.id,
      termDays: 14,
      termUnit: 'working_days',
      form: { version: 1, fields: gpzuFields.map((f) => expect.objectContaining({ key: f.key })) },
      stages: [{ code: 'check' }, { code: 'prepare' }, { code: 'sign' }],
      refusalGrounds: [{ code: 'not_owner' }, { code: 'no_plot' }],
      documents: [
        { code: 'passport', required: true },
        { code: 'plan', required: false },
      ],
    });
    expect((await api.call(null, 'GET', `/api/eservices/${closed.id}`)).statusCode).toBe(404);
    expect((await api.call(null, 'GET', `/api/eservices/${elsewhere.id}?municipality=${c.city.code}`)).statusCode).toBe(
      404,
    );
    expect((await api.call(null, 'GET', `/api/eservices/999999`)).statusCode).toBe(404);
    // Its admin still sees an inactive service.
    expect((await api.call(c.users.admin.id, 'GET', `/api/eservices/${closed.id}`)).statusCode).toBe(200);
  });

  it('lets the admin change a service under its version (stale → 409) and publish a new form version', async () => {
    const changed = await api.call(c.users.admin.id, 'PATCH', `/api/eservices/${gpzu.id}`, {
      version: 1,
      termDays: 20,
      collection: tx3('МФЦ, окно 7', 'One-stop centre, window 7'),
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ termDays: 20, version: 2, collection: { ru: 'МФЦ, окно 7' } });
    const stale = await api.call(c.users.admin.id, 'PATCH', `/api/eservices/${gpzu.id}`, { version: 1, termDays: 30 });
    expect(stale.statusCode).toBe(409);
    const twice = await api.call(c.users.admin.id, 'PATCH', `/api/eservices/${gpzu.id}`, {
      version: 2,
      refusalGrounds: [
        { code: 'a', text: tx3('А') },
        { code: 'a', text: tx3('Б') },
      ],
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors).toEqual([expect.objectContaining({ field: 'body.refusalGrounds.1.code' })]);

    const form = await api.call(c.users.admin.id, 'POST', `/api/eservices/${gpzu.id}/form`, {
      fields: [...gpzuFields, { key: 'phone', type: 'text', label: tx3('Телефон'), required: true }],
    });
    expect(form.statusCode).toBe(201);
    expect(form.json().form.version).toBe(2);
    const bad = await api.call(c.users.admin.id, 'POST', `/api/eservices/${gpzu.id}/form`, {
      fields: [
        { key: 'x', type: 'choice', label: tx3('X'), required: true },
        { key: 'x', type: 'text', label: tx3('Y'), required: true, pattern: '([' },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.fields.0.choices', 'body.fields.1.key', 'body.fields.1.pattern']);
  });

  it('keeps the catalogue to its own admin: another municipality’s 404, other roles 403', async () => {
    expect(
      (await api.call(c.users.otherAdmin.id, 'PATCH', `/api/eservices/${gpzu.id}`, { version: 3, termDays: 5 }))
        .statusCode,
    ).toBe(404);
    expect((await api.call(c.users.cityHall.id, 'PATCH', `/api/eservices/${gpzu.id}`, { version: 3 })).statusCode).toBe(
      403,
    );
    expect((await api.call(null, 'PATCH', `/api/eservices/${gpzu.id}`, { version: 3 })).statusCode).toBe(401);
  });
});
