import { describe, expect, it } from 'vitest';
import { type Action, type Actor, actions, can, type Principal, type Resource, roles } from './permissions.ts';

/*
 * What each principal may reach, written out by hand from what the product promises (DOMAIN.md),
 * not generated from the table. Each cell lists which of four records the principal may act on:
 *
 *   O  its own record: created by the actor, in its municipality, handled by its organisation
 *   G  someone else's record handled by the actor's organisation, in its municipality
 *   M  someone else's record in the actor's municipality, handled by another organisation
 *   X  a record of another municipality
 *
 * `·` marks a record it may not reach; `····` means the action is refused outright.
 */
type Cell = string;
const principals = ['anonymous', ...roles] as const satisfies readonly Principal[];

const expected: Record<Action, [Cell, Cell, Cell, Cell, Cell, Cell, Cell]> = {
  //                                anonymous resident dispatcher org_staff org_supervisor city_hall admin
  // Reference data and the public map are open to everyone, across municipalities.
  'category.read': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'building.read': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'organisation.read': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'appeal.read_public': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  // Only residents file appeals, and in any municipality of the installation.
  'appeal.create': ['····', 'OGMX', '····', '····', '····', '····', '····'],
  // A resident sees their own; companies their queue; the city-wide roles the whole municipality.
  'appeal.read': ['····', 'O···', 'OGM·', 'OG··', 'OG··', 'OGM·', 'OGM·'],
  'appeal.list': ['····', 'O···', 'OGM·', 'OG··', 'OG··', 'OGM·', 'OGM·'],
  // City hall watches figures, not people: no personal data of residents.
  'appeal.read_personal': ['····', 'O···', 'OGM·', 'OG··', 'OG··', '····', 'OGM·'],
  // Anyone may ask to sign in; residents by code, staff by password, each into their own account.
  'session.create': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'session.create_with_code': ['····', 'O···', '····', '····', '····', '····', '····'],
  'session.create_with_password': ['····', '····', 'O···', 'O···', 'O···', 'O···', 'O···'],
  // Everyone signed in sees and ends their own sessions; an admin may end any in the municipality.
  'session.read': ['····', 'O···', 'O···', 'O···', 'O···', 'O···', 'O···'],
  'session.revoke': ['····', 'O···', 'O···', 'O···', 'O···', 'O···', 'OGM·'],
  // Administration stays inside the admin's municipality.
  'outbox.read_dev': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  'user.manage': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  'audit.read': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  // The dispatch board (triage, overdue) belongs to the municipality's dispatchers; city hall watches.
  'dispatch.queue': ['····', '····', 'OGM·', '····', '····', 'OGM·', 'OGM·'],
  // Any resident may follow a public appeal (in any municipality, like filing one).
  'appeal.follow': ['····', 'OGMX', '····', '····', '····', '····', '····'],
  // Lifecycle: the author on their own appeal, the organisation on its queue, dispatchers in their
  // municipality; city hall and admins watch and never act on an appeal.
  'appeal.assign': ['····', '····', 'OGM·', '····', '····', '····', '····'],
  'appeal.accept': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  'appeal.request_info': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  // Staff answer questions about the work appeals they made themselves (inspection defects).
  'appeal.provide_info': ['····', 'O···', '····', 'O···', 'O···', '····', '····'],
  'appeal.resolve': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  'appeal.confirm': ['····', 'O···', '····', '····', '····', '····', '····'],
  'appeal.dispute': ['····', 'O···', '····', '····', '····', '····', '····'],
  'appeal.reject': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  'appeal.reassign': ['····', '····', 'OGM·', '····', '····', '····', '····'],
  'appeal.mark_duplicate': ['····', '····', 'OGM·', '····', '····', '····', '····'],
  'appeal.cancel': ['····', 'O···', '····', '····', '····', '····', '····'],
  'appeal.comment': ['····', 'O···', 'OGM·', 'OG··', 'OG··', '····', '····'],
  // Internal notes are for the people working the appeal, never the author.
  'appeal.comment_internal': ['····', '····', 'OGM·', 'OG··', 'OG··', '····', '····'],
  'appeal.change_category': ['····', '····', 'OGM·', '····', '····', '····', '····'],
  'appeal.change_priority': ['····', '····', 'OGM·', '····', '····', '····', '····'],
  'appeal.escalate': ['····', '····', 'OGM·', '····', '····', '····', '····'],
  'appeal.rate': ['····', 'O···', '····', '····', '····', '····', '····'],
  // Dispatch configuration: dispatchers and city hall read their municipality's; only admins change it.
  'dispatch_config.read': ['····', '····', 'OGM·', '····', '····', 'OGM·', 'OGM·'],
  'admin.routing_rules': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  'admin.sla_policies': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  'admin.ladder': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  // The directory (organisations, buildings, categories) and the accounts: admins of the municipality only.
  'admin.organisations': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  'admin.buildings': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  'admin.categories': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  // Notification settings and push subscriptions: everyone signed in, each only their own.
  'notification.preferences': ['····', 'O···', 'O···', 'O···', 'O···', 'O···', 'O···'],
  'push.subscribe': ['····', 'O···', 'O···', 'O···', 'O···', 'O···', 'O···'],
  // The dashboard: the municipality's figures for the city-wide roles, a company's own for its staff.
  'stats.read': ['····', '····', 'OGM·', 'OG··', 'OG··', 'OGM·', 'OGM·'],
  // Housing services. A resident asks for and uses their own apartments; the building's company
  // confirms links and keeps apartments, meters, passports and inspections; admins keep the
  // municipality's; city hall watches and plans inspections but never sees residents' readings.
  'apartment.link': ['····', 'O···', '····', '····', '····', '····', '····'],
  'apartment.confirm': ['····', '····', '····', 'OG··', 'OG··', '····', 'OGM·'],
  'apartment.manage': ['····', '····', '····', 'OG··', 'OG··', '····', 'OGM·'],
  'reading.read': ['····', 'O···', '····', 'OG··', 'OG··', '····', 'OGM·'],
  'reading.submit': ['····', 'O···', '····', 'OG··', 'OG··', '····', '····'],
  'reading.export': ['····', '····', '····', 'OG··', 'OG··', '····', 'OGM·'],
  // Outages are public; suppliers and companies publish their own, dispatchers and admins any in the city.
  'outage.read': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'outage.publish': ['····', '····', 'OGM·', 'OG··', 'OG··', '····', 'OGM·'],
  'passport.read': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'passport.edit': ['····', '····', '····', 'OG··', 'OG··', '····', 'OGM·'],
  'passport.import': ['····', '····', '····', '····', 'OG··', '····', 'OGM·'],
  'inspection.read': ['····', '····', 'OGM·', 'OG··', 'OG··', 'OGM·', 'OGM·'],
  'inspection.plan': ['····', '····', '····', '····', 'OG··', 'OGM·', 'OGM·'],
  'inspection.conduct': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  // E-services: the catalogue is public; residents apply in any municipality (for themselves or as an
  // organisation's representative) and read their own; the providing department works its
  // applications and sees the applicant; another body answers the requests it is asked; the admin
  // keeps the catalogue and may read applications but not the applicant's details; the project
  // office (city hall) sees figures only.
  'eservice.read': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'eservice.manage': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  'application.create': ['····', 'OGMX', '····', '····', '····', '····', '····'],
  'application.read': ['····', 'O···', '····', 'OG··', 'OG··', '····', 'OGM·'],
  'application.read_personal': ['····', 'O···', '····', 'OG··', 'OG··', '····', '····'],
  'application.work': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  'interagency.answer': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  'eservice.stats': ['····', '····', '····', '····', 'OG··', 'OGM·', 'OGM·'],
  // The electronic queue: offices, free slots and the hall display are public; a resident books in
  // any municipality and sees and changes their own appointments; the office's organisation works
  // its hall, sees who comes and may cancel for them; its supervisors keep the office; the admin
  // keeps every office and may read appointments but not the person's details; city hall sees
  // figures only.
  'office.read': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'appointment.create': ['····', 'OGMX', '····', '····', '····', '····', '····'],
  'appointment.read': ['····', 'O···', '····', 'OG··', 'OG··', '····', 'OGM·'],
  'appointment.read_personal': ['····', 'O···', '····', 'OG··', 'OG··', '····', '····'],
  'appointment.change': ['····', 'O···', '····', 'OG··', 'OG··', '····', '····'],
  'hall.operate': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  'office.manage': ['····', '····', '····', '····', 'OG··', '····', 'OGM·'],
  'queue.stats': ['····', '····', '····', '····', 'OG··', 'OGM·', 'OGM·'],
  // Public discussions: anyone reads them; a resident takes part in any municipality (whether they may
  // is their identity's question, not the role's) and reads their own proposals; the organiser
  // prepares (supervisors), moderates and sees who took part; the admin prepares and moderates any in
  // the municipality without seeing the participants; city hall only reads what is public.
  'discussion.read': ['OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX', 'OGMX'],
  'discussion.manage': ['····', '····', '····', '····', 'OG··', '····', 'OGM·'],
  'discussion.moderate': ['····', '····', '····', 'OG··', 'OG··', '····', 'OGM·'],
  'discussion.read_personal': ['····', '····', '····', 'OG··', 'OG··', '····', '····'],
  'proposal.create': ['····', 'OGMX', '····', '····', '····', '····', '····'],
  'proposal.read': ['····', 'O···', '····', 'OG··', 'OG··', '····', 'OGM·'],
  'identity.link': ['····', 'O···', '····', '····', '····', '····', '····'],
  // Open311 keys and register imports stay inside the admin's municipality.
  'admin.api_clients': ['····', '····', '····', '····', '····', '····', 'OGM·'],
  'admin.imports': ['····', '····', '····', '····', '····', '····', 'OGM·'],
};

