/**
 * Offices as their keepers see them (issue 16): an organisation's supervisor keeps the offices of
 * their organisation, the municipality's admin every office of it. A change that takes booked time
 * away (hours narrowed, the office closed) goes through `settleAffected`; every change is recorded
 * in office_changes with who, when, what and why.
 */
import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import {
  insertOffice,
  listOffices,
  lockOffice,
  type OfficeRow,
  organisationOf,
  recordOfficeChange,
  updateOffice,
} from '../../db/queries/office-admin.ts';
import { DEFAULT_OFFICE_RULES } from '../../dispatch/appointments.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { scopeOf } from '../../dispatch/permissions.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, Unprocessable } from '../errors.ts';
import { settleAffected } from './affected.ts';
import { keptOffice, officeDetailView, officeSummaryView } from './office-view.ts';
import type { OfficeCreate, OfficePatch } from './schemas.ts';

/** The offices the actor keeps: a supervisor's organisation's, an admin's municipality's. */
export async function listManagedOffices(ctx: Context, lang: Language) {
  const actor = signedInActor(ctx);
  const own = scopeOf(actor, 'office.manage') === 'organisation';
  const rows = await listOffices(ctx.db, {
    municipalityId: actor.municipalityId,
    organisationId: own ? (actor.organisationId ?? -1) : undefined,
  });
  return {
    items: rows.map((r) =>
      officeSummaryView(r.office, lang === 'en' ? r.organisationNameEn : r.organisationNameRu, r.points),
    ),
  };
}

/** An office with everything its keeper changes. */
export async function showOffice(ctx: Context, id: number, lang: Language) {
  return officeDetailView(ctx, await keptOffice(ctx, id), lang);
}

/** Field → [old, new] of what a change alters. */
export function changedFields(before: Record<string, unknown>, set: Record<string, unknown>) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [field, value] of Object.entries(set)) {
    if (value === undefined) continue;
    if (JSON.stringify(before[field]) !== JSON.stringify(value)) changes[field] = [before[field] ?? null, value];
  }
  return changes;
}

/** A new office of an organisation: an admin's of any organisation of the municipality, a supervisor's of their own. */
export async function createOffice(ctx: Context, input: OfficeCreate, lang: Language) {
  const actor = signedInActor(ctx);
  const organisation = await organisationOf(ctx.db, input.organisationId);
  const own = scopeOf(actor, 'office.manage') === 'organisation';
  if (!organisation || organisation.municipalityId !== actor.municipalityId)
    throw new Unprocessable({ id: 'office.invalid' }, [
      { field: 'body.organisationId', reason: { id: 'field.no_such_organisation_here' } },
    ]);
  if (own && input.organisationId !== actor.organisationId)
    throw new Unprocessable({ id: 'office.invalid' }, [
      { field: 'body.organisationId', reason: { id: 'field.not_your_organisation' } },
    ]);
  try {
    return await inTransaction(ctx, async (tx) => {
      const office = await insertOffice(tx.db, {
        municipalityId: actor.municipalityId,
        organisationId: input.organisationId,
        code: input.code,
        name: input.name,
        address: input.address,
        lon: input.lon,
        lat: input.lat,
        howToFind: input.howToFind ?? null,
        week: input.week as OfficeRow['week'],
        rules: { ...DEFAULT_OFFICE_RULES, ...input.rules },
        createdAt: tx.clock(),
        updatedAt: tx.clock(),
      });
      await recordOfficeChange(tx.db, {
        municipalityId: office.municipalityId,
        officeId: office.id,
        subject: 'office',
        subjectId: office.id,
        action: 'created',
        changes: { record: { ...input } },
        actorId: actor.userId,
        at: tx.clock(),
      });
      return officeDetailView(tx, office, lang);
    });
  } catch (err) {
    if (violatedUniqueConstraint(err) === 'offices_code_uq')
      throw new Conflict({ id: 'office.code_taken' }, { field: 'code' });
    throw err;
  }
}

/**
 * Change an office's texts, place, hours, rules or whether it receives at all. Hours narrowed or the
 * office closed: the booked appointments left outside answer 409 unless cancelled with a reason.
 */
export async function patchOffice(
  ctx: Context,
  id: number,
  patch: OfficePatch & { publicUrl: string },
  lang: Language,
) {
  const actor = signedInActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const office = await keptOffice(tx, id, (officeId) => lockOffice(tx.db, officeId));
    if (office.version !== patch.version) throw new Conflict({ id: 'office.changed_meanwhile' }, { code: 'stale' });
    const set = {
      name: patch.name,
      address: patch.address,
      lon: patch.lon,
      lat: patch.lat,
      howToFind: patch.howToFind,
      week: patch.week as OfficeRow['week'] | undefined,
      rules: patch.rules ? { ...office.rules, ...patch.rules } : undefined,
      active: patch.active,
    };
    const changes = changedFields(office, set);
    let cancelled = 0;
    if ('week' in changes || 'active' in changes) {
      const week = set.week ?? office.week;
      const active = set.active ?? office.active;
      cancelled = await settleAffected(tx, office, patch, (now) => ({
        calendar: { ...now.calendar, week },
        points: active ? now.points : [],
        exceptions: now.exceptions,
      }));
    }
    const updated = await updateOffice(tx.db, id, patch.version, { ...set, updatedAt: tx.clock() });
    if (!updated) throw new Conflict({ id: 'office.changed_meanwhile' }, { code: 'stale' });
    await recordOfficeChange(tx.db, {
      municipalityId: office.municipalityId,
      officeId: office.id,
      subject: 'office',
      subjectId: office.id,
      action: 'updated',
      changes,
      reason: patch.reason ?? null,
      cancelledAppointments: cancelled,
      actorId: actor.userId,
      at: tx.clock(),
    });
    return officeDetailView(tx, updated, lang, cancelled);
  });
}
