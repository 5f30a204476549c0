/**
 * Inter-agency requests: the department asks another organisation (a resource supplier agrees or
 * refuses, with a file); the asked organisation sees only what it needs, never the applicant.
 */
import {
  getService,
  insertEvent,
  insertFile,
  type InteragencyRequest,
  lockApplication,
} from '../../db/queries/eservices.ts';
import {
  getInteragency,
  insertInteragency,
  listInteragencyQueue,
  organisationIn,
  updateInteragency,
} from '../../db/queries/interagency.ts';
import { INTERAGENCY_TERM_DAYS, openStatuses, termEnd } from '../../dispatch/eservices.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, NotFound, Unprocessable } from '../errors.ts';
import { storeDocument } from '../passports/store-document.ts';
import { notifyInteragency } from './notices.ts';
import { todayIn } from './read-applications.ts';
import type { InteragencyAnswer, InteragencyInput } from './schemas.ts';
import { actableApplication, mayAct } from './steps.ts';

export const interagencyView = (
  r: InteragencyRequest,
  organisation: { id: number; nameRu: string; nameEn: string },
) => ({
  id: r.id,
  organisation,
  question: r.question,
  termDays: r.termDays,
  dueOn: r.dueOn,
  status: r.status,
  answerNote: r.answerNote,
  answerFileId: r.answerFileId,
  answeredAt: r.answeredAt?.toISOString() ?? null,
  version: r.version,
});

/** Ask another organisation of the municipality; its term runs in working days from today. */
export async function askOrganisation(ctx: Context, id: number, input: InteragencyInput) {
  const before = await actableApplication(ctx, id, 'department');
  const organisation = await organisationIn(ctx.db, input.organisationId, before.municipalityId);
  if (!organisation || organisation.id === before.departmentId)
    throw new Unprocessable({ id: 'interagency.invalid' }, [
      {
        field: 'body.organisationId',
        reason: { id: organisation ? 'application.field.own_department' : 'application.field.organisation_unknown' },
      },
    ]);
  return inTransaction(ctx, async (tx) => {
    const a = (await lockApplication(tx.db, id))!;
    mayAct(tx, a, 'department');
    if (!openStatuses.includes(a.status) || a.status === 'ready')
      throw new Conflict(
        { id: 'application.step_not_allowed', params: { step: 'interagency', status: a.status } },
        {
          code: 'invalid_transition',
          currentStatus: a.status,
          allowed: [],
        },
      );
    const today = await todayIn(tx, a.municipalityId);
    const termDays = input.termDays ?? INTERAGENCY_TERM_DAYS;
    const now = tx.clock();
    const request = await insertInteragency(tx.db, {
      applicationId: a.id,
      organisationId: organisation.id,
      question: input.question,
      termDays,
      dueOn: termEnd(today, termDays, 'working_days')!,
      askedBy: tx.actor!.userId,
      askedAt: now,
    });
    await insertEvent(tx.db, {
      applicationId: a.id,
      step: 'interagency_sent',
      actorId: tx.actor!.userId,
      fromStatus: a.status,
      toStatus: a.status,
      fromStage: a.stageIndex,
      toStage: a.stageIndex,
      note: input.question,
      data: { requestId: request.id, organisationId: organisation.id, dueOn: request.dueOn },
      at: now,
    });
    const service = (await getService(tx.db, a.serviceId))!;
    await notifyInteragency(tx, { request, application: a, service, kind: 'asked' });
    return interagencyView(request, organisation);
  });
}

/** The asked organisation's queue: pending by due day, then answered; the service and number, never the applicant. */
export async function interagencyInbox(ctx: Context, q: { limit: number; offset: number }) {
  const actor = ctx.actor!;
  if (actor.organisationId === null) return { items: [], total: 0 };
  const { items, total } = await listInteragencyQueue(ctx.db, actor.organisationId, q.limit, q.offset);
  return {
    items: items.map((r) => ({
      id: r.request.id,
      applicationNumber: r.number,
      service: { code: r.serviceCode, name: r.serviceName },
      question: r.request.question,
      termDays: r.request.termDays,
      dueOn: r.request.dueOn,
      status: r.request.status,
      answerNote: r.request.answerNote,
      answeredAt: r.request.answeredAt?.toISOString() ?? null,
      version: r.request.version,
    })),
    total,
  };
}

const resourceOfRequest = (r: { request: InteragencyRequest; application: { municipalityId: number } }) => ({
  municipalityId: r.application.municipalityId,
  organisationIds: [r.request.organisationId],
});

/** A request the actor's organisation was asked (another's does not exist for them). */
export async function answerableRequest(ctx: Context, id: number) {
  const row = await getInteragency(ctx.db, id);
  if (!row || !can(ctx.actor, 'interagency.answer', resourceOfRequest(row))) throw new NotFound('interagency');
  return row;
}

/** The asked organisation agrees or refuses, with a note and perhaps a file; the department sees it on the timeline. */
export async function answerRequest(
  ctx: Context,
  id: number,
  input: InteragencyAnswer,
  file: { bytes: Buffer; name: string } | null,
  uploadsDir: string,
) {
  await answerableRequest(ctx, id);
  const stored = file ? await storeDocument(uploadsDir, file.bytes, 'file') : null;
  return inTransaction(ctx, async (tx) => {
    const { request: r, application: a } = (await getInteragency(tx.db, id, true))!;
    if (input.version !== r.version)
      throw new Conflict({ id: 'interagency.changed_meanwhile' }, { code: 'stale', currentVersion: r.version });
    if (r.status !== 'pending')
      throw new Conflict({ id: 'interagency.already_answered', params: { status: r.status } }, { code: 'answered' });
    const now = tx.clock();
    const answerFile = stored
      ? await insertFile(tx.db, {
          applicationId: a.id,
          kind: 'interagency',
          name: file!.name,
          ...stored,
          uploadedBy: tx.actor!.userId,
          createdAt: now,
        })
      : null;
    const status = input.decision === 'agree' ? 'agreed' : 'refused';
    const updated = await updateInteragency(tx.db, r.id, {
      status,
      answerNote: input.note,
      answerFileId: answerFile?.id ?? null,
      answeredBy: tx.actor!.userId,
      answeredAt: now,
    });
    await insertEvent(tx.db, {
      applicationId: a.id,
      step: 'interagency_answered',
      actorId: tx.actor!.userId,
      fromStatus: a.status,
      toStatus: a.status,
      fromStage: a.stageIndex,
      toStage: a.stageIndex,
      note: input.note,
      data: {
        requestId: r.id,
        organisationId: r.organisationId,
        decision: input.decision,
        fileId: answerFile?.id ?? null,
      },
      at: now,
    });
    const service = (await getService(tx.db, a.serviceId))!;
    const organisation = await organisationIn(tx.db, r.organisationId, a.municipalityId);
    await notifyInteragency(tx, {
      request: updated,
      application: a,
      service,
      kind: 'answered',
      organisationName: organisation?.nameRu,
    });
    return updated;
  });
}
