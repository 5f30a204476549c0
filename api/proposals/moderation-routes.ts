import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accessContext } from '../accounts/access-context.ts';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { moderateProposal, moderationView } from './moderate.ts';
import {
  acceptInput,
  discussionKey,
  moderatedView,
  moderationAnswer,
  moderationQuery,
  proposalKey,
  rejectInput,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];
const tags = ['proposals'];

/** The organiser's moderation console: every proposal, accept, reject with a reason. */
export function moderationRoutes(app: App) {
  app.get(
    '/discussions/:id/moderation',
    {
      config: { access: { action: 'discussion.moderate', record: 'discussion' } },
      schema: {
        operationId: 'moderateProposalsList',
        tags,
        summary: 'Модерация предложений / The proposals to moderate',
        description:
          'Every proposal with its status, text, point and files; the author’s name, birth date and address only to ' +
          'the organiser’s staff (discussion.read_personal; each read recorded) — the admin moderates without them.',
        params: discussionKey,
        querystring: moderationQuery,
        response: { 200: moderationAnswer, ...problems },
      },
    },
    async (request) =>
      moderationView(contextOf(request), request.params.id, request.query, (at) => accessContext(request, at)),
  );

  app.post(
    '/proposals/:id/accept',
    {
      config: { access: { action: 'discussion.moderate', record: 'proposal' } },
      schema: {
        operationId: 'acceptProposal',
        tags,
        summary: 'Принять предложение в протокол / Accept into the protocol',
        description:
          'From submitted, or reconsidering a rejection, until the protocol is signed (409 then); a stale `version` 409. ' +
          'The participant is told.',
        params: proposalKey,
        body: acceptInput,
        response: { 200: moderatedView, ...problems },
      },
    },
    async (request) => moderateProposal(contextOf(request), request.params.id, 'accept', request.body),
  );

  app.post(
    '/proposals/:id/reject',
    {
      config: { access: { action: 'discussion.moderate', record: 'proposal' } },
      schema: {
        operationId: 'rejectProposal',
        tags,
        summary: 'Отклонить предложение / Reject with a reason',
        description:
          'With a reason of at least 3 characters that the participant reads; from submitted or accepted, until the ' +
          'protocol is signed (409 then); a stale `version` 409. The participant is told.',
        params: proposalKey,
        body: rejectInput,
        response: { 200: moderatedView, ...problems },
      },
    },
    async (request) => moderateProposal(contextOf(request), request.params.id, 'reject', request.body),
  );
}
