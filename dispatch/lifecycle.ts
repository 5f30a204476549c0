/**
 * The appeal lifecycle as a pure state machine: one transition table (data), `decide()` to apply an
 * action and `allowedActions()` to list what an actor may do now. Time is an argument; nothing here
 * reads the clock, the database or the queue. The caller writes `next` and `event` in one
 * transaction (guarded by the version column) and carries out `effects` (clocks, notifications,
 * followers) from there.
 */
import type { Message } from './messages/index.ts';
import type { AppealStatus, Priority } from './taxonomy.ts';
import { type Actor, type Action as PermissionAction, can, type Role } from './permissions.ts';

export const lifecycleActions = [
  'assign',
  'accept',
  'request_info',
  'provide_info',
  'resolve',
  'confirm',
  'dispute',
  'auto_close',
  'reject',
  'reassign',
  'reroute',
  'mark_duplicate',
  'cancel',
  'comment',
  'change_category',
  'change_priority',
  'escalate',
  'rate',
] as const;
export type LifecycleAction = (typeof lifecycleActions)[number];

// 15 days: the resident's window to confirm or dispute a fix; after it the appeal closes by itself.
export const DISPUTE_WINDOW_MS = 15 * 24 * 60 * 60 * 1000;

/** A signed-in person acting on an appeal. */
export type UserActor = NonNullable<Actor>;
/** Routing and timers act as the system: explicit, never a null user. */
export type SystemActor = { system: 'routing' | 'timers' };
export type LifecycleActor = UserActor | SystemActor;

export const systemActor = (system: SystemActor['system']): SystemActor => ({ system });
const isSystem = (actor: LifecycleActor): actor is SystemActor => 'system' in actor;

/** What the lifecycle needs to know about an appeal. */
export type LifecycleAppeal = {
  id: number;
  municipalityId: number;
  authorId: number;
  status: AppealStatus;
  assignedOrgId: number | null;
  categoryId: number;
  priority: Priority;
  version: number;
  /** When it was last resolved: the dispute window and auto-close count from here. */
  resolvedAt: Date | null;
  reopenCount: number;
  rating: number | null;
};

export type Visibility = 'public' | 'internal';

/** What the actor supplies with an action; which fields are required depends on the action. */
export type LifecycleInput = {
  /** The version the actor saw; a different current version is a conflict. */
  expectedVersion?: number;
  note?: string;
  reason?: string;
  targetOrgId?: number;
  targetAppealId?: number;
  rating?: number;
  categoryId?: number;
  priority?: Priority;
  visibility?: Visibility;
  photos?: readonly string[];
};

export type Requirement =
  | 'note'
  | 'reason'
  | 'targetOrgId'
  | 'targetAppealId'
  | 'rating'
  | 'categoryId'
  | 'priority'
  | 'visibility';

export type Clock = 'response' | 'resolution';
export type ClockOp = 'start' | 'pause' | 'resume' | 'stop' | 'restart' | 'recompute';
export type Recipient =
  | 'author'
  | 'assigned_organisation'
  | 'previous_organisation'
  | 'dispatchers'
  | 'supervisor'
  | 'city_hall';

/** A consequence of a transition, carried out by the caller after (or with) the write. */
export type Effect =
  | { type: 'clock'; clock: Clock; op: ClockOp }
  | { type: 'notify'; to: Recipient; template: string }
  | { type: 'reopen_counter'; op: 'increment' }
  | { type: 'follower'; op: 'author_follows_target' }
  | { type: 'organisation'; op: 'set_target' | 'clear' }
  | { type: 'reroute' };

export type Transition = {
  /** States the action may be taken from. */
  from: readonly AppealStatus[];
  /** The resulting state; `stay` keeps the current one (comments, corrections, ratings). */
  to: AppealStatus | 'stay';
  /** The event type written to appeal_events (names shared with the demo data). */
  event: string;
  /** Who may do it: a permission of dispatch/permissions.ts (with its scope), and/or the system. */
  by: { permission: PermissionAction | null; system: boolean };
  requires: readonly Requirement[];
  /** A time window counted from the resolution: open for disputes, then for auto-closing. */
  window?: 'dispute' | 'after_dispute';
  effects: readonly Effect[];
};

const OPEN: readonly AppealStatus[] = ['new', 'assigned', 'accepted', 'needs_info', 'rejected', 'reopened'];
export const HELD_BY_ORGANISATION: readonly AppealStatus[] = ['assigned', 'accepted', 'needs_info', 'reopened'];
const ALL: readonly AppealStatus[] = [...OPEN, 'resolved', 'closed', 'duplicate', 'cancelled'];

