/**
 * Who hears what, as plain data. A lifecycle transition or an escalation step becomes a list of
 * notices (an audience, a kind of message, a template); an audience becomes people, and each person
 * the channels their preferences allow and their contacts make possible. Quiet hours hold what is
 * not an emergency until the morning. Nothing here reads the clock, the database or the queue.
 */
import { offsetMillis } from './calendar.ts';
import type { LadderAction } from './escalation.ts';
import type { LifecycleEvent, ResolvedEffect } from './lifecycle.ts';
import type { Language, NotificationKind } from './notification-kinds.ts';
import { notificationKinds } from './notification-kinds.ts';
import type { Role } from './permissions.ts';
import type { TimerStep } from './sla.ts';
import type { AppealStatus, Priority } from './taxonomy.ts';

export { languages, notificationKinds, type Language, type NotificationKind } from './notification-kinds.ts';

export const channels = ['sms', 'email', 'push'] as const;
export type Channel = (typeof channels)[number];

/** Every message a template may produce; texts for each are in notification-texts.ts. */
export const templates = [
  // residents
  'status_changed',
  'appeal_accepted',
  'info_requested',
  'appeal_resolved',
  'appeal_auto_closed',
  'appeal_merged',
  // organisations
  'appeal_assigned',
  'appeal_taken_away',
  'info_provided',
  'appeal_confirmed',
  'appeal_disputed',
  'appeal_cancelled',
  'appeal_rated',
  'sla_reminder',
  'sla_warning',
  'sla_breach',
  // dispatchers, supervisors, city hall
  'appeal_rejected',
  'sla_overdue',
  'appeal_escalated',
  'sla_city_hall',
] as const;
export type Template = (typeof templates)[number];

type StaffRole = Extract<Role, 'org_staff' | 'org_supervisor'>;

/** Whom a notice is for, before it is resolved into people. */
export type Audience =
  | { type: 'user'; userId: number }
  | { type: 'organisation'; organisationId: number; roles: readonly StaffRole[] }
  | { type: 'municipality'; role: 'dispatcher' | 'city_hall' };

export type Notice = {
  audience: Audience;
  kind: NotificationKind;
  template: Template;
  /** Emergencies are never held by quiet hours. */
  emergency: boolean;
  /** Facts the text needs beyond the appeal's own (never personal data). */
  vars: NoticeVars;
};

export type NoticeVars = {
  status?: AppealStatus;
  /** The organisation's question to the resident (info requests only, and only to the resident). */
  note?: string | null;
  step?: TimerStep;
  clock?: 'response' | 'resolution';
};

// The states in which an organisation works the appeal (dispatch/lifecycle.ts HELD_BY_ORGANISATION).
const heldByOrganisation: readonly AppealStatus[] = ['assigned', 'accepted', 'needs_info', 'reopened'];
const wholeOrganisation: readonly StaffRole[] = ['org_staff', 'org_supervisor'];
const supervisors: readonly StaffRole[] = ['org_supervisor'];

/** The template a resident gets for a status change, and its kind. */
function residentTemplate(
  toStatus: AppealStatus,
  authorTemplate: string | undefined,
): { template: Template; kind: NotificationKind } {
  if (toStatus === 'needs_info') return { template: 'info_requested', kind: 'info_requested' };
  if (toStatus === 'resolved') return { template: 'appeal_resolved', kind: 'resolved' };
  const named = templates.find((t) => t === authorTemplate);
  return { template: named ?? 'status_changed', kind: 'status_changed' };
}

const organisationKind = (template: string): NotificationKind =>
  template === 'appeal_assigned' ? 'assignment' : 'appeal_update';

/**
 * The notices a lifecycle transition causes. Residents (the author and followers) hear of every
 * status change (an information request and "resolved — please confirm" are the author's; followers
 * hear of the new status); organisations, dispatchers, supervisors and city hall hear what the transition's
 * notify effects name. The person who acted is not told of their own action (see `deliveriesFor`).
 */
