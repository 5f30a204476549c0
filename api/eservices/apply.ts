/** The applicant's use cases: a draft, its values and files, submitting it, answering, withdrawing. */
import {
  type Application,
  deleteFile,
  filesTotal,
  findApplicationByKey,
  getFile,
  getForm,
  getService,
  insertApplication,
  insertEvent,
  insertFile,
  listFiles,
  lockApplication,
  municipalityZone,
  nextApplicationNumber,
  type Service,
  updateApplication,
} from '../../db/queries/eservices.ts';
import {
  FILE_LIMITS,
  type FieldProblem as FormProblem,
  type FormField,
  formProblems,
  localDate,
  type TermPause,
  termEnd,
} from '../../dispatch/eservices.ts';
import type { MessageId } from '../../dispatch/messages/index.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, type FieldProblem, HttpProblem, NotFound, Unprocessable } from '../errors.ts';
import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import { storeDocument } from '../passports/store-document.ts';
import type { Links } from './notices.ts';
import { todayIn } from './read-applications.ts';
import type { CreateInput, PatchInput } from './schemas.ts';
import {
  actableApplication,
  mayAct,
  recordStep,
  staleVersion,
  type StepSide,
  stepNotAllowed,
  takeApplicationStep,
} from './steps.ts';

const formReason = (p: FormProblem) => ({ id: `application.field.${p.reason}` as MessageId }) as FieldProblem['reason'];

/** The form's problems as field errors, each naming `body.values.<key>`. */
function valueProblems(
  fields: readonly FormField[],
  values: Record<string, unknown>,
  complete: boolean,
): FieldProblem[] {
  return formProblems(fields, values, complete).map((p) => ({
    field: `body.values.${p.field}`,
    reason: formReason(p),
  }));
}

/** Who applies must be a kind the service admits; an organisation names itself. */
function applicantProblems(service: Service, input: Pick<CreateInput, 'applicantKind' | 'applicantOrganisation'>) {
  const problems: FieldProblem[] = [];
  if (!service.applicantKinds.includes(input.applicantKind))
    problems.push({ field: 'body.applicantKind', reason: { id: 'application.field.applicant_kind' } });
  if (input.applicantKind !== 'person' && !input.applicantOrganisation)
    problems.push({ field: 'body.applicantOrganisation', reason: { id: 'application.field.organisation_needed' } });
  return problems;
}

/** A draft of an application for a service offered now, its values checked for their types only. */
export async function createDraft(ctx: Context, input: CreateInput) {
  const actor = ctx.actor!;
  const service = await getService(ctx.db, input.serviceId);
  if (!service?.active)
    throw new Unprocessable({ id: 'application.service_not_offered' }, [
      { field: 'body.serviceId', reason: { id: 'application.field.service_unknown' } },
    ]);
  const fields = (await getForm(ctx.db, service.id, service.formVersion)) ?? [];
  const problems = [...applicantProblems(service, input), ...valueProblems(fields, input.values, false)];
  if (problems.length > 0) throw new Unprocessable({ id: 'application.invalid' }, problems);
  const now = ctx.clock();
  return inTransaction(ctx, async (tx) => {
    const a = await insertApplication(tx.db, {
      municipalityId: service.municipalityId,
      serviceId: service.id,
      formVersion: service.formVersion,
      departmentId: service.departmentId,
      applicantId: actor.userId,
      applicantKind: input.applicantKind,
      applicantOrganisation: input.applicantKind === 'person' ? null : (input.applicantOrganisation ?? null),
      values: input.values,
      createdAt: now,
      updatedAt: now,
    });
    await insertEvent(tx.db, {
      applicationId: a.id,
      step: 'created',
      actorId: actor.userId,
      toStatus: 'draft',
      at: now,
    });
    return a;
  });
}

const notDraft = (a: Application) =>
  new Conflict({ id: 'application.not_draft' }, { code: 'not_draft', currentStatus: a.status });

