import { z } from 'zod';
import {
  EMAIL_LOCAL_PART_WORDS,
  EMAIL_PATTERN,
  normaliseEmail,
  normalisePhone,
  type Parsed,
  RUSSIAN_PHONE_PATTERN,
} from '../../dispatch/contacts.ts';
import { messageRef, refOf } from '../../dispatch/messages/index.ts';
import { recordId, recordIdParam, userText } from '../schemas.ts';

/*
 * Field schemas the directory's records share (organisations, buildings, categories, accounts).
 * Input schemas carry no component id (see api/routing/schemas.ts): responses do.
 */

/** A record's id in a body, and in a query string (the shared bounds of api/schemas.ts). */
export const id = recordId;
export const queryId = recordIdParam;

/** Search text; blank (spaces only) searches nothing, like an absent one. */
export const searchQuery = z
  .string()
  .max(200, messageRef('field.too_long_max', { max: 200 }))
  .optional()
  .transform((s) => s?.trim() || undefined);
export const boolQuery = z.enum(['true', 'false']);

export const required = (max: number) => userText(max, { length: 1, tooShort: messageRef('field.required') });
export const optionalText = (max: number) => userText(max).transform((s) => (s === '' ? null : s));
/**
 * Text checked and normalised by a parser; an empty string clears the field (null). `pattern` tells the
 * document what the parser takes (never more than it takes; blank text always).
 */
export const parsedText = (max: number, parse: (s: string) => Parsed<string>, pattern: string) =>
  userText(max)
    .meta({ pattern: `^[ \\t\\r\\n]*$|${pattern}` })
    .transform((s, ctx) => {
      if (s === '') return null;
      const result = parse(s);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: refOf(result.reason) });
        return z.NEVER;
      }
      return result.value;
    });

// Codes appear in URLs, exports and seed files: Latin letters, digits and . _ -
export const code = z
  .string({ error: messageRef('field.expected_text') })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, messageRef('field.code'));

// A public phone as it should be printed: any Russian number, or a short service number (112, 04).
export const publicPhone = parsedText(
  50,
  (s) => (/^\d{2,6}$/.test(s) || normalisePhone(s).ok ? { ok: true, value: s } : normalisePhone(s)),
  `^ *[0-9]{2,6} *$|${RUSSIAN_PHONE_PATTERN}`,
);
export const email = parsedText(254, normaliseEmail, EMAIL_PATTERN).describe(EMAIL_LOCAL_PART_WORDS);
export const website = parsedText(
  300,
  (s) => {
    try {
      const url = new URL(s);
      if (url.protocol === 'https:' || url.protocol === 'http:') return { ok: true, value: url.toString() };
    } catch {
      // fall through to the reason below
    }
    return { ok: false, reason: { id: 'field.website' } };
  },
  '^ *https?://(?:[A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*(?::[0-9]{1,4})?(?:/[^\\s\\u0000-\\u001f\\u007f\\uFFFD]*)? *$',
);
/** A person's phone, stored in E.164 like residents' so one number is one person. */
export const personalPhone = parsedText(50, normalisePhone, RUSSIAN_PHONE_PATTERN);

export const timestamp = z.iso.datetime({ offset: true });
