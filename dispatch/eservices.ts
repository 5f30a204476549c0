/**
 * Municipal e-services (issue 15): the catalogue's shapes, an application's lifecycle as one
 * transition table, and the arithmetic of regulated terms on the production calendar. Pure: dates
 * and instants are passed in; nothing here reads the clock, the database or the queue.
 */
import { productionDay } from './production-calendar.ts';

/** A text in the three languages a resident may read: Russian first, English, Tatar. */
export type Texts = { ru: string; en: string; tt: string };

export const applicantKinds = ['person', 'entrepreneur', 'legal_entity'] as const;
export type ApplicantKind = (typeof applicantKinds)[number];

export const resultKinds = ['document', 'decision', 'certificate'] as const;
export type ResultKind = (typeof resultKinds)[number];

/** How a regulated term is counted: working days of the production calendar, or calendar days. */
export const termUnits = ['working_days', 'calendar_days'] as const;
export type TermUnit = (typeof termUnits)[number];

export const formFieldTypes = ['text', 'textarea', 'number', 'date', 'choice', 'checkbox', 'cadastral_number'] as const;
export type FormFieldType = (typeof formFieldTypes)[number];

/** One field of a service's form. `choices` only for `choice`; `min`/`max` bound a number or a text's length. */
export type FormField = {
  key: string;
  type: FormFieldType;
  label: Texts;
  hint?: Texts;
  required: boolean;
  min?: number;
  max?: number;
  /** A regular expression a text must match (anchored by the checker). */
  pattern?: string;
  choices?: { value: string; label: Texts }[];
};

/** One internal stage of a service: its own term (working days) and the unit responsible for it. */
export type ServiceStage = { code: string; name: Texts; termDays: number; unit: Texts };

/** A legal ground for refusing, from the service's regulation. */
export type RefusalGround = { code: string; text: Texts };

/** A document the applicant attaches; `required` ones must be present to submit. */
export type RequiredDocument = { code: string; name: Texts; required: boolean };

// ---------------------------------------------------------------------------------------------
// The lifecycle

export const applicationStatuses = [
  'draft',
  'submitted',
  'in_progress',
  'awaiting_documents',
  'ready',
  'issued',
  'refused',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** Statuses in which nothing more happens. */
export const finalStatuses: readonly ApplicationStatus[] = ['issued', 'refused', 'withdrawn'];
/** Statuses the department works on (its inbox). */
export const openStatuses: readonly ApplicationStatus[] = ['submitted', 'in_progress', 'awaiting_documents', 'ready'];

export const applicationSteps = [
  // the applicant's
  'submit',
  'provide_documents',
  'withdraw',
  // the department's
  'take',
  'advance',
  'request_documents',
  'issue_result',
  'refuse',
  'mark_ready',
  'deliver',
  'hand_over',
] as const;
export type ApplicationStep = (typeof applicationSteps)[number];

export const applicantSteps: readonly ApplicationStep[] = ['submit', 'provide_documents', 'withdraw'];

/**
 * The transition table: from a status, a step leads to a status. `issue_result` records the result
 * document and moves to `ready` (to collect) — `deliver` sends it electronically and ends as issued,
 * `hand_over` records that the applicant collected it. `mark_ready` is for a result made outside the
 * system (paper). A department may `take` an application it already holds (another clerk takes it).
 */
export const transitions: Readonly<Record<ApplicationStatus, Partial<Record<ApplicationStep, ApplicationStatus>>>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { take: 'in_progress', refuse: 'refused', withdraw: 'withdrawn', request_documents: 'awaiting_documents' },
  in_progress: {
    take: 'in_progress',
    advance: 'in_progress',
    request_documents: 'awaiting_documents',
    issue_result: 'ready',
    mark_ready: 'ready',
    refuse: 'refused',
    withdraw: 'withdrawn',
  },
  awaiting_documents: {
    provide_documents: 'in_progress',
    refuse: 'refused',
    withdraw: 'withdrawn',
    take: 'awaiting_documents',
  },
  ready: { deliver: 'issued', hand_over: 'issued' },
  issued: {},
  refused: {},
  withdrawn: {},
};

/** The status a step leads to from this one, or null when the step is not allowed here. */
export function nextStatus(status: ApplicationStatus, step: ApplicationStep): ApplicationStatus | null {
  return transitions[status][step] ?? null;
}

/** The steps allowed from a status (for a 409's `allowed` and the workspace's buttons). */
export function allowedSteps(status: ApplicationStatus): ApplicationStep[] {
  return applicationSteps.filter((s) => transitions[status][s] !== undefined);
}

