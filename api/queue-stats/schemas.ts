import { z } from 'zod';
import { DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS } from '../../dispatch/eservice-stats.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { recordIdParam } from '../schemas.ts';

const day = z.iso.date({ error: messageRef('stats.field.date') });

export const queueStatsQuery = z.object({
  from: day
    .optional()
    .describe(
      `Первый день периода, не позже to, не длиннее ${MAX_PERIOD_DAYS} дней / first local day of the period, not after ` +
        `to, at most ${MAX_PERIOD_DAYS} days; default: ${DEFAULT_PERIOD_DAYS - 1} days before to`,
    ),
  to: day.optional().describe('Последний день периода включительно / last day, inclusive; default: today'),
  officeId: recordIdParam.optional().describe("only this office (a supervisor: one of their organisation's, else 403)"),
  format: z.enum(['json', 'csv']).default('json').describe('csv: UTF-8 with BOM, Russian / English headers'),
  table: z.enum(['offices', 'services']).default('offices').describe('which table the CSV holds'),
});
export type QueueStatsQuery = z.infer<typeof queueStatsQuery>;

const minutes = (what: string) => z.number().nullable().describe(`${what}, minutes`);
const figures = {
  bookingsMade: z.number().int().describe('appointments booked in the period (whenever their time)'),
  appointments: z.number().int().describe('appointments whose time falls in the period'),
  served: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
  stillBooked: z.number().int().describe('booked or checked in, not yet closed'),
  noShowRate: z.number().nullable().describe('noShow ÷ (served + noShow), 0…1'),
  tickets: z.number().int().describe('hall tickets of the period’s days'),
  walkIns: z.number().int(),
  waitAvgMinutes: minutes('from arrival to the first call, average'),
  waitP90Minutes: minutes('the same, 90th percentile'),
  serviceAvgMinutes: minutes('from start to finish, average'),
  serviceP90Minutes: minutes('the same, 90th percentile'),
  arrived: z.number().int().describe('appointments checked in'),
  late: z.number().int().describe('of those, checked in late'),
  lateShare: z.number().nullable().describe('late ÷ arrived, 0…1'),
  lateAvgMinutes: minutes('how late the late ones were, average'),
  slotsOffered: z
    .number()
    .int()
    .describe(
      'slots the schedules gave over the period (each point’s grid per service, holidays and exceptions applied)',
    ),
  slotsUsed: z.number().int().describe('appointments of the period served or checked in'),
  slotsUsedShare: z.number().nullable().describe('slotsUsed ÷ slotsOffered, 0…1'),
};
const period = z.object({ from: z.string(), to: z.string(), timeZone: z.string() });

export const queueStatsAnswer = z
  .object({
    period,
    offices: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), ...figures })),
    services: z.array(
      z.object({ id: z.number().int(), code: z.string(), name: z.string(), letter: z.string(), ...figures }),
    ),
    total: z.object(figures),
  })
  .meta({ id: 'QueueStats' });

export const queueLoadAnswer = z
  .object({
    period,
    cells: z.array(
      z.object({
        weekday: z.number().int().describe('1 Monday … 7 Sunday, local'),
        hour: z.number().int().describe('0…23, local'),
        tickets: z.number().int(),
      }),
    ),
    max: z.number().int(),
  })
  .meta({ id: 'QueueLoad' });
