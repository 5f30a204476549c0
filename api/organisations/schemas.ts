import { z } from 'zod';
import { organisationKinds } from '../../db/schema/index.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import {
  code,
  email,
  id,
  optionalText,
  publicPhone,
  queryId,
  required,
  searchQuery,
  timestamp,
  website,
} from '../directory/fields.ts';
import { municipalityQuery } from '../schemas.ts';

/** An organisation in the public directory (for residents, and the dispatcher's pickers). */
export const organisationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(organisationKinds),
    nameRu: z.string(),
    nameEn: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
  })
  .meta({ id: 'Organisation' });

export const publicOrganisationsQuery = z.object({ municipality: municipalityQuery });

const weekdays = ['1', '2', '3', '4', '5', '6', '7'] as const;
const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, messageRef('organisation.hours_time'));
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const dayHours = z.array(z.tuple([hhmm, hhmm])).max(6, messageRef('organisation.hours_too_many'));
const workingHoursInput = z
  .strictObject({
    calendar: z
      .enum(['24x7', 'production'])
      .describe('production: closed on the holidays of the Russian production calendar'),
    week: z
      .strictObject(
        Object.fromEntries(weekdays.map((d) => [d, dayHours.optional()])) as Record<
          (typeof weekdays)[number],
          z.ZodOptional<typeof dayHours>
        >,
      )
      .describe(
        'ISO weekday (1 = Monday) → [from, to] intervals, HH:MM in the municipality’s time zone; each ends after it ' +
          'starts, and starts no earlier than the one before it ends / каждый интервал кончается после начала и ' +
          'начинается не раньше конца предыдущего',
      ),
  })
  .superRefine((w, ctx) => {
    for (const day of weekdays) {
      const hours = w.week[day] ?? [];
      hours.forEach(([from, to], i) => {
        if (minutesOf(to) <= minutesOf(from)) {
          ctx.addIssue({
            code: 'custom',
            path: ['week', day, i, 1],
            message: messageRef('organisation.hours_end_before_start'),
          });
        } else if (i > 0 && minutesOf(from) < minutesOf(hours[i - 1][1])) {
          ctx.addIssue({
            code: 'custom',
            path: ['week', day, i, 0],
            message: messageRef('organisation.hours_overlap'),
          });
        }
      });
    }
  });

const organisationFields = {
  kind: z.enum(organisationKinds),
  code: code.describe('Unique in the municipality'),
  nameRu: required(300),
  nameEn: required(300),
  districtId: id
    .nullable()
    .describe('The district it serves (required for a district administration); null: city-wide'),
  phone: publicPhone.nullable().describe('Public phone, as it should be printed'),
  email: email.nullable(),
  address: optionalText(300).nullable().describe('Public postal address (office)'),
  website: website.nullable(),
  workingHours: workingHoursInput,
};

export const organisationInput = z
  .strictObject({
    ...organisationFields,
    districtId: organisationFields.districtId.default(null),
    phone: organisationFields.phone.default(null),
    email: organisationFields.email.default(null),
    address: organisationFields.address.default(null),
    website: organisationFields.website.default(null),
  })
  .describe('A new organisation');
export type OrganisationInput = z.output<typeof organisationInput>;

export const organisationPatch = z
  .strictObject(organisationFields)
  .partial()
  .describe('The fields of an organisation to change');
export type OrganisationPatch = z.output<typeof organisationPatch>;

/** The admin list's filters (paging is added by the directory's list route). */
export const organisationFilter = {
  q: searchQuery.describe('Part of the Russian or English name, or of the code'),
  kind: z.enum(organisationKinds).optional(),
  districtId: queryId.optional(),
};

const workingHoursOut = z.object({
  calendar: z.enum(['24x7', 'production']),
  week: z.partialRecord(z.enum(weekdays), z.array(z.tuple([z.string(), z.string()]))),
});

export const adminOrganisationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(organisationKinds),
    code: z.string(),
    nameRu: z.string(),
    nameEn: z.string(),
    districtId: z.number().int().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    address: z.string().nullable(),
    website: z.string().nullable(),
    workingHours: workingHoursOut,
    createdAt: timestamp,
  })
  .meta({ id: 'AdminOrganisation' });
export type AdminOrganisation = z.output<typeof adminOrganisationSchema>;
