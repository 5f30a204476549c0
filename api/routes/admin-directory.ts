import { recordAccess, type AccessEntry } from '../../db/queries/audit.ts';
import { accessContext } from '../audit.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { hashPassword } from '../../db/passwords.ts';
import {
  type AdminUserRow,
  adminBuildingsByIds,
  type BuildingFields,
  type BuildingRow,
  buildingAtAddress,
  insertBuilding,
  insertStaffUser,
  getAdminBuilding,
  getAdminUser,
  listAdminBuildings,
  listAdminUsers,
  openAppealsOfBuilding,
  organisationKindsOf,
  updateBuildingRow,
  updateUserAccount,
  updateUserPersonal,
} from '../../db/queries/admin-directory.ts';
import { searchBuildings } from '../../db/queries/buildings.ts';
import { recordSummaryChanges } from '../../db/queries/passports.ts';
import { districtAt, municipalityContains } from '../../db/queries/municipalities.ts';
import { foreignDistrictIds } from '../../db/queries/routing.ts';
import { revokeUserSessions } from '../../db/queries/sessions.ts';
import { roles, wallMaterials } from '../../db/schema/index.ts';
import { formatAddress, normaliseAddress } from '../../dispatch/address.ts';
import type { OrganisationKind } from '../../dispatch/taxonomy.ts';
import { type FieldError, NotFound, Unprocessable } from '../errors.ts';
import { authorize } from '../plugins/auth.ts';
import { technicalPassportSchema } from './buildings.ts';
import { idParam, problems } from '../schemas.ts';

/*
 * Input schemas carry no component id (see admin-dispatch.ts): responses do.
 *
 * The directory an admin keeps for their own municipality: organisations, buildings, categories and
 * user accounts. Records of another municipality answer 404, as if they did not exist. Changes take
 * effect for the next appeal (routing reads organisations, buildings and categories per appeal; the
 * reference cache of this process is cleared, other processes see the change within 10 s). There is
 * no audit table yet: each change is logged with the actor and the record, never with personal data.
 */

import {
  email,
  id,
  optionalText,
  personalPhone,
  queryId,
  required,
  searchQuery,
  boolQuery,
  timestamp,
} from '../directory/fields.ts';
import { pageQuery, paged, pageOut } from '../directory/crud.ts';
import { taken, uniquely } from '../directory/unique.ts';

const invalid = (detail: string, errors: FieldError[]) => new Unprocessable(detail, errors);

/** Which fields a patch names (for the log: never their values when they are personal). */
const changed = (patch: object) => Object.keys(patch).sort();

// ---- Buildings ----

const year = z
  .number({ error: 'ожидается число / expected a number' })
  .int('целое число / a whole number')
  .min(1700, 'от 1700 / from 1700')
  .max(2100, 'до 2100 / up to 2100');
const count = (max: number) =>
  z
    .number({ error: 'ожидается число / expected a number' })
    .int('целое число / a whole number')
    .min(0, 'не меньше 0 / at least 0')
    .max(max, `не больше ${max} / at most ${max}`);
const passportFields = {
  yearBuilt: year.nullable(),
  floors: count(200).min(1, 'от 1 / from 1').nullable(),
  entrances: count(200).nullable(),
  apartments: count(10_000).nullable(),
  totalArea: z
    .number({ error: 'ожидается число / expected a number' })
    .min(0, 'не меньше 0 / at least 0')
    .max(10_000_000, 'не больше 10 000 000 м² / at most 10,000,000 m²')
    .nullable()
    .describe('m²'),
  wallMaterial: z.enum(wallMaterials).nullable(),
  elevators: count(200).nullable(),
  heatingSystem: optionalText(200).nullable(),
  hotWaterSystem: optionalText(200).nullable(),
  lastOverhaulYear: year.nullable(),
  wearPercent: z
    .number({ error: 'ожидается число / expected a number' })
    .min(0, 'от 0 до 100 / 0 to 100')
    .max(100, 'от 0 до 100 / 0 to 100')
    .nullable(),
};
type Passport = { [K in keyof typeof passportFields]: z.output<(typeof passportFields)[K]> };
const passportKeys = Object.keys(passportFields) as (keyof Passport)[];