export function transitionNotices(input: {
  appeal: { authorId: number; priority: Priority; assignedOrgId: number | null };
  event: Pick<LifecycleEvent, 'fromStatus' | 'toStatus' | 'note'>;
  effects: readonly ResolvedEffect[];
  followerIds: readonly number[];
}): Notice[] {
  const { appeal, event, effects } = input;
  const emergency = appeal.priority === 'emergency';
  const notices: Notice[] = [];
  if (event.fromStatus !== event.toStatus) {
    const authorEffect = effects.find((e) => e.type === 'notify' && e.to === 'author');
    const { template, kind } = residentTemplate(
      event.toStatus,
      authorEffect?.type === 'notify' ? authorEffect.template : undefined,
    );
    const vars: NoticeVars = { status: event.toStatus, ...(template === 'info_requested' ? { note: event.note } : {}) };
    notices.push({ audience: { type: 'user', userId: appeal.authorId }, kind, template, emergency, vars });
    // Followers watch; only the author is asked to answer or confirm, and only the author reads
    // the organisation's question (it may name them).
    const asksTheAuthor = kind === 'info_requested' || kind === 'resolved';
    const followerNotice: Omit<Notice, 'audience'> = asksTheAuthor
      ? { kind: 'status_changed', template: 'status_changed', emergency, vars: { status: event.toStatus } }
      : { kind, template, emergency, vars };
    for (const userId of new Set(input.followerIds)) {
      if (userId !== appeal.authorId) notices.push({ audience: { type: 'user', userId }, ...followerNotice });
    }
  }
  for (const effect of effects) {
    if (effect.type !== 'notify' || effect.to === 'author') continue;
    const template = templates.find((t) => t === effect.template);
    if (!template) continue;
    const vars: NoticeVars = { status: event.toStatus };
    switch (effect.to) {
      case 'assigned_organisation':
      case 'previous_organisation':
        if (effect.organisationId !== null) {
          notices.push({
            audience: { type: 'organisation', organisationId: effect.organisationId, roles: wholeOrganisation },
            kind: organisationKind(template),
            template,
            emergency,
            vars,
          });
        }
        break;
      case 'dispatchers':
        notices.push({
          audience: { type: 'municipality', role: 'dispatcher' },
          kind: 'triage',
          template,
          emergency,
          vars,
        });
        break;
      case 'supervisor':
        if (appeal.assignedOrgId !== null) {
          notices.push({
            audience: { type: 'organisation', organisationId: appeal.assignedOrgId, roles: supervisors },
            kind: 'escalation',
            template,
            emergency,
            vars,
          });
        }
        break;
      case 'city_hall':
        notices.push({
          audience: { type: 'municipality', role: 'city_hall' },
          kind: 'escalation',
          template,
          emergency,
          vars,
        });
        break;
    }
  }
  return notices;
}

/**
 * The notices of one escalation step: the ladder's actions for it (per municipality). An appeal no
 * organisation holds (in triage, resolved, closed) has nobody to remind or warn; dispatchers and
 * city hall still hear their steps.
 */
export function stepNotices(input: {
  appeal: { priority: Priority; status: AppealStatus; assignedOrgId: number | null };
  step: TimerStep;
  clock: 'response' | 'resolution';
  actions: readonly LadderAction[];
}): Notice[] {
  const { appeal, step, clock } = input;
  const emergency = appeal.priority === 'emergency';
  const vars: NoticeVars = { step, clock };
  // Only an organisation that holds the appeal now is reminded or warned about it.
  const org = heldByOrganisation.includes(appeal.status) ? appeal.assignedOrgId : null;
  return input.actions.flatMap((action): Notice[] => {
    switch (action) {
      case 'remind_organisation':
        return org === null
          ? []
          : [
              {
                audience: { type: 'organisation', organisationId: org, roles: wholeOrganisation },
                kind: 'reminder',
                template: 'sla_reminder',
                emergency,
                vars,
              },
            ];
      case 'warn_supervisor':
        return org === null
          ? []
          : [
              {
                audience: { type: 'organisation', organisationId: org, roles: supervisors },
                kind: 'warning',
                template: step >= 100 ? 'sla_breach' : 'sla_warning',
                emergency,
                vars,
              },
            ];
      case 'overdue_queue':
        return [
          {
            audience: { type: 'municipality', role: 'dispatcher' },
            kind: 'overdue',
            template: 'sla_overdue',
            emergency,
            vars,
          },
        ];
      case 'notify_city_hall':
        return [
          {
            audience: { type: 'municipality', role: 'city_hall' },
            kind: 'escalation',
            template: 'sla_city_hall',
            emergency,
            vars,
          },
        ];
      default:
        return [];
    }
  });
}

/** The kinds of message a role can receive (the preferences page lists these). */
export function kindsFor(role: Role): readonly NotificationKind[] {
  switch (role) {
    case 'resident':
      return [
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
      ];
    case 'org_staff':
      return ['assignment', 'appeal_update', 'reminder'];
    case 'org_supervisor':
      return ['assignment', 'appeal_update', 'reminder', 'warning', 'escalation'];
    case 'dispatcher':
      return ['triage', 'overdue'];
    case 'city_hall':
      return ['escalation'];
    case 'admin':
      return [];
  }
}

export type ChannelChoice = Record<Channel, boolean>;
export type PreferenceOverride = { kind: string; channel: Channel; enabled: boolean };

