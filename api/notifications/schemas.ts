/** The shapes of the notification settings: a person's preferences and a browser's push subscription. */
import { z } from 'zod';
import { messageRef } from '../../dispatch/messages/index.ts';
import { languages, notificationKinds } from '../../dispatch/notifications.ts';

const channelSwitches = z
  .object({ sms: z.boolean(), email: z.boolean(), push: z.boolean() })
  .meta({ id: 'NotificationChannels', description: 'Каналы, вкл./выкл. / Channels on or off' });

export const preferencesSchema = z
  .object({
    language: z.enum(languages).describe('Язык сообщений / Language of messages'),
    kinds: z.array(z.object({ kind: z.enum(notificationKinds), channels: channelSwitches })),
    contacts: z
      .object({ sms: z.boolean(), email: z.boolean(), push: z.number().int() })
      .describe('Which channels can reach you: a phone, an e-mail, how many browsers subscribed to push'),
  })
  .meta({ id: 'NotificationPreferences' });

export const preferencesInput = z
  .object({
    language: z.enum(languages, { error: messageRef('notification.field.language') }).optional(),
    kinds: z
      .array(
        z.object({
          kind: z.enum(notificationKinds, { error: messageRef('notification.field.kind_unknown') }),
          channels: z
            .object({ sms: z.boolean().optional(), email: z.boolean().optional(), push: z.boolean().optional() })
            .strict(),
        }),
      )
      .max(notificationKinds.length * 2, messageRef('notification.field.too_many_kinds'))
      .optional(),
  })
  .strict();

// Browsers' push services are https; http is accepted for this machine only (development, tests).
const pushEndpoint = z
  .url({ protocol: /^https?$/, error: messageRef('notification.field.https_url') })
  .max(2048, messageRef('notification.field.url_too_long'))
  .refine(
    (u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u),
    messageRef('notification.field.https_url'),
  )
  .meta({ pattern: '^(?:https://|http://(?:127\\.0\\.0\\.1|localhost|\\[::1\\])(?::[0-9]+)?/)' });
// The field's path (keys.p256dh) names the key, so the reasons need not.
// The document's pattern holds the length too (at most two '=' of padding past `min` to `max - 2` characters),
// so that a client generating from it stays within both.
const base64url = (min: number, max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, messageRef('notification.field.base64url'))
    .min(min, messageRef('field.too_short_min', { min }))
    .max(max, messageRef('field.too_long_max', { max }))
    .meta({ pattern: `^[A-Za-z0-9_-]{${min},${max - 2}}={0,2}$` });

export const subscriptionInput = z.object({
  endpoint: pushEndpoint,
  // P-256 public key (65 bytes) and auth secret (16 bytes), as a browser's PushSubscription.toJSON() gives them.
  keys: z.object({ p256dh: base64url(86, 90), auth: base64url(22, 24) }),
});

export const unsubscribeInput = z.object({ endpoint: z.string().max(2048) });
