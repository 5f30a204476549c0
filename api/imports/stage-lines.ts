/**
 * A register's lines checked one by one and turned into COPY text for the run's stage (issue 18):
 * each line through the pure checks of dispatch/import-checks.ts, then against the lines before it
 * (one external id, one address, one code per file). What is refused is collected with its line,
 * field and reason; what passes streams on to PostgreSQL.
 */
import {
  type BuildingRow,
  checkBuildingLine,
  type ImportReference,
  type LineProblem,
  summaryColumns,
  supplierColumns,
} from '../../dispatch/import-checks.ts';
import {
  checkOrganisationLine,
  codeFromExternalId,
  type OrganisationRow,
} from '../../dispatch/import-organisations.ts';
import type { RegisterKind } from '../../dispatch/imports.ts';
import { copyValue } from '../../db/queries/import-apply.ts';
import type { SourceLine } from './read-register.ts';

export type Refusal = { line: number; field: string; reason: LineProblem['reason'] };

/** What the staging learnt on the way: the refusals, the external ids met, each staged line's id. */
export type StageLedger = {
  refused: Refusal[];
  refusedLines: Set<number>;
  /** Every external id the file names, refused lines' too: --delete-missing keeps them. */
  seen: Set<string>;
  /** The staged line of each external id. */
  lineOf: Map<string, number>;
  lines: number;
};

export function newLedger(): StageLedger {
  return { refused: [], refusedLines: new Set(), seen: new Set(), lineOf: new Map(), lines: 0 };
}

function refuse(ledger: StageLedger, line: number, problems: readonly LineProblem[]): void {
  ledger.refusedLines.add(line);
  for (const p of problems) ledger.refused.push({ line, field: p.field, reason: p.reason });
}

function buildingCopyLine(r: BuildingRow): string {
  const values = [
    r.line,
    r.externalId,
    r.districtId,
    r.street,
    r.house,
    r.block,
    r.postcode,
    r.address,
    r.searchText,
    r.lon,
    r.lat,
    r.managementCompanyId,
    ...supplierColumns.map((c) => r.suppliers[c]),
    ...(Object.keys(summaryColumns) as (keyof typeof summaryColumns)[]).map((c) => r.summary[c]),
  ];
  return `${values.map(copyValue).join('\t')}\n`;
}

function organisationCopyLine(r: OrganisationRow): string {
  const values = [
    r.line,
    r.externalId,
    r.kind,
    r.code ?? codeFromExternalId(r.externalId),
    r.nameRu,
    r.nameEn,
    r.inn,
    r.ogrn,
    r.districtId,
    r.phone,
    r.email,
    r.address,
    r.website,
    r.workingHours === null ? null : JSON.stringify(r.workingHours),
    r.code === null ? 'f' : 't',
  ];
  return `${values.map(copyValue).join('\t')}\n`;
}

type Firsts = { externalId: Map<string, number>; other: Map<string, number> };

/** The line is the first of its external id (and address, or code) in the file; else refused. */
function firstOfItsKind(
  ledger: StageLedger,
  firsts: Firsts,
  line: number,
  externalId: string,
  other: { key: string; field: string; id: 'import.line.duplicate_address' | 'import.line.duplicate_code' },
): boolean {
  const before = firsts.externalId.get(externalId);
  if (before !== undefined) {
    refuse(ledger, line, [
      { field: 'external_id', reason: { id: 'import.line.duplicate_external_id', params: { line: before } } },
    ]);
    return false;
  }
  firsts.externalId.set(externalId, line);
  const sameOther = firsts.other.get(other.key);
  if (sameOther !== undefined) {
    refuse(ledger, line, [{ field: other.field, reason: { id: other.id, params: { line: sameOther } } }]);
    return false;
  }
  firsts.other.set(other.key, line);
  return true;
}

// Rows are sent to PostgreSQL in pieces of about this many characters.
const PIECE = 256 * 1024;

/**
 * The COPY text of a register's lines that pass, in pieces; the ledger fills as it streams.
 * `onLine` is told each line read (for the progress).
 */
export async function* stageText(
  kind: RegisterKind,
  lines: AsyncIterable<SourceLine>,
  ref: ImportReference,
  ledger: StageLedger,
  onLine: () => void,
): AsyncGenerator<string> {
  const firsts: Firsts = { externalId: new Map(), other: new Map() };
  let piece = '';
  for await (const source of lines) {
    ledger.lines++;
    onLine();
    if ('problems' in source) {
      refuse(ledger, source.line, source.problems);
      continue;
    }
    const id = source.record.external_id;
    if (id !== undefined) ledger.seen.add(id);
    let text: string | null = null;
    if (kind === 'buildings') {
      const checked = checkBuildingLine(source.line, source.record, ref);
      if (!checked.ok) refuse(ledger, source.line, checked.problems);
      else {
        const r = checked.row;
        const other = {
          key: `${r.searchText}\u0000${r.address.toLowerCase()}`,
          field: 'house',
          id: 'import.line.duplicate_address',
        } as const;
        if (firstOfItsKind(ledger, firsts, r.line, r.externalId, other)) text = buildingCopyLine(r);
      }
    } else {
      const checked = checkOrganisationLine(source.line, source.record, ref);
      if (!checked.ok) refuse(ledger, source.line, checked.problems);
      else {
        const r = checked.row;
        const code = r.code ?? codeFromExternalId(r.externalId);
        const other = { key: code, field: 'code', id: 'import.line.duplicate_code' } as const;
        if (firstOfItsKind(ledger, firsts, r.line, r.externalId, other)) text = organisationCopyLine(r);
      }
    }
    if (text === null) continue;
    ledger.lineOf.set(source.record.external_id as string, source.line);
    piece += text;
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}
