import { z } from 'zod';
import { municipalityQuery } from '../schemas.ts';

/** Starting a sign-in with the identity provider: where to come back, and the city of a new account. */
export const startQuery = z.object({
  returnTo: z.string().max(500).optional().describe('A path on this site to return to (default /)'),
  municipality: municipalityQuery.optional().describe('The city a new resident account belongs to (default the first)'),
});

/** What the provider sends back: a code and the state, or an error and the state (RFC 6749 §4.1.2). */
export const callbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
  iss: z.string().max(500).optional().describe('The issuer (RFC 9207), checked when the provider sends it'),
  session_state: z.string().max(500).optional(),
});

/** A resident's verified identity, as they read it themself. */
export const identitySchema = z
  .object({
    provider: z.string().describe('esia'),
    fullName: z.string(),
    birthDate: z.iso.date().nullable(),
    registrationAddress: z.string().nullable().describe('As the provider gave it'),
    registrationApartment: z.string().nullable(),
    building: z
      .object({ id: z.number().int(), address: z.string(), lon: z.number(), lat: z.number() })
      .nullable()
      .describe('The building of the register the registration address is; null when not found'),
    phone: z.string().nullable().describe('E.164, verified by the provider'),
    verifiedAt: z.iso.datetime(),
  })
  .meta({ id: 'VerifiedIdentity' });
