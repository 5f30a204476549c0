/**
 * The protocol and the conclusion as PDF, laid out by pdfmake (server side, over pdfkit) with
 * Roboto, the font pdfmake ships (Apache 2.0; Cyrillic and the Tatar letters included), embedded as
 * a subset (FontFile2) so that any reader shows the Russian text as written. pdfmake breaks long
 * texts and tables across pages itself. The content comes from dispatch/protocols.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  basesText,
  conclusionFacts,
  type Fact,
  type ProtocolProposal,
  type ProtocolSource,
  protocolFacts,
  recommendationNames,
  ruDate,
  summaryOf,
} from '../../dispatch/protocols.ts';
import { localDate } from '../../dispatch/eservices.ts';

type Content = unknown;
type DocDefinition = Record<string, unknown>;
type PdfMake = {
  setFonts(fonts: Record<string, Record<string, Buffer>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (file: string) => boolean): void;
  createPdf(doc: DocDefinition): { getBuffer(): Promise<Buffer> };
};

const require = createRequire(import.meta.url);
let pdfmake: PdfMake | null = null;

/** pdfmake, its fonts read once from the package; no file or URL is ever fetched for a document. */
function printer(): PdfMake {
  if (pdfmake) return pdfmake;
  const made = require('pdfmake') as PdfMake;
  const dir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const font = (name: string) => readFileSync(path.join(dir, `Roboto-${name}.ttf`));
  made.setFonts({
    Roboto: {
      normal: font('Regular'),
      bold: font('Medium'),
      italics: font('Italic'),
      bolditalics: font('MediumItalic'),
    },
  });
  made.setUrlAccessPolicy(() => false);
  made.setLocalAccessPolicy(() => false);
  pdfmake = made;
  return made;
}

const styles = {
  title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
  subtitle: { fontSize: 11, alignment: 'center', margin: [0, 0, 0, 12] },
  draft: { fontSize: 13, bold: true, color: '#b00020', alignment: 'center', margin: [0, 0, 0, 8] },
  heading: { fontSize: 12, bold: true, margin: [0, 12, 0, 6] },
  label: { bold: true },
  small: { fontSize: 8, color: '#555555' },
};

const factsTable = (facts: Fact[]): Content => ({
  table: { widths: [150, '*'], body: facts.map((f) => [{ text: f.label, style: 'label' }, f.value]) },
  layout: 'lightHorizontalLines',
});

function frame(title: string, src: ProtocolSource, draft: string | null, content: Content[], now: Date): DocDefinition {
  const d = src.discussion;
  // A published document carries the moment it was published, so the same rows give the same bytes (and ETag).
  const creationDate = draft ? now : ((title === 'Протокол' ? d.protocolSignedAt : d.concludedAt) ?? now);
  return {
    info: {
      title: `${title} № ${d.number}`,
      author: src.organiser,
      creator: 'Отклик',
      producer: 'Отклик',
      creationDate,
    },
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
    styles,
    footer: (page: number, pages: number) => ({
      text: `${title} № ${d.number} · стр. ${page} из ${pages} · сформирован ${ruDate(localDate(now, src.timeZone))}`,
      style: 'small',
      alignment: 'center',
      margin: [0, 20, 0, 0],
    }),
    content: [
      ...(draft ? [{ text: draft, style: 'draft' }] : []),
      { text: title.toUpperCase(), style: 'title' },
      { text: `общественных обсуждений · № ${d.number}`, style: 'subtitle' },
      ...content,
    ],
  };
}

const authorLines = (p: ProtocolProposal): Content[] =>
  p.author
    ? [
        {
          text: [
            { text: 'Участник: ', bold: true },
            `${p.author.fullName}, дата рождения ${ruDate(p.author.birthDate)}, адрес: ${p.author.address}; основание участия — ${basesText(p.author.bases)}`,
          ],
          margin: [0, 2, 0, 0],
        },
      ]
    : [];

function acceptedBlock(p: ProtocolProposal, timeZone: string): Content {
  return {
    stack: [
      { text: `№ ${p.number} от ${ruDate(localDate(p.submittedAt, timeZone))}`, bold: true },
      { text: p.body, margin: [0, 2, 0, 0] },
      ...authorLines(p),
    ],
    margin: [0, 0, 0, 8],
  };
}

