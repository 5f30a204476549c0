/**
 * Reading appeals and following them: the single appeal (with its clocks, outage and, for those
 * allowed, its author's personal data under an audit trail), its history, the scoped list, the
 * open appeals that may be the same problem, a photo, and following or unfollowing.
 */
import {
  addFollower,
  type AppealDetail,
  findSimilarOpenAppeals,
  getAppealDetail,
  getPersonal,
  type ListScope,
  listAppealEvents,
  listAppeals,
  removeFollower,
} from '../../db/queries/appeals.ts';
import { getAttachment, listAttachments } from '../../db/queries/attachments.ts';
import { type AccessContext, readPersonalAudited } from '../../db/queries/audit.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { readSubmitterAudited } from '../../db/queries/open311.ts';
import { organisationNames } from '../../db/queries/organisations.ts';
import { getOutageBrief } from '../../db/queries/outages.ts';
import { DUPLICATE_RADIUS_METRES, DUPLICATE_WINDOW_MS, rankDuplicateCandidates } from '../../dispatch/duplicates.ts';
import { boxAround } from '../../dispatch/geo.ts';
import { can, scopeOf } from '../../dispatch/permissions.ts';
// Being moved to api/sla/ (issue 12).
import { clocksOf } from '../sla/clocks.ts';
import type { Context } from '../context.ts';
import { NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import { ReferenceCache } from '../reference.ts';
import type { ListQuery, SimilarQuery } from './schemas.ts';
import {
  type AppealKey,
  clockView,
  decodeCursor,
  encodeCursor,
  eventView,
  fullView,
  handoverIds,
  photoViews,
  publicView,
  resourceOf,
} from './views.ts';

const notFound = () => new NotFound('appeal');

/** The appeal's SLA clocks now, from its history and its policy. */
async function slaOf(ctx: Context, appeal: NonNullable<AppealDetail>['appeal']) {
  const clocks = await clocksOf({ db: ctx.db }, appeal, ctx.clock());
  return {
    response: clockView(clocks.response),
    resolution: clockView(clocks.resolution),
    reopenCount: clocks.reopenCount,
    byOrganisation: clocks.byOrganisation,
    organisationSince: clocks.organisationSince?.toISOString() ?? null,
  };
}

/** The outage an appeal is linked to, as its view shows it. */
async function outageOf(ctx: Context, outageId: number | null) {
  const o = outageId === null ? null : await getOutageBrief(ctx.db, outageId);
  if (!o) return null;
  return {
    ...o,
    startsAt: o.startsAt.toISOString(),
    expectedEndAt: o.expectedEndAt.toISOString(),
    restoredAt: o.restoredAt ? o.restoredAt.toISOString() : null,
  };
}

/** The Open311 submitter of an appeal and its client's name, read under the trail; null when none was given. */
async function open311Submitter(ctx: Context, appealId: number, trail: AccessContext) {
  const row = await readSubmitterAudited(ctx.db, appealId, trail);
  if (!row) return null;
  const { clientName, ...submitter } = row;
  return { client: clientName, ...submitter };
}

/**
 * One appeal as the actor may see it: the full view (with the author's personal data for those
 * allowed, leaving a trail row made by `trail`) or the public one; 404 when neither.
 */
export async function readAppeal(ctx: Context, key: AppealKey, trail: (at: Date) => AccessContext) {
  const detail = await getAppealDetail(ctx.db, key);
  if (!detail) throw notFound();
  const resource = resourceOf(detail.appeal);
  const photos = photoViews(await listAttachments(ctx.db, detail.appeal.id));
  const sla = await slaOf(ctx, detail.appeal);
  const outage = await outageOf(ctx, detail.appeal.outageId);
  if (can(ctx.actor, 'appeal.read', resource)) {
    const authorId = detail.appeal.authorId;
    // Staff reading an author's personal data leave a trail row, written in the same statement.
    const personal = !can(ctx.actor, 'appeal.read_personal', resource)
      ? null
      : ctx.actor?.userId === authorId
        ? await getPersonal(ctx.db, authorId)
        : await readPersonalAudited(ctx.db, authorId, trail(ctx.clock()), `appeal:${detail.appeal.id}`);
    const submitter =
      personal && detail.appeal.channel === 'open311' && ctx.actor?.userId !== authorId
        ? await open311Submitter(ctx, detail.appeal.id, trail(ctx.clock()))
        : null;
    return { ...fullView(detail, photos, personal), ...(submitter ? { submitter } : {}), sla, outage };
  }
  // A private appeal does not exist for those who may not read it.
  if (!detail.appeal.public || !can(ctx.actor, 'appeal.read_public')) throw notFound();
  return { ...publicView(detail, photos), view: 'public' as const, sla, outage };
}

/** An appeal's history; internal comments only for those who may write them, notes only in full. */
export async function readAppealHistory(ctx: Context, key: AppealKey) {
  const detail = await getAppealDetail(ctx.db, key);
  if (!detail) throw notFound();
  const full = can(ctx.actor, 'appeal.read', resourceOf(detail.appeal));
  if (!full && (!detail.appeal.public || !can(ctx.actor, 'appeal.read_public'))) throw notFound();
  // Internal comments are the organisation's and the dispatchers' working notes: not the resident's, not public.
  const internal = can(ctx.actor, 'appeal.comment_internal', resourceOf(detail.appeal));
  const events = (await listAppealEvents(ctx.db, detail.appeal.id)).filter(
    (e) => internal || e.payload.visibility !== 'internal',
  );
  const named = await organisationNames(ctx.db, [...new Set(events.flatMap(handoverIds))]);
  const names = new Map(named.map((o) => [o.id, o]));
  return events.map((e) => eventView(e, full, names));
}

/** Which appeals the actor's list shows: their own, their organisation's, their municipality's, or the public ones. */
function listScopeOf(ctx: Context, view: ListQuery['view']): ListScope {
  const actor = ctx.actor;
  const scopeKind = view === 'public' ? null : scopeOf(actor, 'appeal.list');
  if (!actor || !scopeKind || scopeKind === 'all') return { kind: 'public' };
  if (scopeKind === 'own') return { kind: 'own', userId: actor.userId };
  if (scopeKind === 'organisation') {
    if (actor.organisationId === null) return { kind: 'public' };
    return { kind: 'organisation', municipalityId: actor.municipalityId, organisationId: actor.organisationId };
  }
  return { kind: 'municipality', municipalityId: actor.municipalityId };
}

/** A page of appeals as the actor's role scopes them; lists never carry personal data. */
export async function listAppealsFor(ctx: Context, q: ListQuery) {
  const scope = listScopeOf(ctx, q.view);
  let municipalityId: number | undefined;
  if (q.municipality) {
    const m = await findMunicipality(ctx.db, q.municipality);
    if (!m) throw new NotFound('municipality');
    municipalityId = m.id;
  }
  const filters = {
    municipalityId,
    statuses: q.status,
    categoryId: q.categoryId,
    districtId: q.districtId,
    organisationId: q.organisationId,
    buildingId: q.buildingId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    bbox: q.bbox,
  };
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = await listAppeals(ctx.db, scope, filters, cursor, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((d) =>
      scope.kind === 'public' ? { ...publicView(d, []), view: 'public' as const } : fullView(d, [], null),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.appeal.createdAt, last.appeal.id) : null,
  };
}

/** Before filing: open public appeals nearby that may be the same problem, nearest first. */
export async function findSimilarAppeals(
  ctx: Context,
  q: SimilarQuery,
  reference: ReferenceCache = new ReferenceCache(ctx.db),
) {
  const category = await reference.category(q.categoryId);
  if (!category)
    throw new Unprocessable({ id: 'appeal.category_unknown' }, [
      { field: 'querystring.categoryId', reason: { id: 'field.no_such_category' } },
    ]);
  const building = q.buildingId ? await reference.building(q.buildingId) : null;
  if (q.buildingId && !building)
    throw new Unprocessable({ id: 'appeal.building_unknown' }, [
      { field: 'querystring.buildingId', reason: { id: 'field.no_such_building' } },
    ]);
  const place = building ?? { lon: q.lon!, lat: q.lat!, id: null };
  const rows = await findSimilarOpenAppeals(ctx.db, {
    municipalityId: category.municipalityId,
    group: category.group,
    buildingId: building?.id ?? null,
    lon: place.lon,
    lat: place.lat,
    since: new Date(ctx.clock().getTime() - DUPLICATE_WINDOW_MS),
    boxDegrees: boxAround(place.lat, DUPLICATE_RADIUS_METRES),
  });
  const ranked = rankDuplicateCandidates(
    rows.map((d) => ({ d, lon: d.appeal.location.x, lat: d.appeal.location.y, buildingId: d.appeal.buildingId })),
    { lon: place.lon, lat: place.lat, buildingId: building?.id ?? null },
  );
  return ranked.map((r) => ({ ...publicView(r.d, []), view: 'public' as const, distanceMetres: r.distanceMetres }));
}

/** Follow an appeal one may see (a public one, or one's own) to hear of its progress. */
export async function followAppeal(ctx: Context, key: AppealKey): Promise<void> {
  const { appealId, userId } = await followable(ctx, key);
  await addFollower(ctx.db, appealId, userId, ctx.clock());
}

export async function unfollowAppeal(ctx: Context, key: AppealKey): Promise<void> {
  const { appealId, userId } = await followable(ctx, key);
  await removeFollower(ctx.db, appealId, userId);
}

async function followable(ctx: Context, key: AppealKey) {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const detail = await getAppealDetail(ctx.db, key);
  if (!detail || !(detail.appeal.public || detail.appeal.authorId === actor.userId)) throw notFound();
  return { appealId: detail.appeal.id, userId: actor.userId };
}

/** A photo of an appeal the actor may read (privately or publicly); 404 otherwise. */
export async function readAttachment(ctx: Context, id: number) {
  const row = await getAttachment(ctx.db, id);
  if (!row) throw new NotFound('attachment');
  const resource = resourceOf(row.appeal);
  const allowed =
    can(ctx.actor, 'appeal.read', resource) || (row.appeal.public && can(ctx.actor, 'appeal.read_public'));
  if (!allowed) throw new NotFound('attachment');
  return { ...row.attachment, public: row.appeal.public };
}