const MUNICIPALITY = 1;
const OTHER_MUNICIPALITY = 2;
const ORGANISATION = 10;
const OTHER_ORGANISATION = 20;
const SOMEONE_ELSE = 999;

function actorFor(principal: Principal, index: number): Actor {
  if (principal === 'anonymous') return null;
  const hasOrganisation = principal === 'dispatcher' || principal === 'org_staff' || principal === 'org_supervisor';
  return {
    userId: 100 + index,
    role: principal,
    municipalityId: MUNICIPALITY,
    organisationId: hasOrganisation ? ORGANISATION : null,
  };
}

function resourcesFor(actor: Actor): Record<'O' | 'G' | 'M' | 'X', Resource> {
  return {
    O: {
      municipalityId: MUNICIPALITY,
      ownerId: actor?.userId ?? null,
      organisationIds: actor?.organisationId ? [actor.organisationId] : [],
    },
    G: { municipalityId: MUNICIPALITY, ownerId: SOMEONE_ELSE, organisationIds: [ORGANISATION] },
    M: { municipalityId: MUNICIPALITY, ownerId: SOMEONE_ELSE, organisationIds: [OTHER_ORGANISATION] },
    X: { municipalityId: OTHER_MUNICIPALITY, ownerId: SOMEONE_ELSE, organisationIds: [30] },
  };
}