const clock = (c: Clock, op: ClockOp): Effect => ({ type: 'clock', clock: c, op });
const notify = (to: Recipient, template: string): Effect => ({ type: 'notify', to, template });
const person = (permission: PermissionAction) => ({ permission, system: false });

/**
 * The one transition table. Clock effects are idempotent requests to the SLA module: starting a
 * running clock or resuming one that is not paused does nothing.
 */
export const transitions: Record<LifecycleAction, Transition> = {
  // Routing or a dispatcher; from triage (rejected) too. The city's clocks keep running across it.
  assign: {
    from: ['new', 'rejected'],
    to: 'assigned',
    event: 'assigned',
    by: { permission: 'appeal.assign', system: true },
    requires: ['targetOrgId'],
    effects: [
      { type: 'organisation', op: 'set_target' },
      clock('response', 'start'),
      clock('resolution', 'start'),
      notify('assigned_organisation', 'appeal_assigned'),
    ],
  },
  accept: {
    from: ['assigned', 'reopened'],
    to: 'accepted',
    event: 'accepted',
    by: person('appeal.accept'),
    requires: [],
    effects: [clock('response', 'stop'), notify('author', 'appeal_accepted')],
  },
  request_info: {
    from: ['accepted'],
    to: 'needs_info',
    event: 'info_requested',
    by: person('appeal.request_info'),
    requires: ['note'],
    effects: [clock('resolution', 'pause'), notify('author', 'info_requested')],
  },
  provide_info: {
    from: ['needs_info'],
    to: 'accepted',
    event: 'info_provided',
    by: person('appeal.provide_info'),
    requires: ['note'],
    effects: [clock('resolution', 'resume'), notify('assigned_organisation', 'info_provided')],
  },
  resolve: {
    from: ['accepted'],
    to: 'resolved',
    event: 'resolved',
    by: person('appeal.resolve'),
    requires: ['note'],
    effects: [clock('resolution', 'stop'), notify('author', 'appeal_resolved')],
  },
  confirm: {
    from: ['resolved'],
    to: 'closed',
    event: 'closed',
    by: person('appeal.confirm'),
    requires: [],
    effects: [notify('assigned_organisation', 'appeal_confirmed')],
  },
  // Back to the same organisation, which must accept it again.
  dispute: {
    from: ['resolved'],
    to: 'reopened',
    event: 'reopened',
    by: person('appeal.dispute'),
    requires: ['reason'],
    window: 'dispute',
    effects: [
      { type: 'reopen_counter', op: 'increment' },
      clock('resolution', 'restart'),
      notify('assigned_organisation', 'appeal_disputed'),
    ],
  },
  auto_close: {
    from: ['resolved'],
    to: 'closed',
    event: 'closed',
    by: { permission: null, system: true },
    requires: [],
    window: 'after_dispute',
    effects: [notify('author', 'appeal_auto_closed')],
  },
  // "Not ours": back to the dispatcher's triage queue without an organisation. The city's clock keeps
  // running, so a rejection from needs_info must not leave it paused.
  reject: {
    from: ['assigned', 'accepted', 'needs_info'],
    to: 'rejected',
    event: 'rejected',
    by: person('appeal.reject'),
    requires: ['reason'],
    effects: [
      { type: 'organisation', op: 'clear' },
      clock('resolution', 'resume'),
      notify('dispatchers', 'appeal_rejected'),
    ],
  },
  reassign: {
    from: HELD_BY_ORGANISATION,
    to: 'assigned',
    event: 'reassigned',
    by: person('appeal.reassign'),
    requires: ['targetOrgId', 'reason'],
    // The city's clock keeps running across organisations; only a pause in needs_info ends here.
    effects: [
      { type: 'organisation', op: 'set_target' },
      clock('resolution', 'resume'),
      notify('previous_organisation', 'appeal_taken_away'),
      notify('assigned_organisation', 'appeal_assigned'),
    ],
  },
  // A dispatcher changed the category and routing now points elsewhere: the system hands the appeal
  // over exactly as a reassignment would (the city's clock keeps running).
  reroute: {
    from: HELD_BY_ORGANISATION,
    to: 'assigned',
    event: 'reassigned',
    by: { permission: null, system: true },
    requires: ['targetOrgId'],
    effects: [
      { type: 'organisation', op: 'set_target' },
      clock('resolution', 'resume'),
      notify('previous_organisation', 'appeal_taken_away'),
      notify('assigned_organisation', 'appeal_assigned'),
    ],
  },
  mark_duplicate: {
    from: OPEN,
    to: 'duplicate',
    event: 'duplicate',
    by: person('appeal.mark_duplicate'),
    requires: ['targetAppealId'],
    effects: [
      { type: 'follower', op: 'author_follows_target' },
      clock('response', 'stop'),
      clock('resolution', 'stop'),
      notify('author', 'appeal_merged'),
    ],
  },
  // Only before an organisation has accepted it: after that the work has begun.
  cancel: {
    from: ['new', 'assigned', 'rejected'],
    to: 'cancelled',
    event: 'cancelled',
    by: person('appeal.cancel'),
    requires: [],
    effects: [
      clock('response', 'stop'),
      clock('resolution', 'stop'),
      notify('assigned_organisation', 'appeal_cancelled'),
    ],
  },
  // Internal comments need appeal.comment_internal instead (see `permissionFor`).
  comment: {
    from: ALL,
    to: 'stay',
    event: 'comment',
    by: person('appeal.comment'),
    requires: ['note', 'visibility'],
    effects: [],
  },
  change_category: {
    from: OPEN,
    to: 'stay',
    event: 'category_changed',
    by: person('appeal.change_category'),
    requires: ['categoryId'],
    effects: [{ type: 'reroute' }, clock('response', 'recompute'), clock('resolution', 'recompute')],
  },
  change_priority: {
    from: OPEN,
    to: 'stay',
    event: 'priority_changed',
    by: person('appeal.change_priority'),
    requires: ['priority'],
    effects: [clock('response', 'recompute'), clock('resolution', 'recompute')],
  },
  escalate: {
    from: HELD_BY_ORGANISATION,
    to: 'stay',
    event: 'escalated',
    by: person('appeal.escalate'),
    requires: ['reason'],
    effects: [notify('supervisor', 'appeal_escalated'), notify('city_hall', 'appeal_escalated')],
  },
  rate: {
    from: ['resolved', 'closed'],
    to: 'stay',
    event: 'rated',
    by: person('appeal.rate'),
    requires: ['rating'],
    effects: [notify('assigned_organisation', 'appeal_rated')],
  },
};

