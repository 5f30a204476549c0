import type { FastifyRequest } from 'fastify';
import type { AccessContext } from '../../db/queries/audit.ts';

/** The audit context of a signed-in request: who, when (the app's clock), which route, from where. */
export function accessContext(request: FastifyRequest, at: Date): AccessContext {
  const actor = request.actor;
  if (!actor) throw new Error('accessContext needs a signed-in actor');
  return {
    at,
    municipalityId: actor.municipalityId,
    actorUserId: actor.userId,
    route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
    ip: request.ip,
  };
}
