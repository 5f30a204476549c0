import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { nearestBuildings } from '../../db/queries/buildings.ts';
import {
  type AppealDetail,
  findAppealByIdempotencyKey,
  getAppealDetail,
  getAttachment,
  getPersonal,
  fileAppeal,
  listAppealEvents,
  listAppeals,
  listAttachments,
  type ListScope,
  addFollower,
  findSimilarOpenAppeals,
  removeFollower,
} from '../../db/queries/appeals.ts';
import { DUPLICATE_RADIUS_METRES, DUPLICATE_WINDOW_MS, rankDuplicateCandidates } from '../../dispatch/duplicates.ts';
import { boxAround } from '../../dispatch/geo.ts';
import { districtAt, municipalityContains } from '../../db/queries/municipalities.ts';
import {
  appealStatuses,
  categoryGroups,
  channels,
  outageKinds,
  outageStatuses,
  priorities,
  roles,
  utilities,
} from '../../db/schema/index.ts';
import { BUILDING_RADIUS_METRES, decideIntake, localYear } from '../../dispatch/intake.ts';
import { can, scopeOf } from '../../dispatch/permissions.ts';
import { redactContacts } from '../../dispatch/redact.ts';
import { enqueueOn } from '../../jobs/boss.ts';
import type { Db } from '../../db/client.ts';
import type { SlaClock } from '../../dispatch/sla.ts';
import { clocksOf } from '../../jobs/clocks.ts';
import type { Priority } from '../../dispatch/taxonomy.ts';
import { BadRequest, Conflict, NotFound, Unprocessable } from '../errors.ts';
import { authorize } from '../plugins/auth.ts';
import { bboxParam, latitude, longitude, municipalityQuery, parseInput, problems, userText } from '../schemas.ts';
import { readMultipart, type StoredPhoto } from '../uploads.ts';
import { readPersonalAudited } from '../../db/queries/audit.ts';
import { accessContext } from '../audit.ts';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { getOutageBrief } from '../../db/queries/outages.ts';

// 5 photos of ≤ 10 MB each (the multipart limits in app.ts enforce the same).

const appealInput = z
  .object({
    categoryId: z.coerce.number().int().positive(),
    buildingId: z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1)
      .optional(),
    lat: latitude.optional(),
    lon: longitude.optional(),
    description: userText(4000).pipe(
      z.string().min(5, 'опишите проблему (не короче 5 символов) / describe the problem (at least 5 characters)'),
    ),
    entrance: userText(10).optional(),
    apartment: userText(10).optional(),
    channel: z.enum(['web', 'mobile']).default('web'),
  })
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.lon === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.lat === undefined ? 'lat' : 'lon'],
        message: 'нужны и lat, и lon / give both lat and lon',
      });
    }
  })
  .meta({ id: 'AppealInput' });
type AppealInput = z.infer<typeof appealInput>;

const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, '1–200 печатных ASCII-символов / 1–200 printable ASCII characters')
  .optional();

const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });
const photoSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

const slaClockSchema = z
  .object({
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    elapsedMillis: z.number(),
    remainingMillis: z.number(),
    paused: z.boolean(),
    breached: z.boolean(),
    breachedAt: z.iso.datetime({ offset: true }).nullable(),
    stopped: z.boolean(),
  })
  .meta({ id: 'SlaClock' });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const clockView = (c: SlaClock) => ({
  startedAt: iso(c.startedAt),
  dueAt: iso(c.dueAt),
  elapsedMillis: c.elapsedMillis,
  remainingMillis: c.remainingMillis,
  paused: c.paused,
  breached: c.breached,
  breachedAt: iso(c.breachedAt),
  stopped: c.stopped,
});

/** The appeal's SLA clocks now, from its history and its policy. */
async function slaOf(
  db: Db,
  appeal: { id: number; municipalityId: number; categoryId: number; priority: Priority; outageId: number | null },
  now: Date,
) {
  const clocks = await clocksOf(db, appeal, now);
  return {
    response: clockView(clocks.response),
    resolution: clockView(clocks.resolution),
    reopenCount: clocks.reopenCount,
    byOrganisation: clocks.byOrganisation,
  };
}

