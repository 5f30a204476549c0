import type { AccessContext } from '../../db/queries/audit.ts';
import { recordAccess } from '../../db/queries/audit.ts';
import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import { hit } from '../../db/queries/rate-limits.ts';
import {
  createLink,
  decideLink,
  findApartment,
  getBuildingFacts,
  getLink,
  listCompanyLinks,
  selectOwnApartments,
} from '../../db/queries/readings.ts';
import type { ApartmentLinkStatus } from '../../db/schema/meters.ts';
import { can } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { Conflict, NotFound, TooManyRequests, Unprocessable } from '../errors.ts';
import { authorizeBuilding, companyScope, windowOut } from './access.ts';

/*
 * Residents' links to apartments (issue 6). A resident asks to be linked to an apartment, giving
 * the personal account number as evidence; the building's management company confirms, rejects
 * (with a reason) or later revokes the link.
 */

/** Link requests a resident may make: 10 a day, failed ones included. */
const LINK_REQUESTS = { limit: 10, windowSeconds: 24 * 3600 };

const noSuchApartment = () =>
  new Unprocessable({ id: 'link.no_such_apartment' }, [
    { field: 'body.apartment', reason: { id: 'link.no_such_apartment.reason' } },
  ]);

/** The resident's apartments, each with its link's state, window and (once confirmed) meters. */
export async function listOwnApartments(ctx: Context) {
  const now = ctx.clock();
  const rows = await selectOwnApartments(ctx.db, ctx.actor!.userId);
  return rows.map((r) => ({
    linkId: r.linkId,
    status: r.status,
    note: r.note,
    apartmentId: r.apartmentId,
    apartment: r.apartment,
    buildingId: r.building.id,
    address: r.building.address,
    window: windowOut(r.building, now),
    meters: r.meters.map((m) => ({
      ...m,
      last: m.last ? { ...m.last, submittedAt: new Date(m.last.submittedAt).toISOString() } : null,
    })),
  }));
}

/** The apartment a resident names: in their municipality, in a building with a company, on record. */
async function apartmentToLink(ctx: Context, buildingId: number, apartment: string): Promise<number> {
  const building = await getBuildingFacts(ctx.db, buildingId);
  if (!building || building.municipalityId !== ctx.actor!.municipalityId) {
    throw new Unprocessable({ id: 'link.no_such_building' }, [
      { field: 'body.buildingId', reason: { id: 'link.no_such_building.reason' } },
    ]);
  }
  if (building.managementCompanyId === null) {
    throw new Unprocessable({ id: 'link.no_company' }, [
      { field: 'body.buildingId', reason: { id: 'link.no_company.reason' } },
    ]);
  }
  const apartmentId = await findApartment(ctx.db, buildingId, apartment);
  if (apartmentId === null) throw noSuchApartment();
  return apartmentId;
}

/** A resident asks to be linked to an apartment; the company confirms it later. */
export async function requestApartmentLink(
  ctx: Context,
  input: { buildingId: number; apartment: string; accountNumber: string },
): Promise<{ linkId: number; status: 'pending' }> {
  const actor = ctx.actor!;
  // A resident asks for the few apartments they live in; the cap (failed tries count) keeps
  // anyone from walking a building's apartment numbers through the "no such apartment" answer.
  const limit = await hit(ctx.db, `apartment-link:${actor.userId}`, { ...LINK_REQUESTS, now: ctx.clock() });
  if (!limit.allowed) throw new TooManyRequests(limit.retryAfterSeconds);
  const apartmentId = await apartmentToLink(ctx, input.buildingId, input.apartment);
  try {
    const linkId = await createLink(ctx.db, {
      apartmentId,
      userId: actor.userId,
      evidence: input.accountNumber,
      now: ctx.clock(),
    });
    if (linkId === null) throw noSuchApartment();
    ctx.log.info({ linkId, apartmentId }, 'apartment link requested');
    return { linkId, status: 'pending' as const };
  } catch (err) {
    if (violatedUniqueConstraint(err) === 'apartment_links_live_uq') throw new Conflict({ id: 'link.already_asked' });
    throw err;
  }
}

/** A resident withdraws their own link (pending or confirmed). */
export async function withdrawApartmentLink(ctx: Context, linkId: number): Promise<void> {
  const link = await getLink(ctx.db, linkId);
  if (
    !link ||
    !can(ctx.actor, 'apartment.link', { municipalityId: link.building.municipalityId, ownerId: link.userId })
  )
    throw new NotFound('link');
  const done = await decideLink(ctx.db, {
    linkId: link.id,
    from: ['pending', 'confirmed'],
    to: 'revoked',
    by: ctx.actor!.userId,
    note: 'отозвано жителем / withdrawn by the resident',
    now: ctx.clock(),
  });
  if (!done) throw new NotFound('link');
}

/** The company's link requests in one state; each resident shown is recorded as a personal-data read. */
export async function listApartmentLinks(ctx: Context, status: ApartmentLinkStatus, audit: AccessContext) {
  const scope = companyScope(ctx, 'apartment.confirm');
  const rows = await listCompanyLinks(ctx.db, scope, status);
  // Residents' names beside their apartments and evidence: each one shown is recorded.
  await recordAccess(
    ctx.db,
    audit,
    rows.map((r) => ({ kind: 'apartment.link_evidence', subjectUserId: r.userId, record: `apartment-link:${r.id}` })),
  );
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    evidence: r.evidence,
    accountMatches: r.accountMatches,
    requestedAt: r.requestedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    note: r.note,
    apartmentId: r.apartmentId,
    apartment: r.apartment,
    accountNumber: r.accountNumber,
    buildingId: r.buildingId,
    address: r.address,
    fullName: r.fullName,
  }));
}

/** What the company may decide about a link, from which state, and whether it must say why. */
export const linkDecisions = {
  confirm: { from: ['pending'], to: 'confirmed', ru: 'подтвердить', needsReason: false },
  reject: { from: ['pending'], to: 'rejected', ru: 'отклонить', needsReason: true },
  revoke: { from: ['confirmed'], to: 'revoked', ru: 'отозвать', needsReason: true },
} as const;
export type LinkDecision = keyof typeof linkDecisions;

/** The company confirms, rejects or revokes a resident's link (409 from the wrong state). */
export async function decideApartmentLink(ctx: Context, linkId: number, verb: LinkDecision, note: string | null) {
  const d = linkDecisions[verb];
  const link = await getLink(ctx.db, linkId);
  authorizeBuilding(ctx, 'apartment.confirm', link?.building ?? null, 'link');
  const done = await decideLink(ctx.db, {
    linkId,
    from: d.from,
    to: d.to,
    by: ctx.actor!.userId,
    note,
    now: ctx.clock(),
  });
  if (!done) {
    throw new Conflict(
      { id: 'link.wrong_state', params: { status: link!.status, verb } },
      { linkStatus: link!.status },
    );
  }
  ctx.log.info({ linkId, to: d.to }, 'apartment link decided');
  return { id: linkId, status: d.to };
}
