/**
 * Demo municipal e-services (issue 15): Kazan's catalogue of 25 services and Innopolis's two, each
 * with form version 1, and about 170 applications to Kazan's departments filed over the 60 days
 * before `now` — in every status and stage: drafts, fresh ones nobody has taken, ones in work (some
 * past their term), ones waiting for the applicant's documents (the term paused), ones waiting for
 * a resource supplier's answer, results ready to collect, issued, refused and withdrawn. Every step
 * is an application event made through the lifecycle table (dispatch/eservices.ts), so the events
 * and the application always agree. Deterministic for a seed and `now`.
 */
import { sql } from 'drizzle-orm';
import {
  addDays,
  type ApplicantKind,
  type ApplicationStatus,
  type ApplicationStep,
  INTERAGENCY_TERM_DAYS,
  isWorkingDay,
  type LocalDate,
  localDate,
  nextStage,
  nextStatus,
  type RefusalGround,
  type TermPause,
  termEnd,
} from '../../dispatch/eservices.ts';
import type { Database } from '../client.ts';
import {
  applicationEvents,
  applicationNumbers,
  applications,
  eserviceForms,
  eservices,
  interagencyRequests,
} from '../schema/index.ts';
import { type CatalogueService, INNOPOLIS_ESERVICES, KAZAN_ESERVICES } from './eservices-catalogue.ts';
import { innFor, sampleValues } from './eservices-values.ts';
import { DEMO_RESIDENTS } from './kazan.ts';
import { copyRows } from './load.ts';
import { Random } from './random.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Applications filed at random over the history, besides the scripted ones. */
const RANDOM_APPLICATIONS = 150;
const HISTORY_DAYS = 60;

type EventStep = ApplicationStep | 'created' | 'interagency_sent' | 'interagency_answered';
type Actor = 'applicant' | 'clerk' | 'head' | 'agency';

/** One step an application is planned to take, `gap` after the previous one. */
type PlannedStep = { step: EventStep; gap: number; by: Actor; note: string | null; request?: number };

/** Where a demo application ends up. */
type Outcome =
  | 'draft'
  | 'submitted'
  | 'awaiting_documents'
  | 'in_progress'
  | 'ready'
  | 'issued'
  | 'refused'
  | 'withdrawn';

/** How a demo application goes. */
type Script = {
  service: string;
  outcome: Outcome;
  /** The stage it stops at when in progress, refused or withdrawn (-1: withdrawn before anyone took it). */
  stage?: number;
  /** Index into DEMO_RESIDENTS; a random resident otherwise. */
  resident?: number;
  /** Slower than the regulation allows. */
  slow?: boolean;
  /** Documents are asked for at the review stage (and given, unless that is where it stops). */
  documents?: boolean;
  /** It stops with the inter-agency requests of its stage sent and unanswered. */
  pendingAnswers?: boolean;
  delivery?: 'collect' | 'electronic';
  /** The result is made on paper (mark_ready) rather than in the system. */
  paper?: boolean;
  /** Open past its due day by now. */
  overdue?: boolean;
  /** Hours since its last step, for scripted ones. */
  idleHours?: number;
};

/**
 * The demo's showcase, so that every status and stage is there whatever the seed: the first demo
 * resident (Гарипова Алсу) has a ГПЗУ waiting for Vodokanal, a redevelopment waiting for her
 * documents, an issued archive certificate and a draft; the architecture department (uaig.staff) has
 * one ГПЗУ in every stage, one of them overdue.
 */
