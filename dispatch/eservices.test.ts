import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  allowedSteps,
  type ApplicationStatus,
  type ApplicationStep,
  applicationStatuses,
  applicationSteps,
  countsTowardsTerm,
  daysBetween,
  type FormField,
  formProblems,
  isWorkingDay,
  localDate,
  nextStage,
  nextStatus,
  type ServiceStage,
  type TermPause,
  type TermUnit,
  termDaysUsed,
  termEnd,
  termState,
  transitions,
} from './eservices.ts';

/*
 * The lifecycle written out by hand from the issue: rows are steps, columns the status the
 * application is in; a cell is the status the step leads to, or × when the step is refused there.
 *
 *   DRA draft   SUB submitted   INP in_progress   AWD awaiting_documents
 *   RDY ready   ISS issued      REF refused       WDR withdrawn
 */
const short: Record<string, ApplicationStatus> = {
  DRA: 'draft',
  SUB: 'submitted',
  INP: 'in_progress',
  AWD: 'awaiting_documents',
  RDY: 'ready',
  ISS: 'issued',
  REF: 'refused',
  WDR: 'withdrawn',
};

const lifecycle = `
                      dra  sub  inp  awd  rdy  iss  ref  wdr
  submit              SUB   ×    ×    ×    ×    ×    ×    ×
  provide_documents    ×    ×    ×   INP   ×    ×    ×    ×
  withdraw            WDR  WDR  WDR  WDR   ×    ×    ×    ×
  take                 ×   INP  INP  AWD   ×    ×    ×    ×
  advance              ×    ×   INP   ×    ×    ×    ×    ×
  request_documents    ×   AWD  AWD   ×    ×    ×    ×    ×
  issue_result         ×    ×   RDY   ×    ×    ×    ×    ×
  refuse               ×   REF  REF  REF   ×    ×    ×    ×
  mark_ready           ×    ×   RDY   ×    ×    ×    ×    ×
  deliver              ×    ×    ×    ×   ISS   ×    ×    ×
  hand_over            ×    ×    ×    ×   ISS   ×    ×    ×
`;

function parseGrid(text: string): Record<ApplicationStep, (ApplicationStatus | null)[]> {
  const [header, ...rows] = text.trim().split('\n');
  const columns = header.trim().split(/\s+/);
  expect(columns.map((c) => short[c.toUpperCase()])).toEqual([...applicationStatuses]);
  const grid = Object.fromEntries(
    rows.map((row) => {
      const [step, ...cells] = row.trim().split(/\s+/);
      expect(cells, step).toHaveLength(applicationStatuses.length);
      return [step, cells.map((c) => (c === '×' ? null : short[c]))];
    }),
  );
  expect(Object.keys(grid).sort()).toEqual([...applicationSteps].sort());
  return grid as Record<ApplicationStep, (ApplicationStatus | null)[]>;
}

const grid = parseGrid(lifecycle);

