/**
 * A person's notification settings: which channels each kind of message uses, the language they
 * are written in, and the browsers subscribed to web push.
 */
import type { z } from 'zod';
import { getPersonal } from '../../db/queries/appeals.ts';
import {
  countPushSubscriptions,
  deletePushSubscription,
  getLanguage,
  listPreferenceOverrides,
  savePreferenceOverrides,
  savePushSubscription,
  setLanguage,
} from '../../db/queries/notifications.ts';
import { channels, effectivePreferences, kindsFor, type PreferenceOverride } from '../../dispatch/notifications.ts';
import { type Context, inTransaction } from '../context.ts';
import { NotFound, Unprocessable } from '../errors.ts';
import type { preferencesInput, preferencesSchema, subscriptionInput } from './schemas.ts';

/** The signed-in person acting (the route's access declaration lets no visitor through). */
const personOf = (ctx: Context) => ctx.actor!;

/** The preferences page's view: every kind the person can receive, defaults with their choices. */
export async function showNotificationPreferences(ctx: Context): Promise<z.infer<typeof preferencesSchema>> {
  const actor = personOf(ctx);
  const [overrides, language, personal, pushCount] = await Promise.all([
    listPreferenceOverrides(ctx.db, actor.userId),
    getLanguage(ctx.db, actor.userId),
    getPersonal(ctx.db, actor.userId),
    countPushSubscriptions(ctx.db, actor.userId),
  ]);
  const effective = effectivePreferences(actor.role, overrides);
  return {
    language,
    kinds: kindsFor(actor.role).map((kind) => ({ kind, channels: effective[kind] })),
    contacts: { sms: Boolean(personal?.phone), email: Boolean(personal?.email), push: pushCount },
  };
}

/** Change the kinds and channels given (and the language); answers the whole new view. */
export async function changeNotificationPreferences(
  ctx: Context,
  input: z.infer<typeof preferencesInput>,
): Promise<z.infer<typeof preferencesSchema>> {
  const actor = personOf(ctx);
  const allowed = kindsFor(actor.role);
  const overrides = new Map<string, PreferenceOverride>();
  for (const [i, entry] of (input.kinds ?? []).entries()) {
    if (!allowed.includes(entry.kind)) {
      throw new Unprocessable({ id: 'notification.kind_not_received' }, [
        {
          field: `body.kinds.${i}.kind`,
          reason: { id: 'notification.kinds_available', params: { kinds: allowed.join(', ') || '—' } },
        },
      ]);
    }
    for (const channel of channels) {
      const enabled = entry.channels[channel];
      // The same kind twice in one body: the later entry wins (one row per kind and channel).
      if (enabled !== undefined) overrides.set(`${entry.kind}:${channel}`, { kind: entry.kind, channel, enabled });
    }
  }
  await inTransaction(ctx, async (tx) => {
    await savePreferenceOverrides(tx.db, actor.userId, [...overrides.values()], tx.clock());
    if (input.language) await setLanguage(tx.db, actor.userId, input.language);
  });
  return showNotificationPreferences(ctx);
}

/** Subscribe a browser to push; an endpoint registered again moves to this person. */
export async function subscribeToPush(ctx: Context, subscription: z.infer<typeof subscriptionInput>): Promise<void> {
  await savePushSubscription(ctx.db, {
    userId: personOf(ctx).userId,
    endpoint: subscription.endpoint,
    p256dh: subscription.keys.p256dh,
    auth: subscription.keys.auth,
    now: ctx.clock(),
  });
}

/** Unsubscribe one of the person's browsers from push. */
export async function unsubscribeFromPush(ctx: Context, endpoint: string): Promise<void> {
  if (!(await deletePushSubscription(ctx.db, personOf(ctx).userId, endpoint))) throw new NotFound('subscription');
}
