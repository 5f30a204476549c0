import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  type ApplicantKind,
  applicationStatuses,
  type applicationSteps,
  type FormField,
  interagencyStatuses,
  type RefusalGround,
  type RequiredDocument,
  resultKinds,
  type ServiceStage,
  type Texts,
  termUnits,
} from '../../dispatch/eservices.ts';
import { municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

export const applicationStatus = pgEnum('application_status', applicationStatuses);
export const interagencyStatus = pgEnum('interagency_status', interagencyStatuses);
export const resultKind = pgEnum('result_kind', resultKinds);
export const termUnit = pgEnum('term_unit', termUnits);

/**
 * A municipal service of a municipality's catalogue (ГПЗУ, перепланировка, …): who provides it, who may
 * apply, what to attach, the result, the regulated term and the internal stages. Its form is versioned
 * in eservice_forms; `formVersion` is the current one.
 */
export const eservices = pgTable(
  'eservices',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    code: text('code').notNull(),
    name: jsonb('name').$type<Texts>().notNull(),
    description: jsonb('description').$type<Texts>().notNull(),
    /** The department (an organisation, usually a city_department) that provides it. */
    departmentId: integer('department_id')
      .notNull()
      .references(() => organisations.id),
    applicantKinds: text('applicant_kinds').array().$type<ApplicantKind[]>().notNull(),
    documents: jsonb('documents').$type<RequiredDocument[]>().notNull().default([]),
    resultKind: resultKind('result_kind').notNull(),
    termDays: smallint('term_days').notNull(),
    termUnit: termUnit('term_unit').notNull(),
    /** Whether the regulation stops the term while the applicant is asked for documents. */
    pausable: boolean('pausable').notNull().default(true),
    stages: jsonb('stages').$type<ServiceStage[]>().notNull(),
    refusalGrounds: jsonb('refusal_grounds').$type<RefusalGround[]>().notNull(),
    /** Where and when a result on paper is collected. */
    collection: jsonb('collection').$type<Texts>().notNull(),
    formVersion: integer('form_version').notNull().default(1),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('eservices_code_uq').on(t.municipalityId, t.code),
    check('eservices_term_ck', sql`${t.termDays} between 1 and 366`),
  ],
);

/** One version of a service's form; an application keeps the version it was filed with. */
export const eserviceForms = pgTable(
  'eservice_forms',
  {
    serviceId: integer('service_id')
      .notNull()
      .references(() => eservices.id),
    version: integer('version').notNull(),
    fields: jsonb('fields').$type<FormField[]>().notNull(),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.version] })],
);

/**
 * An application for a service: a draft until submitted, then worked by the department through the
 * service's stages under its regulated term. `dueOn` is null while the term is paused.
 */
export const applications = pgTable(
  'applications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => eservices.id),
    formVersion: integer('form_version').notNull(),
    /** The department that provides the service when it was filed. */
    departmentId: integer('department_id')
      .notNull()
      .references(() => organisations.id),
    /** Given at submission: e.g. 'ГПЗУ-2026-000123'. */
    number: text('number'),
    applicantId: bigint('applicant_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    applicantKind: text('applicant_kind').$type<ApplicantKind>().notNull(),
    /** For an entrepreneur or a legal entity: its name and INN (the applicant is its representative). */
    applicantOrganisation: jsonb('applicant_organisation').$type<{ name: string; inn: string } | null>(),
    /** 'online' from the portal; 'office' when a clerk registers a paper application (the online share). */
    channel: text('channel').$type<'online' | 'office'>().notNull().default('online'),
    status: applicationStatus('status').notNull().default('draft'),
    stageIndex: smallint('stage_index').notNull().default(0),
    stageStartedAt: timestamp('stage_started_at', { withTimezone: true }),
    values: jsonb('values').$type<Record<string, unknown>>().notNull().default({}),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** The local day the term runs from (the day of registration). */
    termStartOn: date('term_start_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }),
    /** Closed pauses and an open one: [{from, to}] (dispatch/eservices.ts TermPause). */
    pauses: jsonb('pauses').$type<{ from: string; to: string | null }[]>().notNull().default([]),
    assigneeId: bigint('assignee_id', { mode: 'number' }).references(() => users.id),
    /** The refusal's legal ground code and the applicant-facing reason. */
    refusalGround: text('refusal_ground'),
    refusalNote: text('refusal_note'),
    /** How the result reaches the applicant once ready. */
    delivery: text('delivery').$type<'collect' | 'electronic'>(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('applications_number_uq').on(t.number),
    uniqueIndex('applications_idempotency_uq').on(t.applicantId, t.idempotencyKey),
    index('applications_applicant_idx').on(t.applicantId, t.createdAt.desc()),
    // The department's inbox: open applications by due day, then id (the page's order), with the
    // columns its filters read, so that the total of a filtered inbox is an index-only scan.
    index('applications_inbox_idx')
      .on(t.departmentId, t.dueOn, t.id, t.status, t.stageIndex, t.serviceId)
      .where(sql`${t.status} in ('submitted', 'in_progress', 'awaiting_documents', 'ready')`),
    index('applications_service_submitted_idx').on(t.serviceId, t.submittedAt),
  ],
);

/** Every step of an application: who, when, from which status and stage to which, and why. */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: bigint('application_id', { mode: 'number' })
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    step: text('step')
      .$type<(typeof applicationSteps)[number] | 'interagency_sent' | 'interagency_answered' | 'created' | 'overdue'>()
      .notNull(),
    actorId: bigint('actor_id', { mode: 'number' }).references(() => users.id),
    fromStatus: applicationStatus('from_status'),
    toStatus: applicationStatus('to_status').notNull(),
    fromStage: smallint('from_stage'),
    toStage: smallint('to_stage'),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('application_events_application_idx').on(t.applicationId, t.id)],
);

/** A file of an application: the applicant's documents, an answer's file, the result document. */
export const applicationFiles = pgTable(
  'application_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: bigint('application_id', { mode: 'number' })
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'document' | 'result' | 'interagency'>().notNull(),
    /** The catalogue's document code it stands for (passport, plan, …), if any. */
    documentCode: text('document_code'),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    storagePath: text('storage_path').notNull(),
    uploadedBy: bigint('uploaded_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('application_files_application_idx').on(t.applicationId)],
);

/** A request from the department to another organisation (a resource supplier, …), with its own term. */
export const interagencyRequests = pgTable(
  'interagency_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: bigint('application_id', { mode: 'number' })
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    question: text('question').notNull(),
    termDays: smallint('term_days').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: interagencyStatus('status').notNull().default('pending'),
    answerNote: text('answer_note'),
    answerFileId: bigint('answer_file_id', { mode: 'number' }).references(() => applicationFiles.id),
    askedBy: bigint('asked_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull().defaultNow(),
    answeredBy: bigint('answered_by', { mode: 'number' }).references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('interagency_requests_application_idx').on(t.applicationId),
    index('interagency_requests_queue_idx').on(t.organisationId, t.dueOn).where(sql`${t.status} = 'pending'`),
  ],
);

/** A municipality's yearly sequence of application numbers (the number is the service code, the year and this). */
export const applicationNumbers = pgTable(
  'application_numbers',
  {
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    year: smallint('year').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.year] })],
);
