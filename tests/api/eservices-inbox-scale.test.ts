import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { eserviceCalls, eserviceMakers } from '../helpers/eservices.ts';
import { smallCity } from '../helpers/make.ts';

const OPEN = 100_000;

describe('the department’s inbox with 100,000 open applications', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let api: ReturnType<typeof eserviceCalls>;
  let clerk: number;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    api = eserviceCalls(t);
    const service = await eserviceMakers(t.db).service(c.city.id, c.roads.id);
    const other = await eserviceMakers(t.db).service(c.city.id, c.mc.id);
    clerk = (
      await c.make.user(c.city.id, { role: 'org_staff', organisationId: c.roads.id, login: `clerk-${c.city.id}` })
    ).id;
    // 100,000 open applications of the department, due over a year (a tenth paused), and as many
    // of another department and closed ones that the inbox must skip.
    await t.db.execute(sql`
      insert into applications (municipality_id, service_id, form_version, department_id, applicant_id, applicant_kind,
        status, stage_index, number, submitted_at, term_start_on, due_on)
      select ${c.city.id}::int, (case when g <= ${OPEN}::int then ${service.id}::int else ${other.id}::int end), 1,
        (case when g <= ${OPEN}::int then ${c.roads.id}::int else ${c.mc.id}::int end), ${c.users.resident.id}::bigint, 'person',
        (case when g % 10 = 0 then 'awaiting_documents' when g % 3 = 0 then 'in_progress' else 'submitted' end)::application_status,
        g % 3, 'S-' || g, now(), date '2026-01-01',
        case when g % 10 = 0 then null else date '2026-01-01' + (g % 365) end
      from generate_series(1, ${OPEN * 2}::int) g`);
    await t.db.execute(sql`
      insert into applications (municipality_id, service_id, form_version, department_id, applicant_id, applicant_kind, status)
      select ${c.city.id}::int, ${service.id}::int, 1, ${c.roads.id}::int, ${c.users.resident.id}::bigint, 'person', 'issued'
      from generate_series(1, ${OPEN}::int) g`);
    await t.db.execute(sql`analyze applications`);
    t.setNow(new Date('2026-06-01T09:00:00Z'));
  }, 180_000);
  afterAll(() => t?.close());

  // How fast is `npm run bench -- services` (p95 next to plain SQL); here only what the answers hold.
  const inbox = async (url: string) => ({ res: await api.call(clerk, 'GET', url) });

  it('answers a page by due day with the total, and each term-state filter, among 100,000 open and as many others', async () => {
    const first = await inbox('/api/applications/inbox?limit=50');
    expect(first.res.statusCode).toBe(200);
    // Counted exactly up to 10,000, then "more than".
    expect(first.res.json()).toMatchObject({ total: 10_000, totalCapped: true });
    // Exactly the cap is still exact: every tenth is waiting for documents.
    const waiting = await inbox('/api/applications/inbox?status=awaiting_documents&limit=1');
    expect(waiting.res.json()).toMatchObject({ total: 10_000, totalCapped: false });
    const due = first.res.json().items.map((i: { dueOn: string }) => i.dueOn);
    expect(due).toEqual([...due].sort());
    for (const state of ['overdue', 'at_risk', 'on_time', 'paused']) {
      const page = await inbox(`/api/applications/inbox?termState=${state}&limit=50&offset=100`);
      expect(page.res.statusCode).toBe(200);
      expect(page.res.json().total).toBeGreaterThan(0);
      expect(page.res.json().items.every((i: { termState: string }) => i.termState === state)).toBe(true);
    }
  }, 60_000);
});
