/**
 * Escalation of an outage past its expected end: one delayed outage.step job per outage plus a
 * sweeper every minute (jobs/outages.ts), like the appeals' ladder.
 */
import { getLadder } from '../../db/queries/escalation.ts';
import { getOrganisationEmail, listPeople } from '../../db/queries/notifications.ts';
import {
  getOutage,
  insertOutageUpdate,
  listOutagesWithDueSteps,
  lockOutage,
  type Outage,
  type OutageListRow,
  setOutageEscalation,
} from '../../db/queries/outages.ts';
import { defaultLadder } from '../../dispatch/escalation.ts';
import type { Person } from '../../dispatch/notifications.ts';
import {
  dueOutageSteps,
  nextOutageStepAt,
  type OutageDelivery,
  type OutageStep,
  outageDeliveries,
  outageStepAudiences,
  outageSteps,
} from '../../dispatch/outages.ts';
import { enqueue } from '../../jobs/queues.ts';
import { type Context, inTransaction } from '../context.ts';
import { queueOutageMessages } from './notify-residents.ts';

/** Arm the next escalation step (from the municipality's ladder): keep it on the row, queue its timer. */
export async function armOutageStep(
  ctx: Context,
  outage: Pick<Outage, 'id' | 'municipalityId' | 'startsAt' | 'expectedEndAt'>,
  level: number,
): Promise<Date | null> {
  const ladder = (await getLadder(ctx.db, outage.municipalityId)) ?? defaultLadder;
  const next = nextOutageStepAt(outageSteps(ladder, outage), level);
  await setOutageEscalation(ctx.db, outage.id, level, next);
  if (next)
    await enqueue(
      ctx.boss,
      ctx.db,
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
export async function performOutageSteps(ctx: Context, outageId: number, publicUrl: string): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const outage = await lockOutage(tx.db, outageId);
    if (outage?.status !== 'active') return 0;
    const ladder = (await getLadder(tx.db, outage.municipalityId)) ?? defaultLadder;
    const steps = outageSteps(ladder, outage);
    const due = dueOutageSteps(steps, outage.escalationLevel, tx.clock());
    if (due.length === 0) {
      await armOutageStep(tx, outage, outage.escalationLevel);
      return 0;
    }
    const view = (await getOutage(tx.db, outageId))!;
    for (const step of due) await performOutageStep(tx, outage, view, step, publicUrl);
    await armOutageStep(tx, outage, due[due.length - 1].level);
    return due.length;
  });
}

/** One step: its 'escalated' update and the messages to the step's audiences. */
async function performOutageStep(
  tx: Context,
  outage: Outage,
  view: OutageListRow,
  step: OutageStep,
  publicUrl: string,
): Promise<void> {
  await insertOutageUpdate(tx.db, {
    outageId: outage.id,
    kind: 'escalated',
    actorId: null,
    actorRole: null,
    changes: { escalationLevel: [step.level - 1, step.level] },
    note: null,
    at: tx.clock(),
  });
  const deliveries: OutageDelivery[] = [];
  for (const a of outageStepAudiences(step.actions)) {
    let people: Person[];
    let organisationEmail: string | null = null;
    if (a.to === 'supervisors') {
      people = await listPeople(tx.db, { organisationId: outage.organisationId, roles: ['org_supervisor'] });
      organisationEmail = await getOrganisationEmail(tx.db, outage.organisationId);
    } else {
      people = await listPeople(tx.db, {
        municipalityId: outage.municipalityId,
        role: a.to === 'dispatchers' ? 'dispatcher' : 'city_hall',
      });
    }
    deliveries.push(
      ...outageDeliveries(people, { kind: a.kind, template: a.template }, { actorId: null, organisationEmail }),
    );
  }
  await queueOutageMessages(tx, view, deliveries, { note: null, publicUrl });
}

/** The sweeper: steps that fell due without their timer (workers down, a job lost). */
export async function sweepOutageSteps(ctx: Context, publicUrl: string, batch = 500): Promise<number> {
  let performed = 0;
  for (const id of await listOutagesWithDueSteps(ctx.db, ctx.clock(), batch))
    performed += await performOutageSteps(ctx, id, publicUrl);
  return performed;
}
