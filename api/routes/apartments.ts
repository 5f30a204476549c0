import { recordAccess } from '../../db/queries/audit.ts';
import { accessContext } from '../audit.ts';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import { hit } from '../../db/queries/rate-limits.ts';
import {
  addMeter,
  type BuildingFacts,
  type CompanyScope,
  createApartments,
  createLink,
  decideLink,
  findApartment,
  getApartment,
  getBuildingFacts,
  getLink,
  getMeter,
  listBuildingApartments,
  listCompanyBuildings,
  listCompanyLinks,
  listOwnApartments,
  recordReplacement,
  retireMeter,
  setBuildingWindow,
  setMunicipalityWindow,
  updateMeter,
} from '../../db/queries/readings.ts';
import { apartmentChangeKinds, apartmentLinkStatuses, meterKinds } from '../../db/schema/meters.ts';
import {
  apartmentProblems,
  applyPatch,
  deletionRefusal,
  diffApartment,
  removedApartmentNote,
} from '../../dispatch/apartments.ts';
import {
  apartmentUsage,
  listApartmentChanges,
  lockApartment,
  removeApartment,
  sameNumberElsewhere,
  saveApartment,
} from '../../db/queries/apartments.ts';
import { notifyApartmentRemoved } from '../../jobs/apartment-notices.ts';
import { type Action, can, scopeOf } from '../../dispatch/permissions.ts';
import { type ReadingProblem, valueProblems, windowState } from '../../dispatch/readings.ts';
import { Conflict, HttpProblem, NotFound, TooManyRequests, Unauthorized, Unprocessable } from '../errors.ts';
import { authorize } from '../plugins/auth.ts';
import { bigIdParam, bigRecordIdParam, idParam, problems, recordId, userText } from '../schemas.ts';

/*
 * Apartments and residents' links to them (issue 6). A resident asks to be linked to an apartment,
 * giving the personal account number as evidence; the building's management company confirms,
 * rejects (with a reason) or later revokes the link, and keeps the apartments and meters of its
 * buildings. Records of buildings the actor does not work for answer 404, as if absent.
 */

// ---- Shared with the readings routes ----

/** A reading rule's reason as one string, Russian then English (like every field error). */
export const reasonText = (p: ReadingProblem) => `${p.reason.ru} / ${p.reason.en}`;

/** The building's company and municipality, as permissions see a building's records. */
export const buildingResource = (b: BuildingFacts) => ({
  municipalityId: b.municipalityId,
  organisationIds: [b.managementCompanyId],
});

/** Whose buildings the actor works with for an action: its company's, or (admin) its municipality's. */
export function companyScope(request: FastifyRequest, action: Action): CompanyScope {
  authorize(request, action);
  const actor = request.actor;
  if (!actor) throw new Unauthorized();
  const scope = scopeOf(actor, action);
  if (scope === 'organisation' && actor.organisationId !== null) return { organisationId: actor.organisationId };
  if (scope === 'municipality' || scope === 'all') return { municipalityId: actor.municipalityId };
  throw new HttpProblem(403, 'forbidden', 'Недостаточно прав. Not allowed.');
}

/** 401/403 when the actor may never do the action; 404 when the building is not one of theirs. */
export function authorizeBuilding(
  request: FastifyRequest,
  action: Action,
  building: BuildingFacts | null,
  what = 'Дом / Building',
): BuildingFacts {
  authorize(request, action);
  if (!building || !can(request.actor, action, buildingResource(building))) throw new NotFound(what);
  return building;
}

export const windowStateSchema = z
  .object({
    state: z.enum(['open', 'closed']),
    fromDay: z.number().int(),
    toDay: z.number().int(),
    closesOn: z.string().nullable().describe('YYYY-MM-DD, local day, while open'),
    opensOn: z.string().nullable().describe('YYYY-MM-DD, local day, while closed'),
    late: z.boolean().describe('closed for this month: a reading now is taken and marked late'),
  })
  .meta({ id: 'ReadingWindow' });

export function windowOut(b: BuildingFacts, now: Date): z.infer<typeof windowStateSchema> {
  const s = windowState(now, b.window);
  return {
    state: s.state,
    fromDay: b.window.fromDay,
    toDay: b.window.toDay,
    closesOn: s.state === 'open' ? s.closesOn : null,
    opensOn: s.state === 'closed' ? s.opensOn : null,
    late: s.state === 'closed' && s.late,
  };
}

