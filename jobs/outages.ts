/**
 * Outages' side effects, in the caller's transaction: messages to the residents of the affected
 * buildings (rendered once per language, written set-based to the outbox with their delivery jobs),
 * and escalation past the expected end (one delayed outage.step job per outage plus a sweeper
 * every minute, like the appeals' ladder in jobs/escalation.ts).
 */
import type { Database, Db } from '../db/client.ts';
import { getLadder } from '../db/queries/escalation.ts';
import { getOrganisationEmail, listPeople } from '../db/queries/notifications.ts';
import {
  getOutage,
  insertOutageUpdate,
  insertRenderedNotices,
  listOutageAudience,
  listOutagesWithDueSteps,
  lockOutage,
  type Outage,
  type OutageListRow,
  type RenderedNotice,
  setOutageEscalation,
} from '../db/queries/outages.ts';
import { getMunicipality } from '../db/queries/municipalities.ts';
import { defaultLadder } from '../dispatch/escalation.ts';
import { type OutageTemplate, renderOutageMessage } from '../dispatch/notification-texts.ts';
import { heldUntil, type Language, type NotificationKind, type Person } from '../dispatch/notifications.ts';
import {
  dueOutageSteps,
  nextOutageStepAt,
  type OutageDelivery,
  outageDeliveries,
  outageStepAudiences,
  outageSteps,
} from '../dispatch/outages.ts';
import { type Boss, enqueue, enqueueMany } from './queues.ts';
import { queues } from './queues.ts';

/** Render the deliveries (one text per language and template), write them and queue their jobs. */
async function queueOutageMessages(
  db: Db,
  boss: Boss,
  outage: OutageListRow,
  deliveries: readonly OutageDelivery[],
  opts: { note: string | null; publicUrl: string },
  now: Date,
): Promise<number> {
  if (deliveries.length === 0) return 0;
  const municipality = await getMunicipality(db, outage.municipalityId);
  const timeZone = municipality?.timeZone ?? 'Europe/Moscow';
  const facts = {
    id: outage.id,
    service: outage.service,
    kind: outage.kind,
    reason: outage.reason,
    organisationRu: outage.organisationRu,
    organisationEn: outage.organisationEn,
    firstAddress: outage.firstAddress,
    buildingCount: outage.buildingCount,
    startsAt: outage.startsAt,
    expectedEndAt: outage.expectedEndAt,
    restoredAt: outage.restoredAt,
    timeZone,
    note: opts.note,
    link: `${opts.publicUrl.replace(/\/$/, '')}/outages/${outage.id}`,
  };
  const texts = new Map<string, { subject: string; text: string }>();
  const textOf = (template: OutageTemplate, language: Language) => {
    const key = `${template}:${language}`;
    let t = texts.get(key);
    if (!t) {
      t = renderOutageMessage(template, language, facts);
      texts.set(key, t);
    }
    return t;
  };
  // Emergencies wake people like emergency appeals do; planned work waits for the morning.
  const sendAfter = heldUntil(now, timeZone, outage.kind === 'emergency');
  const rows: RenderedNotice[] = deliveries.map((d) => {
    const t = textOf(d.template, d.language);
    return {
      userId: d.userId,
      channel: d.channel,
      destination: d.destination,
      kind: d.kind,
      template: d.template,
      subject: t.subject,
      body: t.text,
      sendAfter,
    };
  });
  const ids = await insertRenderedNotices(db, outage.municipalityId, rows, now);
  await enqueueMany(
    boss,
    db,
    'notify.deliver',
    ids.map((outboxId) => ({
      data: { outboxId },
      singletonKey: `notify:${outboxId}`,
      ...(sendAfter ? { startAfter: sendAfter } : {}),
    })),
  );
  return ids.length;
}

const residentKind: Record<
  'outage_published' | 'outage_changed' | 'outage_cancelled' | 'outage_restored',
  NotificationKind
> = {
  outage_published: 'outage_published',
  outage_changed: 'outage_changed',
  outage_cancelled: 'outage_changed',
  outage_restored: 'outage_restored',
};

/**
 * Tell the residents of the affected buildings (confirmed apartment links) and the authors of open
 * appeals linked to the outage; call it in the transaction that writes the change.
 */
