/** The shapes of the e-services API: the catalogue, applications, steps and inter-agency requests. */
import { z } from 'zod';
import {
  applicantKinds,
  applicationStatuses,
  applicationSteps,
  formFieldTypes,
  interagencyStatuses,
  resultKinds,
  termStates,
  termUnits,
} from '../../dispatch/eservices.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { idempotencyKey } from '../appeals/schemas.ts';
import { bigRecordIdParam, filePart, municipalityQuery, recordId, recordIdParam, userText } from '../schemas.ts';

export { idempotencyKey };

const required = { length: 1, tooShort: messageRef('field.required') };
const version = z
  .number({ error: messageRef('field.expected_number') })
  .int()
  .min(1)
  .max(2 ** 31 - 1)
  .describe('The version read; a stale one answers 409');

export const texts = z.object({
  ru: userText(2000, required),
  en: userText(2000, required),
  tt: userText(2000, required),
});
const textsOut = z.object({ ru: z.string(), en: z.string(), tt: z.string() });
const code = z.string().regex(/^[a-z0-9_]{1,40}$/, messageRef('field.code'));

export const formFieldIn = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, messageRef('field.code')),
  type: z.enum(formFieldTypes),
  label: texts,
  hint: texts.optional(),
  required: z.boolean(),
  min: z.number().int().min(0).max(1_000_000_000).optional(),
  max: z.number().int().min(0).max(1_000_000_000).optional(),
  pattern: z.string().max(200).optional(),
  choices: z
    .array(z.object({ value: z.string().min(1).max(60), label: texts }))
    .max(100)
    .optional(),
});
const formFieldOut = z.object({
  key: z.string(),
  type: z.enum(formFieldTypes),
  label: textsOut,
  hint: textsOut.optional(),
  required: z.boolean(),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().optional(),
  choices: z.array(z.object({ value: z.string(), label: textsOut })).optional(),
});
export const stageIn = z.object({ code, name: texts, termDays: z.number().int().min(1).max(366), unit: texts });
export const groundIn = z.object({ code, text: texts });
export const documentIn = z.object({ code, name: texts, required: z.boolean() });
const stageOut = z.object({ code: z.string(), name: textsOut, termDays: z.number().int(), unit: textsOut });
const groundOut = z.object({ code: z.string(), text: textsOut });
const documentOut = z.object({ code: z.string(), name: textsOut, required: z.boolean() });

// ── The catalogue ──

export const catalogueQuery = z.object({
  municipality: municipalityQuery,
  q: userText(100).optional().describe('Words of the name, in Russian, English or Tatar'),
});
export const serviceQuery = z.object({ municipality: municipalityQuery });
export const serviceKey = z.object({ id: recordIdParam });

export const serviceSummary = z.object({
  id: z.number().int(),
  code: z.string(),
  name: textsOut,
  description: textsOut,
  resultKind: z.enum(resultKinds),
  termDays: z.number().int(),
  termUnit: z.enum(termUnits),
});
export const catalogueAnswer = z.object({ items: z.array(serviceSummary) });

export const adminCatalogueQuery = z.object({
  q: userText(100).optional().describe('Words of the name (Russian, English or Tatar) or the code'),
});
export const adminCatalogueAnswer = z.object({
  items: z.array(
    serviceSummary.extend({
      departmentId: z.number().int(),
      active: z.boolean(),
      formVersion: z.number().int().describe('The version of the form applications are begun with now'),
    }),
  ),
});

export const serviceDetail = serviceSummary.extend({
  departmentId: z.number().int(),
  applicantKinds: z.array(z.enum(applicantKinds)),
  documents: z.array(documentOut),
  pausable: z.boolean(),
  stages: z.array(stageOut),
  refusalGrounds: z.array(groundOut),
  collection: textsOut,
  active: z.boolean(),
  version: z.number().int(),
  form: z.object({ version: z.number().int(), fields: z.array(formFieldOut) }),
});

