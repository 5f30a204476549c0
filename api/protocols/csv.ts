/**
 * The protocol and the conclusion as CSV for Excel: UTF-8 with a BOM, `;` between fields (what
 * Excel expects in a Russian locale), `ru / en` headers, one row per proposal (dispatch/stats.ts
 * `toCsv`, as the figures' CSV). The public copy has no participant columns.
 */
import { localDate } from '../../dispatch/eservices.ts';
import {
  basesText,
  type ProtocolProposal,
  type ProtocolSource,
  recommendationNames,
  ruDate,
} from '../../dispatch/protocols.ts';
import { type CsvColumn, toCsv } from '../../dispatch/stats.ts';

const statusNames = { accepted: 'Принято в протокол', rejected: 'Не подлежит рассмотрению' } as const;

/** Every decided proposal: accepted with its text, rejected with its reason only (as in the PDF). */
export function protocolCsv(src: ProtocolSource, full: boolean): string {
  const day = (p: ProtocolProposal) => ruDate(localDate(p.submittedAt, src.timeZone));
  const columns: CsvColumn<ProtocolProposal>[] = [
    { ru: '№', en: 'No.', value: (p) => p.number },
    { ru: 'Дата', en: 'Date', value: day },
    { ru: 'Статус', en: 'Status', value: (p) => statusNames[p.status] },
    { ru: 'Текст предложения', en: 'Proposal', value: (p) => (p.status === 'accepted' ? p.body : null) },
    { ru: 'Причина', en: 'Reason', value: (p) => p.rejectReason },
    ...(full
      ? ([
          { ru: 'ФИО участника', en: 'Participant', value: (p) => p.author?.fullName },
          { ru: 'Дата рождения', en: 'Birth date', value: (p) => ruDate(p.author?.birthDate ?? null) },
          { ru: 'Адрес', en: 'Address', value: (p) => p.author?.address },
          { ru: 'Основание участия', en: 'Basis', value: (p) => (p.author ? basesText(p.author.bases) : null) },
        ] satisfies CsvColumn<ProtocolProposal>[])
      : []),
  ];
  return toCsv(columns, src.proposals, ';');
}

/** Each accepted proposal with the organiser's recommendation and its reasons. */
export function conclusionCsv(src: ProtocolSource): string {
  const columns: CsvColumn<ProtocolProposal>[] = [
    { ru: '№', en: 'No.', value: (p) => p.number },
    { ru: 'Содержание', en: 'Proposal', value: (p) => p.body },
    {
      ru: 'Рекомендация',
      en: 'Recommendation',
      value: (p) => (p.recommendation ? recommendationNames[p.recommendation] : null),
    },
    { ru: 'Обоснование', en: 'Reasons', value: (p) => p.recommendationReason },
  ];
  return toCsv(
    columns,
    src.proposals.filter((p) => p.status === 'accepted'),
    ';',
  );
}