// ---- Schemas ----

/** Link requests a resident may make: 10 a day, failed ones included. */
const LINK_REQUESTS = { limit: 10, windowSeconds: 24 * 3600 };

const number = z.number({ error: 'ожидается число / expected a number' });
const required = (max: number) => userText(max).min(1, 'обязательно / required');
const localDay = z.iso.date('дата ГГГГ-ММ-ДД / a date YYYY-MM-DD');
const timestamp = z.iso.datetime({ offset: true });
const values = z
  .array(number)
  .min(1, 'от 1 до 3 значений / 1 to 3 values')
  .max(3, 'от 1 до 3 значений / 1 to 3 values');

const readingOutSchema = z.object({
  period: z.string(),
  values: z.array(z.number()),
  consumption: z.array(z.number()).nullable(),
  flags: z.array(z.string()),
  submittedAt: timestamp,
});

const ownMeterSchema = z.object({
  id: z.number().int(),
  kind: z.enum(meterKinds),
  tariffs: z.number().int(),
  serialNumber: z.string(),
  verificationDue: z.string().nullable(),
  last: readingOutSchema.nullable(),
});

const ownApartmentSchema = z
  .object({
    linkId: z.number().int(),
    status: z.enum(apartmentLinkStatuses),
    note: z.string().nullable().describe('Why it was rejected'),
    apartmentId: z.number().int(),
    apartment: z.string(),
    buildingId: z.number().int(),
    address: z.string(),
    window: windowStateSchema,
    meters: z.array(ownMeterSchema).describe('Only for a confirmed link'),
  })
  .meta({ id: 'OwnApartment' });

const linkRequest = z.strictObject({
  buildingId: recordId,
  apartment: required(20).describe('As written on the door: «12», «12А»'),
  accountNumber: required(40).describe('The personal account (лицевой счёт) on the bill, as evidence for the company'),
});

const companyLinkSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(apartmentLinkStatuses),
    evidence: z.string().nullable(),
    accountMatches: z.boolean().describe('The evidence equals the apartment’s account on record'),
    requestedAt: timestamp,
    decidedAt: timestamp.nullable(),
    note: z.string().nullable(),
    apartmentId: z.number().int(),
    apartment: z.string(),
    accountNumber: z.string().nullable(),
    buildingId: z.number().int(),
    address: z.string(),
    fullName: z.string().nullable(),
  })
  .meta({ id: 'ApartmentLink' });

const reasonBody = z.strictObject({ reason: required(500) });

const meterInput = z.strictObject({
  kind: z.enum(meterKinds),
  tariffs: number
    .int('целое число / a whole number')
    .min(1, 'от 1 до 3 / 1 to 3')
    .max(3, 'от 1 до 3 / 1 to 3')
    .default(1),
  serialNumber: required(60),
  installedOn: localDay.nullable().default(null),
  verificationDue: localDay.nullable().default(null),
});
const apartmentInput = z.strictObject({
  number: required(20),
  entrance: number.int().min(0).max(200).nullable().default(null),
  floor: number.int().min(-5).max(200).nullable().default(null),
  area: number.min(0).max(100_000).nullable().default(null),
  accountNumber: userText(40).nullable().default(null),
  meters: z.array(meterInput).max(20, 'не больше 20 счётчиков / at most 20 meters').default([]),
});

const companyMeterSchema = z.object({
  id: z.number().int(),
  kind: z.enum(meterKinds),
  tariffs: z.number().int(),
  serialNumber: z.string(),
  verificationDue: z.string().nullable(),
  retired: z.boolean(),
  last: readingOutSchema.nullable(),
});
const ownWindowSchema = z
  .object({ fromDay: z.number().int(), toDay: z.number().int() })
  .nullable()
  .describe('The building’s own days; null: the municipality’s');
const apartmentOutSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    entrance: z.number().int().nullable(),
    floor: z.number().int().nullable(),
    area: z.number().nullable(),
    accountNumber: z.string().nullable(),
    version: z.number().int().describe('Send it back with a change (PATCH /housing/apartments/:id)'),
  })
  .meta({ id: 'ApartmentRecord' });
const companyApartmentSchema = apartmentOutSchema
  .extend({ meters: z.array(companyMeterSchema) })
  .meta({ id: 'CompanyApartment' });

