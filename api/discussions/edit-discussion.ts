/**
 * The organiser prepares a discussion (issue 17): creates it as a draft with its territory, listed
 * buildings and dates, and changes it while it is a draft. The territory's buildings are found once
 * here (a box prefilter in SQL, the rule of dispatch/territory.ts in JS) and kept in
 * discussion_buildings, so that who may take part and who hears the notice are joins.
 */
import type { Db } from '../../db/client.ts';
import {
  buildingPointsInBox,
  type Discussion,
  existingBuildingIds,
  insertDiscussion,
  insertDiscussionEvent,
  listedBuildingIds,
  lockDiscussion,
  nextDiscussionNumber,
  replaceDiscussionBuildings,
  updateDiscussion,
} from '../../db/queries/discussions.ts';
import { getMunicipality } from '../../db/queries/municipalities.ts';
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import { getBoundary } from '../../db/queries/outages.ts';
import {
  type DiscussionKind,
  defaultSchedule,
  isEditable,
  isPublicStatus,
  type Schedule,
  scheduleProblems,
} from '../../dispatch/discussions.ts';
import { addDays, localDate } from '../../dispatch/eservices.ts';
import { type Language, render } from '../../dispatch/messages/index.ts';
import { can, scopeOf } from '../../dispatch/permissions.ts';
import {
  inTerritory,
  type Territory,
  territoryBox,
  territoryCentre,
  territoryProblems,
} from '../../dispatch/territory.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, Forbidden, NotFound, Unprocessable } from '../errors.ts';
import type { CreateInput, DiscussionDetail, PatchInput } from './schemas.ts';
import { showDiscussion } from './read-discussions.ts';
import { discussionResource, staleDiscussion } from './steps.ts';

/** A new draft's notice by default: a week on, time to attach the documents and check the dates. */
const NOTICE_DAYS_AHEAD = 7;

/** The municipality's local date and zone. */
export async function municipalityToday(ctx: Context, municipalityId: number) {
  const municipality = await getMunicipality(ctx.db, municipalityId);
  const timeZone = municipality?.timeZone ?? 'Europe/Moscow';
  return { timeZone, today: localDate(ctx.clock(), timeZone) };
}

/** 422 naming each field of the territory that is wrong (crossing itself, outside the municipality, …). */
async function checkTerritory(db: Db, municipalityId: number, territory: Territory): Promise<void> {
  const boundary = (await getBoundary(db, municipalityId)) ?? [];
  const problems = territoryProblems(territory, boundary, 'body.territory');
  if (problems.length > 0) throw new Unprocessable({ id: 'discussion.invalid_territory' }, problems);
}

/** 422 naming each date the law refuses. */
export function checkSchedule(kind: DiscussionKind, schedule: Schedule, today: string, announced = false): void {
  const problems = scheduleProblems(kind, schedule, today as Schedule['noticeOn'], announced);
  if (problems.length > 0) {
    throw new Unprocessable(
      { id: 'discussion.invalid_schedule' },
      problems.map((p) => ({ field: `body.schedule.${p.field}`, reason: p.reason })),
    );
  }
}

async function checkListed(db: Db, municipalityId: number, ids: readonly number[]): Promise<void> {
  const found = await existingBuildingIds(db, municipalityId, ids);
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    throw new Unprocessable({ id: 'discussion.unknown_building' }, [
      { field: `body.buildingIds.${missing}`, reason: { id: 'discussion.unknown_building.reason' } },
    ]);
  }
}

/** The buildings of the municipality whose point is on the territory (its edges included). */
export async function buildingsInTerritory(db: Db, municipalityId: number, territory: Territory): Promise<number[]> {
  const box = territoryBox(territory);
  if (!box) return [];
  const candidates = await buildingPointsInBox(db, municipalityId, box);
  return candidates.filter((b) => inTerritory([b.lon, b.lat], territory)).map((b) => b.id);
}

/** The organiser: a supervisor's own organisation; the admin's choice among the municipality's. */
async function organiserOf(ctx: Context, chosen: number | undefined): Promise<number> {
  const actor = ctx.actor!;
  if (scopeOf(actor, 'discussion.manage') === 'organisation') return actor.organisationId!;
  const org = chosen ? await getOrganisationRef(ctx.db, chosen) : null;
  if (!org || org.municipalityId !== actor.municipalityId) {
    throw new Unprocessable({ id: 'discussion.no_such_organiser' }, [
      { field: 'body.organiserId', reason: { id: 'discussion.no_such_organiser.reason' } },
    ]);
  }
  return org.id;
}

const placeOf = (territory: Territory) => {
  const box = territoryBox(territory)!;
  const centre = territoryCentre(territory)!;
  return { west: box[0], south: box[1], east: box[2], north: box[3], centreLon: centre[0], centreLat: centre[1] };
};

