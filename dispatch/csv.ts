/**
 * The one CSV reader of the project (RFC 4180, as Excel and the registers' exports write it): quoted
 * cells may hold separators, quotes and line breaks; comma, semicolon (Excel in a Russian locale) or
 * tab, as the first line shows. It reads a text in pieces, so a register of 100,000 buildings is
 * read as it streams from the disk; `parseCsv` reads a whole text. Each row keeps the number of the
 * line it starts on (the header is line 1), so a refused row can be named as the file numbers it.
 * Blank lines are skipped (their numbers still count). Pure.
 */

export type CsvRow = { line: number; cells: string[] };
export type CsvDelimiter = ',' | ';' | '\t';

const BOM = '\uFEFF';

/** The separator a header line uses: the one that splits it most (comma when none does). */
export function detectDelimiter(firstLine: string): CsvDelimiter {
  const counts = ([',', ';', '\t'] as const).map((d) => [d, firstLine.split(d).length] as const);
  const [best] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best;
}

/** A CSV text read in pieces: `push` each piece, `end` once; each returns the rows completed. */
export class CsvReader {
  #delimiter: CsvDelimiter | null;
  #pending = '';
  #started = false;
  #cells: string[] = [];
  #cell = '';
  #quoted = false;
  /** Inside a quoted cell, a quote just read: the end of the quoting, or the first of a doubled one. */
  #quoteSeen = false;
  #crSeen = false;
  #line = 1;
  #rowLine = 1;

  constructor(delimiter?: CsvDelimiter) {
    this.#delimiter = delimiter ?? null;
  }

  /** The separator in use (known once the first line was read). */
  get delimiter(): CsvDelimiter | null {
    return this.#delimiter;
  }

  push(text: string): CsvRow[] {
    let chunk = text;
    if (!this.#started) {
      chunk = this.#pending + chunk;
      if (this.#delimiter === null) {
        const end = chunk.search(/\r|\n/);
        if (end < 0) {
          this.#pending = chunk;
          return [];
        }
        this.#delimiter = detectDelimiter(chunk.slice(chunk.startsWith(BOM) ? 1 : 0, end));
      }
      this.#pending = '';
      this.#started = true;
      if (chunk.startsWith(BOM)) chunk = chunk.slice(1);
    }
    return this.#scan(chunk);
  }

  end(): CsvRow[] {
    const rows = this.#started ? [] : this.#startWithWhatIsLeft();
    if (this.#crSeen) this.#crSeen = false;
    if (this.#quoteSeen) {
      this.#quoted = false;
      this.#quoteSeen = false;
    }
    if (this.#cell !== '' || this.#cells.length > 0) {
      this.#cells.push(this.#cell);
      this.#emit(rows);
    }
    return rows;
  }

  #startWithWhatIsLeft(): CsvRow[] {
    const rest = this.#pending;
    this.#pending = '';
    this.#delimiter ??= detectDelimiter(rest.startsWith(BOM) ? rest.slice(1) : rest);
    this.#started = true;
    return this.#scan(rest.startsWith(BOM) ? rest.slice(1) : rest);
  }

  #emit(rows: CsvRow[]): void {
    const cells = this.#cells;
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: this.#rowLine, cells });
    this.#cells = [];
    this.#cell = '';
  }

  #scan(text: string): CsvRow[] {
    const rows: CsvRow[] = [];
    const delimiter = this.#delimiter as string;
    let i = 0;
    const n = text.length;
    while (i < n) {
      const ch = text[i];
      if (this.#crSeen) {
        // "\r\n" is one line break; the "\r" already ended the row
        this.#crSeen = false;
        if (ch === '\n') {
          i++;
          continue;
        }
      }
      if (this.#quoted) {
        if (this.#quoteSeen) {
          this.#quoteSeen = false;
          if (ch === '"') {
            this.#cell += '"';
            i++;
            continue;
          }
          this.#quoted = false;
          continue; // the character after the closing quote is read as unquoted
        }
        // copy up to the next quote in one piece
        const q = text.indexOf('"', i);
        const upto = q < 0 ? n : q;
        const piece = text.slice(i, upto);
        for (let k = piece.indexOf('\n'); k >= 0; k = piece.indexOf('\n', k + 1)) this.#line++;
        this.#cell += piece;
        if (q < 0) return rows;
        this.#quoteSeen = true;
        i = q + 1;
        continue;
      }
      if (ch === '"' && this.#cell === '') {
        this.#quoted = true;
        i++;
      } else if (ch === delimiter) {
        this.#cells.push(this.#cell);
        this.#cell = '';
        i++;
      } else if (ch === '\n' || ch === '\r') {
        this.#cells.push(this.#cell);
        this.#emit(rows);
        this.#line++;
        this.#rowLine = this.#line;
        if (ch === '\r') this.#crSeen = true;
        i++;
      } else {
        // an unquoted run up to the next separator, quote or line break
        let j = i + 1;
        while (j < n) {
          const c = text[j];
          if (c === delimiter || c === '\n' || c === '\r') break;
          j++;
        }
        this.#cell += text.slice(i, j);
        i = j;
      }
    }
    return rows;
  }
}

/** Every row of a whole CSV text, with the line each starts on. */
export function parseCsv(text: string, delimiter?: CsvDelimiter): CsvRow[] {
  const reader = new CsvReader(delimiter);
  return [...reader.push(text), ...reader.end()];
}
