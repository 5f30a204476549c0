import { describe, expect, it } from 'vitest';
import {
  authorizeTopic,
  type EventSnapshot,
  inBbox,
  keepsAppealAccess,
  messageOf,
  parseTopic,
  reaches,
  topicName,
  topicsOf,
} from './live.ts';
import type { Actor } from './permissions.ts';

const snapshot = (o: Partial<EventSnapshot> = {}, a: Partial<EventSnapshot['appeal']> = {}): EventSnapshot => ({
  id: 10,
  appealId: 7,
  type: 'accepted',
  fromStatus: 'assigned',
  toStatus: 'accepted',
  organisationId: 3,
  previousOrganisationId: null,
  visibility: null,
  at: new Date('2026-11-25T10:00:00Z'),
  ...o,
  appeal: {
    number: 'KZN-2026-000007',
    municipalityId: 1,
    districtId: 5,
    status: 'accepted',
    priority: 'normal',
    categoryId: 2,
    assignedOrgId: 3,
    public: true,
    lat: 55.79,
    lon: 49.12,
    responseDueAt: null,
    resolutionDueAt: new Date('2026-11-28T10:00:00Z'),
    responseBreachedAt: null,
    resolutionBreachedAt: null,
    ...a,
  },
});

const person = (role: NonNullable<Actor>['role'], o: Partial<NonNullable<Actor>> = {}): Actor => ({
  userId: 100,
  role,
  municipalityId: 1,
  organisationId: null,
  ...o,
});

