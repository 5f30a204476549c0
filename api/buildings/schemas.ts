import { z } from 'zod';
import type { BuildingRow } from '../../db/queries/admin-directory.ts';
import { wallMaterials } from '../../db/schema/index.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { id, optionalText, queryId, required, timestamp, boolQuery } from '../directory/fields.ts';
import { buildingConditionSchema } from '../inspections/schemas.ts';
import { bboxParam, latitude, longitude, municipalityQuery, recordIdParam } from '../schemas.ts';

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

export const passportSchema = z
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
export const MAX_BOX_RESULTS = 2000;

export const publicBuildingsQuery = z.object({
  q: z
    .string()
    .trim()
    .min(2, messageRef('field.too_short_min', { min: 2 }))
    .max(200)
    .optional(),
  bbox: bboxParam.optional().describe('buildings in a box (q, bbox or organisationId: one at least)'),
  organisationId: recordIdParam
    .optional()
    .describe('the buildings this organisation serves (q, bbox or organisationId: one at least)'),
  municipality: municipalityQuery,
  limit: z.coerce.number().int().min(1).max(MAX_BOX_RESULTS).optional(),
});
export type PublicBuildingsQuery = z.output<typeof publicBuildingsQuery>;

export const nearestBuildingsQuery = z.object({
  lat: latitude,
  lon: longitude,
  limit: z.coerce.number().int().min(1).max(20).default(1),
  within: z.coerce.number().min(1).max(5000).default(1000).describe('metres'),
});

// ---- The admin's records ----

const expectedNumber = messageRef('field.expected_number');
const year = z
  .number({ error: expectedNumber })
  .int(messageRef('field.whole_number'))
  .min(1700, messageRef('field.from', { min: 1700 }))
  .max(2100, messageRef('field.up_to', { max: 2100 }));
const count = (max: number) =>
  z
    .number({ error: expectedNumber })
    .int(messageRef('field.whole_number'))
    .min(0, messageRef('field.at_least', { min: 0 }))
    .max(max, messageRef('field.at_most', { max }));
const passportFields = {
  yearBuilt: year.nullable(),
  floors: count(200)
    .min(1, messageRef('field.from', { min: 1 }))
    .nullable(),
  entrances: count(200).nullable(),
  apartments: count(10_000).nullable(),
  totalArea: z
    .number({ error: expectedNumber })
    .min(0, messageRef('field.at_least', { min: 0 }))
    .max(10_000_000, messageRef('building.area_max'))
    .nullable()
    .describe('m²'),
  wallMaterial: z.enum(wallMaterials).nullable(),
  elevators: count(200).nullable(),
  heatingSystem: optionalText(200).nullable(),
  hotWaterSystem: optionalText(200).nullable(),
  lastOverhaulYear: year.nullable(),
  wearPercent: z
    .number({ error: expectedNumber })
    .min(0, messageRef('field.range', { min: 0, max: 100 }))
    .max(100, messageRef('field.range', { min: 0, max: 100 }))
    .nullable(),
};
export type Passport = { [K in keyof typeof passportFields]: z.output<(typeof passportFields)[K]> };
export const passportKeys = Object.keys(passportFields) as (keyof Passport)[];

const supplierFields = {
  coldWater: id.nullable(),
  hotWater: id.nullable(),
  heating: id.nullable(),
  electricity: id.nullable(),
  gas: id.nullable(),
};
export type Suppliers = Record<keyof typeof supplierFields, number | null>;
export const supplierColumns = {
  coldWater: 'coldWaterSupplierId',
  hotWater: 'hotWaterSupplierId',
  heating: 'heatingSupplierId',
  electricity: 'electricitySupplierId',
  gas: 'gasSupplierId',
} as const satisfies Record<keyof Suppliers, keyof BuildingRow>;
export const supplierKeys = Object.keys(supplierColumns) as (keyof Suppliers)[];

const latitudeMessage = messageRef('field.latitude');
const longitudeMessage = messageRef('field.longitude');
const location = z.strictObject({
  lat: z.number({ error: latitudeMessage }).min(-90, latitudeMessage).max(90, latitudeMessage),
  lon: z.number({ error: longitudeMessage }).min(-180, longitudeMessage).max(180, longitudeMessage),
});

const buildingFields = {
  street: required(200).describe('Street with its type, as in addresses: «ул. Баумана»'),
  house: required(20).describe('House number with its letter: «12», «12А», «12/1»'),
  block: optionalText(20).nullable().describe('Корпус'),
  postcode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, messageRef('field.postcode'))
    .nullable(),
  location: location.describe('Inside the municipality’s boundary'),
  districtId: id.nullable().describe('null: the district containing the location'),
  managementCompanyId: id.nullable().describe('A management company (or homeowners’ association) of the municipality'),
  suppliers: z
    .strictObject(supplierFields)
    .partial()
    .describe('Resource supplier per utility; the fields left out stay as they are'),
  passport: z
    .strictObject(passportFields)
    .partial()
    .describe('Technical passport; the fields left out stay as they are'),
};
export const buildingInput = z
  .strictObject({
    ...buildingFields,
    block: buildingFields.block.default(null),
    postcode: buildingFields.postcode.default(null),
    districtId: buildingFields.districtId.default(null),
    managementCompanyId: buildingFields.managementCompanyId.default(null),
    suppliers: buildingFields.suppliers.default({}),
    passport: buildingFields.passport.default({}),
  })
  .describe('A new building');
export const buildingPatch = z.strictObject(buildingFields).partial().describe('The fields of a building to change');

export const adminBuildingSchema = z
  .object({
    id: z.number().int(),
    address: z.string(),
    street: z.string(),
    house: z.string(),
    block: z.string().nullable(),
    postcode: z.string().nullable(),
    location: z.object({ lat: z.number(), lon: z.number() }),
    districtId: z.number().int(),
    managementCompanyId: z.number().int().nullable(),
    suppliers: z.object({
      coldWater: z.number().int().nullable(),
      hotWater: z.number().int().nullable(),
      heating: z.number().int().nullable(),
      electricity: z.number().int().nullable(),
      gas: z.number().int().nullable(),
    }),
    passport: technicalPassportSchema,
    updatedAt: timestamp,
  })
  .meta({ id: 'AdminBuilding' });

export type BuildingInput = z.output<typeof buildingInput>;
export type BuildingPatch = z.output<typeof buildingPatch>;
export type AdminBuilding = z.output<typeof adminBuildingSchema>;

// The trigram search ranks a whole result set: deep pages of a search are not worth reading.
export const MAX_SEARCH_DEPTH = 500;

/** The admin list's filters (paging is added by the directory's list route). */
export const buildingFilter = {
  q: z
    .string()
    .trim()
    .min(2, messageRef('field.too_short_min', { min: 2 }))
    .max(200, messageRef('field.too_long_max', { max: 200 }))
    .optional(),
  districtId: queryId.optional(),
  managementCompanyId: queryId.optional(),
  withoutManagementCompany: boolQuery.optional().describe('true: only buildings nobody manages'),
};
export type BuildingFilter = z.output<z.ZodObject<typeof buildingFilter>>;
