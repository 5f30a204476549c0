import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getCategory } from '../../db/queries/categories.ts';
import { getLadder, setLadder } from '../../db/queries/escalation.ts';
import {
  deleteSlaPolicy,
  listSlaPolicies,
  putSlaPolicy,
  type SlaPolicyFields,
  type SlaPolicyKey,
  type SlaPolicyRow,
} from '../../db/queries/sla-policies.ts';
import { priorities } from '../../db/schema/index.ts';
import { type WorkingCalendar, weekdays } from '../../dispatch/calendar.ts';
import { defaultLadder, type Ladder, ladderActions } from '../../dispatch/escalation.ts';
import { defaultSlaPolicy, type SlaTarget, timerSteps } from '../../dispatch/sla.ts';
import { enqueue } from '../../jobs/queues.ts';
import { NotFound, Unprocessable } from '../errors.ts';
import { problems, userText } from '../schemas.ts';

/*
 * Input schemas carry no component id: fastify-type-provider-zod refuses an id whose input and
 * output JSON schemas differ (defaults, strict objects), and OpenAPI documents the input anyway.
 *
 * The dispatch configuration an admin manages for their own municipality: SLA policies and the
 * escalation ladder (routing rules: api/routing/). Dispatchers and city hall may read it
 * (dispatch_config.read).
 *
 * Every change takes effect at once: timers read the ladder at each step, and a policy change
 * queues `sla.refresh`, which recomputes the deadlines of the municipality's open appeals within
 * seconds. There is no audit table yet: each change is logged with the actor, and rows keep
 * updated_at.
 */

const note = userText(1000).nullable();

// Sane ceilings: a year of minutes or hours, a working year of days.
const maxAmount = { minutes: 366 * 24 * 60, hours: 366 * 24, working_days: 250 } as const;
const durationUnits = ['minutes', 'hours', 'working_days'] as const;

const durationInput = z
  .strictObject({
    amount: z
      .number({ error: 'ожидается число / expected a number' })
      .int('целое число / a whole number')
      .positive('больше нуля / above zero'),
    unit: z.enum(durationUnits),
  })
  .superRefine((d, ctx) => {
    const max = maxAmount[d.unit];
    if (d.amount > max)
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `не больше ${max} (${d.unit}) / at most ${max} ${d.unit}`,
      });
  });

const hhmm = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'время ЧЧ:ММ от 00:00 до 24:00 / a time HH:MM from 00:00 to 24:00');
const dayHours = z
  .array(z.strictObject({ start: hhmm, end: hhmm }))
  .max(6, 'не больше 6 интервалов в день / at most 6 intervals a day');
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const workingHoursInput = z
  .strictObject({
    kind: z.literal('working_hours'),
    timeZone: z.string().max(64).optional().describe("IANA zone; the municipality's own when absent"),
    week: z.strictObject(
      Object.fromEntries(weekdays.map((d) => [d, dayHours.optional()])) as Record<
        (typeof weekdays)[number],
        z.ZodOptional<typeof dayHours>
      >,
    ),
    holidays: z.enum(['ru', 'none']).default('ru').describe('ru: the Russian production calendar'),
  })
  .superRefine((c, ctx) => {
    if (c.timeZone !== undefined && !knownTimeZone(c.timeZone)) {
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'неизвестный часовой пояс / unknown time zone' });
    }
    let working = 0;
    for (const day of weekdays) {
      const hours = c.week[day] ?? [];
      hours.forEach((interval, i) => {
        const start = minutesOf(interval.start);
        const end = minutesOf(interval.end);
        if (end <= start) {
          ctx.addIssue({
            code: 'custom',
            path: ['week', day, i, 'end'],
            message: 'конец позже начала / the end must come after the start',
          });
        } else if (i > 0 && start < minutesOf(hours[i - 1].end)) {
          ctx.addIssue({
            code: 'custom',
            path: ['week', day, i, 'start'],
            message: 'интервалы по порядку, без пересечений / intervals in order, not overlapping',
          });
        }
        working += Math.max(0, end - start);
      });
    }
    if (working === 0)
      ctx.addIssue({ code: 'custom', path: ['week'], message: 'нет рабочего времени / no working time in the week' });
  });

