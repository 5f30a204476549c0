import { z } from 'zod';
import { messageRef } from '../../dispatch/messages/index.ts';
import { importKinds, importStatuses } from '../../db/schema/interop.ts';
import { pageOut, pageQuery } from '../directory/crud.ts';
import { filePart } from '../schemas.ts';

const flag = z
  .enum(['true', 'false', 'on', '1', '0'], { error: messageRef('field.required') })
  .optional()
  .transform((v) => v === 'true' || v === 'on' || v === '1');

/** The upload's fields besides the file (multipart/form-data, read by the handler). */
export const uploadFields = z.object({
  kind: z.enum(importKinds).describe('Which register: buildings or organisations'),
  dry_run: flag.describe('true: check and report only, change nothing'),
  delete_missing: flag.describe(
    'true: delete the municipality’s register records (external id set) absent from the file, except those still referred to',
  ),
});

export const runsQuery = z.object({ ...pageQuery, kind: z.enum(importKinds).optional() });

export const importProblem = z
  .object({
    line: z
      .number()
      .int()
      .describe(
        'Line in the file (header = 1; GeoJSON: the feature’s number from 1); 0: a record --delete-missing kept',
      ),
    field: z.string().describe('The column'),
    code: z.string().describe('Message id of the reason'),
    reason: z.string().describe('The reason in the reader’s language'),
  })
  .meta({ id: 'ImportProblem' });

const runFields = {
  id: z.number().int(),
  kind: z.enum(importKinds),
  format: z.enum(['csv', 'geojson']),
  fileName: z.string(),
  via: z.enum(['cli', 'web']),
  dryRun: z.boolean(),
  allowDelete: z.boolean(),
  status: z.enum(importStatuses),
  startedBy: z.number().int().nullable().describe('The admin who uploaded it; null for the CLI'),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  lines: z.number().int().describe('Lines read (so far, while running)'),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
  rejected: z.number().int().describe('Refused lines'),
  error: z.string().nullable().describe('Why the whole run failed (in Russian), if it did'),
};

export const importRunSummary = z.object(runFields).meta({ id: 'ImportRunSummary' });

export const importRunDetail = z
  .object({
    ...runFields,
    totalLines: z.number().int().nullable().describe('Lines the file holds (for the progress); null when unknown'),
    problems: z.array(importProblem).describe('The refused lines’ problems (the first 1,000)'),
  })
  .meta({ id: 'ImportRunDetail' });

export const importRunList = pageOut(importRunSummary).extend({ total: z.number().int() });

export const uploadDocumented = {
  'multipart/form-data': uploadFields.extend({
    file: filePart.describe(
      'The register: CSV (UTF-8 or Windows-1251, header row) or GeoJSON FeatureCollection, ≤ 50 MB',
    ),
  }),
};