/**
 * Defaults: e-mail for everything, push wherever the person subscribed a browser, SMS only where
 * a resident must act or may want to (an information request, "resolved — please confirm", an appointment).
 */
export function defaultChannels(role: Role, kind: NotificationKind): ChannelChoice {
  // An appointment's confirmation and reminders by SMS too: residents book with their phone, and a
  // reminder that does not reach them is a wasted slot.
  const sms = role === 'resident' && (kind === 'info_requested' || kind === 'resolved' || kind === 'appointment');
  return { sms, email: true, push: true };
}

/** A person's channels per kind: the defaults with their own choices over them. */
export function effectivePreferences(
  role: Role,
  overrides: readonly PreferenceOverride[],
): Record<NotificationKind, ChannelChoice> {
  const result = Object.fromEntries(notificationKinds.map((kind) => [kind, defaultChannels(role, kind)])) as Record<
    NotificationKind,
    ChannelChoice
  >;
  for (const o of overrides) {
    const choice = result[o.kind as NotificationKind];
    if (choice) choice[o.channel] = o.enabled;
  }
  return result;
}

/** Someone a notice may reach, with the contacts they gave and their choices. */
export type Person = {
  userId: number;
  role: Role;
  language: Language;
  phone: string | null;
  email: string | null;
  pushEndpoints: readonly string[];
  preferences: readonly PreferenceOverride[];
};

/**
 * Where a person hears a kind of message: each channel their preferences allow (effective for
 * their role) and their contacts make possible, once per push subscription.
 */
export function reachOf(person: Person, kind: NotificationKind): { channel: Channel; destination: string }[] {
  const choice = effectivePreferences(person.role, person.preferences)[kind];
  const out: { channel: Channel; destination: string }[] = [];
  if (choice.sms && person.phone) out.push({ channel: 'sms', destination: person.phone });
  if (choice.email && person.email) out.push({ channel: 'email', destination: person.email });
  if (choice.push) for (const endpoint of person.pushEndpoints) out.push({ channel: 'push', destination: endpoint });
  return out;
}

/** One message on one channel to one address: an outbox row. */
export type Delivery = {
  userId: number | null;
  channel: Channel;
  destination: string;
  language: Language;
  kind: NotificationKind;
  template: Template;
  emergency: boolean;
  vars: NoticeVars;
};

/**
 * Resolve a notice for the people of its audience: each gets the channels their preferences allow
 * and their contacts make possible; the person who acted gets nothing. An organisation none of
 * whose staff would hear it (no contact, or every channel off) is written to at its public e-mail.
 */
export function deliveriesFor(
  notice: Notice,
  people: readonly Person[],
  opts: { actorId: number | null; organisationEmail: string | null },
): Delivery[] {
  const out: Delivery[] = [];
  const base = { kind: notice.kind, template: notice.template, emergency: notice.emergency, vars: notice.vars };
  for (const person of people) {
    if (person.userId === opts.actorId) continue;
    const common = { ...base, userId: person.userId, language: person.language };
    for (const address of reachOf(person, notice.kind)) out.push({ ...common, ...address });
  }
  // Nobody of the organisation would hear it (no contact, or channels off): its public inbox does.
  if (notice.audience.type === 'organisation' && out.length === 0 && opts.organisationEmail) {
    out.push({ ...base, userId: null, channel: 'email', destination: opts.organisationEmail, language: 'ru' });
  }
  return out;
}

/** One row per person, channel and address: the same person in two audiences hears once. */
export function uniqueDeliveries(deliveries: readonly Delivery[]): Delivery[] {
  const seen = new Set<string>();
  return deliveries.filter((d) => {
    const key = `${d.channel}\u0000${d.destination}\u0000${d.template}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// Quiet hours: 22:00–08:00 local time, when only emergencies may wake anyone.
const QUIET_FROM_HOUR = 22;
const QUIET_UNTIL_HOUR = 8;
const HOUR = 3_600_000;

/**
 * When a message may go: null for now, or 08:00 local time when `now` falls in the quiet hours
 * (22:00–08:00 in the municipality's time zone). Emergencies are never held.
 */
export function heldUntil(now: Date, timeZone: string, emergency: boolean): Date | null {
  if (emergency) return null;
  const offset = offsetMillis(timeZone, now.getTime());
  const local = new Date(now.getTime() + offset);
  const hour = local.getUTCHours();
  if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return null;
  const morning =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), QUIET_UNTIL_HOUR) +
    (hour >= QUIET_FROM_HOUR ? 24 * HOUR : 0);
  // Back from local wall time to the instant (the offset at 08:00 may differ across a DST change).
  return new Date(morning - offsetMillis(timeZone, morning - offset));
}
