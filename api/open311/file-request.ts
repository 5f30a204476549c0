/**
 * POST requests: an app or a city system files a resident's report. The key names the client (403
 * when missing, unknown or revoked), its rate is held per minute (429 with Retry-After), and the
 * appeal is filed by Otklik's own `fileAppeal` under the client's service account with channel
 * `open311`, so it is routed, clocked and live like any other. The submitter's contact is kept
 * apart (open311_submitters) for the staff who handle the appeal.
 *
 * A repeat files nothing new: with an Idempotency-Key header, the same key answers the same appeal
 * (as POST /api/appeals); without one, the same client sending the same report (service, place,
 * text, attributes, media and device or account) within about a minute gets the appeal it filed.
 */
import { randomBytes } from 'node:crypto';
import { findAppealByIdempotencyKey } from '../../db/queries/appeals.ts';
import { searchBuildings } from '../../db/queries/buildings.ts';
import {
  buildingOfMunicipality,
  findClientByKeyHash,
  recordOpen311Request,
  type Submitter,
  touchClient,
} from '../../db/queries/open311.ts';
import { hit } from '../../db/queries/rate-limits.ts';
import { normaliseAddress } from '../../dispatch/address.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { render } from '../../dispatch/messages/index.ts';
import {
  attributeProblems,
  attributesOfForm,
  REPEAT_WINDOW_SECONDS,
  repeatKey,
  serviceAttributes,
} from '../../dispatch/open311.ts';
import { fileAppeal } from '../appeals/file-appeal.ts';
import { appealInput } from '../appeals/schemas.ts';
import type { Context } from '../context.ts';
import type { ReferenceCache } from '../reference.ts';
import { badField, Open311Error } from './errors.ts';
import { hashApiKey } from './keys.ts';
import { postForm } from './schemas.ts';
import { jurisdictionOf, serviceOf } from './services.ts';

type Form = ReturnType<typeof postForm.parse>;

/** The form as fastify's formbody gives it, checked field by field (400 naming each). */
function parseForm(body: unknown): Form {
  const parsed = postForm.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new Open311Error(
    400,
    parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', reason: i.message })),
  );
}

/** The client of the key, live and of this municipality; 403 otherwise. */
async function clientOfKey(ctx: Context, key: string | undefined, municipalityId: number) {
  if (!key) throw new Open311Error(403, [{ id: 'open311.api_key_missing' }]);
  const client = await findClientByKeyHash(ctx.db, hashApiKey(key));
  if (!client || client.revokedAt) throw new Open311Error(403, [{ id: 'open311.api_key_invalid' }]);
  if (client.municipalityId !== municipalityId) throw new Open311Error(403, [{ id: 'open311.api_key_elsewhere' }]);
  return client;
}

/** The client's own rate: 429 with Retry-After once its requests of the minute are spent. */
async function holdRate(ctx: Context, client: { id: number; requestsPerMinute: number }) {
  const result = await hit(ctx.db, `open311:client:${client.id}`, {
    limit: client.requestsPerMinute,
    windowSeconds: 60,
    now: ctx.clock(),
  });
  if (result.allowed) return;
  const seconds = result.retryAfterSeconds;
  ctx.log.info({ clientId: client.id, retryAfter: seconds }, 'open311 client over its rate');
  throw new Open311Error(429, [{ id: 'open311.rate_limited', params: { seconds } }], {
    'retry-after': String(seconds),
  });
}

const coordinate = (value: string | undefined, field: 'lat' | 'long', min: number, max: number) => {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw badField(field, { id: 'field.expected_number' });
  return n;
};

/** Where the report is: a point, a building of the register by id or by its address. */
async function placeOf(ctx: Context, municipalityId: number, form: Form) {
  const lat = coordinate(form.lat, 'lat', -90, 90);
  const lon = coordinate(form.long, 'long', -180, 180);
  if ((lat === undefined) !== (lon === undefined)) {
    throw badField(lat === undefined ? 'lat' : 'long', { id: 'open311.field.both_coordinates' });
  }
  let buildingId: number | undefined;
  const addressId = form.address_id?.trim();
  if (addressId) {
    const id = /^\d{1,9}$/.test(addressId) ? Number(addressId) : Number.NaN;
    const building = Number.isSafeInteger(id) ? await buildingOfMunicipality(ctx.db, municipalityId, id) : null;
    if (!building) throw badField('address_id', { id: 'open311.field.no_such_building' });
    buildingId = building.id;
  } else if (form.address_string?.trim() && lat === undefined) {
    const query = normaliseAddress(form.address_string);
    const [best] = query ? await searchBuildings(ctx.db, municipalityId, query, 1) : [];
    if (!best) throw badField('address_string', { id: 'open311.field.address_not_found' });
    buildingId = best.id;
  }
  if (buildingId === undefined && lat === undefined) {
    throw badField('lat', { id: 'open311.field.location_required' });
  }
  return { lat, lon, buildingId };
}

