/**
 * Technical passports of buildings (issue 6): the full public passport, editing with an optimistic
 * version and a change history per field, attached documents, and CSV export and import.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  buildingScopes,
  deleteDocument,
  type DocumentRow,
  getDocument,
  getPassport,
  insertDocument,
  listDocuments,
  listPassportChanges,
  listPassports,
  getPassports,
  type PassportWrite,
  recordChanges,
  savePassports,
  type StoredPassport,
} from '../../db/queries/passports.ts';
import { documentKinds } from '../../db/schema/index.ts';
import {
  checkPassport,
  diffPassport,
  elevatorFields,
  type FieldSpec,
  fieldLabel,
  MAX_ELEVATORS,
  MAX_OVERHAULS,
  mergePassport,
  optionLabels,
  passportSections,
  normalisePassport,
  overhaulFields,
  type Passport,
  passportsFromCsv,
  passportsToCsv,
  scalarFields,
} from '../../dispatch/passport.ts';
import type { Actor, Resource } from '../../dispatch/permissions.ts';
import { can, scopeOf } from '../../dispatch/permissions.ts';
import { storeDocument } from '../documents.ts';
import { BadRequest, Conflict, HttpProblem, NotFound, Unprocessable } from '../errors.ts';
import { bigIdParam, bigRecordIdParam, filePart, idParam, parseInput, problems, userText } from '../schemas.ts';

// ---- Schemas built from the passport's field specs (dispatch/passport.ts), so they cannot drift ----

function valueSchema(spec: FieldSpec, input: boolean): z.ZodType {
  switch (spec.kind) {
    case 'int':
    case 'number':
      return z.number({ error: 'ожидается число / expected a number' }).nullable();
    case 'enum':
      return z
        .enum(spec.options as [string, ...string[]], {
          error: `одно из: ${spec.options?.join(', ')} / one of: ${spec.options?.join(', ')}`,
        })
        .nullable();
    case 'date':
      return z.string({ error: 'дата ГГГГ-ММ-ДД / a date YYYY-MM-DD' }).nullable().describe('YYYY-MM-DD');
    case 'text':
      // An empty text is no value, as in a CSV cell.
      return input
        ? userText(spec.maxLength ?? 200)
            .transform((s) => (s === '' ? null : s))
            .nullable()
        : z.string().nullable();
  }
}

type Shape = { [key: string]: z.ZodType | Shape };

/** An object schema of dotted-path fields; when `input`, every field and inner object is optional. */
function nested(fields: readonly FieldSpec[], input: boolean): z.ZodObject {
  const shape: Shape = {};
  for (const f of fields) {
    const keys = f.path.split('.');
    let at = shape;
    for (const k of keys.slice(0, -1)) {
      at[k] ??= {};
      at = at[k] as Shape;
    }
    const v = valueSchema(f, input).describe(`${f.ru} / ${f.en}${f.unit ? `, ${f.unit}` : ''}`);
    at[keys.at(-1)!] = input ? v.optional() : v;
  }
  const toZod = (s: Shape): z.ZodObject => {
    const entries = Object.fromEntries(
      Object.entries(s).map(([k, v]) => [k, v instanceof z.ZodType ? v : input ? toZod(v).optional() : toZod(v)]),
    );
    return input ? z.strictObject(entries) : z.object(entries);
  };
  return toZod(shape);
}

function passportSchema(input: boolean) {
  const base = nested(scalarFields, input);
  const list = (fields: readonly FieldSpec[], max: number) => {
    const array = z.array(nested(fields, input)).max(max, `не больше ${max} / at most ${max}`);
    return input ? array.optional() : array;
  };
  return base.extend({
    elevators: list(elevatorFields, MAX_ELEVATORS),
    overhauls: list(overhaulFields, MAX_OVERHAULS),
  });
}

// No component id: its texts are trimmed (a transform), so its input and output forms differ.
const passportIn = passportSchema(true);
const passportOut = passportSchema(false).meta({ id: 'TechnicalPassport' });

const documentSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(documentKinds),
    title: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    public: z.boolean(),
    createdAt: z.string(),
    url: z.string(),
  })
  .meta({ id: 'BuildingDocument' });

const fullPassportSchema = z
  .object({
    buildingId: z.number().int(),
    address: z.string(),
    version: z.number().int().describe('0: never saved; send it back with a change'),
    updatedAt: z.string().nullable(),
    passport: passportOut,
    documents: z.array(documentSchema),
    canEdit: z.boolean().describe('The caller may edit this passport, attach documents and read its history'),
  })
  .meta({ id: 'FullBuildingPassport' });

const scalarValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const changeSchema = z.object({
  id: z.number().int(),
  field: z
    .string()
    .describe('Dotted path: "floors", "systems.heating.type", "elevators.1.commissionedYear", "documents.12"'),
  label: z.object({ ru: z.string(), en: z.string() }),
  oldValue: scalarValue,
  newValue: scalarValue,
  source: z.enum(['form', 'import']),
  at: z.string(),
  actor: z
    .object({
      name: z.string().nullable(),
      role: z.string().nullable(),
      organisation: z.object({ nameRu: z.string(), nameEn: z.string() }).nullable(),
    })
    .nullable(),
});

const editBody = z.strictObject({
  version: z
    .number({ error: 'ожидается число / expected a number' })
    .int()
    .min(0)
    .describe('The version read; a stale one answers 409'),
  passport: passportIn,
});

// ---- Helpers ----

const resourceOf = (b: { municipalityId: number; managementCompanyId: number | null }): Resource => ({
  municipalityId: b.municipalityId,
  organisationIds: [b.managementCompanyId],
});

const documentView = (d: DocumentRow) => ({
  id: d.id,
  kind: d.kind,
  title: d.title,
  mediaType: d.mediaType,
  size: d.size,
  public: d.public,
  createdAt: d.createdAt.toISOString(),
  url: `/api/building-documents/${d.id}`,
});

/** A stored value shown in the history: scalars as they are, anything else as JSON text. */
const historyValue = (v: unknown): string | number | boolean | null =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? (v ?? null)
    : JSON.stringify(v);

function rulesOrThrow(passport: Passport, now: Date, prefix: string) {
  const found = checkPassport(passport, now);
  if (found.length > 0) {
    throw new Unprocessable(
      'Паспорт содержит ошибки. The passport has errors.',
      found.map((p) => ({ field: `${prefix}${p.field}`, reason: p.reason })),
    );
  }
}

/** The CSV rows an actor may import or export: the company's buildings, or the municipality's. */
function importScope(actor: Actor): { municipalityId: number; managementCompanyId: number | null } | null {
  const scope = scopeOf(actor, 'passport.import');
  if (!actor || scope === null) return null;
  if (scope === 'organisation')
    return actor.organisationId === null
      ? null
      : { municipalityId: actor.municipalityId, managementCompanyId: actor.organisationId };
  return { municipalityId: actor.municipalityId, managementCompanyId: null };
}

// A city's whole stock (5,000 buildings) is ~3 MB of CSV.
const CSV_BODY_LIMIT = 20 * 1024 * 1024;
const MAX_IMPORT_ROWS = 20_000;
const IMPORT_CHUNK = 500;

const importLine = z.object({
  line: z.number().int(),
  buildingId: z.number().int().nullable(),
  status: z.enum(['applied', 'unchanged', 'error']),
  changes: z.number().int().describe('Fields changed (or that would change in a dry run)'),
  errors: z.array(z.object({ field: z.string(), reason: z.string() })),
});

const passportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );

  /** The passport, or 404 when there is no such building. */
  async function passportOr404(id: number): Promise<StoredPassport> {
    const stored = await getPassport(app.db, id);
    if (!stored) throw new NotFound('Дом / Building');
    return stored;
  }

  async function fullView(stored: StoredPassport, actor: Actor) {
    const canEdit = can(actor, 'passport.edit', resourceOf(stored));
    const documents = await listDocuments(app.db, stored.buildingId, canEdit);
    return {
      buildingId: stored.buildingId,
      address: stored.address,
      version: stored.version,
      updatedAt: stored.updatedAt?.toISOString() ?? null,
      passport: stored.passport,
      documents: documents.map(documentView),
      canEdit,
    };
  }

  const fieldSpecSchema = z.object({
    path: z.string(),
    kind: z.enum(['int', 'number', 'text', 'enum', 'date']),
    ru: z.string(),
    en: z.string(),
    unit: z.string().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.number().optional(),
    options: z.array(z.object({ code: z.string(), ru: z.string(), en: z.string() })).optional(),
  });
  const layout = {
    sections: passportSections.map((section) => ({
      key: section.key,
      ru: section.ru,
      en: section.en,
      list: 'items' in section,
      groups: 'groups' in section ? section.groups.map(([key, ru, en]) => ({ key, ru, en })) : [],
      fields: ('items' in section ? section.items : section.fields).map((f) => ({
        path: f.path,
        kind: f.kind,
        ru: f.ru,
        en: f.en,
        ...(f.unit ? { unit: f.unit } : {}),
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined && !f.year ? { max: f.max } : {}),
        ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
        ...(f.options
          ? { options: f.options.map((code) => ({ code, ...(optionLabels[code] ?? { ru: code, en: code }) })) }
          : {}),
      })),
    })),
  };

  app.get(
    '/passports/layout',
    {
      config: { access: { public: 'the passport form’s layout: no data of any building' } },
      schema: {
        operationId: 'passportLayout',
        tags: ['passports'],
        summary: 'Разделы и поля техпаспорта / The sections and fields of a technical passport',
        description:
          'Every field by its dotted path (list sections: the path inside an item) with Russian and English labels, type, bounds and choices.',
        response: {
          // The input guard refuses a URL with NUL before any route (api/plugins/input-guard.ts).
          400: problems[400],
          200: z.object({
            sections: z.array(
              z.object({
                key: z.string(),
                ru: z.string(),
                en: z.string(),
                list: z.boolean(),
                groups: z
                  .array(z.object({ key: z.string(), ru: z.string(), en: z.string() }))
                  .describe('structure, systems: the elements their fields (section.group.field) belong to'),
                fields: z.array(fieldSpecSchema),
              }),
            ),
          }),
        },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send(layout),
  );

  app.get(
    '/buildings/:id/passport',
    {
      config: { access: { action: 'passport.read', record: 'building' } },
      schema: {
        operationId: 'getFullPassport',
        tags: ['passports'],
        summary: 'Полный технический паспорт дома / The full technical passport of a building',
        description:
          'Public: the summary, every section and the public documents; never who uploaded or edited anything.',
        params: idParam,
        response: { 200: fullPassportSchema, ...problems },
      },
    },
    async (request) => {
      return fullView(await passportOr404(request.params.id), request.actor);
    },
  );

  /** Save a passport under the building's row lock when the version still matches: the change rows with it. */
  async function edit(
    buildingId: number,
    actor: NonNullable<Actor>,
    version: number,
    change: (current: Passport) => Passport,
  ) {
    const now = app.clock();
    return app.db.transaction(async (tx) => {
      const stored = await getPassport(tx, buildingId, { forUpdate: true });
      if (!stored || !can(actor, 'passport.edit', resourceOf(stored))) throw new NotFound('Дом / Building');
      if (stored.version !== version) {
        throw new Conflict('Паспорт уже изменили: обновите страницу. The passport was changed meanwhile: reload it.', {
          currentVersion: stored.version,
        });
      }
      const next = change(stored.passport);
      rulesOrThrow(next, now, 'body.passport.');
      const changes = diffPassport(stored.passport, next);
      if (changes.length === 0) return stored;
      await savePassports(tx, [{ buildingId, passport: next, changes }], {
        actorId: actor.userId,
        source: 'form',
        now,
      });
      return (await getPassport(tx, buildingId))!;
    });
  }

  app.put(
    '/buildings/:id/passport',
    {
      config: { access: { action: 'passport.edit', record: 'building' } },
      schema: {
        operationId: 'replacePassport',
        tags: ['passports'],
        summary: 'Заменить паспорт дома / Replace a building passport',
        description:
          'The whole passport: fields left out become empty. 409 when `version` is stale; 422 names each field that breaks a rule.',
        params: idParam,
        body: editBody,
        response: { 200: fullPassportSchema, ...problems },
      },
    },
    async (request) => {
      const { version, passport } = request.body;
      const saved = await edit(request.params.id, request.actor!, version, () => normalisePassport({}, passport));
      return fullView(saved, request.actor);
    },
  );

  app.patch(
    '/buildings/:id/passport',
    {
      config: { access: { action: 'passport.edit', record: 'building' } },
      schema: {
        operationId: 'patchPassport',
        tags: ['passports'],
        summary: 'Изменить поля паспорта / Change fields of a building passport',
        description:
          'Only the fields given change; objects merge field by field, `elevators` and `overhauls` are replaced whole; null clears a field.',
        params: idParam,
        body: editBody,
        response: { 200: fullPassportSchema, ...problems },
      },
    },
    async (request) => {
      const { version, passport } = request.body;
      const saved = await edit(request.params.id, request.actor!, version, (current) =>
        mergePassport(current, passport),
      );
      return fullView(saved, request.actor);
    },
  );

  app.get(
    '/buildings/:id/passport/changes',
    {
      config: { access: { action: 'passport.edit', record: 'building' } },
      schema: {
        operationId: 'listPassportChanges',
        tags: ['passports'],
        summary: 'История изменений паспорта / The passport change history',
        description:
          'Newest first: who (staff name, role, organisation), when, the field, old and new values. For those who may edit the passport.',
        params: idParam,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: bigRecordIdParam.optional().describe('nextCursor of the previous page'),
        }),
        response: {
          200: z.object({ items: z.array(changeSchema), nextCursor: z.number().int().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const stored = await passportOr404(request.params.id);
      if (!can(request.actor, 'passport.edit', resourceOf(stored))) throw new NotFound('Дом / Building');
      const { limit, before } = request.query;
      const rows = await listPassportChanges(app.db, stored.buildingId, limit + 1, before);
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          field: r.field,
          label: fieldLabel(r.field),
          oldValue: historyValue(r.oldValue),
          newValue: historyValue(r.newValue),
          source: r.source,
          at: r.at.toISOString(),
          actor:
            r.actorId === null
              ? null
              : {
                  name: r.actorName,
                  role: r.actorRole,
                  organisation:
                    r.organisationNameRu === null
                      ? null
                      : { nameRu: r.organisationNameRu, nameEn: r.organisationNameEn ?? r.organisationNameRu },
                },
        })),
        nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  );

  // ---- Documents ----

  const documentFields = z.object({
    kind: z.enum(documentKinds, {
      error: `одно из: ${documentKinds.join(', ')} / one of: ${documentKinds.join(', ')}`,
    }),
    title: userText(200).pipe(z.string().min(1, 'обязательное поле / required')),
    public: z
      .enum(['true', 'false'], { error: 'true или false / true or false' })
      .default('true')
      .transform((v) => v === 'true'),
  });

  /** The form as the OpenAPI document shows it: the fields and the file. */
  const documentForm = documentFields.extend({
    file: filePart.describe('PDF, JPEG, PNG or WebP, ≤ 10 MB, recognised by content; images lose their EXIF'),
  });

  app.post(
    '/buildings/:id/documents',
    {
      config: { access: { action: 'passport.edit', record: 'building' } },
      schema: {
        operationId: 'uploadBuildingDocument',
        tags: ['passports'],
        summary: 'Приложить документ к паспорту / Attach a document to the passport',
        description:
          'multipart/form-data: `file` (PDF, JPEG, PNG or WebP, recognised by content, ≤ 10 MB; images lose their EXIF), ' +
          '`kind` (passport_scan, act, inspection_report, project, photo, other), `title`, `public` (true/false, default true).',
        params: idParam,
        // Read by the handler once the actor may edit the passport: documented here, not validated by fastify.
        documentedBody: { 'multipart/form-data': documentForm },
        response: { 201: documentSchema, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const stored = await passportOr404(request.params.id);
      if (!can(actor, 'passport.edit', resourceOf(stored))) throw new NotFound('Дом / Building');
      if (!request.isMultipart()) {
        throw new HttpProblem(
          415,
          'unsupported-media-type',
          'Ожидается multipart/form-data. Expected multipart/form-data.',
        );
      }
      const fields: Record<string, unknown> = {};
      let file: Buffer | null = null;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || file) {
            part.file.resume();
            throw new BadRequest('Один файл в поле file. One file in the field file.', [
              { field: part.fieldname, reason: 'один файл в поле file / one file in the field file' },
            ]);
          }
          file = await part.toBuffer();
        } else {
          fields[part.fieldname] = part.value;
        }
      }
      const input = parseInput(documentFields, fields, 'body');
      if (!file)
        throw new BadRequest('Нет файла. No file.', [{ field: 'file', reason: 'обязательное поле / required' }]);
      // Stored only once the fields are known to be good, so a refused upload leaves no file behind.
      const stored2 = await storeDocument(app.config.uploadsDir, file, 'file');
      const now = app.clock();
      const document = await app.db.transaction(async (tx) => {
        const row = await insertDocument(tx, {
          buildingId: stored.buildingId,
          ...input,
          ...stored2,
          uploadedBy: actor.userId,
          createdAt: now,
        });
        await recordChanges(
          tx,
          stored.buildingId,
          [{ field: `documents.${row.id}`, oldValue: null, newValue: row.title }],
          actor.userId,
          'form',
          now,
        );
        return row;
      });
      return reply.code(201).send(documentView(document));
    },
  );

  app.get(
    '/buildings/:id/documents',
    {
      config: { access: { action: 'passport.read', record: 'building' } },
      schema: {
        operationId: 'listBuildingDocuments',
        tags: ['passports'],
        summary: 'Документы дома / A building’s documents',
        description:
          'The public documents; with them the others for those who may edit the passport. Never who uploaded them.',
        params: idParam,
        response: { 200: z.object({ items: z.array(documentSchema) }), ...problems },
      },
    },
    async (request) => {
      const stored = await passportOr404(request.params.id);
      const documents = await listDocuments(
        app.db,
        stored.buildingId,
        can(request.actor, 'passport.edit', resourceOf(stored)),
      );
      return { items: documents.map(documentView) };
    },
  );

  app.get(
    '/building-documents/:id',
    {
      config: { access: { action: 'passport.read', record: 'document' } },
      schema: {
        operationId: 'downloadBuildingDocument',
        tags: ['passports'],
        summary: 'Скачать документ дома / Download a building document',
        description: 'Public documents to everyone; the others to those who may edit the passport.',
        params: bigIdParam,
        response: { 200: z.string().meta({ format: 'binary', description: 'PDF, JPEG, PNG or WebP' }), ...problems },
      },
    },
    async (request, reply) => {
      const row = await getDocument(app.db, request.params.id);
      const allowed =
        row &&
        (row.document.public
          ? can(request.actor, 'passport.read')
          : can(request.actor, 'passport.edit', resourceOf(row)));
      if (!row || !allowed) throw new NotFound('Документ / Document');
      const d = row.document;
      const extension = d.storagePath.split('.').at(-1);
      return reply
        .type(d.mediaType)
        .header('cache-control', d.public ? 'public, max-age=3600' : 'private, max-age=600')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `inline; filename="document-${d.id}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${d.title}.${extension}`)}`,
        )
        .send(createReadStream(path.join(app.config.uploadsDir, d.storagePath)) as unknown as string);
    },
  );

  app.delete(
    '/building-documents/:id',
    {
      config: { access: { action: 'passport.edit', record: 'document' } },
      schema: {
        operationId: 'deleteBuildingDocument',
        tags: ['passports'],
        summary: 'Удалить документ дома / Delete a building document',
        description: 'The document disappears from the passport; the file and the row stay for the record.',
        params: bigIdParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const row = await getDocument(app.db, request.params.id);
      if (!row || !can(actor, 'passport.edit', resourceOf(row))) throw new NotFound('Документ / Document');
      const now = app.clock();
      await app.db.transaction(async (tx) => {
        if (!(await deleteDocument(tx, row.document.id, now))) throw new NotFound('Документ / Document');
        await recordChanges(
          tx,
          row.document.buildingId,
          [{ field: `documents.${row.document.id}`, oldValue: row.document.title, newValue: null }],
          actor.userId,
          'form',
          now,
        );
      });
      return reply.code(204).send(null);
    },
  );

  // ---- CSV ----

  app.get(
    '/passports/export',
    {
      config: { access: { action: 'passport.import' } },
      schema: {
        operationId: 'exportPassports',
        tags: ['passports'],
        summary: 'Выгрузить паспорта в CSV / Export passports as CSV',
        description:
          'One row per building (a company’s own buildings, or the municipality’s for an admin), UTF-8 with BOM, ' +
          'header of stable column names: buildingId, address (ignored on import), version, every field by its dotted ' +
          'path, then `elevators` and `overhauls`, each one cell: items separated by " ; ", fields by " | " ' +
          '(elevators: entrance | serial | capacityKg | commissionedYear | lastInspection | manufacturer; ' +
          'overhauls: year | works | cost | contractor).',
        response: { 200: z.string().meta({ description: 'text/csv' }), ...problems },
      },
    },
    async (request, reply) => {
      const scope = importScope(request.actor);
      if (!scope) throw new NotFound('Организация / Organisation');
      const rows = await listPassports(app.db, scope.municipalityId, scope.managementCompanyId);
      const csv = passportsToCsv(
        rows.map((r) => ({ buildingId: r.buildingId, address: r.address, version: r.version, passport: r.passport })),
      );
      const day = app.clock().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="otklik-passports-${day}.csv"`)
        .send(csv as never);
    },
  );

  app.post(
    '/passports/import',
    {
      config: { access: { action: 'passport.import' } },
      schema: {
        operationId: 'importPassports',
        tags: ['passports'],
        summary: 'Загрузить паспорта из CSV / Import passports from CSV',
        description:
          'Body: text/csv in the export’s format (comma or semicolon; columns may be left out and keep their values). ' +
          'Each line is checked on its own and the valid ones are applied (history source "import"); the report ' +
          'names each line’s problems. A `version` other than the current one refuses the line. `dryRun` checks only.',
        querystring: z.object({
          dryRun: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
        }),
        // Read by the handler (the text/csv parser above): documented here, not validated by fastify.
        documentedBody: { 'text/csv': z.string().describe('The export’s format, UTF-8; comma or semicolon') },
        response: {
          200: z.object({
            applied: z.number().int(),
            unchanged: z.number().int(),
            refused: z.number().int(),
            dryRun: z.boolean(),
            lines: z.array(importLine),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (typeof request.body !== 'string') {
        throw new HttpProblem(415, 'unsupported-media-type', 'Ожидается text/csv. Expected text/csv.');
      }
      if (request.body.includes('\uFFFD') || request.body.includes('\u0000')) {
        throw new BadRequest('Файл не в кодировке UTF-8. The file is not UTF-8.', [
          { field: 'body', reason: 'сохраните CSV в UTF-8 / save the CSV as UTF-8' },
        ]);
      }
      const { headerProblems, rows } = passportsFromCsv(request.body);
      if (headerProblems.length > 0) {
        throw new BadRequest(
          'Неверная строка заголовков. Bad header row.',
          headerProblems.map((p) => ({ field: `header.${p.field}`, reason: p.reason })),
        );
      }
      if (rows.length > MAX_IMPORT_ROWS) {
        throw new HttpProblem(413, 'too-large', `Не больше ${MAX_IMPORT_ROWS} строк. At most ${MAX_IMPORT_ROWS} rows.`);
      }
      const { dryRun } = request.query;
      const scopes = await buildingScopes(app.db, [
        ...new Set(rows.flatMap((r) => (r.buildingId === null ? [] : [r.buildingId]))),
      ]);
      const seen = new Set<number>();
      const lines: z.infer<typeof importLine>[] = [];
      const refuse = (row: { line: number; buildingId: number | null }, errors: { field: string; reason: string }[]) =>
        lines.push({ line: row.line, buildingId: row.buildingId, status: 'error', changes: 0, errors });
      const valid: Extract<(typeof rows)[number], { ok: true }>[] = [];
      for (const row of rows) {
        if (!row.ok) refuse(row, row.problems);
        // A building out of reach reads like a missing one: the file learns nothing about it.
        else if (
          !scopes.has(row.buildingId) ||
          !can(actor, 'passport.import', resourceOf(scopes.get(row.buildingId)!))
        ) {
          refuse(row, [{ field: 'buildingId', reason: 'нет такого дома среди ваших / no such building among yours' }]);
        } else if (seen.has(row.buildingId)) {
          refuse(row, [
            { field: 'buildingId', reason: 'дом уже был выше в файле / the building is already above in the file' },
          ]);
        } else {
          seen.add(row.buildingId);
          valid.push(row);
        }
      }
      // A few hundred buildings per transaction: locked together, written in a few statements.
      for (let i = 0; i < valid.length; i += IMPORT_CHUNK) {
        const chunk = valid.slice(i, i + IMPORT_CHUNK);
        const now = app.clock();
        await app.db.transaction(async (tx) => {
          const stored = await getPassports(
            tx,
            chunk.map((r) => r.buildingId),
            { forUpdate: true },
          );
          const writes: PassportWrite[] = [];
          for (const row of chunk) {
            const current = stored.get(row.buildingId)!;
            if (row.version !== null && row.version !== current.version) {
              refuse(row, [
                {
                  field: 'version',
                  reason: `паспорт изменён после выгрузки (версия ${current.version}) / changed since the export (version ${current.version})`,
                },
              ]);
              continue;
            }
            const next = mergePassport(current.passport, row.patch);
            const errors = checkPassport(next, now);
            if (errors.length > 0) {
              refuse(row, errors);
              continue;
            }
            const changes = diffPassport(current.passport, next);
            if (changes.length > 0) writes.push({ buildingId: row.buildingId, passport: next, changes });
            lines.push({
              line: row.line,
              buildingId: row.buildingId,
              status: changes.length > 0 ? 'applied' : 'unchanged',
              changes: changes.length,
              errors: [],
            });
          }
          if (!dryRun) await savePassports(tx, writes, { actorId: actor.userId, source: 'import', now });
        });
      }
      lines.sort((a, b) => a.line - b.line);
      const count = (s: string) => lines.filter((l) => l.status === s).length;
      request.log.info({ applied: count('applied'), refused: count('error'), dryRun }, 'passports imported');
      return { applied: count('applied'), unchanged: count('unchanged'), refused: count('error'), dryRun, lines };
    },
  );
};
export default passportRoutes;