/** The cell the code actually gives, in the notation of the grid above. */
function actualCell(actor: Actor, action: Action): Cell {
  const resources = resourcesFor(actor);
  return (['O', 'G', 'M', 'X'] as const).map((k) => (can(actor, action, resources[k]) ? k : '·')).join('');
}

describe('permission table', () => {
  it('has an expectation for every action', () => {
    expect(Object.keys(expected).sort()).toEqual([...actions].sort());
  });

  const cases = actions.flatMap((action) =>
    principals.map((principal, i) => ({ action, principal, cell: expected[action][i], index: i })),
  );

  it.each(cases)('$principal: $action reaches $cell', ({ action, principal, cell, index }) => {
    expect(actualCell(actorFor(principal, index), action)).toBe(cell);
  });

  it.each(cases)(
    '$principal may $action at all exactly when some record is reachable',
    ({ action, principal, cell, index }) => {
      expect(can(actorFor(principal, index), action)).toBe(cell !== '····');
    },
  );

  it('never lets the organisation scope cross into another municipality', () => {
    const staff = actorFor('org_staff', 0);
    // The same organisation id seen in another municipality's data must not match.
    expect(can(staff, 'appeal.read', { municipalityId: OTHER_MUNICIPALITY, organisationIds: [ORGANISATION] })).toBe(
      false,
    );
  });

  it('gives staff without an organisation nothing through the organisation scope', () => {
    const orphan: Actor = { userId: 7, role: 'org_staff', municipalityId: MUNICIPALITY, organisationId: null };
    expect(can(orphan, 'appeal.read', { municipalityId: MUNICIPALITY, organisationIds: [null] })).toBe(false);
  });

  it('never treats a record without an owner as anyone’s own', () => {
    const resident = actorFor('resident', 1);
    expect(can(resident, 'appeal.read', { municipalityId: MUNICIPALITY, ownerId: null })).toBe(false);
    expect(can(resident, 'appeal.read', { municipalityId: MUNICIPALITY })).toBe(false);
  });
});
