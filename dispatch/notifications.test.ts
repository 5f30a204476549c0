import { describe, expect, it } from 'vitest';
import {
  decide,
  type LifecycleAction,
  type LifecycleActor,
  type LifecycleAppeal,
  type LifecycleInput,
  systemActor,
} from './lifecycle.ts';
import { renderMessage } from './notification-texts.ts';
import {
  type Audience,
  deliveriesFor,
  effectivePreferences,
  heldUntil,
  kindsFor,
  type Notice,
  type Person,
  stepNotices,
  templates,
  transitionNotices,
} from './notifications.ts';

const AUTHOR = 1;
const FOLLOWER = 2;
const MC = 10;
const OTHER_MC = 11;
const now = new Date('2026-05-12T09:00:00Z');
const resident = { userId: AUTHOR, role: 'resident', municipalityId: 1, organisationId: null } as const;
const staff = { userId: 20, role: 'org_staff', municipalityId: 1, organisationId: MC } as const;
const dispatcher = { userId: 30, role: 'dispatcher', municipalityId: 1, organisationId: 99 } as const;

function appeal(o: Partial<LifecycleAppeal> = {}): LifecycleAppeal {
  return {
    id: 5,
    municipalityId: 1,
    authorId: AUTHOR,
    status: 'assigned',
    assignedOrgId: MC,
    categoryId: 1,
    priority: 'normal',
    version: 3,
    resolvedAt: null,
    reopenCount: 0,
    rating: null,
    ...o,
  };
}

/** The notices of one real transition of the lifecycle table. */
function noticesOf(a: LifecycleAppeal, action: LifecycleAction, actor: LifecycleActor, input: LifecycleInput = {}) {
  const d = decide(a, action, actor, input, now);
  if (!d.ok) throw new Error(`${action} refused: ${d.error.kind}`);
  return transitionNotices({
    appeal: { ...d.next, authorId: a.authorId },
    event: d.event,
    effects: d.effects,
    followerIds: [FOLLOWER],
  });
}
const brief = (ns: Notice[]) => ns.map((n) => `${describeAudience(n.audience)} ${n.kind}/${n.template}`);
function describeAudience(a: Audience): string {
  if (a.type === 'user') return `user:${a.userId}`;
  if (a.type === 'organisation') return `org:${a.organisationId}:${a.roles.join('+')}`;
  return `all:${a.role}`;
}

describe('who hears of a lifecycle transition', () => {
  it('the author and followers hear every status change; the organisation its new assignment', () => {
    expect(
      brief(
        noticesOf(appeal({ status: 'new', assignedOrgId: null }), 'assign', systemActor('routing'), {
          targetOrgId: MC,
        }),
      ),
    ).toEqual([
      'user:1 status_changed/status_changed',
      'user:2 status_changed/status_changed',
      'org:10:org_staff+org_supervisor assignment/appeal_assigned',
    ]);
    expect(brief(noticesOf(appeal(), 'accept', staff))).toEqual([
      'user:1 status_changed/appeal_accepted',
      'user:2 status_changed/appeal_accepted',
    ]);
  });

  it('an information request carries the question and a resolution asks to confirm, both to the author only', () => {
    const info = noticesOf(appeal({ status: 'accepted' }), 'request_info', staff, { note: 'Какой подъезд?' });
    expect(brief(info)).toEqual(['user:1 info_requested/info_requested', 'user:2 status_changed/status_changed']);
    expect(info[0].vars.note).toBe('Какой подъезд?');
    // The question may name the author: followers learn only the new status.
    expect(info[1].vars).toEqual({ status: 'needs_info' });
    expect(brief(noticesOf(appeal({ status: 'accepted' }), 'resolve', staff, { note: 'Починили' }))).toEqual([
      'user:1 resolved/appeal_resolved',
      'user:2 status_changed/status_changed',
    ]);
  });

  it('a comment changes no status and tells no resident', () => {
    expect(noticesOf(appeal(), 'comment', staff, { note: 'Едем', visibility: 'public' })).toEqual([]);
  });

  it('a rejection goes back to the dispatchers; a reassignment tells both organisations', () => {
    expect(brief(noticesOf(appeal(), 'reject', staff, { reason: 'Не наш дом' }))).toContain(
      'all:dispatcher triage/appeal_rejected',
    );
    expect(brief(noticesOf(appeal(), 'reassign', dispatcher, { targetOrgId: OTHER_MC, reason: 'Другая УК' }))).toEqual(
      expect.arrayContaining([
        'org:10:org_staff+org_supervisor appeal_update/appeal_taken_away',
        'org:11:org_staff+org_supervisor assignment/appeal_assigned',
      ]),
    );
  });

  it('a withdrawal by the author tells the organisation (the author is left out when people are resolved)', () => {
    expect(brief(noticesOf(appeal(), 'cancel', resident))).toEqual([
      'user:1 status_changed/status_changed',
      'user:2 status_changed/status_changed',
      'org:10:org_staff+org_supervisor appeal_update/appeal_cancelled',
    ]);
  });

  it("a dispatcher's escalation reaches the organisation's supervisors and city hall", () => {
    expect(brief(noticesOf(appeal(), 'escalate', dispatcher, { reason: 'Третий раз' }))).toEqual([
      'org:10:org_supervisor escalation/appeal_escalated',
      'all:city_hall escalation/appeal_escalated',
    ]);
  });

  it('an emergency appeal marks its notices as emergencies', () => {
    expect(noticesOf(appeal({ priority: 'emergency' }), 'accept', staff).every((n) => n.emergency)).toBe(true);
  });
});

