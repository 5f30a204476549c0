/**
 * The one permission table: role × action → scope. Every route asks `can()` (or `scopeOf()` to
 * filter lists) instead of checking roles itself, and the access-matrix tests read this table.
 */

export const roles = ['resident', 'dispatcher', 'org_staff', 'org_supervisor', 'city_hall', 'admin'] as const;
export type Role = (typeof roles)[number];
export type Principal = Role | 'anonymous';

/**
 * How far a permission reaches:
 * - all: every record (of every municipality);
 * - municipality: records of the actor's own municipality;
 * - organisation: records handled by the actor's own organisation;
 * - own: records the actor created (or is).
 */
export type Scope = 'all' | 'municipality' | 'organisation' | 'own';

export const actions = [
  'category.read',
  'building.read',
  /** The directory of a municipality's organisations (names, kinds, public contacts). */
  'organisation.read',
  'appeal.create',
  /** The public view: no personal data, only public appeals. */
  'appeal.read_public',
  /** The full view of an appeal, without the author's personal data. */
  'appeal.read',
  /** The author's name, phone, e-mail and apartment. */
  'appeal.read_personal',
  'appeal.list',
  /** Ask to sign in (request or verify a code, send a password): open to everyone. */
  'session.create',
  /** Accounts of this role sign in with a one-time code to their phone or e-mail. */
  'session.create_with_code',
  /** Accounts of this role sign in with a login and password. */
  'session.create_with_password',
  'session.read',
  'session.revoke',
  'outbox.read_dev',
  /** The municipality's accounts: staff and residents with their personal data (api/accounts/users.ts). */
  'user.manage',
  /** The trail of who read residents' personal data (api/accounts/personal-data-access.ts). */
  'audit.read',
  /** The dispatch board's queues: triage and overdue. */
  'dispatch.queue',
  /** Follow a public appeal instead of filing the same problem again. */
  'appeal.follow',
  // The appeal lifecycle (dispatch/lifecycle.ts): one action per transition a person may make.
  'appeal.assign',
  'appeal.accept',
  'appeal.request_info',
  'appeal.provide_info',
  'appeal.resolve',
  'appeal.confirm',
  'appeal.dispute',
  'appeal.reject',
  'appeal.reassign',
  'appeal.mark_duplicate',
  'appeal.cancel',
  /** A public comment, seen by the author and the organisation. */
  'appeal.comment',
  /** An internal comment, never shown to the author. */
  'appeal.comment_internal',
  'appeal.change_category',
  'appeal.change_priority',
  'appeal.escalate',
  'appeal.rate',
  /** See the municipality's routing rules, SLA policies and escalation ladder. */
  'dispatch_config.read',
  // Change them (api/routing/routes.ts, api/sla/routes.ts): one action per table an admin manages.
  'admin.routing_rules',
  'admin.sla_policies',
  'admin.ladder',
  // The municipality's directory (api/organisations, api/buildings, api/categories); users are `user.manage`.
  'admin.organisations',
  'admin.buildings',
  'admin.categories',
  /** One's own notification settings: channels per kind of message, language. */
  'notification.preferences',
  /** Register or remove one's own browsers for web push. */
  'push.subscribe',
  /** The city-hall dashboard's figures (api/stats/): a municipality's, or an organisation's own. */
  'stats.read',
  // Housing services (issue 6). Records of a building are the building's management company's
  // ("organisation" scope: resource.organisationIds = [the company], or the supplier of the service).
  /** Ask to be linked to an apartment; see one's own apartments and meters. */
  'apartment.link',
  /** Confirm, reject or revoke residents' links to the company's apartments. */
  'apartment.confirm',
  /** Keep apartments and their meters: add, change, record a replacement, retire. */
  'apartment.manage',
  /** Read an apartment's meters and readings (the resident's own, the company's buildings). */
  'reading.read',
  /** Submit a reading: a linked resident for their apartment, the company for its buildings (bulk import). */
  'reading.submit',
  /** Export a period's readings (CSV, XLSX). */
  'reading.export',
  /** Active and past outages: public. */
  'outage.read',
  /** Publish, change, restore or cancel an outage of one's own organisation. */
  'outage.publish',
  /** The technical passport and public documents of a building: public. */
  'passport.read',
  /** Edit a building's passport, attach documents, read its change history. */
  'passport.edit',
  /** Import or export passports as CSV. */
  'passport.import',
  /** Read inspections, their scores and defects. */
  'inspection.read',
  /** Plan seasonal inspections (city-wide or for the company's buildings). */
  'inspection.plan',
  /** Carry out an inspection: scores, defects with photos, completion; make work appeals of defects. */
  'inspection.conduct',
  // Municipal e-services (issue 15). An application's records belong to the department that provides
  // the service ("organisation" scope: resource.organisationIds = [the department]) and to its applicant.
  /** The catalogue of municipal services and their forms: public. */
  'eservice.read',
  /** Keep the catalogue: a service's texts, term, stages and a new version of its form. */
  'eservice.manage',
  /** Fill, submit, answer and withdraw one's own applications. */
  'application.create',
  /** Read an application and its timeline (the applicant's own; the providing department's). */
  'application.read',
  /** The applicant's name, phone and e-mail on an application. */
  'application.read_personal',
  /** Work an application in the department: take, advance, request documents, ask another body, decide, issue. */
  'application.work',
  /** Answer an inter-agency request addressed to one's own organisation. */
  'interagency.answer',
  /** The project office's figures of the services: terms kept, days per stage, the online share. */
  'eservice.stats',
  // The electronic queue (issue 16). An office's records (its points, schedules, appointments and
  // tickets) belong to the organisation that receives there ("organisation" scope:
  // resource.organisationIds = [the office's organisation]) and an appointment to the person too.
  /** Offices, their services and free slots, and the hall display: public. */
  'office.read',
  /** Book an appointment for oneself. */
  'appointment.create',
  /** Read an appointment and its steps (one's own; the office's organisation's). */
  'appointment.read',
  /** The name and phone of the person an appointment is for. */
  'appointment.read_personal',
  /** Reschedule or cancel an appointment (one's own, until the cut-off; the office on the person's behalf). */
  'appointment.change',
  /** Work the hall at an office: check a client in, the operator's console (call, start, finish, …). */
  'hall.operate',
  /** Keep an office: hours, exceptions, points and their services and operators, the rules, the kiosk key. */
  'office.manage',
  /** The queue's figures: bookings, no-shows, waits, service times, load by hour. */
  'queue.stats',
  // Public discussions of urban-planning projects (issue 17). A discussion's records belong to its
  // organiser (the Department of Architecture: resource.organisationIds = [the organiser]); a
  // proposal to its author too.
  /** Discussions, their territory, documents, accepted proposals without names, the public protocol and conclusion: public. */
  'discussion.read',
  /** Prepare a discussion: its project, territory, documents and dates; announce, cancel; the conclusion. */
  'discussion.manage',
  /** Moderate the proposals: accept into the protocol or reject with a reason; the recommendation on each. */
  'discussion.moderate',
  /** The participants' names, birth dates and addresses: the organiser's copy of the protocol. */
  'discussion.read_personal',
  /** Submit a proposal or remark to a discussion (whether one may take part is decided from the person's identity). */
  'proposal.create',
  /** Read proposals with their status (one's own; the organiser's every one). */
  'proposal.read',
  /** Link a verified identity (the national identity provider, ESIA) to one's own account. */
  'identity.link',
  // Interoperability (issue 18). Open311 and open data are public routes (an Open311 client files
  // with its API key, checked by the service); their keys and the register imports are the admin's.
  /** The Open311 clients of a municipality and their API keys: create, list, revoke. */
  'admin.api_clients',
  /** Import the registers of buildings and organisations from a file; see the runs and their refused lines. */
  'admin.imports',
] as const;
export type Action = (typeof actions)[number];