const mediaUrlOf = (value: string | undefined) => {
  const url = value?.trim();
  if (!url) return null;
  if (!/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url))
    throw badField('media_url', { id: 'open311.field.media_url' });
  return url;
};

const blankToNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

function submitterOf(form: Form): Submitter | null {
  const s = {
    email: blankToNull(form.email),
    firstName: blankToNull(form.first_name),
    lastName: blankToNull(form.last_name),
    phone: blankToNull(form.phone),
    deviceId: blankToNull(form.device_id),
    accountId: blankToNull(form.account_id),
  };
  return Object.values(s).some((v) => v !== null) ? s : null;
}

/** The idempotency key of this POST: the client's header, or the fingerprint of the report in its minute. */
async function keyOf(ctx: Context, client: { id: number; userId: number }, form: Form, header: string | undefined) {
  if (header) return `open311:key:${header}`;
  const { api_key: _key, ...asked } = form;
  const now = ctx.clock();
  const previous = repeatKey(client.id, asked, now, 1);
  const earlier = await findAppealByIdempotencyKey(ctx.db, client.userId, previous);
  // The same report in the previous minute, less than a minute ago: the repeat of that one.
  if (earlier && now.getTime() - earlier.createdAt.getTime() < REPEAT_WINDOW_SECONDS * 1000) return previous;
  return repeatKey(client.id, asked, now);
}

/** File one Open311 report; the spec's answer (an array of one). */
export async function fileOpen311Request(
  ctx: Context,
  request: { body: unknown; apiKeyInQuery?: string; idempotencyKey?: string },
  env: { lang: Language; reference: ReferenceCache },
) {
  const form = parseForm(request.body);
  const jurisdiction = await jurisdictionOf(ctx, form.jurisdiction_id);
  const client = await clientOfKey(ctx, form.api_key ?? request.apiKeyInQuery, jurisdiction.id);
  await holdRate(ctx, client);
  const category = await serviceOf(ctx, jurisdiction, form.service_code);
  const attributes = attributesOfForm(form);
  const problems = attributeProblems(attributes, serviceAttributes(category));
  if (problems.length > 0) throw new Open311Error(400, problems);
  if (!form.description?.trim()) throw badField('description', { id: 'field.required' });
  const place = await placeOf(ctx, jurisdiction.id, form);
  const mediaUrl = mediaUrlOf(form.media_url);
  const parsed = appealInput.safeParse({
    categoryId: category.id,
    buildingId: place.buildingId,
    lat: place.lat,
    lon: place.lon,
    description: form.description,
    entrance: blankToNull(attributes.entrance as string | undefined) ?? undefined,
    apartment: blankToNull(attributes.apartment as string | undefined) ?? undefined,
  });
  if (!parsed.success) {
    throw new Open311Error(
      400,
      parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), reason: i.message })),
    );
  }
  const idempotencyKey = await keyOf(ctx, client, form, request.idempotencyKey);
  const actor = {
    userId: client.userId,
    role: 'resident' as const,
    municipalityId: jurisdiction.id,
    organisationId: null,
  };
  const filed = await fileAppeal(
    { ...ctx, actor },
    { input: parsed.data, photos: [], idempotencyKey, channel: 'open311' },
    env.reference,
  );
  const token = await recordOpen311Request(
    ctx.db,
    {
      appealId: filed.appeal.id,
      clientId: client.id,
      token: randomBytes(18).toString('base64url'),
      mediaUrl,
      attributes,
      createdAt: ctx.clock(),
    },
    submitterOf(form),
  );
  await touchClient(ctx.db, client.id, ctx.clock());
  ctx.log.info({ appealId: filed.appeal.id, clientId: client.id, replayed: filed.replayed }, 'open311 request filed');
  const answer = {
    service_request_id: filed.appeal.number,
    token,
    service_notice: render({ id: 'open311.service_notice', params: { number: filed.appeal.number } }, env.lang),
    account_id: blankToNull(form.account_id),
  };
  return { answer: [answer], replayed: filed.replayed };
}
