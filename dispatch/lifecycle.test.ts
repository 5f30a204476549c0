import { describe, expect, it } from 'vitest';
import { type AppealStatus, appealStatuses } from './taxonomy.ts';
import {
  allowedActions,
  DISPUTE_WINDOW_MS,
  decide,
  type LifecycleAction,
  type LifecycleActor,
  type LifecycleAppeal,
  type LifecycleInput,
  lifecycleActions,
  systemActor,
} from './lifecycle.ts';

/*
 * The whole machine, written out by hand from the issue (points 1, 5–7), one grid per actor:
 * rows are actions, columns are the state the appeal is in. A cell is what happens:
 *
 *   NEW ASG ACC INF RES CLO REJ DUP CAN REO   allowed, and the appeal ends in that state
 *   =                                         allowed, the state stays (comments, corrections)
 *   ·                                         forbidden: this actor may not do it to this appeal
 *   ×                                         invalid_transition: not from this state
 *   wnd                                       window_closed: outside the 15-day window
 *
 * The appeal belongs to the author, is in the dispatcher's municipality, and is held by the
 * organisation except when new or rejected (then it has none). It was resolved a day ago.
 */
const short: Record<string, AppealStatus> = {
  NEW: 'new',
  ASG: 'assigned',
  ACC: 'accepted',
  INF: 'needs_info',
  RES: 'resolved',
  CLO: 'closed',
  REJ: 'rejected',
  DUP: 'duplicate',
  CAN: 'cancelled',
  REO: 'reopened',
};

type Grid = Record<LifecycleAction, string[]>;

function grid(text: string): Grid {
  const [header, ...rows] = text.trim().split('\n');
  const columns = header.trim().split(/\s+/);
  expect(columns.map((c) => short[c.toUpperCase()])).toEqual([...appealStatuses]);
  const parsed = Object.fromEntries(
    rows.map((row) => {
      const [action, ...cells] = row.trim().split(/\s+/);
      expect(cells, action).toHaveLength(appealStatuses.length);
      return [action, cells];
    }),
  );
  expect(Object.keys(parsed).sort()).toEqual([...lifecycleActions].sort());
  return parsed as Grid;
}

const author = grid(`
                   new  asg  acc  inf  res  clo  rej  dup  can  reo
  assign            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  accept            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  request_info      ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  provide_info      ×    ×    ×   ACC   ×    ×    ×    ×    ×    ×
  resolve           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  confirm           ×    ×    ×    ×   CLO   ×    ×    ×    ×    ×
  dispute           ×    ×    ×    ×   REO   ×    ×    ×    ×    ×
  auto_close        ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reject            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reassign          ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reroute           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  mark_duplicate    ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  cancel           CAN  CAN   ×    ×    ×    ×   CAN   ×    ×    ×
  comment           =    =    =    =    =    =    =    =    =    =
  change_category   ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  change_priority   ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  escalate          ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  rate              ×    ×    ×    ×    =    =    ×    ×    ×    ×
`);

// New and rejected appeals have no organisation yet, so its staff cannot reach them at all.
const assignedStaff = grid(`
                   new  asg  acc  inf  res  clo  rej  dup  can  reo
  assign            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  accept            ·   ACC   ×    ×    ×    ×    ·    ×    ×   ACC
  request_info      ·    ×   INF   ×    ×    ×    ·    ×    ×    ×
  provide_info      ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  resolve           ·    ×   RES   ×    ×    ×    ·    ×    ×    ×
  confirm           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  dispute           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  auto_close        ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reject            ·   REJ  REJ  REJ   ×    ×    ·    ×    ×    ×
  reassign          ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reroute           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  mark_duplicate    ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  cancel            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  comment           ·    =    =    =    =    =    ·    =    =    =
  change_category   ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  change_priority   ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  escalate          ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  rate              ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
`);

const dispatcher = grid(`
                   new  asg  acc  inf  res  clo  rej  dup  can  reo
  assign           ASG   ×    ×    ×    ×    ×   ASG   ×    ×    ×
  accept            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  request_info      ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  provide_info      ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  resolve           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  confirm           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  dispute           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  auto_close        ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reject            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reassign          ×   ASG  ASG  ASG   ×    ×    ×    ×    ×   ASG
  reroute           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  mark_duplicate   DUP  DUP  DUP  DUP   ×    ×   DUP   ×    ×   DUP
  cancel            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  comment           =    =    =    =    =    =    =    =    =    =
  change_category   =    =    =    =    ×    ×    =    ×    ×    =
  change_priority   =    =    =    =    ×    ×    =    ×    ×    =
  escalate          ×    =    =    =    ×    ×    ×    ×    ×    =
  rate              ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
`);

