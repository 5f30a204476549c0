import { z } from 'zod';
import type { SlaPolicyKey, SlaPolicyRow } from '../../db/queries/sla-policies.ts';
import { priorities } from '../../db/schema/index.ts';
import { weekdays } from '../../dispatch/calendar.ts';
import { defaultLadder, type Ladder, ladderActions } from '../../dispatch/escalation.ts';
import { timerSteps } from '../../dispatch/sla.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { recordIdParam, userText } from '../schemas.ts';

/*
 * Input schemas carry no component id: fastify-type-provider-zod refuses an id whose input and
 * output JSON schemas differ (defaults, strict objects), and OpenAPI documents the input anyway.
 */

const note = userText(1000).nullable();

/** The filter of the policy lists: one category. */
export const policyQuery = z.object({
  categoryId: recordIdParam.optional(),
});

/** The largest SLA duration per unit: a year of minutes or hours, a working year of days. */
export const maxAmount = { minutes: 366 * 24 * 60, hours: 366 * 24, working_days: 250 } as const;
const durationUnits = ['minutes', 'hours', 'working_days'] as const;

const durationInput = z
  .strictObject({
    amount: z
      .number({ error: messageRef('field.expected_number') })
      .int(messageRef('field.whole_number'))
      .positive(messageRef('field.above_zero'))
      .describe(
        `Не больше ${maxAmount.minutes} минут, ${maxAmount.hours} часов или ${maxAmount.working_days} рабочих дней / ` +
          `at most ${maxAmount.minutes} minutes, ${maxAmount.hours} hours or ${maxAmount.working_days} working days`,
      ),
    unit: z.enum(durationUnits),
  })
  .superRefine((d, ctx) => {
    const max = maxAmount[d.unit];
    if (d.amount > max)
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: messageRef('sla.field.amount_at_most', { max, unit: d.unit }),
      });
  });

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, messageRef('sla.field.time_of_day'));
const dayHours = z
  .array(z.strictObject({ start: hhmm, end: hhmm }))
  .max(6, messageRef('sla.field.intervals_a_day', { max: 6 }));
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Is this an IANA time zone the runtime knows? */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type WeekInput = Partial<Record<(typeof weekdays)[number], { start: string; end: string }[]>>;

/** The week's intervals in order, not overlapping, and some working time in it. */
function checkWeek(week: WeekInput, ctx: z.RefinementCtx): void {
  let working = 0;
  for (const day of weekdays) {
    const hours = week[day] ?? [];
    hours.forEach((interval, i) => {
      const start = minutesOf(interval.start);
      const end = minutesOf(interval.end);
      if (end <= start) {
        ctx.addIssue({
          code: 'custom',
          path: ['week', day, i, 'end'],
          message: messageRef('sla.field.end_before_start'),
        });
      } else if (i > 0 && start < minutesOf(hours[i - 1].end)) {
        ctx.addIssue({
          code: 'custom',
          path: ['week', day, i, 'start'],
          message: messageRef('sla.field.intervals_overlap'),
        });
      }
      working += Math.max(0, end - start);
    });
  }
  if (working === 0) ctx.addIssue({ code: 'custom', path: ['week'], message: messageRef('sla.field.no_working_time') });
}

const workingHoursInput = z
  .strictObject({
    kind: z.literal('working_hours'),
    timeZone: z.string().max(64).optional().describe("IANA zone; the municipality's own when absent"),
    week: z
      .strictObject(
        Object.fromEntries(weekdays.map((d) => [d, dayHours.optional()])) as Record<
          (typeof weekdays)[number],
          z.ZodOptional<typeof dayHours>
        >,
      )
      .describe(
        'Каждый интервал кончается после начала и начинается не раньше конца предыдущего; в неделе есть рабочее ' +
          'время / each interval ends after it starts and starts no earlier than the one before it ends; the week ' +
          'has some working time',
      ),
    holidays: z.enum(['ru', 'none']).default('ru').describe('ru: the Russian production calendar'),
  })
  .superRefine((c, ctx) => {
    if (c.timeZone !== undefined && !knownTimeZone(c.timeZone)) {
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: messageRef('sla.field.time_zone_unknown') });
    }
    checkWeek(c.week, ctx);
  });

const calendarInput = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('24x7') }), workingHoursInput]);
export type CalendarInput = z.infer<typeof calendarInput>;
const targetInput = z.strictObject({ duration: durationInput, calendar: calendarInput });

export const slaPolicyInput = z
  .strictObject({
    accept: targetInput.describe('Time to accept: the response clock'),
    resolve: targetInput.describe('Time to resolve: the resolution clock'),
    note: note.default(null),
  })
  .describe('The targets of an SLA policy');
export type SlaPolicyInput = z.infer<typeof slaPolicyInput>;

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

export const slaPolicySchema = z
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

/** An SLA policy as the admin API shows it. */
export const policyView = (r: SlaPolicyRow) => ({
  id: r.id,
  categoryId: r.categoryId,
  priority: r.priority,
  accept: { duration: r.acceptDuration, calendar: r.acceptCalendar },
  resolve: { duration: r.resolveDuration, calendar: r.resolveCalendar },
  note: r.note,
  updatedAt: r.updatedAt.toISOString(),
});

export const effectiveItem = z
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

export const slaKeyParams = z.object({
  category: z
    .union([z.literal('all'), recordIdParam], { error: messageRef('sla.field.category_or_all') })
    .describe('A category id, or `all` for every category'),
  priority: z.enum(priorities),
});
export const keyOf = (p: z.infer<typeof slaKeyParams>): SlaPolicyKey => ({
  categoryId: p.category === 'all' ? null : p.category,
  priority: p.priority,
});

const ladderSteps = z
  .array(z.enum(ladderActions))
  .max(ladderActions.length)
  .refine((a) => new Set(a).size === a.length, messageRef('sla.field.action_repeated'))
  .meta({ uniqueItems: true });
export const ladderInput = z
  .strictObject(
    Object.fromEntries(timerSteps.map((s) => [String(s), ladderSteps])) as Record<
      '50' | '75' | '100' | '200',
      typeof ladderSteps
    >,
  )
  .describe('What happens at 50, 75, 100 (breach) and 200 % of a clock; every step, [] for nothing');
const ladderOut = z.record(z.enum(['50', '75', '100', '200']), z.array(z.enum(ladderActions)).readonly());
export const ladderSchema = z
  .object({ ladder: ladderOut, isDefault: z.boolean(), defaultLadder: ladderOut })
  .meta({ id: 'EscalationLadder' });

/** The ladder in force as the admin API shows it: the municipality's own, or the default. */
export const ladderView = (own: Ladder | null) => ({
  ladder: own ?? defaultLadder,
  isDefault: own === null,
  defaultLadder,
});
