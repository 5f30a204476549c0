/**
 * Public discussions of urban-planning projects (issue 17) as plain rules, after the Town Planning
 * Code, art. 5.1: a notice, an exposition of the project, a period of proposals and remarks from
 * identified participants, a protocol and a published conclusion. Here: the kinds of project and
 * how long their discussion may last, the stage dates on the production calendar, the discussion's
 * and the proposal's transition tables, whether a person may take part and why, and the limits of
 * a proposal. Time is passed in; nothing here reads the clock or the database.
 */
import { addDays, isWorkingDay, type LocalDate, localDate, termEnd } from './eservices.ts';
import type { Message } from './messages/index.ts';
import type { Point } from './geo.ts';
import { inTerritory, type Territory } from './territory.ts';

export type Problem = { field: string; reason: Message };

/**
 * What is discussed: a planning project (проект планировки территории), a land survey project
 * (проект межевания), the master plan (генеральный план) or a change of it, the land-use and
 * development rules or an amendment (ПЗЗ), a conditionally permitted use of a plot (условно
 * разрешённый вид использования), a deviation from the limits of construction (отклонение от
 * предельных параметров).
 */
export const discussionKinds = [
  'planning_project',
  'land_survey_project',
  'master_plan',
  'land_use_rules',
  'permitted_use',
  'deviation',
] as const;
export type DiscussionKind = (typeof discussionKinds)[number];

/**
 * How long a discussion may last, from the notice to the conclusion's publication, in months
 * (Town Planning Code: art. 46 part 11 for planning and survey projects, art. 28 part 8 for the
 * master plan — one to three months; art. 31/33 for the rules, art. 39 part 7 and art. 40 part 4
 * for a permitted use and a deviation — at most a month).
 */
export const kindDuration: Readonly<Record<DiscussionKind, { minMonths: number; maxMonths: number }>> = {
  planning_project: { minMonths: 1, maxMonths: 3 },
  land_survey_project: { minMonths: 1, maxMonths: 3 },
  master_plan: { minMonths: 1, maxMonths: 3 },
  land_use_rules: { minMonths: 0, maxMonths: 1 },
  permitted_use: { minMonths: 0, maxMonths: 1 },
  deviation: { minMonths: 0, maxMonths: 1 },
};

/** The notice comes at least seven days before the exposition opens (art. 5.1 part 8). */
export const NOTICE_LEAD_DAYS = 7;
/** The exposition lasts at least seven days (art. 5.1 part 6: "не менее семи дней" in Kazan's rules). */
export const MIN_EXPOSITION_DAYS = 7;
/** The protocol is signed within this many working days after proposals close (the city's regulation). */
export const PROTOCOL_WORKING_DAYS = 5;
/** The conclusion is published within this many working days after the protocol (the city's regulation). */
export const CONCLUSION_WORKING_DAYS = 5;

/** A discussion's dates, local dates of its municipality, each period inclusive. */
export type Schedule = {
  noticeOn: LocalDate;
  expositionFrom: LocalDate;
  expositionTo: LocalDate;
  proposalsFrom: LocalDate;
  proposalsTo: LocalDate;
  protocolBy: LocalDate;
  conclusionBy: LocalDate;
};

