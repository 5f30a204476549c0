import { listAccess, type PersonalDataKind } from '../../db/queries/audit.ts';
import type { Context } from '../context.ts';
import { municipalityOf } from '../directory/unique.ts';
import type { AccessQuery } from './schemas.ts';

/** The trail of reads of residents' personal data in the admin's municipality, newest first. */
export async function listPersonalDataAccess(ctx: Context, q: AccessQuery) {
  const rows = await listAccess(ctx.db, municipalityOf(ctx.actor), {
    subjectUserId: q.subjectUserId,
    actorUserId: q.actorUserId,
    kind: q.kind,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    limit: q.limit + 1,
    offset: q.offset,
  });
  return {
    items: rows.slice(0, q.limit).map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorUserId: r.actorUserId,
      subjectUserId: r.subjectUserId,
      kind: r.kind as PersonalDataKind,
      record: r.record,
      route: r.route,
      ip: r.ip,
    })),
    nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
  };
}
