import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApplicationStatus,
  type ApplicationStep,
  applicationStatuses,
  applicationSteps,
  type FormField,
  formFieldTypes,
  formProblems,
  nextStatus,
  type RefusalGround,
  type RequiredDocument,
  type ServiceStage,
  type TermPause,
  type TermUnit,
  type Texts,
  termEnd,
} from '../dispatch/eservices.ts';
import { seedDemoCity } from '../db/seed/demo.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

type ServiceRow = {
  id: number;
  municipality: string;
  code: string;
  name: Texts;
  description: Texts;
  department_kind: string;
  documents: RequiredDocument[];
  term_days: number;
  term_unit: TermUnit;
  stages: ServiceStage[];
  refusal_grounds: RefusalGround[];
  collection: Texts;
  fields: FormField[];
};

type ApplicationRow = {
  id: number;
  service_id: number;
  number: string | null;
  status: ApplicationStatus;
  stage_index: number;
  values: Record<string, unknown>;
  term_start_on: string | null;
  due_on: string | null;
  pauses: TermPause[];
  refusal_ground: string | null;
  submitted_at: Date | null;
  closed_at: Date | null;
};

type EventRow = {
  application_id: number;
  step: string;
  /** ms since the epoch */
  at: number;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  to_stage: number | null;
};

const filled = (t: Texts) => [t.ru, t.en, t.tt].every((s) => typeof s === 'string' && s.trim().length > 0);

/** An md5 over each e-services table's rows in key order. */
async function fingerprint(t: TestDatabase): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    eservices: 'id',
    eservice_forms: 'service_id, version',
    applications: 'id',
    application_events: 'id',
    interagency_requests: 'id',
    application_numbers: 'municipality_id, year',
  };
  const result: Record<string, string> = {};
  for (const [table, order] of Object.entries(tables)) {
    const [row] = await t.db.$client.unsafe<{ hash: string; n: string }[]>(
      `select md5(coalesce(string_agg(r::text, E'\\n'), '')) as hash, count(*) as n from (select * from ${table} order by ${order}) r`,
    );
    result[table] = `${row!.n}:${row!.hash}`;
  }
  return result;
}

