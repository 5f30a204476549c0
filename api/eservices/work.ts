/** The department's workspace: its inbox and the steps it takes on an application. */
import { type Application, getFile, listFiles, listInbox, type Service } from '../../db/queries/eservices.ts';
import { nextStage } from '../../dispatch/eservices.ts';
import type { Context } from '../context.ts';
import { type FieldProblem, Unprocessable } from '../errors.ts';
import { summaryView, todayIn } from './read-applications.ts';
import type { Links } from './notices.ts';
import type { InboxQuery, StepInput } from './schemas.ts';
import { type StepChange, takeApplicationStep } from './steps.ts';

/** The actor's department's applications, by due day (the paused last), paged with the total. */
export async function departmentInbox(ctx: Context, q: InboxQuery) {
  const actor = ctx.actor!;
  if (actor.organisationId === null) return { items: [], total: 0, totalCapped: false };
  const today = await todayIn(ctx, actor.municipalityId);
  const { items, total, totalCapped } = await listInbox(ctx.db, {
    departmentId: actor.organisationId,
    today,
    status: q.status,
    serviceId: q.serviceId,
    stage: q.stage,
    termState: q.termState,
    limit: q.limit,
    offset: q.offset,
  });
  return {
    items: items.map((r) => ({
      ...summaryView(r.application, r.service, today),
      assigneeId: r.application.assigneeId,
    })),
    total,
    totalCapped,
  };
}

const refused = (field: string, reason: FieldProblem['reason']) =>
  new Unprocessable({ id: 'application.steps_refused' }, [{ field, reason }]);

/** The result file the step names, or the one uploaded last. */
async function resultFile(tx: Context, a: Application, fileId: number | undefined) {
  const file =
    fileId !== undefined
      ? await getFile(tx.db, a.id, fileId)
      : (await listFiles(tx.db, a.id)).filter((f) => f.kind === 'result').at(-1);
  if (file?.kind !== 'result') throw refused('body.resultFileId', { id: 'application.field.result_file_missing' });
  return file;
}

/** What each of the department's steps changes, once it is allowed from the status. */
async function stepChange(tx: Context, a: Application, service: Service, input: StepInput): Promise<StepChange> {
  const now = tx.clock();
  switch (input.step) {
    case 'take':
      return { set: { assigneeId: tx.actor!.userId }, note: input.note ?? null };
    case 'advance': {
      const next = nextStage(service.stages, a.stageIndex);
      if (next === null) throw refused('body.step', { id: 'application.field.last_stage' });
      return {
        set: { stageIndex: next, stageStartedAt: now },
        note: input.note,
        data: { stage: service.stages[next].code },
      };
    }
    case 'request_documents': {
      if (!service.pausable || a.pauses.some((p) => p.to === null)) return { note: input.note };
      const today = await todayIn(tx, a.municipalityId);
      return {
        set: { pauses: [...a.pauses, { from: today, to: null }], dueOn: null },
        note: input.note,
        data: { paused: true },
      };
    }
    case 'issue_result': {
      const file = await resultFile(tx, a, input.resultFileId);
      return {
        set: { delivery: input.delivery, decidedAt: now },
        note: input.note ?? null,
        data: { fileId: file.id, delivery: input.delivery },
        fileId: file.id,
      };
    }
    case 'refuse': {
      if (!service.refusalGrounds.some((g) => g.code === input.ground))
        throw refused('body.ground', { id: 'application.field.ground_unknown' });
      return {
        set: { refusalGround: input.ground, refusalNote: input.note, decidedAt: now, closedAt: now },
        note: input.note,
        data: { ground: input.ground },
      };
    }
    case 'mark_ready':
      return {
        set: { delivery: input.delivery, decidedAt: now },
        note: input.note ?? null,
        data: { delivery: input.delivery },
      };
    default:
      return { set: { closedAt: now }, note: input.note ?? null };
  }
}

/** The department takes a step: under the row lock, the version checked, the step allowed from the status. */
export async function workApplication(ctx: Context, id: number, input: StepInput, links: Links): Promise<Application> {
  return takeApplicationStep(ctx, id, input.step, 'department', input.version, links, (tx, a, service) =>
    stepChange(tx, a, service, input),
  );
}
