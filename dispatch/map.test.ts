import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MOSCOW_OFFICE_HOURS, workingMillisBetween } from './calendar.ts';
import {
  atRiskIfDueBy,
  cellOf,
  cellsPerSide,
  coveringRange,
  type GridCell,
  maxSpanDegrees,
  mergeCells,
  rangeBox,
  rangeWithinLimit,
  slaStateOf,
} from './map.ts';

const lon = fc.double({ min: -179.999, max: 179.999, noNaN: true });
const lat = fc.double({ min: -85, max: 85, noNaN: true });
const zoom = fc.integer({ min: 0, max: 19 });

describe('the map grid', () => {
  it('nests: a cell at one zoom is four cells at the next', () => {
    fc.assert(
      fc.property(lon, lat, zoom, (x, y, z) => {
        const fine = cellOf(x, y, z + 1);
        const coarse = cellOf(x, y, z);
        expect(coarse).toEqual({ cx: Math.floor(fine.cx / 2), cy: Math.floor(fine.cy / 2) });
      }),
    );
  });

  it('covers the viewport with whole cells', () => {
    fc.assert(
      fc.property(lon, lat, fc.double({ min: 0, max: 0.5, noNaN: true }), zoom, (x, y, size, z) => {
        const box = { minLon: x, minLat: y, maxLon: Math.min(180, x + size), maxLat: Math.min(85, y + size / 2) };
        const covered = rangeBox(coveringRange(box, z));
        expect(covered.minLon).toBeLessThanOrEqual(box.minLon + 1e-9);
        expect(covered.maxLon).toBeGreaterThanOrEqual(box.maxLon - 1e-9);
        expect(covered.minLat).toBeLessThanOrEqual(box.minLat + 1e-9);
        expect(covered.maxLat).toBeGreaterThanOrEqual(box.maxLat - 1e-9);
      }),
    );
  });

  it('makes cells of 64 screen pixels: four per map tile', () => {
    expect(cellsPerSide(0)).toBe(4);
    expect(cellsPerSide(12)).toBe(16384);
    // Kazan's centre at zoom 12: one cell is about 1.4 km wide
    const r = coveringRange({ minLon: 49.1, minLat: 55.79, maxLon: 49.1, maxLat: 55.79 }, 12);
    const b = rangeBox(r);
    expect(b.maxLon - b.minLon).toBeCloseTo(360 / 16384, 10);
  });

  it('bounds the viewport by the zoom', () => {
    expect(rangeWithinLimit(coveringRange({ minLon: 48.9, minLat: 55.6, maxLon: 49.3, maxLat: 55.95 }, 12))).toBe(true);
    expect(rangeWithinLimit(coveringRange({ minLon: 48.9, minLat: 55.6, maxLon: 49.3, maxLat: 55.95 }, 17))).toBe(
      false,
    );
    expect(maxSpanDegrees(12)).toBeCloseTo(1.40625, 6);
  });

  it('merges cells into coarser ones with every count and sum kept', () => {
    const cell = (cx: number, cy: number, n: number, id: number): GridCell => ({
      cx,
      cy,
      count: n,
      sumLon: n * 49,
      sumLat: n * 55,
      minId: id,
      byStatus: { new: n },
      bySla: { on_time: n, at_risk: 0, breached: 0 },
    });
    const merged = mergeCells([cell(8, 8, 2, 5), cell(9, 9, 3, 2), cell(10, 8, 1, 9), cell(40, 40, 7, 1)], 5, {
      zoom: 4,
      cx0: 4,
      cx1: 5,
      cy0: 4,
      cy1: 4,
    });
    expect(merged).toEqual([
      {
        cx: 4,
        cy: 4,
        count: 5,
        sumLon: 245,
        sumLat: 275,
        minId: 2,
        byStatus: { new: 5 },
        bySla: { on_time: 5, at_risk: 0, breached: 0 },
      },
      {
        cx: 5,
        cy: 4,
        count: 1,
        sumLon: 49,
        sumLat: 55,
        minId: 9,
        byStatus: { new: 1 },
        bySla: { on_time: 1, at_risk: 0, breached: 0 },
      },
    ]);
  });
});

describe('SLA states on the dispatchers’ map', () => {
  const none = { responseDueAt: null, resolutionDueAt: null, responseBreachedAt: null, resolutionBreachedAt: null };

  it('puts the at-risk line where a quarter of the allowance is left in working time', () => {
    // Friday 16:00 Moscow, one working day (9 h) to accept: a deadline with at most 2 h 15 min of working
    // time left is at risk, i.e. one by Monday 09:15 (an hour of Friday, an hour and a quarter of Monday).
    const now = new Date('2026-11-20T13:00:00Z');
    const target = { duration: { amount: 1, unit: 'working_days' as const }, calendar: MOSCOW_OFFICE_HOURS };
    const line = atRiskIfDueBy(target, now);
    expect(line.toISOString()).toBe('2026-11-23T06:15:00.000Z');
    expect(workingMillisBetween(MOSCOW_OFFICE_HOURS, now, line)).toBe(2.25 * 3600_000);
  });

  it('tells on time, at risk and breached apart', () => {
    const now = new Date('2026-11-20T10:00:00Z');
    const at = (h: number) => new Date(now.getTime() + h * 3600_000);
    const atRisk = { response: at(2), resolution: at(18) };
    expect(slaStateOf({ ...none, responseDueAt: at(3), resolutionDueAt: at(40) }, atRisk, now)).toBe('on_time');
    expect(slaStateOf({ ...none, responseDueAt: at(2), resolutionDueAt: at(40) }, atRisk, now)).toBe('at_risk');
    expect(slaStateOf({ ...none, resolutionDueAt: at(10) }, atRisk, now)).toBe('at_risk');
    expect(slaStateOf({ ...none, responseDueAt: at(0), resolutionDueAt: at(40) }, atRisk, now)).toBe('breached');
    expect(slaStateOf({ ...none, resolutionDueAt: at(40), responseBreachedAt: at(-5) }, atRisk, now)).toBe('breached');
    // waiting for the resident: no running clock
    expect(slaStateOf(none, atRisk, now)).toBe('on_time');
  });
});
