import { extractText, getDocumentProxy } from 'unpdf';

/**
 * A PDF as a reader sees it: its text (pdf.js through unpdf, pages joined), its page count, and
 * whether its fonts are embedded — every font dictionary points at a font file (FontFile2 for
 * TrueType, FontFile3 for CFF) and none is a standard-14 font the reader would substitute.
 */
export async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  const raw = Buffer.from(bytes).toString('latin1');
  const fontFiles = (raw.match(/\/FontFile[23]\b/g) ?? []).length;
  const fonts = (raw.match(/\/Type\s*\/Font\b/g) ?? []).length;
  const standard14 = /\/BaseFont\s*\/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/.test(raw);
  // The running footer (api/protocols/pdf.ts) falls between a page's last line and the next page's first.
  const body = text.replace(/\S[^\n·]* № \S+ · стр\. \d+ из \d+ · сформирован \d\d\.\d\d\.\d{4}/g, ' ');
  return { text: body, pages: totalPages, fontFiles, fonts, standard14 };
}

/** Text with every white space removed: pdf.js breaks lines where the layout did. */
export const squeeze = (s: string) => s.replace(/\s+/g, '');