describe('who hears of an escalation step', () => {
  const ladder = {
    50: ['remind_organisation'],
    75: ['warn_supervisor'],
    100: ['overdue_queue', 'warn_supervisor'],
    200: ['notify_city_hall'],
  } as const;
  const step = (
    s: 50 | 75 | 100 | 200,
    assignedOrgId: number | null = MC,
    status: LifecycleAppeal['status'] = 'assigned',
  ) =>
    brief(
      stepNotices({
        appeal: { priority: 'normal', status, assignedOrgId },
        step: s,
        clock: 'response',
        actions: ladder[s],
      }),
    );

  it('50 % reminds the organisation, 75 % warns its supervisors, 100 % also fills the overdue queue, 200 % reaches city hall', () => {
    expect(step(50)).toEqual(['org:10:org_staff+org_supervisor reminder/sla_reminder']);
    expect(step(75)).toEqual(['org:10:org_supervisor warning/sla_warning']);
    expect(step(100)).toEqual(['all:dispatcher overdue/sla_overdue', 'org:10:org_supervisor warning/sla_breach']);
    expect(step(200)).toEqual(['all:city_hall escalation/sla_city_hall']);
  });

  it('an appeal with no organisation has nobody to remind, but still reaches dispatchers', () => {
    expect(step(50, null)).toEqual([]);
    expect(step(100, null)).toEqual(['all:dispatcher overdue/sla_overdue']);
    // A step owed from before a rejection does not chase the organisation that gave the appeal back.
    expect(step(75, MC, 'rejected')).toEqual([]);
  });
});

describe('channels for a person', () => {
  const person = (o: Partial<Person> = {}): Person => ({
    userId: AUTHOR,
    role: 'resident',
    language: 'ru',
    phone: '+79170000001',
    email: 'a@example.org',
    pushEndpoints: [],
    preferences: [],
    ...o,
  });
  const notice = (kind: Notice['kind'], audience: Audience = { type: 'user', userId: AUTHOR }): Notice => ({
    audience,
    kind,
    template: 'status_changed',
    emergency: false,
    vars: {},
  });
  const channelsOf = (
    n: Notice,
    people: Person[],
    organisationEmail: string | null = null,
    actorId: number | null = null,
  ) => deliveriesFor(n, people, { actorId, organisationEmail }).map((d) => `${d.channel}:${d.destination}`);

  it('residents get e-mail for everything and SMS only for information requests and resolutions', () => {
    expect(channelsOf(notice('status_changed'), [person()])).toEqual(['email:a@example.org']);
    expect(channelsOf(notice('info_requested'), [person()])).toEqual(['sms:+79170000001', 'email:a@example.org']);
    expect(channelsOf(notice('resolved'), [person()])).toEqual(['sms:+79170000001', 'email:a@example.org']);
  });

  it('push goes to every subscribed browser; a channel switched off is not used', () => {
    const p = person({
      pushEndpoints: ['https://push.example/1', 'https://push.example/2'],
      preferences: [{ kind: 'resolved', channel: 'sms', enabled: false }],
    });
    expect(channelsOf(notice('resolved'), [p])).toEqual([
      'email:a@example.org',
      'push:https://push.example/1',
      'push:https://push.example/2',
    ]);
  });

  it('the person who acted hears nothing of their own action', () => {
    expect(channelsOf(notice('status_changed'), [person()], null, AUTHOR)).toEqual([]);
  });

  it('an organisation none of whose staff would hear a notice is written to at its public e-mail', () => {
    const org: Audience = { type: 'organisation', organisationId: MC, roles: ['org_staff'] };
    const silent = person({ userId: 20, role: 'org_staff', phone: null, email: null });
    expect(channelsOf(notice('assignment', org), [silent], 'uk@example.org')).toEqual(['email:uk@example.org']);
    // A phone alone does not count: staff get no SMS by default.
    expect(
      channelsOf(notice('assignment', org), [person({ userId: 20, role: 'org_staff', email: null })], 'uk@example.org'),
    ).toEqual(['email:uk@example.org']);
    expect(channelsOf(notice('assignment', org), [], 'uk@example.org')).toEqual(['email:uk@example.org']);
    expect(
      channelsOf(notice('assignment', org), [person({ userId: 20, role: 'org_staff' })], 'uk@example.org'),
    ).toEqual(['email:a@example.org']);
  });

  it('lists the kinds each role may receive, with defaults for each', () => {
    expect(kindsFor('resident')).toEqual([
      'status_changed',
      'info_requested',
      'resolved',
      'outage_published',
      'outage_changed',
      'outage_restored',
      'reading_reminder',
      'apartment_link',
      'appointment',
      'discussion',
    ]);
    expect(kindsFor('org_supervisor')).toContain('warning');
    expect(
      effectivePreferences('resident', [{ kind: 'status_changed', channel: 'email', enabled: false }]).status_changed,
    ).toEqual({
      sms: false,
      email: false,
      push: true,
    });
  });
});

