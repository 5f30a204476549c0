import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { BadRequest, HttpProblem } from '../errors.ts';
import { filePart, idParam, parseInput, problems } from '../schemas.ts';
import {
  attachDocument,
  deleteBuildingDocument,
  documentToDownload,
  listBuildingDocuments,
} from './building-documents.ts';
import { editablePassport } from './read-passport.ts';
import { documentFields, documentIdParam, documentSchema, documentsAnswer } from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** The upload's fields and its one file (multipart/form-data). */
async function readDocumentForm(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'unsupported-media-type', { id: 'request.multipart_expected' });
  }
  const fields: Record<string, unknown> = {};
  let file: Buffer | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new BadRequest({ id: 'passport.document.one_file' }, [
          { field: part.fieldname, reason: { id: 'passport.document.one_file.reason' } },
        ]);
      }
      file = await part.toBuffer();
    } else {
      fields[part.fieldname] = part.value;
    }
  }
  const input = parseInput(documentFields, fields, 'body');
  if (!file)
    throw new BadRequest({ id: 'passport.document.no_file' }, [{ field: 'file', reason: { id: 'field.required' } }]);
  return { input, file };
}

/** Documents attached to a building's passport. */
export function documentRoutes(app: App) {
  attachRoutes(app);
  fileRoutes(app);
}

function attachRoutes(app: App) {
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
        documentedBody: {
          'multipart/form-data': documentFields.extend({
            file: filePart.describe('PDF, JPEG, PNG or WebP, ≤ 10 MB, recognised by content; images lose their EXIF'),
          }),
        },
        response: { 201: documentSchema, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      // Refuse one who may not attach before reading the upload.
      await editablePassport(ctx, request.params.id);
      const { input, file } = await readDocumentForm(request);
      const document = await attachDocument(ctx, request.params.id, input, file, app.config.uploadsDir);
      return reply.code(201).send(document);
    },
  );

  app.get(
    '/buildings/:id/documents',
    {
      config: { access: { action: 'passport.read', record: 'building' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listBuildingDocuments',
        tags: ['passports'],
        summary: 'Документы дома / A building’s documents',
        description:
          'The public documents; with them the others for those who may edit the passport. Never who uploaded them.',
        params: idParam,
        response: { 200: documentsAnswer, ...problems },
      },
    },
    async (request) => listBuildingDocuments(contextOf(request), request.params.id),
  );
}

function fileRoutes(app: App) {
  app.get(
    '/building-documents/:id',
    {
      config: { access: { action: 'passport.read', record: 'document' } },
      schema: {
        operationId: 'downloadBuildingDocument',
        tags: ['passports'],
        summary: 'Скачать документ дома / Download a building document',
        description: 'Public documents to everyone; the others to those who may edit the passport.',
        params: documentIdParam,
        response: { 200: z.string().meta({ format: 'binary', description: 'PDF, JPEG, PNG or WebP' }), ...problems },
      },
    },
    async (request, reply) => {
      const d = await documentToDownload(contextOf(request), request.params.id);
      const extension = d.storagePath.split('.').at(-1);
      return reply
        .type(d.mediaType)
        .header('cache-control', d.public ? 'public, max-age=3600' : 'no-store')
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
        params: documentIdParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteBuildingDocument(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