describe('the demo city’s e-services', () => {
  let city: TestDatabase;
  let twin: TestDatabase;
  const now = new Date('2026-12-07T09:00:00Z');
  const today = '2026-12-07';
  let services: ServiceRow[];
  let apps: ApplicationRow[];
  let events: Map<number, EventRow[]>;

  beforeAll(async () => {
    [city, twin] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const options = { buildings: 400, appeals: 50, seed: 7, now };
    await Promise.all([seedDemoCity(city.db, options), seedDemoCity(twin.db, options)]);
    services = await q<ServiceRow>(`
      select s.id, m.code as municipality, s.code, s.name, s.description, o.kind as department_kind, s.documents,
        s.term_days, s.term_unit, s.stages, s.refusal_grounds, s.collection, f.fields
      from eservices s join municipalities m on m.id = s.municipality_id join organisations o on o.id = s.department_id
      join eservice_forms f on f.service_id = s.id and f.version = s.form_version order by s.id`);
    apps = await q<ApplicationRow>(`
      select id::int, service_id, number, status, stage_index, values, term_start_on::text, due_on::text, pauses,
        refusal_ground, submitted_at, closed_at
      from applications order by id`);
    events = new Map();
    for (const e of await q<EventRow>(
      'select application_id::int, step, (extract(epoch from at) * 1000)::float8 as at, from_status, to_status, to_stage from application_events order by id',
    )) {
      events.set(e.application_id, [...(events.get(e.application_id) ?? []), e]);
    }
  }, 180_000);
  afterAll(() => Promise.all([city?.drop(), twin?.drop()]));

  const q = <T extends object>(text: string) => city.db.$client.unsafe<T[]>(text);
  const serviceOf = (a: ApplicationRow) => services.find((s) => s.id === a.service_id)!;

  it('is the same for the same seed and now', async () => {
    expect(await fingerprint(twin)).toEqual(await fingerprint(city));
  });

  it('has a catalogue of at least 25 services in Kazan, with every text in Russian, English and Tatar', () => {
    const kazan = services.filter((s) => s.municipality === 'KZN');
    expect(kazan.length).toBeGreaterThanOrEqual(25);
    expect(new Set(kazan.map((s) => s.code)).size).toBe(kazan.length);
    expect(services.filter((s) => s.municipality === 'INN').map((s) => s.code)).toEqual(['address', 'excavation']);
    for (const s of services) {
      const texts: Texts[] = [
        s.name,
        s.description,
        s.collection,
        ...s.stages.flatMap((st) => [st.name, st.unit]),
        ...s.refusal_grounds.map((g) => g.text),
        ...s.documents.map((d) => d.name),
        ...s.fields.flatMap((f) => [f.label, ...(f.hint ? [f.hint] : []), ...(f.choices ?? []).map((c) => c.label)]),
      ];
      for (const t of texts) expect(filled(t), `${s.code}: ${JSON.stringify(t)}`).toBe(true);
      // Tatar is written in Tatar, not copied from Russian
      expect(s.name.tt, s.code).not.toBe(s.name.ru);
      expect(['city_department', 'city_hall'], s.code).toContain(s.department_kind);
    }
  });

  it('keeps the stages within the regulated term, with legal grounds and required documents', () => {
    for (const s of services) {
      expect(s.stages.length, s.code).toBeGreaterThanOrEqual(3);
      expect(s.stages[0]!.code, s.code).toBe('registration');
      const sum = s.stages.reduce((n, st) => n + st.termDays, 0);
      expect(sum, s.code).toBeLessThanOrEqual(s.term_days);
      for (const st of s.stages) expect(st.termDays, `${s.code}.${st.code}`).toBeGreaterThan(0);
      expect(s.refusal_grounds.length, s.code).toBeGreaterThanOrEqual(2);
      expect(new Set(s.refusal_grounds.map((g) => g.code)).size, s.code).toBe(s.refusal_grounds.length);
      expect(
        s.documents.some((d) => d.required),
        s.code,
      ).toBe(true);
    }
    const term = (code: string) => services.find((s) => s.municipality === 'KZN' && s.code === code)!;
    expect([term('gpzu').term_days, term('gpzu').term_unit]).toEqual([14, 'working_days']);
    expect([term('redevelopment').term_days, term('redevelopment').term_unit]).toEqual([45, 'calendar_days']);
    expect([term('housing-list').term_days, term('housing-list').term_unit]).toEqual([30, 'working_days']);
    expect([term('archive-certificate').term_days, term('archive-certificate').term_unit]).toEqual([
      30,
      'calendar_days',
    ]);
  });

  it('has well-formed forms: unique keys, known types, choices for choice fields, sound bounds, a consent', () => {
    for (const s of services) {
      expect(new Set(s.fields.map((f) => f.key)).size, s.code).toBe(s.fields.length);
      expect(
        s.fields.some((f) => f.key === 'consent' && f.required),
        s.code,
      ).toBe(true);
      for (const f of s.fields) {
        expect(formFieldTypes, `${s.code}.${f.key}`).toContain(f.type);
        if (f.type === 'choice') {
          expect(f.choices!.length, `${s.code}.${f.key}`).toBeGreaterThanOrEqual(2);
          expect(new Set(f.choices!.map((c) => c.value)).size).toBe(f.choices!.length);
        } else expect(f.choices, `${s.code}.${f.key}`).toBeUndefined();
        if (f.min !== undefined && f.max !== undefined) expect(f.min).toBeLessThanOrEqual(f.max);
        if (f.pattern) expect(() => new RegExp(f.pattern!)).not.toThrow();
      }
    }
    const gpzu = services.find((s) => s.code === 'gpzu')!;
    expect(gpzu.fields.find((f) => f.key === 'cadastral_number')?.type).toBe('cadastral_number');
  });

  it('has applications in every status, a number on each one submitted, and some overdue', () => {
    expect(apps.length).toBeGreaterThan(100);
    const statuses = new Set(apps.map((a) => a.status));
    expect([...statuses].sort()).toEqual([...applicationStatuses].sort());
    const overdue = apps.filter(
      (a) => ['submitted', 'in_progress'].includes(a.status) && a.due_on !== null && a.due_on < today,
    );
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    const onTime = apps.filter((a) => a.status === 'in_progress' && a.due_on !== null && a.due_on >= today);
    expect(onTime.length).toBeGreaterThanOrEqual(3);
    const numbers = apps.map((a) => a.number).filter((n) => n !== null);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const a of apps) {
      if (a.status === 'draft') expect(a.number).toBeNull();
      else expect(a.number, String(a.id)).toMatch(new RegExp(`^${serviceOf(a).code.toUpperCase()}-\\d{4}-\\d{6}$`));
    }
  });

  it('keeps each year’s last number in application_numbers', async () => {
    const rows = await q<{ year: number; last: number }>('select year, last from application_numbers order by year');
    const max = new Map<number, number>();
    for (const a of apps) {
      if (!a.number) continue;
      const [, year, seq] = /-(\d{4})-(\d{6})$/.exec(a.number)!;
      max.set(Number(year), Math.max(max.get(Number(year)) ?? 0, Number(seq)));
    }
    expect(rows.map((r) => [r.year, r.last])).toEqual([...max].sort((a, b) => a[0] - b[0]));
    const seqs = apps.filter((a) => a.number).map((a) => Number(a.number!.slice(-6)));
    expect(seqs.length).toBe(new Set(seqs).size); // one sequence for every service of the year
  });

  it('fills every application with values that pass its form', () => {
    for (const a of apps) {
      expect(formProblems(serviceOf(a).fields, a.values), `${a.number ?? a.id}`).toEqual([]);
    }
  });

  it('computes the due day from the term and its pauses; a paused term has none', () => {
    for (const a of apps) {
      const s = serviceOf(a);
      if (a.status === 'draft') {
        expect(a.term_start_on).toBeNull();
        continue;
      }
      expect(a.due_on, a.number!).toBe(termEnd(a.term_start_on!, s.term_days, s.term_unit, a.pauses));
      if (a.status === 'awaiting_documents') {
        expect(a.due_on).toBeNull();
        expect(a.pauses.at(-1)!.to).toBeNull();
      } else for (const p of a.pauses) expect(p.to, a.number!).not.toBeNull();
    }
    expect(apps.some((a) => a.status !== 'awaiting_documents' && a.pauses.length > 0)).toBe(true);
  });

  it('records events that agree with the lifecycle and end in the application’s status and stage', () => {
    for (const a of apps) {
      const list = events.get(a.id) ?? [];
      const label = a.number ?? String(a.id);
      expect(list[0], label).toMatchObject({ step: 'created', from_status: null, to_status: 'draft' });
      for (let i = 1; i < list.length; i++) {
        const e = list[i]!;
        expect(e.from_status, `${label} #${i}`).toBe(list[i - 1]!.to_status);
        expect(e.at, `${label} #${i}`).toBeGreaterThanOrEqual(list[i - 1]!.at);
        if ((applicationSteps as readonly string[]).includes(e.step)) {
          expect(nextStatus(e.from_status!, e.step as ApplicationStep), `${label} ${e.step}`).toBe(e.to_status);
        } else expect(e.to_status, `${label} ${e.step}`).toBe(e.from_status);
      }
      const last = list.at(-1)!;
      expect(last.at, label).toBeLessThan(now.getTime());
      expect(last.to_status, label).toBe(a.status);
      if (a.status !== 'draft') expect(last.to_stage, label).toBe(a.stage_index);
      expect(a.stage_index).toBeLessThan(serviceOf(a).stages.length);
      if (a.status === 'refused') {
        expect(
          serviceOf(a).refusal_grounds.map((g) => g.code),
          label,
        ).toContain(a.refusal_ground);
      }
      expect(a.closed_at !== null, label).toBe(['issued', 'refused', 'withdrawn'].includes(a.status));
    }
    // documents asked for and never given: refused on the documents ground, the pause closed that day
    const unanswered = apps.filter(
      (a) => a.status === 'refused' && events.get(a.id)!.at(-1)!.from_status === 'awaiting_documents',
    );
    expect(unanswered.length).toBeGreaterThan(0);
    for (const a of unanswered) expect(a.refusal_ground).toBe('documents');
  });

  it('has inter-agency requests pending and answered, pending ones on open applications', async () => {
    const rows = await q<{ status: string; open: boolean; answered: boolean; org: string }>(`
      select r.status, a.status in ('submitted', 'in_progress', 'awaiting_documents') as open,
        r.answered_at is not null as answered, o.code as org
      from interagency_requests r join applications a on a.id = r.application_id join organisations o on o.id = r.organisation_id`);
    const pending = rows.filter((r) => r.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((r) => r.open && !r.answered)).toBe(true);
    expect(rows.filter((r) => r.status === 'agreed').every((r) => r.answered)).toBe(true);
    expect(rows.some((r) => r.status === 'agreed')).toBe(true);
    expect(pending.some((r) => r.org === 'vodokanal')).toBe(true);
    // each request is sent by an event naming it, and each answer by one more
    const [links] = await q<{ requests: number; sent: number; answered: number; agreed: number }>(`
      select (select count(*)::int from interagency_requests) as requests,
        count(*) filter (where e.step = 'interagency_sent')::int as sent,
        count(*) filter (where e.step = 'interagency_answered')::int as answered,
        (select count(*)::int from interagency_requests where status = 'agreed') as agreed
      from application_events e join interagency_requests r
        on r.id = (e.data->>'requestId')::bigint and r.application_id = e.application_id and r.organisation_id = (e.data->>'organisationId')::int`);
    expect(links!.sent).toBe(links!.requests);
    expect(links!.answered).toBe(links!.agreed);
  });

  it('gives the architecture department’s demo staff a ГПЗУ in every stage and the first resident her own', async () => {
    const gpzu = services.find((s) => s.municipality === 'KZN' && s.code === 'gpzu')!;
    const stages = new Set(
      apps.filter((a) => a.service_id === gpzu.id && a.status === 'in_progress').map((a) => a.stage_index),
    );
    expect(stages.size).toBe(gpzu.stages.length);
    const [staff] = await q<{ n: number }>(`
      select count(*)::int as n from applications a join users u on u.id = a.assignee_id where u.login = 'uaig.staff'`);
    expect(staff!.n).toBeGreaterThan(5);
    const mine = await q<{ status: string }>(`
      select a.status from applications a join user_personal p on p.user_id = a.applicant_id
      where p.phone = '+79170000001' order by a.id`);
    expect(mine.map((r) => r.status)).toEqual(
      expect.arrayContaining(['in_progress', 'awaiting_documents', 'issued', 'draft']),
    );
  });
});
