/**
 * An office's service points (windows, cabinets): what each gives with its slot length, who works
 * there, its own hours. Closing a point, narrowing its hours or taking a service from it goes through
 * `settleAffected`; operators must be staff or supervisors of the office's organisation.
 */
import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import {
  accountsOf,
  getPoint,
  insertPoint,
  lockOffice,
  type OfficeRow,
  pointsOfOffice,
  recordOfficeChange,
  replacePointOperators,
  replacePointServices,
  servicesAmong,
  updatePoint,
} from '../../db/queries/office-admin.ts';
import type { PointSchedule } from '../../dispatch/appointments.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, type FieldProblem, HttpProblem, Unprocessable } from '../errors.ts';
import { settleAffected } from './affected.ts';
import { changedFields } from './offices.ts';
import { keptOffice, officeDetailView } from './office-view.ts';
import type { PointCreate, PointPatch } from './schemas.ts';

type Services = { serviceId: number; slotMinutes: number }[];

/** 422 for services not of the municipality or named twice, and operators not of the office's organisation. */
async function pointProblems(
  tx: Context,
  office: OfficeRow,
  services: Services | undefined,
  operators: number[] | undefined,
): Promise<void> {
  const problems: FieldProblem[] = [];
  if (services) {
    const known = new Set(
      (
        await servicesAmong(
          tx.db,
          office.municipalityId,
          services.map((s) => s.serviceId),
        )
      ).map((s) => s.id),
    );
    const seen = new Set<number>();
    services.forEach((s, n) => {
      if (!known.has(s.serviceId))
        problems.push({ field: `body.services.${n}.serviceId`, reason: { id: 'office.field.no_such_service' } });
      else if (seen.has(s.serviceId))
        problems.push({ field: `body.services.${n}.serviceId`, reason: { id: 'office.field.service_twice' } });
      seen.add(s.serviceId);
    });
  }
  if (operators) {
    const accounts = new Map((await accountsOf(tx.db, operators)).map((a) => [a.id, a]));
    operators.forEach((userId, n) => {
      const a = accounts.get(userId);
      const fits =
        a &&
        !a.disabledAt &&
        a.organisationId === office.organisationId &&
        (a.role === 'org_staff' || a.role === 'org_supervisor');
      if (!fits) problems.push({ field: `body.operators.${n}`, reason: { id: 'office.field.not_an_operator' } });
    });
  }
  if (problems.length > 0) throw new Unprocessable({ id: 'office.invalid' }, problems);
}

const labelTaken = (err: unknown) => {
  if (violatedUniqueConstraint(err) === 'service_points_label_uq')
    return new Conflict({ id: 'office.label_taken' }, { field: 'label' });
  return err;
};

/** A new point of an office. */
export async function addPoint(ctx: Context, officeId: number, input: PointCreate, lang: Language) {
  const actor = signedInActor(ctx);
  try {
    return await inTransaction(ctx, async (tx) => {
      const office = await keptOffice(tx, officeId, (id) => lockOffice(tx.db, id));
      await pointProblems(tx, office, input.services, input.operators);
      const operators = [...new Set(input.operators)];
      const point = await insertPoint(tx.db, {
        officeId,
        label: input.label,
        kind: input.kind,
        week: (input.week ?? null) as OfficeRow['week'] | null,
      });
      await replacePointServices(tx.db, point.id, input.services);
      await replacePointOperators(tx.db, point.id, operators);
      await recordOfficeChange(tx.db, {
        municipalityId: office.municipalityId,
        officeId,
        subject: 'point',
        subjectId: point.id,
        action: 'created',
        changes: { record: { ...input, operators } },
        actorId: actor.userId,
        at: tx.clock(),
      });
      return officeDetailView(tx, office, lang);
    });
  } catch (err) {
    throw labelTaken(err);
  }
}

/**
 * Change a point: its label, kind, own hours, services (all of them), operators, or close it. What
 * takes booked time away answers 409 unless the appointments are cancelled with a reason.
 */
export async function patchPoint(
  ctx: Context,
  pointId: number,
  patch: PointPatch & { publicUrl: string },
  lang: Language,
) {
  const actor = signedInActor(ctx);
  const found = await getPoint(ctx.db, pointId);
  const notFound = () => new HttpProblem(404, 'not-found', { id: 'office.point_not_found' });
  if (!found) throw notFound();
  try {
    return await inTransaction(ctx, async (tx) => {
      const office = await keptOffice(tx, found.officeId, (id) => lockOffice(tx.db, id)).catch(() => {
        throw notFound();
      });
      const current = (await pointsOfOffice(tx.db, office.id)).find((p) => p.point.id === pointId)!;
      if (current.point.version !== patch.version)
        throw new Conflict({ id: 'office.changed_meanwhile' }, { code: 'stale' });
      await pointProblems(tx, office, patch.services, patch.operators);
      const operators = patch.operators ? [...new Set(patch.operators)] : undefined;
      const set = {
        label: patch.label,
        kind: patch.kind,
        week: patch.week as OfficeRow['week'] | null | undefined,
        active: patch.active,
      };
      const before = {
        ...current.point,
        services: current.services.map((s) => ({ serviceId: s.serviceId, slotMinutes: s.slotMinutes })),
        operators: current.operatorIds,
      };
      const changes = changedFields(before, { ...set, services: patch.services, operators });
      let cancelled = 0;
      if ('week' in changes || 'active' in changes || 'services' in changes) {
        const after: PointSchedule = {
          id: pointId,
          week: set.week === undefined ? (current.point.week ?? null) : set.week,
          services: patch.services ?? before.services,
        };
        const active = set.active ?? current.point.active;
        cancelled = await settleAffected(tx, office, patch, (now) => ({
          calendar: now.calendar,
          points: [...now.points.filter((p) => p.id !== pointId), ...(active ? [after] : [])],
          exceptions: now.exceptions,
        }));
      }
      const updated = await updatePoint(tx.db, pointId, patch.version, set);
      if (!updated) throw new Conflict({ id: 'office.changed_meanwhile' }, { code: 'stale' });
      if (patch.services) await replacePointServices(tx.db, pointId, patch.services);
      if (operators) await replacePointOperators(tx.db, pointId, operators);
      await recordOfficeChange(tx.db, {
        municipalityId: office.municipalityId,
        officeId: office.id,
        subject: 'point',
        subjectId: pointId,
        action: 'updated',
        changes,
        reason: patch.reason ?? null,
        cancelledAppointments: cancelled,
        actorId: actor.userId,
        at: tx.clock(),
      });
      return officeDetailView(tx, office, lang, cancelled);
    });
  } catch (err) {
    throw labelTaken(err);
  }
}