// Routing assigns; timers close a resolved appeal, but only once the 15 days are over.
const system = grid(`
                   new  asg  acc  inf  res  clo  rej  dup  can  reo
  assign           ASG   ×    ×    ×    ×    ×   ASG   ×    ×    ×
  accept            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  request_info      ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  provide_info      ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  resolve           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  confirm           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  dispute           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  auto_close        ×    ×    ×    ×   wnd   ×    ×    ×    ×    ×
  reject            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reassign          ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reroute           ×   ASG  ASG  ASG   ×    ×    ×    ×    ×   ASG
  mark_duplicate    ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  cancel            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  comment           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  change_category   ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  change_priority   ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  escalate          ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  rate              ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
`);

// Everyone else watches at most: other residents, other organisations, other municipalities,
// city hall and administrators never move an appeal.
const nobody = grid(`
                   new  asg  acc  inf  res  clo  rej  dup  can  reo
  assign            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  accept            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  request_info      ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  provide_info      ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  resolve           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  confirm           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  dispute           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  auto_close        ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reject            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reassign          ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  reroute           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  mark_duplicate    ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  cancel            ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  comment           ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  change_category   ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  change_priority   ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  escalate          ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
  rate              ·    ·    ·    ·    ·    ·    ·    ·    ·    ·
`);

const MUNICIPALITY = 1;
const ORGANISATION = 10;
const OTHER_ORGANISATION = 20;
const DISPATCH_CENTRE = 5;
const AUTHOR = 100;
const NOW = new Date('2026-03-10T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

const actors: Record<string, { actor: LifecycleActor; expected: Grid }> = {
  'the author': {
    actor: { userId: AUTHOR, role: 'resident', municipalityId: MUNICIPALITY, organisationId: null },
    expected: author,
  },
  'another resident': {
    actor: { userId: 101, role: 'resident', municipalityId: MUNICIPALITY, organisationId: null },
    expected: nobody,
  },
  'staff of the assigned organisation': {
    actor: { userId: 200, role: 'org_staff', municipalityId: MUNICIPALITY, organisationId: ORGANISATION },
    expected: assignedStaff,
  },
  'staff of another organisation': {
    actor: { userId: 201, role: 'org_staff', municipalityId: MUNICIPALITY, organisationId: OTHER_ORGANISATION },
    expected: nobody,
  },
  // A supervisor may do whatever their staff may, and no more.
  'the assigned organisation’s supervisor': {
    actor: { userId: 202, role: 'org_supervisor', municipalityId: MUNICIPALITY, organisationId: ORGANISATION },
    expected: assignedStaff,
  },
  'a dispatcher of the municipality': {
    actor: { userId: 300, role: 'dispatcher', municipalityId: MUNICIPALITY, organisationId: DISPATCH_CENTRE },
    expected: dispatcher,
  },
  'a dispatcher of another municipality': {
    actor: { userId: 301, role: 'dispatcher', municipalityId: 2, organisationId: 6 },
    expected: nobody,
  },
  'city hall': {
    actor: { userId: 400, role: 'city_hall', municipalityId: MUNICIPALITY, organisationId: null },
    expected: nobody,
  },
  'an admin': {
    actor: { userId: 500, role: 'admin', municipalityId: MUNICIPALITY, organisationId: null },
    expected: nobody,
  },
  'the system': { actor: systemActor('timers'), expected: system },
};

function appealIn(status: AppealStatus, overrides: Partial<LifecycleAppeal> = {}): LifecycleAppeal {
  return {
    id: 1,
    municipalityId: MUNICIPALITY,
    authorId: AUTHOR,
    status,
    assignedOrgId: status === 'new' || status === 'rejected' ? null : ORGANISATION,
    categoryId: 3,
    priority: 'normal',
    version: 4,
    resolvedAt: new Date(NOW.getTime() - DAY),
    reopenCount: 0,
    rating: null,
    ...overrides,
  };
}

/** Everything any action could ask for. */
const fullInput: LifecycleInput = {
  note: 'Заменили прокладку',
  reason: 'Течь осталась',
  targetOrgId: 30,
  targetAppealId: 77,
  rating: 5,
  categoryId: 4,
  priority: 'high',
  visibility: 'public',
};

const errorCode = { forbidden: '·', invalid_transition: '×', window_closed: 'wnd' } as const;

/** The cell the code actually gives, in the notation of the grids. */
function actualCell(actor: LifecycleActor, status: AppealStatus, action: LifecycleAction): string {
  const decision = decide(appealIn(status), action, actor, fullInput, NOW);
  if (!decision.ok) return errorCode[decision.error.kind as keyof typeof errorCode] ?? decision.error.kind;
  const to = decision.next.status;
  if (to === status && ['comment', 'change_category', 'change_priority', 'escalate', 'rate'].includes(action))
    return '=';
  return Object.keys(short).find((k) => short[k] === to) ?? to;
}

describe('appeal lifecycle: who may do what from which state', () => {
  const cases = Object.entries(actors).flatMap(([who, { actor, expected }]) =>
    lifecycleActions.flatMap((action) =>
      appealStatuses.map((status, i) => ({ who, actor, action, status, cell: expected[action][i] })),
    ),
  );

  it.each(cases)('$who: $action from $status → $cell', ({ actor, action, status, cell }) => {
    expect(actualCell(actor, status, action)).toBe(cell);
  });

  const listings = Object.entries(actors).flatMap(([who, { actor, expected }]) =>
    appealStatuses.map((status, i) => ({
      who,
      actor,
      status,
      allowed: lifecycleActions.filter((action) => !['·', '×', 'wnd'].includes(expected[action][i])),
    })),
  );

  it.each(listings)('$who, on an appeal in $status, is offered exactly $allowed', ({ actor, status, allowed }) => {
    expect(allowedActions(appealIn(status), actor, NOW)).toEqual(allowed);
  });

  it('lists the allowed actions with every refusal', () => {
    const staff = actors['staff of the assigned organisation'].actor;
    const decision = decide(appealIn('assigned'), 'resolve', staff, fullInput, NOW);
    expect(decision).toMatchObject({
      ok: false,
      error: { kind: 'invalid_transition', allowed: ['accept', 'reject', 'comment'] },
    });
    if (!decision.ok)
      expect(decision.error.reason).toEqual({ id: 'appeal.transition_forbidden', params: { status: 'assigned' } });
  });
});

const authorActor = actors['the author'].actor;
const staffActor = actors['staff of the assigned organisation'].actor;
const dispatcherActor = actors['a dispatcher of the municipality'].actor;

describe('what each action requires', () => {
  const requirements: [LifecycleAction, AppealStatus, LifecycleActor, LifecycleInput, string][] = [
    ['assign', 'new', dispatcherActor, {}, 'targetOrgId'],
    ['assign', 'new', systemActor('routing'), {}, 'targetOrgId'],
    ['request_info', 'accepted', staffActor, {}, 'note'],
    ['provide_info', 'needs_info', authorActor, { note: '   ' }, 'note'],
    ['resolve', 'accepted', staffActor, {}, 'note'],
    ['dispute', 'resolved', authorActor, {}, 'reason'],
    ['reject', 'assigned', staffActor, { note: 'не наше' }, 'reason'],
    ['reassign', 'assigned', dispatcherActor, { reason: 'не та УК' }, 'targetOrgId'],
    ['reassign', 'assigned', dispatcherActor, { targetOrgId: 30 }, 'reason'],
    ['reassign', 'assigned', dispatcherActor, { targetOrgId: ORGANISATION, reason: 'то же' }, 'targetOrgId'],
    ['mark_duplicate', 'assigned', dispatcherActor, {}, 'targetAppealId'],
    ['mark_duplicate', 'assigned', dispatcherActor, { targetAppealId: 1 }, 'targetAppealId'],
    ['comment', 'accepted', authorActor, { visibility: 'public' }, 'note'],
    ['comment', 'accepted', staffActor, { note: 'Бригада выехала' }, 'visibility'],
    ['change_category', 'assigned', dispatcherActor, {}, 'categoryId'],
    ['change_priority', 'assigned', dispatcherActor, {}, 'priority'],
    ['escalate', 'accepted', dispatcherActor, {}, 'reason'],
    ['rate', 'closed', authorActor, {}, 'rating'],
    ['rate', 'closed', authorActor, { rating: 0 }, 'rating'],
    ['rate', 'closed', authorActor, { rating: 6 }, 'rating'],
    ['rate', 'closed', authorActor, { rating: 4.5 }, 'rating'],
  ];

  it.each(requirements)('%s from %s without what it needs is refused for %s', (action, status, actor, input, field) => {
    const decision = decide(appealIn(status), action, actor, input, NOW);
    expect(decision).toMatchObject({ ok: false, error: { kind: 'missing_input', field } });
  });

  it('accepts a rating from 1 to 5 and keeps it', () => {
    for (const rating of [1, 5]) {
      const decision = decide(appealIn('closed'), 'rate', authorActor, { rating }, NOW);
      expect(decision).toMatchObject({
        ok: true,
        next: { status: 'closed', rating },
        event: { type: 'rated', payload: { rating } },
      });
    }
  });

  it('checks a rating given with a confirmation, and records it', () => {
    expect(decide(appealIn('resolved'), 'confirm', authorActor, { rating: 9 }, NOW)).toMatchObject({
      ok: false,
      error: { kind: 'missing_input', field: 'rating' },
    });
    expect(decide(appealIn('resolved'), 'confirm', authorActor, { rating: 4 }, NOW)).toMatchObject({
      ok: true,
      next: { status: 'closed', rating: 4 },
      event: { type: 'closed', payload: { confirmed: true, rating: 4 } },
    });
  });

  it('refuses a resident an internal comment, but lets the organisation write one', () => {
    expect(
      decide(appealIn('accepted'), 'comment', authorActor, { note: 'x', visibility: 'internal' }, NOW),
    ).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', field: 'visibility' },
    });
    expect(
      decide(appealIn('accepted'), 'comment', staffActor, { note: 'x', visibility: 'internal' }, NOW),
    ).toMatchObject({
      ok: true,
      next: { status: 'accepted' },
      event: { type: 'comment', payload: { visibility: 'internal' } },
    });
  });
});

