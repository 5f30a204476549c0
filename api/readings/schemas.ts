import { z } from 'zod';
import { meterKinds, readingSources } from '../../db/schema/meters.ts';
import { windowStateSchema } from '../apartments/schemas.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { recordId } from '../schemas.ts';

const timestamp = z.iso.datetime({ offset: true });
export const flagValues = ['high_consumption', 'zero_three_periods', 'verification_overdue', 'late'] as const;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
export const period = z.string().regex(PERIOD, messageRef('field.period'));

export const readingSchema = z
  .object({
    meterId: z.number().int(),
    period: z.string(),
    values: z.array(z.number()),
    consumption: z
      .array(z.number())
      .nullable()
      .describe('Since the previous reading, per tariff; null for a first reading'),
    flags: z.array(z.enum(flagValues)),
    replaced: z.boolean().describe('An earlier reading of this period was replaced'),
  })
  .meta({ id: 'ReadingResult' });

export const historySchema = z
  .object({
    meter: z.object({
      id: z.number().int(),
      kind: z.enum(meterKinds),
      tariffs: z.number().int(),
      serialNumber: z.string(),
      verificationDue: z.string().nullable(),
    }),
    window: windowStateSchema,
    items: z.array(
      z.object({
        period: z.string(),
        values: z.array(z.number()),
        consumption: z.array(z.number()).nullable(),
        flags: z.array(z.string()),
        source: z.enum(readingSources),
        submittedAt: timestamp,
      }),
    ),
  })
  .meta({ id: 'MeterHistory' });

// Line numbers go through an integer column of the import's work table (db/queries/readings.ts).
const LINE_MAX = 2 ** 31 - 1;
const lineMessage = messageRef('reading.import.line_number', { max: LINE_MAX });

const importRow = z.strictObject({
  line: z
    .number({ error: lineMessage })
    .int(lineMessage)
    .positive(lineMessage)
    .max(LINE_MAX, lineMessage)
    .optional()
    .describe('The line number to report; the row’s position (from 1) when absent'),
  serial: z.string().trim().min(1).max(60).optional(),
  buildingId: recordId.optional(),
  apartment: z.string().trim().min(1).max(20).optional(),
  account: z.string().trim().min(1).max(40).optional(),
  kind: z.enum(meterKinds).optional(),
  values: z.array(z.number()).min(1).max(3),
  period: period.optional(),
});
export const importBody = z.strictObject({
  rows: z
    .array(importRow)
    .min(1, messageRef('reading.import.at_least_one_row'))
    .max(200_000, messageRef('reading.import.at_most_rows')),
});

export const importReportSchema = z
  .object({
    period: z.string(),
    received: z.number().int(),
    accepted: z.number().int(),
    replaced: z.number().int().describe('Of the accepted: replaced a reading of the same period'),
    flagged: z.record(z.enum(flagValues), z.number().int()),
    refusedCount: z.number().int(),
    refused: z
      .array(z.object({ line: z.number().int(), field: z.string(), reason: z.string() }))
      .describe('The first 1000 refused lines, by line'),
  })
  .meta({ id: 'ReadingImportReport' });
export type ImportBody = z.infer<typeof importBody>;

const number = z.number({ error: messageRef('field.expected_number') });
const wholeNumber = messageRef('field.whole_number');
const dayOfMonth = messageRef('field.range', { min: 1, max: 31 });

export const windowInput = z
  .strictObject({
    fromDay: number.int(wholeNumber).min(1, dayOfMonth).max(31, dayOfMonth),
    toDay: number
      .int(wholeNumber)
      .min(1, dayOfMonth)
      .max(31, dayOfMonth)
      .describe('Не раньше fromDay / Not before fromDay'),
  })
  .refine((w) => w.fromDay <= w.toDay, {
    path: ['toDay'],
    message: messageRef('reading.window_order'),
  });
export type WindowInput = z.infer<typeof windowInput>;
