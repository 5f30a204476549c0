import { z } from 'zod';
import { personalDataKinds } from '../../db/queries/audit.ts';
import { notificationChannels, organisationKinds, roles } from '../../db/schema/index.ts';
import {
  EMAIL_LOCAL_PART_WORDS,
  EMAIL_PATTERN,
  MOBILE_PHONE_PATTERN,
  parseSignInDestination,
} from '../../dispatch/contacts.ts';
import { messageRef, refOf } from '../../dispatch/messages/index.ts';
import { pageQuery } from '../directory/crud.ts';
import {
  boolQuery,
  email,
  id,
  optionalText,
  personalPhone,
  queryId,
  required,
  searchQuery,
  timestamp,
} from '../directory/fields.ts';
import { bigRecordIdParam, municipalityQuery } from '../schemas.ts';

/*
 * Input schemas carry no component id: responses do. The components are defined in the order the
 * OpenAPI document lists them.
 */

// ---- The dev outbox ----

export const devOutboxItemSchema = z
  .object({
    id: z.number().int(),
    municipalityId: z.number().int(),
    userId: z.number().int().nullable(),
    channel: z.enum(notificationChannels),
    destination: z.string(),
    template: z.string(),
    subject: z.string().nullable(),
    body: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'DevOutboxMessage' });

export const devOutboxQuery = z.object({
  limit: z.coerce
    .number({ error: messageRef('field.expected_number') })
    .int(messageRef('field.whole_number'))
    .min(1, messageRef('field.range', { min: 1, max: 100 }))
    .max(100, messageRef('field.range', { min: 1, max: 100 }))
    .default(20),
  before: bigRecordIdParam.optional().describe('Show messages older than this id'),
});
export type DevOutboxQuery = z.output<typeof devOutboxQuery>;

// ---- The municipality's accounts ----

export const staffRoles = roles.filter((r) => r !== 'resident') as [
  Exclude<(typeof roles)[number], 'resident'>,
  ...Exclude<(typeof roles)[number], 'resident'>[],
];

const login = z
  .string({ error: messageRef('field.expected_text') })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, messageRef('user.login_format'))
  .transform((s) => s.toLowerCase())
  .describe('Sign-in name, unique in the installation (case-insensitive)');
// 10 characters: argon2id makes guessing slow, length makes it hopeless; 200 keeps hashing cheap.
const passwordLength = messageRef('user.password_length', { min: 10, max: 200 });
export const password = z
  .string({ error: messageRef('field.expected_text') })
  .min(10, passwordLength)
  .max(200, passwordLength)
  .describe('Given to the person to sign in with; stored only as an argon2id hash');

const personalFields = {
  fullName: optionalText(200).nullable(),
  phone: personalPhone.nullable().describe('Russian number; stored as +7XXXXXXXXXX'),
  email: email.nullable(),
};

export const staffInput = z
  .strictObject({
    role: z.enum(staffRoles).describe('Residents sign up themselves with a one-time code'),
    organisationId: id.nullable().default(null).describe('Required for org_staff and org_supervisor'),
    login,
    password,
    fullName: required(200),
    phone: personalFields.phone.default(null),
    email: personalFields.email.default(null),
  })
  .describe('A new staff account');
export type StaffInput = z.output<typeof staffInput>;

export const userPatch = z
  .strictObject({
    role: z.enum(staffRoles),
    organisationId: id.nullable(),
    ...personalFields,
  })
  .partial()
  .describe('The fields of an account to change');
export type UserPatch = z.output<typeof userPatch>;

export const userFilter = {
  q: searchQuery.describe('Part of the login, name or e-mail, or digits of the phone'),
  kind: z.enum(['staff', 'resident']).optional(),
  role: z.enum(roles).optional(),
  organisationId: queryId.optional(),
  disabled: boolQuery.optional(),
};
export type UserFilter = z.output<z.ZodObject<typeof userFilter>> & { limit: number; offset: number };
export const userQuery = z.object({ ...userFilter, ...pageQuery });