describe('the 15-day dispute window', () => {
  const resolvedAt = new Date('2026-03-01T12:00:00Z');
  const at = (ms: number) => new Date(resolvedAt.getTime() + ms);
  const resolved = appealIn('resolved', { resolvedAt });

  it('lets the author dispute up to the last millisecond of the 15th day', () => {
    expect(decide(resolved, 'dispute', authorActor, { reason: 'течёт' }, at(DISPUTE_WINDOW_MS - 1))).toMatchObject({
      ok: true,
    });
  });

  it('refuses a dispute at exactly 15 days, and offers only confirming and rating', () => {
    expect(decide(resolved, 'dispute', authorActor, { reason: 'течёт' }, at(DISPUTE_WINDOW_MS))).toMatchObject({
      ok: false,
      error: { kind: 'window_closed', allowed: ['confirm', 'comment', 'rate'] },
    });
  });

  it('does not auto-close before 15 days, and does at exactly 15 days', () => {
    const timers = systemActor('timers');
    expect(decide(resolved, 'auto_close', timers, {}, at(DISPUTE_WINDOW_MS - 1))).toMatchObject({
      ok: false,
      error: { kind: 'window_closed' },
    });
    expect(decide(resolved, 'auto_close', timers, {}, at(DISPUTE_WINDOW_MS))).toMatchObject({
      ok: true,
      next: { status: 'closed' },
      event: {
        type: 'closed',
        actorId: null,
        actorRole: null,
        payload: { confirmed: false, auto: true, system: 'timers' },
      },
    });
  });

  it('counts from the latest resolution, which resolve records', () => {
    const decision = decide(appealIn('accepted'), 'resolve', staffActor, { note: 'Готово' }, at(20 * DAY));
    expect(decision).toMatchObject({ ok: true, next: { status: 'resolved', resolvedAt: at(20 * DAY) } });
    if (decision.ok)
      expect(decide(decision.next, 'dispute', authorActor, { reason: 'нет' }, at(21 * DAY))).toMatchObject({
        ok: true,
      });
  });
});