const SHOWCASE: Script[] = [
  { service: 'gpzu', outcome: 'in_progress', stage: 2, resident: 0, pendingAnswers: true, idleHours: 20 },
  { service: 'gpzu', outcome: 'in_progress', stage: 0, idleHours: 3 },
  { service: 'gpzu', outcome: 'in_progress', stage: 1, idleHours: 26 },
  { service: 'gpzu', outcome: 'in_progress', stage: 3, slow: true, overdue: true },
  { service: 'gpzu', outcome: 'in_progress', stage: 4, idleHours: 5 },
  { service: 'gpzu', outcome: 'ready', resident: 1, delivery: 'collect', idleHours: 30 },
  { service: 'gpzu', outcome: 'issued', delivery: 'electronic', idleHours: 100 },
  { service: 'gpzu', outcome: 'refused', stage: 1, idleHours: 200 },
  { service: 'gpzu', outcome: 'submitted', idleHours: 2 },
  { service: 'redevelopment', outcome: 'awaiting_documents', resident: 0, documents: true, idleHours: 50 },
  { service: 'redevelopment', outcome: 'in_progress', stage: 2, documents: true, idleHours: 70 },
  { service: 'redevelopment', outcome: 'refused', stage: 1, documents: true, idleHours: 90 },
  { service: 'kindergarten', outcome: 'in_progress', stage: 1, resident: 2, idleHours: 20 },
  { service: 'kindergarten', outcome: 'submitted', idleHours: 1 },
  { service: 'kindergarten', outcome: 'issued', resident: 2, delivery: 'electronic', idleHours: 400 },
  { service: 'archive-certificate', outcome: 'issued', resident: 0, delivery: 'collect', idleHours: 150 },
  { service: 'archive-certificate', outcome: 'draft', resident: 0, idleHours: 28 },
  { service: 'archive-certificate', outcome: 'draft', resident: 1, idleHours: 300 },
  { service: 'build-permit', outcome: 'submitted', overdue: true },
  { service: 'excavation', outcome: 'in_progress', stage: 2, pendingAnswers: true, slow: true, overdue: true },
  { service: 'housing-list', outcome: 'withdrawn', stage: 1, resident: 1, idleHours: 240 },
  { service: 'address', outcome: 'ready', paper: true, delivery: 'collect', idleHours: 48 },
  { service: 'tree-felling', outcome: 'awaiting_documents', resident: 2, documents: true, idleHours: 100 },
  { service: 'house-notice', outcome: 'refused', stage: 1, idleHours: 120 },
  { service: 'signboard', outcome: 'in_progress', stage: 3, idleHours: 10 },
  { service: 'land-lease', outcome: 'in_progress', stage: 2, slow: true, overdue: true },
  { service: 'kindergarten', outcome: 'withdrawn', stage: -1, idleHours: 500 },
];

const companies = [
  'ООО «СтройИнвест-Казань»',
  'ООО «Казань Девелопмент»',
  'АО «Татстрой»',
  'ООО «Идел Групп»',
  'ООО «Ак Барс Девелопмент»',
  'ООО «Торговый дом «Бахетле-Сервис»',
];
const entrepreneurs = ['ИП Сафиуллин Р. Р.', 'ИП Мухаметова Г. Ф.', 'ИП Козлов А. В.', 'ИП Шайхутдинов И. М.'];

// ---------------------------------------------------------------------------------------------
// Planning one application's steps

const stageDuration = (service: CatalogueService, s: number, speed: number) =>
  service.stages[s]!.termDays * 1.4 * DAY * speed;

/** The inter-agency requests of a stage: sent, and answered unless they are to be pending. */
function interagencySteps(service: CatalogueService, rng: Random, pending: boolean): PlannedStep[] {
  const asked = service.interagency ?? [];
  const steps: PlannedStep[] = asked.map((q, i) => ({
    step: 'interagency_sent',
    gap: rng.float(0.5, 4) * HOUR,
    by: 'clerk',
    note: q.question,
    request: i,
  }));
  if (pending) return steps;
  // the answers come in any order
  for (const i of rng.shuffle(asked.map((_, i) => i))) {
    steps.push({
      step: 'interagency_answered',
      gap: rng.float(0.5, 2.5) * DAY,
      by: 'agency',
      note: asked[i]!.answer,
      request: i,
    });
  }
  return steps;
}

/** The document asked for: one the service lists besides the identity document and the proxy. */
function askedDocument(service: CatalogueService, rng: Random): string {
  const own = service.documents.filter((d) => d.code !== 'identity' && d.code !== 'proxy');
  const doc = own.length > 0 ? rng.pick(own) : service.documents[0]!;
  return `Прошу представить: ${doc.name.ru.charAt(0).toLowerCase()}${doc.name.ru.slice(1)}.`;
}

/** A refusal on a ground of the service: for documents never given, the documents ground when it has one. */
function refusal(service: CatalogueService, rng: Random, documentsNotGiven: boolean): RefusalGround {
  const documents = service.refusalGrounds.find((g) => g.code === 'documents');
  if (documentsNotGiven && documents) return documents;
  return rng.pick(service.refusalGrounds);
}