/** The outage an appeal is linked to, as its view shows it. */
async function outageOf(db: Db, outageId: number | null) {
  const o = outageId === null ? null : await getOutageBrief(db, outageId);
  if (!o) return null;
  return {
    ...o,
    startsAt: o.startsAt.toISOString(),
    expectedEndAt: o.expectedEndAt.toISOString(),
    restoredAt: iso(o.restoredAt),
  };
}

/** What anybody may see: no author, no contacts, no apartment. */
const publicAppealSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    priority: z.enum(priorities),
    category: z.object({
      id: z.number().int(),
      code: z.string(),
      nameRu: z.string(),
      nameEn: z.string(),
      group: z.enum(categoryGroups),
    }),
    buildingId: z.number().int().nullable(),
    address: z.string().nullable(),
    district: nameRef.nullable(),
    organisation: nameRef.nullable(),
    lat: z.number(),
    lon: z.number(),
    description: z.string(),
    photos: z.array(photoSchema),
    /** SLA clocks, on the single-appeal view (computed from the history). */
    sla: z
      .object({
        response: slaClockSchema,
        resolution: slaClockSchema,
        reopenCount: z.number().int(),
        /** Resolution-clock working time while each organisation held the appeal. */
        byOrganisation: z.array(z.object({ organisationId: z.number().int(), elapsedMillis: z.number() })),
      })
      .optional(),
    /** The outage the appeal was filed during (single-appeal view): follow it for the expected end. */
    outage: z
      .object({
        id: z.number().int(),
        service: z.enum(utilities),
        kind: z.enum(outageKinds),
        status: z.enum(outageStatuses),
        reason: z.string(),
        startsAt: z.iso.datetime({ offset: true }),
        expectedEndAt: z.iso.datetime({ offset: true }),
        restoredAt: z.iso.datetime({ offset: true }).nullable(),
      })
      .nullable()
      .optional(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'AppealPublic' });

const fullAppealSchema = publicAppealSchema
  .extend({
    view: z.enum(['full']),
    municipalityId: z.number().int(),
    public: z.boolean(),
    channel: z.enum(channels),
    entrance: z.string().nullable(),
    version: z.number().int(),
    /** Present only for those allowed to see the author's personal data. */
    author: z
      .object({
        id: z.number().int(),
        fullName: z.string().nullable(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        apartment: z.string().nullable(),
      })
      .optional(),
  })
  .meta({ id: 'AppealFull' });

const appealViewSchema = z
  .union([fullAppealSchema, publicAppealSchema.extend({ view: z.enum(['public']) })])
  .meta({ id: 'AppealView' });

const eventSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    fromStatus: z.enum(appealStatuses).nullable(),
    toStatus: z.enum(appealStatuses).nullable(),
    actorRole: z.enum(roles).nullable(),
    organisation: nameRef.nullable(),
    note: z.string().nullable(),
    /** Comments: public or internal (internal ones only reach those who may write them). */
    visibility: z.enum(['public', 'internal']).optional(),
    /** Photos that came with the event (ids for GET /api/attachments/{id}). */
    photos: z.array(z.number().int()),
    at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'AppealEvent' });

const appealKey = z.object({
  id: z
    .string()
    .regex(
      /^(\d{1,15}|[A-Za-z0-9]{2,8}-\d{4}-\d{6,})$/,
      'номер обращения (KZN-2026-000123) или id / an appeal number or id',
    ),
});

function keyOf(id: string): { id: number } | { number: string } {
  return /^\d+$/.test(id) ? { id: Number(id) } : { number: id };
}

function resourceOf(a: AppealDetail['appeal']) {
  return { municipalityId: a.municipalityId, organisationIds: [a.assignedOrgId], ownerId: a.authorId };
}

function photoViews(rows: Awaited<ReturnType<typeof listAttachments>>) {
  return rows.map((p) => ({ ...p, url: `/api/attachments/${p.id}` }));
}

