/**
 * Public discussions of urban-planning projects (issue 17): the discussion with its territory,
 * documents and dates, the buildings on its territory (the rule of dispatch/territory.ts applied
 * once, so that eligibility and the notice are joins), the proposals with their authors' personal
 * data kept apart, every step, and the verified identities people bring from the national identity
 * provider (ESIA over OpenID Connect) with the sign-ins under way. The rules live in
 * dispatch/discussions.ts and dispatch/territory.ts.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  type Basis,
  type DiscussionKind,
  type DiscussionStep,
  discussionStatuses,
  type ProposalStep,
  proposalStatuses,
  type Recommendation,
} from '../../dispatch/discussions.ts';
import type { Texts } from '../../dispatch/eservices.ts';
import type { Territory } from '../../dispatch/territory.ts';
import { buildings } from './buildings.ts';
import { municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

export const discussionStatus = pgEnum('discussion_status', discussionStatuses);
export const proposalStatus = pgEnum('proposal_status', proposalStatuses);

/** A discussion of a draft decision: what, where, when, by whom. */
export const discussions = pgTable(
  'discussions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** The public number: "ПС-2026-14" (a yearly sequence per municipality, `discussion_numbers`). */
    number: text('number').notNull(),
    kind: text('kind').$type<DiscussionKind>().notNull(),
    /** The organiser (the Department of Architecture): its staff moderate, its supervisors prepare. */
    organiserId: integer('organiser_id')
      .notNull()
      .references(() => organisations.id),
    status: discussionStatus('status').notNull().default('draft'),
    title: jsonb('title').$type<Texts>().notNull(),
    summary: jsonb('summary').$type<Texts>().notNull(),
    /** Where the exposition stands in person (an address and its hours), as the notice says. */
    expositionPlace: text('exposition_place').notNull().default(''),
    territory: jsonb('territory').$type<Territory>().notNull(),
    /** The territory's box and marker point (dispatch/territory.ts), for the map's viewport queries. */
    west: doublePrecision('west').notNull(),
    south: doublePrecision('south').notNull(),
    east: doublePrecision('east').notNull(),
    north: doublePrecision('north').notNull(),
    centreLon: doublePrecision('centre_lon').notNull(),
    centreLat: doublePrecision('centre_lat').notNull(),
    // The schedule (dispatch/discussions.ts `Schedule`): local dates of the municipality.
    noticeOn: date('notice_on', { mode: 'string' }).notNull(),
    expositionFrom: date('exposition_from', { mode: 'string' }).notNull(),
    expositionTo: date('exposition_to', { mode: 'string' }).notNull(),
    proposalsFrom: date('proposals_from', { mode: 'string' }).notNull(),
    proposalsTo: date('proposals_to', { mode: 'string' }).notNull(),
    protocolBy: date('protocol_by', { mode: 'string' }).notNull(),
    conclusionBy: date('conclusion_by', { mode: 'string' }).notNull(),
    announcedAt: timestamp('announced_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    protocolSignedAt: timestamp('protocol_signed_at', { withTimezone: true }),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** The conclusion's general part (the organiser's summary of the results); per proposal on proposals. */
    conclusionText: jsonb('conclusion_text').$type<Texts>(),
    /** When the residents of the territory were told it opened and that it concluded (the fan-out ran once). */
    openNoticeAt: timestamp('open_notice_at', { withTimezone: true }),
    conclusionNoticeAt: timestamp('conclusion_notice_at', { withTimezone: true }),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('discussions_number_uq').on(t.municipalityId, t.number),
    index('discussions_municipality_status_idx').on(t.municipalityId, t.status),
    index('discussions_box_idx').on(t.west, t.east, t.south, t.north),
  ],
);

/** A municipality's yearly sequence of discussion numbers. */
export const discussionNumbers = pgTable(
  'discussion_numbers',
  {
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    year: smallint('year').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.year] })],
);

/**
 * The buildings of a discussion's territory: found inside its areas and plots (`via` 'territory',
 * written whenever the territory is set) or listed by the organiser ('listed').
 */
export const discussionBuildings = pgTable(
  'discussion_buildings',
  {
    discussionId: bigint('discussion_id', { mode: 'number' })
      .notNull()
      .references(() => discussions.id, { onDelete: 'cascade' }),
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    via: text('via').$type<'territory' | 'listed'>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.discussionId, t.buildingId] }),
    index('discussion_buildings_building_idx').on(t.buildingId),
  ],
);