/**
 * The steps of one stage before its work is done: its inter-agency requests, or the request for
 * documents (on the review stage) and the applicant's answer. `ends` when the script ends there:
 * waiting for the documents, or refused because they never came.
 */
function stageSteps(
  service: CatalogueService,
  script: Script,
  s: number,
  rng: Random,
): { steps: PlannedStep[]; ends: boolean } {
  const code = service.stages[s]!.code;
  const stopsHere = script.stage === s;
  const steps: PlannedStep[] = [];
  if ((code === 'interagency' || code === 'approvals') && (service.interagency?.length ?? 0) > 0) {
    const pending = stopsHere && script.outcome === 'in_progress' && script.pendingAnswers === true;
    steps.push(...interagencySteps(service, rng, pending));
  }
  const reviewStage = service.stages.findIndex((st) => st.code === 'review');
  if (!script.documents || s !== Math.max(reviewStage, 0)) return { steps, ends: false };
  steps.push({
    step: 'request_documents',
    gap: rng.float(4, 30) * HOUR,
    by: 'clerk',
    note: askedDocument(service, rng),
  });
  if (script.outcome === 'awaiting_documents') return { steps, ends: true };
  if (stopsHere && script.outcome === 'refused') {
    const ground = refusal(service, rng, true);
    steps.push({ step: 'refuse', gap: rng.float(10, 20) * DAY, by: 'head', note: ground.code });
    return { steps, ends: true };
  }
  steps.push({
    step: 'provide_documents',
    gap: rng.float(2, 7) * DAY,
    by: 'applicant',
    note: 'Документы загружены в личном кабинете.',
  });
  return { steps, ends: false };
}