const calendarInput = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('24x7') }), workingHoursInput]);
const targetInput = z.strictObject({ duration: durationInput, calendar: calendarInput });

const slaPolicyInput = z
  .strictObject({
    accept: targetInput.describe('Time to accept: the response clock'),
    resolve: targetInput.describe('Time to resolve: the resolution clock'),
    note: note.default(null),
  })
  .describe('The targets of an SLA policy');

const calendarOut = z.union([
  z.object({ kind: z.literal('24x7') }),
  z.object({
    kind: z.literal('working_hours'),
    timeZone: z.string(),
    week: z.partialRecord(z.enum(weekdays), z.array(z.object({ start: z.string(), end: z.string() })).readonly()),
    holidays: z.enum(['ru', 'none']),
  }),
]);
const targetOut = z.object({
  duration: z.object({ amount: z.number(), unit: z.enum(durationUnits) }),
  calendar: calendarOut,
});

const slaPolicySchema = z
  .object({
    id: z.number().int(),
    categoryId: z.number().int().nullable().describe('null: every category'),
    priority: z.enum(priorities),
    accept: targetOut,
    resolve: targetOut,
    note: z.string().nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'SlaPolicy' });

const policyOut = (r: SlaPolicyRow) => ({
  id: r.id,
  categoryId: r.categoryId,
  priority: r.priority,
  accept: { duration: r.acceptDuration, calendar: r.acceptCalendar },
  resolve: { duration: r.resolveDuration, calendar: r.resolveCalendar },
  note: r.note,
  updatedAt: r.updatedAt.toISOString(),
});

const effectiveItem = z
  .object({
    priority: z.enum(priorities),
    source: z
      .enum(['category', 'municipality', 'default'])
      .describe("Whose policy applies: the category's, the municipality-wide one, or the built-in default"),
    policyId: z.number().int().nullable(),
    accept: targetOut,
    resolve: targetOut,
    categoryOverrides: z.array(z.number().int()).describe('Categories with a policy of their own for this priority'),
  })
  .meta({ id: 'EffectiveSlaPolicy' });

const slaKeyParams = z.object({
  category: z
    .string()
    .regex(/^(all|\d{1,10})$/, '«all» или id категории / "all" or a category id')
    .describe('A category id, or `all` for every category'),
  priority: z.enum(priorities),
});
const keyOf = (p: z.infer<typeof slaKeyParams>): SlaPolicyKey => ({
  categoryId: p.category === 'all' ? null : Number(p.category),
  priority: p.priority,
});

const ladderSteps = z
  .array(z.enum(ladderActions))
  .max(ladderActions.length)
  .refine((a) => new Set(a).size === a.length, 'действия не повторяются / no action twice');
const ladderInput = z
  .strictObject(
    Object.fromEntries(timerSteps.map((s) => [String(s), ladderSteps])) as Record<
      '50' | '75' | '100' | '200',
      typeof ladderSteps
    >,
  )
  .describe('What happens at 50, 75, 100 (breach) and 200 % of a clock; every step, [] for nothing');
const ladderOut = z.record(z.enum(['50', '75', '100', '200']), z.array(z.enum(ladderActions)).readonly());
const ladderSchema = z
  .object({ ladder: ladderOut, isDefault: z.boolean(), defaultLadder: ladderOut })
  .meta({ id: 'EscalationLadder' });
const ladderView = (own: Ladder | null) => ({ ladder: own ?? defaultLadder, isDefault: own === null, defaultLadder });

const emptyToNull = (s: string | null) => (s === null || s === '' ? null : s);