export type ErrorKind = 'forbidden' | 'invalid_transition' | 'missing_input' | 'window_closed' | 'version_conflict';

export type LifecycleEvent = {
  type: string;
  fromStatus: AppealStatus;
  toStatus: AppealStatus;
  /** Null for the system; `payload.system` says which part of it. */
  actorId: number | null;
  actorRole: Role | null;
  organisationId: number | null;
  note: string | null;
  payload: Record<string, unknown>;
  at: Date;
};

/** An effect with the ids it concerns filled in. */
export type ResolvedEffect =
  | Exclude<Effect, { type: 'notify' } | { type: 'follower' }>
  | { type: 'notify'; to: Recipient; template: string; organisationId: number | null; userId: number | null }
  | { type: 'follower'; op: 'author_follows_target'; userId: number; appealId: number };

export type Decision =
  | { ok: true; next: LifecycleAppeal; event: LifecycleEvent; effects: ResolvedEffect[] }
  | {
      ok: false;
      error: { kind: ErrorKind; allowed: LifecycleAction[]; field?: Requirement; reason: Message };
    };

/**
 * The dispatcher's one tool for "give it to that organisation": an appeal nobody holds (new, or
 * returned to triage) is assigned; one an organisation holds is reassigned (which needs a reason).
 */
export function handOverAction(status: AppealStatus): 'assign' | 'reassign' {
  return status === 'new' || status === 'rejected' ? 'assign' : 'reassign';
}

/** The permission an action needs from a person; internal comments need more than public ones. */
function permissionFor(action: LifecycleAction, input: LifecycleInput): PermissionAction | null {
  if (action === 'comment' && input.visibility === 'internal') return 'appeal.comment_internal';
  return transitions[action].by.permission;
}

function permitted(
  appeal: LifecycleAppeal,
  action: LifecycleAction,
  actor: LifecycleActor,
  input: LifecycleInput,
): boolean {
  if (isSystem(actor)) return transitions[action].by.system;
  const permission = permissionFor(action, input);
  if (permission === null) return false;
  return can(actor, permission, {
    municipalityId: appeal.municipalityId,
    organisationIds: [appeal.assignedOrgId],
    ownerId: appeal.authorId,
  });
}

