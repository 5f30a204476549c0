import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ImportRun } from '../../db/queries/import-runs.ts';
import { type Language, type Message, messageOfRef, render } from '../../dispatch/messages/index.ts';
import { contextOf } from '../context.ts';
import { paged } from '../directory/crud.ts';
import { BadRequest, HttpProblem } from '../errors.ts';
import { languageOf } from '../language.ts';
import { bigIdParam, parseInput, problems } from '../schemas.ts';
import type { ImportProblemRecord } from './run-import.ts';
import {
  importRunDetail,
  importRunList,
  importRunSummary,
  runsQuery,
  uploadDocumented,
  uploadFields,
} from './schemas.ts';
import {
  discardUpload,
  importsDirOf,
  listRuns,
  MAX_IMPORT_BYTES,
  readImportRun,
  startUploadedImport,
  uploadTarget,
} from './service.ts';

const tags = ['imports'];
const access = { action: 'admin.imports' } as const;

const summaryOf = (run: ImportRun) => ({
  id: run.id,
  kind: run.kind,
  format: run.format,
  fileName: run.fileName,
  via: run.via,
  dryRun: run.dryRun,
  allowDelete: run.allowDelete,
  status: run.status,
  startedBy: run.startedBy,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  lines: run.lines,
  created: run.created,
  updated: run.updated,
  unchanged: run.unchanged,
  deleted: run.deleted,
  rejected: run.rejected,
  error: run.error,
});

/** A stored problem in the reader's language (its message id and parameters were kept beside the Russian text). */
function problemIn(p: Partial<ImportProblemRecord> & { line: number; field: string; reason: string }, lang: Language) {
  const message = p.code ? messageOfRef(`msg:${JSON.stringify({ id: p.code, params: p.params })}`) : null;
  return {
    line: p.line,
    field: p.field,
    code: p.code ?? 'import.line',
    reason: message ? render(message as Message, lang) : p.reason,
  };
}

/** The upload: the form's fields and its one file, streamed to the imports' directory (≤ 50 MB). */
async function receiveUpload(request: FastifyRequest, importsDir: string) {
  if (!request.isMultipart())
    throw new HttpProblem(415, 'unsupported-media-type', { id: 'request.multipart_expected' });
  const fields: Record<string, unknown> = {};
  let file: { path: string; name: string } | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw new BadRequest({ id: 'import.file.required' }, [
            { field: part.fieldname, reason: { id: 'import.file.required' } },
          ]);
        }
        const target = await uploadTarget(importsDir);
        file = { path: target, name: (part.filename || 'register.csv').slice(0, 200) };
        await pipeline(part.file, createWriteStream(target));
        if (part.file.truncated) {
          throw new HttpProblem(413, 'payload-too-large', {
            id: 'import.file.too_large',
            params: { mb: MAX_IMPORT_BYTES / 1024 / 1024 },
          });
        }
      } else fields[part.fieldname] = part.value;
    }
    const input = parseInput(uploadFields, fields, 'body');
    if (!file)
      throw new BadRequest({ id: 'import.file.required' }, [{ field: 'file', reason: { id: 'field.required' } }]);
    return { input, file };
  } catch (err) {
    if (file) await discardUpload(file.path);
    throw err;
  }
}

type App = Parameters<FastifyPluginAsyncZod>[0];

/** The upload: the file streamed to DATA_DIR/imports/, the run recorded and queued (202). */
function uploadRoute(app: App, importsDir: string) {
  app.post(
    '/admin/imports',
    {
      config: { access },
      schema: {
        operationId: 'startImport',
        tags,
        summary: 'Загрузить реестр / Upload a register',
        description:
          'multipart/form-data: `kind` (buildings | organisations), `dry_run`, `delete_missing` and the `file` (CSV or GeoJSON, ≤ 50 MB: else 413). ' +
          'Answers 202 with the run; an `import.run` job reads it as `npm run import` does. Columns: docs/imports.md. Follow the run with GET /api/admin/imports/{id}.',
        documentedBody: uploadDocumented,
        response: { 202: importRunSummary, ...problems },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { input, file } = await receiveUpload(request, importsDir);
      try {
        const run = await startUploadedImport(ctx, importsDir, {
          kind: input.kind,
          dryRun: input.dry_run,
          deleteMissing: input.delete_missing,
          fileName: file.name,
          tempPath: file.path,
        });
        return reply.code(202).header('location', `/api/admin/imports/${run.id}`).send(summaryOf(run));
      } catch (err) {
        await discardUpload(file.path);
        throw err;
      }
    },
  );
}

/** The admin's imports of the registers of buildings and organisations (issue 18). */
const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const importsDir = importsDirOf(app.config.DATA_DIR);

  uploadRoute(app, importsDir);

  app.get(
    '/admin/imports',
    {
      config: { access },
      schema: {
        operationId: 'listImports',
        tags,
        summary: 'Импорты реестров / Register imports',
        description: 'The municipality’s runs (the CLI’s and the uploads’), the latest first.',
        querystring: runsQuery,
        response: { 200: importRunList, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const { total, items } = await listRuns(contextOf(request), { ...q, limit: q.limit + 1 });
      const page = paged(items, q);
      return { ...page, items: page.items.map(summaryOf), total };
    },
  );

  app.get(
    '/admin/imports/:id',
    {
      config: { access: { ...access, record: 'import_run' } },
      schema: {
        operationId: 'getImport',
        tags,
        summary: 'Импорт: ход и итог / An import’s progress and outcome',
        description:
          'Status, lines read of those expected, what was created, updated, left unchanged, deleted and refused, and the refused lines (line, field, reason).',
        params: bigIdParam,
        response: { 200: importRunDetail, ...problems },
      },
    },
    async (request) => {
      const run = await readImportRun(contextOf(request), importsDir, request.params.id);
      const lang = languageOf(request);
      return {
        ...summaryOf(run),
        totalLines: run.totalLines,
        problems: (run.problems as (ImportProblemRecord & { reason: string })[]).map((p) => problemIn(p, lang)),
      };
    },
  );
};

export default importRoutes;
