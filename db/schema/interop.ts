/**
 * Interoperability (issue 18): the Open311 GeoReport v2 clients and what they filed, the imports of
 * the city's registers, and the daily open-data dumps.
 */
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appeals } from './appeals.ts';
import { municipalities } from './municipalities.ts';
import { users } from './users.ts';

/**
 * A system that files appeals through Open311 (a city app, a call centre's software), with its API
 * key. Only the key's SHA-256 is kept; the key itself is shown once, when the admin creates it. Its
 * appeals are filed under its own service account (`userId`: role resident, no personal data, no
 * way to sign in), so each is attributed to the client, and revoking the key stops it at once.
 */
export const apiClients = pgTable(
  'api_clients',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    name: text('name').notNull(),
    /** Who to call about the client: its developer's or operator's contact, not a resident's. */
    contact: text('contact'),
    /** The key's first characters, to tell keys apart in lists ("otk_3f9a…"). */
    keyPrefix: text('key_prefix').notNull(),
    /** SHA-256 of the whole key, hex. */
    keyHash: text('key_hash').notNull(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    /** Requests filed per minute before 429 (GETs are limited as any public read). */
    requestsPerMinute: integer('requests_per_minute').notNull().default(30),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: bigint('revoked_by', { mode: 'number' }).references(() => users.id),
    revokeReason: text('revoke_reason'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_clients_key_hash_uq').on(t.keyHash),
    index('api_clients_municipality_idx').on(t.municipalityId),
  ],
);

/** What Open311 added to an appeal it filed: the client, the token it was given, its media and attributes. */
export const open311Requests = pgTable(
  'open311_requests',
  {
    appealId: bigint('appeal_id', { mode: 'number' })
      .primaryKey()
      .references(() => appeals.id, { onDelete: 'cascade' }),
    clientId: integer('client_id')
      .notNull()
      .references(() => apiClients.id),
    /** Answered by POST requests and looked up by GET tokens/{token}. */
    token: text('token').notNull(),
    /** The photo's address as the client sent it (served as given; never fetched by the server). */
    mediaUrl: text('media_url'),
    /** The service's attributes as sent: attribute[code] = value. */
    attributes: jsonb('attributes').$type<Record<string, string | string[]>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('open311_requests_token_uq').on(t.token), index('open311_requests_client_idx').on(t.clientId)],
);

/**
 * PERSONAL: who the client says filed the request (the spec's email, first_name, last_name, phone,
 * device_id, account_id). Shown only to the staff who handle the appeal, never in any GET of Open311
 * or open data.
 */
export const open311Submitters = pgTable('open311_submitters', {
  appealId: bigint('appeal_id', { mode: 'number' })
    .primaryKey()
    .references(() => appeals.id, { onDelete: 'cascade' }),
  email: text('email'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  phone: text('phone'),
  deviceId: text('device_id'),
  accountId: text('account_id'),
});

export const importKinds = ['buildings', 'organisations'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKind = pgEnum('import_kind', importKinds);
export const importStatuses = ['running', 'done', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importStatus = pgEnum('import_status', importStatuses);

/** A line an import could not take: its number in the file, the field and the reason. */
export type ImportProblem = { line: number; field: string; reason: string };

/**
 * One import of a register file (from the CLI or the admin's upload): who ran it, what it changed,
 * and the lines it refused. A dry run is recorded too, with what it would have changed.
 */
export const importRuns = pgTable(
  'import_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    kind: importKind('kind').notNull(),
    format: text('format').$type<'csv' | 'geojson'>().notNull(),
    fileName: text('file_name').notNull(),
    /** 'cli' or 'web'. */
    via: text('via').$type<'cli' | 'web'>().notNull(),
    dryRun: boolean('dry_run').notNull(),
    /** Records of the municipality missing from the file are deleted only when this was asked. */
    allowDelete: boolean('allow_delete').notNull().default(false),
    status: importStatus('status').notNull().default('running'),
    /** The admin who ran it; null for the CLI (run by whoever has the server's shell). */
    startedBy: bigint('started_by', { mode: 'number' }).references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    lines: integer('lines').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** The refused lines (the first 1,000; `rejected` counts them all). */
    problems: jsonb('problems').$type<ImportProblem[]>().notNull().default([]),
    /** Why the whole run failed (a file that cannot be read), if it did. */
    error: text('error'),
  },
  (t) => [index('import_runs_municipality_started_idx').on(t.municipalityId, t.startedAt.desc())],
);

/** A file of a daily open-data dump: its name, size, rows and checksum. */
export type OpenDataFile = { name: string; bytes: number; rows: number; sha256: string };

/** The daily open-data dump of a municipality: files under DATA_DIR/open-data/<code>/<day>/. */
export const openDataDumps = pgTable(
  'open_data_dumps',
  {
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** The local day the dump covers (what was true at its end). */
    day: date('day').notNull(),
    files: jsonb('files').$type<OpenDataFile[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.day] })],
);
