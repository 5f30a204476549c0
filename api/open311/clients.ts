/**
 * The admin's Open311 clients: the list of the municipality's, a new one (its key shown once, only
 * its hash kept), one client, and revoking its key with a reason (at once: the next POST is 403).
 */
import { getClient, insertClient, listClients, revokeClient, type ClientRow } from '../../db/queries/open311.ts';
import { can } from '../../dispatch/permissions.ts';
import { authorizeActor, type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, HttpProblem } from '../errors.ts';
import { newApiKey } from './keys.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function clientView(c: ClientRow) {
  return {
    id: c.id,
    name: c.name,
    contact: c.contact,
    keyPrefix: c.keyPrefix,
    requestsPerMinute: c.requestsPerMinute,
    createdAt: c.createdAt.toISOString(),
    revokedAt: iso(c.revokedAt),
    revokeReason: c.revokeReason,
    lastUsedAt: iso(c.lastUsedAt),
    requests: c.requests,
  };
}

const notFound = () => new HttpProblem(404, 'not-found', { id: 'api_client.not_found' });

export async function listApiClients(ctx: Context) {
  const actor = signedInActor(ctx);
  authorizeActor(ctx, 'admin.api_clients', { municipalityId: actor.municipalityId });
  return { items: (await listClients(ctx.db, actor.municipalityId)).map(clientView) };
}

/** A client of the admin's municipality, or 404 (another city's does not exist for them). */
async function ownClient(ctx: Context, id: number) {
  const client = await getClient(ctx.db, id);
  if (!client || !can(ctx.actor, 'admin.api_clients', { municipalityId: client.municipalityId })) throw notFound();
  return client;
}

export async function showApiClient(ctx: Context, id: number) {
  return clientView(await ownClient(ctx, id));
}

export type NewClient = { name: string; contact?: string | null; requestsPerMinute: number };

/** A new client with its service account; the key is in this answer and nowhere else. */
export async function createApiClient(ctx: Context, input: NewClient) {
  const actor = signedInActor(ctx);
  authorizeActor(ctx, 'admin.api_clients', { municipalityId: actor.municipalityId });
  const { key, prefix, hash } = newApiKey();
  const id = await inTransaction(ctx, (tx) =>
    insertClient(tx.db, {
      municipalityId: actor.municipalityId,
      name: input.name,
      contact: input.contact ?? null,
      requestsPerMinute: input.requestsPerMinute,
      keyPrefix: prefix,
      keyHash: hash,
      createdBy: actor.userId,
      now: ctx.clock(),
    }),
  );
  ctx.log.info({ clientId: id }, 'open311 client created');
  return { client: clientView((await getClient(ctx.db, id))!), key };
}

/** Revoke a client's key with the reason; 409 when it is revoked already. */
export async function revokeApiClient(ctx: Context, id: number, reason: string) {
  const actor = signedInActor(ctx);
  await ownClient(ctx, id);
  const done = await revokeClient(ctx.db, id, actor.userId, reason, ctx.clock());
  if (!done) throw new Conflict({ id: 'api_client.already_revoked' });
  ctx.log.info({ clientId: id }, 'open311 client revoked');
  return clientView((await getClient(ctx.db, id))!);
}
