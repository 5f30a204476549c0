/**
 * Who hears of an application (dispatch/eservices.ts `stepNotices` decides): the applicant on the
 * channels their preferences allow for the notice's kind ("ready" and a request for documents by SMS
 * by default), the department's or the asked organisation's staff. Each text is rendered in the
 * person's language when it is written and kept in the outbox row with one notify.deliver job, in the
 * step's transaction; quiet hours hold it until the morning as for appeals.
 */
import {
  type Application,
  type InteragencyRequest,
  municipalityZone,
  type Service,
} from '../../db/queries/eservices.ts';
import { collectServiceFor } from '../../db/queries/appointments.ts';
import { listPeople, type NoticeRow } from '../../db/queries/notifications.ts';
import {
  type ApplicationAudience,
  type ApplicationNoticeWhat,
  type ApplicationStep,
  noticeKindOf,
  stepNotices,
} from '../../dispatch/eservices.ts';
import type { Language, Message } from '../../dispatch/messages/index.ts';
import { render } from '../../dispatch/messages/index.ts';
import { heldUntil, type Person, reachOf } from '../../dispatch/notifications.ts';
import type { Context } from '../context.ts';
import { writeNotices } from '../notifications/write-notices.ts';

/** Where the links of a message point (the public address of the site). */
export type Links = { publicUrl: string };

export type StepFacts = {
  before: Application;
  after: Application;
  service: Service;
  step: ApplicationStep;
  note: string | null;
  /** The result file issued, for the link of an electronic result. */
  fileId?: number;
};

const base = (links: Links) => links.publicUrl.replace(/\/$/, '');

/** The people of an audience: the applicant, or the staff of an organisation. */
async function audienceOf(
  tx: Context,
  a: Application,
  audience: ApplicationAudience,
  askedId?: number,
): Promise<Person[]> {
  if (audience === 'applicant') return listPeople(tx.db, { userIds: [a.applicantId] });
  const organisationId = audience === 'department' ? a.departmentId : askedId!;
  return listPeople(tx.db, { organisationId, roles: ['org_staff', 'org_supervisor'] });
}

/** A notice's text for one reader. */
type Compose = (lang: Language) => Message;

/** Write one notice to its audience (the actor skipped): a row per person and channel, held by quiet hours. */
async function writeNotice(
  tx: Context,
  a: Application,
  what: ApplicationNoticeWhat,
  people: Person[],
  compose: Compose,
): Promise<void> {
  const now = tx.clock();
  const { timeZone } = await municipalityZone(tx.db, a.municipalityId);
  const kind = noticeKindOf[what];
  const rows: NoticeRow[] = [];
  for (const person of people) {
    if (person.userId === tx.actor?.userId) continue;
    const lang = person.language;
    const common = {
      municipalityId: a.municipalityId,
      userId: person.userId,
      appealId: null,
      kind,
      template: `application.${what}`,
      subject: render({ id: 'notice.application.subject', params: { number: a.number ?? String(a.id) } }, lang),
      body: render(compose(lang), lang),
      payload: { language: lang, applicationId: a.id },
      sendAfter: heldUntil(now, timeZone, false),
      now,
    };
    for (const address of reachOf(person, kind)) rows.push({ ...common, ...address });
  }
  await writeNotices(tx, rows);
}