describe('quiet hours (22:00–08:00 local time)', () => {
  const moscow = (iso: string) => new Date(`${iso}+03:00`);
  it('holds a message written at 23:00 until 08:00 the next morning', () => {
    expect(heldUntil(moscow('2026-05-12T23:00:00'), 'Europe/Moscow', false)).toEqual(moscow('2026-05-13T08:00:00'));
  });
  it('holds one written at 03:00 until 08:00 the same morning, and from exactly 22:00', () => {
    expect(heldUntil(moscow('2026-05-13T03:00:00'), 'Europe/Moscow', false)).toEqual(moscow('2026-05-13T08:00:00'));
    expect(heldUntil(moscow('2026-05-12T22:00:00'), 'Europe/Moscow', false)).toEqual(moscow('2026-05-13T08:00:00'));
  });
  it('sends at once in the day, from exactly 08:00, and for emergencies at any hour', () => {
    expect(heldUntil(moscow('2026-05-12T08:00:00'), 'Europe/Moscow', false)).toBeNull();
    expect(heldUntil(moscow('2026-05-12T21:59:00'), 'Europe/Moscow', false)).toBeNull();
    expect(heldUntil(moscow('2026-05-12T23:00:00'), 'Europe/Moscow', true)).toBeNull();
  });
  it("follows the municipality's own time zone", () => {
    // 23:00 in Yekaterinburg (+05:00) is 21:00 in Moscow: held there, by its own clock.
    expect(heldUntil(new Date('2026-05-12T23:00:00+05:00'), 'Asia/Yekaterinburg', false)).toEqual(
      new Date('2026-05-13T08:00:00+05:00'),
    );
  });
});

describe('message texts', () => {
  const facts = {
    number: 'KZN-2026-000123',
    categoryRu: 'Протекает кровля',
    categoryEn: 'Leaking roof',
    address: 'ул. Баумана, 12',
    status: 'assigned' as const,
    dueAt: new Date('2026-05-12T12:00:00Z'),
    timeZone: 'Europe/Moscow',
    disputeUntil: new Date('2026-05-27T12:00:00Z'),
    link: 'https://otklik.example/appeals/KZN-2026-000123',
  };
  it('every template has a Russian and an English text with the number, category, address, due time and link', () => {
    for (const template of templates) {
      for (const lang of ['ru', 'en'] as const) {
        const m = renderMessage(template, lang, facts, { status: 'accepted', step: 75, clock: 'resolution' });
        expect(m.subject).toContain(facts.number);
        expect(m.text).toContain(lang === 'ru' ? 'Протекает кровля' : 'Leaking roof');
        expect(m.text).toContain('ул. Баумана, 12');
        expect(m.text).toContain(facts.link);
        // The due time in Moscow: 12:00 UTC is 15:00 there.
        expect(m.text).toContain('15:00');
      }
    }
  });
  it('the resolution asks to confirm within the 15-day window', () => {
    expect(renderMessage('appeal_resolved', 'ru', facts, { status: 'resolved' }).text).toMatch(/15 дней \(до 27 мая/);
    expect(renderMessage('appeal_resolved', 'en', facts, { status: 'resolved' }).text).toMatch(
      /within 15 days \(until 27 May/,
    );
  });
});
