import { z } from 'zod';
import { apartmentChangeKinds, apartmentLinkStatuses, meterKinds } from '../../db/schema/meters.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { recordId, userText } from '../schemas.ts';

export const windowStateSchema = z
  .object({
    state: z.enum(['open', 'closed']),
    fromDay: z.number().int(),
    toDay: z.number().int(),
    closesOn: z.string().nullable().describe('YYYY-MM-DD, local day, while open'),
    opensOn: z.string().nullable().describe('YYYY-MM-DD, local day, while closed'),
    late: z.boolean().describe('closed for this month: a reading now is taken and marked late'),
  })
  .meta({ id: 'ReadingWindow' });

const number = z.number({ error: messageRef('field.expected_number') });
const wholeNumber = messageRef('field.whole_number');
export const required = (max: number) => userText(max, { length: 1, tooShort: messageRef('field.required') });
export const localDay = z.iso.date(messageRef('field.date'));
export const timestamp = z.iso.datetime({ offset: true });
export const values = z.array(number).min(1, messageRef('field.values_count')).max(3, messageRef('field.values_count'));

const readingOutSchema = z.object({
  period: z.string(),
  values: z.array(z.number()),
  consumption: z.array(z.number()).nullable(),
  flags: z.array(z.string()),
  submittedAt: timestamp,
});

const ownMeterSchema = z.object({
  id: z.number().int(),
  kind: z.enum(meterKinds),
  tariffs: z.number().int(),
  serialNumber: z.string(),
  verificationDue: z.string().nullable(),
  last: readingOutSchema.nullable(),
});

export const ownApartmentSchema = z
  .object({
    linkId: z.number().int(),
    status: z.enum(apartmentLinkStatuses),
    note: z.string().nullable().describe('Why it was rejected'),
    apartmentId: z.number().int(),
    apartment: z.string(),
    buildingId: z.number().int(),
    address: z.string(),
    window: windowStateSchema,
    meters: z.array(ownMeterSchema).describe('Only for a confirmed link'),
  })
  .meta({ id: 'OwnApartment' });

export const linkRequest = z.strictObject({
  buildingId: recordId,
  apartment: required(20).describe('As written on the door: «12», «12А»'),
  accountNumber: required(40).describe('The personal account (лицевой счёт) on the bill, as evidence for the company'),
});

export const companyLinkSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(apartmentLinkStatuses),
    evidence: z.string().nullable(),
    accountMatches: z.boolean().describe('The evidence equals the apartment’s account on record'),
    requestedAt: timestamp,
    decidedAt: timestamp.nullable(),
    note: z.string().nullable(),
    apartmentId: z.number().int(),
    apartment: z.string(),
    accountNumber: z.string().nullable(),
    buildingId: z.number().int(),
    address: z.string(),
    fullName: z.string().nullable(),
  })
  .meta({ id: 'ApartmentLink' });

export const reasonBody = z.strictObject({ reason: required(500) });

export const meterInput = z.strictObject({
  kind: z.enum(meterKinds),
  tariffs: number
    .int(wholeNumber)
    .min(1, messageRef('field.range', { min: 1, max: 3 }))
    .max(3, messageRef('field.range', { min: 1, max: 3 }))
    .default(1)
    .describe('Больше одного — только у электросчётчика / More than one only for an electricity meter'),
  serialNumber: required(60),
  installedOn: localDay.nullable().default(null),
  verificationDue: localDay.nullable().default(null),
});
export const apartmentInput = z.strictObject({
  number: required(20),
  entrance: number.int().min(0).max(200).nullable().default(null),
  floor: number.int().min(-5).max(200).nullable().default(null),
  area: number.min(0).max(100_000).nullable().default(null),
  accountNumber: userText(40).nullable().default(null),
  meters: z.array(meterInput).max(20, messageRef('meter.count')).default([]),
});

const companyMeterSchema = z.object({
  id: z.number().int(),
  kind: z.enum(meterKinds),
  tariffs: z.number().int(),
  serialNumber: z.string(),
  verificationDue: z.string().nullable(),
  retired: z.boolean(),
  last: readingOutSchema.nullable(),
});
export const ownWindowSchema = z
  .object({ fromDay: z.number().int(), toDay: z.number().int() })
  .nullable()
  .describe('The building’s own days; null: the municipality’s');