describe('live topics', () => {
  it('parses the five kinds of topic and refuses everything else', () => {
    for (const name of ['appeal:12', 'org:3', 'board:1', 'public:district:5', 'public:bbox:49.1,55.7,49.2,55.8']) {
      const topic = parseTopic(name);
      expect(topic, name).not.toBeNull();
      expect(topicName(topic!)).toBe(name);
    }
    for (const name of [
      'appeal:',
      'appeal:0',
      'appeal:01',
      'appeal:1:2',
      'org:x',
      'board:99999999999',
      'public:bbox:1,2,3',
      'public:bbox:40,50,60,70',
      'public:bbox:49.2,55.7,49.1,55.8',
      'public:district:-1',
      'map:1',
      'a'.repeat(200),
    ]) {
      expect(parseTopic(name), name).toBeNull();
    }
  });

  it('lets the same people follow an appeal as may read it over HTTP, and followers see its public view', () => {
    const facts = {
      kind: 'appeal' as const,
      municipalityId: 1,
      assignedOrgId: 3,
      authorId: 100,
      public: true,
      followedByActor: false,
    };
    const appeal = parseTopic('appeal:7')!;
    expect(authorizeTopic(person('resident'), appeal, facts)).toEqual({ ok: true, view: 'full', internal: false });
    expect(authorizeTopic(person('resident', { userId: 101 }), appeal, facts)).toEqual({ ok: false, status: 404 });
    expect(authorizeTopic(person('resident', { userId: 101 }), appeal, { ...facts, followedByActor: true })).toEqual({
      ok: true,
      view: 'public',
      internal: false,
    });
    expect(
      authorizeTopic(person('resident', { userId: 101 }), appeal, { ...facts, public: false, followedByActor: true }),
    ).toEqual({ ok: false, status: 404 });
    expect(authorizeTopic(person('org_staff', { organisationId: 3 }), appeal, facts)).toEqual({
      ok: true,
      view: 'full',
      internal: true,
    });
    expect(authorizeTopic(person('org_staff', { organisationId: 4 }), appeal, facts)).toEqual({
      ok: false,
      status: 404,
    });
    expect(authorizeTopic(person('city_hall'), appeal, facts)).toEqual({ ok: true, view: 'full', internal: false });
    expect(authorizeTopic(person('dispatcher', { municipalityId: 2 }), appeal, facts)).toEqual({
      ok: false,
      status: 404,
    });
    expect(authorizeTopic(null, appeal, facts)).toEqual({ ok: false, status: 404 });
    expect(authorizeTopic(person('dispatcher'), appeal, null)).toEqual({ ok: false, status: 404 });
  });

  it('keeps queues and boards to those who work them, and the map open to everybody', () => {
    const org = parseTopic('org:3')!;
    const board = parseTopic('board:1')!;
    expect(
      authorizeTopic(person('org_supervisor', { organisationId: 3 }), org, { kind: 'org', municipalityId: 1 }),
    ).toMatchObject({ ok: true });
    expect(authorizeTopic(person('org_staff', { organisationId: 4 }), org, { kind: 'org', municipalityId: 1 })).toEqual(
      { ok: false, status: 403 },
    );
    expect(authorizeTopic(person('dispatcher'), org, { kind: 'org', municipalityId: 1 })).toMatchObject({
      ok: true,
      internal: true,
    });
    expect(authorizeTopic(person('resident'), org, { kind: 'org', municipalityId: 1 })).toEqual({
      ok: false,
      status: 403,
    });
    expect(authorizeTopic(person('dispatcher'), board, { kind: 'board', municipalityId: 1 })).toMatchObject({
      ok: true,
    });
    expect(authorizeTopic(person('admin', { municipalityId: 2 }), board, { kind: 'board', municipalityId: 1 })).toEqual(
      { ok: false, status: 403 },
    );
    expect(authorizeTopic(null, board, { kind: 'board', municipalityId: 1 })).toEqual({ ok: false, status: 401 });
    expect(authorizeTopic(null, parseTopic('public:district:5')!, { kind: 'public' })).toEqual({
      ok: true,
      view: 'public',
      internal: false,
    });
  });

  it('routes an event to its appeal, organisations (old and new), board and district', () => {
    expect(topicsOf(snapshot({ previousOrganisationId: 4 }))).toEqual([
      'appeal:7',
      'board:1',
      'org:3',
      'org:4',
      'public:district:5',
    ]);
    expect(topicsOf(snapshot({}, { districtId: null, assignedOrgId: null }))).toEqual(['appeal:7', 'board:1']);
    const bbox = parseTopic('public:bbox:49.1,55.7,49.2,55.8') as Extract<
      ReturnType<typeof parseTopic>,
      { kind: 'bbox' }
    >;
    expect(inBbox(snapshot(), bbox)).toBe(true);
    expect(inBbox(snapshot({}, { lon: 49.3 }), bbox)).toBe(false);
  });

  it('keeps internal comments from the author and the public, private appeals off the map', () => {
    const internal = snapshot({ type: 'comment', visibility: 'internal' });
    expect(reaches(internal, { view: 'full', internal: false })).toBe(false);
    expect(reaches(internal, { view: 'full', internal: true })).toBe(true);
    expect(reaches(snapshot({}, { public: false }), { view: 'public', internal: false })).toBe(false);
    expect(reaches(snapshot({}, { public: false }), { view: 'full', internal: false })).toBe(true);
  });

  it('ends the access of an organisation’s staff when the appeal leaves their organisation, nobody else’s', () => {
    const full = { view: 'full' as const, internal: true };
    const movedAway = snapshot({ type: 'reassigned', previousOrganisationId: 3 }, { assignedOrgId: 4 });
    expect(keepsAppealAccess(person('org_staff', { organisationId: 3 }), full, movedAway)).toBe(false);
    expect(keepsAppealAccess(person('org_supervisor', { organisationId: 3 }), full, movedAway)).toBe(false);
    expect(keepsAppealAccess(person('org_staff', { organisationId: 4 }), full, movedAway)).toBe(true);
    expect(keepsAppealAccess(person('dispatcher'), full, movedAway)).toBe(true);
    expect(keepsAppealAccess(person('resident'), { view: 'full', internal: false }, movedAway)).toBe(true);
  });

  it('writes small messages; the public view has no due times and nothing personal', () => {
    const e = snapshot({ type: 'sla_breach' }, { responseBreachedAt: new Date('2026-11-26T10:00:00Z') });
    const full = messageOf(e, 'full');
    const pub = messageOf(e, 'public');
    expect(full.kind).toBe('appeal.escalated');
    expect(full.appeal).toMatchObject({
      responseBreachedAt: '2026-11-26T10:00:00.000Z',
      resolutionDueAt: '2026-11-28T10:00:00.000Z',
    });
    expect(Object.keys(pub.appeal).sort()).toEqual([
      'categoryId',
      'districtId',
      'id',
      'lat',
      'lon',
      'number',
      'organisationId',
      'priority',
      'status',
    ]);
    expect(JSON.stringify(full).length).toBeLessThan(600);
    expect(messageOf(snapshot({ type: 'created' }), 'public').kind).toBe('appeal.created');
  });
});