/** Admin API for SLA policies and the escalation ladder of the actor's municipality. */
const adminDispatchRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- SLA policies ----

  app.get(
    '/admin/sla-policies',
    {
      config: { access: { action: 'dispatch_config.read' } },
      schema: {
        operationId: 'listSlaPolicies',
        tags: ['admin'],
        summary: 'SLA-политики муниципалитета / The municipality’s own SLA policies',
        description:
          'Only what the municipality set; see /admin/sla-policies/effective for what applies, defaults included.',
        querystring: z.object({
          categoryId: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 31 - 1)
            .optional(),
        }),
        response: { 200: z.object({ items: z.array(slaPolicySchema) }), ...problems },
      },
    },
    async (request) => {
      const rows = await listSlaPolicies(app.db, request.actor!.municipalityId, {
        categoryId: request.query.categoryId,
      });
      return { items: rows.map(policyOut) };
    },
  );

  app.get(
    '/admin/sla-policies/effective',
    {
      config: { access: { action: 'dispatch_config.read' } },
      schema: {
        operationId: 'getEffectiveSlaPolicies',
        tags: ['admin'],
        summary: 'Действующие сроки по приоритетам / The SLA targets in force, per priority',
        description:
          "Per priority: the category's own policy (with `categoryId`), else the municipality-wide one, else the built-in default — " +
          'the order in which appeals are given their clocks.',
        querystring: z.object({
          categoryId: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 31 - 1)
            .optional(),
        }),
        response: {
          200: z.object({ categoryId: z.number().int().nullable(), items: z.array(effectiveItem) }),
          ...problems,
        },
      },
    },
    async (request) => {
      const municipalityId = request.actor!.municipalityId;
      const categoryId = request.query.categoryId ?? null;
      if (categoryId !== null) {
        const category = await getCategory(app.db, categoryId);
        if (!category || category.municipalityId !== municipalityId) throw new NotFound('Категория / Category');
      }
      const rows = await listSlaPolicies(app.db, municipalityId);
      const target = (t: SlaTarget) => ({ duration: t.duration, calendar: t.calendar });
      return {
        categoryId,
        items: priorities.map((priority) => {
          const own = rows.find((r) => r.priority === priority && categoryId !== null && r.categoryId === categoryId);
          const wide = rows.find((r) => r.priority === priority && r.categoryId === null);
          const chosen = own ?? wide;
          const fallback = defaultSlaPolicy(priority);
          return {
            priority,
            source: own ? ('category' as const) : wide ? ('municipality' as const) : ('default' as const),
            policyId: chosen?.id ?? null,
            accept: chosen
              ? { duration: chosen.acceptDuration, calendar: chosen.acceptCalendar }
              : target(fallback.accept),
            resolve: chosen
              ? { duration: chosen.resolveDuration, calendar: chosen.resolveCalendar }
              : target(fallback.resolve),
            categoryOverrides: rows
              .filter((r) => r.priority === priority && r.categoryId !== null)
              .map((r) => r.categoryId!),
          };
        }),
      };
    },
  );

  app.put(
    '/admin/sla-policies/:category/:priority',
    {
      config: { access: { action: 'admin.sla_policies', record: 'category' } },
      schema: {
        operationId: 'putSlaPolicy',
        tags: ['admin'],
        summary: 'Задать SLA-политику / Set the SLA policy for a category (or all) and a priority',
        description:
          'Creates (201) or replaces (200) the policy. Durations are whole minutes, hours or working days (a working day is the ' +
          "calendar's longest weekday; 24 h on 24x7). The open appeals of the municipality get their deadlines recomputed shortly after.",
        params: slaKeyParams,
        body: slaPolicyInput,
        response: { 200: slaPolicySchema, 201: slaPolicySchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const key = keyOf(request.params);
      if (key.categoryId !== null) {
        const category = await getCategory(app.db, key.categoryId);
        if (!category || category.municipalityId !== actor.municipalityId) {
          throw new Unprocessable('Нет такой категории. Unknown category.', [
            { field: 'params.category', reason: 'нет такой категории в этом муниципалитете / no such category here' },
          ]);
        }
      }
      const municipality = await app.reference.municipality(actor.municipalityId);
      const timeZone = municipality?.timeZone ?? 'Europe/Moscow';
      const calendar = (c: z.infer<typeof calendarInput>): WorkingCalendar =>
        c.kind === '24x7'
          ? { kind: '24x7' }
          : { kind: 'working_hours', timeZone: c.timeZone ?? timeZone, week: c.week, holidays: c.holidays };
      const { accept, resolve } = request.body;
      const fields: SlaPolicyFields = {
        acceptDuration: accept.duration,
        acceptCalendar: calendar(accept.calendar),
        resolveDuration: resolve.duration,
        resolveCalendar: calendar(resolve.calendar),
        note: emptyToNull(request.body.note),
      };
      const { row, created } = await app.db.transaction(async (tx) => {
        const result = await putSlaPolicy(tx, actor.municipalityId, key, fields, app.clock());
        await enqueue(
          app.boss,
          tx,
          'sla.refresh',
          { municipalityId: actor.municipalityId },
          { singletonKey: String(actor.municipalityId) },
        );
        return result;
      });
      request.log.info(
        { actorId: actor.userId, municipalityId: actor.municipalityId, policyId: row.id, key, created, policy: fields },
        'sla policy set',
      );
      return reply.code(created ? 201 : 200).send(policyOut(row));
    },
  );

  app.delete(
    '/admin/sla-policies/:category/:priority',
    {
      config: { access: { action: 'admin.sla_policies', record: 'category' } },
      schema: {
        operationId: 'deleteSlaPolicy',
        tags: ['admin'],
        summary: 'Удалить SLA-политику / Delete an SLA policy (the next one in order applies)',
        params: slaKeyParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const key = keyOf(request.params);
      const row = await app.db.transaction(async (tx) => {
        const deleted = await deleteSlaPolicy(tx, actor.municipalityId, key);
        if (deleted)
          await enqueue(
            app.boss,
            tx,
            'sla.refresh',
            { municipalityId: actor.municipalityId },
            { singletonKey: String(actor.municipalityId) },
          );
        return deleted;
      });
      if (!row) throw new NotFound('SLA-политика / SLA policy');
      request.log.info(
        { actorId: actor.userId, municipalityId: actor.municipalityId, policyId: row.id, key, before: policyOut(row) },
        'sla policy deleted',
      );
      return reply.code(204).send(null);
    },
  );

  // ---- Escalation ladder ----

  app.get(
    '/admin/escalation-ladder',
    {
      config: { access: { action: 'dispatch_config.read' } },
      schema: {
        operationId: 'getEscalationLadder',
        tags: ['admin'],
        summary: 'Лестница эскалации / The escalation ladder in force',
        response: { 200: ladderSchema, ...problems },
      },
    },
    async (request) => {
      return ladderView(await getLadder(app.db, request.actor!.municipalityId));
    },
  );

  app.put(
    '/admin/escalation-ladder',
    {
      config: { access: { action: 'admin.ladder' } },
      schema: {
        operationId: 'putEscalationLadder',
        tags: ['admin'],
        summary: 'Задать лестницу эскалации / Set the municipality’s escalation ladder',
        description:
          'Every step (50, 75, 100, 200 %) with its actions, [] for none. Used from the next escalation step on.',
        body: ladderInput,
        response: { 200: ladderSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const b = request.body;
      const ladder: Ladder = { 50: b['50'], 75: b['75'], 100: b['100'], 200: b['200'] };
      const before = await getLadder(app.db, actor.municipalityId);
      await setLadder(app.db, actor.municipalityId, ladder);
      request.log.info(
        { actorId: actor.userId, municipalityId: actor.municipalityId, before, ladder },
        'escalation ladder set',
      );
      return ladderView(ladder);
    },
  );

  app.delete(
    '/admin/escalation-ladder',
    {
      config: { access: { action: 'admin.ladder' } },
      schema: {
        operationId: 'resetEscalationLadder',
        tags: ['admin'],
        summary: 'Вернуть лестницу по умолчанию / Reset the escalation ladder to the default',
        response: { 200: ladderSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const before = await getLadder(app.db, actor.municipalityId);
      await setLadder(app.db, actor.municipalityId, null);
      request.log.info(
        { actorId: actor.userId, municipalityId: actor.municipalityId, before },
        'escalation ladder reset to the default',
      );
      return ladderView(null);
    },
  );
};
export default adminDispatchRoutes;
