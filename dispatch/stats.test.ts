import { describe, expect, it } from 'vitest';
import {
  addSums,
  BUCKET_COUNT,
  bucketOf,
  dayStartsAt,
  defaultPeriod,
  figuresOf,
  localDay,
  quantileFromBuckets,
  rankByLowerBound,
  splitPeriod,
  toCsv,
  weekStart,
  weeksOf,
  wilsonLowerBound,
} from './stats.ts';

const buckets = (entries: Record<number, number>) => Array.from({ length: BUCKET_COUNT }, (_, i) => entries[i] ?? 0);

describe('statistics calendar (Europe/Moscow)', () => {
  it('puts an instant on its Moscow day, and weeks start on Monday', () => {
    expect(localDay(new Date('2026-04-12T20:59:59Z'))).toBe('2026-04-12');
    expect(localDay(new Date('2026-04-12T21:00:00Z'))).toBe('2026-04-13');
    expect(weekStart('2026-04-12')).toBe('2026-04-06');
    expect(weekStart('2026-04-13')).toBe('2026-04-13');
    expect(weekStart('2026-01-01')).toBe('2025-12-29');
    expect(dayStartsAt('2026-04-13').toISOString()).toBe('2026-04-12T21:00:00.000Z');
  });

  it('defaults to the current Moscow week and the eleven before it', () => {
    expect(defaultPeriod(new Date('2026-11-25T21:00:00Z'))).toEqual({ from: '2026-09-07', to: '2026-11-26' });
    expect(weeksOf('2026-09-07', '2026-11-26')).toHaveLength(12);
  });
});

describe('duration buckets', () => {
  it('places durations by their lower bounds, the last bucket open', () => {
    expect(bucketOf(-3)).toBe(0);
    expect(bucketOf(4.99)).toBe(0);
    expect(bucketOf(5)).toBe(1);
    expect(bucketOf(30)).toBe(4);
    expect(bucketOf(100_000)).toBe(BUCKET_COUNT - 1);
  });

  it('reads a percentile back by interpolating inside its bucket', () => {
    // 20, 30, 120 minutes
    const counts = buckets({ 3: 1, 4: 1, 8: 1 });
    expect(quantileFromBuckets(counts, 0.5)).toBe(37.5);
    expect(quantileFromBuckets(counts, 0.9)).toBeCloseTo(162);
    expect(quantileFromBuckets(buckets({}), 0.5)).toBeNull();
    // everything in the open bucket: "at least 60 days"
    expect(quantileFromBuckets(buckets({ [BUCKET_COUNT - 1]: 4 }), 0.9)).toBe(86_400);
  });

  it('stays within its bucket of the exact percentile', () => {
    const durations = Array.from({ length: 1000 }, (_, i) => 3 + (i * i) / 97);
    const counts = buckets({});
    for (const d of durations) counts[bucketOf(d)]++;
    const exact = [...durations].sort((a, b) => a - b)[899];
    const estimate = quantileFromBuckets(counts, 0.9) ?? 0;
    expect(bucketOf(estimate)).toBe(bucketOf(exact));
  });
});

describe('figures and the league', () => {
  const sums = (over: Partial<Parameters<typeof figuresOf>[0]>) => ({ ...addSums([]), ...over });

  it('computes compliance over decided appeals and the reopen rate over resolved ones', () => {
    const f = figuresOf(sums({ received: 10, resolved: 6, compliant: 3, breached: 1, reopened: 2 }), 4);
    expect(f.slaCompliance).toBe(0.75);
    expect(f.reopenRate).toBe(0.3333);
    expect(f.overdueNow).toBe(4);
    expect(figuresOf(sums({ received: 2 }), 0).slaCompliance).toBeNull();
  });

  it('ranks by the lower bound of the share on time, with shared ranks and the undecided last', () => {
    const entry = (nameRu: string, compliant: number, breached: number, received = 10) => ({
      nameRu,
      figures: figuresOf(sums({ received, compliant, breached }), 0),
    });
    const ranked = rankByLowerBound([
      entry('В', 0, 0),
      entry('Б', 1, 1),
      entry('А', 9, 1),
      entry('Г', 9, 1),
      entry('Д', 2, 2),
      entry('Е', 1, 0, 1),
      entry('Ж', 10, 0),
    ]);
    expect(ranked.map((r) => [r.nameRu, r.rank, r.decided, r.slaLowerBound])).toEqual([
      ['Ж', 1, 10, 0.7225],
      ['А', 2, 10, 0.5958],
      ['Г', 2, 10, 0.5958],
      // 1 of 1 (100 %) supports less than 9 of 10 (90 %); 2 of 4 more than 1 of 2 (both 50 %)
      ['Е', 4, 1, 0.2065],
      ['Д', 5, 4, 0.15],
      ['Б', 6, 2, 0.0945],
      ['В', 7, 0, null],
    ]);
  });
});