/** Every step from the draft to where the script ends. */
function planSteps(service: CatalogueService, script: Script, rng: Random): PlannedStep[] {
  const speed = script.slow ? rng.float(1.5, 2.2) : rng.float(0.35, 0.8);
  const steps: PlannedStep[] = [{ step: 'created', gap: 0, by: 'applicant', note: null }];
  if (script.outcome === 'draft') return steps;
  steps.push({ step: 'submit', gap: rng.float(5, 40) * MINUTE, by: 'applicant', note: null });
  if (script.outcome === 'submitted') return steps;
  if (script.outcome === 'withdrawn' && script.stage === -1) {
    steps.push({ step: 'withdraw', gap: rng.float(2, 30) * HOUR, by: 'applicant', note: 'Подал заявление по ошибке.' });
    return steps;
  }
  const takeGap = script.slow ? rng.float(2, 5) * DAY : rng.float(1, 20) * HOUR;
  steps.push({ step: 'take', gap: takeGap, by: 'clerk', note: 'Принято в работу.' });
  const last = service.stages.length - 1;
  for (let s = 0; ; s++) {
    const own = stageSteps(service, script, s, rng);
    steps.push(...own.steps);
    if (own.ends) return steps;
    const atStop = script.stage === s;
    if (atStop && script.outcome === 'in_progress') return steps;
    if (atStop && script.outcome === 'refused') {
      const ground = refusal(service, rng, false);
      steps.push({ step: 'refuse', gap: stageDuration(service, s, speed) * 0.6, by: 'head', note: ground.code });
      return steps;
    }
    if (atStop && script.outcome === 'withdrawn') {
      steps.push({
        step: 'withdraw',
        gap: stageDuration(service, s, speed) * 0.5,
        by: 'applicant',
        note: 'Отзываю заявление.',
      });
      return steps;
    }
    if (s === last) break;
    steps.push({ step: 'advance', gap: stageDuration(service, s, speed), by: 'clerk', note: null });
  }
  const result: EventStep = script.paper ? 'mark_ready' : 'issue_result';
  const resultNote = script.paper
    ? 'Результат оформлен на бумаге и подписан.'
    : 'Результат подписан электронной подписью.';
  steps.push({ step: result, gap: stageDuration(service, last, speed), by: 'head', note: resultNote });
  if (script.outcome === 'ready') return steps;
  if (script.delivery === 'electronic') {
    steps.push({
      step: 'deliver',
      gap: rng.float(5, 60) * MINUTE,
      by: 'clerk',
      note: 'Направлено в личный кабинет заявителя.',
    });
  } else {
    steps.push({ step: 'hand_over', gap: rng.float(1, 5) * DAY, by: 'clerk', note: 'Выдано заявителю лично.' });
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Walking the steps through the lifecycle

type Context = {
  timeZone: string;
  municipalityId: number;
  now: Date;
  today: LocalDate;
  /** The zone's offset from UTC at `now`, ms. */
  offset: number;
  /** Organisation ids by code. */
  orgs: Map<string, number>;
  /** Staff user ids by login. */
  logins: Map<string, number>;
  demoResidents: number[];
  residents: number[];
  addresses: string[];
};

type EventRow = Omit<typeof applicationEvents.$inferInsert, 'applicationId'>;
type RequestRow = Omit<typeof interagencyRequests.$inferInsert, 'applicationId'> & { eventIndex: number };

/** One planned application with its events and requests (their application id given at insert). */
type Planned = {
  row: Omit<typeof applications.$inferInsert, 'number'>;
  serviceCode: string;
  events: EventRow[];
  requests: RequestRow[];
};

/** Who does what for a department: the clerk and the one who signs. */
function staffOf(ctx: Context, department: string): { clerk: number; head: number } {
  const login = (l: string) => ctx.logins.get(l);
  const duty = login(`${department}.duty`);
  const clerk = login(`${department}.staff`) ?? duty;
  const head = login(`${department}.head`) ?? clerk;
  if (clerk === undefined || head === undefined) throw new Error(`no staff for ${department}`);
  return { clerk, head };
}

const agencyStaff = (ctx: Context, code: string) => ctx.logins.get(`${code}.staff`) ?? ctx.logins.get(`${code}.duty`)!;

type Walk = {
  status: ApplicationStatus;
  stage: number;
  events: EventRow[];
  requests: RequestRow[];
  pauses: TermPause[];
  at: Date;
};

/** Apply one planned step: the lifecycle table gives its status (and refuses a step it does not allow). */
function applyStep(w: Walk, p: PlannedStep, service: CatalogueService, ctx: Context, who: Record<Actor, number>) {
  const day = localDate(w.at, ctx.timeZone);
  const from = w.events.length === 0 ? null : w.status;
  let to = w.status;
  let toStage = w.stage;
  if (p.step === 'created') to = 'draft';
  else if (p.step !== 'interagency_sent' && p.step !== 'interagency_answered') {
    const next = nextStatus(w.status, p.step);
    if (next === null) throw new Error(`${service.code}: ${p.step} is not allowed from ${w.status}`);
    to = next;
  }
  if (p.step === 'advance') {
    const n = nextStage(service.stages, w.stage);
    if (n === null) throw new Error(`${service.code}: no stage after ${w.stage}`);
    toStage = n;
  }
  if (p.step === 'request_documents' && service.pausable) w.pauses.push({ from: day, to: null });
  const open = w.pauses.at(-1);
  if (w.status === 'awaiting_documents' && to !== 'awaiting_documents' && open && open.to === null) open.to = day;
  const data: Record<string, unknown> = {};
  if (p.step === 'refuse') data.ground = p.note;
  if (p.request !== undefined) {
    data.request = p.request; // becomes the request's id when written
    data.organisationId = ctx.orgs.get(service.interagency![p.request]!.organisation);
  }
  const note = p.step === 'refuse' ? (service.refusalGrounds.find((g) => g.code === p.note)?.text.ru ?? null) : p.note;
  w.events.push({
    step: p.step,
    actorId: who[p.by],
    fromStatus: from,
    toStatus: to,
    // the stages start with the submission
    fromStage: p.step === 'created' || p.step === 'submit' ? null : w.stage,
    toStage: p.step === 'created' ? null : toStage,
    note,
    data,
    at: w.at,
  });
  if (p.step === 'interagency_sent') addRequest(w, p, service, ctx, who.clerk, day);
  if (p.step === 'interagency_answered') answerRequest(w, p.request!, who.agency);
  w.status = to;
  w.stage = toStage;
}

function addRequest(w: Walk, p: PlannedStep, service: CatalogueService, ctx: Context, clerk: number, day: LocalDate) {
  const asked = service.interagency![p.request!]!;
  w.requests.push({
    organisationId: ctx.orgs.get(asked.organisation)!,
    question: asked.question,
    termDays: INTERAGENCY_TERM_DAYS,
    dueOn: termEnd(day, INTERAGENCY_TERM_DAYS, 'working_days')!,
    status: 'pending',
    answerNote: null,
    askedBy: clerk,
    askedAt: w.at,
    answeredBy: null,
    answeredAt: null,
    version: 1,
    eventIndex: p.request!,
  });
}

function answerRequest(w: Walk, index: number, answeredBy: number) {
  const r = w.requests.find((q) => q.eventIndex === index)!;
  r.status = 'agreed';
  r.answerNote = w.events.at(-1)!.note;
  r.answeredBy = answeredBy;
  r.answeredAt = w.at;
  r.version = 2;
}

/**
 * The instant moved into office hours (9:00–18:00 on a working day of the production calendar):
 * staff work then. Local time is the instant plus the zone's offset at `now` (Kazan keeps no summer time).
 */
function inOfficeHours(t: number, ctx: Context): number {
  const local = new Date(t + ctx.offset);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const day = local.toISOString().slice(0, 10);
  if (isWorkingDay(day) && hour >= 9 && hour < 18) return t;
  let next = hour < 9 ? day : addDays(day, 1);
  while (!isWorkingDay(next)) next = addDays(next, 1);
  // 9:00 to 11:59, keeping the minutes, so that a morning's steps do not all fall at 9:00
  const at = Date.parse(`${next}T09:00:00Z`) + (local.getUTCHours() % 3) * HOUR + local.getUTCMinutes() * MINUTE;
  return at - ctx.offset;
}

/** Walk the steps from `start`, stopping before `until`; the application as it stands then. */
function walk(
  steps: PlannedStep[],
  start: Date,
  until: Date | null,
  service: CatalogueService,
  ctx: Context,
  applicant: number,
): Walk {
  const { clerk, head } = staffOf(ctx, service.department);
  const w: Walk = { status: 'draft', stage: 0, events: [], requests: [], pauses: [], at: start };
  let t = start.getTime();
  for (const p of steps) {
    t += p.gap;
    if (p.by !== 'applicant') t = inOfficeHours(t, ctx);
    if (until && t > until.getTime()) break;
    w.at = new Date(Math.round(t / 1000) * 1000);
    const agency = p.request !== undefined ? agencyStaff(ctx, service.interagency![p.request]!.organisation) : clerk;
    applyStep(w, p, service, ctx, { applicant, clerk, head, agency });
  }
  return w;
}

/** The application row as its walk leaves it. */
function applicationRow(
  w: Walk,
  service: CatalogueService & { id: number; departmentId: number },
  ctx: Context,
  who: { applicant: number; kind: ApplicantKind; organisation: { name: string; inn: string } | null },
  values: Record<string, unknown>,
  channel: 'online' | 'office',
  delivery: 'collect' | 'electronic',
): Planned['row'] {
  const at = (step: EventStep) => w.events.findLast((e) => e.step === step)?.at ?? null;
  const submittedAt = at('submit');
  const termStartOn = submittedAt ? localDate(submittedAt, ctx.timeZone) : null;
  const closed = ['issued', 'refused', 'withdrawn'].includes(w.status);
  const stageEvent = w.events.findLast((e) => e.step === 'take' || e.step === 'advance');
  const refused = w.events.findLast((e) => e.step === 'refuse');
  return {
    municipalityId: ctx.municipalityId,
    serviceId: service.id,
    formVersion: 1,
    departmentId: service.departmentId,
    applicantId: who.applicant,
    applicantKind: who.kind,
    applicantOrganisation: who.organisation,
    channel,
    status: w.status,
    stageIndex: w.stage,
    stageStartedAt: stageEvent?.at ?? null,
    values,
    submittedAt,
    termStartOn,
    dueOn: termStartOn ? termEnd(termStartOn, service.termDays, service.termUnit, w.pauses) : null,
    pauses: w.pauses,
    assigneeId: at('take') ? staffOf(ctx, service.department).clerk : null,
    refusalGround: (refused?.data as { ground?: string } | undefined)?.ground ?? null,
    refusalNote: refused?.note ?? null,
    delivery: w.status === 'ready' || w.status === 'issued' ? delivery : null,
    decidedAt: at('issue_result') ?? at('mark_ready') ?? refused?.at ?? null,
    closedAt: closed ? w.at : null,
    createdAt: w.events[0]!.at,
    updatedAt: w.at,
    version: w.events.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Planning the demo

type CatalogueRow = CatalogueService & { id: number; departmentId: number };

/** Who applies: a resident, or a resident representing a company or an entrepreneur. */
function applicantFor(
  service: CatalogueService,
  script: Script,
  ctx: Context,
  rng: Random,
): { applicant: number; kind: ApplicantKind; organisation: { name: string; inn: string } | null } {
  const applicant = script.resident !== undefined ? ctx.demoResidents[script.resident]! : rng.pick(ctx.residents);
  const kinds = service.applicantKinds;
  const kind: ApplicantKind =
    kinds.includes('person') && (script.resident !== undefined || kinds.length === 1 || rng.chance(0.7))
      ? 'person'
      : rng.pick(kinds.filter((k) => k !== 'person'));
  if (kind === 'person') return { applicant, kind, organisation: null };
  if (kind === 'entrepreneur')
    return { applicant, kind, organisation: { name: rng.pick(entrepreneurs), inn: innFor(rng, 12) } };
  return { applicant, kind, organisation: { name: rng.pick(companies), inn: innFor(rng, 10) } };
}

/**
 * When a scripted application starts: its last step `idleHours` before now; an overdue one early
 * enough that its term has run out, sitting at its last step since.
 */
function scriptedStart(steps: PlannedStep[], script: Script, service: CatalogueService, ctx: Context): Date {
  const total = steps.reduce((sum, p) => sum + p.gap, 0);
  if (!script.overdue) return new Date(ctx.now.getTime() - total - (script.idleHours ?? 6) * HOUR);
  let start = new Date(ctx.now.getTime() - (total + DAY));
  for (let i = 0; i < 400; i++) {
    const due = termEnd(localDate(start, ctx.timeZone), service.termDays, service.termUnit)!;
    if (due < ctx.today && start.getTime() + total < ctx.now.getTime()) break;
    start = new Date(start.getTime() - DAY);
  }
  return start;
}

/**
 * A scripted application walked to its end before now: office hours push staff steps later, so
 * the start moves earlier until the whole script fits.
 */
function scriptedWalk(
  steps: PlannedStep[],
  script: Script,
  service: CatalogueService,
  ctx: Context,
  applicant: number,
): Walk {
  const limit = ctx.now.getTime() - 5 * MINUTE;
  let start = scriptedStart(steps, script, service, ctx);
  for (let i = 0; i < 8; i++) {
    const w = walk(steps, start, null, service, ctx, applicant);
    const over = w.at.getTime() - limit;
    if (over <= 0) return w;
    start = new Date(start.getTime() - over - (script.idleHours ?? 1) * HOUR);
  }
  return walk(steps, start, new Date(limit), service, ctx, applicant);
}

/** One application from its script: planned, walked up to now, and made a row. */
function planOne(service: CatalogueRow, script: Script, start: Date | null, ctx: Context, rng: Random): Planned {
  const steps = planSteps(service, script, rng);
  const who = applicantFor(service, script, ctx, rng);
  const limit = new Date(ctx.now.getTime() - 5 * MINUTE);
  const w = start
    ? walk(steps, start, limit, service, ctx, who.applicant)
    : scriptedWalk(steps, script, service, ctx, who.applicant);
  const values = sampleValues(service, localDate(w.events[0]!.at!, ctx.timeZone), rng.pick(ctx.addresses), rng);
  const channel = rng.chance(0.25) && w.status !== 'draft' ? 'office' : 'online';
  const row = applicationRow(w, service, ctx, who, values, channel, script.delivery ?? 'collect');
  return { row, serviceCode: service.code, events: w.events, requests: w.requests };
}

/** A random script: most applications run to their result; some are refused, withdrawn or left as drafts. */
function randomScript(service: CatalogueService, rng: Random): Script {
  const roll = rng.next();
  const outcome: Outcome = roll < 0.05 ? 'draft' : roll < 0.1 ? 'withdrawn' : roll < 0.2 ? 'refused' : 'issued';
  return {
    service: service.code,
    outcome,
    stage: rng.int(outcome === 'withdrawn' ? -1 : 1, service.stages.length - 1),
    slow: rng.chance(0.18),
    documents: service.pausable && rng.chance(0.25),
    delivery: rng.chance(0.55) ? 'electronic' : 'collect',
    paper: rng.chance(0.15),
  };
}

/** Every demo application of a municipality: the showcase, then the random ones. */
function planApplications(services: CatalogueRow[], ctx: Context, seed: number): Planned[] {
  const rng = new Random(seed, 'eservices');
  const byCode = new Map(services.map((s) => [s.code, s]));
  const planned: Planned[] = [];
  for (const script of SHOWCASE) {
    const service = byCode.get(script.service);
    if (service) planned.push(planOne(service, script, null, ctx, rng));
  }
  for (let i = 0; i < RANDOM_APPLICATIONS; i++) {
    const service = rng.weighted(services, (s) => s.demand);
    const start = new Date(ctx.now.getTime() - rng.float(0.1, HISTORY_DAYS) * DAY);
    planned.push(planOne(service, randomScript(service, rng), start, ctx, rng));
  }
  return planned.sort((a, b) => a.row.createdAt!.getTime() - b.row.createdAt!.getTime());
}

/** Numbers in the order of submission: <CODE>-<year>-<6-digit sequence of the municipality's year>. */
function numberApplications(planned: Planned[]): { numbers: (string | null)[]; last: Map<number, number> } {
  const last = new Map<number, number>();
  const numbers: (string | null)[] = planned.map(() => null);
  const order = planned
    .map((p, i) => ({ i, at: p.row.submittedAt, day: p.row.termStartOn }))
    .filter((x) => x.at)
    .sort((a, b) => a.at!.getTime() - b.at!.getTime());
  for (const { i, day } of order) {
    const year = Number(day!.slice(0, 4));
    const seq = (last.get(year) ?? 0) + 1;
    last.set(year, seq);
    numbers[i] = `${planned[i]!.serviceCode.toUpperCase()}-${year}-${String(seq).padStart(6, '0')}`;
  }
  return { numbers, last };
}

// ---------------------------------------------------------------------------------------------
// Loading

/** A zone's offset from UTC at an instant, ms. */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  const wall = Date.parse(
    `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}Z`,
  );
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

async function loadContext(db: Database, municipalityId: number, timeZone: string, now: Date): Promise<Context> {
  const orgs = await db.execute<{ id: number; code: string }>(
    sql`select id, code from organisations where municipality_id = ${municipalityId}`,
  );
  const staff = await db.execute<{ id: string; login: string }>(
    sql`select id, login from users where municipality_id = ${municipalityId} and login is not null`,
  );
  const demo = await db.execute<{ id: string; phone: string }>(sql`
    select user_id as id, phone from user_personal
    where phone = any(${`{${DEMO_RESIDENTS.map((r) => r.phone).join(',')}}`}::text[])`);
  const residents = await db.execute<{ id: string }>(sql`
    select id from users where municipality_id = ${municipalityId} and role = 'resident' order by id limit 80`);
  const addresses = await db.execute<{ address: string }>(sql`
    select address from buildings where municipality_id = ${municipalityId} order by id limit 400`);
  return {
    timeZone,
    municipalityId,
    now,
    today: localDate(now, timeZone),
    offset: zoneOffset(now, timeZone),
    orgs: new Map(orgs.map((o) => [o.code, o.id])),
    logins: new Map(staff.map((u) => [u.login, Number(u.id)])),
    demoResidents: DEMO_RESIDENTS.map((r) => Number(demo.find((d) => d.phone === r.phone)?.id ?? residents[0]!.id)),
    residents: residents.map((r) => Number(r.id)),
    addresses: addresses.map((a) => a.address),
  };
}

/** The catalogue of a municipality with form version 1 of each service; returns the services with their ids. */
async function insertCatalogue(db: Database, ctx: Context, catalogue: CatalogueService[]): Promise<CatalogueRow[]> {
  const offered = catalogue.filter((s) => ctx.orgs.has(s.department));
  if (offered.length === 0) return [];
  const createdAt = new Date(ctx.now.getTime() - 400 * DAY);
  const inserted = await db
    .insert(eservices)
    .values(
      offered.map((s) => ({
        municipalityId: ctx.municipalityId,
        code: s.code,
        name: s.name,
        description: s.description,
        departmentId: ctx.orgs.get(s.department)!,
        applicantKinds: s.applicantKinds,
        documents: s.documents,
        resultKind: s.resultKind,
        termDays: s.termDays,
        termUnit: s.termUnit,
        pausable: s.pausable,
        stages: s.stages,
        refusalGrounds: s.refusalGrounds,
        collection: s.collection,
        createdAt,
        updatedAt: createdAt,
      })),
    )
    .returning({ id: eservices.id, code: eservices.code, departmentId: eservices.departmentId });
  const ids = new Map(inserted.map((r) => [r.code, r]));
  await db
    .insert(eserviceForms)
    .values(offered.map((s) => ({ serviceId: ids.get(s.code)!.id, version: 1, fields: s.fields, createdAt })));
  return offered.map((s) => ({ ...s, id: ids.get(s.code)!.id, departmentId: ids.get(s.code)!.departmentId }));
}

/** Ids drawn from a table's sequence, in order. */
async function nextIds(db: Database, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await db.$client<{ id: string }[]>`
    select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${n})`;
  return rows.map((r) => Number(r.id));
}

/** Write the planned applications, their events and inter-agency requests, and the year's last number. */
async function insertApplications(db: Database, ctx: Context, planned: Planned[]): Promise<void> {
  const { numbers, last } = numberApplications(planned);
  const ids = await nextIds(db, 'applications', planned.length);
  await copyRows(
    db.$client,
    applications,
    planned.map((p, i) => ({ id: ids[i], number: numbers[i], ...p.row })),
  );
  // The requests' ids first: their events name them (data.requestId).
  const requests = planned.flatMap((p, i) => p.requests.map((r) => ({ app: i, r })));
  const requestIds = await nextIds(db, 'interagency_requests', requests.length);
  const requestId = new Map(requests.map(({ app, r }, k) => [`${app}:${r.eventIndex}`, requestIds[k]!]));
  if (requests.length > 0) {
    await copyRows(
      db.$client,
      interagencyRequests,
      requests.map(({ app, r: { eventIndex: _, ...r } }, k) => ({ id: requestIds[k], applicationId: ids[app]!, ...r })),
    );
  }
  const events = planned.flatMap((p, i) =>
    p.events.map((e) => {
      const { request, ...data } = e.data as { request?: number };
      const named = request === undefined ? data : { ...data, requestId: requestId.get(`${i}:${request}`) };
      return { applicationId: ids[i]!, ...e, data: named };
    }),
  );
  const eventIds = await nextIds(db, 'application_events', events.length);
  await copyRows(
    db.$client,
    applicationEvents,
    events.map((e, i) => ({ id: eventIds[i], ...e })),
  );
  for (const [year, seq] of last) {
    await db
      .insert(applicationNumbers)
      .values({ municipalityId: ctx.municipalityId, year, last: seq })
      .onConflictDoUpdate({
        target: [applicationNumbers.municipalityId, applicationNumbers.year],
        set: { last: sql`greatest(${applicationNumbers.last}, excluded.last)` },
      });
  }
}

/**
 * Load the demo e-services after the city itself: Kazan's catalogue and its demo applications,
 * Innopolis's catalogue. A municipality whose departments are missing gets nothing.
 */
export async function seedEservices(
  db: Database,
  opts: { seed: number; now: Date },
): Promise<{ services: number; applications: number }> {
  const municipalities = await db.execute<{ id: number; code: string; time_zone: string }>(
    sql`select id, code, time_zone from municipalities where code in ('KZN', 'INN') order by id`,
  );
  let services = 0;
  let count = 0;
  for (const m of municipalities) {
    const ctx = await loadContext(db, m.id, m.time_zone, opts.now);
    const catalogue = await insertCatalogue(db, ctx, m.code === 'KZN' ? KAZAN_ESERVICES : INNOPOLIS_ESERVICES);
    services += catalogue.length;
    if (m.code !== 'KZN' || catalogue.length === 0 || ctx.residents.length === 0) continue;
    const planned = planApplications(catalogue, ctx, opts.seed);
    await insertApplications(db, ctx, planned);
    count += planned.length;
  }
  return { services, applications: count };
}