describe('the application lifecycle', () => {
  for (const step of applicationSteps) {
    applicationStatuses.forEach((status, column) => {
      const expected = grid[step][column];
      it(`${step} from ${status} ${expected ? `leads to ${expected}` : 'is refused'}`, () => {
        expect(nextStatus(status, step)).toBe(expected);
      });
    });
  }

  it('allows from each status exactly the steps of its column, in the order of applicationSteps', () => {
    const byHand: Record<ApplicationStatus, ApplicationStep[]> = {
      draft: ['submit', 'withdraw'],
      submitted: ['withdraw', 'take', 'request_documents', 'refuse'],
      in_progress: ['withdraw', 'take', 'advance', 'request_documents', 'issue_result', 'refuse', 'mark_ready'],
      awaiting_documents: ['provide_documents', 'withdraw', 'take', 'refuse'],
      ready: ['deliver', 'hand_over'],
      issued: [],
      refused: [],
      withdrawn: [],
    };
    for (const status of applicationStatuses) expect(allowedSteps(status), status).toEqual(byHand[status]);
  });

  it('has no step out of a final status and none into draft', () => {
    for (const status of ['issued', 'refused', 'withdrawn'] as const) expect(transitions[status]).toEqual({});
    for (const status of applicationStatuses) {
      expect(Object.values(transitions[status])).not.toContain('draft');
    }
  });

  it('moves through the internal stages one at a time and stops at the last', () => {
    const stage = (code: string): ServiceStage => ({
      code,
      name: { ru: code, en: code, tt: code },
      termDays: 2,
      unit: { ru: 'отдел', en: 'unit', tt: 'бүлек' },
    });
    const stages = ['registration', 'review', 'drafting', 'signing'].map(stage);
    expect(nextStage(stages, 0)).toBe(1);
    expect(nextStage(stages, 1)).toBe(2);
    expect(nextStage(stages, 2)).toBe(3);
    expect(nextStage(stages, 3)).toBeNull();
    expect(nextStage([stage('only')], 0)).toBeNull();
    expect(nextStage([], 0)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Terms on the real production calendar

describe('regulated terms on the 2025–2027 production calendar (hand-checked)', () => {
  it('knows the days off of the calendar', () => {
    expect(isWorkingDay('2025-12-31')).toBe(false); // moved from Sun 5 Jan 2025
    expect(isWorkingDay('2026-01-09')).toBe(false); // moved from Sat 3 Jan
    expect(isWorkingDay('2026-01-12')).toBe(true);
    expect(isWorkingDay('2026-03-09')).toBe(false); // Sun 8 Mar moved to Monday
    expect(isWorkingDay('2026-05-11')).toBe(false); // Sat 9 May moved to Monday
    expect(isWorkingDay('2026-11-03')).toBe(true); // shortened, still a working day
    expect(isWorkingDay('2026-11-04')).toBe(false);
    expect(isWorkingDay('2026-12-31')).toBe(false); // moved from Sun 4 Jan 2026
    expect(isWorkingDay('2025-11-01')).toBe(true); // a worked Saturday
    expect(isWorkingDay('2026-12-05')).toBe(false); // an ordinary Saturday
  });

  it('ends the ГПЗУ’s 14 working days from Fri 26 Dec 2025 on Tue 27 Jan 2026, across the New Year holidays', () => {
    // 29, 30 Dec; 31 Dec and 1–11 Jan off; 12–16, 19–23, 26, 27 Jan.
    expect(termEnd('2025-12-26', 14, 'working_days')).toBe('2026-01-27');
    expect(termDaysUsed('2025-12-26', '2026-01-11', 'working_days')).toBe(2);
    expect(termDaysUsed('2025-12-26', '2026-01-27', 'working_days')).toBe(14);
  });

  it('ends 14 working days from Fri 30 Oct 2026 on Fri 20 Nov, skipping 4 November', () => {
    // 2, 3 Nov; 4 Nov off; 5, 6, 9–13, 16–20 Nov.
    expect(termEnd('2026-10-30', 14, 'working_days')).toBe('2026-11-20');
  });

  it('ends one working day from Fri 6 Mar 2026 on Tue 10 Mar (8 March moved to Monday)', () => {
    expect(termEnd('2026-03-06', 1, 'working_days')).toBe('2026-03-10');
  });

  it('moves a calendar-day term ending on a day off to the next working day (Civil Code art. 193)', () => {
    // 45 days of the Housing Code art. 26 from 25 Mar 2026 end on Sat 9 May; Sun 10 and Mon 11 May are off.
    expect(termEnd('2026-03-25', 45, 'calendar_days')).toBe('2026-05-12');
    // 30 days of 59-FZ from 2 Dec 2026 end on 1 Jan 2027: the holidays run to Sun 10 Jan.
    expect(termEnd('2026-12-02', 30, 'calendar_days')).toBe('2027-01-11');
    // …and one ending on a working day stays there.
    expect(termEnd('2026-03-24', 45, 'calendar_days')).toBe('2026-05-08');
  });

  it('does not count a pause for documents, and knows no end while the pause is open', () => {
    // 5 working days from Mon 2 Nov 2026: 3, 5, 6, 9, 10 Nov.
    expect(termEnd('2026-11-02', 5, 'working_days')).toBe('2026-11-10');
    // Asked on Thu 5 Nov, answered on Mon 9 Nov: 6 and 9 Nov are not counted; 3, 5, 10, 11, 12 Nov are.
    const pauses: TermPause[] = [{ from: '2026-11-05', to: '2026-11-09' }];
    expect(termEnd('2026-11-02', 5, 'working_days', pauses)).toBe('2026-11-12');
    expect(termDaysUsed('2026-11-02', '2026-11-10', 'working_days', pauses)).toBe(3);
    expect(termEnd('2026-11-02', 5, 'working_days', [{ from: '2026-11-05', to: null }])).toBeNull();
    expect(countsTowardsTerm('2026-11-05', '2026-11-02', 'working_days', pauses)).toBe(true);
    expect(countsTowardsTerm('2026-11-06', '2026-11-02', 'working_days', pauses)).toBe(false);
    expect(countsTowardsTerm('2026-11-02', '2026-11-02', 'working_days', [])).toBe(false); // the start day
  });

  it('takes the local date in the municipality’s zone', () => {
    expect(localDate(new Date('2026-12-06T21:30:00Z'), 'Europe/Moscow')).toBe('2026-12-07');
    expect(localDate(new Date('2026-12-06T20:30:00Z'), 'Europe/Moscow')).toBe('2026-12-06');
  });
});

// ---------------------------------------------------------------------------------------------
// Terms as properties

const FIRST = '2025-01-01';
/** A day of the years the calendar covers (and a little after, where only the week applies). */
const days = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays(FIRST, n));
const units = fc.constantFrom<TermUnit>('working_days', 'calendar_days');
const lengths = fc.integer({ min: 1, max: 60 });

/** The unpaused term's N-th counted day, before a calendar-day term is moved off a day off. */
const lastCounted = (start: string, n: number, unit: TermUnit) =>
  unit === 'calendar_days' ? addDays(start, n) : (termEnd(start, n, unit) as string);

describe('regulated terms (properties)', () => {
  it('ends a working-day term on a working day with exactly N counted days in (start, end]', () => {
    fc.assert(
      fc.property(days, lengths, (start, n) => {
        const end = termEnd(start, n, 'working_days')!;
        expect(isWorkingDay(end)).toBe(true);
        expect(end > start).toBe(true);
        expect(termDaysUsed(start, end, 'working_days')).toBe(n);
        expect(termDaysUsed(start, addDays(end, -1), 'working_days')).toBe(n - 1);
      }),
    );
  });

  it('ends a calendar-day term on its N-th day, or on the first working day after it when that is a day off', () => {
    fc.assert(
      fc.property(days, lengths, (start, n) => {
        const nth = addDays(start, n);
        const end = termEnd(start, n, 'calendar_days')!;
        expect(isWorkingDay(end)).toBe(true);
        expect(end >= nth).toBe(true);
        for (let d = nth; d < end; d = addDays(d, 1)) expect(isWorkingDay(d), d).toBe(false);
        if (isWorkingDay(nth)) expect(termDaysUsed(start, end, 'calendar_days')).toBe(n);
      }),
    );
  });

  it('gives a later end for a longer term', () => {
    fc.assert(
      fc.property(days, units, lengths, lengths, (start, unit, a, b) => {
        fc.pre(a < b);
        const [ea, eb] = [termEnd(start, a, unit)!, termEnd(start, b, unit)!];
        if (unit === 'working_days') expect(ea < eb).toBe(true);
        else expect(ea <= eb).toBe(true);
      }),
    );
  });

  it('moves the end by exactly the counted days of a closed pause within the term', () => {
    fc.assert(
      fc.property(
        days,
        units,
        lengths,
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 1, max: 40 }),
        (start, unit, n, offset, length) => {
          const from = addDays(start, offset);
          const to = addDays(from, length);
          const k = termDaysUsed(from, to, unit); // the days the pause holds that would have counted
          const paused = termEnd(start, n, unit, [{ from, to }]);
          if (from < lastCounted(start, n, unit)) expect(paused).toBe(termEnd(start, n + k, unit));
          else expect(paused).toBe(termEnd(start, n, unit));
        },
      ),
    );
  });

  it('moves a working-day end by k working days for a pause of k working days inside the term', () => {
    fc.assert(
      fc.property(days, lengths, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (s, n, a, b) => {
        const end = termEnd(s, n, 'working_days')!;
        const span = daysBetween(s, end);
        const [x, y] = [a % span, b % span].sort((p, q) => p - q);
        fc.pre(x < y);
        const pause = { from: addDays(s, x), to: addDays(s, y) };
        const k = termDaysUsed(pause.from, pause.to, 'working_days');
        const moved = termEnd(s, n, 'working_days', [pause])!;
        expect(termDaysUsed(end, moved, 'working_days')).toBe(k);
      }),
    );
  });

  it('counts exactly N unpaused days up to the end, whatever closed pauses there are', () => {
    const pauses = (start: string) =>
      fc
        .array(fc.tuple(fc.integer({ min: -10, max: 80 }), fc.integer({ min: 0, max: 15 })), { maxLength: 4 })
        .map((list) =>
          list.map(([offset, length]) => ({ from: addDays(start, offset), to: addDays(start, offset + length) })),
        );
    fc.assert(
      fc.property(
        days.chain((start) => fc.tuple(fc.constant(start), pauses(start))),
        units,
        lengths,
        ([start, list], unit, n) => {
          const end = termEnd(start, n, unit, list)!;
          expect(isWorkingDay(end)).toBe(true);
          // the N-th counted day; a calendar-day term may then move over days off to the end (which
          // may be a paused day: documents given on the Monday after a term ending on a Sunday)
          let nth = end;
          while (termDaysUsed(start, nth, unit, list) > n || !countsTowardsTerm(nth, start, unit, list)) {
            nth = addDays(nth, -1);
          }
          expect(termDaysUsed(start, nth, unit, list)).toBe(n);
          expect(countsTowardsTerm(nth, start, unit, list)).toBe(true);
          if (unit === 'working_days') expect(nth).toBe(end);
          for (let d = addDays(nth, 1); d < end; d = addDays(d, 1)) expect(isWorkingDay(d), d).toBe(false);
          expect(termEnd(start, n, unit, [...list].reverse())).toBe(end); // the order of the pauses does not matter
        },
      ),
    );
  });

  it('ignores a pause that ends on or before the start', () => {
    fc.assert(
      fc.property(
        days,
        units,
        lengths,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (s, u, n, a, l) => {
          const to = addDays(s, -a);
          const pause = { from: addDays(to, -l), to };
          expect(termEnd(s, n, u, [pause])).toBe(termEnd(s, n, u));
          expect(termDaysUsed(s, addDays(s, 90), u, [pause])).toBe(termDaysUsed(s, addDays(s, 90), u));
        },
      ),
    );
  });

  it('has no end while a pause is open, wherever it started', () => {
    fc.assert(
      fc.property(days, units, lengths, fc.integer({ min: -30, max: 90 }), (s, u, n, offset) => {
        expect(termEnd(s, n, u, [{ from: addDays(s, offset), to: null }])).toBeNull();
      }),
    );
  });

  it('counts used days monotonically, never more with pauses than without', () => {
    fc.assert(
      fc.property(
        days,
        units,
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 40 }),
        (s, u, a, b, offset) => {
          const [x, y] = [addDays(s, Math.min(a, b)), addDays(s, Math.max(a, b))];
          const pause = { from: addDays(s, offset), to: addDays(s, offset + 5) };
          expect(termDaysUsed(s, x, u)).toBeLessThanOrEqual(termDaysUsed(s, y, u));
          expect(termDaysUsed(s, y, u, [pause])).toBeLessThanOrEqual(termDaysUsed(s, y, u));
          expect(termDaysUsed(s, s, u)).toBe(0);
        },
      ),
    );
  });
});

