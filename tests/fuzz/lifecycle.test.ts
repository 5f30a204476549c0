/**
 * Model-based test of the appeal lifecycle through the real HTTP API: fast-check picks a sequence of
 * actions by the resident, the dispatcher and organisation staff; the model is the pure state machine
 * of dispatch/lifecycle.ts (`decide`, `allowedActions`, `transitions`), so what the API does is checked
 * against the one transition table rather than against a copy of it.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowedActions,
  decide,
  type LifecycleAction,
  type LifecycleAppeal,
  type LifecycleInput,
  type UserActor,
} from '../../dispatch/lifecycle.ts';
import { can } from '../../dispatch/permissions.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

/** What the runs reached: transitions done and refusals checked, by kind; statuses visited. */
const seen = { transitions: 0, refusals: new Map<string, number>(), statuses: new Set<string>() };

const RUNS = Number(process.env.FUZZ_LIFECYCLE_RUNS ?? (process.env.FUZZ_RUNS ? 400 : 40));

type City = Awaited<ReturnType<typeof smallCity>>;
type Who = 'resident' | 'dispatcher' | 'orgStaff' | 'otherOrgStaff' | 'roadsStaff' | 'cityHall';
type Real = {
  t: TestApp;
  c: City;
  actors: Record<Who, UserActor>;
  headers: Record<Who, Record<string, string>>;
  appealId: number;
  otherAppealId: number;
};
type Model = { appeal: LifecycleAppeal; events: number };

/** One action by one person with one input; run against the API and checked against `decide`. */
class Act implements fc.AsyncCommand<Model, Real> {
  readonly who: Who;
  readonly action: LifecycleAction;
  readonly input: LifecycleInput;
  constructor(who: Who, action: LifecycleAction, input: LifecycleInput) {
    this.who = who;
    this.action = action;
    this.input = input;
  }
  check() {
    return true;
  }
  async run(m: Model, r: Real) {
    const actor = r.actors[this.who];
    const now = new Date();
    const input = { ...this.input, ...(this.input.targetAppealId === -1 ? { targetAppealId: r.otherAppealId } : {}) };
    const decision = decide(m.appeal, this.action, actor, input, now);
    const res = await r.t.app.inject({
      method: 'POST',
      url: `/api/appeals/${r.appealId}/actions`,
      headers: r.headers[this.who],
      payload: { action: this.action, ...input },
    });
    const body = res.json();
    const readable = canRead(m.appeal, actor);
    if (input.rating !== undefined && (input.rating < 1 || input.rating > 5)) {
      // The HTTP schema refuses it before the state machine is asked.
      expect(res.statusCode, res.body).toBe(400);
      expect(body.errors[0].field).toBe('body.rating');
    } else if (!readable) {
      // An appeal one may not read does not exist for them, whatever the state machine would say.
      expect(res.statusCode, res.body).toBe(404);
    } else if (decision.ok) {
      expect(res.statusCode, res.body).toBe(200);
      expect(body).toMatchObject({
        status: decision.next.status,
        version: m.appeal.version + 1,
        assignedOrgId: decision.next.assignedOrgId,
      });
      expect([...body.allowed].sort()).toEqual(allowedActions(decision.next, actor, now).sort());
      const events = await r.t.db.execute<{
        type: string;
        from_status: string;
        to_status: string;
        actor_id: string;
        actor_role: string;
        note: string | null;
      }>(
        sql`select type, from_status, to_status, actor_id, actor_role, note from appeal_events where appeal_id = ${r.appealId} order by id`,
      );
      expect(events).toHaveLength(m.events + 1);
      expect(events.at(-1)).toMatchObject({
        type: decision.event.type,
        from_status: m.appeal.status,
        to_status: decision.next.status,
        actor_id: String(actor.userId),
        actor_role: actor.role,
        note: input.note ?? input.reason ?? null,
      });
      m.appeal = { ...decision.next, resolvedAt: decision.next.resolvedAt };
      m.events += 1;
      seen.transitions++;
      seen.statuses.add(m.appeal.status);
    } else {
      seen.refusals.set(decision.error.kind, (seen.refusals.get(decision.error.kind) ?? 0) + 1);
      const expected = {
        forbidden: 403,
        missing_input: 422,
        invalid_transition: 409,
        window_closed: 409,
        version_conflict: 409,
      }[decision.error.kind];
      expect(res.statusCode, res.body).toBe(expected);
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect([...body.allowed].sort()).toEqual([...decision.error.allowed].sort());
      if (expected === 409)
        expect(body).toMatchObject({
          code: decision.error.kind,
          currentStatus: m.appeal.status,
          currentVersion: m.appeal.version,
        });
    }
    // The state as the API reports it now agrees with the model, refusal or not.
    const [row] = await r.t.db.execute(
      sql`select status, version, assigned_org_id from appeals where id = ${r.appealId}`,
    );
    expect({
      status: row.status,
      version: row.version,
      org: row.assigned_org_id === null ? null : Number(row.assigned_org_id),
    }).toEqual({
      status: m.appeal.status,
      version: m.appeal.version,
      org: m.appeal.assignedOrgId,
    });
    // What the actor may do now, or 404 once the appeal left their sight (e.g. their organisation rejected it).
    const options = await r.t.app.inject({ url: `/api/appeals/${r.appealId}/actions`, headers: r.headers[this.who] });
    if (canRead(m.appeal, actor)) {
      expect(options.statusCode).toBe(200);
      expect([...options.json().allowed].sort()).toEqual(allowedActions(m.appeal, actor, new Date()).sort());
    } else expect(options.statusCode).toBe(404);
  }
  toString() {
    return `${this.who}:${this.action}(${JSON.stringify(this.input)})`;
  }
}

