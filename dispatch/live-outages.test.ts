import { describe, expect, it } from 'vitest';
import { authorizeTopic, isOutageTopic, parseTopic, topicName } from './live.ts';
import { type OutageSnapshot, outageMessageOf, outageTopicsOf } from './live-records.ts';
import type { Actor } from './permissions.ts';

const snapshot = (o: Partial<OutageSnapshot> = {}): OutageSnapshot => ({
  id: 41,
  outageId: 9,
  type: 'updated',
  actorRole: 'org_staff',
  note: 'Работы продлены',
  changes: {
    expectedEndAt: ['2026-11-25T15:00:00.000Z', '2026-11-25T18:00:00.000Z'],
    buildings: [
      [1, 2, 3],
      [1, 2],
    ],
  },
  at: new Date('2026-11-25T10:00:00Z'),
  outage: {
    id: 9,
    municipalityId: 1,
    organisationId: 4,
    organisationRu: 'АО «Водоканал»',
    organisationEn: 'Vodokanal',
    service: 'cold_water',
    kind: 'emergency',
    status: 'active',
    reason: 'Порыв трубы',
    startsAt: new Date('2026-11-25T08:00:00Z'),
    expectedEndAt: new Date('2026-11-25T18:00:00Z'),
    restoredAt: null,
    area: null,
    districtId: null,
    buildingCount: 2,
    escalationLevel: 0,
    version: 2,
    createdAt: new Date('2026-11-25T08:05:00Z'),
    updatedAt: new Date('2026-11-25T10:00:00Z'),
  },
  buildings: [{ id: 1, address: 'ул. Баумана, д. 12', lat: 55.79, lon: 49.12 }],
  buildingIds: [1, 2, 3],
  ...o,
});

const person = (role: NonNullable<Actor>['role'], o: Partial<NonNullable<Actor>> = {}): Actor => ({
  userId: 100,
  role,
  municipalityId: 1,
  organisationId: null,
  ...o,
});

describe('live outage topics', () => {
  it('parses outages:{municipality}, outage:{id} and building:{id} and names them back', () => {
    for (const name of ['outages:1', 'outage:9', 'building:12']) {
      const topic = parseTopic(name);
      expect(topic && isOutageTopic(topic)).toBe(true);
      expect(topicName(topic!)).toBe(name);
    }
    for (const name of ['outages:0', 'outage:-1', 'building:x', 'outages:1:2', 'outage:'])
      expect(parseTopic(name)).toBeNull();
    expect(isOutageTopic(parseTopic('board:1')!)).toBe(false);
  });

  it('lets everybody follow an outage topic that exists, in the public view; a missing record is 404', () => {
    const outages = parseTopic('outages:1')!;
    for (const actor of [null, person('resident'), person('dispatcher'), person('admin', { municipalityId: 2 })]) {
      expect(authorizeTopic(actor, outages, { kind: 'record', municipalityId: 1 })).toEqual({
        ok: true,
        view: 'public',
        internal: false,
      });
    }
    expect(authorizeTopic(null, parseTopic('outage:9')!, null)).toEqual({ ok: false, status: 404 });
  });

  it('reaches the municipality list, the outage and every building it concerns, removed ones included', () => {
    expect(outageTopicsOf(snapshot())).toEqual(['outages:1', 'outage:9', 'building:1', 'building:2', 'building:3']);
  });

  it('carries the public view only: the organisation, never a person; building lists as counts', () => {
    const m = outageMessageOf(snapshot(), new Date('2026-11-25T12:00:00Z'));
    expect(m).toMatchObject({ type: 'event', seq: 41, kind: 'outage.changed' });
    expect(m.update).toEqual({
      id: 41,
      kind: 'updated',
      actorRole: 'org_staff',
      note: 'Работы продлены',
      changes: { expectedEndAt: ['2026-11-25T15:00:00.000Z', '2026-11-25T18:00:00.000Z'], buildings: [3, 2] },
      at: '2026-11-25T10:00:00.000Z',
    });
    expect(m.outage).toMatchObject({
      id: 9,
      phase: 'ongoing',
      organisation: { id: 4, nameRu: 'АО «Водоканал»', nameEn: 'Vodokanal' },
    });
    expect(Object.keys(m.outage)).not.toContain('createdBy');
    expect(outageMessageOf(snapshot({ type: 'escalated' }), new Date()).kind).toBe('outage.escalated');
    expect(outageMessageOf(snapshot({ type: 'published' }), new Date()).kind).toBe('outage.published');
  });
});
