import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accessContext } from '../accounts/access-context.ts';
import { contextOf } from '../context.ts';
import { bigIdParam, problems } from '../schemas.ts';
import {
  conclusionAnswer,
  conclusionInput,
  csvAnswer,
  pdfAnswer,
  recommendationAnswer,
  recommendationInput,
  resultsAnswer,
  signAnswer,
  signInput,
} from './schemas.ts';
import {
  conclusionDocument,
  type MadeDocument,
  discussionResults,
  protocolDocument,
  publishConclusion,
  recommendProposal,
  signProtocol,
} from './service.ts';

/** A document made now: inline PDF or an attached CSV, named by the discussion's number. */
function sendDocument(reply: FastifyReply, made: MadeDocument) {
  const ascii = made.fileName.replace(/[^\w.-]/g, '_');
  const disposition = made.format === 'pdf' ? 'inline' : 'attachment';
  return reply
    .type(made.format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(made.fileName)}`,
    )
    .serializer((payload: unknown) => payload as string)
    .send(made.body as never);
}

const PUBLIC_COPY =
  'No personal data: proposals by number with their text and date, never who made them. ' +
  'Made from the rows on each request.';

/** The results of a public discussion: recommendations, the protocol, the conclusion and their documents. */
const protocolRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/proposals/:id/recommendation',
    {
      config: { access: { action: 'discussion.moderate', record: 'proposal', visibleTo: 'discussion.read' } },
      schema: {
        operationId: 'recommendProposal',
        tags: ['discussions'],
        summary: 'Рекомендация организатора по предложению / The organiser’s recommendation on a proposal',
        description:
          'On an accepted proposal, while the discussion is open, closed or its protocol signed (until the conclusion): ' +
          'take it into account or decline it, with the reasons (at least 10 characters) the conclusion prints. ' +
          'Recorded as a discussion event with who and why. A stale version answers 409.',
        params: bigIdParam,
        body: recommendationInput,
        response: { 200: recommendationAnswer, ...problems },
      },
    },
    async (request) => recommendProposal(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/discussions/:id/protocol',
    {
      config: { access: { action: 'discussion.manage', record: 'discussion', visibleTo: 'discussion.read' } },
      schema: {
        operationId: 'signProtocol',
        tags: ['discussions'],
        summary: 'Подписать протокол / Sign the protocol',
        description:
          'Once the discussion is closed and every proposal is accepted or rejected: 409 naming how many still wait, ' +
          'or while the discussion is not closed. The protocol is then public.',
        params: bigIdParam,
        body: signInput,
        response: { 200: signAnswer, ...problems },
      },
    },
    async (request) => signProtocol(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/discussions/:id/conclusion',
    {
      config: { access: { action: 'discussion.manage', record: 'discussion', visibleTo: 'discussion.read' } },
      schema: {
        operationId: 'publishConclusion',
        tags: ['discussions'],
        summary: 'Опубликовать заключение / Publish the conclusion',
        description:
          'After the protocol is signed, with a recommendation on every accepted proposal (409 naming the numbers ' +
          'without one) and the general text (Russian required; English and Tatar fall back to it). The residents of ' +
          'the territory are told (discussion.notify).',
        params: bigIdParam,
        body: conclusionInput,
        response: { 200: conclusionAnswer, ...problems },
      },
    },
    async (request) => publishConclusion(contextOf(request), request.params.id, request.body),
  );

  resultsRoute(app);
  for (const format of ['pdf', 'csv'] as const) documentRoutes(app, format);
};

function resultsRoute(app: Parameters<FastifyPluginAsyncZod>[0]) {
  app.get(
    '/discussions/:id/results',
    {
      config: { access: { action: 'discussion.read', record: 'discussion' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'discussionResults',
        tags: ['discussions'],
        summary: 'Итоги обсуждения / The results of a discussion',
        description:
          'The numbers (participants, proposals by status), the accepted proposals without their authors, the ' +
          'rejected ones by number with the reason; the recommendations and the conclusion’s text once concluded. ' +
          'The organiser reads them all along (`preview`), with the numbers still lacking a recommendation.',
        params: bigIdParam,
        response: { 200: resultsAnswer, ...problems },
      },
    },
    async (request) => discussionResults(contextOf(request), request.params.id),
  );
}

function documentRoutes(app: Parameters<FastifyPluginAsyncZod>[0], format: 'pdf' | 'csv') {
  const answer = format === 'pdf' ? pdfAnswer : csvAnswer;
  const Format = format.toUpperCase();
  app.get(
    `/discussions/:id/protocol.${format}`,
    {
      config: { access: { action: 'discussion.read', record: 'discussion' }, cache: { maxAge: 0 } },
      schema: {
        operationId: `protocol${Format === 'PDF' ? 'Pdf' : 'Csv'}`,
        tags: ['discussions'],
        summary: `Протокол (${Format}) / The protocol (${Format})`,
        description: `Public once signed (409 before); the organiser previews the draft. ${PUBLIC_COPY}`,
        params: bigIdParam,
        response: { 200: answer, ...problems },
      },
    },
    async (request, reply) =>
      sendDocument(reply, await protocolDocument(contextOf(request), request.params.id, { format, full: false })),
  );

  app.get(
    `/discussions/:id/protocol/full.${format}`,
    {
      config: { access: { action: 'discussion.read_personal', record: 'discussion', visibleTo: 'discussion.read' } },
      schema: {
        operationId: `protocolFull${Format === 'PDF' ? 'Pdf' : 'Csv'}`,
        tags: ['discussions'],
        summary: `Протокол, копия организатора (${Format}) / The organiser’s copy of the protocol (${Format})`,
        description:
          'Each proposal with its participant: name, birth date, address and the basis of taking part (art. 5.1 ' +
          'part 19). The organiser’s staff only; every reading is recorded in the trail of personal-data reads.',
        params: bigIdParam,
        response: { 200: answer, ...problems },
      },
    },
    async (request, reply) => {
      const made = await protocolDocument(contextOf(request), request.params.id, {
        format,
        full: true,
        audit: (at) => accessContext(request, at),
      });
      return sendDocument(reply, made);
    },
  );

  app.get(
    `/discussions/:id/conclusion.${format}`,
    {
      config: { access: { action: 'discussion.read', record: 'discussion' }, cache: { maxAge: 0 } },
      schema: {
        operationId: `conclusion${Format === 'PDF' ? 'Pdf' : 'Csv'}`,
        tags: ['discussions'],
        summary: `Заключение о результатах (${Format}) / The conclusion (${Format})`,
        description: `Public once published (409 before); the organiser previews the draft. ${PUBLIC_COPY}`,
        params: bigIdParam,
        response: { 200: answer, ...problems },
      },
    },
    async (request, reply) =>
      sendDocument(reply, await conclusionDocument(contextOf(request), request.params.id, format)),
  );
}

export default protocolRoutes;
