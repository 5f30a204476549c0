/** The shapes of taking part in a public discussion (issue 17): eligibility, proposals, moderation. */
import { z } from 'zod';
import { discussionStatuses, MAX_PROPOSAL_CHARS, proposalStatuses } from '../../dispatch/discussions.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { idempotencyKey } from '../appeals/schemas.ts';
import { bigRecordIdParam, filePart, latitude, longitude, userText } from '../schemas.ts';

const texts = z.object({ ru: z.string(), en: z.string(), tt: z.string() });
const localDay = z.string().describe('A local date of the municipality, YYYY-MM-DD');
const point = z.object({ lon: z.number(), lat: z.number() }).nullable();
const counts = z
  .object({
    submitted: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'ProposalCounts' });
const version = z
  .number({ error: messageRef('field.expected_number') })
  .int()
  .min(1)
  .max(2 ** 31 - 1)
  .describe('The version read; a stale one answers 409');

export const discussionKey = z.object({ id: bigRecordIdParam });
export const proposalKey = z.object({ id: bigRecordIdParam });
export const fileKey = z.object({ id: bigRecordIdParam, fileId: bigRecordIdParam });
export const submitHeaders = z.object({ 'idempotency-key': idempotencyKey });

const lonLat = z.tuple([z.number(), z.number()]);
const ring = z.array(lonLat);
/** The discussion asked about, as the proposal form shows it: its title and territory for the map. */
const discussionSummary = z.object({
  id: z.number().int(),
  number: z.string(),
  title: texts,
  status: z.enum(discussionStatuses),
  territory: z.object({
    areas: z.array(z.object({ outer: ring, holes: z.array(ring) })),
    plots: z.array(z.object({ cadastralNumber: z.string(), ring })),
  }),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('west, south, east, north'),
  centre: lonLat,
});

export const eligibilityView = z
  .object({
    discussionId: z.number().int(),
    discussion: discussionSummary,
    eligible: z.boolean(),
    bases: z.array(
      z.object({
        kind: z.enum(['registration', 'apartment']),
        address: z.string(),
        apartment: z.string().nullable(),
        text: z.string().describe('Why, in the reader’s language'),
      }),
    ),
    reason: z.enum(['anonymous', 'unidentified', 'address_unknown', 'outside']).nullable(),
    reasonCode: z.string().nullable().describe('The message id of the reason'),
    reasonText: z.string().nullable(),
    addresses: z.array(z.string()).describe('The addresses found outside the territory'),
    identified: z.boolean().describe('Whether the person has a verified identity (Gosuslugi)'),
    proposals: z.object({
      taking: z.enum(['before', 'open', 'after', 'cancelled']),
      from: localDay,
      to: localDay,
      timeZone: z.string(),
    }),
    canPropose: z.boolean().describe('Eligible, a resident, and proposals are taken now'),
  })
  .meta({ id: 'DiscussionEligibility' });

/** The form's text fields (multipart/form-data, read by the handler after the gate). */
const proposalText = userText(MAX_PROPOSAL_CHARS, {
  length: 1,
  tooShort: messageRef('proposal.field.text_required'),
}).describe(`1–${MAX_PROPOSAL_CHARS} characters once trimmed`);
export const proposalFields = z
  .object({
    text: proposalText,
    lon: longitude.optional(),
    lat: latitude.optional(),
  })
  .superRefine((v, c) => {
    if ((v.lon === undefined) !== (v.lat === undefined)) {
      c.addIssue({
        code: 'custom',
        path: [v.lon === undefined ? 'lon' : 'lat'],
        message: messageRef('proposal.field.point_pair'),
      });
    }
  });
export const proposalForm = z
  .object({
    text: proposalText,
    lon: longitude.optional().describe('The point’s longitude (with lat); inside the municipality'),
    lat: latitude.optional(),
    files: z
      .array(filePart)
      .max(5)
      .optional()
      .describe('Up to 5 files, PDF, PNG or JPEG recognised by content, ≤ 10 MB each'),
  })
  .meta({ id: 'ProposalForm', dependentRequired: { lat: ['lon'], lon: ['lat'] } });

const fileView = z
  .object({ id: z.number().int(), name: z.string(), mediaType: z.string(), size: z.number().int(), url: z.string() })
  .meta({ id: 'ProposalFile' });

/** What its author reads of a proposal (with its discussion's id, or the discussion itself in "my proposals"). */
const ownProposalFields = {
  id: z.number().int(),
  number: z.number().int(),
  status: z.enum(proposalStatuses),
  body: z.string(),
  point,
  rejectReason: z.string().nullable(),
  submittedAt: z.string(),
  moderatedAt: z.string().nullable(),
  files: z.array(fileView),
};

export const ownProposalView = z
  .object({ ...ownProposalFields, discussionId: z.number().int() })
  .meta({ id: 'OwnProposal' });

export const publicQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional()
    .describe('The last number of the page before'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const publicAnswer = z
  .object({
    discussionId: z.number().int(),
    counts,
    items: z.array(
      z.object({ number: z.number().int(), body: z.string(), point, submittedAt: z.string() }).meta({
        id: 'PublicProposal',
      }),
    ),
    nextAfter: z.number().int().nullable(),
  })
  .meta({ id: 'PublicProposals' });

export const mineAnswer = z.object({
  items: z.array(
    z
      .object({
        ...ownProposalFields,
        discussion: z.object({
          id: z.number().int(),
          number: z.string(),
          title: texts,
          status: z.enum(discussionStatuses),
          proposalsFrom: localDay,
          proposalsTo: localDay,
        }),
      })
      .meta({ id: 'MyProposal' }),
  ),
});

export const moderationQuery = publicQuery.extend({ status: z.enum(proposalStatuses).optional() });
export const moderationAnswer = z
  .object({
    discussion: z.object({
      id: z.number().int(),
      number: z.string(),
      title: texts,
      status: z.enum(discussionStatuses),
      proposalsFrom: localDay,
      proposalsTo: localDay,
      mayModerate: z.boolean().describe('Proposals may be accepted or rejected (until the protocol is signed)'),
    }),
    counts,
    personal: z.boolean().describe('Whether the authors are shown (discussion.read_personal)'),
    items: z.array(
      z
        .object({
          id: z.number().int(),
          number: z.number().int(),
          status: z.enum(proposalStatuses),
          body: z.string(),
          point,
          submittedAt: z.string(),
          moderatedAt: z.string().nullable(),
          rejectReason: z.string().nullable(),
          version: z.number().int(),
          files: z.array(fileView),
          author: z
            .object({
              fullName: z.string(),
              birthDate: z.string().nullable(),
              address: z.string(),
              bases: z.array(z.object({ kind: z.string(), address: z.string() }).loose()),
            })
            .nullable()
            .describe('Only to those who may read personal data'),
        })
        .meta({ id: 'ModeratedProposal' }),
    ),
    nextAfter: z.number().int().nullable(),
  })
  .meta({ id: 'ProposalModeration' });

export const acceptInput = z.strictObject({
  version,
  reason: userText(1000).optional().describe('A note for the record'),
});
export const rejectInput = z.strictObject({
  version,
  reason: userText(1000, { length: 3, tooShort: messageRef('proposal.reject_reason_required') }).describe(
    'Why: the participant reads it',
  ),
});
export const moderatedView = z
  .object({
    id: z.number().int(),
    number: z.number().int(),
    status: z.enum(proposalStatuses),
    rejectReason: z.string().nullable(),
    moderatedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'ModerationResult' });
