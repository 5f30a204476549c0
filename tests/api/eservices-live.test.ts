import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { LiveTestClient, undeclaredLiveMessages } from '../helpers/live.ts';
import { smallCity } from '../helpers/make.ts';

describe('"my applications" live: each step of an applicant’s applications on their own topic', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let api: ReturnType<typeof eserviceCalls>;
  let service: { id: number };
  let clerk: number;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    service = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    clerk = (
      await c.make.user(c.city.id, { role: 'org_staff', organisationId: c.roads.id, login: `clerk-${c.city.id}` })
    ).id;
  });
  afterAll(() => t?.close());

  it('sends the applicant each status change of their applications, and nobody else may follow them', async () => {
    const resident = c.users.resident.id;
    const topic = `applications:${resident}`;
    const mine = await LiveTestClient.open(t.baseUrl!, await t.signIn(resident));
    const other = await LiveTestClient.open(t.baseUrl!, await t.signIn(c.users.otherResident.id));
    const staff = await LiveTestClient.open(t.baseUrl!, await t.signIn(clerk));
    const anonymous = await LiveTestClient.open(t.baseUrl!);
    try {
      expect(await mine.subscribe(topic)).toMatchObject({ type: 'subscribed', topic });
      expect(await other.subscribe(topic)).toMatchObject({ type: 'error', status: 403 });
      expect(await staff.subscribe(topic)).toMatchObject({ type: 'error', status: 403 });
      expect(await anonymous.subscribe(topic)).toMatchObject({ type: 'error', status: 401 });

      const a = await api.submitted(resident, service.id);
      const submitted = await mine.next((m) => m.type === 'event' && (m.event as { step: string }).step === 'submit');
      expect(submitted).toMatchObject({
        topic,
        kind: 'application.changed',
        application: { id: a.id, number: a.number, status: 'submitted', dueOn: a.dueOn },
      });
      const taken = await api.call(clerk, 'POST', `/api/applications/${a.id}/steps`, {
        step: 'take',
        version: a.version,
      });
      expect(taken.statusCode).toBe(200);
      const live = await mine.next((m) => m.type === 'event' && (m.event as { step: string }).step === 'take');
      expect(live).toMatchObject({
        event: { fromStatus: 'submitted', toStatus: 'in_progress' },
        application: { status: 'in_progress', version: taken.json().version },
      });
      // Nothing of the form's values or the applicant reaches the stream.
      expect(JSON.stringify(live)).not.toContain('16:50:011105:12');
      // A reconnecting client is told to read its applications again rather than replayed.
      const again = await LiveTestClient.open(t.baseUrl!, await t.signIn(resident));
      try {
        expect(await again.subscribe(topic, 1)).toMatchObject({ type: 'subscribed' });
        await again.next((m) => m.type === 'resync' && m.reason === 'not_replayed');
      } finally {
        again.close();
      }
      const doc = (await t.app.inject('/api/openapi.json')).json();
      expect(undeclaredLiveMessages(doc, mine.events())).toEqual([]);
    } finally {
      for (const client of [mine, other, staff, anonymous]) client.close();
    }
  });
});