/** Change a draft's values or who applies, under its version. */
export async function patchDraft(ctx: Context, id: number, input: PatchInput): Promise<void> {
  await actableApplication(ctx, id, 'applicant');
  await inTransaction(ctx, async (tx) => {
    const a = (await lockApplication(tx.db, id))!;
    if (input.version !== a.version) throw staleVersion(a);
    if (a.status !== 'draft') throw notDraft(a);
    const service = (await getService(tx.db, a.serviceId))!;
    const fields = (await getForm(tx.db, a.serviceId, a.formVersion)) ?? [];
    const next = {
      applicantKind: input.applicantKind ?? a.applicantKind,
      applicantOrganisation:
        input.applicantOrganisation === undefined ? a.applicantOrganisation : input.applicantOrganisation,
      values: input.values ?? a.values,
    };
    const problems = [...applicantProblems(service, next), ...valueProblems(fields, next.values, false)];
    if (problems.length > 0) throw new Unprocessable({ id: 'application.invalid' }, problems);
    await updateApplication(tx.db, a.id, {
      ...next,
      applicantOrganisation: next.applicantKind === 'person' ? null : next.applicantOrganisation,
      updatedAt: ctx.clock(),
    });
  });
}

/** What one may upload to an application in which status: the applicant's documents, the department's result. */
const uploadable: Record<StepSide, { kind: 'document' | 'result'; statuses: readonly Application['status'][] }> = {
  applicant: { kind: 'document', statuses: ['draft', 'awaiting_documents'] },
  department: { kind: 'result', statuses: ['in_progress'] },
};

const MB = 1024 * 1024;

function tooMuch(used: number) {
  const max = FILE_LIMITS.applicationBytes / MB;
  return new HttpProblem(
    413,
    'too-large',
    { id: 'application.file.total_too_large', params: { max } },
    {
      errors: [
        { field: 'file', reason: { id: 'application.file.total_reason', params: { used: Math.ceil(used / MB), max } } },
      ],
    },
  );
}

export type Upload = { bytes: Buffer; name: string; documentCode?: string };

/**
 * Attach a file: the applicant's document (a draft, or while documents are asked for) or the
 * department's result (while it works the application). Recognised by content, at most 20 MB, and
 * the application's files together at most 100 MB.
 */
export async function attachFile(ctx: Context, id: number, side: StepSide, upload: Upload, uploadsDir: string) {
  const before = await actableApplication(ctx, id, side);
  const rule = uploadable[side];
  if (!rule.statuses.includes(before.status)) throw notDraft(before);
  const service = (await getService(ctx.db, before.serviceId))!;
  if (upload.documentCode && !service.documents.some((d) => d.code === upload.documentCode))
    throw new Unprocessable({ id: 'application.invalid' }, [
      { field: 'body.documentCode', reason: { id: 'application.field.document_unknown' } },
    ]);
  if (upload.bytes.length > FILE_LIMITS.fileBytes)
    throw new HttpProblem(413, 'too-large', {
      id: 'application.file.too_large',
      params: { max: FILE_LIMITS.fileBytes / MB },
    });
  const used = await filesTotal(ctx.db, id);
  if (used + upload.bytes.length > FILE_LIMITS.applicationBytes) throw tooMuch(used);
  const stored = await storeDocument(uploadsDir, upload.bytes, 'file');
  return inTransaction(ctx, async (tx) => {
    const a = (await lockApplication(tx.db, id))!;
    mayAct(tx, a, side);
    if (!rule.statuses.includes(a.status)) throw notDraft(a);
    const total = await filesTotal(tx.db, id);
    if (total + stored.size > FILE_LIMITS.applicationBytes) throw tooMuch(total);
    const file = await insertFile(tx.db, {
      applicationId: a.id,
      kind: rule.kind,
      documentCode: upload.documentCode ?? null,
      name: upload.name,
      ...stored,
      uploadedBy: ctx.actor!.userId,
      createdAt: ctx.clock(),
    });
    // Files are rows of their own: the application's version (its fields) stays.
    return file;
  });
}

/** Remove one of a draft's files. */
export async function removeFile(ctx: Context, id: number, fileId: number): Promise<void> {
  await actableApplication(ctx, id, 'applicant');
  await inTransaction(ctx, async (tx) => {
    const a = (await lockApplication(tx.db, id))!;
    const file = await getFile(tx.db, a.id, fileId);
    if (!file) throw new NotFound('attachment');
    if (a.status !== 'draft') throw notDraft(a);
    await deleteFile(tx.db, file.id);
  });
}