/** A document of the project under discussion: the draft itself, its drawings, the materials. */
export const discussionDocuments = pgTable(
  'discussion_documents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    discussionId: bigint('discussion_id', { mode: 'number' })
      .notNull()
      .references(() => discussions.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    storagePath: text('storage_path').notNull(),
    position: smallint('position').notNull().default(0),
    uploadedBy: bigint('uploaded_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('discussion_documents_discussion_idx').on(t.discussionId, t.position)],
);

/**
 * A proposal or remark. Public views read it without its author (`proposal_authors` holds who);
 * `authorId` lets the participant see their own and is never serialised to anyone else.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    discussionId: bigint('discussion_id', { mode: 'number' })
      .notNull()
      .references(() => discussions.id),
    /** 1, 2, … in the order received within the discussion (the protocol's numbering). */
    number: integer('number').notNull(),
    authorId: bigint('author_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    status: proposalStatus('status').notNull().default('submitted'),
    /** Why it was rejected: the participant reads it. */
    rejectReason: text('reject_reason'),
    moderatedBy: bigint('moderated_by', { mode: 'number' }).references(() => users.id),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    /** The organiser's recommendation on an accepted proposal, and its reasons, for the conclusion. */
    recommendation: text('recommendation').$type<Recommendation>(),
    recommendationReason: text('recommendation_reason'),
    /** The client's key for a retried submission: the same key answers the same proposal. */
    idempotencyKey: text('idempotency_key'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('proposals_number_uq').on(t.discussionId, t.number),
    uniqueIndex('proposals_idempotency_uq').on(t.authorId, t.idempotencyKey),
    index('proposals_discussion_status_idx').on(t.discussionId, t.status),
    index('proposals_author_idx').on(t.authorId),
  ],
);

/**
 * Who made a proposal, as identified when they made it (art. 5.1 part 12: surname, name,
 * patronymic, date of birth, address of residence; and the ground of taking part). Personal data:
 * read only for the organiser's copy of the protocol (`discussion.read_personal`).
 */
export const proposalAuthors = pgTable('proposal_authors', {
  proposalId: bigint('proposal_id', { mode: 'number' })
    .primaryKey()
    .references(() => proposals.id, { onDelete: 'cascade' }),
  fullName: text('full_name').notNull(),
  birthDate: date('birth_date', { mode: 'string' }),
  address: text('address').notNull(),
  bases: jsonb('bases').$type<Basis[]>().notNull(),
});

/** A proposal's attachment: a PDF, a drawing, a photo. */
export const proposalFiles = pgTable(
  'proposal_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    proposalId: bigint('proposal_id', { mode: 'number' })
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    storagePath: text('storage_path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('proposal_files_proposal_idx').on(t.proposalId)],
);

/** Every step of a discussion and of its proposals: who (null for the timer), when, from what to what, why. */
export const discussionEvents = pgTable(
  'discussion_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    discussionId: bigint('discussion_id', { mode: 'number' })
      .notNull()
      .references(() => discussions.id, { onDelete: 'cascade' }),
    proposalId: bigint('proposal_id', { mode: 'number' }).references(() => proposals.id),
    step: text('step')
      .$type<DiscussionStep | ProposalStep | 'created' | 'changed' | 'document' | 'submitted' | 'recommended'>()
      .notNull(),
    actorId: bigint('actor_id', { mode: 'number' }).references(() => users.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('discussion_events_discussion_idx').on(t.discussionId, t.id),
    index('discussion_events_proposal_idx').on(t.proposalId).where(sql`${t.proposalId} is not null`),
  ],
);

/**
 * A person's identity as verified by the national identity provider (ESIA, through OpenID
 * Connect): the claims the platform maps (name, birth date, registration address, verified phone)
 * and the building of the city's register the address was found as. Personal data, kept apart
 * like user_personal; refreshed at each sign-in with the provider.
 */
export const verifiedIdentities = pgTable(
  'verified_identities',
  {
    userId: bigint('user_id', { mode: 'number' })
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'esia' for Gosuslugi; the provider's issuer URL is in `issuer`. */
    provider: text('provider').notNull(),
    issuer: text('issuer').notNull(),
    /** The provider's stable subject identifier (`sub`). */
    subject: text('subject').notNull(),
    fullName: text('full_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    /** The registration address as the provider gives it. */
    registrationAddress: text('registration_address'),
    /** The building of the register that address is, if found. */
    registrationBuildingId: integer('registration_building_id').references(() => buildings.id),
    registrationApartment: text('registration_apartment'),
    /** E.164, verified by the provider. */
    phone: text('phone'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('verified_identities_subject_uq').on(t.issuer, t.subject),
    index('verified_identities_building_idx').on(t.registrationBuildingId),
  ],
);

/**
 * A sign-in with the identity provider under way: the state, nonce and PKCE verifier the callback
 * must match, where to return, and the account to link when a signed-in resident started it. Used
 * once (usedAt), valid for ten minutes.
 */
export const identityLogins = pgTable('identity_logins', {
  state: text('state').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  returnTo: text('return_to').notNull().default('/'),
  municipalityId: integer('municipality_id')
    .notNull()
    .references(() => municipalities.id),
  linkUserId: bigint('link_user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