export async function notifyOutageResidents(
  db: Db,
  boss: Boss,
  outageId: number,
  template: keyof typeof residentKind,
  opts: { note: string | null; actorId: number | null; publicUrl: string },
  now: Date,
): Promise<number> {
  const outage = await getOutage(db, outageId);
  if (!outage) return 0;
  const people = await listOutageAudience(db, outageId);
  const deliveries = outageDeliveries(people, { kind: residentKind[template], template }, { actorId: opts.actorId });
  return queueOutageMessages(db, boss, outage, deliveries, opts, now);
}

/** Arm the next escalation step (from the municipality's ladder): keep it on the row, queue its timer. */
export async function armOutageStep(
  db: Db,
  boss: Boss,
  outage: Pick<Outage, 'id' | 'municipalityId' | 'startsAt' | 'expectedEndAt'>,
  level: number,
): Promise<Date | null> {
  const ladder = (await getLadder(db, outage.municipalityId)) ?? defaultLadder;
  const next = nextOutageStepAt(outageSteps(ladder, outage), level);
  await setOutageEscalation(db, outage.id, level, next);
  if (next)
    await enqueue(
      boss,
      db,
      'outage.step',
      { outageId: outage.id },
      { startAfter: next, singletonKey: `outage:${outage.id}:${next.getTime()}` },
    );
  return next;
}

/**
 * Perform the escalation steps of an outage that are due, each once (the level on the row, under
 * its lock), recording an 'escalated' update and telling the ladder's audiences; then arm the next.
 * Safe from a timer or the sweeper, any number of times.
 */
export async function performOutageSteps(
  db: Database,
  boss: Boss,
  outageId: number,
  now: Date,
  publicUrl: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const outage = await lockOutage(tx, outageId);
    if (outage?.status !== 'active') return 0;
    const ladder = (await getLadder(tx, outage.municipalityId)) ?? defaultLadder;
    const steps = outageSteps(ladder, outage);
    const due = dueOutageSteps(steps, outage.escalationLevel, now);
    if (due.length === 0) {
      await armOutageStep(tx, boss, outage, outage.escalationLevel);
      return 0;
    }
    const view = (await getOutage(tx, outageId))!;
    for (const step of due) {
      await insertOutageUpdate(tx, {
        outageId,
        kind: 'escalated',
        actorId: null,
        actorRole: null,
        changes: { escalationLevel: [step.level - 1, step.level] },
        note: null,
        at: now,
      });
      const deliveries: OutageDelivery[] = [];
      for (const a of outageStepAudiences(step.actions)) {
        let people: Person[];
        let organisationEmail: string | null = null;
        if (a.to === 'supervisors') {
          people = await listPeople(tx, { organisationId: outage.organisationId, roles: ['org_supervisor'] });
          organisationEmail = await getOrganisationEmail(tx, outage.organisationId);
        } else {
          people = await listPeople(tx, {
            municipalityId: outage.municipalityId,
            role: a.to === 'dispatchers' ? 'dispatcher' : 'city_hall',
          });
        }
        deliveries.push(
          ...outageDeliveries(people, { kind: a.kind, template: a.template }, { actorId: null, organisationEmail }),
        );
      }
      await queueOutageMessages(tx, boss, view, deliveries, { note: null, publicUrl }, now);
    }
    await armOutageStep(tx, boss, outage, due[due.length - 1].level);
    return due.length;
  });
}

/** The sweeper: steps that fell due without their timer (workers down, a job lost). */
export async function sweepOutageSteps(
  db: Database,
  boss: Boss,
  now: Date,
  publicUrl: string,
  batch = 500,
): Promise<number> {
  let performed = 0;
  for (const id of await listOutagesWithDueSteps(db, now, batch))
    performed += await performOutageSteps(db, boss, id, now, publicUrl);
  return performed;
}

/** `publicUrl`: where links in messages point. */
export async function registerOutages(boss: Boss, db: Database, clock: () => Date, publicUrl: string) {
  await boss.work('outage.step', { batchSize: 20, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const { outageId } = queues['outage.step'].payload.parse(job.data);
      await performOutageSteps(db, boss, outageId, clock(), publicUrl);
    }
  });
  await boss.work('outage.sweep', async () => {
    await sweepOutageSteps(db, boss, clock(), publicUrl);
  });
  await boss.schedule('outage.sweep', '* * * * *', {});
}
