import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, type LifecycleAppeal, lifecycleActions } from './lifecycle.ts';
import { catalogue } from './messages/index.ts';
import {
  appealStatusesFor,
  attributeProblems,
  attributesOfForm,
  commaList,
  isoInZone,
  open311Statuses,
  open311StatusOf,
  repeatKey,
  searchWindow,
  serviceAttributes,
  statusNote,
  WINDOW_DAYS,
} from './open311.ts';
import { appealStatuses } from './taxonomy.ts';

const status = fc.constantFrom(...appealStatuses);
const open311Status = fc.constantFrom(...open311Statuses);
const DAY = 86_400_000;

describe('Open311 status mapping', () => {
  it('maps every status of ours to open or closed, and a filter by the spec’s statuses finds exactly those', () => {
    fc.assert(
      fc.property(status, fc.uniqueArray(open311Status, { minLength: 1 }), (ours, asked) => {
        const mapped = open311StatusOf(ours);
        expect(open311Statuses).toContain(mapped);
        expect(appealStatusesFor(asked).includes(ours)).toBe(asked.includes(mapped));
      }),
    );
  });

  it('splits our statuses into two parts with nothing left over, open and closed', () => {
    const open = appealStatusesFor(['open']);
    const closed = appealStatusesFor(['closed']);
    expect([...open, ...closed].sort()).toEqual([...appealStatuses].sort());
    expect(open.filter((s) => closed.includes(s))).toEqual([]);
    expect(open).toEqual(['new', 'assigned', 'accepted', 'needs_info', 'reopened']);
  });

  it('has a status note in Russian, English and Tatar for every status', () => {
    fc.assert(
      fc.property(status, (ours) => {
        const entry = catalogue[statusNote(ours).id] as { ru: string; en: string; tt: string };
        expect(entry.ru.length).toBeGreaterThan(3);
        expect(entry.en.length).toBeGreaterThan(3);
        expect(entry.tt.length).toBeGreaterThan(3);
      }),
    );
  });

  it('follows the lifecycle: whatever move it allows, a reopened appeal is open and a final one closed', () => {
    const appeal = (s: (typeof appealStatuses)[number]): LifecycleAppeal => ({
      id: 1,
      municipalityId: 1,
      authorId: 10,
      status: s,
      assignedOrgId: 5,
      categoryId: 1,
      priority: 'normal',
      version: 1,
      resolvedAt: s === 'resolved' ? new Date(0) : null,
      reopenCount: 0,
      rating: null,
    });
    const actors = [
      { userId: 10, role: 'resident' as const, municipalityId: 1, organisationId: null },
      { userId: 20, role: 'org_staff' as const, municipalityId: 1, organisationId: 5 },
      { userId: 30, role: 'dispatcher' as const, municipalityId: 1, organisationId: 9 },
    ];
    let moves = 0;
    fc.assert(
      fc.property(status, fc.constantFrom(...lifecycleActions), fc.constantFrom(...actors), (from, action, actor) => {
        const input = { note: 'примечание', reason: 'причина', rating: 5, targetOrgId: 6, targetAppealId: 2 };
        const d = decide(appeal(from), action, actor, input, new Date(DAY));
        if (!d.ok) return;
        moves++;
        const to = d.next.status;
        if (to === 'reopened') expect(open311StatusOf(to)).toBe('open');
        if (['closed', 'rejected', 'duplicate', 'cancelled', 'resolved'].includes(to))
          expect(open311StatusOf(to)).toBe('closed');
        if (['new', 'assigned', 'accepted', 'needs_info'].includes(to)) expect(open311StatusOf(to)).toBe('open');
      }),
      { numRuns: 500 },
    );
    expect(moves).toBeGreaterThan(10);
  });
});