/** The applicant's message of a step, in their language. */
function applicantMessage(
  f: StepFacts,
  what: ApplicationNoticeWhat,
  links: Links,
  bookLink: string | null = null,
): Compose {
  const number = f.after.number ?? String(f.after.id);
  return (lang) => {
    const service = f.service.name[lang];
    switch (what) {
      case 'documents_requested':
        return { id: 'notice.application.documents_requested', params: { number, note: f.note ?? '' } };
      case 'ready':
        return f.after.delivery === 'electronic'
          ? {
              id: 'notice.application.ready_electronic',
              params: {
                number,
                link: f.fileId
                  ? `${base(links)}/api/applications/${f.after.id}/files/${f.fileId}`
                  : `${base(links)}/applications/${f.after.id}`,
              },
            }
          : bookLink
            ? {
                id: 'notice.application.ready_collect_book',
                params: { number, where: f.service.collection[lang], link: bookLink },
              }
            : { id: 'notice.application.ready_collect', params: { number, where: f.service.collection[lang] } };
      case 'refused': {
        const ground = f.service.refusalGrounds.find((g) => g.code === f.after.refusalGround);
        return {
          id: 'notice.application.refused',
          params: { number, ground: ground?.text[lang] ?? f.after.refusalGround ?? '', note: f.note ?? '' },
        };
      }
      default:
        return { id: 'notice.application.status_changed', params: { number, service, status: f.after.status } };
    }
  };
}

/**
 * A result to collect in person offers a booking of the collect service linked to the e-service
 * (issue 16): /appointments/new?application=<number> preselects it.
 */
async function bookingLink(tx: Context, f: StepFacts, what: ApplicationNoticeWhat, links: Links) {
  if (what !== 'ready' || f.after.delivery === 'electronic' || !f.after.number) return null;
  const collect = await collectServiceFor(tx.db, f.service.id);
  return collect ? `${base(links)}/appointments/new?application=${encodeURIComponent(f.after.number)}` : null;
}

/** The department's message of a step. */
function departmentMessage(f: StepFacts, what: ApplicationNoticeWhat): Compose {
  const number = f.after.number ?? String(f.after.id);
  return (lang) => {
    if (what === 'new_application')
      return {
        id: 'notice.application.new_application',
        params: { number, service: f.service.name[lang], due: f.after.dueOn ?? '—' },
      };
    if (what === 'documents_provided') return { id: 'notice.application.documents_provided', params: { number } };
    return { id: 'notice.application.withdrawn', params: { number } };
  };
}

/** The notices of a step just written (same transaction). */
export async function notifyApplicationStep(tx: Context, facts: StepFacts, links: Links): Promise<void> {
  for (const notice of stepNotices(facts.step, facts.before.status, facts.after.status)) {
    const people = await audienceOf(tx, facts.after, notice.audience);
    const compose =
      notice.audience === 'applicant'
        ? applicantMessage(facts, notice.what, links, await bookingLink(tx, facts, notice.what, links))
        : departmentMessage(facts, notice.what);
    await writeNotice(tx, facts.after, notice.what, people, compose);
  }
}

/** The notices of an inter-agency request asked (to the organisation) or answered (to the department). */
export async function notifyInteragency(
  tx: Context,
  facts: {
    request: InteragencyRequest;
    application: Application;
    service: Service;
    kind: 'asked' | 'answered';
    organisationName?: string;
  },
): Promise<void> {
  const { request: r, application: a } = facts;
  const number = a.number ?? String(a.id);
  if (facts.kind === 'asked') {
    const people = await audienceOf(tx, a, 'asked_organisation', r.organisationId);
    await writeNotice(tx, a, 'interagency_asked', people, (lang) => ({
      id: 'notice.application.interagency_asked',
      params: { number, service: facts.service.name[lang], due: r.dueOn },
    }));
    return;
  }
  const people = await audienceOf(tx, a, 'department');
  await writeNotice(tx, a, 'interagency_answered', people, () => ({
    id: 'notice.application.interagency_answered',
    params: { number, organisation: facts.organisationName ?? '', decision: r.status },
  }));
}

/** The department told once that an application passed its due day (the overdue timer). */
export async function notifyOverdue(tx: Context, a: Application): Promise<void> {
  const people = await audienceOf(tx, a, 'department');
  await writeNotice(tx, a, 'overdue', people, () => ({
    id: 'notice.application.overdue',
    params: { number: a.number ?? String(a.id), due: a.dueOn ?? '—' },
  }));
}