const apartmentPatch = z.strictObject({
  version: number
    .int('целое число / a whole number')
    .min(1, 'от 1 / from 1')
    .max(2 ** 31 - 1, 'слишком большое / too large')
    .describe('The version read; a stale one answers 409'),
  number: required(20).optional().describe('As written on the door: «12», «12А»; unique in the building'),
  entrance: number
    .int('целое число / a whole number')
    .min(0, 'от 0 / from 0')
    .max(200, 'до 200 / up to 200')
    .nullable()
    .optional(),
  floor: number
    .int('целое число / a whole number')
    .min(-5, 'от −5 / from −5')
    .max(200, 'до 200 / up to 200')
    .nullable()
    .optional(),
  area: number
    .min(0, 'не меньше 0 / not below 0')
    .max(100_000, 'до 100000 / up to 100000')
    .nullable()
    .optional()
    .describe('m², one decimal place'),
  accountNumber: userText(40)
    .nullable()
    .optional()
    .describe('The personal account (лицевой счёт); empty or null clears it'),
});

const apartmentChangeSchema = z
  .object({
    id: z.number().int(),
    apartmentId: z.number().int(),
    number: z.string().describe('The apartment’s number now (or when it was removed)'),
    removed: z.boolean(),
    kind: z.enum(apartmentChangeKinds),
    field: z.string().nullable().describe('null for a removal'),
    oldValue: z.unknown().describe('For a removal: the apartment as it was'),
    newValue: z.unknown().describe('For a removal: the reason given, if any'),
    at: timestamp,
    actor: z.object({
      name: z.string().nullable(),
      role: z.string(),
      organisation: z.object({ nameRu: z.string(), nameEn: z.string() }).nullable(),
    }),
  })
  .meta({ id: 'ApartmentChange' });

const windowInput = z
  .strictObject({
    fromDay: number.int('целое число / a whole number').min(1, 'от 1 до 31 / 1 to 31').max(31, 'от 1 до 31 / 1 to 31'),
    toDay: number.int('целое число / a whole number').min(1, 'от 1 до 31 / 1 to 31').max(31, 'от 1 до 31 / 1 to 31'),
  })
  .refine((w) => w.fromDay <= w.toDay, {
    path: ['toDay'],
    message: 'не раньше первого дня / not before the first day',
  });

/** Meters with a kind's tariffs: only electricity has more than one. */
function meterProblems(meters: readonly z.infer<typeof meterInput>[], prefix: string) {
  return meters.flatMap((m, i) =>
    m.kind !== 'electricity' && m.tariffs !== 1
      ? [{ field: `${prefix}.${i}.tariffs`, reason: 'один тариф кроме электричества / one tariff except electricity' }]
      : [],
  );
}

/** 409 naming the field: another apartment of the building has this number. */
function numberTaken(number: string) {
  return new Conflict(`В доме уже есть квартира «${number}». The building already has apartment «${number}».`, {
    field: 'body.number',
    errors: [{ field: 'body.number', reason: 'такой номер в доме уже есть / the building already has this number' }],
  });
}

const apartmentRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- Resident ----

  app.get(
    '/me/apartments',
    {
      config: { access: { action: 'apartment.link' } },
      schema: {
        operationId: 'listOwnApartments',
        tags: ['readings'],
        summary: 'Мои квартиры и счётчики / My apartments and meters',
        response: { 200: z.object({ items: z.array(ownApartmentSchema) }), ...problems },
      },
    },
    async (request) => {
      const now = app.clock();
      const rows = await listOwnApartments(app.db, request.actor!.userId);
      return {
        items: rows.map((r) => ({
          linkId: r.linkId,
          status: r.status,
          note: r.note,
          apartmentId: r.apartmentId,
          apartment: r.apartment,
          buildingId: r.building.id,
          address: r.building.address,
          window: windowOut(r.building, now),
          meters: r.meters.map((m) => ({
            ...m,
            last: m.last ? { ...m.last, submittedAt: new Date(m.last.submittedAt).toISOString() } : null,
          })),
        })),
      };
    },
  );

  app.post(
    '/me/apartments',
    {
      config: { access: { action: 'apartment.link' } },
      schema: {
        operationId: 'requestApartmentLink',
        tags: ['readings'],
        summary: 'Привязать квартиру / Ask to be linked to an apartment',
        description: 'The building’s management company confirms the link; until then the apartment is pending.',
        body: linkRequest,
        response: { 201: z.object({ linkId: z.number().int(), status: z.enum(apartmentLinkStatuses) }), ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      // A resident asks for the few apartments they live in; the cap (failed tries count) keeps
      // anyone from walking a building's apartment numbers through the "no such apartment" answer.
      const limit = await hit(app.db, `apartment-link:${actor.userId}`, { ...LINK_REQUESTS, now: app.clock() });
      if (!limit.allowed) throw new TooManyRequests(limit.retryAfterSeconds);
      const { buildingId, apartment, accountNumber } = request.body;
      const building = await getBuildingFacts(app.db, buildingId);
      if (!building || building.municipalityId !== actor.municipalityId) {
        throw new Unprocessable('Нет такого дома. No such building.', [
          { field: 'body.buildingId', reason: 'нет такого дома / no such building' },
        ]);
      }
      if (building.managementCompanyId === null) {
        throw new Unprocessable('У дома нет управляющей компании. The building has no management company.', [
          {
            field: 'body.buildingId',
            reason:
              'показания принимает управляющая компания, у этого дома её нет / the building has no management company to confirm',
          },
        ]);
      }
      const apartmentId = await findApartment(app.db, buildingId, apartment);
      if (apartmentId === null) {
        throw new Unprocessable('Нет такой квартиры в доме. No such apartment in the building.', [
          {
            field: 'body.apartment',
            reason: 'управляющая компания не внесла эту квартиру / the company has no such apartment on record',
          },
        ]);
      }
      try {
        const linkId = await createLink(app.db, {
          apartmentId,
          userId: actor.userId,
          evidence: accountNumber,
          now: app.clock(),
        });
        if (linkId === null) {
          throw new Unprocessable('Нет такой квартиры в доме. No such apartment in the building.', [
            {
              field: 'body.apartment',
              reason: 'управляющая компания не внесла эту квартиру / the company has no such apartment on record',
            },
          ]);
        }
        request.log.info({ linkId, apartmentId }, 'apartment link requested');
        return reply.code(201).send({ linkId, status: 'pending' as const });
      } catch (err) {
        if (violatedUniqueConstraint(err) === 'apartment_links_live_uq')
          throw new Conflict('Заявка на эту квартиру уже есть. You already asked for this apartment.');
        throw err;
      }
    },
  );

  app.delete(
    '/me/apartments/:id',
    {
      config: { access: { action: 'apartment.link', record: 'link' } },
      schema: {
        operationId: 'withdrawApartmentLink',
        tags: ['readings'],
        summary: 'Отвязать квартиру / Withdraw a link',
        params: bigIdParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const link = await getLink(app.db, request.params.id);
      if (
        !link ||
        !can(request.actor, 'apartment.link', { municipalityId: link.building.municipalityId, ownerId: link.userId })
      )
        throw new NotFound('Привязка / Link');
      const done = await decideLink(app.db, {
        linkId: link.id,
        from: ['pending', 'confirmed'],
        to: 'revoked',
        by: request.actor!.userId,
        note: 'отозвано жителем / withdrawn by the resident',
        now: app.clock(),
      });
      if (!done) throw new NotFound('Привязка / Link');
      return reply.code(204).send(null);
    },
  );

  // ---- Management company: links ----

  app.get(
    '/housing/links',
    {
      config: { access: { action: 'apartment.confirm' } },
      schema: {
        operationId: 'listApartmentLinks',
        tags: ['readings'],
        summary: 'Заявки жителей на привязку / Residents’ link requests',
        querystring: z.object({ status: z.enum(apartmentLinkStatuses).optional().describe('pending by default') }),
        response: { 200: z.object({ items: z.array(companyLinkSchema) }), ...problems },
      },
    },
    async (request) => {
      const scope = companyScope(request, 'apartment.confirm');
      const rows = await listCompanyLinks(app.db, scope, request.query.status ?? 'pending');
      // Residents' names beside their apartments and evidence: each one shown is recorded.
      await recordAccess(
        app.db,
        accessContext(request, app.clock()),
        rows.map((r) => ({
          kind: 'apartment.link_evidence',
          subjectUserId: r.userId,
          record: `apartment-link:${r.id}`,
        })),
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          status: r.status,
          evidence: r.evidence,
          accountMatches: r.accountMatches,
          requestedAt: r.requestedAt.toISOString(),
          decidedAt: r.decidedAt?.toISOString() ?? null,
          note: r.note,
          apartmentId: r.apartmentId,
          apartment: r.apartment,
          accountNumber: r.accountNumber,
          buildingId: r.buildingId,
          address: r.address,
          fullName: r.fullName,
        })),
      };
    },
  );

  const decisions = {
    confirm: { from: ['pending'], to: 'confirmed', ru: 'подтвердить', needsReason: false },
    reject: { from: ['pending'], to: 'rejected', ru: 'отклонить', needsReason: true },
    revoke: { from: ['confirmed'], to: 'revoked', ru: 'отозвать', needsReason: true },
  } as const;
  for (const [verb, d] of Object.entries(decisions)) {
    app.post(
      `/housing/links/:id/${verb}`,
      {
        config: { access: { action: 'apartment.confirm', record: 'link' } },
        schema: {
          operationId: `${verb}ApartmentLink`,
          tags: ['readings'],
          summary: `${d.ru} привязку / ${verb} a link`,
          params: bigIdParam,
          body: d.needsReason ? reasonBody : z.strictObject({}).optional(),
          response: { 200: z.object({ id: z.number().int(), status: z.enum(apartmentLinkStatuses) }), ...problems },
        },
      },
      async (request) => {
        const link = await getLink(app.db, request.params.id);
        authorizeBuilding(request, 'apartment.confirm', link?.building ?? null, 'Привязка / Link');
        const note = d.needsReason ? (request.body as { reason: string }).reason : null;
        const done = await decideLink(app.db, {
          linkId: request.params.id,
          from: d.from,
          to: d.to,
          by: request.actor!.userId,
          note,
          now: app.clock(),
        });
        if (!done) {
          throw new Conflict(
            `Привязка сейчас «${link!.status}»: нельзя ${d.ru}. The link is ${link!.status}: cannot ${verb} it.`,
            { linkStatus: link!.status },
          );
        }
        request.log.info({ linkId: request.params.id, to: d.to }, 'apartment link decided');
        return { id: request.params.id, status: d.to };
      },
    );
  }

  // ---- Management company: buildings, apartments, meters ----

  app.get(
    '/housing/buildings',
    {
      config: { access: { action: 'apartment.manage' } },
      schema: {
        operationId: 'listHousingBuildings',
        tags: ['readings'],
        summary: 'Дома компании / The company’s buildings',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                address: z.string(),
                apartments: z.number().int(),
                meters: z.number().int().describe('Meters in service'),
                window: windowStateSchema,
                ownWindow: z.boolean(),
                ownDays: ownWindowSchema,
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const scope = companyScope(request, 'apartment.manage');
      const now = app.clock();
      const rows = await listCompanyBuildings(app.db, scope);
      return {
        items: rows.map((b) => ({
          id: b.id,
          address: b.address,
          apartments: b.apartments,
          meters: b.meters,
          window: windowOut(b, now),
          ownWindow: b.ownWindow !== null,
          ownDays: b.ownWindow,
        })),
      };
    },
  );

  app.get(
    '/housing/buildings/:id/apartments',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      schema: {
        operationId: 'listBuildingApartments',
        tags: ['readings'],
        summary: 'Квартиры и счётчики дома / A building’s apartments and meters',
        params: idParam,
        response: {
          200: z.object({
            building: z.object({
              id: z.number().int(),
              address: z.string(),
              window: windowStateSchema,
              ownDays: ownWindowSchema,
            }),
            items: z.array(companyApartmentSchema),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const b = authorizeBuilding(request, 'apartment.manage', await getBuildingFacts(app.db, request.params.id));
      const items = await listBuildingApartments(app.db, request.params.id);
      return {
        building: { id: b.id, address: b.address, window: windowOut(b, app.clock()), ownDays: b.ownWindow },
        items: items.map((a) => ({
          ...a,
          meters: a.meters.map((m) => ({
            ...m,
            last: m.last ? { ...m.last, submittedAt: new Date(m.last.submittedAt).toISOString() } : null,
          })),
        })),
      };
    },
  );

  app.post(
    '/housing/buildings/:id/apartments',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        operationId: 'createApartments',
        tags: ['readings'],
        summary: 'Внести квартиры (одну или много) / Add apartments (one or many)',
        description:
          'Set-based: any number of apartments with their meters in two statements. Numbers already in the building are reported, not changed.',
        params: idParam,
        body: z.strictObject({
          apartments: z
            .array(apartmentInput)
            .min(1, 'хотя бы одна / at least one')
            .max(20_000, 'не больше 20000 / at most 20000'),
        }),
        response: {
          201: z.object({
            created: z.array(z.object({ id: z.number().int(), number: z.string() })),
            existing: z.array(z.string()),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      authorizeBuilding(request, 'apartment.manage', await getBuildingFacts(app.db, request.params.id));
      const input = request.body.apartments;
      const errors = input.flatMap((a, i) => meterProblems(a.meters, `body.apartments.${i}.meters`));
      const seen = new Set<string>();
      input.forEach((a, i) => {
        const key = a.number.toLowerCase();
        if (seen.has(key))
          errors.push({
            field: `body.apartments.${i}.number`,
            reason: 'повторяется в запросе / repeated in the request',
          });
        seen.add(key);
      });
      if (errors.length > 0) throw new Unprocessable('Ошибка в данных квартир. Invalid apartments.', errors);
      const result = await app.db.transaction((tx) => createApartments(tx, request.params.id, input));
      request.log.info({ buildingId: request.params.id, created: result.created.length }, 'apartments created');
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/housing/apartments/:id/meters',
    {
      config: { access: { action: 'apartment.manage', record: 'apartment' } },
      schema: {
        operationId: 'addMeter',
        tags: ['readings'],
        summary: 'Добавить счётчик / Add a meter',
        params: idParam,
        body: meterInput,
        response: { 201: z.object({ id: z.number().int() }), ...problems },
      },
    },
    async (request, reply) => {
      const apartment = await getApartment(app.db, request.params.id);
      authorizeBuilding(request, 'apartment.manage', apartment?.building ?? null, 'Квартира / Apartment');
      const errors = meterProblems([request.body], 'body');
      if (errors.length > 0)
        throw new Unprocessable(
          'Ошибка в данных счётчика. Invalid meter.',
          errors.map((e) => ({ ...e, field: 'body.tariffs' })),
        );
      return reply.code(201).send({ id: await addMeter(app.db, request.params.id, request.body) });
    },
  );

  /** The apartment locked for a change, once the actor may manage it (404 as if absent otherwise). */
  async function lockedCompanyApartment(request: FastifyRequest, tx: Db, apartmentId: number) {
    const facts = await getApartment(tx, apartmentId);
    const building = authorizeBuilding(request, 'apartment.manage', facts?.building ?? null, 'Квартира / Apartment');
    const apartment = await lockApartment(tx, apartmentId);
    if (!apartment) throw new NotFound('Квартира / Apartment');
    return { apartment, building };
  }

  app.patch(
    '/housing/apartments/:id',
    {
      config: { access: { action: 'apartment.manage', record: 'apartment' } },
      schema: {
        operationId: 'updateApartment',
        tags: ['readings'],
        summary: 'Изменить квартиру / Change an apartment',
        description:
          'Renumber it, fix its personal account, entrance, floor or area. Only the fields given change. ' +
          '409 when `version` is stale (`currentVersion`) or another apartment of the building has the number (`field`); ' +
          '422 names each field that breaks a rule. Every changed field is recorded (who, when, old and new value).',
        params: idParam,
        body: apartmentPatch,
        response: { 200: apartmentOutSchema, ...problems },
      },
    },
    async (request) => {
      const { version, ...patch } = request.body;
      const actor = request.actor!;
      const now = app.clock();
      const saved = await app.db
        .transaction(async (tx) => {
          const { apartment } = await lockedCompanyApartment(request, tx, request.params.id);
          if (apartment.version !== version) {
            throw new Conflict(
              'Квартиру уже изменили: обновите страницу. The apartment was changed meanwhile: reload it.',
              { currentVersion: apartment.version },
            );
          }
          const next = applyPatch(apartment, patch);
          const changes = diffApartment(apartment, next);
          const problems = apartmentProblems(
            next,
            changes.map((c) => c.field),
            { entrances: apartment.buildingEntrances, floors: apartment.buildingFloors },
          );
          if (problems.length > 0) {
            throw new Unprocessable(
              'Ошибка в данных квартиры. Invalid apartment.',
              problems.map((p) => ({ field: `body.${p.field}`, reason: `${p.reason.ru} / ${p.reason.en}` })),
            );
          }
          if (
            changes.some((c) => c.field === 'number') &&
            (await sameNumberElsewhere(tx, apartment.buildingId, next.number, apartment.id)) !== null
          ) {
            throw numberTaken(next.number);
          }
          if (changes.length === 0) return { ...apartment, version: apartment.version };
          const newVersion = await saveApartment(tx, {
            id: apartment.id,
            buildingId: apartment.buildingId,
            next,
            changes,
            actorId: actor.userId,
            now,
          });
          request.log.info({ apartmentId: apartment.id, fields: changes.map((c) => c.field) }, 'apartment changed');
          return { ...apartment, ...next, version: newVersion };
        })
        .catch((err: unknown) => {
          // Two renumberings to the same number at once: the second meets the unique index.
          if (violatedUniqueConstraint(err) === 'apartments_building_number_uq')
            throw numberTaken(request.body.number ?? '');
          throw err;
        });
      return {
        id: saved.id,
        number: saved.number,
        entrance: saved.entrance,
        floor: saved.floor,
        area: saved.area,
        accountNumber: saved.accountNumber,
        version: saved.version,
      };
    },
  );

  app.delete(
    '/housing/apartments/:id',
    {
      config: { access: { action: 'apartment.manage', record: 'apartment' } },
      schema: {
        operationId: 'deleteApartment',
        tags: ['readings'],
        summary: 'Удалить квартиру / Remove an apartment',
        description:
          'Only an apartment with no readings and no confirmed residents (else 409 naming why in `blockers`: retire its meters instead). ' +
          'Its pending link requests are rejected with the reason and the residents told (`apartment_link`); its meters are retired; the removal is recorded.',
        params: idParam,
        body: z
          .strictObject({ reason: userText(500).optional().describe('Told to residents whose requests are rejected') })
          .nullish(),
        response: {
          200: z.object({ id: z.number().int(), rejectedLinks: z.number().int(), retiredMeters: z.number().int() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const now = app.clock();
      const reason = request.body?.reason || null;
      const done = await app.db.transaction(async (tx) => {
        const { apartment, building } = await lockedCompanyApartment(request, tx, request.params.id);
        const refusal = deletionRefusal(await apartmentUsage(tx, apartment.id));
        if (refusal)
          throw new Conflict(`${refusal.ru} ${refusal.en}`, {
            blockers: refusal.blockers,
            suggestion: 'retire_meters',
          });
        const removed = await removeApartment(tx, {
          apartment,
          note: removedApartmentNote(reason),
          reason,
          actorId: actor.userId,
          now,
        });
        await notifyApartmentRemoved(tx, app.boss, {
          userIds: removed.rejected.map((l) => l.userId),
          municipalityId: building.municipalityId,
          timeZone: building.window.timeZone,
          address: building.address,
          reason,
          publicUrl: app.config.PUBLIC_URL,
          now,
        });
        return removed;
      });
      request.log.info(
        { apartmentId: request.params.id, rejectedLinks: done.rejected.length, retiredMeters: done.retiredMeters },
        'apartment removed',
      );
      return { id: request.params.id, rejectedLinks: done.rejected.length, retiredMeters: done.retiredMeters };
    },
  );

  app.get(
    '/housing/buildings/:id/apartment-changes',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      schema: {
        operationId: 'listApartmentChanges',
        tags: ['readings'],
        summary: 'История изменений квартир дома / A building’s apartment change history',
        description: 'Newest first: who, when, the field, old and new values; removals with the apartment as it was.',
        params: idParam,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: bigRecordIdParam.optional().describe('nextCursor of the previous page'),
        }),
        response: {
          200: z.object({ items: z.array(apartmentChangeSchema), nextCursor: z.number().int().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => {
      authorizeBuilding(request, 'apartment.manage', await getBuildingFacts(app.db, request.params.id));
      const { limit, before } = request.query;
      const rows = await listApartmentChanges(app.db, request.params.id, { limit: limit + 1, before });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          apartmentId: r.apartmentId,
          number: r.number,
          removed: r.removed,
          kind: r.kind,
          field: r.field,
          oldValue: r.oldValue,
          newValue: r.newValue,
          at: r.at.toISOString(),
          actor: { name: r.actorName, role: r.actorRole, organisation: r.organisation },
        })),
        nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  );

  async function companyMeter(request: FastifyRequest, meterId: number) {
    const meter = await getMeter(app.db, meterId);
    authorizeBuilding(request, 'apartment.manage', meter?.building ?? null, 'Счётчик / Meter');
    return meter!;
  }

  app.patch(
    '/housing/meters/:id',
    {
      config: { access: { action: 'apartment.manage', record: 'meter' } },
      schema: {
        operationId: 'updateMeter',
        tags: ['readings'],
        summary: 'Изменить номер или дату поверки / Change a meter’s serial or verification date',
        params: bigIdParam,
        body: z.strictObject({
          serialNumber: required(60).optional(),
          verificationDue: localDay.nullable().optional(),
        }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await companyMeter(request, request.params.id);
      await updateMeter(app.db, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/housing/meters/:id/replacement',
    {
      config: { access: { action: 'apartment.manage', record: 'meter' } },
      schema: {
        operationId: 'recordMeterReplacement',
        tags: ['readings'],
        summary: 'Отметить замену счётчика / Record a meter replacement',
        description:
          'Readings after it are compared with the new meter’s initial values, so a lower reading is accepted.',
        params: bigIdParam,
        body: z.strictObject({
          at: timestamp.optional().describe('When it was replaced; now when absent'),
          newSerialNumber: required(60),
          initialValues: values,
          verificationDue: localDay.nullable().default(null),
          note: userText(500).nullable().default(null),
        }),
        response: { 201: z.object({ id: z.number().int() }), ...problems },
      },
    },
    async (request, reply) => {
      const meter = await companyMeter(request, request.params.id);
      const now = app.clock();
      const at = request.body.at ? new Date(request.body.at) : now;
      const errors = valueProblems(request.body.initialValues).map((p) => ({
        field: `body.initialValues.${p.field.split('.')[1]}`,
        reason: reasonText(p),
      }));
      if (request.body.initialValues.length !== meter.tariffs)
        errors.push({
          field: 'body.initialValues',
          reason: `нужно ${meter.tariffs} знач. / ${meter.tariffs} value(s) expected`,
        });
      if (at.getTime() > now.getTime()) errors.push({ field: 'body.at', reason: 'не в будущем / not in the future' });
      if (meter.retiredAt) errors.push({ field: 'id', reason: 'счётчик снят / the meter is retired' });
      if (errors.length > 0) throw new Unprocessable('Ошибка в данных замены. Invalid replacement.', errors);
      const id = await app.db.transaction((tx) =>
        recordReplacement(tx, {
          meterId: meter.id,
          at,
          oldSerialNumber: meter.serialNumber,
          newSerialNumber: request.body.newSerialNumber,
          initialValues: request.body.initialValues,
          verificationDue: request.body.verificationDue,
          recordedBy: request.actor!.userId,
          note: request.body.note,
        }),
      );
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/housing/meters/:id/retire',
    {
      config: { access: { action: 'apartment.manage', record: 'meter' } },
      schema: {
        operationId: 'retireMeter',
        tags: ['readings'],
        summary: 'Снять счётчик / Retire a meter',
        params: bigIdParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await companyMeter(request, request.params.id);
      await retireMeter(app.db, request.params.id, app.clock());
      return reply.code(204).send(null);
    },
  );

  // ---- Windows ----

  app.put(
    '/housing/buildings/:id/reading-window',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      schema: {
        operationId: 'setBuildingReadingWindow',
        tags: ['readings'],
        summary: 'Окно приёма показаний дома / A building’s reading window',
        description: 'null: the building follows its municipality’s window.',
        params: idParam,
        body: windowInput.nullable(),
        response: { 200: windowStateSchema, ...problems },
      },
    },
    async (request) => {
      authorizeBuilding(request, 'apartment.manage', await getBuildingFacts(app.db, request.params.id));
      await setBuildingWindow(app.db, request.params.id, request.body);
      return windowOut((await getBuildingFacts(app.db, request.params.id))!, app.clock());
    },
  );

  app.put(
    '/admin/reading-window',
    {
      config: { access: { action: 'admin.buildings' } },
      schema: {
        operationId: 'setMunicipalityReadingWindow',
        tags: ['readings'],
        summary: 'Окно приёма показаний муниципалитета / The municipality’s reading window',
        body: windowInput,
        response: { 200: z.object({ fromDay: z.number().int(), toDay: z.number().int() }), ...problems },
      },
    },
    async (request) => {
      await setMunicipalityWindow(app.db, request.actor!.municipalityId, request.body);
      return request.body;
    },
  );
};
export default apartmentRoutes;
