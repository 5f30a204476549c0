/**
 * Loading the hall's records with their permission checks: an office, a point of it, a ticket. A
 * record of an organisation the actor does not work for is refused as the access matrix expects
 * (a point or an office is public, so 403; a ticket is not, so 404).
 */
import { getPoint, getTicket, officeWithZone, type ServicePoint, type Ticket } from '../../db/queries/hall.ts';
import type { Office } from '../../db/queries/offices.ts';
import { type Action, can, type Resource } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { Forbidden, NotFound, Unauthorized } from '../errors.ts';

export const officeResource = (o: Pick<Office, 'municipalityId' | 'organisationId'>): Resource => ({
  municipalityId: o.municipalityId,
  organisationIds: [o.organisationId],
});

/** An office and its zone; 404 when there is none or it is closed for good. */
export async function loadOffice(ctx: Context, id: number) {
  const row = await officeWithZone(ctx.db, id);
  if (!row?.office.active) throw new NotFound('office');
  return row;
}

/** The actor may do this to the office's records (401 for a visitor, 403 otherwise: offices are public). */
export function mayOnOffice(ctx: Context, office: Office, action: Action): void {
  if (can(ctx.actor, action, officeResource(office))) return;
  throw ctx.actor ? new Forbidden() : new Unauthorized();
}

export async function operableOffice(ctx: Context, id: number, action: Action = 'hall.operate') {
  const row = await loadOffice(ctx, id);
  mayOnOffice(ctx, row.office, action);
  return row;
}

/** A point the actor may operate, with its office. */
export async function operablePoint(
  ctx: Context,
  id: number,
): Promise<{ point: ServicePoint; office: Office; timeZone: string }> {
  const point = await getPoint(ctx.db, id);
  if (!point) throw new NotFound('point');
  const { office, timeZone } = await loadOffice(ctx, point.officeId);
  mayOnOffice(ctx, office, 'hall.operate');
  return { point, office, timeZone };
}

/** A ticket the actor may work on; another organisation's tickets do not exist for them. */
export async function operableTicket(
  ctx: Context,
  id: number,
): Promise<{ ticket: Ticket; office: Office; timeZone: string }> {
  const ticket = await getTicket(ctx.db, id);
  if (!ticket) throw new NotFound('ticket');
  const row = await officeWithZone(ctx.db, ticket.officeId);
  if (!row || !can(ctx.actor, 'hall.operate', officeResource(row.office))) {
    if (!ctx.actor) throw new Unauthorized();
    throw new NotFound('ticket');
  }
  return { ticket, office: row.office, timeZone: row.timeZone };
}