/** Everything the complete form and the required documents still lack, each naming its field. */
async function submissionProblems(tx: Context, a: Application, service: Service): Promise<FieldProblem[]> {
  const fields = (await getForm(tx.db, a.serviceId, a.formVersion)) ?? [];
  const attached = new Set((await listFiles(tx.db, a.id)).map((f) => f.documentCode));
  const missing = service.documents
    .filter((d) => d.required && !attached.has(d.code))
    .map((d) => ({ field: `files.${d.code}`, reason: { id: 'application.field.document_missing' } }) as FieldProblem);
  return [...applicantProblems(service, a), ...valueProblems(fields, a.values, true), ...missing];
}

/**
 * Submit a draft: the complete form and the required documents checked, then its number, the day
 * its term runs from (the municipality's local day), the due day and the first stage. The same
 * Idempotency-Key again answers the application as it is.
 */
export async function submitApplication(
  ctx: Context,
  id: number,
  key: string | undefined,
  links: Links,
): Promise<void> {
  const before = await actableApplication(ctx, id, 'applicant');
  if (key) {
    const existing = await findApplicationByKey(ctx.db, before.applicantId, key);
    if (existing && existing.id !== id) throw keyReused();
    if (existing) return;
  }
  await inTransaction(ctx, (tx) => submitLocked(tx, id, key, links)).catch((err: unknown) => {
    // The same key sent with two applications at once: the second meets the first's at its write.
    if (violatedUniqueConstraint(err) === 'applications_idempotency_uq') throw keyReused();
    throw err;
  });
}

const keyReused = () =>
  new Unprocessable({ id: 'application.idempotency_key_reused' }, [
    { field: 'headers.idempotency-key', reason: { id: 'application.field.idempotency_key_taken' } },
  ]);

/** Submit under the row lock: checked, numbered, its term started (see submitApplication). */
async function submitLocked(tx: Context, id: number, key: string | undefined, links: Links): Promise<void> {
  const a = (await lockApplication(tx.db, id))!;
  if (key && a.idempotencyKey === key) return;
  const service = (await getService(tx.db, a.serviceId))!;
  if (a.status !== 'draft') throw stepNotAllowed(tx, a, service, 'submit');
  if (!service.active) throw new Unprocessable({ id: 'application.service_not_offered' });
  const problems = await submissionProblems(tx, a, service);
  if (problems.length > 0) throw new Unprocessable({ id: 'application.invalid' }, problems);
  const now = tx.clock();
  const zone = await municipalityZone(tx.db, a.municipalityId);
  const today = localDate(now, zone.timeZone);
  const year = Number(today.slice(0, 4));
  const sequence = await nextApplicationNumber(tx.db, a.municipalityId, year);
  const set = {
    number: `${service.code}-${year}-${String(sequence).padStart(6, '0')}`,
    submittedAt: now,
    termStartOn: today,
    dueOn: termEnd(today, service.termDays, service.termUnit),
    stageIndex: 0,
    stageStartedAt: now,
    idempotencyKey: key ?? null,
  };
  await recordStep(tx, a, service, 'submit', { set }, links);
}

/** Close the open pause on `today` and recompute the due day. */
export function resumeTerm(a: Application, service: Service, today: string) {
  const pauses: TermPause[] = a.pauses.map((p) => (p.to === null ? { from: p.from, to: today } : p));
  return { pauses, dueOn: termEnd(a.termStartOn!, service.termDays, service.termUnit, pauses) };
}

/** Answer a request for documents (the files uploaded before): the term runs again. */
export async function provideDocuments(
  ctx: Context,
  id: number,
  input: { version: number; note: string },
  links: Links,
) {
  await takeApplicationStep(ctx, id, 'provide_documents', 'applicant', input.version, links, async (tx, a, service) => {
    const today = await todayIn(tx, a.municipalityId);
    return { set: resumeTerm(a, service, today), note: input.note };
  });
}

/** Withdraw an application before the decision. */
export async function withdrawApplication(
  ctx: Context,
  id: number,
  input: { version: number; note?: string },
  links: Links,
) {
  await takeApplicationStep(ctx, id, 'withdraw', 'applicant', input.version, links, (tx) => ({
    set: { closedAt: tx.clock() },
    note: input.note ?? null,
  }));
}
