/** Reading applications: the applicant's own, one with its timeline, a file to download. */
import {
  type Application,
  type ApplicationFile,
  applicantPersonal,
  getApplication,
  getFile,
  getForm,
  getService,
  listApplicationsOf,
  listEvents,
  listFiles,
  municipalityZone,
  type Service,
} from '../../db/queries/eservices.ts';
import { listInteragencyOf } from '../../db/queries/interagency.ts';
import {
  type ApplicationStatus,
  type ApplicationStep,
  allowedSteps,
  applicantSteps,
  localDate,
  nextStage,
  openStatuses,
  type TermState,
  termState,
} from '../../dispatch/eservices.ts';
import { type Actor, can, type Resource } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { NotFound } from '../errors.ts';

/** An application as the permission table sees it: its municipality, the department, the applicant. */
export const resourceOf = (a: Pick<Application, 'municipalityId' | 'departmentId' | 'applicantId'>): Resource => ({
  municipalityId: a.municipalityId,
  organisationIds: [a.departmentId],
  ownerId: a.applicantId,
});

/** An application the actor may read (another's does not exist for them). */
export async function readableApplication(ctx: Context, id: number): Promise<Application> {
  const a = await getApplication(ctx.db, id);
  if (!a || !can(ctx.actor, 'application.read', resourceOf(a))) throw new NotFound('application');
  // A draft is the applicant's until it is submitted: nobody else reads it yet.
  if (a.status === 'draft' && ctx.actor?.userId !== a.applicantId) throw new NotFound('application');
  return a;
}

/** Where an open application's term stands today; null once decided (or before it is submitted). */
export function termStateOf(a: Application, service: Service, today: string): TermState | null {
  if (!(openStatuses as readonly ApplicationStatus[]).includes(a.status) || a.status === 'ready') return null;
  return termState(a.dueOn, today, service.termDays);
}

export async function todayIn(ctx: Context, municipalityId: number): Promise<string> {
  const { timeZone } = await municipalityZone(ctx.db, municipalityId);
  return localDate(ctx.clock(), timeZone);
}

export function summaryView(a: Application, s: Service, today: string) {
  const stage = a.status === 'draft' ? null : s.stages[a.stageIndex];
  return {
    id: a.id,
    number: a.number,
    service: { id: s.id, code: s.code, name: s.name },
    status: a.status,
    stage: stage ? { index: a.stageIndex, name: stage.name } : null,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    dueOn: a.dueOn,
    termState: termStateOf(a, s, today),
    version: a.version,
  };
}

/** The steps this reader may take now: the applicant's own, or the department's. */
export function stepsFor(actor: Actor, a: Application, s: Service): ApplicationStep[] {
  const applicant = actor?.userId === a.applicantId && can(actor, 'application.create');
  const works = can(actor, 'application.work', resourceOf(a));
  return allowedSteps(a.status).filter((step) => {
    if (applicantSteps.includes(step)) return applicant;
    if (step === 'advance' && nextStage(s.stages, a.stageIndex) === null) return false;
    return works;
  });
}

export const fileView = (f: ApplicationFile) => ({
  id: f.id,
  kind: f.kind,
  documentCode: f.documentCode,
  name: f.name,
  mediaType: f.mediaType,
  size: f.size,
  url: `/api/applications/${f.applicationId}/files/${f.id}`,
  createdAt: f.createdAt.toISOString(),
});

type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

function whoView(ctx: Context, a: Application, row: EventRow, personal: boolean) {
  const id = row.event.actorId;
  if (id === null) return { kind: 'system' as const, role: null, name: null };
  if (id === a.applicantId) {
    if (ctx.actor?.userId === id) return { kind: 'you' as const, role: null, name: null };
    return { kind: 'applicant' as const, role: null, name: personal ? row.fullName : null };
  }
  return { kind: 'staff' as const, role: row.role, name: row.fullName };
}

/** The application with its form, files, inter-agency requests, timeline and the reader's steps. */
export async function applicationDetail(ctx: Context, id: number) {
  const a = await readableApplication(ctx, id);
  const service = (await getService(ctx.db, a.serviceId))!;
  const personal = can(ctx.actor, 'application.read_personal', resourceOf(a));
  const [fields, files, interagency, events, today] = await Promise.all([
    getForm(ctx.db, a.serviceId, a.formVersion),
    listFiles(ctx.db, a.id),
    listInteragencyOf(ctx.db, a.id),
    listEvents(ctx.db, a.id),
    todayIn(ctx, a.municipalityId),
  ]);
  const ground = a.refusalGround ? service.refusalGrounds.find((g) => g.code === a.refusalGround) : undefined;
  return {
    ...summaryView(a, service, today),
    applicantKind: a.applicantKind,
    applicantOrganisation: a.applicantOrganisation ?? null,
    applicant: personal ? await applicantPersonal(ctx.db, a.applicantId) : null,
    values: a.values,
    form: { version: a.formVersion, fields: fields ?? [] },
    documents: service.documents,
    stages: service.stages,
    termStartOn: a.termStartOn,
    pauses: a.pauses,
    refusal: a.refusalGround ? { ground: a.refusalGround, text: ground?.text ?? null, note: a.refusalNote } : null,
    delivery: a.delivery ?? null,
    collection: service.collection,
    files: files.map(fileView),
    interagency: interagency.map(({ request: r, organisation }) => ({
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
    })),
    timeline: events.map((row) => ({
      id: row.event.id,
      step: row.event.step,
      at: row.event.at.toISOString(),
      who: whoView(ctx, a, row, personal),
      fromStatus: row.event.fromStatus,
      toStatus: row.event.toStatus,
      fromStage: row.event.fromStage,
      toStage: row.event.toStage,
      note: row.event.note,
      data: row.event.data,
    })),
    allowedSteps: stepsFor(ctx.actor, a, service),
  };
}

/** The applicant's applications, the newest first. */
export async function listMyApplications(ctx: Context) {
  const actor = ctx.actor!;
  const rows = await listApplicationsOf(ctx.db, actor.userId);
  // A resident may apply in any municipality: each term is read on its own municipality's day.
  const days = new Map<number, string>();
  for (const id of new Set(rows.map((r) => r.application.municipalityId))) days.set(id, await todayIn(ctx, id));
  return { items: rows.map((r) => summaryView(r.application, r.service, days.get(r.application.municipalityId)!)) };
}

/** A file of an application the actor may read. */
export async function fileToDownload(ctx: Context, applicationId: number, fileId: number): Promise<ApplicationFile> {
  const a = await readableApplication(ctx, applicationId);
  const file = await getFile(ctx.db, a.id, fileId);
  if (!file) throw new NotFound('attachment');
  return file;
}
