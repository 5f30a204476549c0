import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { at, hallWorld, signInNow } from '../helpers/hall.ts';
import { LiveTestClient, undeclaredLiveMessages } from '../helpers/live.ts';

describe('the hall live: the display and the consoles follow each step of the office’s tickets', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof hallWorld>>;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    w = await hallWorld(t);
  });
  afterAll(() => t?.close());

  it('sends a call to the hall display at once, with the number, the window and the waiting counts, and no person', async () => {
    t.setNow(at('10:00'));
    const hall = `hall:${w.office.id}`;
    const office = `office:${w.office.id}`;
    const display = await LiveTestClient.open(t.baseUrl!);
    const console = await LiveTestClient.open(t.baseUrl!, await signInNow(t, w.staff));
    const stranger = await LiveTestClient.open(t.baseUrl!, await signInNow(t, w.c.users.otherOrgStaff.id));
    try {
      expect(await display.subscribe(hall)).toMatchObject({ type: 'subscribed', topic: hall });
      expect(await display.subscribe(office)).toMatchObject({ type: 'error', status: 401 });
      expect(await stranger.subscribe(office)).toMatchObject({ type: 'error', status: 403 });
      expect(await stranger.subscribe(hall)).toMatchObject({ type: 'subscribed' });
      expect(await console.subscribe(office)).toMatchObject({ type: 'subscribed' });

      const a = await w.booking('10:00', {
        userId: (await w.c.make.user(w.c.city.id, { fullName: 'Тайнова Вера' })).id,
      });
      await w.kiosk('/check-in', { code: a.code });
      await w.kiosk('/walk-in', { serviceId: w.serviceB.id });
      const issued = await console.next((m) => m.type === 'event' && (m.event as { step: string }).step === 'issue');
      expect(issued).toMatchObject({ topic: office, kind: 'hall.changed' });

      const started = Date.now();
      const res = await w.call(w.staff, 'POST', `/api/service-points/${w.p2.id}/call-next`);
      const number = res.json().ticket.number;
      const called = await display.next((m) => m.type === 'event' && (m.event as { step: string }).step === 'call');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(called).toMatchObject({
        topic: hall,
        kind: 'hall.changed',
        ticket: { number, pointLabel: 'окно 2', status: 'called', pointId: w.p2.id },
      });
      expect(called.waiting).toEqual([{ serviceId: w.serviceB.id, count: 1 }]);
      await console.next((m) => m.type === 'event' && (m.event as { step: string }).step === 'call');
      // Nothing of the person reaches the public stream.
      expect(display.raw.join('')).not.toContain('Тайнова');
      expect(display.raw.join('')).not.toContain(String(a.userId));
      // A reconnecting display reloads over HTTP.
      const again = await LiveTestClient.open(t.baseUrl!);
      try {
        await again.subscribe(hall, 1);
        await again.next((m) => m.type === 'resync' && m.reason === 'not_replayed');
      } finally {
        again.close();
      }
      const doc = (await t.app.inject('/api/openapi.json')).json();
      expect(undeclaredLiveMessages(doc, [...display.events(), ...console.events()])).toEqual([]);
    } finally {
      for (const client of [display, console, stranger]) client.close();
    }
  });
});