/**
 * `advance` moves to the next internal stage; it is refused on the last stage before the result
 * (the result is issued by `issue_result`). Returns the next stage index, or null when there is none.
 */
export function nextStage(stages: readonly ServiceStage[], current: number): number | null {
  return current + 1 < stages.length ? current + 1 : null;
}

// ---------------------------------------------------------------------------------------------
// Terms

/** A local date, yyyy-mm-dd, in the municipality's time zone. */
export type LocalDate = string;

/** The local date of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): LocalDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const DAY = 86_400_000;

export function addDays(day: LocalDate, n: number): LocalDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

/** A working day of the Russian production calendar: Mon–Fri unless a holiday, or a transferred working Saturday. */
export function isWorkingDay(day: LocalDate): boolean {
  const kind = productionDay(day);
  if (kind === 'day_off') return false;
  if (kind === 'working_weekend' || kind === 'working_weekend_shortened') return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * A pause of the term: days after `from` up to and including `to` are not counted (documents were
 * asked for on `from` and given on `to`); `to` null while the applicant has not answered.
 */
export type TermPause = { from: LocalDate; to: LocalDate | null };

function paused(day: LocalDate, pauses: readonly TermPause[]): boolean {
  return pauses.some((p) => day > p.from && (p.to === null || day <= p.to));
}

/** Whether a day counts towards a term: after the start day, not paused, and a working day for working-day terms. */
export function countsTowardsTerm(
  day: LocalDate,
  start: LocalDate,
  unit: TermUnit,
  pauses: readonly TermPause[],
): boolean {
  if (day <= start || paused(day, pauses)) return false;
  return unit === 'calendar_days' || isWorkingDay(day);
}

// Sixty years of days: no term of a regulation reaches that far; a guard against a bad calendar.
const MAX_SEARCH = 366 * 60;

/**
 * The last day of a term of `days` days started on `start` (the day of registration): the term runs
 * from the next day (Civil Code art. 191); paused days do not count; a calendar-day term that ends on
 * a day off ends on the next working day (art. 193). Null while a pause is open: the due day is
 * unknown until the applicant answers.
 */
export function termEnd(
  start: LocalDate,
  days: number,
  unit: TermUnit,
  pauses: readonly TermPause[] = [],
): LocalDate | null {
  if (pauses.some((p) => p.to === null)) return null;
  let day = start;
  let counted = 0;
  for (let i = 0; counted < days; i++) {
    if (i > MAX_SEARCH) throw new Error('term beyond sixty years');
    day = addDays(day, 1);
    if (countsTowardsTerm(day, start, unit, pauses)) counted++;
  }
  if (unit === 'calendar_days') while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** How many days of a term have been used from `start` up to and including `today`. */
export function termDaysUsed(
  start: LocalDate,
  today: LocalDate,
  unit: TermUnit,
  pauses: readonly TermPause[] = [],
): number {
  let used = 0;
  for (let day = addDays(start, 1); day <= today; day = addDays(day, 1)) {
    if (countsTowardsTerm(day, start, unit, pauses)) used++;
  }
  return used;
}

export const termStates = ['on_time', 'at_risk', 'overdue', 'paused'] as const;
export type TermState = (typeof termStates)[number];

/**
 * Where an open term stands today: overdue after its last day; at risk on its last two days (or
 * the last fifth of a long term); paused while the applicant is asked for documents.
 */
export function termState(due: LocalDate | null, today: LocalDate, termDays: number): TermState {
  if (due === null) return 'paused';
  if (today > due) return 'overdue';
  const margin = Math.max(1, Math.ceil(termDays / 5));
  return daysBetween(today, due) < margin ? 'at_risk' : 'on_time';
}

// ---------------------------------------------------------------------------------------------
// Inter-agency requests

export const interagencyStatuses = ['pending', 'agreed', 'refused', 'cancelled'] as const;
export type InteragencyStatus = (typeof interagencyStatuses)[number];
/** Federal law 210-FZ art. 7.2: an inter-agency request is answered within five working days. */
export const INTERAGENCY_TERM_DAYS = 5;

// ---------------------------------------------------------------------------------------------
// Forms

export type FieldProblem = {
  field: string;
  reason: 'required' | 'type' | 'too_small' | 'too_large' | 'pattern' | 'choice' | 'unknown';
};

const CADASTRAL = /^\d{2}:\d{2}:\d{6,7}:\d{1,6}$/;

/**
 * Check an application's values against the form it is filed with: every problem, each naming its
 * field. Unknown keys are problems too (a form changed under a stale page must not lose data silently).
 */
export function formProblems(
  fields: readonly FormField[],
  values: Record<string, unknown>,
  complete = true,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(values)) if (!known.has(key)) problems.push({ field: key, reason: 'unknown' });
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '' || (f.type === 'checkbox' && v === false && f.required)) {
      if (f.required && complete) problems.push({ field: f.key, reason: 'required' });
      continue;
    }
    const p = valueProblem(f, v);
    if (p) problems.push({ field: f.key, reason: p });
  }
  return problems;
}

