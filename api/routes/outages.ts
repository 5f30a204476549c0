import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import {
  addOutageBuildings,
  type BuildingChoice,
  chooseBuildings,
  findOverlap,
  followOutage,
  getBoundary,
  getOutage,
  insertOutage,
  insertOutageUpdate,
  isFollowing,
  isOverlapViolation,
  listBuildingsOf,
  listOutageBuildingIds,
  listOutages,
  listOutageUpdates,
  lockOutage,
  type Outage,
  type OutageListRow,
  type Overlap,
  type OverlapQuery,
  removeOutageBuildings,
  syncOutageRange,
  unfollowOutage,
  updateOutage,
} from '../../db/queries/outages.ts';
import { outageKinds, outageStatuses, outageUpdateKinds, roles, utilities } from '../../db/schema/index.ts';
import {
  areaProblems,
  closeRing,
  newEndProblems,
  periodProblems,
  publicOutage,
  type Ring,
} from '../../dispatch/outages.ts';
import { type Actor, can, scopeOf } from '../../dispatch/permissions.ts';
import { armOutageStep, notifyOutageResidents } from '../../jobs/outages.ts';
import { Conflict, Forbidden, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import { bboxParam, bigIdParam, municipalityQuery, problems, recordId, recordIdParam, userText } from '../schemas.ts';

const instant = z.iso.datetime({
  offset: true,
  error: 'ожидается дата и время ISO 8601 / expected an ISO 8601 date-time',
});
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
// A whole district's buildings are chosen by districtId; a list is for a street or a block.
const MAX_LISTED = 2000;

const buildingChoice = {
  buildingIds: z
    .array(recordId)
    .min(1, 'выберите хотя бы один дом / choose at least one building')
    .max(MAX_LISTED)
    .optional(),
  area: z.array(lonLat).min(3, 'нужно не меньше трёх точек / at least three corners').max(201).optional(),
  districtId: recordId.optional(),
};

function choiceOf(v: {
  buildingIds?: number[];
  area?: [number, number][];
  districtId?: number;
}): BuildingChoice | null {
  const given = [v.buildingIds, v.area, v.districtId].filter((x) => x !== undefined).length;
  if (given !== 1) return null;
  if (v.buildingIds) return { buildingIds: [...new Set(v.buildingIds)] };
  if (v.area) return { area: v.area as Ring };
  return { districtId: v.districtId! };
}
const oneChoice = (v: { buildingIds?: unknown; area?: unknown; districtId?: unknown }) =>
  [v.buildingIds, v.area, v.districtId].filter((x) => x !== undefined).length === 1;
const oneChoiceMessage = {
  message:
    'укажите дома одним способом: buildingIds, area или districtId / choose buildings one way: buildingIds, area or districtId',
  path: ['buildingIds'],
};

const publishInput = z
  .object({
    organisationId: recordId
      .optional()
      .describe('Publishing on behalf of (dispatchers and admins); staff publish for their own organisation'),
    service: z.enum(utilities),
    kind: z.enum(outageKinds),
    reason: userText(1000).pipe(z.string().min(3, 'укажите причину / give the reason')),
    startsAt: instant,
    expectedEndAt: instant,
    note: userText(1000).optional(),
    ...buildingChoice,
  })
  .refine(oneChoice, oneChoiceMessage);

const previewInput = z
  .object({ organisationId: recordId.optional(), service: z.enum(utilities), ...buildingChoice })
  .refine(oneChoice, oneChoiceMessage);

const changeInput = z.object({
  expectedVersion: z.number().int().positive(),
  expectedEndAt: instant.optional(),
  reason: userText(1000).pipe(z.string().min(3, 'укажите причину / give the reason')).optional(),
  buildingIds: buildingChoice.buildingIds,
  note: userText(1000).optional().describe('A message to residents with this change'),
});

const closeInput = z.object({
  expectedVersion: z.number().int().positive().optional(),
  restoredAt: instant.optional().describe('When the service came back (restore only); now when absent'),
  note: userText(1000).optional(),
});

const nameRef = z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() });
const buildingRef = z.object({ id: z.number().int(), address: z.string(), lat: z.number(), lon: z.number() });