/** The permission table's answer, as the API asks it (api/appeals/act-on-appeal.ts lockReadableAppeal). */
const canRead = (a: LifecycleAppeal, actor: UserActor) =>
  can(actor, 'appeal.read', {
    municipalityId: a.municipalityId,
    organisationIds: [a.assignedOrgId],
    ownerId: a.authorId,
  });

describe('the appeal lifecycle against its state machine, over HTTP', () => {
  let t: TestApp;
  let c: City;
  let actors: Record<Who, UserActor>;
  let headers: Record<Who, Record<string, string>>;
  beforeAll(async () => {
    // Hundreds of appeals filed by one resident: the hourly filing cap is not what this models.
    t = await startTestApp({ env: { WRITE_RATE_LIMITS: 'off' } });
    c = await smallCity(t.db);
    const roadsStaff = await c.make.user(c.city.id, {
      role: 'org_staff',
      organisationId: c.roads.id,
      login: `roads-${Date.now()}`,
    });
    const users = {
      resident: c.users.resident,
      dispatcher: c.users.dispatcher,
      orgStaff: c.users.orgStaff,
      otherOrgStaff: c.users.otherOrgStaff,
      roadsStaff,
      cityHall: c.users.cityHall,
    };
    actors = Object.fromEntries(
      Object.entries(users).map(([k, u]) => [
        k,
        {
          userId: u.id,
          role: u.role,
          municipalityId: u.municipalityId,
          organisationId: u.organisationId ?? null,
        } as UserActor,
      ]),
    ) as Record<Who, UserActor>;
    headers = Object.fromEntries(
      await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await t.signIn(u.id)])),
    ) as Record<Who, Record<string, string>>;
  });
  afterAll(() => t?.close());

  const file = async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: headers.resident,
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша в подъезде' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };

  it('matches the model after every command: status, version, allowed and refused answers, and an event for each transition', async () => {
    const orgs = () =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(c.mc.id) },
        { weight: 1, arbitrary: fc.constantFrom(c.otherMc.id, c.roads.id) },
      );
    const text = fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom('', '   ') },
      {
        weight: 5,
        arbitrary: fc.constantFrom('Кровля заменена', 'Уточните номер подъезда', 'Не наш дом', 'Всё ещё течёт'),
      },
    );
    const everybody = fc.constantFrom<Who>(
      'resident',
      'dispatcher',
      'orgStaff',
      'otherOrgStaff',
      'roadsStaff',
      'cityHall',
    );
    // Mostly the person the action is meant for (so that the lifecycle gets somewhere), anyone at times.
    const usual: Partial<Record<LifecycleAction, fc.Arbitrary<Who>>> = {
      assign: fc.constant('dispatcher'),
      reassign: fc.constant('dispatcher'),
      mark_duplicate: fc.constant('dispatcher'),
      change_priority: fc.constant('dispatcher'),
      accept: fc.constantFrom('orgStaff', 'orgStaff', 'otherOrgStaff', 'roadsStaff'),
      request_info: fc.constantFrom('orgStaff', 'roadsStaff'),
      resolve: fc.constantFrom('orgStaff', 'roadsStaff'),
      reject: fc.constantFrom('orgStaff', 'roadsStaff'),
      escalate: fc.constantFrom('orgStaff', 'dispatcher'),
    };
    const any = (action: LifecycleAction, input: fc.Arbitrary<LifecycleInput>) =>
      fc
        .tuple(
          fc.oneof(
            { weight: 3, arbitrary: usual[action] ?? fc.constant<Who>('resident') },
            { weight: 1, arbitrary: everybody },
          ),
          input,
        )
        .map(([w, i]) => new Act(w, action, i));
    const commands = [
      any(
        'assign',
        orgs().map((targetOrgId) => ({ targetOrgId })),
      ),
      any('reassign', fc.record({ targetOrgId: orgs(), reason: text })),
      any('mark_duplicate', fc.constant({ targetAppealId: -1 })),
      any('accept', fc.constant({})),
      any('request_info', fc.record({ note: text })),
      any('resolve', fc.record({ note: text })),
      any('reject', fc.record({ reason: text })),
      any('provide_info', fc.record({ note: text })),
      any('confirm', fc.option(fc.record({ rating: fc.integer({ min: 1, max: 5 }) }), { nil: {} })),
      any('dispute', fc.record({ reason: text })),
      any('cancel', fc.constant({})),
      any('rate', fc.record({ rating: fc.integer({ min: 0, max: 6 }) })),
      any('comment', fc.record({ note: text, visibility: fc.constantFrom('public' as const, 'internal' as const) })),
      any('escalate', fc.record({ reason: text })),
      any(
        'change_priority',
        fc.record({
          priority: fc.constantFrom('emergency' as const, 'high' as const, 'normal' as const, 'low' as const),
        }),
      ),
      fc
        .tuple(everybody, fc.integer({ min: 1, max: 40 }))
        .map(([w, v]) => new Act(w, 'accept', { expectedVersion: v })),
    ];
    // The actions that move an appeal forward come up more often than the ones that end it early.
    const forward = [commands[0], commands[3], commands[4], commands[5], commands[7], commands[8], commands[9]];
    await fc.assert(
      fc.asyncProperty(
        fc.commands([...commands, ...forward, ...forward, ...forward], { maxCommands: 30, size: 'large' }),
        async (cmds) => {
          const appealId = await file();
          const otherAppealId = await file();
          const [row] = await t.db.execute(sql`select * from appeals where id = ${appealId}`);
          const appeal: LifecycleAppeal = {
            id: appealId,
            municipalityId: Number(row.municipality_id),
            authorId: Number(row.author_id),
            status: row.status as LifecycleAppeal['status'],
            assignedOrgId: null,
            categoryId: Number(row.category_id),
            priority: row.priority as LifecycleAppeal['priority'],
            version: Number(row.version),
            resolvedAt: null,
            reopenCount: 0,
            rating: null,
          };
          const [{ n }] = await t.db.execute(
            sql`select count(*)::int as n from appeal_events where appeal_id = ${appealId}`,
          );
          await fc.asyncModelRun(
            () => ({ model: { appeal, events: Number(n) }, real: { t, c, actors, headers, appealId, otherAppealId } }),
            cmds,
          );
        },
      ),
      { numRuns: RUNS, ...(process.env.FUZZ_RUNS ? {} : { seed: Number(process.env.FUZZ_SEED ?? 7) }) },
    );
    console.log(
      `lifecycle model: ${RUNS} runs, ${seen.transitions} transitions, refusals ${JSON.stringify(Object.fromEntries(seen.refusals))}, statuses ${[...seen.statuses].join(' ')}`,
    );
    expect(seen.transitions).toBeGreaterThan(RUNS);
    expect([...seen.refusals.keys()]).toEqual(
      expect.arrayContaining(['forbidden', 'invalid_transition', 'missing_input']),
    );
  }, 1_800_000);
});