/** Null when the action's time window is open (or it has none); otherwise why not. */
function windowProblem(appeal: LifecycleAppeal, transition: Transition, now: Date): Message | null {
  if (!transition.window) return null;
  if (appeal.resolvedAt === null) return { id: 'appeal.resolution_time_unknown' };
  const elapsed = now.getTime() - appeal.resolvedAt.getTime();
  // The window is [resolvedAt, resolvedAt + 15 days): at exactly 15 days it is auto-close's turn.
  if (transition.window === 'dispute' && elapsed >= DISPUTE_WINDOW_MS) return { id: 'appeal.dispute_window_closed' };
  if (transition.window === 'after_dispute' && elapsed < DISPUTE_WINDOW_MS) return { id: 'appeal.dispute_window_open' };
  return null;
}

/** The actions this actor may take on this appeal now (ignoring what each needs as input). */
export function allowedActions(appeal: LifecycleAppeal, actor: LifecycleActor, now: Date): LifecycleAction[] {
  return lifecycleActions.filter((action) => {
    const transition = transitions[action];
    const input: LifecycleInput = action === 'comment' ? { visibility: 'public' } : {};
    return (
      permitted(appeal, action, actor, input) &&
      transition.from.includes(appeal.status) &&
      windowProblem(appeal, transition, now) === null
    );
  });
}

const blank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