export const userSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(roles),
    organisation: z.object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string() }).nullable(),
    login: z.string().nullable(),
    hasPassword: z.boolean(),
    personal: z.object({ fullName: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
    disabled: z.boolean(),
    disabledAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.output<typeof userSchema>;

// ---- The personal-data access trail ----

const instant = z.iso.datetime({ offset: true, error: messageRef('audit.datetime_expected') });

export const accessSchema = z
  .object({
    id: z.number().int(),
    at: z.string().describe('ISO 8601'),
    actorUserId: z.number().int(),
    subjectUserId: z.number().int().nullable().describe('null for a bulk read (a list, an export)'),
    kind: z.enum(personalDataKinds),
    record: z.string().nullable(),
    route: z.string(),
    ip: z.string(),
  })
  .meta({ id: 'PersonalDataAccess' });

export const accessQuery = z.object({
  subjectUserId: bigRecordIdParam.optional(),
  actorUserId: bigRecordIdParam.optional(),
  kind: z.enum(personalDataKinds).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce
    .number({ error: messageRef('field.expected_number') })
    .int(messageRef('field.whole_number'))
    .min(1, messageRef('field.range', { min: 1, max: 500 }))
    .max(500, messageRef('field.range', { min: 1, max: 500 }))
    .default(100),
  offset: z.coerce
    .number({ error: messageRef('field.expected_number') })
    .int(messageRef('field.whole_number'))
    .min(0, messageRef('field.at_least', { min: 0 }))
    .max(100_000, messageRef('field.at_most', { max: 100_000 }))
    .default(0),
});
export type AccessQuery = z.output<typeof accessQuery>;

// ---- Sign-in and sessions ----

export const destinationInput = z
  .string({ error: messageRef('auth.destination_expected') })
  .max(320, messageRef('field.too_long'))
  .transform((input, ctx) => {
    const parsed = parseSignInDestination(input);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: refOf(parsed.reason) });
      return z.NEVER;
    }
    return parsed.value;
  })
  .meta({ pattern: `${MOBILE_PHONE_PATTERN}|${EMAIL_PATTERN}` })
  .describe(
    `Мобильный телефон (+7 9xx…) или e-mail / Mobile phone (+7 9xx…) or e-mail address; e-mail: ${EMAIL_LOCAL_PART_WORDS}`,
  );

const codeFormat = messageRef('auth.code_format');
const codeInput = z
  .string({ error: codeFormat })
  .max(20, codeFormat)
  // At most 20 characters: two leading spaces or dashes, one after each digit.
  .meta({ pattern: '^[ -]{0,2}(?:[0-9][ -]?){6}$' })
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, codeFormat))
  .describe('6-digit code');

export const codeRequest = z.object({ destination: destinationInput, municipality: municipalityQuery });
export const codeVerification = z.object({
  destination: destinationInput,
  code: codeInput,
  municipality: municipalityQuery,
});
export const passwordSignIn = z.object({
  login: z.string().trim().min(1, messageRef('auth.login_required')).max(100, messageRef('field.too_long')),
  password: z.string().min(1, messageRef('auth.password_required')).max(1000, messageRef('field.too_long')),
});

export const sessionUserSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(roles),
    municipality: z.object({ id: z.number().int(), code: z.string(), nameRu: z.string(), nameEn: z.string() }),
    organisation: z
      .object({ id: z.number().int(), nameRu: z.string(), nameEn: z.string(), kind: z.enum(organisationKinds) })
      .nullable(),
    personal: z.object({
      fullName: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    }),
  })
  .meta({ id: 'SessionUser' });

export const signedInSchema = z
  .object({
    user: sessionUserSchema,
    csrfToken: z.string().describe('Send it as X-CSRF-Token with every write made with the session cookie'),
  })
  .meta({ id: 'SignedIn' });

export const codeSentSchema = z
  .object({
    message: z.string(),
    channel: z.enum(['sms', 'email']),
    expiresInSeconds: z.number().int(),
    devMode: z
      .boolean()
      .describe('No SMS/e-mail gateway is configured: codes are in the server log and the admin dev outbox'),
  })
  .meta({ id: 'SignInCodeSent' });

export const sessionSchema = z.object({
  id: z.string().describe('Use it to end the session'),
  current: z.boolean().describe('This is the session of the request'),
  device: z.string().nullable().describe('Browser and system, from the User-Agent at sign-in'),
  createdAt: z.iso.datetime({ offset: true }),
  lastSeenAt: z.iso.datetime({ offset: true }).describe('Updated at most every 5 minutes'),
  expiresAt: z.iso.datetime({ offset: true }),
});

export const sessionIdParam = z.object({
  id: z.string().min(1).max(64).describe('A session id from the list, or `current` for the session of the request'),
});
