/**
 * A register file read as lines (issue 18): CSV streamed from the disk through the project's CSV
 * reader (dispatch/csv.ts), GeoJSON read whole (a FeatureCollection of Points); UTF-8, or
 * Windows-1251 as Russian registers often come. A file that cannot be read as a whole (its
 * encoding, its header, not GeoJSON) is an ImportFileError: the run fails and changes nothing.
 */
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { readFile, stat } from 'node:fs/promises';
import { CsvReader, type CsvRow } from '../../dispatch/csv.ts';
import type { LineProblem } from '../../dispatch/import-checks.ts';
import {
  detectEncoding,
  detectFormat,
  featureLine,
  type Header,
  lineOf,
  type RegisterColumn,
  type RegisterKind,
  type RegisterLine,
  readHeader,
} from '../../dispatch/imports.ts';
import { type Message, render } from '../../dispatch/messages/index.ts';

/** The whole file is refused: why, as a message of the catalogue. */
export class ImportFileError extends Error {
  readonly reason: Message;
  constructor(reason: Message) {
    super(render(reason, 'en'));
    this.reason = reason;
  }
}

export type SourceLine = { line: number; record: RegisterLine } | { line: number; problems: LineProblem[] };

export type RegisterSource = {
  format: 'csv' | 'geojson';
  encoding: 'utf-8' | 'windows-1251';
  header: Header;
  lines: AsyncIterable<SourceLine>;
  /** How far the reading got: bytes (CSV) or features (GeoJSON) of the total. */
  progress: () => { done: number; total: number };
};

// Enough of a file to tell its encoding, and big enough reads for a fast stream.
const CHUNK = 256 * 1024;

function decoderFor(encoding: 'utf-8' | 'windows-1251'): TextDecoder {
  return new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
}

async function* csvRows(
  path: string,
  read: { bytes: number; encoding: 'utf-8' | 'windows-1251' | null },
): AsyncGenerator<CsvRow> {
  const reader = new CsvReader();
  let decoder: TextDecoder | null = null;
  // Only ASCII so far: a file whose first letters come late may still be Windows-1251.
  let asciiOnly = true;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    const bytes = chunk as Buffer;
    if (decoder === null) {
      read.encoding = detectEncoding(bytes.subarray(0, 64 * 1024));
      if (read.encoding === null) throw new ImportFileError({ id: 'import.file.encoding' });
      decoder = decoderFor(read.encoding);
    }
    read.bytes += bytes.length;
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      if (!(asciiOnly && detectEncoding(bytes) === 'windows-1251')) {
        throw new ImportFileError({ id: 'import.file.encoding' });
      }
      read.encoding = 'windows-1251';
      decoder = decoderFor(read.encoding);
      text = decoder.decode(bytes, { stream: true });
    }
    if (asciiOnly && bytes.some((b) => b >= 0x80)) asciiOnly = false;
    yield* reader.push(text);
  }
  try {
    yield* reader.push(decoder?.decode() ?? '');
  } catch {
    throw new ImportFileError({ id: 'import.file.encoding' });
  }
  yield* reader.end();
}

async function openCsv(path: string, kind: RegisterKind): Promise<RegisterSource> {
  const total = (await stat(path)).size;
  const read = { bytes: 0, encoding: null as 'utf-8' | 'windows-1251' | null };
  const rows = csvRows(path, read);
  const first = await rows.next();
  if (first.done) throw new ImportFileError({ id: 'import.file.empty' });
  const checked = readHeader(kind, first.value.cells);
  if (!checked.ok) {
    await rows.return(undefined);
    throw new ImportFileError(checked.reason);
  }
  const { header } = checked;
  async function* lines(): AsyncGenerator<SourceLine> {
    for await (const row of { [Symbol.asyncIterator]: () => rows })
      yield { line: row.line, record: lineOf(header, row.cells) };
  }
  return {
    format: 'csv',
    encoding: read.encoding ?? 'utf-8',
    header,
    lines: lines(),
    progress: () => ({ done: read.bytes, total }),
  };
}

async function openGeoJson(path: string, kind: RegisterKind): Promise<RegisterSource> {
  const bytes = await readFile(path);
  if (bytes.length === 0) throw new ImportFileError({ id: 'import.file.empty' });
  const encoding = detectEncoding(bytes.subarray(0, 64 * 1024));
  if (encoding === null) throw new ImportFileError({ id: 'import.file.encoding' });
  let text: string;
  try {
    text = decoderFor(encoding).decode(bytes);
  } catch {
    throw new ImportFileError({ id: 'import.file.encoding' });
  }
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportFileError({ id: 'import.file.geojson', params: { why: (err as Error).message.slice(0, 200) } });
  }
  const features = (document as { type?: unknown; features?: unknown } | null)?.features;
  if ((document as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features)) {
    throw new ImportFileError({ id: 'import.file.geojson', params: { why: 'not a FeatureCollection with features' } });
  }
  if (features.length === 0) throw new ImportFileError({ id: 'import.file.empty' });
  const columns = new Set<RegisterColumn>();
  // A feature's number counts from 1, as a CSV's data lines would from 2: "line" 1 is the first feature.
  const read: SourceLine[] = features.map((feature, i) => {
    const r = featureLine(kind, feature, columns);
    return r.ok ? { line: i + 1, record: r.line } : { line: i + 1, problems: [{ field: r.field, reason: r.reason }] };
  });
  const checked = readHeader(kind, [...columns], { geometry: kind === 'buildings' });
  if (!checked.ok) throw new ImportFileError(checked.reason);
  let done = 0;
  async function* lines(): AsyncGenerator<SourceLine> {
    for (const line of read) {
      done++;
      yield line;
    }
  }
  return {
    format: 'geojson',
    encoding,
    header: checked.header,
    lines: lines(),
    progress: () => ({ done, total: read.length }),
  };
}

/** Open a register file of a kind, CSV or GeoJSON (by its name, else by its first character). */
export async function openRegister(path: string, fileName: string, kind: RegisterKind): Promise<RegisterSource> {
  const head = await readHead(path);
  const format = detectFormat(fileName, head);
  return format === 'geojson' ? openGeoJson(path, kind) : openCsv(path, kind);
}

async function readHead(path: string): Promise<string> {
  for await (const chunk of createReadStream(path, { start: 0, end: 63 })) {
    return new TextDecoder('utf-8').decode(chunk as Buffer);
  }
  return '';
}