describe('where a term stands', () => {
  it('is paused with no due day, overdue after it, at risk on its last days, on time before', () => {
    expect(termState(null, '2026-12-07', 14)).toBe('paused');
    // 14 days: the last fifth is 3 days (8, 9, 10 Dec).
    expect(termState('2026-12-10', '2026-12-07', 14)).toBe('on_time');
    expect(termState('2026-12-10', '2026-12-08', 14)).toBe('at_risk');
    expect(termState('2026-12-10', '2026-12-10', 14)).toBe('at_risk');
    expect(termState('2026-12-10', '2026-12-11', 14)).toBe('overdue');
    // 5 days: the last two days.
    expect(termState('2026-12-10', '2026-12-08', 5)).toBe('on_time');
    expect(termState('2026-12-10', '2026-12-09', 5)).toBe('at_risk');
    // 45 days: the last nine.
    expect(termState('2026-12-31', '2026-12-22', 45)).toBe('on_time');
    expect(termState('2026-12-31', '2026-12-23', 45)).toBe('at_risk');
  });
});

// ---------------------------------------------------------------------------------------------
// Forms

const t = (ru: string) => ({ ru, en: ru, tt: ru });
const fields: FormField[] = [
  { key: 'cadastral', type: 'cadastral_number', label: t('Кадастровый номер'), required: true },
  { key: 'address', type: 'text', label: t('Адрес'), required: true, min: 5, max: 40 },
  { key: 'note', type: 'textarea', label: t('Комментарий'), required: false, max: 10 },
  { key: 'inn', type: 'text', label: t('ИНН'), required: false, pattern: '\\d{10}|\\d{12}' },
  { key: 'area', type: 'number', label: t('Площадь'), required: true, min: 1, max: 100 },
  { key: 'born', type: 'date', label: t('Дата рождения'), required: true },
  {
    key: 'purpose',
    type: 'choice',
    label: t('Цель'),
    required: true,
    choices: [
      { value: 'housing', label: t('Жильё') },
      { value: 'shop', label: t('Магазин') },
    ],
  },
  { key: 'consent', type: 'checkbox', label: t('Согласие'), required: true },
  { key: 'urgent', type: 'checkbox', label: t('Срочно'), required: false },
];
const valid = {
  cadastral: '16:50:011102:123',
  address: 'ул. Баумана, д. 12',
  area: 12.5,
  born: '2022-02-28',
  purpose: 'housing',
  consent: true,
};