export const servicePatch = z.strictObject({
  version,
  name: texts.optional(),
  description: texts.optional(),
  termDays: z.number().int().min(1).max(366).optional(),
  termUnit: z.enum(termUnits).optional(),
  pausable: z.boolean().optional(),
  stages: z.array(stageIn).min(1).max(30).optional(),
  refusalGrounds: z.array(groundIn).min(1).max(50).optional(),
  documents: z.array(documentIn).max(50).optional(),
  collection: texts.optional(),
  active: z.boolean().optional(),
});
export type ServicePatch = z.infer<typeof servicePatch>;

export const formInput = z.strictObject({ fields: z.array(formFieldIn).min(1).max(100) });
export type FormInput = z.infer<typeof formInput>;

// ── Applications ──

export const applicationKey = z.object({ id: bigRecordIdParam });
export const fileKey = z.object({ id: bigRecordIdParam, fileId: bigRecordIdParam });

const organisationIn = z.object({
  name: userText(300, required),
  inn: z.string().regex(/^(\d{10}|\d{12})$/, messageRef('application.field.inn')),
});
const values = z.record(z.string().max(40), z.unknown()).describe('The form’s values by field key');

export const createInput = z.strictObject({
  serviceId: recordId,
  applicantKind: z.enum(applicantKinds),
  applicantOrganisation: organisationIn.nullable().optional(),
  values: values.default({}),
});
export type CreateInput = z.infer<typeof createInput>;

export const patchInput = z.strictObject({
  version,
  applicantKind: z.enum(applicantKinds).optional(),
  applicantOrganisation: organisationIn.nullable().optional(),
  values: values.optional(),
});
export type PatchInput = z.infer<typeof patchInput>;

export const submitHeaders = z.object({ 'idempotency-key': idempotencyKey });
export const answerInput = z.strictObject({ version, note: userText(4000, required) });
export const withdrawInput = z.strictObject({ version, note: userText(2000).optional() });

export const fileFields = z.object({
  documentCode: code.optional().describe('The catalogue’s document this file stands for'),
});
export const fileForm = fileFields.extend({ file: filePart.describe('PDF, JPEG, PNG or WebP, ≤ 20 MB') });

