import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_PROPOSAL_FILES } from '../../dispatch/discussions.ts';
import { contextOf } from '../context.ts';
import { BadRequest, HttpProblem, Unprocessable } from '../errors.ts';
import { languageOf } from '../language.ts';
import { problems } from '../schemas.ts';
import { eligibilityView as eligibilityOf, proposalGate } from './eligibility.ts';
import { moderationRoutes } from './moderation-routes.ts';
import { myProposals, ownProposal, proposalFileToDownload, publicProposals } from './read.ts';
import {
  discussionKey,
  eligibilityView,
  fileKey,
  mineAnswer,
  ownProposalView,
  proposalFields,
  proposalForm,
  publicAnswer,
  publicQuery,
  submitHeaders,
} from './schemas.ts';
import { type ProposalUpload, sniffProposalFile, submitProposal, unsupportedFile } from './submit.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];
const tags = ['proposals'];

/**
 * The proposal's form: its text fields and up to five files under `files`, each recognised by
 * content as it arrives (415); one over 10 MB or a sixth is refused by the multipart limits (413).
 * The fields' problems are 422 naming each.
 */
async function readProposalForm(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'unsupported-media-type', { id: 'request.multipart_expected' });
  }
  const fields: Record<string, unknown> = {};
  const files: ProposalUpload[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'files' && part.fieldname !== 'files[]') {
        part.file.resume();
        throw new BadRequest({ id: 'upload.unknown_file_field' }, [
          { field: part.fieldname, reason: { id: 'proposal.files_field' } },
        ]);
      }
      const bytes = await part.toBuffer();
      if (bytes.length === 0) continue;
      if (files.length >= MAX_PROPOSAL_FILES) {
        throw new HttpProblem(413, 'too-large', { id: 'upload.too_many_files' });
      }
      if (!sniffProposalFile(bytes)) throw unsupportedFile(`files[${files.length}]`);
      files.push({ name: part.filename ?? '', bytes });
    } else {
      fields[part.fieldname] = part.value;
    }
  }
  const parsed = proposalFields.safeParse(fields);
  if (!parsed.success) {
    throw new Unprocessable(
      { id: 'proposal.invalid' },
      parsed.error.issues.map((i) => ({ field: ['body', ...i.path.map(String)].join('.'), reason: i.message })),
    );
  }
  return { input: parsed.data, files };
}

/** Taking part (issue 17): can I, the proposal, the public list, mine, a proposal's file; and moderation. */
const proposalRoutes: FastifyPluginAsyncZod = async (app) => {
  participateRoutes(app);
  readRoutes(app);
  moderationRoutes(app);
};

function participateRoutes(app: App) {
  app.get(
    '/discussions/:id/eligibility',
    {
      config: {
        access: { public: 'anyone asks whether they may take part; a visitor is told to sign in' },
        cache: { maxAge: 0 },
      },
      schema: {
        operationId: 'discussionEligibility',
        tags,
        summary: 'Могу ли я участвовать / Can I take part, and why',
        description:
          'From the person’s verified identity (Gosuslugi) and confirmed apartment links against the territory: ' +
          'eligible with the grounds, or the reason (anonymous, unidentified, address_unknown, outside naming the ' +
          'addresses); and whether proposals are taken now, with the dates.',
        params: discussionKey,
        response: { 200: eligibilityView, ...problems },
      },
    },
    async (request) => eligibilityOf(contextOf(request), request.params.id, languageOf(request)),
  );

  app.post(
    '/discussions/:id/proposals',
    {
      config: { access: { action: 'proposal.create', record: 'discussion' } },
      schema: {
        operationId: 'submitProposal',
        tags,
        summary: 'Подать предложение / Submit a proposal or remark',
        description:
          'multipart/form-data. Refusals in order: 404 (no such public discussion); 403 with the reason when the ' +
          'person may not take part (`reason`, `addresses`) — this wins over the period; 409 out of the proposals ' +
          'period naming `proposalsFrom`–`proposalsTo`; then 413 (a file over 10 MB, more than 5 files), 415 (not a ' +
          'PDF, PNG or JPEG by content), 422 naming the field (text 1–5000 characters, the point inside the city). ' +
          'The same Idempotency-Key answers the proposal it made (200).',
        params: discussionKey,
        headers: submitHeaders,
        documentedBody: { 'multipart/form-data': proposalForm },
        response: { 200: ownProposalView, 201: ownProposalView, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      // Refuse who may not take part, and out of the period, before reading the upload.
      const gate = await proposalGate(ctx, request.params.id);
      const { input, files } = await readProposalForm(request);
      const made = await submitProposal(
        ctx,
        gate,
        input,
        files,
        request.headers['idempotency-key'],
        app.config.uploadsDir,
      );
      return reply
        .code(made.created ? 201 : 200)
        .header('location', `/api/proposals/mine#${made.id}`)
        .send(await ownProposal(ctx, made.id));
    },
  );
}

function readRoutes(app: App) {
  app.get(
    '/discussions/:id/proposals',
    {
      config: {
        access: { public: 'accepted proposals are public, without their authors or files' },
        cache: { maxAge: 0 },
      },
      schema: {
        operationId: 'listPublicProposals',
        tags,
        summary: 'Принятые предложения / Accepted proposals',
        description:
          'Number, text, point and date of each accepted proposal — never a name, birth date or address, nor the ' +
          'files — with the counts by status. Paged by number (`after`).',
        params: discussionKey,
        querystring: publicQuery,
        response: { 200: publicAnswer, ...problems },
      },
    },
    async (request) => publicProposals(contextOf(request), request.params.id, request.query),
  );

  app.get(
    '/proposals/mine',
    {
      config: { access: { action: 'proposal.read' } },
      schema: {
        operationId: 'listMyProposals',
        tags,
        summary: 'Мои предложения / My proposals',
        description: 'Each with its discussion, status, the reason of a rejection and the dates; the latest first.',
        response: { 200: mineAnswer, ...problems },
      },
    },
    async (request) => myProposals(contextOf(request)),
  );

  app.get(
    '/proposals/:id/files/:fileId',
    {
      config: { access: { action: 'proposal.read', record: 'proposal' } },
      schema: {
        operationId: 'downloadProposalFile',
        tags,
        summary: 'Файл предложения / A proposal’s file',
        description: 'To its author and the organiser only: a file may hold personal data.',
        params: fileKey,
        response: { 200: z.string().meta({ format: 'binary', description: 'PDF, PNG or JPEG' }), ...problems },
      },
    },
    async (request, reply) => {
      const f = await proposalFileToDownload(contextOf(request), request.params.id, request.params.fileId);
      return reply
        .type(f.mediaType)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(createReadStream(path.join(app.config.uploadsDir, f.storagePath)) as unknown as string);
    },
  );
}

export default proposalRoutes;
