import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { termEnd } from '../../dispatch/eservices.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { multipart } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { pdf } from '../helpers/passports.ts';

type Detail = { id: number; version: number; status: string; dueOn: string | null; [k: string]: unknown };

describe('the department works applications over HTTP: steps, pauses, inbox, inter-agency requests', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let api: ReturnType<typeof eserviceCalls>;
  let service: { id: number };
  let clerk: number;
  let supplierStaff: number;
  let supplier: { id: number };
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    service = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    clerk = (
      await c.make.user(c.city.id, { role: 'org_staff', organisationId: c.roads.id, login: `clerk-${c.city.id}` })
    ).id;
    supplier = await c.make.organisation(c.city.id, {
      kind: 'resource_supplier',
      nameRu: 'Водоканал',
      nameEn: 'Water',
    });
    supplierStaff = (
      await c.make.user(c.city.id, { role: 'org_staff', organisationId: supplier.id, login: `water-${c.city.id}` })
    ).id;
    // Monday 2 March 2026, 10:00 in Moscow.
    t.setNow(new Date('2026-03-02T07:00:00Z'));
  });
  afterAll(() => t?.close());

  const step = async (a: Detail, body: object, who = clerk) => {
    const res = await api.call(who, 'POST', `/api/applications/${a.id}/steps`, { version: a.version, ...body });
    return { res, a: res.statusCode === 200 ? (res.json() as Detail) : a };
  };
  const result = (a: Detail) => api.upload(clerk, `/api/applications/${a.id}/results`, {}, pdf('ГПЗУ'));

  const lifecycles: { name: string; steps: (object | 'result')[]; statuses: string[]; final: object }[] = [
    {
      name: 'through every stage to an electronic result, delivered',
      steps: [
        { step: 'take' },
        { step: 'advance', note: 'Документы в порядке' },
        { step: 'advance', note: 'Проект готов' },
        'result',
        { step: 'issue_result', delivery: 'electronic' },
        { step: 'deliver' },
      ],
      statuses: ['in_progress', 'in_progress', 'in_progress', 'in_progress', 'ready', 'issued'],
      final: { stage: { index: 2 }, delivery: 'electronic', allowedSteps: [] },
    },
    {
      name: 'refused on a ground of the service',
      steps: [{ step: 'take' }, { step: 'refuse', ground: 'not_owner', note: 'Участок принадлежит другому лицу' }],
      statuses: ['in_progress', 'refused'],
      final: {
        refusal: { ground: 'not_owner', text: { ru: 'Заявитель не правообладатель участка' } },
        termState: null,
      },
    },
    {
      name: 'a result on paper, collected',
      steps: [{ step: 'take' }, { step: 'mark_ready', delivery: 'collect' }, { step: 'hand_over' }],
      statuses: ['in_progress', 'ready', 'issued'],
      final: { delivery: 'collect', collection: { ru: expect.stringContaining('окно 5') } },
    },
  ];

  for (const l of lifecycles) {
    it(`takes an application ${l.name}, each step on the timeline with who and when`, async () => {
      let a = (await api.submitted(c.users.resident.id, service.id)) as Detail;
      const seen: string[] = [];
      for (const s of l.steps) {
        if (s === 'result') {
          const res = await result(a);
          expect(res.statusCode, res.body).toBe(201);
          seen.push(a.status);
          continue;
        }
        const taken = await step(a, s);
        expect(taken.res.statusCode, taken.res.body).toBe(200);
        a = taken.a;
        seen.push(a.status);
      }
      expect(seen).toEqual(l.statuses);
      expect(a).toMatchObject(l.final);
      const timeline = a.timeline as { step: string; who: { kind: string; role: string | null }; at: string }[];
      expect(timeline.map((e) => e.step)).toEqual([
        'created',
        'submit',
        ...l.steps.filter((s) => s !== 'result').map((s) => (s as { step: string }).step),
      ]);
      expect(timeline.slice(2).every((e) => e.who.kind === 'staff' && e.who.role === 'org_staff')).toBe(true);
      // The applicant reads the same timeline, with their own steps as theirs.
      const mine = await api.call(c.users.resident.id, 'GET', `/api/applications/${a.id}`);
      expect(mine.json().timeline[1].who.kind).toBe('you');
      expect(mine.json().applicant).toMatchObject({ fullName: 'Петров Пётр' });
    });
  }

  it('refuses a stale version (409 stale), a step not allowed (409 with allowed), a stage past the last and an unknown ground (422)', async () => {
    let a = (await api.submitted(c.users.resident.id, service.id)) as Detail;
    const notYet = await step(a, { step: 'deliver' });
    expect(notYet.res.statusCode).toBe(409);
    expect(notYet.res.json()).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'submitted',
      allowed: ['take', 'request_documents', 'refuse'],
    });
    a = (await step(a, { step: 'take' })).a;
    const stale = await api.call(clerk, 'POST', `/api/applications/${a.id}/steps`, {
      step: 'advance',
      version: 1,
      note: 'x',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale', currentVersion: a.version });
    a = (await step(a, { step: 'advance', note: 'Этап 2' })).a;
    a = (await step(a, { step: 'advance', note: 'Этап 3' })).a;
    const past = await step(a, { step: 'advance', note: 'Этап 4' });
    expect(past.res.statusCode).toBe(422);
    expect(past.res.json().errors).toEqual([expect.objectContaining({ field: 'body.step' })]);
    const ground = await step(a, { step: 'refuse', ground: 'no_such', note: 'Отказ' });
    expect(ground.res.statusCode).toBe(422);
    expect(ground.res.json().errors).toEqual([expect.objectContaining({ field: 'body.ground' })]);
    const noResult = await step(a, { step: 'issue_result' });
    expect(noResult.res.statusCode).toBe(422);
    expect(noResult.res.json().errors).toEqual([expect.objectContaining({ field: 'body.resultFileId' })]);
    const missingNote = await step(a, { step: 'request_documents' });
    expect(missingNote.res.statusCode).toBe(400);
  });

  it('takes one of two steps sent at once with the same version; the other is stale', async () => {
    const a = (await api.submitted(c.users.resident.id, service.id)) as Detail;
    const [one, two] = await Promise.all([
      step(a, { step: 'take' }),
      step(a, { step: 'refuse', ground: 'no_plot', note: 'Нет участка' }),
    ]);
    expect([one.res.statusCode, two.res.statusCode].sort()).toEqual([200, 409]);
    const loser = one.res.statusCode === 409 ? one.res : two.res;
    expect(loser.json()).toMatchObject({ code: 'stale' });
  });

  it('pauses the term while documents are asked for, and recomputes the due day when they come', async () => {
    let a = (await api.submitted(c.users.resident.id, service.id)) as Detail;
    expect(a.dueOn).toBe('2026-03-23');
    a = (await step(a, { step: 'take' })).a;
    // Wednesday 4 March: documents asked for.
    t.setNow(new Date('2026-03-04T07:00:00Z'));
    a = (await step(a, { step: 'request_documents', note: 'Нужна выписка из ЕГРН' })).a;
    expect(a).toMatchObject({ status: 'awaiting_documents', dueOn: null, termState: 'paused' });
    expect(a.pauses).toEqual([{ from: '2026-03-04', to: null }]);
    const mine = await api.call(c.users.resident.id, 'GET', `/api/applications/${a.id}`);
    expect(mine.json().allowedSteps).toEqual(['provide_documents', 'withdraw']);
    const inbox = await api.call(clerk, 'GET', '/api/applications/inbox?termState=paused');
    expect(inbox.json().items.map((i: { id: number }) => i.id)).toContain(a.id);
    // Tuesday 10 March: the applicant answers with a file; three working days (5, 6, 10 March) were paused.
    t.setNow(new Date('2026-03-10T07:00:00Z'));
    const file = await api.upload(
      c.users.resident.id,
      `/api/applications/${a.id}/files`,
      { documentCode: 'plan' },
      pdf('ЕГРН'),
    );
    expect(file.statusCode).toBe(201);
    const answered = await api.call(c.users.resident.id, 'POST', `/api/applications/${a.id}/documents`, {
      version: a.version,
      note: 'Выписка приложена',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const pauses = [{ from: '2026-03-04', to: '2026-03-10' }];
    expect(answered.json()).toMatchObject({
      status: 'in_progress',
      pauses,
      dueOn: termEnd('2026-03-02', 14, 'working_days', pauses),
    });
    expect(answered.json().dueOn).toBe('2026-03-26');
    t.setNow(new Date('2026-03-02T07:00:00Z'));
  });

  it('lists the department’s inbox by due day with filters and the total; other roles and departments are refused', async () => {
    t.setNow(new Date('2026-03-02T07:00:00Z'));
    const fresh = (await api.submitted(c.users.resident.id, service.id)) as Detail;
    const all = await api.call(clerk, 'GET', '/api/applications/inbox?limit=2');
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.items).toHaveLength(2);
    expect(body.total).toBeGreaterThanOrEqual(3);
    const submitted = await api.call(
      clerk,
      'GET',
      `/api/applications/inbox?status=submitted&serviceId=${service.id}&stage=0`,
    );
    expect(submitted.json().items.map((i: { id: number }) => i.id)).toContain(fresh.id);
    // Three weeks later the fresh application is overdue.
    t.setNow(new Date('2026-03-25T07:00:00Z'));
    const overdue = await api.call(clerk, 'GET', '/api/applications/inbox?termState=overdue');
    expect(overdue.json().items.find((i: { id: number }) => i.id === fresh.id)).toMatchObject({ termState: 'overdue' });
    expect(
      (await api.call(clerk, 'GET', '/api/applications/inbox?termState=on_time'))
        .json()
        .items.map((i: { id: number }) => i.id),
    ).not.toContain(fresh.id);
    t.setNow(new Date('2026-03-02T07:00:00Z'));
    // Another department's inbox holds none of them; its staff cannot read or work them.
    expect((await api.call(c.users.orgStaff.id, 'GET', '/api/applications/inbox')).json().total).toBe(0);
    expect((await api.call(c.users.orgStaff.id, 'GET', `/api/applications/${fresh.id}`)).statusCode).toBe(404);
    expect((await step(fresh, { step: 'take' }, c.users.orgStaff.id)).res.statusCode).toBe(404);
    // The admin reads it without the applicant's personal data, and may not work it; city hall neither.
    const admin = await api.call(c.users.admin.id, 'GET', `/api/applications/${fresh.id}`);
    expect(admin.statusCode).toBe(200);
    expect(admin.json().applicant).toBeNull();
    expect((await step(fresh, { step: 'take' }, c.users.admin.id)).res.statusCode).toBe(403);
    expect((await api.call(c.users.cityHall.id, 'GET', `/api/applications/${fresh.id}`)).statusCode).toBe(403);
    expect((await api.call(c.users.cityHall.id, 'GET', '/api/applications/inbox')).statusCode).toBe(403);
    expect((await api.call(c.users.resident.id, 'GET', '/api/applications/inbox')).statusCode).toBe(403);
  });

  it('asks a resource supplier, who sees only what it needs and answers once with a file; the department sees it', async () => {
    let a = (await api.submitted(c.users.resident.id, service.id)) as Detail;
    a = (await step(a, { step: 'take' })).a;
    const own = await api.call(clerk, 'POST', `/api/applications/${a.id}/interagency`, {
      organisationId: c.roads.id,
      question: 'Себе?',
    });
    expect(own.statusCode).toBe(422);
    expect(own.json().errors).toEqual([expect.objectContaining({ field: 'body.organisationId' })]);
    const asked = await api.call(clerk, 'POST', `/api/applications/${a.id}/interagency`, {
      organisationId: supplier.id,
      question: 'Есть ли техническая возможность подключения к водопроводу?',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    // Five working days from Monday 2 March: 3, 4, 5, 6, 10 March (9 March is a day off).
    expect(asked.json()).toMatchObject({ status: 'pending', termDays: 5, dueOn: '2026-03-10' });
    const requestId = asked.json().id;

    const queue = await api.call(supplierStaff, 'GET', '/api/interagency/inbox');
    expect(queue.statusCode).toBe(200);
    const item = queue.json().items.find((i: { id: number }) => i.id === requestId);
    expect(item).toMatchObject({
      applicationNumber: expect.any(String),
      service: { name: { ru: expect.any(String) } },
    });
    expect(JSON.stringify(queue.json())).not.toContain('Петров');
    expect(JSON.stringify(queue.json())).not.toContain('16:50:011105:12');
    // The supplier does not read the application itself.
    expect((await api.call(supplierStaff, 'GET', `/api/applications/${a.id}`)).statusCode).toBe(404);
    // Nobody else answers for it.
    const other = await api.call(c.users.orgStaff.id, 'POST', `/api/interagency/${requestId}/answer`, {
      decision: 'agree',
      note: 'Да',
      version: 1,
    });
    expect(other.statusCode).toBe(404);

    const form = await multipart({ decision: 'agree', note: 'Подключение возможно, ТУ приложены', version: '1' }, [
      { name: 'file', filename: 'ТУ.pdf', type: 'application/pdf', bytes: pdf('Технические условия') },
    ]);
    const answer = await t.app.inject({
      method: 'POST',
      url: `/api/interagency/${requestId}/answer`,
      headers: { ...(await t.signIn(supplierStaff)), ...form.headers },
      payload: form.payload,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'agreed', answerFileId: expect.any(Number), version: 2 });
    const again = await api.call(supplierStaff, 'POST', `/api/interagency/${requestId}/answer`, {
      decision: 'refuse',
      note: 'Нет',
      version: 2,
    });
    expect(again.statusCode).toBe(409);
    const stale = await api.call(supplierStaff, 'POST', `/api/interagency/${requestId}/answer`, {
      decision: 'refuse',
      note: 'Нет',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);

    // A question still open when the application is decided is withdrawn with it.
    const second = await api.call(clerk, 'POST', `/api/applications/${a.id}/interagency`, {
      organisationId: supplier.id,
      question: 'Уточните точку подключения',
    });
    expect(second.statusCode).toBe(201);
    const current = (await api.call(clerk, 'GET', `/api/applications/${a.id}`)).json();
    expect(
      (await step(current, { step: 'refuse', ground: 'no_plot', note: 'Участок не образован' })).res.statusCode,
    ).toBe(200);
    const late = await api.call(supplierStaff, 'POST', `/api/interagency/${second.json().id}/answer`, {
      decision: 'agree',
      note: 'Поздно',
      version: second.json().version,
    });
    expect(late.statusCode).toBe(409);

    const seen = (await api.call(clerk, 'GET', `/api/applications/${a.id}`)).json();
    expect(seen.interagency).toEqual([
      expect.objectContaining({ id: requestId, status: 'agreed', answerNote: 'Подключение возможно, ТУ приложены' }),
      expect.objectContaining({ id: second.json().id, status: 'cancelled' }),
    ]);
    expect(seen.timeline.slice(-4).map((e: { step: string }) => e.step)).toEqual([
      'interagency_sent',
      'interagency_answered',
      'interagency_sent',
      'refuse',
    ]);
    expect(seen.files.map((f: { kind: string }) => f.kind)).toContain('interagency');
    const download = await api.call(clerk, 'GET', `/api/applications/${a.id}/files/${answer.json().answerFileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
