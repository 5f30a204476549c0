import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedSteps,
  checklist,
  checklistElementCodes,
  completionProblems,
  conditionRating,
  defectCategory,
  defectPriority,
  isOverdue,
  localDay,
  type Scores,
  scoreProblem,
  scoreScale,
  seasonDueOn,
  upcomingSeason,
} from './inspections.ts';

const all = (score: number): Scores => Object.fromEntries(checklistElementCodes.map((c) => [c, score]));
const TZ = 'Europe/Moscow';

describe('the inspection checklist', () => {
  it('has every element of the city checklist once, with Russian and English names and a positive weight', () => {
    expect(checklist.map((e) => e.code)).toEqual([...checklistElementCodes]);
    for (const e of checklist) {
      expect(e.nameRu).toMatch(/[А-Яа-я]/);
      expect(e.nameEn).toMatch(/[A-Za-z]/);
      expect(e.weight).toBeGreaterThan(0);
    }
    expect(scoreScale.map((s) => s.score).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses an unknown element, a score outside 1–5 and "not applicable" for the roof', () => {
    expect(scoreProblem('chimney', 3)?.id).toBe('inspection.no_such_element');
    expect(scoreProblem('roof', 0)?.id).toBe('inspection.score_range');
    expect(scoreProblem('roof', 6)?.id).toBe('inspection.score_range');
    expect(scoreProblem('roof', 2.5)?.id).toBe('inspection.score_range');
    expect(scoreProblem('roof', null)).not.toBeNull();
    expect(scoreProblem('elevators', null)).toBeNull();
    expect(scoreProblem('roof', 4)).toBeNull();
  });
});

describe('the condition rating', () => {
  it('is the weighted mean of the applicable scores, one decimal', () => {
    expect(conditionRating(all(4))).toBe(4);
    // Roof (weight 2) at 2, everything else at 4: (2·2 + 4·(16.5 − 2)) / 16.5 = 3.76 → 3.8.
    expect(conditionRating({ ...all(4), roof: 2 })).toBe(3.8);
    // Not applicable elements do not count.
    expect(conditionRating({ ...all(5), gas: null, elevators: null })).toBe(5);
  });

  it('keeps a building with any element in emergency condition at 2.0 or below', () => {
    expect(conditionRating({ ...all(5), yard: 1 })).toBe(2);
    expect(conditionRating(all(1))).toBe(1);
  });

  it('is null when nothing applicable was scored', () => {
    expect(conditionRating({})).toBeNull();
    expect(conditionRating({ gas: null, elevators: null })).toBeNull();
  });

  it('always lies between the lowest and the highest score, and at most 2 with a 1 (property)', () => {
    const score = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null });
    fc.assert(
      fc.property(fc.tuple(...checklistElementCodes.map(() => score)), (values) => {
        const scores: Scores = Object.fromEntries(checklistElementCodes.map((c, i) => [c, values[i]]));
        const given = values.filter((v): v is number => v !== null);
        const rating = conditionRating(scores);
        if (given.length === 0) return rating === null;
        if (rating === null) return false;
        const inRange = rating >= Math.min(...given) - 1e-9 && rating <= Math.max(...given) + 1e-9;
        const capped = !given.includes(1) || rating <= 2;
        return inRange && capped && Math.round(rating * 10) === rating * 10;
      }),
    );
  });
});

describe('completing an inspection', () => {
  it('needs every element scored; optional ones may be "not applicable"', () => {
    expect(completionProblems({ ...all(4), gas: null, elevators: null })).toEqual([]);
    const { roof: _roof, ...withoutRoof } = all(4);
    expect(completionProblems(withoutRoof).map((p) => p.element)).toEqual(['roof']);
    expect(completionProblems({}).length).toBe(checklist.length);
    expect(completionProblems({ ...all(4), facade: null }).map((p) => p.element)).toEqual(['facade']);
  });

  it('lets each status take only its steps', () => {
    expect(allowedSteps('planned')).toEqual(['start', 'cancel']);
    expect(allowedSteps('in_progress')).toEqual(['score', 'add_defect', 'make_appeal', 'complete', 'cancel']);
    expect(allowedSteps('completed')).toEqual(['make_appeal']);
    expect(allowedSteps('cancelled')).toEqual([]);
  });
});

describe('seasons and due dates', () => {
  it('has spring done by 31 May and autumn by 15 September', () => {
    expect(seasonDueOn(2027, 'spring')).toBe('2027-05-31');
    expect(seasonDueOn(2027, 'autumn')).toBe('2027-09-15');
  });

  it('counts an open inspection overdue from the day after its due day, in the municipality time zone', () => {
    const open = { status: 'planned' as const, dueOn: '2027-05-31' };
    // 31 May 23:30 in Moscow is 20:30 UTC: still due today.
    expect(isOverdue(open, new Date('2027-05-31T20:30:00Z'), TZ)).toBe(false);
    // 1 June 00:30 in Moscow is 31 May 21:30 UTC: overdue.
    expect(isOverdue(open, new Date('2027-05-31T21:30:00Z'), TZ)).toBe(true);
    expect(isOverdue({ ...open, status: 'in_progress' }, new Date('2027-06-10T12:00:00Z'), TZ)).toBe(true);
    expect(isOverdue({ ...open, status: 'completed' }, new Date('2027-06-10T12:00:00Z'), TZ)).toBe(false);
    expect(isOverdue({ ...open, status: 'cancelled' }, new Date('2027-06-10T12:00:00Z'), TZ)).toBe(false);
  });

  it('plans the current season until its due day, then the next', () => {
    expect(upcomingSeason(new Date('2027-03-01T09:00:00Z'), TZ)).toEqual({ year: 2027, season: 'spring' });
    expect(upcomingSeason(new Date('2027-07-01T09:00:00Z'), TZ)).toEqual({ year: 2027, season: 'autumn' });
    expect(upcomingSeason(new Date('2027-11-01T09:00:00Z'), TZ)).toEqual({ year: 2028, season: 'spring' });
    expect(localDay(new Date('2027-12-31T22:00:00Z'), TZ)).toBe('2028-01-01');
  });
});

describe('work appeals from defects', () => {
  const cats = [
    { id: 1, code: 'yard_dirty' },
    { id: 2, code: 'roof_leak' },
  ];
  it('goes to the element’s own category when the municipality has it, else to the fallback', () => {
    expect(defectCategory('roof', cats, cats[0])?.id).toBe(2);
    expect(defectCategory('elevators', cats, cats[0])?.id).toBe(1);
    expect(defectCategory('elevators', cats, null)).toBeNull();
  });
  it('takes its priority from the severity, never an emergency', () => {
    expect(defectPriority('critical')).toBe('high');
    expect(defectPriority('major')).toBe('normal');
    expect(defectPriority('minor')).toBe('low');
  });
});
