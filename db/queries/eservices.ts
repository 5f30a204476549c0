/** Municipal e-services: the catalogue, applications with their events and files (inter-agency requests: interagency.ts). */
import { and, asc, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { ApplicationStatus, FormField, TermState } from '../../dispatch/eservices.ts';
import type { ApplicationEventSnapshot } from '../../dispatch/live-records.ts';
import { announceApplicationEvents } from '../announce.ts';
import type { Db } from '../client.ts';
import {
  applicationEvents,
  applicationFiles,
  applicationNumbers,
  applications,
  eserviceForms,
  eservices,
  type interagencyRequests,
  municipalities,
  userPersonal,
  users,
} from '../schema/index.ts';

export type Service = typeof eservices.$inferSelect;
export type Application = typeof applications.$inferSelect;
export type ApplicationEvent = typeof applicationEvents.$inferSelect;
export type ApplicationFile = typeof applicationFiles.$inferSelect;
export type InteragencyRequest = typeof interagencyRequests.$inferSelect;

// ---------------------------------------------------------------------------------------------
// The catalogue

/** A municipality's active services, by name; `q` searches the names in Russian, English and Tatar. */
/** A municipality's services by name, the active ones only unless `withInactive` (the admin's list). */
export async function listServices(
  db: Db,
  municipalityId: number,
  q?: string,
  withInactive = false,
): Promise<Service[]> {
  const where: SQL[] = [eq(eservices.municipalityId, municipalityId)];
  if (!withInactive) where.push(eq(eservices.active, true));
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      sql`(${eservices.name}->>'ru' ilike ${like} or ${eservices.name}->>'en' ilike ${like} or ${eservices.name}->>'tt' ilike ${like} or ${eservices.code} ilike ${like})`,
    );
  }
  return db
    .select()
    .from(eservices)
    .where(and(...where))
    .orderBy(sql`${eservices.name}->>'ru'`, asc(eservices.id))
    .limit(500);
}

