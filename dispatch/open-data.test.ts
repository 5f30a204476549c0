import { describe, expect, it } from 'vitest';
import {
  appealState,
  csvLine,
  dumpDayOf,
  geoJsonFeature,
  localIso,
  oldestKeptDay,
  periodInstants,
  resolvePeriod,
} from './open-data.ts';
import { appealFields, tableSchema } from './open-data-datasets.ts';
import { appealStatuses } from './taxonomy.ts';

describe('open data, the pure parts', () => {
  it('takes the last 30 days when no period is asked, and a year at most', () => {
    expect(resolvePeriod({}, '2026-12-08')).toEqual({ period: { from: '2026-11-09', to: '2026-12-08' } });
    expect(resolvePeriod({ to: '2026-03-01' }, '2026-12-08')).toEqual({
      period: { from: '2026-01-31', to: '2026-03-01' },
    });
    // From alone: up to a year after it, never past today.
    expect(resolvePeriod({ from: '2026-12-01' }, '2026-12-08')).toEqual({
      period: { from: '2026-12-01', to: '2026-12-08' },
    });
    expect(resolvePeriod({ from: '2024-01-01' }, '2026-12-08')).toEqual({
      period: { from: '2024-01-01', to: '2024-12-31' },
    });
    // 2024 is a leap year: 366 days pass, 367 do not.
    expect(resolvePeriod({ from: '2024-01-01', to: '2024-12-31' }, '2026-12-08')).toHaveProperty('period');
    expect(resolvePeriod({ from: '2024-01-01', to: '2025-01-01' }, '2026-12-08')).toEqual({
      problem: { id: 'open_data.period_too_long', params: { days: 367, max: 366 } },
      field: 'querystring.to',
    });
    expect(resolvePeriod({ from: '2026-12-02', to: '2026-12-01' }, '2026-12-08')).toMatchObject({
      problem: { id: 'open_data.period_reversed' },
    });
  });

  it('finds nothing outside the years an appeal can have, without failing on 9999-12-31', () => {
    const far = periodInstants({ from: '9999-12-01', to: '9999-12-31' }, 'Europe/Moscow');
    expect(far.until.getTime()).toBe(far.since.getTime());
    const early = periodInstants({ from: '0001-01-01', to: '0001-01-05' }, 'Europe/Moscow');
    expect(early.until.getTime()).toBe(early.since.getTime());
    expect(resolvePeriod({ from: '9999-12-01' }, '2026-12-08')).toMatchObject({
      problem: { id: 'open_data.period_reversed' },
    });
  });

  it('cuts days at the municipality’s midnight', () => {
    const { since, until } = periodInstants({ from: '2026-12-01', to: '2026-12-01' }, 'Europe/Moscow');
    expect(since.toISOString()).toBe('2026-11-30T21:00:00.000Z');
    expect(until.toISOString()).toBe('2026-12-01T21:00:00.000Z');
    const vlad = periodInstants({ from: '2026-12-01', to: '2026-12-01' }, 'Asia/Vladivostok');
    expect(vlad.since.toISOString()).toBe('2026-11-30T14:00:00.000Z');
  });

  it('writes times with the zone’s offset', () => {
    const at = Date.parse('2026-12-01T20:30:05.750Z');
    expect(localIso(at, 'Europe/Moscow')).toBe('2026-12-01T23:30:05+03:00');
    expect(localIso(at, 'UTC')).toBe('2026-12-01T20:30:05+00:00');
    expect(localIso(at, 'America/St_Johns')).toBe('2026-12-01T17:00:05-03:30');
  });

  it('dumps the local yesterday and keeps 30 days', () => {
    // 03:30 Moscow on the 4th is 00:30 UTC: yesterday is the 3rd in Moscow.
    expect(dumpDayOf(new Date('2026-12-04T00:30:00Z'), 'Europe/Moscow')).toBe('2026-12-03');
    expect(oldestKeptDay('2026-12-03')).toBe('2026-11-04');
  });

  it('calls open only what is still being worked on', () => {
    const open = appealStatuses.filter((s) => appealState(s) === 'open');
    expect(open).toEqual(['new', 'assigned', 'accepted', 'needs_info', 'reopened']);
  });

  it('quotes CSV fields per RFC 4180 and guards formulas; GeoJSON points are [lon, lat]', () => {
    const fields = appealFields.filter((f) => ['number', 'address', 'sla_breached', 'resolved_at'].includes(f.name));
    const line = csvLine(
      fields,
      { number: '=HYPERLINK("x")', address: 'ул. "Мира", д. 1\r\nкорп. 2', sla_breached: true, resolved_at: null },
      ',',
    );
    expect(line).toBe(`"'=HYPERLINK(""x"")","ул. ""Мира"", д. 1\r\nкорп. 2",,true\r\n`);
    const feature = JSON.parse(geoJsonFeature(appealFields, { id: 7, lon: 49.1, lat: 55.8, number: 'K-1' }));
    expect(feature.geometry).toEqual({ type: 'Point', coordinates: [49.1, 55.8] });
    expect(feature.properties).not.toHaveProperty('lon');
    expect(feature.properties.address).toBeNull();
  });

  it('describes every CSV column in the Table Schema, in order', () => {
    const schema = tableSchema('appeals') as { fields: { name: string; constraints: { required: boolean } }[] };
    expect(schema.fields.map((f) => f.name)).toEqual(appealFields.map((f) => f.name));
    expect(schema.fields.find((f) => f.name === 'resolved_at')?.constraints.required).toBe(false);
  });
});