/** Null when the input has what the action requires; otherwise the field and why. */
function inputProblem(
  appeal: LifecycleAppeal,
  transition: Transition,
  input: LifecycleInput,
): { field: Requirement; reason: Message } | null {
  for (const field of transition.requires) {
    switch (field) {
      case 'note':
        if (blank(input.note)) return { field, reason: { id: 'appeal.note_required' } };
        break;
      case 'reason':
        if (blank(input.reason)) return { field, reason: { id: 'appeal.reason_required' } };
        break;
      case 'targetOrgId':
        if (input.targetOrgId === undefined) return { field, reason: { id: 'appeal.target_organisation_required' } };
        if (input.targetOrgId === appeal.assignedOrgId)
          return { field, reason: { id: 'appeal.already_with_organisation' } };
        break;
      case 'targetAppealId':
        if (input.targetAppealId === undefined) return { field, reason: { id: 'appeal.target_appeal_required' } };
        if (input.targetAppealId === appeal.id) return { field, reason: { id: 'appeal.duplicate_of_itself' } };
        break;
      case 'rating':
        if (input.rating === undefined || !Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
          return { field, reason: { id: 'appeal.rating_required' } };
        break;
      case 'categoryId':
        if (input.categoryId === undefined) return { field, reason: { id: 'appeal.category_required' } };
        break;
      case 'priority':
        if (input.priority === undefined) return { field, reason: { id: 'appeal.priority_required' } };
        break;
      case 'visibility':
        if (input.visibility !== 'public' && input.visibility !== 'internal')
          return { field, reason: { id: 'appeal.visibility_required' } };
        break;
    }
  }
  return null;
}

/** Why the action is refused (stale version, no right, wrong status, closed window, missing input), or null. */
function refusalOf(
  appeal: LifecycleAppeal,
  action: LifecycleAction,
  actor: LifecycleActor,
  input: LifecycleInput,
  now: Date,
): { kind: ErrorKind; reason: Message; field?: Requirement } | null {
  const transition = transitions[action];
  if (input.expectedVersion !== undefined && input.expectedVersion !== appeal.version)
    return { kind: 'version_conflict', reason: { id: 'appeal.version_conflict' } };
  if (!permitted(appeal, action, actor, input)) {
    const internal =
      action === 'comment' &&
      input.visibility === 'internal' &&
      permitted(appeal, action, actor, { visibility: 'public' });
    return internal
      ? { kind: 'forbidden', reason: { id: 'appeal.internal_comment_forbidden' }, field: 'visibility' }
      : { kind: 'forbidden', reason: { id: 'appeal.action_forbidden' } };
  }
  if (!transition.from.includes(appeal.status))
    return {
      kind: 'invalid_transition',
      reason: { id: 'appeal.transition_forbidden', params: { status: appeal.status } },
    };
  const window = windowProblem(appeal, transition, now);
  if (window) return { kind: 'window_closed', reason: window };
  // A rating given with a confirmation is optional, but must still be 1–5.
  const missing = inputProblem(
    appeal,
    action === 'confirm' && input.rating !== undefined ? { ...transition, requires: ['rating'] } : transition,
    input,
  );
  return missing ? { kind: 'missing_input', reason: missing.reason, field: missing.field } : null;
}

/** The appeal after the action. */
function nextAppeal(
  appeal: LifecycleAppeal,
  action: LifecycleAction,
  transition: Transition,
  input: LifecycleInput,
  now: Date,
): LifecycleAppeal {
  const toStatus = transition.to === 'stay' ? appeal.status : transition.to;
  const next: LifecycleAppeal = { ...appeal, status: toStatus, version: appeal.version + 1 };
  for (const effect of transition.effects) {
    if (effect.type === 'organisation') next.assignedOrgId = effect.op === 'clear' ? null : (input.targetOrgId ?? null);
    if (effect.type === 'reopen_counter') next.reopenCount = appeal.reopenCount + 1;
  }
  if (action === 'resolve') next.resolvedAt = now;
  if (action === 'rate') next.rating = input.rating ?? null;
  if (action === 'confirm' && input.rating !== undefined) next.rating = input.rating;
  if (action === 'change_category') next.categoryId = input.categoryId ?? appeal.categoryId;
  if (action === 'change_priority') next.priority = input.priority ?? appeal.priority;
  return next;
}

/** What the action's event records beside its statuses. */
function eventPayload(
  appeal: LifecycleAppeal,
  next: LifecycleAppeal,
  action: LifecycleAction,
  actor: LifecycleActor,
  input: LifecycleInput,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (isSystem(actor)) payload.system = actor.system;
  if (action === 'assign' || action === 'reroute') payload.by = isSystem(actor) ? actor.system : 'dispatcher';
  if (transitions[action].requires.includes('targetOrgId')) {
    payload.organisationId = input.targetOrgId;
    payload.previousOrganisationId = appeal.assignedOrgId;
  }
  if (action === 'reject') payload.previousOrganisationId = appeal.assignedOrgId;
  if (action === 'mark_duplicate') payload.duplicateOf = input.targetAppealId;
  if (action === 'confirm') payload.confirmed = true;
  if (action === 'confirm' && input.rating !== undefined) payload.rating = input.rating;
  if (action === 'auto_close') Object.assign(payload, { confirmed: false, auto: true });
  if (action === 'rate') payload.rating = input.rating;
  if (action === 'dispute') payload.reopenCount = next.reopenCount;
  if (action === 'comment') payload.visibility = input.visibility;
  if (action === 'change_category') Object.assign(payload, { from: appeal.categoryId, to: next.categoryId });
  if (action === 'change_priority') Object.assign(payload, { from: appeal.priority, to: next.priority });
  if (input.photos && input.photos.length > 0) payload.photos = [...input.photos];
  return payload;
}

/** The transition's effects, with who is told and who follows what. */
function resolvedEffects(
  appeal: LifecycleAppeal,
  next: LifecycleAppeal,
  transition: Transition,
  input: LifecycleInput,
): ResolvedEffect[] {
  return transition.effects.flatMap((effect): ResolvedEffect[] => {
    if (effect.type === 'follower')
      return [{ ...effect, userId: appeal.authorId, appealId: input.targetAppealId as number }];
    if (effect.type !== 'notify') return [effect];
    if (effect.to === 'author') return [{ ...effect, organisationId: null, userId: appeal.authorId }];
    if (effect.to !== 'assigned_organisation' && effect.to !== 'previous_organisation')
      return [{ ...effect, organisationId: null, userId: null }];
    const organisationId = effect.to === 'assigned_organisation' ? next.assignedOrgId : appeal.assignedOrgId;
    // Nobody to tell when the appeal had not reached an organisation (a cancel straight after filing).
    return organisationId === null ? [] : [{ ...effect, organisationId, userId: null }];
  });
}

/** Apply an action: the next appeal, its event and effects, or why it is refused. */
export function decide(
  appeal: LifecycleAppeal,
  action: LifecycleAction,
  actor: LifecycleActor,
  input: LifecycleInput,
  now: Date,
): Decision {
  const refusal = refusalOf(appeal, action, actor, input, now);
  if (refusal) {
    const { kind, reason, field } = refusal;
    return {
      ok: false,
      error: { kind, allowed: allowedActions(appeal, actor, now), ...(field ? { field } : {}), reason },
    };
  }
  const transition = transitions[action];
  const next = nextAppeal(appeal, action, transition, input, now);
  const event: LifecycleEvent = {
    type: transition.event,
    fromStatus: appeal.status,
    toStatus: next.status,
    actorId: isSystem(actor) ? null : actor.userId,
    actorRole: isSystem(actor) ? null : actor.role,
    organisationId: isSystem(actor) ? next.assignedOrgId : actor.organisationId,
    note: input.note ?? input.reason ?? null,
    payload: eventPayload(appeal, next, action, actor, input),
    at: now,
  };
  return { ok: true, next, event, effects: resolvedEffects(appeal, next, transition, input) };
}
