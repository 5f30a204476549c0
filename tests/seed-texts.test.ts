import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCity } from '../db/seed/demo.ts';
import {
  CATEGORIES,
  type CategoryTexts,
  categoryTexts,
  DISPATCHER_ASSIGNED,
  NO_ANSWER_REJECTION,
  RESIDENT_CANCELLED,
} from '../db/seed/kazan.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

// Enough appeals that every kind of event (questions, answers, disputes, rejections) occurs.
const options = { buildings: 800, appeals: 2500, seed: 11, now: new Date('2026-11-20T09:30:00Z') };

type AppealRow = {
  id: number;
  number: string;
  category: string;
  description: string;
  entrance: string | null;
  apartment: string | null;
  building_id: number | null;
};
type EventRow = { appeal_id: number; type: string; note: string | null };

/** A template with {entrance} {floor} {apt} {days} {hours} as a pattern capturing each number. */
function pattern(template: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const key = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!key) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      keys.push(key);
      return '(\\d+)';
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), keys };
}

/** The numbers a text fills its template with, when it is one of the templates; null otherwise. */
function matchOne(templates: string[], text: string | null): Record<string, string> | null {
  for (const template of templates) {
    const { regex, keys } = pattern(template);
    const m = text === null ? null : regex.exec(text);
    if (m) return Object.fromEntries(keys.map((k, i) => [k, m[i + 1]]));
  }
  return null;
}

describe('the demo city’s texts', () => {
  let t: TestDatabase;
  let appeals: AppealRow[];
  let events: Map<number, EventRow[]>;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemoCity(t.db, options);
    appeals = await t.db.$client<AppealRow[]>`
      select a.id, a.number, c.code as category, a.description, a.entrance, a.apartment, a.building_id
      from appeals a join categories c on c.id = a.category_id order by a.id`;
    const rows = await t.db.$client<EventRow[]>`select appeal_id, type, note from appeal_events order by id`;
    events = new Map();
    for (const e of rows) events.set(e.appeal_id, [...(events.get(e.appeal_id) ?? []), e]);
  }, 180_000);

  afterAll(async () => {
    await t?.drop();
  });

  const textsOf = (code: string): CategoryTexts => {
    const spec = CATEGORIES.find((c) => c.code === code);
    if (!spec) throw new Error(`no category ${code}`);
    return categoryTexts(spec);
  };

  it('describes every appeal in words of its own category, with the place it records', () => {
    const wrong: string[] = [];
    for (const a of appeals) {
      const spec = CATEGORIES.find((c) => c.code === a.category)!;
      const filled = matchOne(textsOf(a.category).descriptions, a.description);
      if (!filled) {
        wrong.push(`${a.number} (${a.category}): ${a.description}`);
        continue;
      }
      // The entrance or flat a text names is the one the appeal records, and a text names one only
      // where the category records it.
      if ('apt' in filled && filled.apt !== a.apartment) wrong.push(`${a.number}: kv. ${filled.apt} ≠ ${a.apartment}`);
      if ('entrance' in filled && filled.entrance !== a.entrance)
        wrong.push(`${a.number}: entrance ${filled.entrance} ≠ ${a.entrance}`);
      if ('floor' in filled && a.building_id === null) wrong.push(`${a.number}: a floor outdoors`);
      if (spec.place === undefined && a.entrance !== null) wrong.push(`${a.number}: an entrance for ${a.category}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has organisations and residents write, on every appeal, what fits its category', () => {
    const wrong: string[] = [];
    const seen = new Map<string, number>();
    for (const a of appeals) {
      const texts = textsOf(a.category);
      let asked: string | null = null;
      for (const e of events.get(a.id) ?? []) {
        seen.set(e.type, (seen.get(e.type) ?? 0) + 1);
        const ok = (() => {
          switch (e.type) {
            case 'created':
            case 'accepted':
            case 'closed':
              return true;
            case 'assigned':
              return e.note === null || e.note === DISPATCHER_ASSIGNED;
            case 'cancelled':
              return e.note === RESIDENT_CANCELLED;
            case 'duplicate':
              return e.note?.startsWith('Дубликат обращения') ?? false;
            case 'resolved':
              return texts.fixes.includes(e.note ?? '');
            case 'reopened':
              return texts.disputes.includes(e.note ?? '');
            case 'rejected':
              return [...texts.rejections, NO_ANSWER_REJECTION].includes(e.note ?? '');
            case 'info_requested':
              asked = e.note;
              return texts.infoExchanges.some((x) => x.request === e.note);
            case 'info_provided': {
              const exchange = texts.infoExchanges.find((x) => x.request === asked);
              return exchange !== undefined && matchOne(exchange.replies, e.note) !== null;
            }
            default:
              return false;
          }
        })();
        if (!ok) wrong.push(`${a.number} (${a.category}) ${e.type}: ${e.note}`);
      }
    }
    expect(wrong).toEqual([]);
    // the check saw every kind of text it checks
    for (const type of ['resolved', 'reopened', 'rejected', 'info_requested', 'info_provided'])
      expect(seen.get(type) ?? 0, type).toBeGreaterThan(0);
  });

  it('no longer has a water leak disputed on a bus complaint, and each category has its own descriptions', () => {
    for (const code of ['bus_schedule', 'bus_stop', 'driver_conduct', 'pothole'])
      expect(textsOf(code).disputes.join(' ')).not.toMatch(/теч/);
    const descriptions = new Map<string, string>();
    for (const c of CATEGORIES)
      for (const text of c.texts) {
        expect(descriptions.get(text), text).toBeUndefined();
        descriptions.set(text, c.code);
      }
  });

  it('names in an outage’s reason only streets of the buildings it covers', async () => {
    const outages = await t.db.$client<{ id: number; municipality_id: number; reason: string; covered: string[] }[]>`
      select o.id, o.municipality_id, o.reason,
        array(select distinct b.street from outage_buildings ob join buildings b on b.id = ob.building_id
              where ob.outage_id = o.id) as covered
      from outages o order by o.id`;
    expect(outages.length).toBeGreaterThanOrEqual(3);
    const streets = await t.db.$client<{ municipality_id: number; street: string }[]>`
      select distinct municipality_id, street from buildings`;
    for (const o of outages) {
      const named = streets
        .filter((s) => s.municipality_id === o.municipality_id)
        .map((s) => s.street)
        .filter((street) =>
          new RegExp(`(^|[^\\p{L}])${street.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(o.reason),
        );
      expect(named.length, o.reason).toBeGreaterThan(0);
      expect(
        named.filter((street) => !o.covered.includes(street)),
        `${o.reason} covers ${o.covered.join('; ')}`,
      ).toEqual([]);
    }
  });
});