/** The month `n` months after a day (the same day of the month, or the month's last day). */
export function addMonths(day: LocalDate, n: number): LocalDate {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The next working day on or after `day`. */
export function workingDayFrom(day: LocalDate): LocalDate {
  let d = day;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * The schedule an organiser starts from: the notice on `noticeOn`, the exposition from the first
 * working day a week later for `expositionDays`, proposals through the whole exposition, the
 * protocol and the conclusion each within their working days.
 */
export function defaultSchedule(noticeOn: LocalDate, expositionDays = 14): Schedule {
  const expositionFrom = workingDayFrom(addDays(noticeOn, NOTICE_LEAD_DAYS));
  const expositionTo = addDays(expositionFrom, expositionDays - 1);
  const protocolBy = termEnd(expositionTo, PROTOCOL_WORKING_DAYS, 'working_days') as LocalDate;
  const conclusionBy = termEnd(protocolBy, CONCLUSION_WORKING_DAYS, 'working_days') as LocalDate;
  return {
    noticeOn,
    expositionFrom,
    expositionTo,
    proposalsFrom: expositionFrom,
    proposalsTo: expositionTo,
    protocolBy,
    conclusionBy,
  };
}

const ORDER: readonly (keyof Schedule)[] = [
  'noticeOn',
  'expositionFrom',
  'proposalsFrom',
  'proposalsTo',
  'expositionTo',
  'protocolBy',
  'conclusionBy',
];

function orderProblems(s: Schedule): Problem[] {
  for (let i = 1; i < ORDER.length; i++) {
    if (s[ORDER[i]] < s[ORDER[i - 1]]) {
      return [{ field: ORDER[i], reason: { id: 'discussion.date_order', params: { after: ORDER[i - 1] } } }];
    }
  }
  return [];
}

/**
 * What is wrong with a discussion's dates, each naming its field: out of order, the notice less
 * than a week ahead of the exposition, too short an exposition, proposals outside the exposition,
 * the protocol or the conclusion later than their working days allow, or the whole longer (or
 * shorter) than the law gives the kind. `today` is the municipality's local date; a notice day in
 * the past is refused only while the discussion is being prepared (`announced` false).
 */
export function scheduleProblems(kind: DiscussionKind, s: Schedule, today: LocalDate, announced = false): Problem[] {
  const order = orderProblems(s);
  if (order.length > 0) return order;
  const problems: Problem[] = [];
  if (!announced && s.noticeOn < today) problems.push({ field: 'noticeOn', reason: { id: 'discussion.date_past' } });
  if (s.expositionFrom < addDays(s.noticeOn, NOTICE_LEAD_DAYS)) {
    problems.push({
      field: 'expositionFrom',
      reason: { id: 'discussion.notice_lead', params: { days: NOTICE_LEAD_DAYS } },
    });
  }
  if (s.expositionTo < addDays(s.expositionFrom, MIN_EXPOSITION_DAYS - 1)) {
    problems.push({
      field: 'expositionTo',
      reason: { id: 'discussion.exposition_short', params: { days: MIN_EXPOSITION_DAYS } },
    });
  }
  const protocolLimit = termEnd(s.proposalsTo, PROTOCOL_WORKING_DAYS, 'working_days') as LocalDate;
  if (s.protocolBy > protocolLimit) {
    problems.push({ field: 'protocolBy', reason: { id: 'discussion.protocol_late', params: { by: protocolLimit } } });
  }
  const conclusionLimit = termEnd(s.protocolBy, CONCLUSION_WORKING_DAYS, 'working_days') as LocalDate;
  if (s.conclusionBy > conclusionLimit) {
    problems.push({
      field: 'conclusionBy',
      reason: { id: 'discussion.conclusion_late', params: { by: conclusionLimit } },
    });
  }
  return [...problems, ...durationProblems(kind, s)];
}

function durationProblems(kind: DiscussionKind, s: Schedule): Problem[] {
  const { minMonths, maxMonths } = kindDuration[kind];
  const longest = addMonths(s.noticeOn, maxMonths);
  if (s.conclusionBy > longest) {
    return [
      { field: 'conclusionBy', reason: { id: 'discussion.too_long', params: { months: maxMonths, by: longest } } },
    ];
  }
  const shortest = addMonths(s.noticeOn, minMonths);
  if (minMonths > 0 && s.conclusionBy < shortest) {
    return [
      { field: 'conclusionBy', reason: { id: 'discussion.too_short', params: { months: minMonths, from: shortest } } },
    ];
  }
  return [];
}

// ─── The discussion's lifecycle ─────────────────────────────────────────────────────────────

/**
 * draft: prepared by the organiser, seen by nobody else; announced: the notice is published, the
 * exposition not yet open; open: the exposition runs (and with it the proposals period); closed:
 * proposals are over, the organiser moderates and prepares the protocol; protocol: the protocol is
 * signed and published; concluded: the conclusion is published (the archive); cancelled: stopped
 * with a reason (still public once announced).
 */
export const discussionStatuses = [
  'draft',
  'announced',
  'open',
  'closed',
  'protocol',
  'concluded',
  'cancelled',
] as const;
export type DiscussionStatus = (typeof discussionStatuses)[number];

/** The steps of a discussion; `open` and `close` are the timer's, at the schedule's dates. */
export const discussionSteps = ['announce', 'open', 'close', 'sign_protocol', 'publish_conclusion', 'cancel'] as const;
export type DiscussionStep = (typeof discussionSteps)[number];

export const discussionTransitions: Readonly<
  Record<DiscussionStatus, Partial<Record<DiscussionStep, DiscussionStatus>>>
> = {
  draft: { announce: 'announced', cancel: 'cancelled' },
  announced: { open: 'open', cancel: 'cancelled' },
  open: { close: 'closed', cancel: 'cancelled' },
  closed: { sign_protocol: 'protocol', cancel: 'cancelled' },
  protocol: { publish_conclusion: 'concluded' },
  concluded: {},
  cancelled: {},
};

export function nextDiscussionStatus(status: DiscussionStatus, step: DiscussionStep): DiscussionStatus | null {
  return discussionTransitions[status][step] ?? null;
}

/** Seen by everyone (the organiser sees drafts too). */
export function isPublicStatus(status: DiscussionStatus, announcedAt: Date | null): boolean {
  return status !== 'draft' && !(status === 'cancelled' && announcedAt === null);
}

/** The dates a discussion's territory, kind and schedule may still change: until it is announced. */
export function isEditable(status: DiscussionStatus): boolean {
  return status === 'draft';
}

// ─── When proposals are taken ──────────────────────────────────────────────────────────────

export type ProposalTiming = 'before' | 'open' | 'after';

/** Whether proposals are taken at `now`: from the first day of the period to the end of its last, local time. */
export function proposalTiming(
  s: Pick<Schedule, 'proposalsFrom' | 'proposalsTo'>,
  now: Date,
  timeZone: string,
): ProposalTiming {
  const today = localDate(now, timeZone);
  if (today < s.proposalsFrom) return 'before';
  if (today > s.proposalsTo) return 'after';
  return 'open';
}

// ─── Proposals ─────────────────────────────────────────────────────────────────────────────

export const MAX_PROPOSAL_CHARS = 5000;
export const MAX_PROPOSAL_FILES = 5;
/** A proposal's attachment: a PDF, a drawing or a photo, at most 10 MB. */
export const MAX_PROPOSAL_FILE_BYTES = 10 * 1024 * 1024;
/** A project's document: a PDF or a drawing, at most 50 MB. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
export const documentTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;

/**
 * submitted: waiting for the organiser; accepted: into the protocol; rejected: off-topic (or made
 * outside the rules) with a reason the participant reads. The organiser may reconsider until the
 * protocol is signed; never silently: every step is an event with who and why.
 */
export const proposalStatuses = ['submitted', 'accepted', 'rejected'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
export const proposalSteps = ['accept', 'reject'] as const;
export type ProposalStep = (typeof proposalSteps)[number];

export const proposalTransitions: Readonly<Record<ProposalStatus, Partial<Record<ProposalStep, ProposalStatus>>>> = {
  submitted: { accept: 'accepted', reject: 'rejected' },
  accepted: { reject: 'rejected' },
  rejected: { accept: 'accepted' },
};

export function nextProposalStatus(status: ProposalStatus, step: ProposalStep): ProposalStatus | null {
  return proposalTransitions[status][step] ?? null;
}

/** A proposal is moderated while the discussion is open or closed, and no more once the protocol is signed. */
export function canModerate(status: DiscussionStatus): boolean {
  return status === 'open' || status === 'closed';
}

/**
 * The organiser's recommendation on an accepted proposal, given with its reasons in the
 * conclusion: take it into account, or not.
 */
export const recommendations = ['take_into_account', 'decline'] as const;
export type Recommendation = (typeof recommendations)[number];

// ─── Who may take part ─────────────────────────────────────────────────────────────────────

/** A building a person is tied to, with its point. */
export type PlaceRef = { buildingId: number; address: string; point: Point };

/** What is known of a person when eligibility is decided. */
export type Participant = {
  /** The verified identity from the national identity provider, if the person signed in with it. */
  identity: { registration: PlaceRef | null; registrationAddress: string } | null;
  /** Confirmed apartment links (the management company's confirmation), with their buildings. */
  apartments: readonly (PlaceRef & { apartment: string })[];
};

/** Why a person may take part: each ground found. */
export type Basis =
  | { kind: 'registration'; address: string }
  | { kind: 'apartment'; address: string; apartment: string };

export type Eligibility =
  | { eligible: true; bases: Basis[] }
  | {
      eligible: false;
      /**
       * anonymous: sign in first; unidentified: no verified identity and no confirmed apartment;
       * address_unknown: the registration address is not a building of the city's register and no
       * apartment helps; outside: neither the registration address nor any apartment is on the
       * territory (the addresses are named).
       */
      reason: 'anonymous' | 'unidentified' | 'address_unknown' | 'outside';
      addresses: string[];
    };

/**
 * May this person take part in a discussion of this territory: residents whose verified
 * registration address is on it, and holders of premises on it (a confirmed apartment link). A
 * building counts when it is among `buildingIds` (the buildings of the territory as listed or
 * found inside it) or its point is on the territory.
 */
export function eligibility(
  person: Participant | null,
  territory: Territory,
  buildingIds: ReadonlySet<number>,
): Eligibility {
  if (!person) return { eligible: false, reason: 'anonymous', addresses: [] };
  const on = (p: PlaceRef) => buildingIds.has(p.buildingId) || inTerritory(p.point, territory);
  const bases: Basis[] = [];
  const reg = person.identity?.registration;
  if (reg && on(reg)) bases.push({ kind: 'registration', address: reg.address });
  for (const a of person.apartments) {
    if (on(a)) bases.push({ kind: 'apartment', address: a.address, apartment: a.apartment });
  }
  if (bases.length > 0) return { eligible: true, bases };
  if (!person.identity && person.apartments.length === 0)
    return { eligible: false, reason: 'unidentified', addresses: [] };
  const addresses = [...(reg ? [reg.address] : []), ...person.apartments.map((a) => `${a.address}, ${a.apartment}`)];
  if (person.identity && !reg && person.apartments.length === 0) {
    return { eligible: false, reason: 'address_unknown', addresses: [person.identity.registrationAddress] };
  }
  return { eligible: false, reason: 'outside', addresses };
}
