import { z } from 'zod';
import { discussionStatuses, recommendations } from '../../dispatch/discussions.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { userText } from '../schemas.ts';

/* Shapes of the results' routes (api/protocols/routes.ts). */

const version = z
  .number({ error: messageRef('field.expected_number') })
  .int()
  .min(1)
  .max(2 ** 31 - 1)
  .describe('The version read; a stale one answers 409');
const at = z.iso.datetime({ offset: true });
const texts = z.object({ ru: z.string(), en: z.string(), tt: z.string() });

/** The reasons of a recommendation: at least 10 characters, they are read in the conclusion. */
export const recommendationInput = z.strictObject({
  recommendation: z.enum(recommendations),
  reason: userText(2000, { length: 10, tooShort: messageRef('field.too_short_min', { min: 10 }) }),
  version,
});
export const recommendationAnswer = z.object({
  id: z.number(),
  number: z.number(),
  recommendation: z.enum(recommendations),
  recommendationReason: z.string(),
  version: z.number(),
});

export const signInput = z.strictObject({ version });
export const signAnswer = z.object({
  id: z.number(),
  status: z.enum(discussionStatuses),
  version: z.number(),
  protocolSignedAt: at,
});

/** The conclusion's general part: Russian required, English and Tatar fall back to it. */
export const conclusionInput = z.strictObject({
  version,
  text: z.strictObject({
    ru: userText(20000, { length: 10, tooShort: messageRef('field.too_short_min', { min: 10 }) }),
    en: userText(20000).optional(),
    tt: userText(20000).optional(),
  }),
});
export const conclusionAnswer = z.object({
  id: z.number(),
  status: z.enum(discussionStatuses),
  version: z.number(),
  concludedAt: at,
});

export const resultsAnswer = z.object({
  discussionId: z.number(),
  number: z.string(),
  status: z.enum(discussionStatuses),
  version: z.number(),
  protocolSignedAt: at.nullable(),
  concludedAt: at.nullable(),
  preview: z.boolean().describe('The organiser reads the draft: recommendations and the text before publication'),
  may: z
    .object({ moderate: z.boolean(), manage: z.boolean(), readPersonal: z.boolean() })
    .describe('What the reader may do here: recommend, sign and publish, read the organiser’s copy'),
  counts: z.object({
    participants: z.number(),
    submitted: z.number(),
    accepted: z.number(),
    rejected: z.number(),
  }),
  proposals: z.array(
    z.object({
      id: z.number(),
      number: z.number(),
      body: z.string(),
      submittedAt: at,
      version: z.number(),
      recommendation: z.enum(recommendations).nullable(),
      recommendationReason: z.string().nullable(),
    }),
  ),
  rejected: z.array(z.object({ number: z.number(), submittedAt: at, reason: z.string() })),
  missingRecommendations: z.array(z.number()),
  conclusionText: texts.nullable(),
});

export const pdfAnswer = z.string().meta({ format: 'binary', description: 'PDF' });
export const csvAnswer = z.string().meta({ description: 'CSV (UTF-8 with BOM, `;`-separated)' });