describe('Open311 dates and the search window', () => {
  it('writes an instant with the zone’s offset, naming the same instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('Europe/Moscow', 'Asia/Yekaterinburg', 'UTC', 'America/New_York', 'Asia/Kolkata'),
        (at, zone) => {
          const text = isoInZone(new Date(Math.floor(at.getTime() / 1000) * 1000), zone);
          expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
          expect(Date.parse(text)).toBe(Math.floor(at.getTime() / 1000) * 1000);
        },
      ),
    );
    expect(isoInZone(new Date('2026-12-08T07:15:00Z'), 'Europe/Moscow')).toBe('2026-12-08T10:15:00+03:00');
    expect(isoInZone(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
  });

  it('searches at most 90 days, in order, and by default the last 90 days', () => {
    const now = new Date('2026-12-08T00:00:00Z');
    const instant = fc.integer({ min: 0, max: 400 * DAY }).map((ms) => new Date(now.getTime() - ms));
    fc.assert(
      fc.property(fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }), (start, end) => {
        const w = searchWindow({ start, end }, now);
        if (!w.ok) {
          expect(start && end).toBeTruthy();
          expect(end!.getTime() < start!.getTime() || end!.getTime() - start!.getTime() > WINDOW_DAYS * DAY).toBe(true);
          return;
        }
        expect(w.window.to.getTime() - w.window.from.getTime()).toBeLessThanOrEqual(WINDOW_DAYS * DAY);
        expect(w.window.to.getTime()).toBeGreaterThanOrEqual(w.window.from.getTime());
        if (start) expect(w.window.from).toEqual(start);
        if (end) expect(w.window.to).toEqual(end);
        if (!start && !end) expect(w.window).toEqual({ from: new Date(now.getTime() - WINDOW_DAYS * DAY), to: now });
      }),
    );
  });

  it('reads a comma list as the spec sends it: trimmed, without empties or repeats', () => {
    expect(commaList(' open, closed,,open ')).toEqual(['open', 'closed']);
    expect(commaList(undefined)).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z_]{1,8}$/)), (codes) => {
        expect(new Set(commaList(codes.join(' , ')))).toEqual(new Set(codes));
      }),
    );
  });
});

describe('Open311 attributes and repeats', () => {
  it('asks for the entrance and the apartment in a building, nothing on the street', () => {
    expect(serviceAttributes({ needsBuilding: true }).map((a) => a.code)).toEqual(['entrance', 'apartment']);
    expect(serviceAttributes({ needsBuilding: false })).toEqual([]);
  });

  it('gathers attribute[…] fields of a form and refuses the unknown, the lists and the too long', () => {
    const form = {
      service_code: 'roof',
      'attribute[entrance]': '3',
      'attribute[apartment]': ['1', '2'],
      'attribute[floor][]': '5',
    };
    const sent = attributesOfForm(form);
    expect(sent).toEqual({ entrance: '3', apartment: ['1', '2'], floor: ['5'] });
    expect(attributeProblems(sent, serviceAttributes({ needsBuilding: true })).map((p) => p.field)).toEqual([
      'attribute[apartment]',
      'attribute[floor]',
    ]);
    expect(attributeProblems({ entrance: '12345678901' }, serviceAttributes({ needsBuilding: true }))).toHaveLength(1);
  });

  it('gives the same report the same key within its minute, and another report or minute another key', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,10}$/), fc.string()),
        fc.integer({ min: 0, max: 2e12 }),
        (client, fields, ms) => {
          const at = new Date(ms);
          const key = repeatKey(client, fields, at);
          expect(key).toMatch(/^open311:[\w-]{32}$/);
          expect(repeatKey(client, { ...fields }, at)).toBe(key);
          expect(repeatKey(client + 1, fields, at)).not.toBe(key);
          expect(repeatKey(client, { ...fields, description: `${fields.description ?? ''}!` }, at)).not.toBe(key);
          // The previous bucket's key is the key a minute earlier had.
          expect(repeatKey(client, fields, at, 1)).toBe(repeatKey(client, fields, new Date(ms - 60_000)));
        },
      ),
    );
  });
});