const supplierFields = {
  coldWater: id.nullable(),
  hotWater: id.nullable(),
  heating: id.nullable(),
  electricity: id.nullable(),
  gas: id.nullable(),
};
type Suppliers = Record<keyof typeof supplierFields, number | null>;
const supplierColumns = {
  coldWater: 'coldWaterSupplierId',
  hotWater: 'hotWaterSupplierId',
  heating: 'heatingSupplierId',
  electricity: 'electricitySupplierId',
  gas: 'gasSupplierId',
} as const satisfies Record<keyof Suppliers, keyof BuildingRow>;
const supplierKeys = Object.keys(supplierColumns) as (keyof Suppliers)[];

const location = z.strictObject({
  lat: z
    .number({ error: 'ожидается число / expected a number' })
    .min(-90, 'широта −90…90 / latitude −90..90')
    .max(90, 'широта −90…90 / latitude −90..90'),
  lon: z
    .number({ error: 'ожидается число / expected a number' })
    .min(-180, 'долгота −180…180 / longitude −180..180')
    .max(180, 'долгота −180…180 / longitude −180..180'),
});

const buildingFields = {
  street: required(200).describe('Street with its type, as in addresses: «ул. Баумана»'),
  house: required(20).describe('House number with its letter: «12», «12А», «12/1»'),
  block: optionalText(20).nullable().describe('Корпус'),
  postcode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'шесть цифр / six digits')
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
const buildingInput = z
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
const buildingPatch = z.strictObject(buildingFields).partial().describe('The fields of a building to change');

const buildingSchema = z
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

const suppliersOf = (b: BuildingRow): Suppliers =>
  Object.fromEntries(supplierKeys.map((k) => [k, b[supplierColumns[k]]])) as Suppliers;
const passportOf = (b: BuildingRow): Passport => Object.fromEntries(passportKeys.map((k) => [k, b[k]])) as Passport;

const buildingOut = (b: BuildingRow) => ({
  id: b.id,
  address: b.address,
  street: b.street,
  house: b.house,
  block: b.block,
  postcode: b.postcode,
  location: { lat: b.location.y, lon: b.location.x },
  districtId: b.districtId,
  managementCompanyId: b.managementCompanyId,
  suppliers: suppliersOf(b),
  passport: passportOf(b),
  updatedAt: b.updatedAt.toISOString(),
});

type BuildingDraft = {
  street: string;
  house: string;
  block: string | null;
  postcode: string | null;
  location: { lat: number; lon: number };
  districtId: number | null;
  managementCompanyId: number | null;
  suppliers: Suppliers;
  passport: Passport;
};

/**
 * Check a building's fields in the municipality; the row to store, or the field errors. An update
 * names `given`, the fields it sends: what it leaves as stored is not held against it.
 */