/** `description` is the text to show: contacts redacted unless the full view shows it as written. */
function publicView(
  d: NonNullable<AppealDetail>,
  photos: ReturnType<typeof photoViews>,
  description = redactContacts(d.appeal.description),
) {
  const a = d.appeal;
  return {
    id: a.id,
    number: a.number,
    status: a.status,
    priority: a.priority,
    category: d.category,
    buildingId: a.buildingId,
    address: a.addressText,
    district: d.district,
    organisation: d.organisation,
    lat: a.location.y,
    lon: a.location.x,
    description,
    photos,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

function fullView(
  d: NonNullable<AppealDetail>,
  photos: ReturnType<typeof photoViews>,
  personal: Awaited<ReturnType<typeof getPersonal>> | null,
) {
  const a = d.appeal;
  return {
    ...publicView(d, photos, a.description),
    view: 'full' as const,
    municipalityId: a.municipalityId,
    public: a.public,
    channel: a.channel,
    entrance: a.entrance,
    version: a.version,
    ...(personal ? { author: { id: a.authorId, ...personal, apartment: a.apartment } } : {}),
  };
}

/** Read the multipart form: text fields and up to five photos, checked and stored. */
/** A fingerprint of what was asked, to tell a true retry from a reused idempotency key. */
function requestHash(input: AppealInput, photos: StoredPhoto[]): string {
  return createHash('sha256')
    .update(JSON.stringify([input, photos.map((p) => p.sha256)]))
    .digest('hex')
    .slice(0, 32);
}

const listQuery = z.object({
  municipality: municipalityQuery,
  view: z.enum(['scoped', 'public']).default('scoped').describe('public: the public map view for anybody'),
  status: z
    .union([z.enum(appealStatuses), z.array(z.enum(appealStatuses))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  categoryId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  districtId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  organisationId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  buildingId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bbox: bboxParam.optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

function encodeCursor(createdAt: Date, id: number): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string): { createdAt: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (!at || Number.isNaN(createdAt.getTime()) || !/^\d+$/.test(id ?? '')) {
    throw new BadRequest('Неверный курсор. Invalid cursor.', [
      { field: 'querystring.cursor', reason: 'не из ответа API / not from an API response' },
    ]);
  }
  return { createdAt, id: Number(id) };
}

const appealRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/appeals',
    {
      schema: {
        operationId: 'createAppeal',
        tags: ['appeals'],
        summary: 'Подать обращение / File an appeal',
        description:
          'application/json or multipart/form-data with the same fields (AppealInput) and up to 5 photos ' +
          '(field `photos`, JPEG/PNG/WebP ≤ 10 MB each, recognised by content; EXIF and GPS are removed). ' +
          'An Idempotency-Key header makes retries safe.',
        headers: z.object({ 'idempotency-key': idempotencyKey }),
        response: { 201: fullAppealSchema, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      authorize(request, 'appeal.create');
      const actor = request.actor!;
      let raw: unknown;
      let photos: StoredPhoto[] = [];
      if (request.isMultipart()) {
        const form = await readMultipart(request.parts(), app.config.uploadsDir);
        raw = form.fields;
        photos = form.photos;
      } else {
        raw = request.body ?? {};
      }
      const input = parseInput(appealInput, raw, 'body');
      const key = request.headers['idempotency-key'];
      const fingerprint = requestHash(input, photos);

      const replay = async (existing: NonNullable<Awaited<ReturnType<typeof findAppealByIdempotencyKey>>>) => {
        const events = await listAppealEvents(app.db, existing.id);
        const first = events.find((e) => e.type === 'created');
        if (first && first.payload.requestHash !== fingerprint) {
          throw new Conflict(
            'Ключ Idempotency-Key уже использован для другого обращения. The Idempotency-Key was used for a different request.',
            {
              errors: [
                {
                  field: 'headers.idempotency-key',
                  reason: 'ключ занят другим запросом / key already used for another request',
                },
              ],
            },
          );
        }
        const detail = (await getAppealDetail(app.db, { id: existing.id }))!;
        reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(fullView(detail, photoViews(await listAttachments(app.db, existing.id)), null));
      };

      // No look-up before the insert: a retry is rare, and the insert's conflict on the key finds it.
      const category = await app.reference.category(input.categoryId);
      if (!category) {
        throw new Unprocessable('Нет такой категории. Unknown category.', [
          { field: 'body.categoryId', reason: 'нет такой категории / no such category' },
        ]);
      }
      const chosen = input.buildingId ? await app.reference.building(input.buildingId) : null;
      if (input.buildingId && !chosen) {
        throw new Unprocessable('Нет такого дома. Unknown building.', [
          { field: 'body.buildingId', reason: 'нет такого дома / no such building' },
        ]);
      }
      const point = input.lat !== undefined && input.lon !== undefined ? { lon: input.lon, lat: input.lat } : null;
      const inside = point ? await municipalityContains(app.db, category.municipalityId, point.lon, point.lat) : true;
      const nearest =
        point && !chosen && inside
          ? ((
              await nearestBuildings(app.db, point.lon, point.lat, 1, {
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
          point && !chosen && inside ? await districtAt(app.db, category.municipalityId, point.lon, point.lat) : null,
      });
      if (!decision.ok) {
        throw new Unprocessable(
          'Обращение нельзя принять в таком виде. The appeal cannot be accepted as it is.',
          decision.problems.map((p) => ({ field: `body.${p.field}`, reason: p.reason })),
        );
      }
      const place = decision.place;
      const municipality = (await app.reference.municipality(category.municipalityId))!;
      const now = app.clock();

      const created = await fileAppeal(
        app.db,
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
            channel: input.channel,
            public: category.public,
            idempotencyKey: key ?? null,
            createdAt: now,
          },
          numbering: { code: municipality.code, year: localYear(now, municipality.timeZone) },
          event: {
            actorId: actor.userId,
            actorRole: actor.role,
            payload: { channel: input.channel, photos: photos.length, requestHash: fingerprint },
          },
          utility: category.utility,
          photos: photos.map((p) => ({ ...p, ownerId: actor.userId, createdAt: now })),
        },
        (appealId, executor) =>
          enqueueOn(app.boss, executor, 'appeal.route', { appealId }, { singletonKey: `route:${appealId}` }),
      );
      if (!created) {
        const existing = await findAppealByIdempotencyKey(app.db, actor.userId, key!);
        return replay(existing!);
      }
      const appeal = created.appeal;
      request.log.info({ appealId: appeal.id, number: appeal.number, categoryId: category.id }, 'appeal created');
      // The response is made from what this request already knows: no second trip to the database.
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
        buildingAddress: chosen?.address ?? nearest?.address ?? null,
        district: place.districtId ? await app.reference.district(place.districtId) : null,
        organisation: null,
      };
      return reply
        .code(201)
        .header('location', `/api/appeals/${appeal.number}`)
        .send(fullView(detail, photoViews(created.photos), null));
    },
  );

  app.get(
    '/appeals/similar',
    {
      schema: {
        operationId: 'listSimilarAppeals',
        tags: ['appeals'],
        summary: 'Похожие открытые обращения рядом / Open appeals that may be the same problem',
        description:
          'Before filing: open public appeals of the same category group in the same building, or within ' +
          '50 m outdoors, from the last 48 hours, nearest first. The resident may follow one instead.',
        querystring: z
          .object({
            categoryId: z.coerce
              .number()
              .int()
              .positive()
              .max(2 ** 31 - 1),
            buildingId: z.coerce
              .number()
              .int()
              .positive()
              .max(2 ** 31 - 1)
              .optional(),
            lat: latitude.optional(),
            lon: longitude.optional(),
          })
          .refine((q) => q.buildingId !== undefined || (q.lat !== undefined && q.lon !== undefined), {
            message: 'укажите дом или точку / give a building or a point',
            path: ['lat'],
          }),
        response: {
          200: z.object({
            items: z.array(publicAppealSchema.extend({ view: z.enum(['public']), distanceMetres: z.number() })),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      authorize(request, 'appeal.read_public');
      const q = request.query;
      const category = await app.reference.category(q.categoryId);
      if (!category)
        throw new Unprocessable('Нет такой категории. Unknown category.', [
          { field: 'querystring.categoryId', reason: 'нет такой категории / no such category' },
        ]);
      const building = q.buildingId ? await app.reference.building(q.buildingId) : null;
      if (q.buildingId && !building)
        throw new Unprocessable('Нет такого дома. Unknown building.', [
          { field: 'querystring.buildingId', reason: 'нет такого дома / no such building' },
        ]);
      const place = building ?? { lon: q.lon!, lat: q.lat!, id: null };
      const rows = await findSimilarOpenAppeals(app.db, {
        municipalityId: category.municipalityId,
        group: category.group,
        buildingId: building?.id ?? null,
        lon: place.lon,
        lat: place.lat,
        since: new Date(app.clock().getTime() - DUPLICATE_WINDOW_MS),
        boxDegrees: boxAround(place.lat, DUPLICATE_RADIUS_METRES),
      });
      const ranked = rankDuplicateCandidates(
        rows.map((d) => ({ d, lon: d.appeal.location.x, lat: d.appeal.location.y, buildingId: d.appeal.buildingId })),
        { lon: place.lon, lat: place.lat, buildingId: building?.id ?? null },
      );
      return {
        items: ranked.map((r) => ({
          ...publicView(r.d, []),
          view: 'public' as const,
          distanceMetres: r.distanceMetres,
        })),
      };
    },
  );

  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/appeals/:id/follow',
      schema: {
        operationId: method === 'POST' ? 'followAppeal' : 'unfollowAppeal',
        tags: ['appeals'],
        summary: method === 'POST' ? 'Следить за обращением / Follow an appeal' : 'Не следить / Stop following',
        params: appealKey,
        response: { 204: z.null(), ...problems },
      },
      handler: async (request, reply) => {
        authorize(request, 'appeal.follow');
        const detail = await getAppealDetail(app.db, keyOf(request.params.id));
        const actor = request.actor!;
        if (!detail || !(detail.appeal.public || detail.appeal.authorId === actor.userId))
          throw new NotFound('Обращение / Appeal');
        if (method === 'POST') await addFollower(app.db, detail.appeal.id, actor.userId, app.clock());
        else await removeFollower(app.db, detail.appeal.id, actor.userId);
        return reply.code(204).send(null);
      },
    });
  }

  app.get(
    '/appeals/:id',
    {
      schema: {
        operationId: 'getAppeal',
        tags: ['appeals'],
        summary: 'Обращение по номеру или id / An appeal by number or id',
        params: appealKey,
        response: { 200: appealViewSchema, ...problems },
      },
    },
    async (request) => {
      const detail = await getAppealDetail(app.db, keyOf(request.params.id));
      if (!detail) throw new NotFound('Обращение / Appeal');
      const resource = resourceOf(detail.appeal);
      const photos = photoViews(await listAttachments(app.db, detail.appeal.id));
      const sla = await slaOf(app.db, detail.appeal, app.clock());
      const outage = await outageOf(app.db, detail.appeal.outageId);
      if (can(request.actor, 'appeal.read', resource)) {
        const authorId = detail.appeal.authorId;
        // Staff reading an author's personal data leave a trail row, written in the same statement.
        const personal = !can(request.actor, 'appeal.read_personal', resource)
          ? null
          : request.actor?.userId === authorId
            ? await getPersonal(app.db, authorId)
            : await readPersonalAudited(
                app.db,
                authorId,
                accessContext(request, app.clock()),
                `appeal:${detail.appeal.id}`,
              );
        return { ...fullView(detail, photos, personal), sla, outage };
      }
      // A private appeal does not exist for those who may not read it.
      if (!detail.appeal.public || !can(request.actor, 'appeal.read_public')) throw new NotFound('Обращение / Appeal');
      return { ...publicView(detail, photos), view: 'public' as const, sla, outage };
    },
  );

  app.get(
    '/appeals/:id/events',
    {
      schema: {
        operationId: 'listAppealEvents',
        tags: ['appeals'],
        summary: 'История обращения / An appeal’s history',
        params: appealKey,
        response: { 200: z.object({ items: z.array(eventSchema) }), ...problems },
      },
    },
    async (request) => {
      const detail = await getAppealDetail(app.db, keyOf(request.params.id));
      if (!detail) throw new NotFound('Обращение / Appeal');
      const full = can(request.actor, 'appeal.read', resourceOf(detail.appeal));
      if (!full && (!detail.appeal.public || !can(request.actor, 'appeal.read_public')))
        throw new NotFound('Обращение / Appeal');
      // Internal comments are the organisation's and the dispatchers' working notes: not the resident's, not public.
      const internal = can(request.actor, 'appeal.comment_internal', resourceOf(detail.appeal));
      const events = await listAppealEvents(app.db, detail.appeal.id);
      return {
        items: events
          .filter((e) => internal || e.payload.visibility !== 'internal')
          .map((e) => ({
            id: e.id,
            type: e.type,
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            actorRole: e.actorRole,
            organisation: e.organisation?.id ? e.organisation : null,
            // Notes may quote the resident: only those with the full view read them.
            note: full ? e.note : null,
            ...(e.payload.visibility === 'public' || e.payload.visibility === 'internal'
              ? { visibility: e.payload.visibility as 'public' | 'internal' }
              : {}),
            photos: Array.isArray(e.payload.photos) ? e.payload.photos.map(Number).filter(Number.isSafeInteger) : [],
            at: e.at.toISOString(),
          })),
      };
    },
  );

  app.get(
    '/appeals',
    {
      schema: {
        operationId: 'listAppeals',
        tags: ['appeals'],
        summary: 'Список обращений / List appeals',
        description:
          'Scoped by role: residents see their own appeals, organisations the ones assigned to them, ' +
          'dispatchers, city hall and admins their municipality; anonymous visitors and view=public get the public view.',
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(appealViewSchema), nextCursor: z.string().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const actor = request.actor;
      const scopeKind = q.view === 'public' ? null : scopeOf(actor, 'appeal.list');
      let scope: ListScope;
      if (!actor || !scopeKind || scopeKind === 'all') scope = { kind: 'public' };
      else if (scopeKind === 'own') scope = { kind: 'own', userId: actor.userId };
      else if (scopeKind === 'organisation') {
        if (actor.organisationId === null) scope = { kind: 'public' };
        else
          scope = { kind: 'organisation', municipalityId: actor.municipalityId, organisationId: actor.organisationId };
      } else scope = { kind: 'municipality', municipalityId: actor.municipalityId };
      let municipalityId: number | undefined;
      if (q.municipality) {
        const m = await findMunicipality(app.db, q.municipality);
        if (!m) throw new NotFound('Муниципалитет / Municipality');
        municipalityId = m.id;
      }
      const rows = await listAppeals(
        app.db,
        scope,
        {
          municipalityId,
          statuses: q.status,
          categoryId: q.categoryId,
          districtId: q.districtId,
          organisationId: q.organisationId,
          buildingId: q.buildingId,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          bbox: q.bbox,
        },
        q.cursor ? decodeCursor(q.cursor) : null,
        q.limit + 1,
      );
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        // Lists never carry personal data; the single-appeal view does, for those allowed.
        items: page.map((d) =>
          scope.kind === 'public' ? { ...publicView(d, []), view: 'public' as const } : fullView(d, [], null),
        ),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.appeal.createdAt, last.appeal.id) : null,
      };
    },
  );

  app.get(
    '/attachments/:id',
    {
      schema: {
        operationId: 'getAttachment',
        tags: ['appeals'],
        summary: 'Фото обращения / An appeal photo',
        params: z.object({
          id: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 53 - 1),
        }),
        response: { 200: z.string().meta({ format: 'binary', description: 'JPEG, PNG or WebP' }), ...problems },
      },
    },
    async (request, reply) => {
      const row = await getAttachment(app.db, request.params.id);
      if (!row) throw new NotFound('Файл / File');
      const resource = {
        municipalityId: row.appeal.municipalityId,
        organisationIds: [row.appeal.assignedOrgId],
        ownerId: row.appeal.authorId,
      };
      const allowed =
        can(request.actor, 'appeal.read', resource) || (row.appeal.public && can(request.actor, 'appeal.read_public'));
      if (!allowed) throw new NotFound('Файл / File');
      const file = path.join(app.config.uploadsDir, row.attachment.storagePath);
      return reply
        .type(row.attachment.mediaType)
        .header('cache-control', row.appeal.public ? 'public, max-age=86400, immutable' : 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `inline; filename="photo-${row.attachment.id}.${row.attachment.storagePath.split('.').at(-1)}"`,
        )
        .send(createReadStream(file) as unknown as string);
    },
  );
};
export default appealRoutes;