export const apartmentOutSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    entrance: z.number().int().nullable(),
    floor: z.number().int().nullable(),
    area: z.number().nullable(),
    accountNumber: z.string().nullable(),
    version: z.number().int().describe('Send it back with a change (PATCH /housing/apartments/:id)'),
  })
  .meta({ id: 'ApartmentRecord' });
export const companyApartmentSchema = apartmentOutSchema
  .extend({ meters: z.array(companyMeterSchema) })
  .meta({ id: 'CompanyApartment' });

export const apartmentPatch = z.strictObject({
  version: number
    .int(wholeNumber)
    .min(1, messageRef('field.from', { min: 1 }))
    .max(2 ** 31 - 1, messageRef('field.too_large'))
    .describe('The version read; a stale one answers 409'),
  number: required(20).optional().describe('As written on the door: «12», «12А»; unique in the building'),
  entrance: number
    .int(wholeNumber)
    .min(0, messageRef('field.from', { min: 0 }))
    .max(200, messageRef('field.up_to', { max: 200 }))
    .nullable()
    .optional(),
  floor: number
    .int(wholeNumber)
    .min(-5, messageRef('field.from', { min: -5 }))
    .max(200, messageRef('field.up_to', { max: 200 }))
    .nullable()
    .optional(),
  area: number
    .min(0, messageRef('field.not_negative'))
    .max(100_000, messageRef('field.up_to', { max: 100_000 }))
    .nullable()
    .optional()
    .describe('m², one decimal place'),
  accountNumber: userText(40)
    .nullable()
    .optional()
    .describe('The personal account (лицевой счёт); empty or null clears it'),
});

export const apartmentChangeSchema = z
  .object({
    id: z.number().int(),
    apartmentId: z.number().int(),
    number: z.string().describe('The apartment’s number now (or when it was removed)'),
    removed: z.boolean(),
    kind: z.enum(apartmentChangeKinds),
    field: z.string().nullable().describe('null for a removal'),
    oldValue: z.unknown().describe('For a removal: the apartment as it was'),
    newValue: z.unknown().describe('For a removal: the reason given, if any'),
    at: timestamp,
    actor: z.object({
      name: z.string().nullable(),
      role: z.string(),
      organisation: z.object({ nameRu: z.string(), nameEn: z.string() }).nullable(),
    }),
  })
  .meta({ id: 'ApartmentChange' });

export type MeterInput = z.infer<typeof meterInput>;
export type ApartmentInput = z.infer<typeof apartmentInput>;
export type ApartmentPatch = z.infer<typeof apartmentPatch>;

/** Removing an apartment: the reason told to residents whose requests it rejects. */
export const removalBody = z
  .strictObject({ reason: userText(500).optional().describe('Told to residents whose requests are rejected') })
  .nullish();
export const removalSchema = z.object({
  id: z.number().int(),
  rejectedLinks: z.number().int(),
  retiredMeters: z.number().int(),
});

/** A change of a meter's serial number or verification date. */
export const meterChange = z.strictObject({
  serialNumber: required(60).optional(),
  verificationDue: localDay.nullable().optional(),
});

/** A meter's replacement: later readings compare with the new meter's initial values. */
export const replacementInput = z.strictObject({
  at: timestamp.optional().describe('When it was replaced; now when absent'),
  newSerialNumber: required(60),
  initialValues: z
    .array(number.min(0, messageRef('reading.value_negative')))
    .min(1, messageRef('field.values_count'))
    .max(3, messageRef('field.values_count')),
  verificationDue: localDay.nullable().default(null),
  note: userText(500).nullable().default(null),
});

/** Apartments added at once, with their meters: the numbers differ within one request. */
export const apartmentsInput = z.strictObject({
  apartments: z
    .array(apartmentInput)
    .min(1, messageRef('apartments.at_least_one'))
    .max(20_000, messageRef('apartments.at_most'))
    .describe(
      'Номера квартир в одном запросе разные (без учёта регистра) / The numbers differ within one request ' +
        '(ignoring case)',
    ),
});

/** What adding apartments did: the ones created, and the numbers the building already had. */
export const apartmentsCreated = z.object({
  created: z.array(z.object({ id: z.number().int(), number: z.string() })),
  existing: z.array(z.string()),
});
