/** Publishing an outage: the buildings it would cover, then the outage itself. */
import type { BuildingChoice, OverlapQuery } from '../../db/queries/outages.ts';
import {
  addOutageBuildings,
  chooseBuildings,
  insertOutage,
  insertOutageUpdate,
  isOverlapViolation,
} from '../../db/queries/outages.ts';
import { closeRing, periodProblems } from '../../dispatch/outages.ts';
import { type Context, inTransaction } from '../context.ts';
import { Unprocessable } from '../errors.ts';
import { checkArea, overlapAfterRace, problemsAt, publisherOf, refuseOverlap, resolveBuildings } from './checks.ts';
import { armOutageStep } from './escalate-outage.ts';
import { notifyOutageResidents } from './notify-residents.ts';
import { outageView } from './read-outages.ts';
import { choiceOf, type OutageView, type PreviewInput, type PublishInput } from './schemas.ts';

/** Before publishing: the buildings a choice names, each with whether the publisher serves it. */
export async function previewOutageBuildings(ctx: Context, input: PreviewInput) {
  const actor = ctx.actor!;
  const publisher = await publisherOf(ctx.db, actor, input.organisationId);
  const choice = choiceOf(input)!;
  await checkArea(ctx.db, actor.municipalityId, choice);
  const chosen = await chooseBuildings(ctx.db, {
    municipalityId: actor.municipalityId,
    service: input.service,
    organisationId: publisher.heldToServed ? publisher.organisationId : null,
    choice,
  });
  // A building with no supplier of the service on record compares to null: it is not served.
  return {
    buildings: chosen.slice(0, 5000).map(({ districtId: _d, ...b }) => ({ ...b, served: b.served === true })),
  };
}

/** The field a choice of buildings came in, for a refusal. */
const choiceField = (choice: BuildingChoice) =>
  `body.${'area' in choice ? 'area' : 'buildingIds' in choice ? 'buildingIds' : 'districtId'}`;

/**
 * Publish an outage over the served buildings of a choice: its buildings, its 'published' update,
 * its first escalation timer and the residents' messages in one transaction. 409 names an active
 * outage of the same service already covering one of the buildings at an overlapping time.
 */
export async function publishOutage(
  ctx: Context,
  input: PublishInput,
  publicUrl: string,
): Promise<{ id: number; outage: OutageView }> {
  const actor = ctx.actor!;
  const now = ctx.clock();
  const period = { kind: input.kind, startsAt: new Date(input.startsAt), expectedEndAt: new Date(input.expectedEndAt) };
  const wrongPeriod = periodProblems(period, now);
  if (wrongPeriod.length > 0) throw new Unprocessable({ id: 'outage.invalid_times' }, problemsAt(wrongPeriod));
  const publisher = await publisherOf(ctx.db, actor, input.organisationId);
  const choice = choiceOf(input)!;
  const chosen = await resolveBuildings(ctx.db, {
    municipalityId: actor.municipalityId,
    service: input.service,
    organisationId: publisher.heldToServed ? publisher.organisationId : null,
    choice,
  });
  const buildingIds = chosen.filter((b) => b.served).map((b) => b.id);
  if (buildingIds.length === 0) {
    throw new Unprocessable({ id: 'outage.none_served' }, [
      { field: choiceField(choice), reason: { id: 'outage.none_served.reason' } },
    ]);
  }
  const intended: OverlapQuery = {
    service: input.service,
    buildingIds,
    startsAt: period.startsAt,
    endsAt: period.expectedEndAt,
  };
  await refuseOverlap(ctx.db, intended);
  let id: number;
  try {
    id = await inTransaction(ctx, (tx) =>
      insertPublishedOutage(
        tx,
        { ...input, ...period },
        { organisationId: publisher.organisationId, buildingIds, choice },
        publicUrl,
      ),
    );
  } catch (err) {
    if (!isOverlapViolation(err)) throw err;
    // Another publication won the race between the check and the insert.
    throw await overlapAfterRace(ctx.db, intended);
  }
  ctx.log.info(
    { outageId: id, organisationId: publisher.organisationId, buildings: buildingIds.length },
    'outage published',
  );
  return { id, outage: await outageView(ctx, id, now) };
}

/** The writes of a publication, in the caller's transaction. */
async function insertPublishedOutage(
  tx: Context,
  input: Omit<PublishInput, 'startsAt' | 'expectedEndAt'> & { startsAt: Date; expectedEndAt: Date },
  target: { organisationId: number; buildingIds: number[]; choice: BuildingChoice },
  publicUrl: string,
): Promise<number> {
  const actor = tx.actor!;
  const now = tx.clock();
  const { choice } = target;
  const outage = await insertOutage(tx.db, {
    municipalityId: actor.municipalityId,
    organisationId: target.organisationId,
    service: input.service,
    kind: input.kind,
    reason: input.reason,
    startsAt: input.startsAt,
    expectedEndAt: input.expectedEndAt,
    area: 'area' in choice ? closeRing(choice.area) : null,
    districtId: 'districtId' in choice ? choice.districtId : null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  });
  await addOutageBuildings(tx.db, outage, target.buildingIds);
  await insertOutageUpdate(tx.db, {
    outageId: outage.id,
    kind: 'published',
    actorId: actor.userId,
    actorRole: actor.role,
    note: input.note ?? null,
    changes: {},
    at: now,
  });
  await armOutageStep(tx, outage, 0);
  await notifyOutageResidents(tx, outage.id, 'outage_published', {
    note: input.note ?? null,
    actorId: actor.userId,
    publicUrl,
  });
  return outage.id;
}