type Table = Record<Action, Partial<Record<Principal, Scope>>>;

const signedIn = (scope: Scope): Partial<Record<Principal, Scope>> => ({
  resident: scope,
  dispatcher: scope,
  org_staff: scope,
  org_supervisor: scope,
  city_hall: scope,
  admin: scope,
});

const everyone = (scope: Scope): Partial<Record<Principal, Scope>> => ({
  anonymous: scope,
  ...signedIn(scope),
});

/** The assigned organisation's staff and supervisors. */
const worksIt: Partial<Record<Principal, Scope>> = { org_staff: 'organisation', org_supervisor: 'organisation' };

export const permissionTable: Table = {
  'category.read': everyone('all'),
  'building.read': everyone('all'),
  'organisation.read': everyone('all'),
  // One installation serves several municipalities; a resident may file in any of them.
  'appeal.create': { resident: 'all' },
  'appeal.read_public': everyone('all'),
  'appeal.read': {
    resident: 'own',
    org_staff: 'organisation',
    org_supervisor: 'organisation',
    dispatcher: 'municipality',
    city_hall: 'municipality',
    admin: 'municipality',
  },
  // City hall watches figures, not people: it never sees residents' personal data.
  'appeal.read_personal': {
    resident: 'own',
    org_staff: 'organisation',
    org_supervisor: 'organisation',
    dispatcher: 'municipality',
    admin: 'municipality',
  },
  'appeal.list': {
    resident: 'own',
    org_staff: 'organisation',
    org_supervisor: 'organisation',
    dispatcher: 'municipality',
    city_hall: 'municipality',
    admin: 'municipality',
  },
  'session.create': everyone('all'),
  // Residents prove a phone or an e-mail; staff accounts are issued with a password and never take codes.
  'session.create_with_code': { resident: 'own' },
  'session.create_with_password': {
    dispatcher: 'own',
    org_staff: 'own',
    org_supervisor: 'own',
    city_hall: 'own',
    admin: 'own',
  },
  'session.read': signedIn('own'),
  'session.revoke': {
    resident: 'own',
    dispatcher: 'own',
    org_staff: 'own',
    org_supervisor: 'own',
    city_hall: 'own',
    admin: 'municipality',
  },
  'outbox.read_dev': { admin: 'municipality' },
  'user.manage': { admin: 'municipality' },
  'audit.read': { admin: 'municipality' },
  'dispatch.queue': { dispatcher: 'municipality', city_hall: 'municipality', admin: 'municipality' },
  'appeal.follow': { resident: 'all' },
  // Lifecycle. The author acts on their own appeal; the assigned organisation works it; the
  // municipality's dispatchers route and correct it. City hall and admins watch, they do not act.
  'appeal.assign': { dispatcher: 'municipality' },
  'appeal.accept': worksIt,
  'appeal.request_info': worksIt,
  // Staff may author work appeals (an inspection's defects): they answer questions about their own.
  'appeal.provide_info': { resident: 'own', org_staff: 'own', org_supervisor: 'own' },
  'appeal.resolve': worksIt,
  'appeal.confirm': { resident: 'own' },
  'appeal.dispute': { resident: 'own' },
  'appeal.reject': worksIt,
  'appeal.reassign': { dispatcher: 'municipality' },
  'appeal.mark_duplicate': { dispatcher: 'municipality' },
  'appeal.cancel': { resident: 'own' },
  'appeal.comment': { resident: 'own', ...worksIt, dispatcher: 'municipality' },
  'appeal.comment_internal': { ...worksIt, dispatcher: 'municipality' },
  'appeal.change_category': { dispatcher: 'municipality' },
  'appeal.change_priority': { dispatcher: 'municipality' },
  'appeal.escalate': { dispatcher: 'municipality' },
  'appeal.rate': { resident: 'own' },
  // Dispatchers read the rules they triage around, city hall the targets it holds companies to;
  // only the municipality's admins change them.
  'dispatch_config.read': { dispatcher: 'municipality', city_hall: 'municipality', admin: 'municipality' },
  'admin.routing_rules': { admin: 'municipality' },
  'admin.sla_policies': { admin: 'municipality' },
  'admin.ladder': { admin: 'municipality' },
  'admin.organisations': { admin: 'municipality' },
  'admin.buildings': { admin: 'municipality' },
  'admin.categories': { admin: 'municipality' },
  // Everyone chooses how they hear from the platform; nobody chooses for someone else.
  'notification.preferences': signedIn('own'),
  'push.subscribe': signedIn('own'),
  // City hall holds the companies to account with these figures; dispatchers and admins see the
  // same; a company sees its own figures only (and where it stands in the league table).
  'stats.read': { ...worksIt, dispatcher: 'municipality', city_hall: 'municipality', admin: 'municipality' },
  // Housing services: the company keeps its buildings' apartments, meters, passports and
  // inspections; residents see and submit for their own confirmed apartments; the admin keeps the
  // municipality's records; city hall watches inspections and plans them city-wide.
  'apartment.link': { resident: 'own' },
  'apartment.confirm': { ...worksIt, admin: 'municipality' },
  'apartment.manage': { ...worksIt, admin: 'municipality' },
  'reading.read': { resident: 'own', ...worksIt, admin: 'municipality' },
  'reading.submit': { resident: 'own', ...worksIt },
  'reading.export': { ...worksIt, admin: 'municipality' },
  'outage.read': everyone('all'),
  'outage.publish': { ...worksIt, dispatcher: 'municipality', admin: 'municipality' },
  'passport.read': everyone('all'),
  'passport.edit': { ...worksIt, admin: 'municipality' },
  'passport.import': { org_supervisor: 'organisation', admin: 'municipality' },
  'inspection.read': { ...worksIt, dispatcher: 'municipality', city_hall: 'municipality', admin: 'municipality' },
  'inspection.plan': { org_supervisor: 'organisation', city_hall: 'municipality', admin: 'municipality' },
  'inspection.conduct': worksIt,
  // E-services: anyone reads the catalogue; a person applies for themselves or as an organisation's
  // representative; the providing department works its applications; another organisation answers
  // the requests it is asked; city hall's project office sees figures, never applicants.
  'eservice.read': everyone('all'),
  'eservice.manage': { admin: 'municipality' },
  'application.create': { resident: 'all' },
  'application.read': { resident: 'own', ...worksIt, admin: 'municipality' },
  'application.read_personal': { resident: 'own', ...worksIt },
  'application.work': worksIt,
  'interagency.answer': worksIt,
  'eservice.stats': { org_supervisor: 'organisation', city_hall: 'municipality', admin: 'municipality' },
  // The queue: anyone sees offices, free slots and the hall display (ticket numbers and windows, no
  // names); a resident books for themselves; the office's organisation works its hall and sees who
  // comes; its supervisors keep the office, the municipality's admins every office; city hall sees
  // figures, never people.
  'office.read': everyone('all'),
  'appointment.create': { resident: 'all' },
  'appointment.read': { resident: 'own', ...worksIt, admin: 'municipality' },
  'appointment.read_personal': { resident: 'own', ...worksIt },
  'appointment.change': { resident: 'own', ...worksIt },
  'hall.operate': worksIt,
  'office.manage': { org_supervisor: 'organisation', admin: 'municipality' },
  'queue.stats': { org_supervisor: 'organisation', city_hall: 'municipality', admin: 'municipality' },
  // Public discussions: anyone reads a discussion and what came of it; a resident takes part where
  // their identity lets them (any municipality, as with appeals); the organiser's supervisors prepare
  // a discussion and its staff moderate; the municipality's admin may do both but sees no
  // participant's personal data; city hall watches, like everyone.
  'discussion.read': everyone('all'),
  'discussion.manage': { org_supervisor: 'organisation', admin: 'municipality' },
  'discussion.moderate': { ...worksIt, admin: 'municipality' },
  'discussion.read_personal': worksIt,
  'proposal.create': { resident: 'all' },
  'proposal.read': { resident: 'own', ...worksIt, admin: 'municipality' },
  'identity.link': { resident: 'own' },
  'admin.api_clients': { admin: 'municipality' },
  'admin.imports': { admin: 'municipality' },
};