async function buildingRow(
  db: Db,
  municipalityId: number,
  b: BuildingDraft,
  now: Date,
  update?: { id: number; given: ReadonlySet<string> },
): Promise<{ ok: true; fields: BuildingFields } | { ok: false; errors: FieldError[]; duplicateOf?: number }> {
  const errors: FieldError[] = [];
  const problem = (e: FieldError) => {
    if (!update || update.given.has(e.field.split('.')[1])) errors.push(e);
  };
  const { lon, lat } = b.location;
  const inside = await municipalityContains(db, municipalityId, lon, lat);
  if (!inside)
    problem({
      field: 'body.location',
      reason: 'точка вне границ муниципалитета / the point is outside the municipality',
    });
  let districtId = b.districtId;
  if (districtId !== null) {
    if ((await foreignDistrictIds(db, municipalityId, [districtId])).length > 0) {
      problem({ field: 'body.districtId', reason: 'нет такого района в этом муниципалитете / no such district here' });
    }
  } else if (inside) {
    districtId = await districtAt(db, municipalityId, lon, lat);
    if (districtId === null)
      problem({
        field: 'body.districtId',
        reason: 'точка вне районов: укажите район / the point is outside every district: give one',
      });
  }
  const orgIds = [b.managementCompanyId, ...supplierKeys.map((k) => b.suppliers[k])].filter(
    (x): x is number => x !== null,
  );
  const kinds = await organisationKindsOf(db, municipalityId, orgIds);
  if (b.managementCompanyId !== null) {
    const kind = kinds.get(b.managementCompanyId);
    if (kind === undefined)
      problem({
        field: 'body.managementCompanyId',
        reason: 'нет такой организации в этом муниципалитете / no such organisation here',
      });
    else if (kind !== 'management_company')
      problem({ field: 'body.managementCompanyId', reason: 'это не управляющая компания / not a management company' });
  }
  // A management company may run a small town's networks itself (Innopolis does).
  const supplierKinds: readonly OrganisationKind[] = ['resource_supplier', 'management_company'];
  for (const k of supplierKeys) {
    const supplier = b.suppliers[k];
    if (supplier === null) continue;
    const kind = kinds.get(supplier);
    if (kind === undefined)
      problem({
        field: `body.suppliers.${k}`,
        reason: 'нет такой организации в этом муниципалитете / no such organisation here',
      });
    else if (!supplierKinds.includes(kind))
      problem({
        field: `body.suppliers.${k}`,
        reason: 'это не ресурсоснабжающая организация / not a resource supplier',
      });
  }
  const p = b.passport;
  const thisYear = now.getUTCFullYear();
  if (p.yearBuilt !== null && p.yearBuilt > thisYear + 5)
    problem({ field: 'body.passport.yearBuilt', reason: `не позже ${thisYear + 5} / not after ${thisYear + 5}` });
  if (p.lastOverhaulYear !== null && p.lastOverhaulYear > thisYear)
    problem({ field: 'body.passport.lastOverhaulYear', reason: `не позже ${thisYear} / not after ${thisYear}` });
  if (p.lastOverhaulYear !== null && p.yearBuilt !== null && p.lastOverhaulYear < p.yearBuilt) {
    problem({
      field: 'body.passport.lastOverhaulYear',
      reason: 'не раньше года постройки / not before the year built',
    });
  }
  if (errors.length > 0) return { ok: false, errors };

  const address = formatAddress({ street: b.street, house: b.house, block: b.block });
  const searchText = normaliseAddress(address);
  const addressGiven = !update || ['street', 'house', 'block'].some((k) => update.given.has(k));
  const duplicateOf = addressGiven
    ? await buildingAtAddress(db, municipalityId, { address, searchText }, update?.id)
    : null;
  if (duplicateOf !== null) {
    return {
      ok: false,
      duplicateOf,
      errors: [
        {
          field: 'body.house',
          reason: `дом с этим адресом уже есть (id ${duplicateOf}) / a building at this address exists (id ${duplicateOf})`,
        },
      ],
    };
  }
  return {
    ok: true,
    fields: {
      street: b.street,
      house: b.house,
      block: b.block,
      postcode: b.postcode,
      address,
      searchText,
      location: { x: lon, y: lat },
      districtId: districtId!,
      managementCompanyId: b.managementCompanyId,
      coldWaterSupplierId: b.suppliers.coldWater,
      hotWaterSupplierId: b.suppliers.hotWater,
      heatingSupplierId: b.suppliers.heating,
      electricitySupplierId: b.suppliers.electricity,
      gasSupplierId: b.suppliers.gas,
      ...p,
    },
  };
}

const noSuppliers: Suppliers = { coldWater: null, hotWater: null, heating: null, electricity: null, gas: null };
const emptyPassport = Object.fromEntries(passportKeys.map((k) => [k, null])) as Passport;

// The trigram search ranks a whole result set: deep pages of a search are not worth reading.
const MAX_SEARCH_DEPTH = 500;

// ---- Users ----