function rejectedTable(rejected: ProtocolProposal[], timeZone: string, full: boolean): Content {
  if (rejected.length === 0) return { text: 'Нет.' };
  const head = ['№', 'Дата', 'Причина', ...(full ? ['Участник'] : [])].map((text) => ({ text, style: 'label' }));
  return {
    table: {
      headerRows: 1,
      widths: full ? [30, 60, '*', 150] : [30, 60, '*'],
      body: [
        head,
        ...rejected.map((p) => [
          String(p.number),
          ruDate(localDate(p.submittedAt, timeZone)),
          p.rejectReason ?? '',
          ...(full ? [p.author ? `${p.author.fullName}, ${ruDate(p.author.birthDate)}, ${p.author.address}` : ''] : []),
        ]),
      ],
    },
    layout: 'lightHorizontalLines',
  };
}

/** The protocol (the public copy without participants, or the organiser's `full` copy with them). */
export async function protocolPdf(src: ProtocolSource, opts: { full: boolean; draft: boolean; now: Date }) {
  const accepted = src.proposals.filter((p) => p.status === 'accepted');
  const rejected = src.proposals.filter((p) => p.status === 'rejected');
  const content: Content[] = [
    factsTable(protocolFacts(src, opts.now)),
    { text: 'Предложения и замечания, принятые в протокол', style: 'heading' },
    {
      text: 'Граждан, постоянно проживающих на территории, и правообладателей земельных участков и объектов капитального строительства на ней:',
      margin: [0, 0, 0, 6],
    },
    ...(accepted.length > 0 ? accepted.map((p) => acceptedBlock(p, src.timeZone)) : [{ text: 'Не поступали.' }]),
    { text: 'Иных участников общественных обсуждений: не поступали.', margin: [0, 4, 0, 0] },
    { text: 'Не подлежат рассмотрению (без текста, с причиной)', style: 'heading' },
    rejectedTable(rejected, src.timeZone, opts.full),
    ...(opts.full
      ? [
          {
            text: 'Копия организатора: содержит персональные данные участников (ч. 19 ст. 5.1 ГрК РФ).',
            style: 'small',
            margin: [0, 12, 0, 0],
          },
        ]
      : []),
  ];
  const draft = opts.draft ? 'ПРОЕКТ ПРОТОКОЛА — не подписан' : null;
  return printer()
    .createPdf(frame('Протокол', src, draft, content, opts.now))
    .getBuffer();
}

/** The conclusion on the results: each accepted proposal's content with the organiser's reasoned recommendation. */
export async function conclusionPdf(src: ProtocolSource, opts: { draft: boolean; now: Date }) {
  const accepted = src.proposals.filter((p) => p.status === 'accepted');
  const row = (p: ProtocolProposal) => [
    String(p.number),
    summaryOf(p.body),
    p.recommendation ? recommendationNames[p.recommendation] : '—',
    p.recommendationReason ?? '',
  ];
  const content: Content[] = [
    factsTable(conclusionFacts(src, opts.now)),
    { text: 'Предложения и замечания участников и рекомендации организатора', style: 'heading' },
    accepted.length === 0
      ? { text: 'Предложения и замечания не поступали.' }
      : {
          table: {
            headerRows: 1,
            widths: [24, '*', 62, 150],
            body: [
              ['№', 'Содержание', 'Рекомендация', 'Обоснование'].map((text) => ({ text, style: 'label' })),
              ...accepted.map(row),
            ],
          },
          layout: 'lightHorizontalLines',
        },
    { text: 'Выводы по результатам общественных обсуждений', style: 'heading' },
    { text: src.discussion.conclusionText ?? '—' },
  ];
  const draft = opts.draft ? 'ПРОЕКТ ЗАКЛЮЧЕНИЯ — не опубликовано' : null;
  return printer()
    .createPdf(frame('Заключение о результатах', src, draft, content, opts.now))
    .getBuffer();
}

/** The notice of a discussion as a one-page PDF (the demo's project documents; the same fonts and layout). */
export async function noticePdf(notice: {
  number: string;
  title: string;
  summary: string;
  organiser: string;
  lines: Fact[];
}): Promise<Buffer> {
  const doc: DocDefinition = {
    info: { title: `Оповещение № ${notice.number}`, author: notice.organiser, creator: 'Отклик', producer: 'Отклик' },
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
    styles,
    content: [
      { text: 'ОПОВЕЩЕНИЕ', style: 'title' },
      { text: `о начале общественных обсуждений · № ${notice.number}`, style: 'subtitle' },
      { text: notice.title, style: 'heading' },
      { text: notice.summary, margin: [0, 0, 0, 8] },
      factsTable([{ label: 'Организатор', value: notice.organiser }, ...notice.lines]),
    ],
  };
  return printer().createPdf(doc).getBuffer();
}
