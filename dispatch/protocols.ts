/**
 * The protocol and the conclusion of a public discussion (Town Planning Code, art. 5.1 parts 18–22)
 * as plain data: what each document states, in Russian (the language of the official documents),
 * built from the discussion's rows. The PDF and the CSV (api/protocols/) only lay it out.
 *
 * The protocol (part 18): its date, the organiser, the notice's content with its date and where it
 * was published, the period of proposals and the territory, and every proposal accepted into it,
 * split into those of the territory's residents and right-holders and those of other participants
 * (on this platform only the former may take part, part 12 — so the second group is always empty).
 * Proposals the organiser did not accept (off-topic, or made outside the rules: part 15) are listed
 * by number, date and reason, without their text: the record shows that none was dropped silently,
 * while a text judged off-topic is not republished. The list of participants with their personal
 * data (part 19) goes only into the organiser's copy.
 *
 * The conclusion (part 22): its date, the project, the number of participants, the protocol's
 * details, the content of each accepted proposal and the organiser's reasoned recommendation on it,
 * and the general conclusions.
 */
import type { Basis, DiscussionKind, DiscussionStatus, Recommendation, Schedule } from './discussions.ts';
import { type LocalDate, localDate } from './eservices.ts';

/** A proposal as the documents read it; `author` only in the organiser's copy. */
export type ProtocolProposal = {
  number: number;
  body: string;
  submittedAt: Date;
  status: 'accepted' | 'rejected';
  rejectReason: string | null;
  recommendation: Recommendation | null;
  recommendationReason: string | null;
  author?: { fullName: string; birthDate: string | null; address: string; bases: Basis[] };
};

/** Everything the two documents state, read from the rows. */
export type ProtocolSource = {
  discussion: Schedule & {
    id: number;
    number: string;
    kind: DiscussionKind;
    status: DiscussionStatus;
    title: string;
    summary: string;
    expositionPlace: string;
    announcedAt: Date | null;
    protocolSignedAt: Date | null;
    concludedAt: Date | null;
    conclusionText: string | null;
  };
  organiser: string;
  municipality: string;
  timeZone: string;
  /** The territory as words: how many buildings it holds, its plots' cadastral numbers. */
  territory: { buildings: number; plots: string[] };
  /** People who submitted at least one proposal (whatever became of it). */
  participants: number;
  /** The accepted and rejected proposals by number; those still waiting are never in a document. */
  proposals: ProtocolProposal[];
};

/** The project's kind as the documents name it. */
export const kindNames: Readonly<Record<DiscussionKind, string>> = {
  planning_project: 'Проект планировки территории',
  land_survey_project: 'Проект межевания территории',
  master_plan: 'Генеральный план (изменения)',
  land_use_rules: 'Правила землепользования и застройки (изменения)',
  permitted_use: 'Предоставление разрешения на условно разрешённый вид использования',
  deviation: 'Предоставление разрешения на отклонение от предельных параметров',
};

export const recommendationNames: Readonly<Record<Recommendation, string>> = {
  take_into_account: 'Учесть',
  decline: 'Не учитывать',
};

const basisNames = (b: Basis) =>
  b.kind === 'registration' ? `регистрация: ${b.address}` : `помещение: ${b.address}, ${b.apartment}`;

/** 2026-12-07 → 07.12.2026 */
export function ruDate(day: LocalDate | null): string {
  return day ? day.split('-').reverse().join('.') : '—';
}

/** The numbers of accepted proposals that have no recommendation yet (the conclusion waits for them). */
export function missingRecommendations(
  proposals: readonly Pick<ProtocolProposal, 'number' | 'status' | 'recommendation'>[],
): number[] {
  return proposals
    .filter((p) => p.status === 'accepted' && !p.recommendation)
    .map((p) => p.number)
    .sort((a, b) => a - b);
}

/** A proposal's content shortened for the conclusion (the protocol holds it whole). */
export function summaryOf(body: string, max = 600): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Whether the protocol is published (signed): before that, only the organiser reads a draft. */
export function protocolPublished(status: DiscussionStatus): boolean {
  return status === 'protocol' || status === 'concluded';
}

export type Fact = { label: string; value: string };

/** The protocol's heading facts (part 18, items 1–4), in order. */
export function protocolFacts(src: ProtocolSource, now: Date): Fact[] {
  const d = src.discussion;
  const day = (at: Date | null) => (at ? ruDate(localDate(at, src.timeZone)) : null);
  const accepted = src.proposals.filter((p) => p.status === 'accepted').length;
  const territory = [
    `${src.municipality}; зданий в границах территории: ${src.territory.buildings}`,
    ...(src.territory.plots.length > 0 ? [`земельные участки: ${src.territory.plots.join(', ')}`] : []),
  ].join('; ');
  return [
    {
      label: 'Дата оформления протокола',
      value: day(d.protocolSignedAt) ?? `${ruDate(localDate(now, src.timeZone))} (проект)`,
    },
    { label: 'Организатор', value: src.organiser },
    { label: 'Проект', value: `${kindNames[d.kind]}: ${d.title}` },
    { label: 'Содержание проекта', value: d.summary },
    { label: 'Территория', value: territory },
    {
      label: 'Оповещение',
      value: `опубликовано ${day(d.announcedAt) ?? ruDate(d.noticeOn)} на платформе «Отклик», раздел «Общественные обсуждения», обсуждение № ${d.number}`,
    },
    {
      label: 'Экспозиция проекта',
      value: `с ${ruDate(d.expositionFrom)} по ${ruDate(d.expositionTo)}${d.expositionPlace ? `, ${d.expositionPlace}` : ''}; материалы — на платформе «Отклик»`,
    },
    { label: 'Срок приёма предложений и замечаний', value: `с ${ruDate(d.proposalsFrom)} по ${ruDate(d.proposalsTo)}` },
    { label: 'Число участников', value: String(src.participants) },
    { label: 'Предложений и замечаний принято в протокол', value: String(accepted) },
    { label: 'Не подлежат рассмотрению', value: String(src.proposals.length - accepted) },
  ];
}

/** The conclusion's heading facts (part 22, items 1–3). */
export function conclusionFacts(src: ProtocolSource, now: Date): Fact[] {
  const d = src.discussion;
  const day = (at: Date | null) => (at ? ruDate(localDate(at, src.timeZone)) : null);
  return [
    {
      label: 'Дата оформления заключения',
      value: day(d.concludedAt) ?? `${ruDate(localDate(now, src.timeZone))} (проект)`,
    },
    { label: 'Организатор', value: src.organiser },
    { label: 'Проект', value: `${kindNames[d.kind]}: ${d.title}` },
    { label: 'Число участников', value: String(src.participants) },
    {
      label: 'Протокол',
      value: d.protocolSignedAt ? `№ ${d.number} от ${day(d.protocolSignedAt)}` : `№ ${d.number} (не подписан)`,
    },
  ];
}

/** The basis of taking part, as the organiser's copy states it. */
export function basesText(bases: readonly Basis[]): string {
  return bases.map(basisNames).join('; ');
}

/** The documents' file names: protocol-ПС-2026-14.pdf with the number made safe for a header. */
export function documentFileName(kind: 'protocol' | 'conclusion', number: string, full: boolean, ext: 'pdf' | 'csv') {
  return `${kind}${full ? '-full' : ''}-${number}.${ext}`;
}