describe('form values', () => {
  it('accepts a complete valid application', () => {
    expect(formProblems(fields, valid)).toEqual([]);
    expect(formProblems(fields, { ...valid, note: 'до 10', inn: '1655065057', urgent: false })).toEqual([]);
  });

  it('names every missing required field, and none of them in a draft', () => {
    expect(formProblems(fields, {})).toEqual(
      ['cadastral', 'address', 'area', 'born', 'purpose', 'consent'].map((field) => ({ field, reason: 'required' })),
    );
    expect(formProblems(fields, {}, false)).toEqual([]);
    // empty strings and null are missing; an unticked required box is missing
    // blank text is missing too, in any text-like field
    expect(formProblems(fields, { ...valid, address: '   ', cadastral: ' ' })).toEqual([
      { field: 'cadastral', reason: 'required' },
      { field: 'address', reason: 'required' },
    ]);
    expect(formProblems(fields, { ...valid, note: '  ' })).toEqual([]);
    expect(formProblems(fields, { ...valid, address: '', area: null, consent: false })).toEqual([
      { field: 'address', reason: 'required' },
      { field: 'area', reason: 'required' },
      { field: 'consent', reason: 'required' },
    ]);
  });

  it('refuses unknown keys (a stale form must not lose data silently)', () => {
    expect(formProblems(fields, { ...valid, colour: 'red' })).toEqual([{ field: 'colour', reason: 'unknown' }]);
    expect(formProblems(fields, { colour: 'red' }, false)).toEqual([{ field: 'colour', reason: 'unknown' }]);
  });

  it('checks numbers: type and bounds', () => {
    const one = (area: unknown) => formProblems(fields, { ...valid, area });
    expect(one('12')).toEqual([{ field: 'area', reason: 'type' }]);
    expect(one(Number.NaN)).toEqual([{ field: 'area', reason: 'type' }]);
    expect(one(Number.POSITIVE_INFINITY)).toEqual([{ field: 'area', reason: 'type' }]);
    expect(one(0.5)).toEqual([{ field: 'area', reason: 'too_small' }]);
    expect(one(100.01)).toEqual([{ field: 'area', reason: 'too_large' }]);
    expect(one(1)).toEqual([]);
    expect(one(100)).toEqual([]);
  });

  it('checks texts: type, trimmed length and pattern', () => {
    const one = (key: string, v: unknown) => formProblems(fields, { ...valid, [key]: v });
    expect(one('address', 42)).toEqual([{ field: 'address', reason: 'type' }]);
    expect(one('address', '  ул.  ')).toEqual([{ field: 'address', reason: 'too_small' }]);
    expect(one('address', 'x'.repeat(41))).toEqual([{ field: 'address', reason: 'too_large' }]);
    expect(one('note', 'одиннадцать')).toEqual([{ field: 'note', reason: 'too_large' }]);
    expect(one('inn', '165506505')).toEqual([{ field: 'inn', reason: 'pattern' }]);
    expect(one('inn', '165506505712')).toEqual([]);
    // the pattern is anchored as a whole: a longer text holding a match does not pass
    expect(one('inn', '1655065057 и ещё')).toEqual([{ field: 'inn', reason: 'pattern' }]);
  });

  it('checks dates: yyyy-mm-dd of a day that exists', () => {
    const one = (born: unknown) => formProblems(fields, { ...valid, born });
    expect(one('2024-02-29')).toEqual([]);
    expect(one('2026-02-29')).toEqual([{ field: 'born', reason: 'type' }]);
    expect(one('2026-02-30')).toEqual([{ field: 'born', reason: 'type' }]);
    expect(one('2026-13-01')).toEqual([{ field: 'born', reason: 'type' }]);
    expect(one('28.02.2022')).toEqual([{ field: 'born', reason: 'type' }]);
    expect(one('2022-02-28T10:00:00Z')).toEqual([{ field: 'born', reason: 'type' }]);
    expect(one(20220228)).toEqual([{ field: 'born', reason: 'type' }]);
  });

  it('checks choices against the listed values', () => {
    const one = (purpose: unknown) => formProblems(fields, { ...valid, purpose });
    expect(one('shop')).toEqual([]);
    expect(one('factory')).toEqual([{ field: 'purpose', reason: 'choice' }]);
    expect(one('Жильё')).toEqual([{ field: 'purpose', reason: 'choice' }]); // the label is not the value
    expect(one(1)).toEqual([{ field: 'purpose', reason: 'type' }]);
  });

  it('checks boxes are booleans', () => {
    expect(formProblems(fields, { ...valid, urgent: 'yes' })).toEqual([{ field: 'urgent', reason: 'type' }]);
    expect(formProblems(fields, { ...valid, consent: 1 })).toEqual([{ field: 'consent', reason: 'type' }]);
  });

  it('checks cadastral numbers: district:area:quarter:plot', () => {
    const one = (cadastral: unknown) => formProblems(fields, { ...valid, cadastral });
    for (const ok of ['16:50:011102:123', '16:50:0111020:1', ' 16:24:000000:123456 ']) expect(one(ok), ok).toEqual([]);
    for (const bad of [
      '16:50:01110:123',
      '16-50-011102-123',
      '16:50:011102',
      '16:50:011102:1234567',
      '1:50:011102:1',
    ]) {
      expect(one(bad), bad).toEqual([{ field: 'cadastral', reason: 'pattern' }]);
    }
    expect(one(1650011102123)).toEqual([{ field: 'cadastral', reason: 'type' }]);
  });

  it('reports several problems at once, each naming its field', () => {
    expect(formProblems(fields, { ...valid, area: -1, purpose: 'x', extra: 1, cadastral: undefined })).toEqual([
      { field: 'extra', reason: 'unknown' },
      { field: 'cadastral', reason: 'required' },
      { field: 'area', reason: 'too_small' },
      { field: 'purpose', reason: 'choice' },
    ]);
  });
});