function valueProblem(f: FormField, v: unknown): FieldProblem['reason'] | null {
  switch (f.type) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'type';
      if (f.min !== undefined && v < f.min) return 'too_small';
      if (f.max !== undefined && v > f.max) return 'too_large';
      return null;
    }
    case 'checkbox':
      return typeof v === 'boolean' ? null : 'type';
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'type';
    case 'choice':
      if (typeof v !== 'string') return 'type';
      return f.choices?.some((c) => c.value === v) ? null : 'choice';
    case 'cadastral_number':
      if (typeof v !== 'string') return 'type';
      return CADASTRAL.test(v.trim()) ? null : 'pattern';
    default: {
      if (typeof v !== 'string') return 'type';
      const length = v.trim().length;
      if (f.min !== undefined && length < f.min) return 'too_small';
      if (f.max !== undefined && length > f.max) return 'too_large';
      if (f.pattern && !new RegExp(`^(?:${f.pattern})$`).test(v.trim())) return 'pattern';
      return null;
    }
  }
}

/** Limits of an application's files (issue 15): PDF, JPEG, PNG or WebP by content. */
export const FILE_LIMITS = { fileBytes: 20 * 1024 * 1024, applicationBytes: 100 * 1024 * 1024 } as const;

// ---------------------------------------------------------------------------------------------
// Who hears of a step

/**
 * The people a notice of an application goes to: its applicant, or the staff of an organisation
 * (the department that provides the service, or the organisation asked an inter-agency question).
 */
export type ApplicationAudience = 'applicant' | 'department' | 'asked_organisation';

/** What a notice says: the messages of dispatch/messages/eservices.ts (`notice.application.<what>`). */
export const applicationNoticeKinds = [
  'status_changed',
  'documents_requested',
  'ready',
  'refused',
  'new_application',
  'documents_provided',
  'withdrawn',
  'overdue',
  'interagency_asked',
  'interagency_answered',
] as const;
export type ApplicationNoticeWhat = (typeof applicationNoticeKinds)[number];

/**
 * Each audience hears under one of the kinds people choose channels for (dispatch/notification-kinds.ts):
 * the applicant's documents request and "ready" are the kinds residents get by SMS by default (they
 * must act: answer, or come for the result), other status changes `status_changed`; the department
 * hears of a new application and the asked organisation of a question as `assignment`, of what the
 * other side did as `appeal_update`, and of overdue work as `reminder`.
 */
export const noticeKindOf: Record<
  ApplicationNoticeWhat,
  'status_changed' | 'info_requested' | 'resolved' | 'assignment' | 'appeal_update' | 'reminder'
> = {
  status_changed: 'status_changed',
  documents_requested: 'info_requested',
  ready: 'resolved',
  refused: 'status_changed',
  new_application: 'assignment',
  documents_provided: 'appeal_update',
  withdrawn: 'appeal_update',
  overdue: 'reminder',
  interagency_asked: 'assignment',
  interagency_answered: 'appeal_update',
};

export type ApplicationNotice = { audience: ApplicationAudience; what: ApplicationNoticeWhat };

/**
 * The notices of a step: the applicant hears of every change of status (the documents asked for,
 * "ready", a refusal in their own words); the department of a new application, of documents given
 * and of a withdrawal. The one who acted is never told of their own step (the writer skips them).
 */
export function stepNotices(
  step: ApplicationStep,
  from: ApplicationStatus,
  to: ApplicationStatus,
): ApplicationNotice[] {
  const notices: ApplicationNotice[] = [];
  if (from !== to) {
    const what: ApplicationNoticeWhat =
      to === 'awaiting_documents'
        ? 'documents_requested'
        : to === 'ready'
          ? 'ready'
          : to === 'refused'
            ? 'refused'
            : 'status_changed';
    notices.push({ audience: 'applicant', what });
  }
  if (step === 'submit') notices.push({ audience: 'department', what: 'new_application' });
  if (step === 'provide_documents') notices.push({ audience: 'department', what: 'documents_provided' });
  if (step === 'withdraw' && from !== 'draft') notices.push({ audience: 'department', what: 'withdrawn' });
  return notices;
}
