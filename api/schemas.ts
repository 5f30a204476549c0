import { z } from 'zod';
import { messageRef } from '../dispatch/messages/index.ts';
import { BadRequest, problemSchema } from './errors.ts';

/** Error responses every route documents. */
export const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  413: problemSchema,
  415: problemSchema,
  422: problemSchema,
  429: problemSchema,
} as const;

export const municipalityQuery = z
  .string()
  .regex(/^[A-Za-z0-9]{2,8}$/, messageRef('field.municipality_code'))
  .optional()
  .describe('Municipality code (KZN); the first municipality when absent');

// The keys of PostgreSQL `integer` (serial) columns: buildings, categories, organisations, districts,
// apartments, routing rules. A larger number would reach the database and fail there.
const RECORD_ID_MAX = 2 ** 31 - 1;
// The keys of `bigint` (bigserial) columns: appeals, users, outages, meters, apartment links, inspections,
// defects, attachments, documents, change histories. drizzle reads them as JS numbers (mode: 'number').
const BIG_RECORD_ID_MAX = Number.MAX_SAFE_INTEGER;
const recordIdMessage = messageRef('field.record_id', { max: RECORD_ID_MAX });
const bigRecordIdMessage = messageRef('field.record_id', { max: BIG_RECORD_ID_MAX });

/** The id of a record with an integer key (a building, a category, an organisation, …) in a JSON body. */
export const recordId = z
  .number({ error: recordIdMessage })
  .int(recordIdMessage)
  .positive(recordIdMessage)
  .max(RECORD_ID_MAX, recordIdMessage);
/** The same id written as text: in a path, a query or a form field. */
export const recordIdParam = z.coerce
  .number({ error: recordIdMessage })
  .int(recordIdMessage)
  .positive(recordIdMessage)
  .max(RECORD_ID_MAX, recordIdMessage);
/** The id of a record with a bigint key (an appeal, a user, an outage, a meter, …) in a JSON body. */
export const bigRecordId = z
  .number({ error: bigRecordIdMessage })
  .int(bigRecordIdMessage)
  .positive(bigRecordIdMessage)
  .max(BIG_RECORD_ID_MAX, bigRecordIdMessage);
/** The same id written as text: in a path, a query or a form field. */
export const bigRecordIdParam = z.coerce
  .number({ error: bigRecordIdMessage })
  .int(bigRecordIdMessage)
  .positive(bigRecordIdMessage)
  .max(BIG_RECORD_ID_MAX, bigRecordIdMessage);

/** `/…/:id` of a record with an integer key. */
export const idParam = z.object({ id: recordIdParam });
/** `/…/:id` of a record with a bigint key. */
export const bigIdParam = z.object({ id: bigRecordIdParam });

const latitudeMessage = messageRef('field.latitude');
const longitudeMessage = messageRef('field.longitude');
export const latitude = z.coerce.number({ error: latitudeMessage }).min(-90, latitudeMessage).max(90, latitudeMessage);
export const longitude = z.coerce
  .number({ error: longitudeMessage })
  .min(-180, longitudeMessage)
  .max(180, longitudeMessage);

// A longitude (−180…180) and a latitude (−90…90) as decimal numbers, for the bbox's pattern.
const LON = '-?(?:180(?:\\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\\.[0-9]+)?)';
const LAT = '-?(?:90(?:\\.0+)?|[0-8]?[0-9](?:\\.[0-9]+)?)';

/** Four decimal numbers on the globe: minLon,minLat,maxLon,maxLat. */
export const bboxPattern = new RegExp(`^${LON},${LAT},${LON},${LAT}$`);

/**
 * bbox=minLon,minLat,maxLon,maxLat: four decimal numbers on the globe (the pattern), the minima not above
 * the maxima (said in words: a pattern cannot compare them).
 */
export const bboxParam = z
  .string()
  .regex(bboxPattern, messageRef('field.bbox'))
  .transform((s, ctx) => {
    const n = s.split(',').map((v) => Number(v));
    const ok =
      n.length === 4 &&
      n.every(Number.isFinite) &&
      n[0] >= -180 &&
      n[2] <= 180 &&
      n[1] >= -90 &&
      n[3] <= 90 &&
      n[0] <= n[2] &&
      n[1] <= n[3];
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        message: messageRef('field.bbox'),
      });
      return z.NEVER;
    }
    return { minLon: n[0], minLat: n[1], maxLon: n[2], maxLat: n[3] };
  })
  .describe(
    'minLon,minLat,maxLon,maxLat: десятичные градусы, minLon ≤ maxLon и minLat ≤ maxLat / decimal degrees, ' +
      'minLon ≤ maxLon and minLat ≤ maxLat',
  );

export const localisedName = { nameRu: z.string(), nameEn: z.string() };

// Characters a person's text may not hold: control characters but line breaks and tabs (PostgreSQL cannot
// store NUL), and the replacement character broken UTF-8 leaves. Written for the document's pattern too.
const CONTROL = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\uFFFD';
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The document's pattern for such text: none of those characters, and when `min` is given at least `min`
 * characters once trimmed (a non-space character, `min - 2` more of any kind, a non-space character).
 * The server trims and counts UTF-16 units; the pattern counts code points, so it is never looser.
 */
function userTextPattern(min: number): string {
  const any = `[^${CONTROL}]`;
  const solid = `[^${CONTROL}\\s]`;
  if (min <= 0) return `^${any}*$`;
  if (min === 1) return `^${any}*${solid}${any}*$`;
  return `^${any}*${solid}${any}{${min - 2},}${solid}${any}*$`;
}

/**
 * Text a person typed: trimmed, at most `max` characters, no control characters but line breaks
 * and tabs, no replacement characters left by broken UTF-8; with `min`, at least that many characters
 * once trimmed (said by `tooShort`). The document states all of it as the string's pattern.
 */
export function userText(max: number, min?: { length: number; tooShort: string }) {
  const text = z
    .string({ error: messageRef('field.expected_text') })
    .trim()
    .max(max, messageRef('field.too_long_max', { max }))
    .refine((s) => !controlCharacter.test(s), messageRef('field.control_characters'))
    .refine((s) => !s.includes('\uFFFD'), messageRef('field.invalid_utf8'));
  return (min ? text.refine((s) => s.length >= min.length, min.tooShort) : text).meta({
    pattern: userTextPattern(min?.length ?? 0),
  });
}

/** A file part of a multipart form, as the OpenAPI document shows it (the handler reads and checks the file). */
export const filePart = z.string().meta({ format: 'binary' });

/** Validate input that did not go through a route schema (e.g. multipart fields); 400 naming each field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, location: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadRequest(
    { id: 'request.invalid' },
    result.error.issues.map((i) => ({ field: [location, ...i.path.map(String)].join('.'), reason: i.message })),
  );
}
