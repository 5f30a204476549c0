/**
 * Filing an appeal, the platform's main act: the category and place are checked and decided
 * (dispatch/intake.ts), then the appeal, its 'created' event, its photos and its routing job are
 * written in one pipelined transaction (db/queries/appeals.ts `insertFiledAppeal`). A retry with
 * the same Idempotency-Key answers the appeal the first request filed.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import type { Channel } from '../../db/schema/index.ts';
import { nearestBuildings } from '../../db/queries/buildings.ts';
import {
  findAppealByIdempotencyKey,
  getAppealDetail,
  insertFiledAppeal,
  listAppealEvents,
} from '../../db/queries/appeals.ts';
import { listAttachments } from '../../db/queries/attachments.ts';
import { districtAt, municipalityContains } from '../../db/queries/municipalities.ts';
import { BUILDING_RADIUS_METRES, decideIntake, localYear } from '../../dispatch/intake.ts';
import type { UserActor } from '../../dispatch/lifecycle.ts';
import { enqueueOn } from '../../jobs/queues.ts';
import type { Context } from '../context.ts';
import { Conflict, Unauthorized, Unprocessable } from '../errors.ts';
import { ReferenceCache } from '../reference.ts';
import type { StoredPhoto } from '../uploads.ts';
import type { AppealInput } from './schemas.ts';
import { type FullAppealView, fullView, photoViews } from './views.ts';

/** `channel` overrides the input's for filings made by the platform's own adapters (Open311). */
export type Filing = { input: AppealInput; photos: StoredPhoto[]; idempotencyKey?: string; channel?: Channel };

/** The filed appeal's full view; `replayed` when an earlier request with the same key filed it. */
export type FilingOutcome = { appeal: FullAppealView; replayed: boolean };

type Category = NonNullable<Awaited<ReturnType<ReferenceCache['category']>>>;
type BuildingRef = Awaited<ReturnType<ReferenceCache['building']>> | null;