describe('Wilson lower bound', () => {
  it('matches the published values at 95 %', () => {
    // 81 of 263 is Newcombe's worked example (Statistics in Medicine, 1998): Wilson's interval 0.2553–0.3662
    expect(wilsonLowerBound(81, 263)).toBeCloseTo(0.2553, 4);
    expect(wilsonLowerBound(1, 1)).toBeCloseTo(0.2065, 4);
    expect(wilsonLowerBound(10, 10)).toBeCloseTo(0.7225, 4);
    expect(wilsonLowerBound(9, 10)).toBeCloseTo(0.5958, 4);
    expect(wilsonLowerBound(0, 5)).toBe(0);
    expect(wilsonLowerBound(0, 0)).toBeNull();
  });

  it('lies below the share, grows with the volume at the same share, and stays within 0…1', () => {
    for (const n of [1, 2, 5, 17, 40, 300, 10_000]) {
      for (const k of [0, Math.floor(n / 3), Math.floor(n / 2), n - 1, n].filter((v) => v >= 0)) {
        const bound = wilsonLowerBound(k, n) ?? Number.NaN;
        expect(bound).toBeGreaterThanOrEqual(0);
        expect(bound).toBeLessThanOrEqual(k / n + 1e-12);
      }
      expect(wilsonLowerBound(n * 2, n * 2) ?? 0).toBeGreaterThan(wilsonLowerBound(n, n) ?? 1);
    }
    // A wider interval (99 %) gives a lower bound.
    expect(wilsonLowerBound(9, 10, 2.575829) ?? 1).toBeLessThan(wilsonLowerBound(9, 10) ?? 0);
  });
});

describe('CSV for Excel', () => {
  it('starts with a BOM, quotes what needs quoting and defuses formulas', () => {
    const csv = toCsv(
      [
        { ru: 'Имя', en: 'Name', value: (r: { name: string; n: number | null }) => r.name },
        { ru: 'Число, шт', en: 'Count', value: (r) => r.n },
      ],
      [
        { name: 'УК «Дом», ООО', n: 3 },
        { name: '=HYPERLINK("x")', n: null },
        { name: 'Строка\nдве', n: -1 },
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Имя / Name,"Число, шт / Count"',
      '"УК «Дом», ООО",3',
      `"'=HYPERLINK(""x"")",`,
      '"Строка\nдве",-1',
      '',
    ]);
  });
});

describe('whole weeks of a period', () => {
  it('reads whole Monday-to-Sunday weeks from the weekly rollup and the loose ends by day', () => {
    expect(splitPeriod('2026-04-06', '2026-04-19')).toEqual({
      days: [],
      weeks: { from: '2026-04-06', to: '2026-04-13' },
    });
    expect(splitPeriod('2026-04-08', '2026-04-22')).toEqual({
      days: [
        { from: '2026-04-08', to: '2026-04-12' },
        { from: '2026-04-20', to: '2026-04-22' },
      ],
      weeks: { from: '2026-04-13', to: '2026-04-13' },
    });
    expect(splitPeriod('2026-04-07', '2026-04-12')).toEqual({
      days: [{ from: '2026-04-07', to: '2026-04-12' }],
      weeks: null,
    });
    expect(splitPeriod('2026-04-06', '2026-04-06')).toEqual({
      days: [{ from: '2026-04-06', to: '2026-04-06' }],
      weeks: null,
    });
  });
});
