/**
 * Exceptions to an office's schedule: a day closed or its hours changed, for the whole office or one
 * point. Written first, then the booked appointments checked against the schedule with it (or
 * without it, when one is removed: a worked Saturday taken back): 409 unless cancelled with a reason.
 */
import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import {
  deleteException,
  exceptionsOfOffice,
  getPoint,
  insertException,
  lockOffice,
  recordOfficeChange,
} from '../../db/queries/office-admin.ts';
import { addDays, localDate } from '../../dispatch/eservices.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, HttpProblem, Unprocessable } from '../errors.ts';
import { settleAffected } from './affected.ts';
import { exceptionView, keptOffice, officeDetailView } from './office-view.ts';
import type { ExceptionCreate, ExceptionDelete } from './schemas.ts';

/** The exceptions of an office over local days from..to (default: today and 90 days on). */
export async function listExceptions(ctx: Context, officeId: number, q: { from?: string; to?: string }) {
  const office = await keptOffice(ctx, officeId);
  const from = q.from ?? localDate(ctx.clock(), 'Europe/Moscow');
  const to = q.to ?? addDays(from, 90);
  if (to < from)
    throw new Unprocessable({ id: 'stats.period_reversed' }, [
      { field: 'querystring.to', reason: { id: 'stats.field.from_not_after_to' } },
    ]);
  return { items: (await exceptionsOfOffice(ctx.db, office.id, from, to)).map(exceptionView) };
}

/** Close a day or change its hours, for the office or one of its points. */
export async function addException(
  ctx: Context,
  officeId: number,
  input: ExceptionCreate & { publicUrl: string },
  lang: Language,
) {
  const actor = signedInActor(ctx);
  const today = localDate(ctx.clock(), 'Europe/Moscow');
  try {
    return await inTransaction(ctx, async (tx) => {
      const office = await keptOffice(tx, officeId, (id) => lockOffice(tx.db, id));
      const problems = [];
      if (input.date < today) problems.push({ field: 'body.date', reason: { id: 'office.field.not_past' as const } });
      if (input.pointId !== null && (await getPoint(tx.db, input.pointId))?.officeId !== office.id)
        problems.push({ field: 'body.pointId', reason: { id: 'office.field.no_such_point' as const } });
      if (input.hours && input.hours.length === 0)
        problems.push({ field: 'body.hours', reason: { id: 'field.required' as const } });
      if (problems.length > 0) throw new Unprocessable({ id: 'office.invalid' }, problems);
      const exception = await insertException(tx.db, {
        officeId,
        pointId: input.pointId,
        date: input.date,
        hours: input.hours,
        reason: input.reason,
        createdBy: actor.userId,
        createdAt: tx.clock(),
      });
      const cancelled = await settleAffected(tx, office, input, (now) => now);
      await recordOfficeChange(tx.db, {
        municipalityId: office.municipalityId,
        officeId,
        subject: 'exception',
        subjectId: exception.id,
        action: 'created',
        changes: { record: { date: input.date, pointId: input.pointId, hours: input.hours } },
        reason: input.reason,
        cancelledAppointments: cancelled,
        actorId: actor.userId,
        at: tx.clock(),
      });
      return officeDetailView(tx, office, lang, cancelled);
    });
  } catch (err) {
    if (violatedUniqueConstraint(err) === 'schedule_exceptions_day_uq')
      throw new Conflict({ id: 'office.exception_exists' }, { field: 'date' });
    throw err;
  }
}

/** Take an exception back: the day's usual hours again (a worked Saturday taken back may cancel bookings). */
export async function removeException(
  ctx: Context,
  officeId: number,
  exceptionId: number,
  q: ExceptionDelete & { publicUrl: string },
  lang: Language,
) {
  const actor = signedInActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const office = await keptOffice(tx, officeId, (id) => lockOffice(tx.db, id));
    const removed = await deleteException(tx.db, officeId, exceptionId);
    if (!removed) throw new HttpProblem(404, 'not-found', { id: 'office.exception_not_found' });
    const cancelled = await settleAffected(
      tx,
      office,
      { ...q, cancelAffected: q.cancelAffected === 'true' },
      (now) => now,
    );
    await recordOfficeChange(tx.db, {
      municipalityId: office.municipalityId,
      officeId,
      subject: 'exception',
      subjectId: removed.id,
      action: 'deleted',
      changes: { record: exceptionView(removed) },
      reason: q.reason ?? null,
      cancelledAppointments: cancelled,
      actorId: actor.userId,
      at: tx.clock(),
    });
    return officeDetailView(tx, office, lang, cancelled);
  });
}
