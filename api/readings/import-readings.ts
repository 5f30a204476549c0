import {
  type CompanyScope,
  getMunicipalityWindow,
  importContext,
  type ReadingWrite,
  upsertReadings,
} from '../../db/queries/readings.ts';
import {
  identificationProblem,
  type ImportRefusal,
  type ParsedImportLine,
  readImportCsv,
} from '../../dispatch/readings-import.ts';
import { checkReading, periodOf, type ReadingFlag, windowPosition } from '../../dispatch/readings.ts';
import { companyScope } from '../apartments/access.ts';
import { type Context, inTransaction } from '../context.ts';
import { BadRequest, NotFound, Unprocessable } from '../errors.ts';
import { meterRules, round3 } from './service.ts';
import type { ImportBody } from './schemas.ts';

const MAX_REPORTED = 1000;

/** What the company sent: a CSV file's text, or JSON rows. */
export type ImportSource = { csv: string } | { rows: ImportBody['rows'] };

type Lines = { lines: ParsedImportLine[]; refused: ImportRefusal[] };

/** The lines of the file or the rows, with the lines the CSV reader already refused. */
function linesOf(source: ImportSource): Lines {
  if ('rows' in source) {
    const lines = source.rows.map((r, i) => ({
      line: r.line ?? i + 1,
      buildingId: r.buildingId ?? null,
      apartment: r.apartment ?? null,
      account: r.account ?? null,
      kind: r.kind ?? null,
      serial: r.serial ?? null,
      values: r.values,
      period: r.period ?? null,
    }));
    return { lines, refused: [] };
  }
  if (source.csv.includes('\uFFFD'))
    throw new BadRequest({ id: 'reading.import.not_utf8' }, [
      { field: 'file', reason: { id: 'reading.import.save_utf8' } },
    ]);
  const parsed = readImportCsv(source.csv);
  if (parsed.headerProblem)
    throw new Unprocessable({ id: 'reading.import.bad_layout' }, [{ field: 'file', reason: parsed.headerProblem }]);
  return { lines: parsed.lines, refused: [...parsed.refused] };
}

/** Lines refused before looking for their meters: repeated numbers, other periods, no meter named. */
function refuseUnnamed(lines: ParsedImportLine[], current: string, refused: ImportRefusal[]): ParsedImportLine[] {
  const seenLines = new Set<number>();
  return lines.filter((l) => {
    const identification = identificationProblem(l);
    const problem: ImportRefusal | null = seenLines.has(l.line)
      ? { line: l.line, field: 'line', reason: { id: 'reading.import.line_repeated' } }
      : l.period !== null && l.period !== current
        ? {
            line: l.line,
            field: 'period',
            reason: { id: 'reading.import.other_period', params: { current } },
          }
        : identification
          ? { line: l.line, field: identification, reason: { id: 'reading.import.meter_unnamed' } }
          : null;
    seenLines.add(l.line);
    if (problem) refused.push(problem);
    return problem === null;
  });
}

type LineContext = Awaited<ReturnType<typeof importContext>>[number];

/** Why a line's meter is not one to take: none, several, or already taken from an earlier line. */
function meterRefusal(l: ParsedImportLine, c: LineContext | undefined, meterSeen: Set<number>): ImportRefusal | null {
  const field = l.serial !== null ? 'serial' : l.apartment !== null ? 'apartment' : 'account';
  if (!c || c.meterCount === 0 || !c.meter) {
    return c && c.meterCount > 1
      ? {
          line: l.line,
          field,
          reason: { id: 'reading.import.several_meters' },
        }
      : { line: l.line, field, reason: { id: 'reading.import.no_meter' } };
  }
  if (meterSeen.has(c.meter.id))
    return {
      line: l.line,
      field,
      reason: { id: 'reading.import.meter_taken' },
    };
  return null;
}

type Outcome = { writes: ReadingWrite[]; replaced: number; flagged: Record<ReadingFlag, number> };

/** Each line through the same rules as a single submission; the taken ones become writes. */
function checkLines(
  lines: ParsedImportLine[],
  contexts: Map<number, LineContext>,
  o: { now: Date; userId: number; refused: ImportRefusal[] },
): Outcome {
  const outcome: Outcome = {
    writes: [],
    replaced: 0,
    flagged: { high_consumption: 0, zero_three_periods: 0, verification_overdue: 0, late: 0 },
  };
  const meterSeen = new Set<number>();
  for (const l of lines) {
    const c = contexts.get(l.line);
    const refusal = meterRefusal(l, c, meterSeen);
    if (refusal || !c?.meter) {
      if (refusal) o.refused.push(refusal);
      continue;
    }
    const m = c.meter;
    const decision = checkReading(meterRules(m), l.values, c.history, c.replacements, m.window, o.now);
    if (!decision.ok) {
      for (const p of decision.problems) o.refused.push({ line: l.line, field: p.field, reason: p.reason });
      continue;
    }
    if (c.hasCurrent && windowPosition(o.now, m.window) !== 'open') {
      o.refused.push({
        line: l.line,
        field: 'period',
        reason: { id: 'reading.window_closed.reason' },
      });
      continue;
    }
    meterSeen.add(m.id);
    if (c.hasCurrent) outcome.replaced++;
    for (const f of decision.flags) outcome.flagged[f]++;
    outcome.writes.push({
      meterId: m.id,
      period: decision.period,
      values: l.values,
      consumption: decision.consumption?.map(round3) ?? null,
      flags: decision.flags,
      source: 'import',
      submittedBy: o.userId,
      submittedAt: o.now,
    });
  }
  return outcome;
}

/**
 * The company imports a period's readings for all its buildings: the same rules as a single
 * submission, for the current period; each refused line is reported with the field and the
 * reason, the rest are taken in one transaction. `read` gives the file or the rows once the
 * company's scope is known.
 */
export async function importReadings(ctx: Context, read: () => Promise<ImportSource>) {
  const scope: CompanyScope = companyScope(ctx, 'reading.submit');
  const actor = ctx.actor!;
  const started = performance.now();
  const phases: Record<string, number> = {};
  const lap = (name: string) => {
    phases[name] = Math.round(performance.now() - started - Object.values(phases).reduce((s, v) => s + v, 0));
  };
  const municipalityWindow = await getMunicipalityWindow(ctx.db, actor.municipalityId);
  if (!municipalityWindow) throw new NotFound('municipality');
  const now = ctx.clock();
  const current = periodOf(now, municipalityWindow.timeZone);
  const parsed = linesOf(await read());
  const refused = parsed.refused;
  const received = parsed.lines.length + refused.length;
  const lines = refuseUnnamed(parsed.lines, current, refused);
  lap('parse');
  const outcome = await inTransaction(ctx, async (tx) => {
    const contexts = new Map((await importContext(tx.db, scope, current, lines)).map((c) => [c.line, c]));
    lap('context');
    const checked = checkLines(lines, contexts, { now, userId: actor.userId, refused });
    lap('rules');
    await upsertReadings(tx.db, checked.writes);
    return checked;
  });
  lap('write');
  refused.sort((a, b) => a.line - b.line);
  const accepted = outcome.writes.length;
  ctx.log.info({ received, accepted, refused: refused.length, period: current, ms: phases }, 'readings imported');
  return {
    period: current,
    received,
    accepted,
    replaced: outcome.replaced,
    flagged: outcome.flagged,
    refusedCount: refused.length,
    refused: refused.slice(0, MAX_REPORTED),
  };
}
