/**
 * An organisation's own queue: its appeals in the statuses it works in, the most urgent first.
 * Organisation staff see their own organisation's; dispatchers, city hall and admins name one of
 * their municipality.
 */
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import { listOrganisationQueue } from '../../db/queries/sla.ts';
import type { AppealStatus } from '../../db/schema/index.ts';
import { scopeOf, type Actor } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { BadRequest, Forbidden, HttpProblem, NotFound, Unauthorized } from '../errors.ts';
import type { QueueQuery } from './schemas.ts';
import { dueTimesOf, queueBaseOf } from './views.ts';

const workingStatuses: AppealStatus[] = ['assigned', 'accepted', 'needs_info', 'reopened'];

/** The queue of the actor's organisation, or of the one a dispatcher names, as its view shows it. */
export async function listQueue(ctx: Context, q: QueueQuery) {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const organisationId = await queueOwner(ctx, actor, q.organisationId);
  const now = ctx.clock();
  const rows = await listOrganisationQueue(
    ctx.db,
    {
      municipalityId: actor.municipalityId,
      organisationId,
      statuses: q.status ?? workingStatuses,
      categoryId: q.categoryId,
      districtId: q.districtId,
      buildingId: q.buildingId,
      priority: q.priority,
      overdueAt: q.overdue ? now : undefined,
    },
    q.sort,
    q.limit,
    q.offset,
  );
  return rows.map((r) => {
    const running = [r.responseDueAt, r.resolutionDueAt].filter((d): d is Date => d !== null);
    const dueAt = running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
    return {
      ...queueBaseOf(r),
      ...dueTimesOf(r),
      dueAt: dueAt?.toISOString() ?? null,
      remainingMillis: dueAt ? dueAt.getTime() - now.getTime() : null,
      reopenCount: r.reopenCount,
      version: r.version,
    };
  });
}

/** Whose queue: one's own organisation's, or the one a municipality-wide role names. */
async function queueOwner(ctx: Context, actor: NonNullable<Actor>, named: number | undefined): Promise<number> {
  const scope = scopeOf(actor, 'appeal.list');
  if (scope === 'organisation' && actor.organisationId !== null) {
    if (named !== undefined && named !== actor.organisationId) {
      throw new HttpProblem(
        403,
        'forbidden',
        { id: 'queue.own_organisation_only' },
        {
          errors: [{ field: 'querystring.organisationId', reason: { id: 'field.not_your_organisation' } }],
        },
      );
    }
    return actor.organisationId;
  }
  if (scope === 'municipality') {
    if (named === undefined) {
      throw new BadRequest({ id: 'queue.organisation_required' }, [
        { field: 'querystring.organisationId', reason: { id: 'field.required' } },
      ]);
    }
    const org = await getOrganisationRef(ctx.db, named);
    if (!org || org.municipalityId !== actor.municipalityId) throw new NotFound('organisation');
    return org.id;
  }
  throw new Forbidden();
}