/** Who is acting: null is an anonymous visitor. */
export type Actor = {
  userId: number;
  role: Role;
  municipalityId: number;
  organisationId: number | null;
} | null;

/** What a record is, as far as permissions care. */
export type Resource = {
  municipalityId: number;
  /** Organisations handling the record (for an appeal: the assigned one). */
  organisationIds?: readonly (number | null)[];
  /** The user who created the record (for an appeal: the author; for a user: itself). */
  ownerId?: number | null;
};

/** The scope an actor has for an action, or null when it may not do it at all. */
export function scopeOf(actor: Actor, action: Action): Scope | null {
  return permissionTable[action][actor ? actor.role : 'anonymous'] ?? null;
}

/** May this actor do this action (to this record, when one is given)? */
export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  const scope = scopeOf(actor, action);
  if (scope === null) return false;
  if (!resource || scope === 'all') return true;
  if (!actor) return false;
  switch (scope) {
    case 'municipality':
      return resource.municipalityId === actor.municipalityId;
    case 'organisation':
      return (
        actor.organisationId !== null &&
        resource.municipalityId === actor.municipalityId &&
        (resource.organisationIds ?? []).includes(actor.organisationId)
      );
    case 'own':
      return resource.ownerId != null && resource.ownerId === actor.userId;
  }
}
