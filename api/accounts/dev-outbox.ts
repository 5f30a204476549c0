import { listDevOutbox } from '../../db/queries/outbox.ts';
import { scopeOf } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { Forbidden } from '../errors.ts';
import type { DevOutboxQuery } from './schemas.ts';

/**
 * The messages kept without a gateway (sign-in codes included), newest first: every municipality's
 * for the platform, the admin's own municipality's otherwise.
 */
export async function listDevOutboxMessages(ctx: Context, q: DevOutboxQuery) {
  const scope = scopeOf(ctx.actor, 'outbox.read_dev');
  if (!ctx.actor || (scope !== 'all' && scope !== 'municipality')) throw new Forbidden();
  const rows = await listDevOutbox(ctx.db, {
    municipalityId: scope === 'all' ? null : ctx.actor.municipalityId,
    limit: q.limit + 1,
    before: q.before,
  });
  const items = rows.slice(0, q.limit).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  return { items, nextBefore: rows.length > q.limit ? items[items.length - 1].id : null };
}
