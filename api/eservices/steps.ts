/**
 * An application's step, the way every use case takes it: under the row lock in one transaction,
 * the version checked (stale → 409), the step allowed from the status (else 409 with the allowed
 * steps), then the change, an application_events row with who/when/from/to, and the notices.
 */
import {
  type Application,
  getService,
  insertEvent,
  lockApplication,
  type Service,
  updateApplication,
} from '../../db/queries/eservices.ts';
import { cancelPendingInteragency } from '../../db/queries/interagency.ts';
import { type ApplicationStep, finalStatuses, nextStatus } from '../../dispatch/eservices.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, Forbidden, NotFound } from '../errors.ts';
import { type Links, notifyApplicationStep } from './notices.ts';
import { readableApplication, resourceOf, stepsFor } from './read-applications.ts';

/** Who takes a step: the applicant (their own application) or the providing department. */
export type StepSide = 'applicant' | 'department';

export const staleVersion = (a: Application) =>
  new Conflict({ id: 'application.changed_meanwhile' }, { code: 'stale', currentVersion: a.version });

export const stepNotAllowed = (ctx: Context, a: Application, service: Service, step: ApplicationStep) =>
  new Conflict(
    { id: 'application.step_not_allowed', params: { step, status: a.status } },
    { code: 'invalid_transition', currentStatus: a.status, allowed: stepsFor(ctx.actor, a, service) },
  );

/** The applicant's own application, or the department's; 403 to one who reads it but may not act. */
export function mayAct(ctx: Context, a: Application, side: StepSide): void {
  const allowed =
    side === 'applicant'
      ? ctx.actor?.userId === a.applicantId && can(ctx.actor, 'application.create')
      : can(ctx.actor, 'application.work', resourceOf(a));
  if (!allowed) throw side === 'applicant' ? new NotFound('application') : new Forbidden();
}

/** Refuse before judging the input (401/403/404 before 422). */
export async function actableApplication(ctx: Context, id: number, side: StepSide): Promise<Application> {
  const a = await readableApplication(ctx, id);
  mayAct(ctx, a, side);
  return a;
}

/** What a step changes besides the status, and what its event says. */
export type StepChange = {
  set?: Partial<Omit<Application, 'id' | 'version' | 'status'>>;
  note?: string | null;
  data?: Record<string, unknown>;
  /** The result file issued (its link goes to the applicant). */
  fileId?: number;
};

/** Write a step already judged: the row, its event and its notices (inside the caller's transaction). */
export async function recordStep(
  tx: Context,
  a: Application,
  service: Service,
  step: ApplicationStep,
  change: StepChange,
  links: Links,
): Promise<Application> {
  const toStatus = nextStatus(a.status, step)!;
  const now = tx.clock();
  const updated = await updateApplication(tx.db, a.id, { ...change.set, status: toStatus, updatedAt: now });
  await insertEvent(tx.db, {
    applicationId: a.id,
    step,
    actorId: tx.actor?.userId ?? null,
    fromStatus: a.status,
    toStatus,
    fromStage: a.status === 'draft' ? null : a.stageIndex,
    toStage: updated.status === 'draft' ? null : updated.stageIndex,
    note: change.note ?? null,
    data: change.data ?? {},
    at: now,
  });
  // Decided or withdrawn: the questions still open to other organisations are withdrawn with it.
  if (finalStatuses.includes(toStatus) || toStatus === 'ready') await cancelPendingInteragency(tx.db, a.id);
  await notifyApplicationStep(
    tx,
    { before: a, after: updated, service, step, note: change.note ?? null, fileId: change.fileId },
    links,
  );
  return updated;
}

/**
 * Take a step in one transaction under the application's row lock: the actor may act, the version
 * is the one read, the step is allowed from the status; `work` judges the rest and says what changes.
 */
export async function takeApplicationStep(
  ctx: Context,
  id: number,
  step: ApplicationStep,
  side: StepSide,
  version: number | null,
  links: Links,
  work: (tx: Context, a: Application, service: Service) => Promise<StepChange> | StepChange,
): Promise<Application> {
  await actableApplication(ctx, id, side);
  return inTransaction(ctx, async (tx) => {
    const a = (await lockApplication(tx.db, id))!;
    mayAct(tx, a, side);
    const service = (await getService(tx.db, a.serviceId))!;
    if (version !== null && version !== a.version) throw staleVersion(a);
    if (!nextStatus(a.status, step)) throw stepNotAllowed(tx, a, service, step);
    return recordStep(tx, a, service, step, await work(tx, a, service), links);
  });
}