/** A fingerprint of what was asked, to tell a true retry from a reused idempotency key. */
function requestHash(input: AppealInput, photos: StoredPhoto[]): string {
  return createHash('sha256')
    .update(JSON.stringify([input, photos.map((p) => p.sha256)]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * File a resident's appeal. `reference` is the app's cache of categories, buildings and
 * municipalities (a fresh, uncached one when not given). The transaction is the pipelined one of
 * `insertFiledAppeal`, so this service cannot join a caller's transaction.
 */
export async function fileAppeal(
  ctx: Context,
  filing: Filing,
  reference: ReferenceCache = new ReferenceCache(ctx.db),
): Promise<FilingOutcome> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const { input, photos, idempotencyKey: key } = filing;
  const channel = filing.channel ?? input.channel;
  const fingerprint = requestHash(input, photos);
  // The key is claimed in the intake transaction before anything is written (`insertFiledAppeal`).
  const category = await reference.category(input.categoryId);
  if (!category) {
    throw new Unprocessable({ id: 'appeal.category_unknown' }, [
      { field: 'body.categoryId', reason: { id: 'field.no_such_category' } },
    ]);
  }
  const intake = await placeAppeal(ctx, reference, category, input);
  const municipality = (await reference.municipality(category.municipalityId))!;
  const now = ctx.clock();
  const place = intake.place;
  const created = await insertFiledAppeal(
    databaseOf(ctx),
    {
      appeal: {
        municipalityId: category.municipalityId,
        authorId: actor.userId,
        categoryId: category.id,
        buildingId: place.buildingId,
        districtId: place.districtId,
        location: { x: place.lon, y: place.lat },
        addressText: place.addressText,
        description: input.description,
        entrance: input.entrance ?? null,
        apartment: input.apartment ?? null,
        priority: place.priority,
        status: 'new',
        channel,
        public: category.public,
        idempotencyKey: key ?? null,
        createdAt: now,
      },
      numbering: { code: municipality.code, year: localYear(now, municipality.timeZone) },
      event: {
        actorId: actor.userId,
        actorRole: actor.role,
        payload: { channel, photos: photos.length, requestHash: fingerprint },
      },
      utility: category.utility,
      photos: photos.map((p) => ({ ...p, ownerId: actor.userId, createdAt: now })),
    },
    (appealId, executor) =>
      enqueueOn(ctx.boss, executor, 'appeal.route', { appealId }, { singletonKey: `route:${appealId}` }),
  );
  if (!created) return replayFiling(ctx, actor, key!, fingerprint);
  const appeal = created.appeal;
  ctx.log.info({ appealId: appeal.id, number: appeal.number, categoryId: category.id }, 'appeal created');
  // The answer is made from what this filing already knows: no second trip to the database.
  const detail = {
    appeal,
    municipalityCode: municipality.code,
    category: {
      id: category.id,
      code: category.code,
      nameRu: category.nameRu,
      nameEn: category.nameEn,
      group: category.group,
    },
    buildingAddress: intake.chosen?.address ?? intake.nearest?.address ?? null,
    district: place.districtId ? await reference.district(place.districtId) : null,
    organisation: null,
  };
  return { appeal: fullView(detail, photoViews(created.photos), null), replayed: false };
}

/** Where the appeal is: the chosen building, or the point with the nearest building and district. */
async function placeAppeal(ctx: Context, reference: ReferenceCache, category: Category, input: AppealInput) {
  const chosen: BuildingRef = input.buildingId ? await reference.building(input.buildingId) : null;
  if (input.buildingId && !chosen) {
    throw new Unprocessable({ id: 'appeal.building_unknown' }, [
      { field: 'body.buildingId', reason: { id: 'field.no_such_building' } },
    ]);
  }
  const point = input.lat !== undefined && input.lon !== undefined ? { lon: input.lon, lat: input.lat } : null;
  const inside = point ? await municipalityContains(ctx.db, category.municipalityId, point.lon, point.lat) : true;
  const nearest =
    point && !chosen && inside
      ? ((
          await nearestBuildings(ctx.db, point.lon, point.lat, 1, {
            municipalityId: category.municipalityId,
            withinMetres: BUILDING_RADIUS_METRES,
          })
        )[0] ?? null)
      : null;
  const decision = decideIntake({
    category,
    chosenBuilding: chosen,
    point,
    insideMunicipality: inside,
    nearestBuilding: nearest,
    districtAtPoint:
      point && !chosen && inside ? await districtAt(ctx.db, category.municipalityId, point.lon, point.lat) : null,
  });
  if (!decision.ok) {
    throw new Unprocessable(
      { id: 'appeal.not_acceptable' },
      decision.problems.map((p) => ({ field: `body.${p.field}`, reason: p.reason })),
    );
  }
  return { place: decision.place, chosen, nearest };
}

/** The key was taken: the same request again gets the appeal it filed, another request 409. */
async function replayFiling(ctx: Context, actor: UserActor, key: string, fingerprint: string): Promise<FilingOutcome> {
  const existing = (await findAppealByIdempotencyKey(ctx.db, actor.userId, key))!;
  const events = await listAppealEvents(ctx.db, existing.id);
  const first = events.find((e) => e.type === 'created');
  if (first && first.payload.requestHash !== fingerprint) {
    throw new Conflict(
      { id: 'appeal.idempotency_key_reused' },
      {
        errors: [{ field: 'headers.idempotency-key', reason: { id: 'appeal.field.idempotency_key_taken' } }],
      },
    );
  }
  const detail = (await getAppealDetail(ctx.db, { id: existing.id }))!;
  const photos = photoViews(await listAttachments(ctx.db, existing.id));
  return { appeal: fullView(detail, photos, null), replayed: true };
}

/** The pipelined intake transaction needs the pool itself, not a transaction of a caller's. */
function databaseOf(ctx: Context): Database {
  if ('rollback' in ctx.db) throw new Error('fileAppeal opens its own pipelined transaction; call it outside one');
  return ctx.db as Database;
}