/** The public view of an outage: the publisher is an organisation, never a person. */
const outageSchema = z
  .object({
    id: z.number().int(),
    municipalityId: z.number().int(),
    service: z.enum(utilities),
    kind: z.enum(outageKinds),
    status: z.enum(outageStatuses),
    phase: z.enum(['upcoming', 'ongoing', 'overdue', 'restored', 'cancelled']),
    reason: z.string(),
    startsAt: z.iso.datetime({ offset: true }),
    expectedEndAt: z.iso.datetime({ offset: true }),
    restoredAt: z.iso.datetime({ offset: true }).nullable(),
    organisation: nameRef,
    area: z.array(z.tuple([z.number(), z.number()])).nullable(),
    districtId: z.number().int().nullable(),
    buildingCount: z.number().int(),
    /** The first buildings by address (all of them on the single-outage view, up to 5,000). */
    buildings: z.array(buildingRef),
    escalationLevel: z.number().int(),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Outage' });

const updateSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(outageUpdateKinds),
    /** Who acted, as a role (the system for escalation); never a name. */
    actorRole: z.enum(roles).nullable(),
    note: z.string().nullable(),
    changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
    at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'OutageUpdate' });

const listQuery = z.object({
  municipality: municipalityQuery,
  status: z.enum(['active', 'restored', 'cancelled', 'all']).default('active'),
  service: z.enum(utilities).optional(),
  buildingId: recordIdParam.optional(),
  districtId: recordIdParam.optional(),
  organisationId: recordIdParam.optional(),
  bbox: bboxParam.optional(),
  /** Buildings listed per outage (the count is always given). */
  buildings: z.coerce.number().int().min(0).max(500).default(100),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

function view(o: OutageListRow, buildings: z.infer<typeof buildingRef>[], now: Date): z.infer<typeof outageSchema> {
  return publicOutage(o, buildings, now);
}

const resourceOf = (o: Pick<Outage, 'municipalityId' | 'organisationId'>) => ({
  municipalityId: o.municipalityId,
  organisationIds: [o.organisationId],
});

const problemsAt = (ps: { field: string; reason: string }[]) =>
  ps.map((p) => ({ field: `body.${p.field}`, reason: p.reason }));

/**
 * The organisation an outage is published for and whether the actor is held to the buildings it
 * serves: staff publish for their own organisation and its buildings; dispatchers and admins for
 * any organisation of the municipality (their own by default), over any of its buildings.
 */
async function publisherOf(db: Db, actor: NonNullable<Actor>, organisationId: number | undefined) {
  const scope = scopeOf(actor, 'outage.publish');
  if (scope === 'organisation') {
    if (organisationId !== undefined && organisationId !== actor.organisationId) {
      throw new Unprocessable(
        'Публиковать можно только от своей организации. You publish for your own organisation only.',
        [{ field: 'body.organisationId', reason: 'не ваша организация / not your organisation' }],
      );
    }
    return { organisationId: actor.organisationId!, heldToServed: true };
  }
  const id = organisationId ?? actor.organisationId;
  const org = id ? await getOrganisationRef(db, id) : null;
  if (!org || org.municipalityId !== actor.municipalityId) {
    throw new Unprocessable(
      'Укажите организацию, от имени которой публикуется отключение. Name the publishing organisation.',
      [
        {
          field: 'body.organisationId',
          reason: 'нет такой организации в муниципалитете / no such organisation in the municipality',
        },
      ],
    );
  }
  return { organisationId: org.id, heldToServed: false };
}

/** The buildings a choice names, refused when they are not the publisher's to announce. */
async function resolveBuildings(
  db: Db,
  q: {
    municipalityId: number;
    service: (typeof utilities)[number];
    organisationId: number | null;
    choice: BuildingChoice;
  },
) {
  if ('area' in q.choice) {
    const boundary = await getBoundary(db, q.municipalityId);
    const found = areaProblems(q.choice.area, boundary ?? []);
    if (found.length > 0)
      throw new Unprocessable('Неверная область отключения. Invalid outage area.', problemsAt(found));
  }
  const chosen = await chooseBuildings(db, q);
  if ('buildingIds' in q.choice) {
    const known = new Set(chosen.map((b) => b.id));
    const unknown = q.choice.buildingIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new Unprocessable('Нет таких домов в муниципалитете. Unknown buildings.', [
        {
          field: 'body.buildingIds',
          reason: `нет таких домов / no such buildings: ${unknown.slice(0, 20).join(', ')}`,
        },
      ]);
    }
    const foreign = chosen.filter((b) => !b.served);
    if (foreign.length > 0) {
      throw new Unprocessable(
        'Организация не обслуживает эти дома по этой услуге. The organisation does not serve these buildings for this service.',
        [
          {
            field: 'body.buildingIds',
            reason: `не обслуживаются / not served: ${foreign
              .slice(0, 20)
              .map((b) => `${b.id} (${b.address})`)
              .join(', ')}`,
          },
        ],
      );
    }
  }
  return chosen;
}

/** 409 naming the outage a publication or change collides with: its id, building, reason and times. */
function overlapConflict(o: Overlap) {
  return new Conflict(
    `Пересекается с отключением №${o.outageId} той же услуги (${o.address}): измените его. Overlaps outage ${o.outageId} of the same service (${o.address}): change that one instead.`,
    {
      outageId: o.outageId,
      conflictingOutage: {
        id: o.outageId,
        kind: o.kind,
        reason: o.reason,
        startsAt: o.startsAt.toISOString(),
        expectedEndAt: o.expectedEndAt.toISOString(),
        buildingId: o.buildingId,
        address: o.address,
      },
      errors: [
        {
          field: 'body.buildingIds',
          reason: `уже отключено отключением ${o.outageId} / already in outage ${o.outageId}`,
        },
      ],
    },
  );
}

/**
 * The exclusion constraint refused a write that passed the check (another transaction committed an
 * overlapping outage in between): the winner has committed by now, so name it as the check would.
 */
async function overlapAfterRace(db: Db, attempted: OverlapQuery | null) {
  const winner = attempted ? await findOverlap(db, attempted) : null;
  if (winner) return overlapConflict(winner);
  // The winner was changed again meanwhile: nothing left to name.
  return new Conflict('Пересекается с другим отключением той же услуги. Overlaps another outage of the same service.', {
    errors: [{ field: 'body.buildingIds', reason: 'пересечение / overlap' }],
  });
}

function versionConflict(current: number) {
  return new Conflict('Отключение уже изменили: обновите страницу. The outage was changed meanwhile: reload it.', {
    currentVersion: current,
  });
}

/** Outages: publication, public lists and pages, changes with their history, restoration. */
const outageRoutes: FastifyPluginAsyncZod = async (app) => {
  const publicUrl = app.config.PUBLIC_URL;

  app.get(
    '/outages',
    {
      config: { access: { action: 'outage.read' } },
      schema: {
        operationId: 'listOutages',
        tags: ['outages'],
        summary: 'Отключения / Outages',
        description:
          'Public: active outages by default (`status=all` for every one), with filters by map box, building, district, service, organisation.',
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(outageSchema),
            /** The municipality listed (its live stream is outages:{municipalityId}). */
            municipalityId: z.number().int(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const municipality = await findMunicipality(app.db, q.municipality);
      if (!municipality) throw new NotFound('Муниципалитет / Municipality');
      const rows = await listOutages(app.db, { ...q, municipalityId: municipality.id });
      const buildings = await listBuildingsOf(
        app.db,
        rows.map((r) => r.id),
        q.buildings,
      );
      const now = app.clock();
      return { items: rows.map((r) => view(r, buildings.get(r.id) ?? [], now)), municipalityId: municipality.id };
    },
  );

  app.get(
    '/outages/:id',
    {
      config: { access: { action: 'outage.read', record: 'outage' } },
      schema: {
        operationId: 'getOutage',
        tags: ['outages'],
        summary: 'Отключение с историей / An outage with its history',
        params: bigIdParam,
        response: {
          200: outageSchema.extend({
            updates: z.array(updateSchema),
            canPublish: z.boolean(),
            /** The signed-in resident follows it (hears of its changes and restoration). */
            following: z.boolean(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const outage = await getOutage(app.db, request.params.id);
      if (!outage) throw new NotFound('Отключение / Outage');
      const buildings = (await listBuildingsOf(app.db, [outage.id], 5000)).get(outage.id) ?? [];
      const updates = await listOutageUpdates(app.db, outage.id);
      return {
        ...view(outage, buildings, app.clock()),
        updates: updates.map((u) => ({ ...u, at: u.at.toISOString() })),
        canPublish: can(request.actor, 'outage.publish', resourceOf(outage)),
        following: request.actor ? await isFollowing(app.db, outage.id, request.actor.userId) : false,
      };
    },
  );

  // Following an outage is the resident's alternative to filing an appeal about it, so it takes
  // the same permission as following an appeal.
  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/outages/:id/follow',
      config: { access: { action: 'appeal.follow', record: 'outage' } },
      schema: {
        operationId: method === 'POST' ? 'followOutage' : 'unfollowOutage',
        tags: ['outages'],
        summary: method === 'POST' ? 'Следить за отключением / Follow an outage' : 'Не следить / Stop following',
        params: bigIdParam,
        response: { 204: z.null(), ...problems },
      },
      handler: async (request, reply) => {
        const outage = await getOutage(app.db, request.params.id);
        if (!outage) throw new NotFound('Отключение / Outage');
        if (method === 'POST') {
          if (outage.status !== 'active')
            throw new Conflict('Отключение уже завершено. The outage is over.', { status: outage.status });
          await followOutage(app.db, outage.id, request.actor!.userId, app.clock());
        } else {
          await unfollowOutage(app.db, outage.id, request.actor!.userId);
        }
        return reply.code(204).send(null);
      },
    });
  }

  app.post(
    '/outages/preview',
    {
      config: { access: { action: 'outage.publish' } },
      schema: {
        operationId: 'previewOutageBuildings',
        tags: ['outages'],
        summary: 'Какие дома попадут в отключение / The buildings an outage would cover',
        description:
          'Before publishing: the buildings a list, a drawn area or a district names, each with whether the publisher serves it (only those are published).',
        body: previewInput,
        response: { 200: z.object({ buildings: z.array(buildingRef.extend({ served: z.boolean() })) }), ...problems },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const publisher = await publisherOf(app.db, actor, request.body.organisationId);
      const choice = choiceOf(request.body)!;
      if ('area' in choice) {
        const found = areaProblems(choice.area, (await getBoundary(app.db, actor.municipalityId)) ?? []);
        if (found.length > 0)
          throw new Unprocessable('Неверная область отключения. Invalid outage area.', problemsAt(found));
      }
      const chosen = await chooseBuildings(app.db, {
        municipalityId: actor.municipalityId,
        service: request.body.service,
        organisationId: publisher.heldToServed ? publisher.organisationId : null,
        choice,
      });
      // A building with no supplier of the service on record compares to null: it is not served.
      return {
        buildings: chosen.slice(0, 5000).map(({ districtId: _d, ...b }) => ({ ...b, served: b.served === true })),
      };
    },
  );

  app.post(
    '/outages',
    {
      config: { access: { action: 'outage.publish' } },
      schema: {
        operationId: 'publishOutage',
        tags: ['outages'],
        summary: 'Опубликовать отключение / Publish an outage',
        description:
          'Buildings from a list (all must be served by the publisher for the service), inside a drawn polygon or a whole district (the served ones). ' +
          '409 names an active outage of the same service already covering one of the buildings at an overlapping time.',
        body: publishInput,
        response: { 201: outageSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const input = request.body;
      const now = app.clock();
      const period = {
        kind: input.kind,
        startsAt: new Date(input.startsAt),
        expectedEndAt: new Date(input.expectedEndAt),
      };
      const wrongPeriod = periodProblems(period, now);
      if (wrongPeriod.length > 0)
        throw new Unprocessable('Неверные сроки отключения. Invalid outage times.', problemsAt(wrongPeriod));
      const publisher = await publisherOf(app.db, actor, input.organisationId);
      const choice = choiceOf(input)!;
      const chosen = await resolveBuildings(app.db, {
        municipalityId: actor.municipalityId,
        service: input.service,
        organisationId: publisher.heldToServed ? publisher.organisationId : null,
        choice,
      });
      const buildingIds = chosen.filter((b) => b.served).map((b) => b.id);
      if (buildingIds.length === 0) {
        throw new Unprocessable(
          'Нет домов, которые обслуживает организация. None of these buildings is served by the organisation.',
          [
            {
              field: `body.${'area' in choice ? 'area' : 'buildingIds' in choice ? 'buildingIds' : 'districtId'}`,
              reason: 'нет обслуживаемых домов / no served buildings',
            },
          ],
        );
      }
      const overlap = await findOverlap(app.db, {
        service: input.service,
        buildingIds,
        startsAt: period.startsAt,
        endsAt: period.expectedEndAt,
      });
      if (overlap) throw overlapConflict(overlap);
      let id: number;
      try {
        id = await app.db.transaction(async (tx) => {
          const outage = await insertOutage(tx, {
            municipalityId: actor.municipalityId,
            organisationId: publisher.organisationId,
            service: input.service,
            kind: input.kind,
            reason: input.reason,
            startsAt: period.startsAt,
            expectedEndAt: period.expectedEndAt,
            area: 'area' in choice ? closeRing(choice.area) : null,
            districtId: 'districtId' in choice ? choice.districtId : null,
            createdBy: actor.userId,
            createdAt: now,
            updatedAt: now,
          });
          await addOutageBuildings(tx, outage, buildingIds);
          await insertOutageUpdate(tx, {
            outageId: outage.id,
            kind: 'published',
            actorId: actor.userId,
            actorRole: actor.role,
            note: input.note ?? null,
            changes: {},
            at: now,
          });
          await armOutageStep(tx, app.boss, outage, 0);
          await notifyOutageResidents(
            tx,
            app.boss,
            outage.id,
            'outage_published',
            { note: input.note ?? null, actorId: actor.userId, publicUrl },
            now,
          );
          return outage.id;
        });
      } catch (err) {
        if (!isOverlapViolation(err)) throw err;
        // Another publication won the race between the check and the insert.
        throw await overlapAfterRace(app.db, {
          service: input.service,
          buildingIds,
          startsAt: period.startsAt,
          endsAt: period.expectedEndAt,
        });
      }
      request.log.info(
        { outageId: id, organisationId: publisher.organisationId, buildings: buildingIds.length },
        'outage published',
      );
      const created = (await getOutage(app.db, id))!;
      const buildings = (await listBuildingsOf(app.db, [id], 100)).get(id) ?? [];
      return reply
        .code(201)
        .header('location', `/api/outages/${id}`)
        .send(view(created, buildings, now));
    },
  );

  /** Lock the outage, check who acts and the version, then run the change. */
  async function changeOutage(
    request: { actor: Actor; params: { id: number } },
    expectedVersion: number | undefined,
    change: (
      tx: Db,
      o: Outage,
      actor: NonNullable<Actor>,
      now: Date,
      intend: (q: OverlapQuery) => void,
    ) => Promise<void>,
  ) {
    const now = app.clock();
    // What the change was about to hold (buildings and period), to name a collision after a rollback.
    let attempted: OverlapQuery | null = null;
    try {
      await app.db.transaction(async (tx) => {
        const outage = await lockOutage(tx, request.params.id);
        // An outage the actor may not change is public anyway: 403, not 404.
        if (!outage) throw new NotFound('Отключение / Outage');
        if (!can(request.actor, 'outage.publish', resourceOf(outage)))
          throw request.actor ? new Forbidden() : new Unauthorized();
        if (expectedVersion !== undefined && expectedVersion !== outage.version) throw versionConflict(outage.version);
        await change(tx, outage, request.actor!, now, (q) => {
          attempted = q;
        });
      });
    } catch (err) {
      if (!isOverlapViolation(err)) throw err;
      throw await overlapAfterRace(app.db, attempted);
    }
    const o = (await getOutage(app.db, request.params.id))!;
    const buildings = (await listBuildingsOf(app.db, [o.id], 100)).get(o.id) ?? [];
    return view(o, buildings, now);
  }

  function mustBeActive(o: Outage) {
    if (o.status !== 'active') {
      throw new Conflict(
        `Отключение уже ${o.status === 'restored' ? 'завершено' : 'отменено'}. The outage is already ${o.status}.`,
        { status: o.status },
      );
    }
  }

  app.patch(
    '/outages/:id',
    {
      config: { access: { action: 'outage.publish', record: 'outage', visibleTo: 'outage.read' } },
      schema: {
        operationId: 'changeOutage',
        tags: ['outages'],
        summary: 'Изменить отключение / Change an outage',
        description:
          'Expected end, reason, buildings (the full new list); optimistic `expectedVersion`. Each change is recorded with old and new values; residents are told.',
        params: bigIdParam,
        body: changeInput,
        response: { 200: outageSchema, ...problems },
      },
    },
    async (request) => {
      const input = request.body;
      return changeOutage(request, input.expectedVersion, async (tx, o, actor, now, intend) => {
        mustBeActive(o);
        const changes: Record<string, [unknown, unknown]> = {};
        const set: Partial<Outage> = {};
        if (
          input.expectedEndAt !== undefined &&
          new Date(input.expectedEndAt).getTime() !== o.expectedEndAt.getTime()
        ) {
          const end = new Date(input.expectedEndAt);
          const wrong = newEndProblems({ startsAt: o.startsAt, expectedEndAt: end }, now);
          if (wrong.length > 0)
            throw new Unprocessable('Неверный срок окончания. Invalid expected end.', problemsAt(wrong));
          changes.expectedEndAt = [o.expectedEndAt.toISOString(), end.toISOString()];
          set.expectedEndAt = end;
        }
        if (input.reason !== undefined && input.reason !== o.reason) {
          changes.reason = [o.reason, input.reason];
          set.reason = input.reason;
        }
        let added: number[] = [];
        let removed: number[] = [];
        const before = await listOutageBuildingIds(tx, o.id);
        let after = before;
        if (input.buildingIds !== undefined) {
          const chosen = await resolveBuildings(tx, {
            municipalityId: o.municipalityId,
            service: o.service,
            organisationId: scopeOf(actor, 'outage.publish') === 'organisation' ? o.organisationId : null,
            choice: { buildingIds: [...new Set(input.buildingIds)] },
          });
          after = chosen.map((b) => b.id).sort((a, b) => a - b);
          added = after.filter((id) => !before.includes(id));
          removed = before.filter((id) => !after.includes(id));
          if (added.length > 0 || removed.length > 0) changes.buildings = [before, after];
        }
        if (Object.keys(changes).length === 0 && !input.note) {
          throw new Unprocessable('Нечего менять. Nothing to change.', [
            { field: 'body', reason: 'нет изменений / no changes' },
          ]);
        }
        const next = { ...o, ...set };
        intend({
          service: o.service,
          buildingIds: after,
          startsAt: next.startsAt,
          endsAt: next.expectedEndAt,
          exceptOutageId: o.id,
        });
        if (added.length > 0) {
          const overlap = await findOverlap(tx, {
            service: o.service,
            buildingIds: added,
            startsAt: next.startsAt,
            endsAt: next.expectedEndAt,
            exceptOutageId: o.id,
          });
          if (overlap) throw overlapConflict(overlap);
        }
        if (set.expectedEndAt) {
          const overlap = await findOverlap(tx, {
            service: o.service,
            buildingIds: before,
            startsAt: next.startsAt,
            endsAt: next.expectedEndAt,
            exceptOutageId: o.id,
          });
          if (overlap) throw overlapConflict(overlap);
        }
        await updateOutage(tx, o.id, set, now);
        await removeOutageBuildings(tx, o.id, removed);
        await addOutageBuildings(tx, next, added);
        if (set.expectedEndAt) await syncOutageRange(tx, next);
        await insertOutageUpdate(tx, {
          outageId: o.id,
          kind: 'updated',
          actorId: actor.userId,
          actorRole: actor.role,
          note: input.note ?? null,
          changes,
          at: now,
        });
        // A new expected end is a new promise: the ladder starts again from it.
        if (set.expectedEndAt) await armOutageStep(tx, app.boss, next, 0);
        await notifyOutageResidents(
          tx,
          app.boss,
          o.id,
          'outage_changed',
          { note: input.note ?? null, actorId: actor.userId, publicUrl },
          now,
        );
      });
    },
  );

  app.post(
    '/outages/:id/restore',
    {
      config: { access: { action: 'outage.publish', record: 'outage', visibleTo: 'outage.read' } },
      schema: {
        operationId: 'restoreOutage',
        tags: ['outages'],
        summary: 'Подача восстановлена / Service restored',
        params: bigIdParam,
        body: closeInput,
        response: { 200: outageSchema, ...problems },
      },
    },
    async (request) => {
      const input = request.body;
      return changeOutage(request, input.expectedVersion, async (tx, o, actor, now) => {
        mustBeActive(o);
        const restoredAt = input.restoredAt ? new Date(input.restoredAt) : now;
        if (restoredAt > now) {
          throw new Unprocessable('Восстановление не может быть в будущем. Restoration cannot be in the future.', [
            { field: 'body.restoredAt', reason: 'позже текущего времени / later than now' },
          ]);
        }
        if (restoredAt <= o.startsAt) {
          throw new Conflict('Отключение ещё не началось: отмените его. The outage has not begun: cancel it instead.', {
            errors: [{ field: 'body.restoredAt', reason: 'раньше начала отключения / before the outage began' }],
          });
        }
        const next = await updateOutage(tx, o.id, { status: 'restored', restoredAt, nextStepAt: null }, now);
        await syncOutageRange(tx, next);
        await insertOutageUpdate(tx, {
          outageId: o.id,
          kind: 'restored',
          actorId: actor.userId,
          actorRole: actor.role,
          note: input.note ?? null,
          changes: { status: ['active', 'restored'], restoredAt: [null, restoredAt.toISOString()] },
          at: now,
        });
        await notifyOutageResidents(
          tx,
          app.boss,
          o.id,
          'outage_restored',
          { note: input.note ?? null, actorId: actor.userId, publicUrl },
          now,
        );
      });
    },
  );

  app.post(
    '/outages/:id/cancel',
    {
      config: { access: { action: 'outage.publish', record: 'outage', visibleTo: 'outage.read' } },
      schema: {
        operationId: 'cancelOutage',
        tags: ['outages'],
        summary: 'Отменить отключение / Cancel an outage',
        params: bigIdParam,
        body: closeInput.omit({ restoredAt: true }),
        response: { 200: outageSchema, ...problems },
      },
    },
    async (request) => {
      const input = request.body;
      return changeOutage(request, input.expectedVersion, async (tx, o, actor, now) => {
        mustBeActive(o);
        const next = await updateOutage(tx, o.id, { status: 'cancelled', nextStepAt: null }, now);
        await syncOutageRange(tx, next);
        await insertOutageUpdate(tx, {
          outageId: o.id,
          kind: 'cancelled',
          actorId: actor.userId,
          actorRole: actor.role,
          note: input.note ?? null,
          changes: { status: ['active', 'cancelled'] },
          at: now,
        });
        await notifyOutageResidents(
          tx,
          app.boss,
          o.id,
          'outage_cancelled',
          { note: input.note ?? null, actorId: actor.userId, publicUrl },
          now,
        );
      });
    },
  );
};
export default outageRoutes;