describe('cancelling', () => {
  it.each(['new', 'assigned', 'rejected'] as const)('the author may cancel an appeal that is %s', (status) => {
    expect(decide(appealIn(status), 'cancel', authorActor, {}, NOW)).toMatchObject({
      ok: true,
      next: { status: 'cancelled' },
      event: { type: 'cancelled' },
    });
  });

  it.each(['accepted', 'needs_info', 'reopened', 'resolved'] as const)(
    'the author may not cancel once the work began (%s)',
    (status) => {
      expect(decide(appealIn(status), 'cancel', authorActor, {}, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'invalid_transition' },
      });
    },
  );
});

describe('rejecting', () => {
  it('clears the organisation and returns the appeal to the dispatcher’s triage', () => {
    const decision = decide(appealIn('accepted'), 'reject', staffActor, { reason: 'Это не наш дом' }, NOW);
    expect(decision).toMatchObject({
      ok: true,
      next: { status: 'rejected', assignedOrgId: null, version: 5 },
      event: {
        type: 'rejected',
        fromStatus: 'accepted',
        toStatus: 'rejected',
        actorId: 200,
        organisationId: ORGANISATION,
        note: 'Это не наш дом',
      },
    });
    if (!decision.ok) return;
    expect(decision.effects).toContainEqual(expect.objectContaining({ type: 'notify', to: 'dispatchers' }));
    // The organisation that gave it back no longer reaches it; a dispatcher routes it again.
    expect(allowedActions(decision.next, staffActor, NOW)).toEqual([]);
    expect(decide(decision.next, 'assign', dispatcherActor, { targetOrgId: 30 }, NOW)).toMatchObject({
      ok: true,
      next: { status: 'assigned', assignedOrgId: 30 },
      event: { type: 'assigned', payload: { by: 'dispatcher', organisationId: 30 } },
    });
  });
});