const staffRoles = roles.filter((r) => r !== 'resident') as [
  Exclude<(typeof roles)[number], 'resident'>,
  ...Exclude<(typeof roles)[number], 'resident'>[],
];
// Organisation roles act through their organisation's scope: without one they could do nothing.
const rolesWithOrganisation: readonly string[] = ['org_staff', 'org_supervisor'];

const login = z
  .string({ error: 'ожидается текст / expected text' })
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/,
    'от 3 до 64 знаков: латинские буквы, цифры, «.», «_», «-» / 3 to 64 Latin letters, digits, ".", "_", "-"',
  )
  .transform((s) => s.toLowerCase())
  .describe('Sign-in name, unique in the installation (case-insensitive)');
// 10 characters: argon2id makes guessing slow, length makes it hopeless; 200 keeps hashing cheap.
const password = z
  .string({ error: 'ожидается текст / expected text' })
  .min(10, 'не короче 10 символов / at least 10 characters')
  .max(200, 'не длиннее 200 символов / at most 200 characters')
  .describe('Given to the person to sign in with; stored only as an argon2id hash');

const personalFields = {
  fullName: optionalText(200).nullable(),
  phone: personalPhone.nullable().describe('Russian number; stored as +7XXXXXXXXXX'),
  email: email.nullable(),
};

const staffInput = z
  .strictObject({
    role: z.enum(staffRoles).describe('Residents sign up themselves with a one-time code'),
    organisationId: id.nullable().default(null).describe('Required for org_staff and org_supervisor'),
    login,
    password,
    fullName: required(200),
    phone: personalFields.phone.default(null),
    email: personalFields.email.default(null),
  })
  .describe('A new staff account');

const userPatch = z
  .strictObject({
    role: z.enum(staffRoles),
    organisationId: id.nullable(),
    ...personalFields,
  })
  .partial()
  .describe('The fields of an account to change');

const userSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(roles),
    organisation: z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() }).nullable(),
    login: z.string().nullable(),
    hasPassword: z.boolean(),
    personal: z.object({ fullName: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
    disabled: z.boolean(),
    disabledAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'AdminUser' });

const userOut = (u: AdminUserRow) => ({
  id: u.id,
  role: u.role,
  organisation: u.organisation && u.organisation.id !== null ? u.organisation : null,
  login: u.login,
  hasPassword: u.hasPassword,
  personal: { fullName: u.fullName, phone: u.phone, email: u.email },
  disabled: u.disabledAt !== null,
  disabledAt: u.disabledAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});

async function accountProblems(
  db: Db,
  municipalityId: number,
  a: { role: AdminUserRow['role']; organisationId: number | null },
): Promise<FieldError[]> {
  if (a.organisationId === null) {
    return rolesWithOrganisation.includes(a.role)
      ? [
          {
            field: 'body.organisationId',
            reason:
              'сотрудник организации работает в организации: укажите её / organisation staff need their organisation',
          },
        ]
      : [];
  }
  if (a.role === 'resident')
    return [{ field: 'body.organisationId', reason: 'у жителя нет организации / a resident has no organisation' }];
  const kinds = await organisationKindsOf(db, municipalityId, [a.organisationId]);
  return kinds.has(a.organisationId)
    ? []
    : [
        {
          field: 'body.organisationId',
          reason: 'нет такой организации в этом муниципалитете / no such organisation here',
        },
      ];
}

const userUnique = {
  users_login_uq: ['body.login', 'логин уже занят / the login is taken'],
  user_personal_phone_uq: [
    'body.phone',
    'этот телефон уже у другой учётной записи / the phone belongs to another account',
  ],
  user_personal_email_uq: [
    'body.email',
    'этот e-mail уже у другой учётной записи / the e-mail belongs to another account',
  ],
} as Record<string, [string, string]>;

const BuildingNotFound = () => new NotFound('Дом / Building');
const UserNotFound = () => new NotFound('Пользователь / User');

