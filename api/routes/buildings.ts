import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  buildingsInBox,
  buildingsOfOrganisation,
  getBuildingPassport,
  nearestBuildings,
  searchBuildings,
} from '../../db/queries/buildings.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { wallMaterials } from '../../db/schema/index.ts';
import { normaliseAddress } from '../../dispatch/address.ts';
import { buildingCondition } from '../inspections/read-inspections.ts';
import { buildingConditionSchema } from '../inspections/schemas.ts';
import { BadRequest, NotFound } from '../errors.ts';
import { bboxParam, idParam, latitude, longitude, municipalityQuery, problems, recordIdParam } from '../schemas.ts';

export const buildingSummarySchema = z
  .object({
    id: z.number().int(),
    address: z.string(),
    districtId: z.number().int(),
    lat: z.number(),
    lon: z.number(),
  })
  .meta({ id: 'BuildingSummary' });

const orgContact = z
  .object({
    id: z.number().int(),
    nameRu: z.string(),
    nameEn: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
  })
  .nullable();

/** A building's technical passport (the same shape in the public view and the admin API). */
export const technicalPassportSchema = z.object({
  yearBuilt: z.number().int().nullable(),
  floors: z.number().int().nullable(),
  entrances: z.number().int().nullable(),
  apartments: z.number().int().nullable(),
  totalArea: z.number().nullable(),
  wallMaterial: z.enum(wallMaterials).nullable(),
  elevators: z.number().int().nullable(),
  heatingSystem: z.string().nullable(),
  hotWaterSystem: z.string().nullable(),
  lastOverhaulYear: z.number().int().nullable(),
  wearPercent: z.number().nullable(),
});

const passportSchema = z
  .object({
    id: z.number().int(),
    address: z.string(),
    street: z.string(),
    house: z.string(),
    block: z.string().nullable(),
    postcode: z.string().nullable(),
    lat: z.number(),
    lon: z.number(),
    district: z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() }),
    managementCompany: orgContact,
    suppliers: z.object({
      coldWater: orgContact,
      hotWater: orgContact,
      heating: orgContact,
      electricity: orgContact,
      gas: orgContact,
    }),
    passport: technicalPassportSchema,
    condition: buildingConditionSchema,
  })
  .meta({ id: 'BuildingPassport' });

// Enough for a map view; the client zooms in for more.
const MAX_BOX_RESULTS = 2000;

const buildingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/buildings',
    {
      config: { access: { action: 'building.read' } },
      schema: {
        operationId: 'listBuildings',
        tags: ['buildings'],
        summary: 'Поиск домов по адресу или в прямоугольнике / Find buildings by address or in a box',
        querystring: z.object({
          q: z.string().trim().min(2, 'не короче 2 символов / at least 2 characters').max(200).optional(),
          bbox: bboxParam.optional(),
          organisationId: recordIdParam.optional().describe('the buildings this organisation serves'),
          municipality: municipalityQuery,
          limit: z.coerce.number().int().min(1).max(MAX_BOX_RESULTS).optional(),
        }),
        response: {
          200: z.object({ items: z.array(buildingSummarySchema), truncated: z.boolean() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { q, bbox, organisationId } = request.query;
      if (!q && !bbox && organisationId === undefined) {
        throw new BadRequest('Укажите q, bbox или organisationId. Give q, bbox or organisationId.', [
          {
            field: 'querystring.q',
            reason: 'q, bbox или organisationId обязателен / q, bbox or organisationId is required',
          },
        ]);
      }
      const municipality = await findMunicipality(app.db, request.query.municipality);
      if (!municipality) throw new NotFound('Муниципалитет / Municipality');
      if (organisationId !== undefined && !q && !bbox) {
        const limit = request.query.limit ?? MAX_BOX_RESULTS;
        const items = await buildingsOfOrganisation(app.db, municipality.id, organisationId, limit + 1);
        return { items: items.slice(0, limit), truncated: items.length > limit };
      }
      if (q) {
        const limit = request.query.limit ?? 20;
        const normalised = normaliseAddress(q);
        if (!normalised) return { items: [], truncated: false };
        const items = await searchBuildings(app.db, municipality.id, normalised, Math.min(limit, 100));
        return { items, truncated: false };
      }
      const limit = request.query.limit ?? MAX_BOX_RESULTS;
      const items = await buildingsInBox(app.db, bbox!, limit + 1, municipality.id);
      return { items: items.slice(0, limit), truncated: items.length > limit };
    },
  );

  app.get(
    '/buildings/nearest',
    {
      config: { access: { action: 'building.read' } },
      schema: {
        operationId: 'nearestBuildings',
        tags: ['buildings'],
        summary: 'Ближайшие дома к точке / Buildings nearest to a point',
        querystring: z.object({
          lat: latitude,
          lon: longitude,
          limit: z.coerce.number().int().min(1).max(20).default(1),
          within: z.coerce.number().min(1).max(5000).default(1000).describe('metres'),
        }),
        response: {
          200: z.object({ items: z.array(buildingSummarySchema.extend({ distanceMetres: z.number() })) }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { lat, lon, limit, within } = request.query;
      const items = await nearestBuildings(app.db, lon, lat, limit, { withinMetres: within });
      if (items.length === 0) throw new NotFound(`Дом в пределах ${within} м / A building within ${within} m`);
      return { items };
    },
  );

  app.get(
    '/buildings/:id',
    {
      config: { access: { action: 'building.read', record: 'building' } },
      schema: {
        operationId: 'getBuilding',
        tags: ['buildings'],
        summary: 'Паспорт дома (публичный) / Building passport (public view)',
        params: idParam,
        response: { 200: passportSchema, ...problems },
      },
    },
    async (request) => {
      const row = await getBuildingPassport(app.db, request.params.id);
      if (!row) throw new NotFound('Дом / Building');
      const b = row.building;
      return {
        id: b.id,
        address: b.address,
        street: b.street,
        house: b.house,
        block: b.block,
        postcode: b.postcode,
        lon: b.location.x,
        lat: b.location.y,
        district: row.district,
        managementCompany: row.managementCompany,
        suppliers: {
          coldWater: row.coldWater,
          hotWater: row.hotWater,
          heating: row.heating,
          electricity: row.electricity,
          gas: row.gas,
        },
        passport: {
          yearBuilt: b.yearBuilt,
          floors: b.floors,
          entrances: b.entrances,
          apartments: b.apartments,
          totalArea: b.totalArea,
          wallMaterial: b.wallMaterial,
          elevators: b.elevators,
          heatingSystem: b.heatingSystem,
          hotWaterSystem: b.hotWaterSystem,
          lastOverhaulYear: b.lastOverhaulYear,
          wearPercent: b.wearPercent,
        },
        condition: await buildingCondition(app.db, b.id),
      };
    },
  );
};
export default buildingRoutes;