const fileOut = z.object({
  id: z.number().int(),
  kind: z.enum(['document', 'result', 'interagency']),
  documentCode: z.string().nullable(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  url: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export const fileAnswer = fileOut;

const actorOut = z.object({
  kind: z.enum(['you', 'applicant', 'staff', 'system']),
  role: z.string().nullable(),
  name: z.string().nullable(),
});
const eventOut = z.object({
  id: z.number().int(),
  step: z.string(),
  at: z.iso.datetime({ offset: true }),
  who: actorOut,
  fromStatus: z.enum(applicationStatuses).nullable(),
  toStatus: z.enum(applicationStatuses),
  fromStage: z.number().int().nullable(),
  toStage: z.number().int().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
const interagencyOut = z.object({
  id: z.number().int(),
  organisation: z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() }),
  question: z.string(),
  termDays: z.number().int(),
  dueOn: z.iso.date(),
  status: z.enum(interagencyStatuses),
  answerNote: z.string().nullable(),
  answerFileId: z.number().int().nullable(),
  answeredAt: z.iso.datetime({ offset: true }).nullable(),
  version: z.number().int(),
});

export const applicationSummary = z.object({
  id: z.number().int(),
  number: z.string().nullable(),
  service: z.object({ id: z.number().int(), code: z.string(), name: textsOut }),
  status: z.enum(applicationStatuses),
  stage: z.object({ index: z.number().int(), name: textsOut }).nullable(),
  submittedAt: z.iso.datetime({ offset: true }).nullable(),
  dueOn: z.iso.date().nullable(),
  termState: z.enum(termStates).nullable(),
  version: z.number().int(),
});
export const mineAnswer = z.object({ items: z.array(applicationSummary) });

export const applicationDetail = applicationSummary.extend({
  applicantKind: z.enum(applicantKinds),
  applicantOrganisation: z.object({ name: z.string(), inn: z.string() }).nullable(),
  applicant: z
    .object({ fullName: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() })
    .nullable()
    .describe('To those who may read the applicant’s personal data'),
  values: z.record(z.string(), z.unknown()),
  form: z.object({ version: z.number().int(), fields: z.array(formFieldOut) }),
  documents: z.array(documentOut),
  stages: z.array(stageOut),
  termStartOn: z.iso.date().nullable(),
  pauses: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
  refusal: z.object({ ground: z.string(), text: textsOut.nullable(), note: z.string().nullable() }).nullable(),
  delivery: z.enum(['collect', 'electronic']).nullable(),
  collection: textsOut,
  files: z.array(fileOut),
  interagency: z.array(interagencyOut),
  timeline: z.array(eventOut),
  allowedSteps: z.array(z.enum(applicationSteps)),
});

// ── The department ──

/** What a department sees: an application once submitted (a draft is the applicant's alone). */
const filedStatuses = applicationStatuses.filter((s) => s !== 'draft') as [
  Exclude<(typeof applicationStatuses)[number], 'draft'>,
  ...Exclude<(typeof applicationStatuses)[number], 'draft'>[],
];

export const inboxQuery = z.object({
  status: z.enum(filedStatuses).optional(),
  serviceId: recordIdParam.optional(),
  stage: z.coerce.number().int().min(0).max(29).optional(),
  termState: z.enum(termStates).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type InboxQuery = z.infer<typeof inboxQuery>;
export const inboxAnswer = z.object({
  items: z.array(applicationSummary.extend({ assigneeId: z.number().int().nullable() })),
  /** Exact up to 10,000; `totalCapped` when there are more (the total is then 10,000). */
  total: z.number().int(),
  totalCapped: z.boolean(),
});

const note = userText(4000, required);
export const stepInput = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('take'), version, note: userText(4000).optional() }),
  z.strictObject({ step: z.literal('advance'), version, note }),
  z.strictObject({ step: z.literal('request_documents'), version, note }),
  z.strictObject({
    step: z.literal('issue_result'),
    version,
    note: userText(4000).optional(),
    resultFileId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    delivery: z.enum(['collect', 'electronic']).default('electronic'),
  }),
  z.strictObject({ step: z.literal('refuse'), version, ground: code, note }),
  z.strictObject({
    step: z.literal('mark_ready'),
    version,
    delivery: z.enum(['collect', 'electronic']),
    note: userText(4000).optional(),
  }),
  z.strictObject({ step: z.literal('deliver'), version, note: userText(4000).optional() }),
  z.strictObject({ step: z.literal('hand_over'), version, note: userText(4000).optional() }),
]);
export type StepInput = z.infer<typeof stepInput>;

// ── Inter-agency requests ──

export const interagencyInput = z.strictObject({
  organisationId: recordId,
  question: userText(4000, required),
  termDays: z.number().int().min(1).max(60).optional(),
});
export type InteragencyInput = z.infer<typeof interagencyInput>;
export const interagencyKey = z.object({ id: bigRecordIdParam });
export const interagencyAnswerFields = z.object({
  decision: z.enum(['agree', 'refuse']),
  note: userText(4000, required),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});
export type InteragencyAnswer = z.infer<typeof interagencyAnswerFields>;
export const interagencyAnswerForm = interagencyAnswerFields.extend({
  file: filePart.optional().describe('PDF, JPEG, PNG or WebP, ≤ 20 MB'),
});
export const interagencyItem = z.object({
  id: z.number().int(),
  applicationNumber: z.string().nullable(),
  service: z.object({ code: z.string(), name: textsOut }),
  question: z.string(),
  termDays: z.number().int(),
  dueOn: z.iso.date(),
  status: z.enum(interagencyStatuses),
  answerNote: z.string().nullable(),
  answeredAt: z.iso.datetime({ offset: true }).nullable(),
  version: z.number().int(),
});
export const interagencyQueue = z.object({ items: z.array(interagencyItem), total: z.number().int() });
export const interagencyQueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const interagencyAnswer = interagencyOut;
export const interagencyAnswered = z.object({
  id: z.number().int(),
  status: z.enum(interagencyStatuses),
  answerNote: z.string().nullable(),
  answerFileId: z.number().int().nullable(),
  answeredAt: z.iso.datetime({ offset: true }).nullable(),
  version: z.number().int(),
});