/** Admin API for the organisations, buildings, categories and users of the actor's municipality. */
const adminDirectoryRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- Buildings ----

  app.get(
    '/admin/buildings',
    {
      config: { access: { action: 'admin.buildings' } },
      schema: {
        operationId: 'listAdminBuildings',
        tags: ['admin'],
        summary: 'Дома муниципалитета / The municipality’s buildings',
        description: `With \`q\`: the address search residents use (typos and word order are fine), best matches first, at most ${MAX_SEARCH_DEPTH} deep; else by address.`,
        querystring: z.object({
          q: z
            .string()
            .trim()
            .min(2, 'не короче 2 символов / at least 2 characters')
            .max(200, 'не длиннее 200 символов / at most 200 characters')
            .optional(),
          districtId: queryId.optional(),
          managementCompanyId: queryId.optional(),
          withoutManagementCompany: boolQuery.optional().describe('true: only buildings nobody manages'),
          ...pageQuery,
        }),
        response: { 200: pageOut(buildingSchema), ...problems },
      },
    },
    async (request) => {
      const municipalityId = request.actor!.municipalityId;
      const { q, districtId, managementCompanyId, withoutManagementCompany, limit, offset } = request.query;
      if (q !== undefined) {
        const normalised = normaliseAddress(q);
        if (!normalised || offset >= MAX_SEARCH_DEPTH) return { items: [], nextOffset: null };
        // The filters apply to the ranked matches, so each page reads them all (a few hundred rows at most).
        const found = await searchBuildings(app.db, municipalityId, normalised, MAX_SEARCH_DEPTH);
        const rows = (
          await adminBuildingsByIds(
            app.db,
            municipalityId,
            found.map((b) => b.id),
          )
        ).filter(
          (b) =>
            (districtId === undefined || b.districtId === districtId) &&
            (managementCompanyId === undefined || b.managementCompanyId === managementCompanyId) &&
            (withoutManagementCompany !== 'true' || b.managementCompanyId === null),
        );
        return paged(rows.slice(offset, offset + limit + 1).map(buildingOut), { limit, offset });
      }
      const rows = await listAdminBuildings(app.db, municipalityId, {
        districtId,
        managementCompanyId,
        withoutManagementCompany: withoutManagementCompany === 'true',
        limit: limit + 1,
        offset,
      });
      return paged(rows.map(buildingOut), { limit, offset });
    },
  );

  app.get(
    '/admin/buildings/:id',
    {
      config: { access: { action: 'admin.buildings', record: 'building' } },
      schema: {
        operationId: 'getAdminBuilding',
        tags: ['admin'],
        summary: 'Дом / A building',
        params: idParam,
        response: { 200: buildingSchema, ...problems },
      },
    },
    async (request) => {
      const row = await getAdminBuilding(app.db, request.actor!.municipalityId, request.params.id);
      if (!row) throw BuildingNotFound();
      return buildingOut(row);
    },
  );

  app.post(
    '/admin/buildings',
    {
      config: { access: { action: 'admin.buildings' } },
      schema: {
        operationId: 'createBuilding',
        tags: ['admin'],
        summary: 'Добавить дом / Add a building',
        description:
          'The display address is made from street, house and block; one building per address (409 naming `body.house`). ' +
          'The location must lie inside the municipality; without `districtId` the district containing it is taken.',
        body: buildingInput,
        response: { 201: buildingSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const b = request.body;
      const now = app.clock();
      const draft: BuildingDraft = {
        ...b,
        suppliers: { ...noSuppliers, ...b.suppliers },
        passport: { ...emptyPassport, ...b.passport },
      };
      const checked = await buildingRow(app.db, actor.municipalityId, draft, now);
      if (!checked.ok) {
        if (checked.duplicateOf !== undefined) throw taken(checked.errors[0].field, checked.errors[0].reason);
        throw invalid('Дом нельзя сохранить. The building cannot be saved.', checked.errors);
      }
      const row = await insertBuilding(app.db, actor.municipalityId, checked.fields, now);
      request.log.info(
        { actorId: actor.userId, municipalityId: actor.municipalityId, buildingId: row.id, building: buildingOut(row) },
        'building created',
      );
      return reply.code(201).send(buildingOut(row));
    },
  );

  app.patch(
    '/admin/buildings/:id',
    {
      config: { access: { action: 'admin.buildings', record: 'building' } },
      schema: {
        operationId: 'updateBuilding',
        tags: ['admin'],
        summary: 'Изменить дом / Update a building',
        description:
          'Only the fields given change (within `suppliers` and `passport` too). A new management company or supplier answers ' +
          'the appeals filed from now on: open appeals stay with the organisation that holds them (a dispatcher reassigns them ' +
          'if needed). `districtId: null` takes the district containing the location.',
        params: idParam,
        body: buildingPatch,
        response: { 200: buildingSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const now = app.clock();
      const result = await app.db.transaction(async (tx) => {
        const before = await getAdminBuilding(tx, actor.municipalityId, request.params.id, { lock: true });
        if (!before) throw BuildingNotFound();
        const p = request.body;
        const draft: BuildingDraft = {
          street: p.street ?? before.street,
          house: p.house ?? before.house,
          block: p.block === undefined ? before.block : p.block,
          postcode: p.postcode === undefined ? before.postcode : p.postcode,
          location: p.location ?? { lat: before.location.y, lon: before.location.x },
          districtId: p.districtId === undefined ? before.districtId : p.districtId,
          managementCompanyId: p.managementCompanyId === undefined ? before.managementCompanyId : p.managementCompanyId,
          suppliers: { ...suppliersOf(before), ...p.suppliers },
          passport: { ...passportOf(before), ...p.passport },
        };
        const checked = await buildingRow(tx, actor.municipalityId, draft, now, {
          id: before.id,
          given: new Set(Object.keys(p)),
        });
        if (!checked.ok) {
          if (checked.duplicateOf !== undefined) throw taken(checked.errors[0].field, checked.errors[0].reason);
          throw invalid('Дом нельзя сохранить. The building cannot be saved.', checked.errors);
        }
        const row = (await updateBuildingRow(tx, actor.municipalityId, before.id, checked.fields, now))!;
        await recordSummaryChanges(tx, row.id, passportOf(before), passportOf(row), actor.userId, now);
        const companyChanged = row.managementCompanyId !== before.managementCompanyId;
        request.log.info(
          {
            actorId: actor.userId,
            municipalityId: actor.municipalityId,
            buildingId: row.id,
            before: buildingOut(before),
            change: p,
            ...(companyChanged ? { openAppealsKept: await openAppealsOfBuilding(tx, row.id) } : {}),
          },
          companyChanged ? 'building updated; its open appeals stay with their organisations' : 'building updated',
        );
        return buildingOut(row);
      });
      app.reference.clear();
      return result;
    },
  );

  // ---- Users ----

  app.get(
    '/admin/users',
    {
      config: { access: { action: 'user.manage' } },
      schema: {
        operationId: 'listAdminUsers',
        tags: ['admin'],
        summary: 'Сотрудники и жители муниципалитета / The municipality’s staff and residents',
        description: 'With personal data (name, phone, e-mail): for the municipality’s admins only.',
        querystring: z.object({
          q: searchQuery.describe('Part of the login, name or e-mail, or digits of the phone'),
          kind: z.enum(['staff', 'resident']).optional(),
          role: z.enum(roles).optional(),
          organisationId: queryId.optional(),
          disabled: boolQuery.optional(),
          ...pageQuery,
        }),
        response: { 200: pageOut(userSchema), ...problems },
      },
    },
    async (request) => {
      const { q, kind, role, organisationId, disabled, limit, offset } = request.query;
      const rows = await listAdminUsers(app.db, request.actor!.municipalityId, {
        q,
        kind,
        role,
        organisationId,
        disabled: disabled === undefined ? undefined : disabled === 'true',
        limit: limit + 1,
        offset,
      });
      await recordAccess(app.db, accessContext(request, app.clock()), residentsShown(rows.slice(0, limit)));
      return paged(rows.map(userOut), { limit, offset });
    },
  );

  app.get(
    '/admin/users/:id',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
      schema: {
        operationId: 'getAdminUser',
        tags: ['admin'],
        summary: 'Учётная запись / An account',
        params: idParam,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => {
      const row = await getAdminUser(app.db, request.actor!.municipalityId, request.params.id);
      if (!row) throw UserNotFound();
      await recordAccess(app.db, accessContext(request, app.clock()), residentsShown([row]));
      return userOut(row);
    },
  );

  app.post(
    '/admin/users',
    {
      config: { access: { action: 'user.manage' } },
      schema: {
        operationId: 'createStaffUser',
        tags: ['admin'],
        summary: 'Создать учётную запись сотрудника / Create a staff account',
        description:
          'The person signs in with the login and the initial password given here. Logins are unique in the installation, phones ' +
          'and e-mails across accounts (409 naming the field). Residents sign up themselves with a one-time code.',
        body: staffInput,
        response: { 201: userSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const b = request.body;
      const errors = await accountProblems(app.db, actor.municipalityId, b);
      if (errors.length > 0) throw invalid('Учётную запись нельзя создать. The account cannot be created.', errors);
      const passwordHash = await hashPassword(b.password);
      const row = await uniquely(
        () =>
          app.db.transaction(async (tx) => {
            const userId = await insertStaffUser(tx, actor.municipalityId, { ...b, passwordHash }, app.clock());
            return (await getAdminUser(tx, actor.municipalityId, userId))!;
          }),
        userUnique,
      );
      request.log.info(
        {
          actorId: actor.userId,
          municipalityId: actor.municipalityId,
          userId: row.id,
          role: row.role,
          organisationId: row.organisationId,
        },
        'staff account created',
      );
      return reply.code(201).send(userOut(row));
    },
  );

  app.patch(
    '/admin/users/:id',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
      schema: {
        operationId: 'updateAdminUser',
        tags: ['admin'],
        summary: 'Изменить учётную запись / Update an account',
        description:
          'Only the fields given change. A new role or organisation ends the person’s sessions, so that every open page and live ' +
          'connection works with the new rights after signing in again. An admin cannot change their own role; residents stay residents.',
        params: idParam,
        body: userPatch,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const now = app.clock();
      const { row, rightsChanged, endedSessions } = await uniquely(
        () =>
          app.db.transaction(async (tx) => {
            const before = await getAdminUser(tx, actor.municipalityId, request.params.id, { lock: true });
            if (!before) throw UserNotFound();
            const { role, organisationId, ...personal } = request.body;
            const errors: FieldError[] = [];
            if (role !== undefined && role !== before.role) {
              if (before.id === actor.userId)
                errors.push({
                  field: 'body.role',
                  reason: 'свою роль изменить нельзя / you cannot change your own role',
                });
              if (before.role === 'resident')
                errors.push({
                  field: 'body.role',
                  reason:
                    'житель остаётся жителем: сотруднику нужна своя учётная запись / a resident stays a resident: staff get an account of their own',
                });
            }
            const account = {
              role: role ?? before.role,
              organisationId: organisationId === undefined ? before.organisationId : organisationId,
            };
            if (errors.length === 0 && (role !== undefined || organisationId !== undefined))
              errors.push(...(await accountProblems(tx, actor.municipalityId, account)));
            if (errors.length > 0)
              throw invalid('Учётную запись нельзя изменить. The account cannot be changed.', errors);
            const rightsChanged = account.role !== before.role || account.organisationId !== before.organisationId;
            await updateUserAccount(tx, actor.municipalityId, before.id, rightsChanged ? account : {});
            await updateUserPersonal(tx, before.id, personal);
            const endedSessions = rightsChanged ? await revokeUserSessions(tx, before.id, now) : 0;
            return { row: (await getAdminUser(tx, actor.municipalityId, before.id))!, rightsChanged, endedSessions };
          }),
        userUnique,
      );
      request.log.info(
        {
          actorId: actor.userId,
          municipalityId: actor.municipalityId,
          userId: row.id,
          changed: changed(request.body),
          ...(rightsChanged ? { role: row.role, organisationId: row.organisationId, endedSessions } : {}),
        },
        'account updated',
      );
      return userOut(row);
    },
  );

  const setDisabled =
    (disable: boolean) => async (request: { params: { id: number } } & Parameters<typeof authorize>[0]) => {
      authorize(request, 'user.manage');
      const actor = request.actor!;
      const now = app.clock();
      const { row, endedSessions } = await app.db.transaction(async (tx) => {
        const before = await getAdminUser(tx, actor.municipalityId, request.params.id, { lock: true });
        if (!before) throw UserNotFound();
        if (disable && before.id === actor.userId) {
          throw invalid('Нельзя отключить себя. You cannot disable yourself.', [
            {
              field: 'params.id',
              reason: 'свою учётную запись отключить нельзя / you cannot disable your own account',
            },
          ]);
        }
        if (disable && before.disabledAt === null)
          await updateUserAccount(tx, actor.municipalityId, before.id, { disabledAt: now });
        if (!disable && before.disabledAt !== null)
          await updateUserAccount(tx, actor.municipalityId, before.id, { disabledAt: null });
        const endedSessions = disable ? await revokeUserSessions(tx, before.id, now) : 0;
        return { row: (await getAdminUser(tx, actor.municipalityId, before.id))!, endedSessions };
      });
      request.log.info(
        {
          actorId: actor.userId,
          municipalityId: actor.municipalityId,
          userId: row.id,
          ...(disable ? { endedSessions } : {}),
        },
        disable ? 'account disabled' : 'account enabled',
      );
      return userOut(row);
    };

  app.post(
    '/admin/users/:id/disable',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
      schema: {
        operationId: 'disableUser',
        tags: ['admin'],
        summary: 'Отключить учётную запись / Disable an account',
        description:
          'The person can no longer sign in and every session of theirs ends at once (live connections within a minute). An admin cannot disable themselves.',
        params: idParam,
        response: { 200: userSchema, ...problems },
      },
    },
    setDisabled(true),
  );

  app.post(
    '/admin/users/:id/enable',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
      schema: {
        operationId: 'enableUser',
        tags: ['admin'],
        summary: 'Включить учётную запись / Enable an account',
        description: 'The person may sign in again; ended sessions stay ended.',
        params: idParam,
        response: { 200: userSchema, ...problems },
      },
    },
    setDisabled(false),
  );

  app.post(
    '/admin/users/:id/password',
    {
      config: { access: { action: 'user.manage', record: 'user' } },
      schema: {
        operationId: 'resetUserPassword',
        tags: ['admin'],
        summary: 'Задать новый пароль сотрудника / Reset a staff member’s password',
        description:
          'Replaces the password with the one given (hand it to the person) and ends their sessions. Residents sign in with codes and have none.',
        params: idParam,
        body: z.strictObject({ password }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const passwordHash = await hashPassword(request.body.password);
      const endedSessions = await app.db.transaction(async (tx) => {
        const before = await getAdminUser(tx, actor.municipalityId, request.params.id, { lock: true });
        if (!before) throw UserNotFound();
        if (before.role === 'resident') {
          throw invalid('У жителей нет пароля. Residents have no password.', [
            { field: 'params.id', reason: 'жители входят по коду / residents sign in with a code' },
          ]);
        }
        await updateUserAccount(tx, actor.municipalityId, before.id, { passwordHash });
        return revokeUserSessions(tx, before.id, app.clock());
      });
      request.log.info(
        { actorId: actor.userId, municipalityId: actor.municipalityId, userId: request.params.id, endedSessions },
        'password reset',
      );
      return reply.code(204).send(null);
    },
  );
};
/** The residents among the accounts an admin was shown: each read of their personal data is recorded. */
function residentsShown(rows: readonly { id: number; role: string }[]): AccessEntry[] {
  return rows
    .filter((r) => r.role === 'resident')
    .map((r) => ({ kind: 'user.manage', subjectUserId: r.id, record: `user:${r.id}` }));
}

export default adminDirectoryRoutes;