describe('disputing', () => {
  it('reopens with the same organisation, adds one to the reopen counter and restarts the resolution clock', () => {
    const decision = decide(
      appealIn('resolved', { reopenCount: 1 }),
      'dispute',
      authorActor,
      { reason: 'Опять течёт' },
      NOW,
    );
    expect(decision).toMatchObject({
      ok: true,
      next: { status: 'reopened', assignedOrgId: ORGANISATION, reopenCount: 2 },
      event: { type: 'reopened', note: 'Опять течёт', payload: { reopenCount: 2 } },
    });
    if (!decision.ok) return;
    expect(decision.effects).toContainEqual({ type: 'clock', clock: 'resolution', op: 'restart' });
    expect(decision.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', to: 'assigned_organisation', organisationId: ORGANISATION }),
    );
    expect(allowedActions(decision.next, staffActor, NOW)).toContain('accept');
  });
});

describe('cancelling straight after filing', () => {
  it('tells no organisation, since none had it', () => {
    const decision = decide(appealIn('new'), 'cancel', authorActor, {}, NOW);
    expect(decision.ok && decision.effects.filter((e) => e.type === 'notify')).toEqual([]);
  });
});

describe('merging duplicates', () => {
  it('makes the author a follower of the target appeal', () => {
    const decision = decide(appealIn('assigned'), 'mark_duplicate', dispatcherActor, { targetAppealId: 77 }, NOW);
    expect(decision).toMatchObject({
      ok: true,
      next: { status: 'duplicate' },
      event: { type: 'duplicate', payload: { duplicateOf: 77 } },
    });
    if (decision.ok)
      expect(decision.effects).toContainEqual({
        type: 'follower',
        op: 'author_follows_target',
        userId: AUTHOR,
        appealId: 77,
      });
  });
});

describe('concurrent changes', () => {
  it('refuses a change made against an older version, before anything else', () => {
    expect(decide(appealIn('assigned'), 'accept', staffActor, { expectedVersion: 3 }, NOW)).toMatchObject({
      ok: false,
      error: { kind: 'version_conflict', allowed: ['accept', 'reject', 'comment'] },
    });
    expect(decide(appealIn('assigned'), 'accept', authorActor, { expectedVersion: 3 }, NOW)).toMatchObject({
      ok: false,
      error: { kind: 'version_conflict' },
    });
  });

  it('applies a change made against the current version and bumps it', () => {
    expect(decide(appealIn('assigned'), 'accept', staffActor, { expectedVersion: 4 }, NOW)).toMatchObject({
      ok: true,
      next: { status: 'accepted', version: 5 },
    });
  });
});

describe('events', () => {
  it('uses the event names the demo data already has', () => {
    const names = new Set<string>();
    const story: [AppealStatus, LifecycleAction, LifecycleActor][] = [
      ['new', 'assign', systemActor('routing')],
      ['assigned', 'accept', staffActor],
      ['accepted', 'request_info', staffActor],
      ['needs_info', 'provide_info', authorActor],
      ['accepted', 'resolve', staffActor],
      ['resolved', 'confirm', authorActor],
      ['resolved', 'dispute', authorActor],
      ['assigned', 'reject', staffActor],
      ['assigned', 'mark_duplicate', dispatcherActor],
      ['assigned', 'cancel', authorActor],
    ];
    for (const [status, action, actor] of story) {
      const decision = decide(appealIn(status), action, actor, fullInput, NOW);
      if (decision.ok) names.add(decision.event.type);
    }
    expect([...names].sort()).toEqual(
      [
        'accepted',
        'assigned',
        'cancelled',
        'closed',
        'duplicate',
        'info_provided',
        'info_requested',
        'reopened',
        'rejected',
        'resolved',
      ].sort(),
    );
  });

  it('records routing as the system, with the organisation it chose', () => {
    expect(decide(appealIn('new'), 'assign', systemActor('routing'), { targetOrgId: ORGANISATION }, NOW)).toMatchObject(
      {
        ok: true,
        event: {
          actorId: null,
          actorRole: null,
          organisationId: ORGANISATION,
          payload: { by: 'routing', system: 'routing' },
          at: NOW,
        },
      },
    );
  });
});