export async function getService(db: Db, id: number): Promise<Service | null> {
  const rows = await db.select().from(eservices).where(eq(eservices.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function lockService(db: Db, id: number): Promise<Service | null> {
  const rows = await db.select().from(eservices).where(eq(eservices.id, id)).for('update').limit(1);
  return rows[0] ?? null;
}

/** One version of a service's form: its fields, or null. */
export async function getForm(db: Db, serviceId: number, version: number): Promise<FormField[] | null> {
  const rows = await db
    .select({ fields: eserviceForms.fields })
    .from(eserviceForms)
    .where(and(eq(eserviceForms.serviceId, serviceId), eq(eserviceForms.version, version)))
    .limit(1);
  return rows[0]?.fields ?? null;
}

/** Change a service if it is still at `version`; null when it was changed meanwhile. */
export async function updateService(
  db: Db,
  id: number,
  version: number,
  set: Partial<Omit<Service, 'id' | 'version'>>,
): Promise<Service | null> {
  const rows = await db
    .update(eservices)
    .set({ ...set, version: sql`${eservices.version} + 1` })
    .where(and(eq(eservices.id, id), eq(eservices.version, version)))
    .returning();
  return rows[0] ?? null;
}

export async function insertForm(
  db: Db,
  row: { serviceId: number; version: number; fields: FormField[]; createdBy: number; createdAt: Date },
): Promise<void> {
  await db.insert(eserviceForms).values(row);
}

// ---------------------------------------------------------------------------------------------
// Applications

export async function insertApplication(db: Db, row: typeof applications.$inferInsert): Promise<Application> {
  const [created] = await db.insert(applications).values(row).returning();
  return created!;
}

export async function getApplication(db: Db, id: number): Promise<Application | null> {
  const rows = await db.select().from(applications).where(eq(applications.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function lockApplication(db: Db, id: number): Promise<Application | null> {
  const rows = await db.select().from(applications).where(eq(applications.id, id)).for('update').limit(1);
  return rows[0] ?? null;
}

export async function updateApplication(
  db: Db,
  id: number,
  set: Partial<Omit<Application, 'id' | 'version'>>,
): Promise<Application> {
  const [row] = await db
    .update(applications)
    .set({ ...set, version: sql`${applications.version} + 1` })
    .where(eq(applications.id, id))
    .returning();
  return row!;
}

export async function findApplicationByKey(db: Db, applicantId: number, key: string): Promise<Application | null> {
  const rows = await db
    .select()
    .from(applications)
    .where(and(eq(applications.applicantId, applicantId), eq(applications.idempotencyKey, key)))
    .limit(1);
  return rows[0] ?? null;
}

/** The next number of a municipality's year (locks its row until the transaction ends). */
export async function nextApplicationNumber(db: Db, municipalityId: number, year: number): Promise<number> {
  const [row] = await db
    .insert(applicationNumbers)
    .values({ municipalityId, year, last: 1 })
    .onConflictDoUpdate({
      target: [applicationNumbers.municipalityId, applicationNumbers.year],
      set: { last: sql`${applicationNumbers.last} + 1` },
    })
    .returning({ last: applicationNumbers.last });
  return row!.last;
}

export async function municipalityZone(db: Db, id: number): Promise<{ code: string; timeZone: string }> {
  const [row] = await db
    .select({ code: municipalities.code, timeZone: municipalities.timeZone })
    .from(municipalities)
    .where(eq(municipalities.id, id))
    .limit(1);
  return row!;
}

/** Write an application's event; it is announced to the live feed when its transaction commits. */
export async function insertEvent(db: Db, row: typeof applicationEvents.$inferInsert): Promise<ApplicationEvent> {
  const [created] = await db.insert(applicationEvents).values(row).returning();
  announceApplicationEvents(db, [created!]);
  return created!;
}

// ---------------------------------------------------------------------------------------------
// The live feed of application events (api/live/feed.ts)

export async function lastApplicationEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: sql<string>`coalesce(max(${applicationEvents.id}), 0)` }).from(applicationEvents);
  return Number(row?.id ?? 0);
}

export async function applicationEventIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: applicationEvents.id })
    .from(applicationEvents)
    .where(sql`${applicationEvents.id} > ${afterId}`)
    .orderBy(asc(applicationEvents.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

const snapshotColumns = {
  event: applicationEvents,
  applicantId: applications.applicantId,
  number: applications.number,
  status: applications.status,
  stageIndex: applications.stageIndex,
  dueOn: applications.dueOn,
  version: applications.version,
};

type SnapshotRow = { event: ApplicationEvent } & Omit<ApplicationEventSnapshot['application'], never> & {
    applicantId: number;
  };

const snapshotOf = (r: SnapshotRow): ApplicationEventSnapshot => ({
  id: r.event.id,
  applicationId: r.event.applicationId,
  applicantId: r.applicantId,
  step: r.event.step,
  fromStatus: r.event.fromStatus,
  toStatus: r.event.toStatus,
  at: r.event.at,
  application: { number: r.number, status: r.status, stageIndex: r.stageIndex, dueOn: r.dueOn, version: r.version },
});

export async function applicationEventSnapshots(db: Db, ids: readonly number[]): Promise<ApplicationEventSnapshot[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(snapshotColumns)
    .from(applicationEvents)
    .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
    .where(inArray(applicationEvents.id, [...ids]));
  return rows.map(snapshotOf);
}

export async function applicationEventSnapshotsAfter(
  db: Db,
  afterId: number,
  limit: number,
): Promise<ApplicationEventSnapshot[]> {
  const rows = await db
    .select(snapshotColumns)
    .from(applicationEvents)
    .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
    .where(sql`${applicationEvents.id} > ${afterId}`)
    .orderBy(asc(applicationEvents.id))
    .limit(limit);
  return rows.map(snapshotOf);
}

/** An application's events in order, with who acted (role, organisation, name). */
export async function listEvents(db: Db, applicationId: number) {
  return db
    .select({
      event: applicationEvents,
      role: users.role,
      organisationId: users.organisationId,
      fullName: userPersonal.fullName,
    })
    .from(applicationEvents)
    .leftJoin(users, eq(users.id, applicationEvents.actorId))
    .leftJoin(userPersonal, eq(userPersonal.userId, applicationEvents.actorId))
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(asc(applicationEvents.id));
}

/** The applicant's name and contacts (for those who may read them). */
export async function applicantPersonal(db: Db, userId: number) {
  const rows = await db
    .select({ fullName: userPersonal.fullName, phone: userPersonal.phone, email: userPersonal.email })
    .from(userPersonal)
    .where(eq(userPersonal.userId, userId))
    .limit(1);
  return rows[0] ?? { fullName: null, phone: null, email: null };
}

/** An applicant's applications, the newest first, with their service. */
export async function listApplicationsOf(db: Db, applicantId: number) {
  return db
    .select({ application: applications, service: eservices })
    .from(applications)
    .innerJoin(eservices, eq(eservices.id, applications.serviceId))
    .where(eq(applications.applicantId, applicantId))
    .orderBy(desc(applications.createdAt), desc(applications.id))
    .limit(200);
}

export type InboxFilter = {
  departmentId: number;
  today: string;
  status?: ApplicationStatus;
  serviceId?: number;
  stage?: number;
  termState?: TermState;
  limit: number;
  offset: number;
};

const openStatusList = ['submitted', 'in_progress', 'awaiting_documents', 'ready'] as const;

/** The SQL of a term state, as dispatch/eservices.ts termState decides it. */
function termStateSql(state: TermState, today: string, departmentId: number): SQL {
  // max(2, ceil(term / 5)) in integers: numeric arithmetic on every row made the at-risk total 6× slower.
  const margin = (termDays: SQL | typeof eservices.termDays) => sql`greatest(2, (${termDays} + 4) / 5)`;
  const riskFrom = sql`${today}::date + ${margin(eservices.termDays)}`;
  // The widest margin of the municipality's services bounds the due days an at-risk total reads (of
  // the municipality's, not the department's: a service may have moved to another department since).
  const widest = sql`(select max(${margin(sql`s.term_days`)}) from eservices s
    where s.municipality_id = (select o.municipality_id from organisations o where o.id = ${departmentId}))`;
  switch (state) {
    case 'paused':
      return isNull(applications.dueOn);
    case 'overdue':
      return sql`${applications.dueOn} < ${today}::date`;
    case 'at_risk':
      return sql`${applications.dueOn} >= ${today}::date and ${applications.dueOn} < ${riskFrom} and ${applications.dueOn} < ${today}::date + ${widest}`;
    default:
      return sql`${applications.dueOn} >= ${riskFrom}`;
  }
}

/** An inbox's total is counted exactly up to this; beyond it the answer says "more than". */
export const INBOX_COUNT_CAP = 10_000;

/** A department's open applications by due day (the paused last), paged, with the total (capped). */
export async function listInbox(db: Db, f: InboxFilter) {
  const where: SQL[] = [
    eq(applications.departmentId, f.departmentId),
    f.status ? eq(applications.status, f.status) : inArray(applications.status, [...openStatusList]),
  ];
  if (f.serviceId) where.push(eq(applications.serviceId, f.serviceId));
  if (f.stage !== undefined) where.push(eq(applications.stageIndex, f.stage));
  if (f.termState) where.push(termStateSql(f.termState, f.today, f.departmentId));
  const condition = and(...where);
  const [items, [total]] = await Promise.all([
    db
      .select({ application: applications, service: eservices })
      .from(applications)
      .innerJoin(eservices, eq(eservices.id, applications.serviceId))
      .where(condition)
      .orderBy(sql`${applications.dueOn} asc nulls last`, asc(applications.id))
      .limit(f.limit)
      .offset(f.offset),
    // Counted up to one past the cap: the total of a department's whole inbox would otherwise read every
    // open application on every page (25–35 ms at 100,000). The term is read only for at risk or on time.
    db.select({ n: count() }).from(
      (f.termState === 'at_risk' || f.termState === 'on_time'
        ? db
            .select({ one: sql`1`.as('one') })
            .from(applications)
            .innerJoin(eservices, eq(eservices.id, applications.serviceId))
        : db.select({ one: sql`1`.as('one') }).from(applications)
      )
        .where(condition)
        .limit(INBOX_COUNT_CAP + 1)
        .as('counted'),
    ),
  ]);
  const n = Number(total?.n ?? 0);
  return { items, total: Math.min(n, INBOX_COUNT_CAP), totalCapped: n > INBOX_COUNT_CAP };
}

// ---------------------------------------------------------------------------------------------
// Files

export async function insertFile(db: Db, row: typeof applicationFiles.$inferInsert): Promise<ApplicationFile> {
  const [created] = await db.insert(applicationFiles).values(row).returning();
  return created!;
}

export async function listFiles(db: Db, applicationId: number): Promise<ApplicationFile[]> {
  return db
    .select()
    .from(applicationFiles)
    .where(eq(applicationFiles.applicationId, applicationId))
    .orderBy(asc(applicationFiles.id));
}

export async function getFile(db: Db, applicationId: number, fileId: number): Promise<ApplicationFile | null> {
  const rows = await db
    .select()
    .from(applicationFiles)
    .where(and(eq(applicationFiles.applicationId, applicationId), eq(applicationFiles.id, fileId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function deleteFile(db: Db, fileId: number): Promise<void> {
  await db.delete(applicationFiles).where(eq(applicationFiles.id, fileId));
}

/** The bytes an application's files take together. */
export async function filesTotal(db: Db, applicationId: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${applicationFiles.size}), 0)` })
    .from(applicationFiles)
    .where(eq(applicationFiles.applicationId, applicationId));
  return Number(row?.total ?? 0);
}

/**
 * Open applications whose due day has passed in their municipality's local day and that were not
 * yet marked overdue for that due day (the overdue timer marks each once).
 */
export async function listNewlyOverdue(db: Db, now: Date, limit: number): Promise<Application[]> {
  const rows = await db
    .select({ application: applications })
    .from(applications)
    .innerJoin(municipalities, eq(municipalities.id, applications.municipalityId))
    .where(
      and(
        inArray(applications.status, ['submitted', 'in_progress']),
        sql`${applications.dueOn} < (${now.toISOString()}::timestamptz at time zone ${municipalities.timeZone})::date`,
        sql`not exists (select 1 from ${applicationEvents} e where e.application_id = ${applications.id} and e.step = 'overdue' and (e.data->>'dueOn') = ${applications.dueOn}::text)`,
      ),
    )
    .orderBy(asc(applications.dueOn), asc(applications.id))
    .limit(limit)
    .for('update', { of: applications, skipLocked: true });
  return rows.map((r) => r.application);
}
