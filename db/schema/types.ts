import { customType } from 'drizzle-orm/pg-core';

/** A ring of [lon, lat] pairs stored as a PostgreSQL `polygon` (x = longitude, y = latitude). */
export type Ring = [number, number][];

export const polygon = customType<{ data: Ring; driverData: string }>({
  dataType() {
    return 'polygon';
  },
  toDriver(ring) {
    return `(${ring.map(([x, y]) => `(${x},${y})`).join(',')})`;
  },
  fromDriver(text) {
    const nums =
      String(text)
        .match(/-?\d+(\.\d+)?(e-?\d+)?/gi)
        ?.map(Number) ?? [];
    const ring: Ring = [];
    for (let i = 0; i + 1 < nums.length; i += 2) ring.push([nums[i], nums[i + 1]]);
    return ring;
  },
});

/** Weekly working hours of an organisation, in its municipality's time zone. */
export type WorkingHours = {
  /** 'production' follows the Russian production calendar (holidays, transferred days). */
  calendar: '24x7' | 'production';
  /** ISO weekday (1 = Monday) → list of [from, to] in HH:MM. */
  week: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;
};

/** A PostgreSQL `tstzrange`, kept as its text form ('["2026-11-25 10:00:00+00","2026-11-25 18:00:00+00")'). */
export const tstzrange = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'tstzrange';
  },
});