/** Create a draft: checked territory and dates (the defaults when none are given), its number, its buildings. */
export async function createDiscussion(ctx: Context, input: CreateInput): Promise<DiscussionDetail> {
  const actor = ctx.actor!;
  const municipalityId = actor.municipalityId;
  const organiserId = await organiserOf(ctx, input.organiserId);
  const { today } = await municipalityToday(ctx, municipalityId);
  const schedule = input.schedule ?? defaultSchedule(addDays(today, NOTICE_DAYS_AHEAD));
  await checkTerritory(ctx.db, municipalityId, input.territory);
  checkSchedule(input.kind, schedule as Schedule, today);
  await checkListed(ctx.db, municipalityId, input.buildingIds);
  const inside = await buildingsInTerritory(ctx.db, municipalityId, input.territory);
  const now = ctx.clock();
  const created = await inTransaction(ctx, async (tx) => {
    const number = await nextDiscussionNumber(tx.db, municipalityId, Number(today.slice(0, 4)));
    const d = await insertDiscussion(tx.db, {
      municipalityId,
      number,
      kind: input.kind,
      organiserId,
      title: input.title,
      summary: input.summary,
      expositionPlace: input.expositionPlace,
      territory: input.territory,
      ...placeOf(input.territory),
      ...schedule,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await replaceDiscussionBuildings(tx.db, d.id, inside, input.buildingIds);
    await insertDiscussionEvent(tx.db, {
      discussionId: d.id,
      step: 'created',
      actorId: actor.userId,
      toStatus: 'draft',
      data: { buildings: inside.length, listed: input.buildingIds.length },
      at: now,
    });
    return d;
  });
  ctx.log.info({ discussionId: created.id, organiserId, buildings: inside.length }, 'discussion created');
  return showDiscussion(ctx, created.id);
}

/** The discussion the actor manages, or 404 (one they cannot see) / 403 (one they only read). */
export async function managedDiscussion(ctx: Context, d: Discussion | null): Promise<Discussion> {
  if (!d) throw new NotFound('discussion');
  if (can(ctx.actor, 'discussion.manage', discussionResource(d))) return d;
  // A public discussion is no secret: refused (403); a draft of another organiser does not exist (404).
  if (isPublicStatus(d.status, d.announcedAt) && can(ctx.actor, 'discussion.read', discussionResource(d))) {
    throw new Forbidden();
  }
  throw new NotFound('discussion');
}

export const notEditable = (d: Discussion) =>
  new Conflict({ id: 'discussion.not_editable', params: { status: d.status } }, { code: 'not_editable' });

/** Change a draft (with the version the organiser saw); a new territory or list recomputes the buildings. */
export async function patchDiscussion(ctx: Context, id: number, input: PatchInput): Promise<DiscussionDetail> {
  const actor = ctx.actor!;
  const now = ctx.clock();
  await inTransaction(ctx, async (tx) => {
    const d = await managedDiscussion(tx, await lockDiscussion(tx.db, id));
    if (input.version !== d.version) throw staleDiscussion(d);
    if (!isEditable(d.status)) throw notEditable(d);
    const { today } = await municipalityToday(tx, d.municipalityId);
    const territory = input.territory ?? d.territory;
    const kind = input.kind ?? d.kind;
    const schedule: Schedule = input.schedule ?? {
      noticeOn: d.noticeOn as Schedule['noticeOn'],
      expositionFrom: d.expositionFrom as Schedule['noticeOn'],
      expositionTo: d.expositionTo as Schedule['noticeOn'],
      proposalsFrom: d.proposalsFrom as Schedule['noticeOn'],
      proposalsTo: d.proposalsTo as Schedule['noticeOn'],
      protocolBy: d.protocolBy as Schedule['noticeOn'],
      conclusionBy: d.conclusionBy as Schedule['noticeOn'],
    };
    if (input.territory) await checkTerritory(tx.db, d.municipalityId, territory);
    if (input.schedule || input.kind) checkSchedule(kind, schedule, today);
    if (input.buildingIds) await checkListed(tx.db, d.municipalityId, input.buildingIds);
    await updateDiscussion(
      tx.db,
      d.id,
      {
        kind,
        ...(input.title ? { title: input.title } : {}),
        ...(input.summary ? { summary: input.summary } : {}),
        ...(input.expositionPlace !== undefined ? { expositionPlace: input.expositionPlace } : {}),
        territory,
        ...placeOf(territory),
        ...schedule,
      },
      now,
    );
    if (input.territory || input.buildingIds) await recomputeBuildings(tx.db, d, territory, input.buildingIds);
    const changed = Object.keys(input).filter((k) => k !== 'version');
    await insertDiscussionEvent(tx.db, {
      discussionId: d.id,
      step: 'changed',
      actorId: actor.userId,
      fromStatus: d.status,
      toStatus: d.status,
      data: { fields: changed },
      at: now,
    });
  });
  return showDiscussion(ctx, id);
}

async function recomputeBuildings(db: Db, d: Discussion, territory: Territory, listed: number[] | undefined) {
  const inside = await buildingsInTerritory(db, d.municipalityId, territory);
  const keep = listed ?? (await listedBuildingIds(db, d.id));
  await replaceDiscussionBuildings(db, d.id, inside, keep);
}

/** The dates an organiser starts from (the defaults for a notice day) and what the law finds wrong with them, per field. */
export async function checkDiscussionDates(
  ctx: Context,
  input: { kind: DiscussionKind; noticeOn?: string; schedule?: Schedule },
  language: Language,
) {
  const { today } = await municipalityToday(ctx, ctx.actor!.municipalityId);
  const schedule =
    input.schedule ?? defaultSchedule((input.noticeOn ?? addDays(today, NOTICE_DAYS_AHEAD)) as Schedule['noticeOn']);
  return {
    schedule,
    today,
    problems: scheduleProblems(input.kind, schedule, today).map((p) => ({
      field: p.field,
      reason: render(p.reason, language),
    })),
  };
}
